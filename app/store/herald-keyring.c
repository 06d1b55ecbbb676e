/* herald-keyring.c — accounts' passwords and API secrets in the Secret Service
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Apart from herald-account.c, which keeps the accounts table.
 */
#define G_LOG_DOMAIN "herald-account"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "herald-account.h"

G_DEFINE_QUARK (herald-keyring-error-quark, herald_keyring_error)

static const SecretSchema account_schema = {
  "io.github.heraldmail.Herald.Account", SECRET_SCHEMA_NONE,
  {
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

/* A mailbox password of its own, for an account whose mailbox logs in
 * differently from its SMTP server. A schema of its own too: libsecret
 * matches the schema's name, so a lookup of one never finds the other. */
static const SecretSchema mailbox_schema = {
  "io.github.heraldmail.Herald.Mailbox", SECRET_SCHEMA_NONE,
  {
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static guint keyring_timeout_ms = 10000;

/**
 * herald_keyring_set_timeout:
 *
 * How long a keyring call may take before it gives up (for tests).
 */
void
herald_keyring_set_timeout (guint milliseconds)
{
  g_atomic_int_set (&keyring_timeout_ms, milliseconds);
}

void
herald_password_free (char *password)
{
  secret_password_free (password);
}

typedef enum { OP_STORE, OP_LOOKUP, OP_CLEAR } KeyringOp;

typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
  gboolean      timed_out;
  GCancellable *cancellable;
} Wait;

static void
on_keyring_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_context_wakeup (wait->context);
}

static gboolean
on_keyring_timeout_cb (gpointer user_data)
{
  Wait *wait = user_data;

  wait->timed_out = TRUE;
  g_cancellable_cancel (wait->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled_cb (GCancellable *caller,
                        gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* Turns libsecret's and D-Bus's errors into what a person can act on: the
 * ones seen in practice are a timeout (the keyring waits on its unlock
 * prompt), a locked keyring that cannot prompt here, and no Secret Service
 * on the session bus; anything else keeps libsecret's own words. */
static void
set_keyring_error (GError     **error,
                   GError      *local,
                   gboolean     timed_out)
{
  guint seconds = (g_atomic_int_get (&keyring_timeout_ms) + 999) / 1000;

  if (timed_out)
    g_set_error (error, HERALD_KEYRING_ERROR, HERALD_KEYRING_ERROR_TIMED_OUT,
                 g_dngettext (GETTEXT_PACKAGE,
                              "The keyring did not answer within %u second. If it is asking "
                              "for its password, answer it; otherwise restart GNOME Keyring "
                              "and try again.",
                              "The keyring did not answer within %u seconds. If it is asking "
                              "for its password, answer it; otherwise restart GNOME Keyring "
                              "and try again.", seconds),
                 seconds);
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (local));
  else if (g_error_matches (local, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
           g_error_matches (local, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
           g_error_matches (local, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED))
    g_set_error (error, HERALD_KEYRING_ERROR, HERALD_KEYRING_ERROR_LOCKED,
                 _("The keyring is locked and Herald cannot ask for its password here. "
                   "Unlock it (log in to the desktop, or open “Passwords and Keys”) and try again."));
  else if (local->domain == G_IO_ERROR || local->domain == G_DBUS_ERROR)
    g_set_error (error, HERALD_KEYRING_ERROR, HERALD_KEYRING_ERROR_NO_KEYRING,
                 _("No keyring is running, so Herald cannot keep the password. Start GNOME "
                   "Keyring (or another Secret Service, such as KeePassXC with its Secret "
                   "Service integration) in your desktop session and try again."));
  else
    g_set_error (error, HERALD_KEYRING_ERROR, HERALD_KEYRING_ERROR_FAILED,
                 _("The keyring refused the request: %s"), local->message);
}

/* Runs one libsecret call in a private main context and waits for it at
 * most the keyring timeout: a locked keyring can wait forever on a prompt. */
static gboolean
run_keyring_op (KeyringOp      op,
                const SecretSchema *schema,
                const char    *account_name,
                const char    *password,
                char         **out_password,
                GCancellable  *cancellable,
                GError       **error)
{
  Wait wait = { 0 };
  g_autoptr(GError) local = NULL;
  g_autofree char *label = NULL;
  GSource *timeout;
  gulong handler = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (account_name != NULL, FALSE);

  wait.context = g_main_context_new ();
  wait.cancellable = g_cancellable_new ();
  g_main_context_push_thread_default (wait.context);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled_cb),
                                     g_object_ref (wait.cancellable), g_object_unref);

  timeout = g_timeout_source_new (g_atomic_int_get (&keyring_timeout_ms));
  g_source_set_callback (timeout, on_keyring_timeout_cb, &wait, NULL);
  g_source_attach (timeout, wait.context);

  switch (op)
    {
    case OP_STORE:
      /* TRANSLATORS: the label of the password in the keyring; %s is the account name */
      label = schema == &mailbox_schema
        /* TRANSLATORS: the label of the mailbox's password in the keyring; %s is the account name */
        ? g_strdup_printf (_("Herald: mailbox password of the account “%s”"), account_name)
        : g_strdup_printf (_("Herald: password of the sending account “%s”"), account_name);
      secret_password_store (schema, SECRET_COLLECTION_DEFAULT, label, password,
                             wait.cancellable, on_keyring_done_cb, &wait,
                             "account", account_name, NULL);
      break;
    case OP_LOOKUP:
      secret_password_lookup (schema, wait.cancellable, on_keyring_done_cb, &wait,
                              "account", account_name, NULL);
      break;
    case OP_CLEAR:
      secret_password_clear (schema, wait.cancellable, on_keyring_done_cb, &wait,
                             "account", account_name, NULL);
      break;
    }

  while (wait.result == NULL)
    g_main_context_iteration (wait.context, TRUE);

  switch (op)
    {
    case OP_STORE:
      ok = secret_password_store_finish (wait.result, &local);
      break;
    case OP_LOOKUP:
      *out_password = secret_password_lookup_finish (wait.result, &local);
      ok = local == NULL;
      break;
    case OP_CLEAR:
      /* FALSE with no error: there was nothing to clear. */
      secret_password_clear_finish (wait.result, &local);
      ok = local == NULL;
      break;
    }
  if (!ok)
    {
      /* libsecret keeps its connection to a keyring daemon that went away;
       * drop it so the next call finds the daemon if it came back. */
      if (local != NULL && !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        secret_service_disconnect ();
      set_keyring_error (error, local, wait.timed_out);
    }

  g_source_destroy (timeout);
  g_source_unref (timeout);
  g_cancellable_disconnect (cancellable, handler);
  g_clear_object (&wait.result);
  /* Let libsecret finish what it queued on this context before it goes. */
  while (g_main_context_iteration (wait.context, FALSE))
    ;
  g_main_context_pop_thread_default (wait.context);
  g_main_context_unref (wait.context);
  g_object_unref (wait.cancellable);
  return ok;
}

/**
 * herald_keyring_store_password:
 *
 * Stores @password for the account in the default keyring, replacing any
 * older one. Blocks for at most the keyring timeout.
 */
gboolean
herald_keyring_store_password (const char    *account_name,
                               const char    *password,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_return_val_if_fail (password != NULL, FALSE);
  return run_keyring_op (OP_STORE, &account_schema, account_name, password, NULL, cancellable, error);
}

/**
 * herald_keyring_lookup_password:
 *
 * Returns: (transfer full) (nullable): the password, to free with
 *   herald_password_free(); %NULL with no error when none is stored
 */
char *
herald_keyring_lookup_password (const char    *account_name,
                                GCancellable  *cancellable,
                                GError       **error)
{
  char *password = NULL;

  if (!run_keyring_op (OP_LOOKUP, &account_schema, account_name, NULL, &password, cancellable, error))
    return NULL;
  return password;
}

/**
 * herald_keyring_require_password:
 *
 * herald_keyring_lookup_password() for sending: a password that is not
 * stored is an error that says where to enter it.
 *
 * Returns: (transfer full): the password, or %NULL with @error set
 */
char *
herald_keyring_require_password (const char    *account_name,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  GError *local = NULL;
  char *password = herald_keyring_lookup_password (account_name, cancellable, &local);

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (password == NULL)
    g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_NO_PASSWORD,
                 /* TRANSLATORS: %s is an account's name */
                 _("The keyring has no password for the account “%s”. "
                   "Enter it in Preferences › Accounts."),
                 account_name);
  return password;
}

gboolean
herald_keyring_clear_password (const char    *account_name,
                               GCancellable  *cancellable,
                               GError       **error)
{
  return run_keyring_op (OP_CLEAR, &account_schema, account_name, NULL, NULL, cancellable, error);
}

typedef struct
{
  char *account_name;
  char *password;
} KeyringTask;

static void
keyring_task_free (KeyringTask *data)
{
  g_free (data->account_name);
  secret_password_free (data->password);
  g_free (data);
}

static void
lookup_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  KeyringTask *data = task_data;
  GError *error = NULL;
  char *password = herald_keyring_lookup_password (data->account_name, cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

/* Runs @func in a worker thread on the account's name (and @password). */
static void
run_keyring_task (const char          *account_name,
                  const char          *password,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             source_tag,
                  GTaskThreadFunc      func)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  KeyringTask *data = g_new0 (KeyringTask, 1);

  data->account_name = g_strdup (account_name);
  data->password = g_strdup (password);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) keyring_task_free);
  g_task_run_in_thread (task, func);
}

/**
 * herald_keyring_lookup_password_async:
 *
 * Looks the password up in a worker thread; for the window.
 */
void
herald_keyring_lookup_password_async (const char          *account_name,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  run_keyring_task (account_name, NULL, cancellable, callback, user_data,
                    herald_keyring_lookup_password_async, lookup_thread);
}

/**
 * herald_keyring_lookup_password_finish:
 *
 * Returns: (transfer full) (nullable): as herald_keyring_lookup_password()
 */
char *
herald_keyring_lookup_password_finish (GAsyncResult  *result,
                                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  KeyringTask *data = task_data;
  GError *error = NULL;

  if (herald_keyring_store_password (data->account_name, data->password, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
herald_keyring_store_password_async (const char          *account_name,
                                     const char          *password,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  run_keyring_task (account_name, password, cancellable, callback, user_data,
                    herald_keyring_store_password_async, store_thread);
}

gboolean
herald_keyring_store_password_finish (GAsyncResult  *result,
                                      GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * herald_keyring_store_mailbox_password:
 *
 * Stores the password of the account's mailbox, when it is not the
 * account's own. Blocks for at most the keyring timeout.
 */
gboolean
herald_keyring_store_mailbox_password (const char    *account_name,
                                       const char    *password,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  g_return_val_if_fail (password != NULL, FALSE);
  return run_keyring_op (OP_STORE, &mailbox_schema, account_name, password, NULL, cancellable, error);
}

/**
 * herald_keyring_lookup_mailbox_password:
 *
 * Returns: (transfer full) (nullable): the mailbox's own password, to free
 *   with herald_password_free(); %NULL with no error when it has none
 */
char *
herald_keyring_lookup_mailbox_password (const char    *account_name,
                                        GCancellable  *cancellable,
                                        GError       **error)
{
  char *password = NULL;

  if (!run_keyring_op (OP_LOOKUP, &mailbox_schema, account_name, NULL, &password, cancellable, error))
    return NULL;
  return password;
}

gboolean
herald_keyring_clear_mailbox_password (const char    *account_name,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  return run_keyring_op (OP_CLEAR, &mailbox_schema, account_name, NULL, NULL, cancellable, error);
}
