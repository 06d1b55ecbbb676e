/* herald-test-send.c — one recipient's message, sent to the user instead
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See herald-test-send.h for what a test message is and is not.
 */
#define G_LOG_DOMAIN "herald-test-send"

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-base.h"
#include "herald-account.h"
#include "herald-merge.h"
#include "herald-message.h"
#include "herald-oauth.h"
#include "herald-test-send.h"
#include "herald-transport.h"

/* A test send waits for a silent server this long, not the ten minutes a
 * campaign allows after the end of data: a person is waiting. */
#define TEST_RESPONSE_TIMEOUT 60
#define TEST_CONNECT_TIMEOUT  30

struct _HeraldTestMessage
{
  gatomicrefcount  ref_count;
  HeraldAccount   *account;
  char            *env_from;
  char            *recipient;   /* whose message it is */
  char            *to;          /* where it goes */
  GBytes          *bytes;
};

G_DEFINE_QUARK (herald-test-send-error-quark, herald_test_send_error)

HeraldTestMessage *
herald_test_message_ref (HeraldTestMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
herald_test_message_unref (HeraldTestMessage *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->account, herald_account_free);
  g_free (self->env_from);
  g_free (self->recipient);
  g_free (self->to);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self);
}

const char *
herald_test_message_get_recipient (HeraldTestMessage *self)
{
  return self->recipient;
}

const char *
herald_test_message_get_to (HeraldTestMessage *self)
{
  return self->to;
}

const char *
herald_test_message_get_account (HeraldTestMessage *self)
{
  return self->account->name;
}

/**
 * herald_test_message_get_bytes:
 *
 * Returns: (transfer none): the RFC 5322 message as it will be sent
 */
GBytes *
herald_test_message_get_bytes (HeraldTestMessage *self)
{
  return self->bytes;
}


static gboolean
header_is (const char *line,
           gsize       len,
           const char *name)
{
  gsize n = strlen (name);

  return len > n && line[n] == ':' && g_ascii_strncasecmp (line, name, n) == 0;
}

/* An address that can go into "To: <…>" and "RCPT TO:<…>" as it is. */
static gboolean
is_plain_address (const char *addr)
{
  return addr != NULL && herald_envelope_address_is_safe (addr, NULL);
}

/**
 * herald_test_message_readdress:
 * @message: a composed message (CRLF line ends)
 * @to: the test address
 * @recipient: (nullable): whose message it is, for the X-Herald-Test header
 *
 * Replaces the To: field (with its folded lines) by "To: <@to>", leaves
 * out List-Id, List-Unsubscribe and List-Unsubscribe-Post, and adds X-Herald-Test
 * after the new To:. Everything else, the body included, is kept byte for
 * byte.
 *
 * Returns: (transfer full): the new message, or %NULL with @error set
 */
GBytes *
herald_test_message_readdress (GBytes      *message,
                               const char  *to,
                               const char  *recipient,
                               GError     **error)
{
  gsize size;
  const char *data = g_bytes_get_data (message, &size);
  const char *end = data + size;
  const char *p = data;
  GString *out;
  gboolean skipping = FALSE, wrote_to = FALSE;

  if (!is_plain_address (to))
    {
      g_set_error (error, HERALD_TEST_SEND_ERROR, HERALD_TEST_SEND_ERROR_INVALID,
                   /* TRANSLATORS: %s is what the user typed as their own address */
                   _("“%s” is not an email address a test can be sent to. Write your own address, "
                     "such as name@example.com."), to != NULL ? to : "");
      return NULL;
    }

  out = g_string_sized_new (size + 128);
  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *next = eol != NULL ? eol + 1 : end;
      gsize len = next - p;
      gsize content = len;

      while (content > 0 && (p[content - 1] == '\n' || p[content - 1] == '\r'))
        content--;

      if (content == 0)
        {
          /* The blank line: the body follows untouched. */
          g_string_append_len (out, p, end - p);
          p = end;
          break;
        }
      if (p[0] == ' ' || p[0] == '\t')
        {
          if (!skipping)
            g_string_append_len (out, p, len);
        }
      else
        {
          skipping = header_is (p, content, "To") ||
                     header_is (p, content, "List-Unsubscribe") ||
                     header_is (p, content, "List-Unsubscribe-Post") ||
                     header_is (p, content, "List-Id") ||
                     header_is (p, content, "X-Herald-Test");
          if (header_is (p, content, "To") && !wrote_to)
            {
              g_string_append_printf (out, "To: <%s>\r\n", to);
              if (is_plain_address (recipient) && g_str_is_ascii (recipient))
                g_string_append_printf (out, "X-Herald-Test: %s\r\n", recipient);
              wrote_to = TRUE;
            }
          if (!skipping)
            g_string_append_len (out, p, len);
        }
      p = next;
    }

  if (!wrote_to)
    {
      g_string_free (out, TRUE);
      g_set_error (error, HERALD_TEST_SEND_ERROR, HERALD_TEST_SEND_ERROR_INVALID,
                   _("The composed message has no To: header; the test was not sent."));
      return NULL;
    }
  return g_string_free_to_bytes (out);
}

