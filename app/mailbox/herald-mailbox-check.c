/* herald-mailbox-check.c — read what is new in an account's mailbox and
 * act on it
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The account's mailbox (account_mailboxes) is opened read-only over IMAP
 * with the account's password; the messages after the last UID read
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
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldMailboxSettings) settings = NULL;
  g_autoptr(HeraldImap) imap = NULL;
  g_autoptr(GArray) uids = NULL;
  g_autofree char *address = NULL;
  g_autofree char *password = NULL;
  GError *local = NULL;
  HeraldImapConfig cfg = { 0 };
  HeraldMailboxContext context = { 0 };
  const char *folder;
  guint64 last_uid = 0;
  gboolean ok = TRUE;

  memset (counts, 0, sizeof *counts);
  if ((account = herald_account_load (store, account_name, error)) == NULL)
    return FALSE;
  settings = herald_mailbox_settings_load (store, account->id, &local);
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
  if ((password = herald_keyring_require_password (account->name, cancellable, error)) == NULL)
    return FALSE;

  folder = settings->folder != NULL ? settings->folder : "INBOX";
  cfg.host = settings->host;
  cfg.port = settings->port;
  cfg.security = g_strcmp0 (settings->security, "starttls") == 0 ? HERALD_IMAP_SECURITY_STARTTLS
                                                                   : HERALD_IMAP_SECURITY_TLS;
  cfg.user = settings->username != NULL ? settings->username : account->username;
  cfg.password = password;
  cfg.folder = folder;
  cfg.ca_file = account->ca_file;
  imap = herald_imap_new (&cfg, error);
  herald_password_free (g_steal_pointer (&password));
  if (imap == NULL || !herald_imap_open (imap, cancellable, error))
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
