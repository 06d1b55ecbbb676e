/* herald-campaign-state.c — every change of a campaign's state (start,
 * finish, pause, cancel) and the user's decisions on deliveries whose fate
 * is unknown or that failed (resend, skip)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each is one short statement or transaction on the caller's connection;
 * a sender in any process notices within a second (herald-sender.c).
 */
#define G_LOG_DOMAIN "herald-campaign"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-base.h"
#include "herald-campaign.h"
#include "herald-store-private.h"

typedef enum { REFUSE_PAUSE, REFUSE_CANCEL, REFUSE_RESEND } Refusal;

static gboolean
state_error (HeraldStore  *store,
             gint64        campaign_id,
             Refusal       refusal,
             GError      **error)
{
  g_autoptr(HeraldCampaignInfo) info = herald_campaign_get (store, campaign_id, error);
  const char *state;

  if (info == NULL)
    return FALSE;
  state = herald_campaign_state_to_string (info->state);
  switch (refusal)
    {
    case REFUSE_PAUSE:
      g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_STATE,
                   _("The campaign “%s” is not sending (it is %s), so it cannot be paused."),
                   info->name, state);
      break;
    case REFUSE_CANCEL:
      g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_STATE,
                   _("The campaign “%s” cannot be cancelled: it is %s."), info->name, state);
      break;
    case REFUSE_RESEND:
    default:
      g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_STATE,
                   _("The campaign “%s” is %s: nothing in it can be sent again."), info->name, state);
      break;
    }
  return FALSE;
}

/**
 * herald_campaign_begin_sending:
 *
 * A sender starts: a draft, scheduled, paused, interrupted or finished
 * campaign becomes 'sending' (a cancelled one stays as it is).
 */
gboolean
herald_campaign_begin_sending (HeraldStore  *store,
                               gint64        campaign_id,
                               GError      **error)
{
  return herald_store_run_sql (store,
      "UPDATE campaigns SET state = 'sending', pause_reason = NULL,"
      "  started_at = coalesce(started_at, ?2), finished_at = NULL"
      " WHERE id = ?1 AND state IN ('draft','scheduled','sending','paused','done')",
      NULL, error, 2, campaign_id, herald_now_seconds ());
}

/**
 * herald_campaign_finish_if_complete:
 *
 * A sending campaign with nothing left to send (queued, deferred or
 * sending) becomes 'done'.
 */
gboolean
herald_campaign_finish_if_complete (HeraldStore  *store,
                                    gint64        campaign_id,
                                    GError      **error)
{
  return herald_store_run_sql (store,
      "UPDATE campaigns SET state = 'done', finished_at = ?2"
      " WHERE id = ?1 AND state = 'sending' AND NOT EXISTS"
      "  (SELECT 1 FROM deliveries WHERE campaign_id = ?1"
      "   AND state IN ('queued','deferred','sending'))",
      NULL, error, 2, campaign_id, herald_now_seconds ());
}

/**
 * herald_campaign_pause:
 * @reason: (nullable): why, for people; %NULL when the user paused it
 *
 * Pauses a sending campaign. Senders in any process notice within a
 * second, finish the message on the wire and stop. Pausing a paused
 * campaign does nothing. With a @reason (a campaign-wide fault found by a
 * sender) a draft is paused too: a campaign that could not start says why.
 */
gboolean
herald_campaign_pause (HeraldStore  *store,
                       gint64        campaign_id,
                       const char   *reason,
                       GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "UPDATE campaigns SET state = 'paused', pause_reason = ?2"
      " WHERE id = ?1 AND (state IN ('sending','scheduled') OR (?2 IS NOT NULL AND state = 'draft'))",
      error);
  g_autoptr(HeraldCampaignInfo) info = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, campaign_id);
  sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return herald_store_set_error (store, rc, error);
  if (sqlite3_changes (herald_store_get_db (store)) > 0)
    return TRUE;

  info = herald_campaign_get (store, campaign_id, error);
  if (info == NULL)
    return FALSE;
  if (info->state == HERALD_CAMPAIGN_PAUSED)
    return TRUE;
  return state_error (store, campaign_id, REFUSE_PAUSE, error);
}

