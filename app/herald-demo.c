/* herald-demo.c — the first-run sample data
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-demo"

#include "config.h"

#include "herald-demo.h"
#include "herald-engine.h"
#include "herald-import.h"
#include "herald-templates.h"

static char *
dup_sample_text (const char  *name,
                 GError     **error)
{
  g_autoptr(GBytes) bytes = herald_engine_dup_sample (name, error);

  if (bytes == NULL)
    return NULL;
  return g_strstrip (g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
}

/**
 * herald_demo_load:
 *
 * Adds the embedded sample list and newsletter and makes sure the Outbox
 * account exists (with its example unsubscribe link, which the sample's
 * footer shows). Loading twice leaves one copy of each.
 */
gboolean
herald_demo_load (HeraldStore  *store,
                  GError      **error)
{
  g_autoptr(GBytes) csv = herald_engine_dup_sample ("customers.csv", error);
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *html = NULL;
  HeraldImportSummary summary = { 0 };
  HeraldImportOptions options = { .encoding = "utf-8", .delimiter = "," };
  HeraldTemplateRecord record = { 0 };
  gboolean ok;

  if (csv == NULL ||
      (subject = dup_sample_text ("newsletter.subject.txt", error)) == NULL ||
      (html = dup_sample_text ("newsletter.html", error)) == NULL ||
      !herald_store_ensure_outbox (store, error))
    return FALSE;

  stream = g_memory_input_stream_new_from_bytes (csv);
  ok = herald_import_stream (store, HERALD_DEMO_LIST, stream, &options, &summary, NULL, error);
  herald_import_summary_clear (&summary);
  if (!ok)
    return FALSE;

  record.name = (char *) HERALD_DEMO_TEMPLATE;
  record.subject = subject;
  record.html = html;
  return herald_templates_save (store, &record, error) > 0;
}