/**
 * herald_test_message_prepare:
 *
 * Loads the account, finds the recipient and composes the message, with
 * the store (which the caller has locked, if it shares it). Fast: it does
 * not touch the keyring or the network.
 *
 * Returns: (transfer full): the message to send, or %NULL with @error set
 */
HeraldTestMessage *
herald_test_message_prepare (HeraldStore               *store,
                             const HeraldTestSendSpec  *spec,
                             GError                   **error)
{
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldContactCursor) cursor = NULL;
  g_autoptr(HeraldMerge) merge = NULL;
  g_autoptr(GBytes) composed = NULL;
  g_autoptr(GBytes) bytes = NULL;
  HeraldMergeRow r = { 0 };
  HeraldTestMessage *self;
  HeraldMergeRecipient to = { 0 };
  gint64 n = 0;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (spec != NULL && spec->record != NULL && spec->account != NULL, NULL);

  if (!is_plain_address (spec->to))
    {
      g_set_error (error, HERALD_TEST_SEND_ERROR, HERALD_TEST_SEND_ERROR_INVALID,
                   _("“%s” is not an email address a test can be sent to. Write your own address, "
                     "such as name@example.com."), spec->to != NULL ? spec->to : "");
      return NULL;
    }

  if ((account = herald_account_load (store, spec->account, error)) == NULL)
    return NULL;
  if (spec->list_id > 0 &&
      (cursor = herald_contact_cursor_new (store, spec->list_id, error)) == NULL)
    return NULL;

  /* The template's own From, Reply-To and To: name field, as a campaign. */
  merge = herald_merge_new_for_account (spec->record, account,
                                        cursor != NULL ? herald_contact_cursor_get_fields (cursor) : NULL, error);
  if (merge == NULL ||
      (spec->list_id > 0 && !herald_merge_load_list (merge, store, spec->list_id, error)) ||
      !herald_merge_load_parts (merge, store, spec->record->id, error))
    return NULL;

  if (cursor != NULL)
    {
      GError *local = NULL;

      r.cursor = cursor;
      while ((r.row = herald_contact_cursor_next (cursor, &local)) != NULL)
        {
          n++;
          if (spec->email != NULL ? g_ascii_strcasecmp (r.row->email, spec->email) == 0 : n == spec->row)
            break;
        }
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      if (r.row == NULL)
        {
          if (spec->email != NULL)
            g_set_error (error, HERALD_TEST_SEND_ERROR, HERALD_TEST_SEND_ERROR_NO_RECIPIENT,
                         /* TRANSLATORS: %s is an email address */
                         _("“%s” is not in the list. Choose a recipient of the list for the test."),
                         spec->email);
          else
            g_set_error (error, HERALD_TEST_SEND_ERROR, HERALD_TEST_SEND_ERROR_NO_RECIPIENT,
                         /* TRANSLATORS: both are numbers: the list's size, and the row asked for */
                         g_dngettext (GETTEXT_PACKAGE,
                                      "The list has %" PRId64 " contact; there is no row %" PRId64 ".",
                                      "The list has %" PRId64 " contacts; there is no row %" PRId64 ".",
                                      (gulong) n),
                         (int64_t) n, (int64_t) spec->row);
          return NULL;
        }
      to = herald_merge_row_recipient (&r);
    }
  else
    /* No list: the message has no field values, and {{ email }} is the
     * test address, as nobody else's message is being shown. */
    to.email = spec->to;

  /* The recipient's own message, unsubscribe token in the body included;
   * the headers that would let a mail program act on it are left out. */
  composed = herald_merge_compose (merge, &to, NULL, 0, error);
  if (composed == NULL)
    return NULL;
  bytes = herald_test_message_readdress (composed, spec->to, cursor != NULL ? to.email : NULL, error);
  if (bytes == NULL)
    return NULL;

  self = g_new0 (HeraldTestMessage, 1);
  g_atomic_ref_count_init (&self->ref_count);
  account->response_timeout = TEST_RESPONSE_TIMEOUT;
  account->connect_timeout = TEST_CONNECT_TIMEOUT;
  self->env_from = herald_dup_bare_address (account->from);
  self->account = g_steal_pointer (&account);
  self->recipient = g_strdup (to.email);
  self->to = g_strdup (spec->to);
  self->bytes = g_steal_pointer (&bytes);
  return self;
}

