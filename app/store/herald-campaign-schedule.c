/* herald-campaign-schedule.c — scheduled campaigns in the store: which
 * are due, and what the user decided for one whose time passed
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What is due and what a late campaign does is decided in
 * app/send/herald-due.c; this file only reads and writes the rows.
 */
#define G_LOG_DOMAIN "herald-campaign"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-campaign.h"
#include "herald-store-private.h"

static const char * const if_late_names[] = { "ask", "send", "skip" };

/**
 * herald_if_late_to_string:
 *
 * Returns: "ask", "send" or "skip"
 */
const char *
herald_if_late_to_string (HeraldIfLate if_late)
{
  g_return_val_if_fail (if_late <= HERALD_IF_LATE_SKIP, NULL);
  return if_late_names[if_late];
}

/**
 * herald_if_late_from_string:
 * @text: (nullable): "send", "skip", "ask"; %NULL is "ask"
 *
 * Returns: whether @text names a rule (@out_if_late is ASK when not)
 */
gboolean
herald_if_late_from_string (const char   *text,
                            HeraldIfLate *out_if_late)
{
  *out_if_late = HERALD_IF_LATE_ASK;
  if (text == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (if_late_names); i++)
    if (g_str_equal (text, if_late_names[i]))
      {
        *out_if_late = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * herald_campaign_list_due:
 * @now: the engine's clock (herald_now_seconds())
 *
 * Returns: (transfer full) (element-type HeraldCampaignInfo): the
 *   scheduled campaigns whose time has come (late ones included, skipped
 *   ones not), and the scheduled campaigns that started sending and have
 *   deliveries left (stopped by quiet hours, a limit or a crash), the
 *   earliest first
 */
GPtrArray *
herald_campaign_list_due (HeraldStore  *store,
                          gint64        now,
                          GError      **error)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_campaign_info_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT id FROM campaigns WHERE scheduled_at IS NOT NULL AND late_skipped_at IS NULL AND"
      " ((state = 'scheduled' AND scheduled_at <= ?1) OR"
      "  (state = 'sending' AND EXISTS (SELECT 1 FROM deliveries d WHERE d.campaign_id = campaigns.id"
      "                                 AND d.state IN ('queued','deferred','sending'))))"
      " ORDER BY scheduled_at, id",
      error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      return NULL;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      HeraldCampaignInfo *info = herald_campaign_get (store, g_array_index (ids, gint64, i), error);

      if (info == NULL)
        return NULL;
      g_ptr_array_add (due, info);
    }
  return g_steal_pointer (&due);
}

static gboolean
not_scheduled (HeraldStore  *store,
               gint64        campaign_id,
               GError      **error)
{
  g_autoptr(HeraldCampaignInfo) info = herald_campaign_get (store, campaign_id, error);

  if (info != NULL)
    g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_STATE,
                 _("The campaign “%s” is not waiting for its time (it is %s), so there is nothing to decide."),
                 info->name, herald_campaign_state_to_string (info->state));
  return FALSE;
}

/**
 * herald_campaign_skip_late:
 *
 * A scheduled campaign whose time passed is not sent by itself: it
 * becomes a draft that remembers when it was skipped, with its schedule
 * and every delivery kept, for the user to send by hand.
 */
gboolean
herald_campaign_skip_late (HeraldStore  *store,
                           gint64        campaign_id,
                           gint64        now,
                           GError      **error)
{
  guint64 changed = 0;

  if (!herald_store_run_sql (store,
                             "UPDATE campaigns SET state = 'draft', late_skipped_at = ?2"
                             " WHERE id = ?1 AND state = 'scheduled'",
                             &changed, error, 2, campaign_id, now))
    return FALSE;
  return changed == 1 || not_scheduled (store, campaign_id, error);
}

/**
 * herald_campaign_set_if_late:
 *
 * Sets what a scheduled campaign does when it is late (the user's answer
 * to the window's question, or a rule set after creating it).
 */
gboolean
herald_campaign_set_if_late (HeraldStore   *store,
                             gint64         campaign_id,
                             HeraldIfLate   if_late,
                             GError       **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "UPDATE campaigns SET if_late = ?2 WHERE id = ?1 AND state = 'scheduled'", error);
  guint64 changed = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, campaign_id);
  if (if_late != HERALD_IF_LATE_ASK)
    sqlite3_bind_text (stmt, 2, herald_if_late_to_string (if_late), -1, SQLITE_STATIC);
  if (!herald_store_finish (store, stmt, sqlite3_step (stmt), &changed, error))
    return FALSE;
  return changed == 1 || not_scheduled (store, campaign_id, error);
}

/**
 * herald_campaign_count_pending_due:
 * @now: the engine's clock
 * @grace: how late a scheduled campaign without a rule may start
 *   (HERALD_DUE_GRACE_SECONDS)
 * @out_n: (out): how many
 *
 * Counts the work a run of due work will still do by itself, without the
 * user: scheduled campaigns not sent yet that will go (not yet due, due
 * within @grace, or late with the rule "send"), scheduled campaigns that
 * started and have deliveries left, and the messages of sequence steps
 * made and not yet sent (held by quiet hours or a limit). Late campaigns
 * waiting for the user's decision, or skipped, and steps paused by a
 * fault (a refused sign-in: the user must act) do not count.
 */
gboolean
herald_campaign_count_pending_due (HeraldStore  *store,
                                   gint64        now,
                                   gint64        grace,
                                   guint64      *out_n,
                                   GError      **error)
{
  gint64 n = 0;

  if (!herald_store_query_int64 (store,
        "SELECT (SELECT count(*) FROM campaigns WHERE scheduled_at IS NOT NULL AND late_skipped_at IS NULL AND"
        "  ((state = 'scheduled' AND (scheduled_at >= ?1 - ?2 OR if_late = 'send')) OR"
        "   (state = 'sending' AND EXISTS (SELECT 1 FROM deliveries d WHERE d.campaign_id = campaigns.id"
        "                                  AND d.state IN ('queued','deferred','sending')))))"
        " + (SELECT count(*) FROM deliveries d JOIN sequence_steps s ON s.campaign_id = d.campaign_id"
        "    JOIN campaigns c ON c.id = d.campaign_id"
        "    WHERE d.state IN ('queued','deferred','sending') AND c.state NOT IN ('paused','cancelled'))",
        0, &n, error, 2, now, grace))
    return FALSE;
  *out_n = (guint64) n;
  return TRUE;
}
