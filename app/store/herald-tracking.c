/* herald-tracking.c — a campaign's own tracking addresses and each
 * delivery's token
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A campaign made with the user's click or open address
 * (herald-tracking-url.h) keeps both, and each of its deliveries gets a
 * random token of 96 bits (SQLite's randomblob(), from the system's
 * randomness) when the campaign is made: the same in every attempt of
 * that delivery, nothing of the address in it. What the user's server
 * logged is matched back to the delivery by it
 * (herald-tracking-import.c) and kept as an open or a click in
 * delivery_events, where the report counts it (herald-engagement.c).
 */
#define G_LOG_DOMAIN "herald-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-store-private.h"
#include "herald-tracking.h"
#include "herald-tracking-url.h"

/**
 * herald_tracking_store:
 * @click_pattern: (nullable): the click address, with {url} and {token}
 * @open_pattern: (nullable): the open pixel's address, with {token}
 *
 * Keeps a new campaign's tracking addresses and gives each of its
 * deliveries a token; nothing when both are %NULL. Run in the
 * transaction that makes the campaign.
 */
gboolean
herald_tracking_store (HeraldStore  *store,
                       gint64        campaign_id,
                       const char   *click_pattern,
                       const char   *open_pattern,
                       GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (click_pattern == NULL && open_pattern == NULL)
    return TRUE;
  if ((click_pattern != NULL && !herald_tracking_check_pattern (click_pattern, HERALD_TRACKING_CLICK, error)) ||
      (open_pattern != NULL && !herald_tracking_check_pattern (open_pattern, HERALD_TRACKING_OPEN, error)))
    return FALSE;
  stmt = herald_store_prepare (store, "UPDATE campaigns SET track_click = ?2, track_open = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, campaign_id);
  herald_store_bind_text_or_null (stmt, 2, click_pattern);
  herald_store_bind_text_or_null (stmt, 3, open_pattern);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return herald_store_set_error (store, rc, error);
  return herald_store_run_sql (store,
      "UPDATE deliveries SET track_token = lower (hex (randomblob (12))) WHERE campaign_id = ?1",
      NULL, error, 1, campaign_id);
}

/**
 * herald_tracking_get:
 * @out_click: (out) (transfer full) (nullable): the click address, or %NULL
 * @out_open: (out) (transfer full) (nullable): the open address, or %NULL
 */
gboolean
herald_tracking_get (HeraldStore  *store,
                     gint64        campaign_id,
                     char        **out_click,
                     char        **out_open,
                     GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare_with_id (store,
      "SELECT track_click, track_open FROM campaigns WHERE id = ?1", campaign_id, error);
  int rc;

  *out_click = *out_open = NULL;
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_click = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *out_open = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  return herald_store_finish_read (store, stmt, rc, error);
}

/**
 * herald_tracking_find_delivery:
 *
 * Returns: the campaign's delivery with @token, 0 when none has it, -1
 *   with @error set
 */
gint64
herald_tracking_find_delivery (HeraldStore  *store,
                               gint64        campaign_id,
                               const char   *token,
                               GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT id FROM deliveries WHERE track_token = ?1 AND campaign_id = ?2", error);
  gint64 id = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, token, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, campaign_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    id = 0;
  else
    herald_store_set_error (store, rc, error);
  sqlite3_finalize (stmt);
  return id;
}
