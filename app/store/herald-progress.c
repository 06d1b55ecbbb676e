/* herald-progress.c — how far the user is on the first steps
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's getting-started guide shows three steps: a list of one's
 * own, a newsletter of one's own, a campaign sent. The sample list and
 * template of the first run do not count.
 */
#define G_LOG_DOMAIN "herald-store"

#include "config.h"

#include <string.h>

#include "herald-progress.h"
#include "herald-store-private.h"

static gboolean
newest (HeraldStore  *store,
        const char   *sql,
        const char   *sample,
        char        **out,
        GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sample, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return herald_store_finish_read (store, stmt, rc, error);
}

/**
 * herald_store_get_progress:
 * @sample_list: the first run's sample list, which does not count
 * @sample_template: its sample template, likewise
 * @out: (out caller-allocates): filled in; clear it with herald_progress_clear()
 */
gboolean
herald_store_get_progress (HeraldStore    *store,
                           const char     *sample_list,
                           const char     *sample_template,
                           HeraldProgress *out,
                           GError        **error)
{
  gint64 started = 0;

  memset (out, 0, sizeof *out);
  if (!newest (store, "SELECT name FROM lists WHERE deleted_name IS NULL AND name != ?1 ORDER BY id DESC LIMIT 1",
               sample_list, &out->newest_list, error) ||
      !newest (store, "SELECT name FROM templates WHERE deleted_name IS NULL AND name != ?1 ORDER BY id DESC LIMIT 1",
               sample_template, &out->newest_template, error) ||
      !herald_store_query_int64 (store, "SELECT count(*) FROM campaigns WHERE started_at IS NOT NULL",
                                 0, &started, error, 0))
    {
      herald_progress_clear (out);
      return FALSE;
    }
  out->has_list = out->newest_list != NULL;
  out->has_template = out->newest_template != NULL;
  out->has_sent = started > 0;
  return TRUE;
}

void
herald_progress_clear (HeraldProgress *progress)
{
  g_clear_pointer (&progress->newest_list, g_free);
  g_clear_pointer (&progress->newest_template, g_free);
}
