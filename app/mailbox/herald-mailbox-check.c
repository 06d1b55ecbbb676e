/* herald-mailbox-check.c — read what is new in an account's mailbox and
 * act on it
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The account's mailbox (account_mailboxes) is opened read-only over IMAP
 * with the mailbox's own password, or else the account's; the messages after the last UID read
 * (mailbox_positions, per UIDVALIDITY) are fetched without marking them
 * read, each handled by herald_mailbox_handle(); those that were Herald's
 * business get the keyword $HeraldRead, the others are left exactly as
 * they were, and nothing is ever deleted. A second check reads nothing
 * twice.
 */
#define G_LOG_DOMAIN "herald-mailbox-check"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-account.h"
#include "herald-imap.h"
#include "herald-mailbox-check.h"
#include "herald-mailbox-store.h"

/* The keyword matched messages get: no mail client shows it as unread
 * or deleted. */
#define HERALD_KEYWORD "$HeraldRead"

G_DEFINE_QUARK (herald-mailbox-check-error-quark, herald_mailbox_check_error)

/* "unsubscribe@shop.example.jp" from "mailto:unsubscribe@shop.example.jp?subject=…". */
static char *
unsubscribe_address (const HeraldAccount *account)
{
  const char *mailto = account->unsubscribe_mailto;
  const char *end;

  if (mailto == NULL || !g_str_has_prefix (mailto, "mailto:"))
    return NULL;
  mailto += strlen ("mailto:");
  end = mailto + strcspn (mailto, "?");
  return end > mailto ? g_uri_unescape_segment (mailto, end, NULL) : NULL;
}

/* The mailbox's own password if it has one, else the account's. */
static char *
dup_password (const char    *account_name,
              GCancellable  *cancellable,
              GError       **error)
{
  GError *local = NULL;
  char *password = herald_keyring_lookup_mailbox_password (account_name, cancellable, &local);

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (password != NULL)
    return password;
  return herald_keyring_require_password (account_name, cancellable, error);
}

/* The account's mailbox folder, opened read-only. */
static HeraldImap *
open_imap (const HeraldAccount          *account,
           const HeraldMailboxSettings  *settings,
           const char                   *password,
           GCancellable                 *cancellable,
           GError                      **error)
{
  HeraldImapConfig cfg = { 0 };
  HeraldImap *imap;

  cfg.host = settings->host;
  cfg.port = settings->port;
  cfg.security = g_strcmp0 (settings->security, "starttls") == 0 ? HERALD_IMAP_SECURITY_STARTTLS
                                                                   : HERALD_IMAP_SECURITY_TLS;
  cfg.user = settings->username != NULL ? settings->username : account->username;
  cfg.password = password;
  cfg.folder = settings->folder != NULL ? settings->folder : "INBOX";
  cfg.ca_file = account->ca_file;
  imap = herald_imap_new (&cfg, error);
  if (imap != NULL && !herald_imap_open (imap, cancellable, error))
    g_clear_pointer (&imap, herald_imap_free);
  return imap;
}

/**
 * herald_mailbox_check:
 * @account_name: the account whose mailbox to read
 * @counts: (out): what the new messages were and did
 *
 * Reads the new messages of the account's mailbox and acts on them.
 */
gboolean
herald_mailbox_check (HeraldStore          *store,
                      const char           *account_name,
                      HeraldMailboxCounts  *counts,
                      GCancellable         *cancellable,
                      GError              **error)
{
  return herald_mailbox_check_full (store, account_name, NULL, NULL, counts, cancellable, error);
}

/**
 * herald_mailbox_check_full:
 * @account_name: the account whose mailbox to read
 * @settings: (nullable): the mailbox to read instead of the stored one
 *   (settings being edited, not saved yet)
 * @password: (nullable): the password to log in with instead of the
 *   keyring's (the mailbox's own, else the account's)
 * @counts: (out): what the new messages were and did
 *
 * herald_mailbox_check() with the settings an account editor shows.
 */
