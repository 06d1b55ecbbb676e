/* herald-account-editor-test.c — the account editor's Test button
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Connects, authenticates and quits with what the editor holds (the typed
 * password, or the keyring's, or a fresh access token for an account that
 * signs in), as one of the session's jobs, and shows what the server
 * offered. Nothing is saved.
 */
#define G_LOG_DOMAIN "herald-account-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-account-editor.h"
#include "herald-account-editor-private.h"
#include "herald-oauth.h"
#include "herald-transport.h"

typedef struct
{
  HeraldAccount *account;
  char          *password;       /* typed, or NULL */
  char          *keyring_name;   /* look the password up under this name, or NULL */
  char          *refresh_token;  /* a sign-in made in the dialog, not saved yet, or NULL */
  char          *summary;        /* the result */
} TestData;

static void
test_data_free (TestData *data)
{
  herald_account_free (data->account);
  herald_password_free (data->password);
  g_free (data->keyring_name);
  herald_password_free (data->refresh_token);
  g_free (data->summary);
  g_free (data);
}

static gboolean
test_job (HeraldStore   *store,
          gpointer       user_data,
          GCancellable  *cancellable,
          GError       **error)
{
  TestData *data = user_data;
  g_autoptr(HeraldTransport) transport = NULL;
  GError *local = NULL;
  char *stored = NULL;
  const char *password = data->password;

  /* Signed in in this dialog: its own refresh token, never a password or
   * the keyring's old secret (which must not go to the token endpoint). */
  if (data->refresh_token != NULL)
    {
      g_autoptr(HeraldOAuthTokens) tokens = herald_oauth_refresh (data->account, data->refresh_token,
                                                                  cancellable, error);

      if (tokens == NULL)
        return FALSE;
      password = stored = g_strdup (tokens->access_token);
    }
  /* An account that signs in: the keyring holds its refresh token (or
   * Online Accounts gives the token); log in with a fresh access token. */
  else if (data->account->oauth_provider != NULL && (data->keyring_name != NULL || data->account->goa_id != NULL))
    {
      stored = herald_oauth_fresh_access_token (data->account, cancellable, error);
      if (stored == NULL)
        return FALSE;
      password = stored;
    }
  else if (password == NULL && data->keyring_name != NULL)
    {
      stored = herald_keyring_lookup_password (data->keyring_name, cancellable, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      password = stored;
    }
  if (password == NULL && data->account->username != NULL)
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   _("Type the password to test logging in as “%s”."),
                   data->account->username);
      return FALSE;
    }

  transport = herald_transport_new_for_account (data->account, password, error);
  if (stored != NULL)
    herald_password_free (stored);
  if (transport == NULL || !herald_transport_open (transport, cancellable, error))
    return FALSE;
  herald_transport_close (transport);
  data->summary = g_strdup (herald_transport_get_summary (transport));
  return TRUE;
}

/* @style: "success", "error" or NULL while the test runs */
static void
show_test_result (HeraldAccountEditor *self,
                  const char          *text,
                  const char          *style)
{
  _herald_account_editor_show_result (self->test_result_label, text, style);
}

static void
on_test_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HeraldAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  TestData *data = NULL;
  g_autofree char *summary = NULL;

  /* After a cancel, the job may still be using its data: not read then. */
  if (herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &data, &error))
    summary = g_steal_pointer (&data->summary);

  /* The dialog was closed: nothing left to show it in. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  g_clear_object (&self->test_cancellable);
  _herald_account_editor_update_actions (self);

  /* The summary reads like "connected to smtp.example.com:587, STARTTLS,
   * AUTH PLAIN accepted"; the transport translated it. */
  if (summary != NULL)
    show_test_result (self, summary, "success");
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_test_result (self, _("The test was stopped."), "error");
  else
    show_test_result (self, error->message, "error");
}

static void
test_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HeraldAccountEditor *self = HERALD_ACCOUNT_EDITOR (widget);
  HeraldAccount *account;
  TestData *data;

  if (self->test_cancellable != NULL)
    return;
  /* The session runs the test, though it does not touch the store. */
  account = _herald_account_editor_build_or_explain (self);
  if (account == NULL)
    return;

  /* A test is a short look: do not wait the 10 minutes a send may wait. */
  account->response_timeout = 60;
  account->connect_timeout = 30;
  data = g_new0 (TestData, 1);
  data->account = account;
  /* A sign-in made in this dialog counts, as Save would keep it. */
  _herald_account_editor_signin_apply (self, account);
  data->refresh_token = _herald_account_editor_signin_dup_secret (self);
  if (data->refresh_token == NULL && account->oauth_provider == NULL)
    data->password = _herald_account_editor_dup_typed_password (self);
  if (data->refresh_token == NULL && data->password == NULL && self->original != NULL &&
      (account->username != NULL || account->kind == HERALD_ACCOUNT_API) &&
      (account->oauth_provider == NULL || self->original->oauth_provider != NULL))
    data->keyring_name = g_strdup (self->original->name);

  self->test_cancellable = g_cancellable_new ();
  show_test_result (self, _("Connecting…"), NULL);
  _herald_account_editor_update_actions (self);

  /* Stop answers at once; a connection still being made ends in its thread. */
  herald_session_run_async (self->session, HERALD_SESSION_JOB_NO_STORE | HERALD_SESSION_JOB_RETURN_ON_CANCEL,
                            test_job, data, (GDestroyNotify) test_data_free,
                            self->test_cancellable, on_test_done_cb, g_object_ref (self));
}

static void
on_test_cancel_button_clicked_cb (HeraldAccountEditor *self)
{
  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
}

void
_herald_account_editor_test_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_test_cancel_button_clicked_cb);
  gtk_widget_class_install_action (widget_class, "editor.test", NULL, test_activated);
}
