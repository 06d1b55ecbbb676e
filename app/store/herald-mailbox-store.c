/* herald-mailbox-store.c — what the store keeps of an account's mailbox
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An account's mailbox settings (account_mailboxes), how far each folder
 * has been read (mailbox_positions: UIDVALIDITY and the last UID, so a
 * second check reads nothing twice), what each message read did
 * (mailbox_events: every suppression can be traced to the message that
 * caused it), soft bounces per address (soft_bounces), and the lookups a
 * check needs: the delivery a bounce answers, the list member an
 * unsubscribe request names.
 */
#define G_LOG_DOMAIN "herald-mailbox-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-mailbox-store.h"
#include "herald-store-private.h"

void
herald_mailbox_settings_free (HeraldMailboxSettings *settings)
{
  if (settings == NULL)
    return;
  g_free (settings->host);
  g_free (settings->security);
  g_free (settings->username);
  g_free (settings->folder);
  g_free (settings);
}

void
herald_delivery_match_clear (HeraldDeliveryMatch *match)
{
  g_clear_pointer (&match->email, g_free);
  memset (match, 0, sizeof *match);
}

/**
 * herald_mailbox_settings_save:
 * @settings: (nullable): %NULL removes the account's mailbox
 */
gboolean
herald_mailbox_settings_save (HeraldStore                  *store,
                              gint64                        account_id,
                              const HeraldMailboxSettings  *settings,
                              GError                      **error)
{
  sqlite3_stmt *stmt;

  if (settings == NULL)
    return herald_store_run_sql (store, "DELETE FROM account_mailboxes WHERE account_id = ?1",
                                 NULL, error, 1, account_id);
  stmt = herald_store_prepare (store,
      "INSERT INTO account_mailboxes (account_id, host, port, security, username, folder)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
      " ON CONFLICT (account_id) DO UPDATE SET host = excluded.host, port = excluded.port,"
      "   security = excluded.security, username = excluded.username, folder = excluded.folder",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_text (stmt, 2, settings->host, -1, SQLITE_STATIC);
  if (settings->port > 0)
    sqlite3_bind_int (stmt, 3, settings->port);
  sqlite3_bind_text (stmt, 4, settings->security != NULL ? settings->security : "tls", -1, SQLITE_STATIC);
  herald_store_bind_text_or_null (stmt, 5, settings->username);
  herald_store_bind_text_or_null (stmt, 6, settings->folder);
  return herald_store_finish (store, stmt, sqlite3_step (stmt), NULL, error);
}

/**
 * herald_mailbox_settings_load:
 *
 * Returns: (transfer full) (nullable): the account's mailbox, or %NULL
 *   (with @error set only when reading failed) when it has none
 */
HeraldMailboxSettings *
herald_mailbox_settings_load (HeraldStore  *store,
                              gint64        account_id,
                              GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT host, port, security, username, folder FROM account_mailboxes WHERE account_id = ?1", error);
  HeraldMailboxSettings *settings = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, account_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      settings = g_new0 (HeraldMailboxSettings, 1);
      settings->host = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      settings->port = MAX (0, sqlite3_column_int (stmt, 1));
      settings->security = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      settings->username = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      settings->folder = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
    }
  else if (rc != SQLITE_DONE)
    herald_store_set_error (store, rc, error);
  sqlite3_finalize (stmt);
  return settings;
}

/**
 * herald_mailbox_position_get:
 * @out_last_uid: (out): the last UID read in this folder with this
 *   UIDVALIDITY; 0 when none was (or the server renumbered the folder)
 */
gboolean
herald_mailbox_position_get (HeraldStore  *store,
                             gint64        account_id,
                             const char   *folder,
                             guint64       uidvalidity,
                             guint64      *out_last_uid,
                             GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT last_uid FROM mailbox_positions WHERE account_id = ?1 AND folder = ?2 AND uidvalidity = ?3",
      error);
  int rc;

  *out_last_uid = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_text (stmt, 2, folder, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, (gint64) uidvalidity);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_last_uid = (guint64) sqlite3_column_int64 (stmt, 0);
  return herald_store_finish_read (store, stmt, rc, error);
}

gboolean
herald_mailbox_position_set (HeraldStore  *store,
                             gint64        account_id,
                             const char   *folder,
                             guint64       uidvalidity,
                             guint64       last_uid,
                             GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "INSERT INTO mailbox_positions (account_id, folder, uidvalidity, last_uid, checked_at)"
      " VALUES (?1, ?2, ?3, ?4, strftime('%s','now'))"
      " ON CONFLICT (account_id, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity,"
      "   last_uid = excluded.last_uid, checked_at = excluded.checked_at",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_text (stmt, 2, folder, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, (gint64) uidvalidity);
  sqlite3_bind_int64 (stmt, 4, (gint64) last_uid);
  return herald_store_finish (store, stmt, sqlite3_step (stmt), NULL, error);
}

/**
 * herald_mailbox_find_delivery:
 * @message_id: (nullable): the original's Message-ID, without <>
 * @email: (nullable): the address that failed
 *
 * The delivery a reply answers: the one with that Message-ID (one
 * recipient's: herald_message_make_id()), whatever address the report
 * names (it may be where the mail was forwarded); else the latest
 * delivery to @email.
 *
 * Returns: %TRUE with @out filled when one was found; %FALSE with @error
 *   unset when none was
 */