gboolean
herald_mailbox_check_full (HeraldStore                  *store,
                           const char                   *account_name,
                           const HeraldMailboxSettings  *settings,
                           const char                   *password,
                           HeraldMailboxCounts          *counts,
                           GCancellable                 *cancellable,
                           GError                      **error)
{
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldMailboxSettings) stored = NULL;
  g_autoptr(HeraldImap) imap = NULL;
  g_autoptr(GArray) uids = NULL;
  g_autofree char *address = NULL;
  char *keyring_password = NULL;
  GError *local = NULL;
  HeraldMailboxContext context = { 0 };
  const char *folder;
  guint64 last_uid = 0;
  gboolean ok = TRUE;

  memset (counts, 0, sizeof *counts);
  if ((account = herald_account_load (store, account_name, error)) == NULL)
    return FALSE;
  if (settings == NULL)
    settings = stored = herald_mailbox_settings_load (store, account->id, &local);
  if (settings == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, local);
      else
        g_set_error (error, HERALD_MAILBOX_CHECK_ERROR, HERALD_MAILBOX_CHECK_ERROR_NO_MAILBOX,
                     /* TRANSLATORS: %s is an account's name */
                     _("The account “%s” has no mailbox to read: give the IMAP server where its "
                       "bounces and unsubscribe requests arrive."), account->name);
      return FALSE;
    }
  if (password == NULL &&
      (password = keyring_password = dup_password (account->name, cancellable, error)) == NULL)
    return FALSE;

  folder = settings->folder != NULL ? settings->folder : "INBOX";
  imap = open_imap (account, settings, password, cancellable, error);
  if (keyring_password != NULL)
    herald_password_free (keyring_password);
  if (imap == NULL)
    return FALSE;

  context.store = store;
  context.account_id = account->id;
  context.unsubscribe_address = address = unsubscribe_address (account);
  context.uidvalidity = herald_imap_get_uidvalidity (imap);
  if (!herald_mailbox_position_get (store, account->id, folder, context.uidvalidity, &last_uid, error) ||
      !herald_imap_list_uids (imap, last_uid, &uids, cancellable, error))
    return FALSE;

  for (guint i = 0; ok && i < uids->len; i++)
    {
      guint64 uid = g_array_index (uids, guint64, i);
      g_autoptr(GBytes) message = NULL;
      gboolean matched = FALSE;
      gsize len;
      const char *data;

      if (!herald_imap_fetch (imap, uid, &message, cancellable, error))
        return FALSE;
      data = g_bytes_get_data (message, &len);
      ok = herald_mailbox_handle (&context, uid, data, len, counts, &matched, error) &&
           (!matched || herald_imap_flag (imap, uid, HERALD_KEYWORD, cancellable, error)) &&
           herald_mailbox_position_set (store, account->id, folder, context.uidvalidity, uid, error);
    }
  return ok;
}

/**
 * herald_mailbox_fetch_cause:
 * @email: a suppressed address
 * @out_message: (out) (transfer full): the whole message, as the mailbox
 *   holds it
 *
 * Fetches, without marking it read, the mailbox message that suppressed
 * @email. Fails with %HERALD_MAILBOX_CHECK_ERROR_NO_CAUSE when no mailbox
 * message did, and %HERALD_MAILBOX_CHECK_ERROR_GONE when the message is
 * no longer where it was read.
 */
gboolean
herald_mailbox_fetch_cause (HeraldStore   *store,
                            const char    *email,
                            GBytes       **out_message,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldMailboxSettings) settings = NULL;
  g_autoptr(HeraldImap) imap = NULL;
  g_autoptr(GBytes) message = NULL;
  GError *local = NULL;
  gboolean found = FALSE;
  gint64 account_id = 0;
  guint64 uidvalidity = 0, uid = 0;
  char *password;

  if (!herald_mailbox_event_find_cause (store, email, &found, &account_id, &uidvalidity, &uid, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, HERALD_MAILBOX_CHECK_ERROR, HERALD_MAILBOX_CHECK_ERROR_NO_CAUSE,
                   /* TRANSLATORS: %s is an email address */
                   _("No message in a mailbox put %s on the list: it was added by hand, imported, "
                     "or refused by a server while sending. Its source says which."), email);
      return FALSE;
    }
  if (account_id <= 0 || (account = herald_account_load_by_id (store, account_id, NULL)) == NULL ||
      (settings = herald_mailbox_settings_load (store, account_id, &local)) == NULL)
    {
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      g_set_error (error, HERALD_MAILBOX_CHECK_ERROR, HERALD_MAILBOX_CHECK_ERROR_GONE,
                   _("The message cannot be shown: the account whose mailbox it was read from was "
                     "removed, or no longer has a mailbox. Its source names the message."));
      return FALSE;
    }
  if ((password = dup_password (account->name, cancellable, error)) == NULL)
    return FALSE;
  imap = open_imap (account, settings, password, cancellable, error);
  herald_password_free (password);
  if (imap == NULL)
    return FALSE;
  if (herald_imap_get_uidvalidity (imap) != uidvalidity)
    {
      g_set_error (error, HERALD_MAILBOX_CHECK_ERROR, HERALD_MAILBOX_CHECK_ERROR_GONE,
                   _("The message cannot be shown: the mailbox folder it was read from has been "
                     "replaced or renumbered since (or the account now reads another folder)."));
      return FALSE;
    }
  if (!herald_imap_fetch (imap, uid, &message, cancellable, &local) ||
      g_bytes_get_size (message) == 0)
    {
      if (local != NULL && !g_error_matches (local, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_NO_MESSAGE))
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      g_clear_error (&local);
      g_set_error (error, HERALD_MAILBOX_CHECK_ERROR, HERALD_MAILBOX_CHECK_ERROR_GONE,
                   /* TRANSLATORS: %s is a mailbox folder's name, such as INBOX */
                   _("The message is no longer in the mailbox folder “%s”: it was deleted or moved "
                     "after Herald read it. The suppression stays; its source describes the message."),
                   settings->folder != NULL ? settings->folder : "INBOX");
      return FALSE;
    }
  *out_message = g_steal_pointer (&message);
  return TRUE;
}