/**
 * herald_campaign_cancel:
 *
 * Stops a campaign for good: deliveries not yet sent become `skipped`.
 * A message on the wire at that moment still completes.
 */
gboolean
herald_campaign_cancel (HeraldStore  *store,
                        gint64        campaign_id,
                        GError      **error)
{
  guint64 changed = 0;
  gint64 now = herald_now_seconds ();

  if (!herald_store_begin (store, error))
    return FALSE;
  if (!herald_store_run_sql (store,
                "UPDATE campaigns SET state = 'cancelled', finished_at = ?2"
                " WHERE id = ?1 AND state IN ('draft','scheduled','sending','paused')",
                &changed, error, 2, campaign_id, now) ||
      (changed > 0 &&
       !herald_store_run_sql (store,
                 "UPDATE deliveries SET state = 'skipped', updated_at = ?2, claimed_by = NULL"
                 " WHERE campaign_id = ?1 AND state IN ('queued','deferred')",
                 NULL, error, 2, campaign_id, now)))
    {
      herald_store_rollback (store);
      return FALSE;
    }
  if (!herald_store_commit (store, error))
    {
      herald_store_rollback (store);
      return FALSE;
    }
  if (changed == 0)
    return state_error (store, campaign_id, REFUSE_CANCEL, error);
  return TRUE;
}

/* After deliveries were queued again or skipped: a finished campaign with
 * work again is paused (the user sends it on); a campaign with nothing
 * left that no sender is working on is done. */
static gboolean
settle_state (HeraldStore  *store,
              gint64        campaign_id,
              GError      **error)
{
  gint64 left, now = herald_now_seconds ();

  if (!herald_store_query_int64 (store,
                    "SELECT count(*) FROM deliveries WHERE campaign_id = ?1"
                    " AND state IN ('queued','deferred','sending')",
                    0, &left, error, 1, campaign_id))
    return FALSE;
  if (left > 0)
    return herald_store_run_sql (store,
                    "UPDATE campaigns SET state = 'paused', pause_reason = NULL, finished_at = NULL"
                    " WHERE id = ?1 AND state = 'done'",
                    NULL, error, 1, campaign_id);
  return herald_store_run_sql (store,
                  "UPDATE campaigns SET state = 'done', finished_at = ?2"
                  " WHERE id = ?1 AND state IN ('sending','paused')"
                  "   AND NOT EXISTS (SELECT 1 FROM sender_leases WHERE campaign_id = ?1)",
                  NULL, error, 2, campaign_id, now);
}

typedef enum { CHANGE_RESEND, CHANGE_SKIP } Change;

static const char *
change_sql (Change change,
            gboolean by_state)
{
  /* A re-send keeps its Message-ID and its attempts; the time it gives up
   * after counts from the new first try. */
  if (change == CHANGE_RESEND)
    return by_state
      ? "UPDATE deliveries SET state = 'queued', next_attempt_at = 0, first_attempt_at = NULL,"
        "   claimed_by = NULL, updated_at = ?2"
        " WHERE campaign_id = ?1 AND state = ?3 AND state IN ('uncertain','failed','skipped','deferred')"
      : "UPDATE deliveries SET state = 'queued', next_attempt_at = 0, first_attempt_at = NULL,"
        "   claimed_by = NULL, updated_at = ?2"
        " WHERE campaign_id = ?1 AND id = ?3 AND state IN ('uncertain','failed','skipped','deferred')";
  return by_state
    ? "UPDATE deliveries SET state = 'skipped', claimed_by = NULL, updated_at = ?2"
      " WHERE campaign_id = ?1 AND state = ?3 AND state IN ('uncertain','queued','deferred')"
    : "UPDATE deliveries SET state = 'skipped', claimed_by = NULL, updated_at = ?2"
      " WHERE campaign_id = ?1 AND id = ?3 AND state IN ('uncertain','queued','deferred')";
}

