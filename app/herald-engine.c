/* herald-engine.c — process-wide set-up of the engine
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-engine"

#include "config.h"

#include <curl/curl.h>
#include <gmime/gmime.h>
#include <glib/gi18n-lib.h>

#include "herald-engine.h"
#include "herald-engine-resources.h"

static gpointer
init_once (gpointer data)
{
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_resources_register (herald_engine_get_resource ());
  g_mime_init ();
  curl_global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

/**
 * herald_engine_init:
 *
 * Sets up gettext, GMime and libcurl once per process. Call it from main()
 * before any thread starts; calling it again does nothing.
 */
void
herald_engine_init (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_once, NULL);
}

/**
 * herald_engine_dup_sample:
 * @name: a file in data/samples/, e.g. "customers.csv"
 *
 * Returns: (transfer full) (nullable): the embedded sample file's bytes
 */
GBytes *
herald_engine_dup_sample (const char  *name,
                          GError     **error)
{
  g_autofree char *path = g_strdup_printf ("/io/github/heraldmail/Herald/samples/%s", name);

  return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}