gboolean
herald_mailbox_find_delivery (HeraldStore          *store,
                              const char           *message_id,
                              const char           *email,
                              HeraldDeliveryMatch  *out,
                              GError              **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT d.id, d.campaign_id, coalesce (d.contact_id, 0), c.list_id, d.email"
      " FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id"
      " WHERE ?1 IS NOT NULL AND d.message_id = '<' || ?1 || '>'"
      " UNION ALL SELECT * FROM ("
      "  SELECT d.id, d.campaign_id, coalesce (d.contact_id, 0), c.list_id, d.email"
      "  FROM contacts k JOIN deliveries d ON d.contact_id = k.id JOIN campaigns c ON c.id = d.campaign_id"
      "  WHERE ?2 IS NOT NULL AND k.email = ?2 ORDER BY d.id DESC LIMIT 1)"
      " LIMIT 1",
      error);
  int rc;

  memset (out, 0, sizeof *out);
  if (stmt == NULL)
    return FALSE;
  herald_store_bind_text_or_null (stmt, 1, message_id);
  herald_store_bind_text_or_null (stmt, 2, email);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->delivery_id = sqlite3_column_int64 (stmt, 0);
      out->campaign_id = sqlite3_column_int64 (stmt, 1);
      out->contact_id = sqlite3_column_int64 (stmt, 2);
      out->list_id = sqlite3_column_int64 (stmt, 3);
      out->email = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return herald_store_set_error (store, rc, error);
  return rc == SQLITE_ROW;
}

/**
 * herald_mailbox_soft_bounce:
 * @message_id: the original's Message-ID, or the report's own: the same
 *   report read twice counts once
 *
 * Returns: how many soft bounces @email has had, this one included, or
 *   -1 with @error set
 */
gint64
herald_mailbox_soft_bounce (HeraldStore  *store,
                            const char   *email,
                            const char   *message_id,
                            GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "INSERT INTO soft_bounces (email, message_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING", error);
  gint64 n = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, message_id != NULL ? message_id : "", -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      return -1;
    }
  if ((stmt = herald_store_prepare (store, "SELECT count(*) FROM soft_bounces WHERE email = ?1", error)) == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    herald_store_set_error (store, rc, error);
  sqlite3_finalize (stmt);
  return n;
}

/**
 * herald_mailbox_unsubscribe_member:
 * @out_email: (out): the contact's address
 *
 * Marks the contact unsubscribed from the list (an unsubscribe request
 * names both, through its token).
 *
 * Returns: %FALSE with @error set when the contact is gone
 */
gboolean
herald_mailbox_unsubscribe_member (HeraldStore  *store,
                                   gint64        contact_id,
                                   gint64        list_id,
                                   char        **out_email,
                                   GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store, "SELECT email FROM contacts WHERE id = ?1", error);
  int rc;

  *out_email = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, contact_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_email = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        return herald_store_set_error (store, rc, error);
      g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND,
                   _("The contact this unsubscribe request names was deleted."));
      return FALSE;
    }
  return herald_store_run_sql (store,
      "UPDATE list_members SET status = 'unsubscribed' WHERE contact_id = ?1 AND list_id = ?2",
      NULL, error, 2, contact_id, list_id);
}

/**
 * herald_mailbox_record:
 *
 * Notes what one message read from the mailbox was and what it did.
 */
gboolean
herald_mailbox_record (HeraldStore               *store,
                       const HeraldMailboxEvent  *event,
                       GError                   **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "INSERT INTO mailbox_events (account_id, uidvalidity, uid, kind, email, action, from_addr, subject,"
      " original_message_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, event->account_id);
  sqlite3_bind_int64 (stmt, 2, (gint64) event->uidvalidity);
  sqlite3_bind_int64 (stmt, 3, (gint64) event->uid);
  sqlite3_bind_text (stmt, 4, event->kind, -1, SQLITE_STATIC);
  herald_store_bind_text_or_null (stmt, 5, event->email);
  sqlite3_bind_text (stmt, 6, event->action, -1, SQLITE_STATIC);
  herald_store_bind_text_or_null (stmt, 7, event->from);
  herald_store_bind_text_or_null (stmt, 8, event->subject);
  herald_store_bind_text_or_null (stmt, 9, event->original_message_id);
  return herald_store_finish (store, stmt, sqlite3_step (stmt), NULL, error);
}

/**
 * herald_mailbox_event_find_cause:
 * @email: a suppressed address
 * @out_found: (out): whether a mailbox message suppressed @email
 *
 * Where the message that last suppressed @email was read: its account,
 * the folder's UIDVALIDITY then, and its UID.
 */
gboolean
herald_mailbox_event_find_cause (HeraldStore  *store,
                                 const char   *email,
                                 gboolean     *out_found,
                                 gint64       *out_account_id,
                                 guint64      *out_uidvalidity,
                                 guint64      *out_uid,
                                 GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT coalesce(account_id, 0), uidvalidity, uid FROM mailbox_events"
      " WHERE email = ?1 COLLATE NOCASE AND action IN ('suppressed', 'suppressed already')"
      "   AND uid IS NOT NULL"
      " ORDER BY id DESC LIMIT 1",
      error);
  int rc;

  *out_found = FALSE;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_found = TRUE;
      *out_account_id = sqlite3_column_int64 (stmt, 0);
      *out_uidvalidity = (guint64) sqlite3_column_int64 (stmt, 1);
      *out_uid = (guint64) sqlite3_column_int64 (stmt, 2);
    }
  return herald_store_finish_read (store, stmt, rc, error);
}
