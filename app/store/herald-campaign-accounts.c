/* herald-campaign-accounts.c — the accounts one campaign sends through:
 * their weights, what each sent, and why one stopped in the last run
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A campaign made with one account (or before campaigns had several, or a
 * sequence step's) has no rows of its own in campaign_accounts: its one
 * account is campaigns.account_id, with weight 1.
 */
#define G_LOG_DOMAIN "herald-campaign"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-campaign.h"
#include "herald-store-private.h"

/* Campaign ?1's accounts as `ca`: its rows in campaign_accounts, or else
 * (campaigns made before it had several accounts, a sequence step's) the
 * campaign's one account. */
#define ACCOUNTS_SQL \
  "WITH ca (account_id, weight, position, pause_reason) AS (" \
  "  SELECT account_id, weight, position, pause_reason FROM campaign_accounts WHERE campaign_id = ?1" \
  "  UNION ALL SELECT account_id, 1, 0, NULL FROM campaigns WHERE id = ?1" \
  "    AND NOT EXISTS (SELECT 1 FROM campaign_accounts WHERE campaign_id = ?1))"

/**
 * herald_campaign_dup_accounts:
 *
 * The accounts @campaign_id sends through, in the order they were named,
 * with their weights; a campaign with no row of its own (made before
 * campaigns had several accounts, or a sequence step's) has its one.
 *
 * Returns: (transfer full) (element-type HeraldCampaignAccount) (nullable):
 *   at least one account, or %NULL with @error set
 */
GArray *
herald_campaign_dup_accounts (HeraldStore  *store,
                              gint64        campaign_id,
                              GError      **error)
{
  g_autoptr(GArray) accounts = g_array_new (FALSE, FALSE, sizeof (HeraldCampaignAccount));
  sqlite3_stmt *stmt = herald_store_prepare_with_id (store,
      ACCOUNTS_SQL " SELECT account_id, weight FROM ca ORDER BY position",
      campaign_id, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeraldCampaignAccount account = { sqlite3_column_int64 (stmt, 0), MAX (1, sqlite3_column_int (stmt, 1)) };
      g_array_append_val (accounts, account);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      return NULL;
    }
  if (accounts->len == 0)
    {
      g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_NOT_FOUND,
                   _("The campaign was deleted."));
      return NULL;
    }
  return g_steal_pointer (&accounts);
}

/**
 * herald_campaign_set_account_pause:
 * @reason: (nullable): why the account stopped sending this campaign;
 *   %NULL: it did not (a new run clears the reasons of the last)
 *
 * Notes why one of a campaign's accounts stopped while the others went on.
 */
gboolean
herald_campaign_set_account_pause (HeraldStore  *store,
                                   gint64        campaign_id,
                                   gint64        account_id,
                                   const char   *reason,
                                   GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "UPDATE campaign_accounts SET pause_reason = ?3"
      " WHERE campaign_id = ?1 AND (?2 = 0 OR account_id = ?2)",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, campaign_id);
  sqlite3_bind_int64 (stmt, 2, account_id);
  herald_store_bind_text_or_null (stmt, 3, reason);
  return herald_store_finish (store, stmt, sqlite3_step (stmt), NULL, error);
}

void
herald_campaign_account_use_free (HeraldCampaignAccountUse *use)
{
  if (use == NULL)
    return;
  g_free (use->name);
  g_free (use->pause_reason);
  g_free (use);
}

/**
 * herald_campaign_list_account_use:
 *
 * Each of the campaign's accounts, in order: its name, weight, how many
 * deliveries it sent, and why it stopped in the last run (if it did).
 *
 * Returns: (transfer full) (element-type HeraldCampaignAccountUse) (nullable)
 */
GPtrArray *
herald_campaign_list_account_use (HeraldStore  *store,
                                  gint64        campaign_id,
                                  GError      **error)
{
  g_autoptr(GPtrArray) uses = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_campaign_account_use_free);
  sqlite3_stmt *stmt = herald_store_prepare_with_id (store,
      ACCOUNTS_SQL
      " SELECT a.name, ca.weight, ca.pause_reason,"
      "  (SELECT count(*) FROM deliveries d WHERE d.campaign_id = ?1 AND d.state = 'sent'"
      "     AND coalesce(d.account_id, (SELECT account_id FROM campaigns WHERE id = ?1)) = ca.account_id)"
      " FROM ca JOIN accounts a ON a.id = ca.account_id ORDER BY ca.position",
      campaign_id, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeraldCampaignAccountUse *use = g_new0 (HeraldCampaignAccountUse, 1);

      use->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      use->weight = sqlite3_column_int (stmt, 1);
      use->pause_reason = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      use->n_sent = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (uses, use);
    }
  if (!herald_store_finish (store, stmt, rc, NULL, error))
    return NULL;
  return g_steal_pointer (&uses);
}