static gboolean
change_deliveries (HeraldStore   *store,
                   gint64         campaign_id,
                   Change         change,
                   const gint64  *ids,
                   gsize          n_ids,
                   int            state,
                   guint64       *out_n_changed,
                   GError       **error)
{
  g_autoptr(HeraldCampaignInfo) info = herald_campaign_get (store, campaign_id, error);
  sqlite3_stmt *stmt;
  guint64 total = 0;
  gint64 now = herald_now_seconds ();
  int rc = SQLITE_DONE;

  if (info == NULL)
    return FALSE;
  if (info->state == HERALD_CAMPAIGN_CANCELLED && change == CHANGE_RESEND)
    return state_error (store, campaign_id, REFUSE_RESEND, error);

  if (!herald_store_begin (store, error))
    return FALSE;
  stmt = herald_store_prepare (store, change_sql (change, state >= 0), error);
  if (stmt == NULL)
    {
      herald_store_rollback (store);
      return FALSE;
    }
  for (gsize i = 0; i < (state >= 0 ? 1 : n_ids) && rc == SQLITE_DONE; i++)
    {
      sqlite3_bind_int64 (stmt, 1, campaign_id);
      sqlite3_bind_int64 (stmt, 2, now);
      if (state >= 0)
        sqlite3_bind_text (stmt, 3, herald_delivery_state_to_string (state), -1, SQLITE_STATIC);
      else
        sqlite3_bind_int64 (stmt, 3, ids[i]);
      rc = sqlite3_step (stmt);
      total += sqlite3_changes (herald_store_get_db (store));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      herald_store_rollback (store);
      return FALSE;
    }
  if (!settle_state (store, campaign_id, error) || !herald_store_commit (store, error))
    {
      herald_store_rollback (store);
      return FALSE;
    }
  if (out_n_changed != NULL)
    *out_n_changed = total;
  return TRUE;
}

/**
 * herald_campaign_resend:
 * @delivery_ids: (array length=n_ids): deliveries of @campaign_id
 * @out_n_changed: (out) (optional): how many were queued again
 *
 * The user's choice for uncertain or failed deliveries: queue them again,
 * with the same Message-ID. Only uncertain, failed, skipped and deferred
 * deliveries move; others are left as they are. A finished campaign
 * becomes paused: send it to deliver them.
 */
gboolean
herald_campaign_resend (HeraldStore   *store,
                        gint64         campaign_id,
                        const gint64  *delivery_ids,
                        gsize          n_ids,
                        guint64       *out_n_changed,
                        GError       **error)
{
  return change_deliveries (store, campaign_id, CHANGE_RESEND, delivery_ids, n_ids, -1, out_n_changed, error);
}

/**
 * herald_campaign_skip:
 * @delivery_ids: (array length=n_ids): deliveries of @campaign_id
 * @out_n_changed: (out) (optional): how many were skipped
 *
 * The other choice: never send these (uncertain, queued or deferred ones).
 */
gboolean
herald_campaign_skip (HeraldStore   *store,
                      gint64         campaign_id,
                      const gint64  *delivery_ids,
                      gsize          n_ids,
                      guint64       *out_n_changed,
                      GError       **error)
{
  return change_deliveries (store, campaign_id, CHANGE_SKIP, delivery_ids, n_ids, -1, out_n_changed, error);
}

/**
 * herald_campaign_resend_all:
 *
 * herald_campaign_resend() for every delivery in @state.
 */
gboolean
herald_campaign_resend_all (HeraldStore          *store,
                            gint64                campaign_id,
                            HeraldDeliveryState   state,
                            guint64              *out_n_changed,
                            GError              **error)
{
  return change_deliveries (store, campaign_id, CHANGE_RESEND, NULL, 0, state, out_n_changed, error);
}

/**
 * herald_campaign_skip_all:
 *
 * herald_campaign_skip() for every delivery in @state.
 */
gboolean
herald_campaign_skip_all (HeraldStore          *store,
                          gint64                campaign_id,
                          HeraldDeliveryState   state,
                          guint64              *out_n_changed,
                          GError              **error)
{
  return change_deliveries (store, campaign_id, CHANGE_SKIP, NULL, 0, state, out_n_changed, error);
}