static void
set_cancelled (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The test send was cancelled."));
}

/**
 * herald_test_message_send:
 *
 * Looks the account's password up in the keyring, connects, sends the
 * message to the test address and says goodbye. Blocks: call it from a
 * worker thread, or use herald_test_message_send_async(). Does not touch
 * the store.
 */
gboolean
herald_test_message_send (HeraldTestMessage  *self,
                          GCancellable       *cancellable,
                          GError            **error)
{
  g_autoptr(HeraldTransport) transport = NULL;
  HeraldOutcome outcome = { 0 };
  GError *local = NULL;
  char *password = NULL;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->account->oauth_provider != NULL)
    {
      /* Signed in: the transport logs in with a fresh access token. */
      password = herald_oauth_fresh_access_token (self->account, cancellable, error);
      if (password == NULL)
        return FALSE;
    }
  else if ((self->account->kind == HERALD_ACCOUNT_SMTP && self->account->username != NULL) ||
           self->account->kind == HERALD_ACCOUNT_API)
    {
      password = herald_keyring_require_password (self->account->name, cancellable, error);
      if (password == NULL)
        return FALSE;
    }

  transport = herald_transport_new_for_account (self->account, password, error);
  herald_password_free (password);
  if (transport == NULL)
    return FALSE;
  if (!herald_transport_open (transport, cancellable, &local))
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_clear_error (&local);
          set_cancelled (error);
        }
      else
        g_propagate_error (error, local);
      return FALSE;
    }

  herald_transport_send (transport, self->env_from, self->to, self->bytes, cancellable, &outcome);
  ok = outcome.kind == HERALD_OUTCOME_ACCEPTED;
  if (!ok && g_cancellable_is_cancelled (cancellable) && outcome.kind != HERALD_OUTCOME_UNKNOWN)
    set_cancelled (error);
  else if (!ok)
    {
      const char *why = outcome.message != NULL ? outcome.message
                      : outcome.reply != NULL ? outcome.reply
                      : herald_outcome_kind_to_string (outcome.kind);

      if (outcome.reply != NULL && outcome.message != NULL && strstr (outcome.message, outcome.reply) == NULL)
        g_set_error (error, HERALD_TEST_SEND_ERROR, HERALD_TEST_SEND_ERROR_REFUSED,
                     /* TRANSLATORS: first %s: what happened; second: the server's reply, verbatim */
                     _("The test was not sent: %s The server said: %s"), why, outcome.reply);
      else
        g_set_error (error, HERALD_TEST_SEND_ERROR, HERALD_TEST_SEND_ERROR_REFUSED,
                     /* TRANSLATORS: %s: what happened, or the server's reply */
                     _("The test was not sent: %s"), why);
    }
  herald_outcome_clear (&outcome);
  herald_transport_close (transport);
  return ok;
}

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (herald_test_message_send (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * herald_test_message_send_async:
 *
 * herald_test_message_send() in a worker thread. Cancelling gives up at
 * the next step (keyring, connection, data) and reports
 * %G_IO_ERROR_CANCELLED; a message the server already took stays sent.
 */
void
herald_test_message_send_async (HeraldTestMessage   *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (self != NULL);

  g_task_set_source_tag (task, herald_test_message_send_async);
  g_task_set_task_data (task, herald_test_message_ref (self), (GDestroyNotify) herald_test_message_unref);
  g_task_set_return_on_cancel (task, FALSE);
  /* What the thread found stands: a message the server took just as the
   * user cancelled was sent, and is reported so. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, send_thread);
}

gboolean
herald_test_message_send_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
