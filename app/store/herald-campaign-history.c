/* herald-campaign-history.c — what a new campaign repeats, and dropping a
 * draft the user decided not to send
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Before a campaign goes out, the window tells the user when the same
 * newsletter (template) already went to the same list: how many of this
 * campaign's recipients already got it, and when. A campaign created only
 * to be confirmed, then not confirmed, is removed again, so no draft the
 * user never wanted stays behind.
 */
#define G_LOG_DOMAIN "herald-campaign"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-base.h"
#include "herald-campaign.h"
#include "herald-store-private.h"

/* The messages of campaign ?1's recipients (cd) that an earlier campaign
 * of the same template and list really sent (p) through an account that
 * sends. */
#define REPEAT_FROM_SQL \
  " FROM campaigns cur" \
  " JOIN campaigns prev ON prev.template_id = cur.template_id" \
  "  AND prev.list_id = cur.list_id AND prev.id <> cur.id" \
  " JOIN accounts a ON a.id = prev.account_id AND a.kind <> 'outbox'" \
  " JOIN deliveries p ON p.campaign_id = prev.id AND p.state = 'sent'" \
  " JOIN deliveries cd ON cd.campaign_id = cur.id AND cd.email = p.email" \
  " WHERE cur.id = ?1"

/**
 * herald_campaign_find_repeat:
 * @out_n_people: (out): how many of @campaign_id's recipients already got
 *   a message from an earlier campaign of the same template and list
 * @out_last_sent_at: (out): when the last of those messages went (Unix
 *   seconds), 0 when none did
 *
 * Counts only messages really sent (`sent`) through an account that sends
 * (the Outbox writes to a folder: nobody received those).
 */
gboolean
herald_campaign_find_repeat (HeraldStore  *store,
                             gint64        campaign_id,
                             gint64       *out_n_people,
                             gint64       *out_last_sent_at,
                             GError      **error)
{
  g_return_val_if_fail (out_n_people != NULL && out_last_sent_at != NULL, FALSE);

  return herald_store_query_int64 (store,
                                   "SELECT COUNT(DISTINCT cd.email)"
                                   REPEAT_FROM_SQL,
                                   0, out_n_people, error, 1, campaign_id) &&
         herald_store_query_int64 (store,
                                   "SELECT IFNULL(MAX(p.sent_at), 0)"
                                   REPEAT_FROM_SQL,
                                   0, out_last_sent_at, error, 1, campaign_id);
}

/**
 * herald_campaign_discard_draft:
 *
 * Removes a campaign that is still a draft (or waits for its time), never started and not a
 * sequence's step, with its deliveries: nothing of it was sent, so no
 * history is lost. Anything else is refused with
 * %HERALD_CAMPAIGN_ERROR_STATE.
 */
gboolean
herald_campaign_discard_draft (HeraldStore  *store,
                               gint64        campaign_id,
                               GError      **error)
{
  guint64 changed = 0;

  if (!herald_store_run_sql (store,
                             "DELETE FROM campaigns WHERE id = ?1 AND state IN ('draft','scheduled') AND started_at IS NULL"
                             " AND NOT EXISTS (SELECT 1 FROM sequence_steps s WHERE s.campaign_id = ?1)"
                             " AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.campaign_id = ?1"
                             "                 AND d.state NOT IN ('queued','skipped'))",
                             &changed, error, 1, campaign_id))
    return FALSE;
  if (changed == 0)
    {
      g_autoptr(HeraldCampaignInfo) info = herald_campaign_get (store, campaign_id, error);

      if (info != NULL)
        g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_STATE,
                     _("The campaign “%s” has started, so it is kept with its history."), info->name);
      return FALSE;
    }
  return TRUE;
}
