/* herald-engagement.c — opens and clicks a sending provider tracked,
 * kept per delivery
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each event a provider reports (Mailgun's "opened" and "clicked") is one
 * row of delivery_events, tied to the delivery whose provider message id
 * it names, keyed by the provider's own id of the event: reading the same
 * events again adds nothing. The numbers are counted from these rows each
 * time they are asked for.
 */
#define G_LOG_DOMAIN "herald-store"

#include "config.h"

#include <string.h>

#include "herald-engagement.h"
#include "herald-store-private.h"

void
herald_recipient_engagement_free (HeraldRecipientEngagement *row)
{
  if (row == NULL)
    return;
  g_free (row->email);
  g_free (row);
}

/**
 * herald_engagement_provider_ids:
 * @account_id: the account whose deliveries: those it sent
 * @out_first_sent: (out): when the first of them was sent (0: none)
 *
 * Returns: (transfer full): the provider message id of each delivery of
 *   @campaign_id that @account_id sent, without its "<>" (as events name
 *   it) → the delivery's id (a gint64 *); %NULL with @error set
 */
GHashTable *
herald_engagement_provider_ids (HeraldStore  *store,
                                gint64        campaign_id,
                                gint64        account_id,
                                gint64       *out_first_sent,
                                GError      **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT d.id, d.provider_message_id, d.sent_at FROM deliveries d"
      " JOIN campaigns c ON c.id = d.campaign_id"
      " WHERE d.campaign_id = ?1 AND coalesce(d.account_id, c.account_id) = ?2"
      " AND d.provider_message_id IS NOT NULL", error);
  int rc;

  *out_first_sent = 0;
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, campaign_id);
  sqlite3_bind_int64 (stmt, 2, account_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 1);
      gsize len = strlen (id);
      gint64 *delivery = g_new (gint64, 1);
      gint64 sent_at = sqlite3_column_int64 (stmt, 2);

      *delivery = sqlite3_column_int64 (stmt, 0);
      if (len >= 2 && id[0] == '<' && id[len - 1] == '>')
        g_hash_table_insert (ids, g_strndup (id + 1, len - 2), delivery);
      else
        g_hash_table_insert (ids, g_strdup (id), delivery);
      if (sent_at > 0 && (*out_first_sent == 0 || sent_at < *out_first_sent))
        *out_first_sent = sent_at;
    }
  if (!herald_store_finish (store, stmt, rc, NULL, error))
    return NULL;
  return g_steal_pointer (&ids);
}

/**
 * herald_engagement_add:
 * @event: the delivery, the event's id, its kind, when and the link
 * @out_added: (out) (optional): %FALSE when this event was kept already
 */
gboolean
herald_engagement_add (HeraldStore                  *store,
                       const HeraldEngagementEvent  *event,
                       gboolean                     *out_added,
                       GError                      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "INSERT INTO delivery_events (delivery_id, provider_event_id, kind, occurred_at, url)"
      " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (provider_event_id) DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, event->delivery_id);
  sqlite3_bind_text (stmt, 2, event->provider_event_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, event->kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, event->occurred_at);
  herald_store_bind_text_or_null (stmt, 5, event->url);
  return herald_store_finish_insert_new (store, stmt, sqlite3_step (stmt), out_added, error);
}

/**
 * herald_engagement_get:
 *
 * A campaign's opens and clicks, counted from the events kept.
 */
gboolean
herald_engagement_get (HeraldStore       *store,
                       gint64             campaign_id,
                       HeraldEngagement  *out,
                       GError           **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT coalesce(sum(d.state = 'sent'), 0),"
      " coalesce(sum(EXISTS (SELECT 1 FROM delivery_events e WHERE e.delivery_id = d.id AND e.kind = 'opened')), 0),"
      " coalesce(sum(EXISTS (SELECT 1 FROM delivery_events e WHERE e.delivery_id = d.id AND e.kind = 'clicked')), 0),"
      " (SELECT count(*) FROM delivery_events e JOIN deliveries d2 ON d2.id = e.delivery_id"
      "   WHERE d2.campaign_id = ?1 AND e.kind = 'opened'),"
      " (SELECT count(*) FROM delivery_events e JOIN deliveries d2 ON d2.id = e.delivery_id"
      "   WHERE d2.campaign_id = ?1 AND e.kind = 'clicked')"
      " FROM deliveries d WHERE d.campaign_id = ?1", error);
  int rc;

  memset (out, 0, sizeof *out);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, campaign_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->sent = sqlite3_column_int64 (stmt, 0);
      out->opened = sqlite3_column_int64 (stmt, 1);
      out->clicked = sqlite3_column_int64 (stmt, 2);
      out->n_opens = sqlite3_column_int64 (stmt, 3);
      out->n_clicks = sqlite3_column_int64 (stmt, 4);
      out->n_events = out->n_opens + out->n_clicks;
      rc = SQLITE_DONE;
    }
  return herald_store_finish (store, stmt, rc, NULL, error);
}

/* Opened (or clicked) out of those sent: %FALSE when none was sent. */
gboolean
herald_engagement_rate (const HeraldEngagement *engagement,
                        gboolean                clicks,
                        double                 *out_percent)
{
  if (engagement->sent == 0)
    return FALSE;
  *out_percent = 100.0 * (double) (clicks ? engagement->clicked : engagement->opened) / (double) engagement->sent;
  return TRUE;
}

/**
 * herald_engagement_list:
 *
 * Returns: (transfer container) (element-type HeraldRecipientEngagement):
 *   each recipient of @campaign_id that was sent the message, in the
 *   order of the addresses, with their opens and clicks (none: 0)
 */
GPtrArray *
herald_engagement_list (HeraldStore  *store,
                        gint64        campaign_id,
                        GError      **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_recipient_engagement_free);
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT d.email,"
      " (SELECT count(*) FROM delivery_events e WHERE e.delivery_id = d.id AND e.kind = 'opened'),"
      " (SELECT count(*) FROM delivery_events e WHERE e.delivery_id = d.id AND e.kind = 'clicked'),"
      " (SELECT min(occurred_at) FROM delivery_events e WHERE e.delivery_id = d.id AND e.kind = 'opened'),"
      " (SELECT max(occurred_at) FROM delivery_events e WHERE e.delivery_id = d.id AND e.kind = 'clicked')"
      " FROM deliveries d WHERE d.campaign_id = ?1 AND d.state = 'sent' ORDER BY d.email", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, campaign_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeraldRecipientEngagement *row = g_new0 (HeraldRecipientEngagement, 1);

      row->email = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->opens = sqlite3_column_int64 (stmt, 1);
      row->clicks = sqlite3_column_int64 (stmt, 2);
      row->first_opened_at = sqlite3_column_int64 (stmt, 3);
      row->last_clicked_at = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (rows, row);
    }
  if (!herald_store_finish (store, stmt, rc, NULL, error))
    return NULL;
  return g_steal_pointer (&rows);
}
