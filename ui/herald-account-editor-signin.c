/* herald-account-editor-signin.c — the account editor's sign-in with
 * Google and Microsoft
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the Google and Microsoft presets a row under Provider offers "Sign
 * in with Google/Microsoft": the loopback flow of herald-oauth-flow.c runs
 * in a thread, the browser is opened by the desktop (gtk_show_uri_full(),
 * the OpenURI portal under Flatpak; GtkUriLauncher needs GTK 4.10 and the
 * project builds against 4.8), and a dialog shows the address to copy
 * into a browser by hand, with Cancel. The refresh token stays in this
 * dialog's memory until Save hands it to the keyring, like a typed
 * password; the account then saves as one that signs in (XOAUTH2). When
 * GNOME Online Accounts has an account of the provider, the row offers
 * "Use the Account from Online Accounts" instead: nothing goes to the
 * keyring, and the sender asks GOA for tokens (herald-goa.c).
 */
#define G_LOG_DOMAIN "herald-account-editor"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "herald-account-editor-private.h"
#include "herald-base.h"
#include "herald-dialog.h"
#include "herald-goa.h"
#include "herald-oauth.h"

/* How long the browser has to come back. */
#define SIGN_IN_SECONDS 300

typedef struct
{
  char         *provider_id;
  char         *login_hint;
  GWeakRef      editor;
  GMainContext *main_context;
} SignInJob;

static void
sign_in_job_free (SignInJob *job)
{
  g_free (job->provider_id);
  g_free (job->login_hint);
  g_weak_ref_clear (&job->editor);
  g_main_context_unref (job->main_context);
  g_free (job);
}

/* The oauth provider of the chosen preset, or NULL. */
static const char *
chosen_provider (HeraldAccountEditor *self)
{
  const HeraldProviderPreset *preset = _herald_account_editor_get_preset (self);

  return preset != NULL ? herald_oauth_provider_for_preset (preset->name) : NULL;
}

static const char *
provider_title (const char *provider_id)
{
  return g_strcmp0 (provider_id, "microsoft") == 0 ? "Microsoft" : "Google";
}

/* The address to sign in as: the user name, else the From address. */
static char *
dup_address (HeraldAccountEditor *self)
{
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  const char *from = gtk_editable_get_text (GTK_EDITABLE (self->from_row));

  if (user != NULL && strchr (user, '@') != NULL)
    return g_strstrip (g_strdup (user));
  return from != NULL && *from != '\0' ? herald_dup_bare_address (from) : NULL;
}

static void
forget_sign_in (HeraldAccountEditor *self)
{
  g_clear_pointer (&self->signed_in_token, herald_password_free);
  g_clear_pointer (&self->signed_in_provider, g_free);
  g_clear_pointer (&self->signed_in_goa_id, g_free);
}

static void
update_row (HeraldAccountEditor *self)
{
  const char *provider = chosen_provider (self);
  g_autofree char *button = NULL;
  g_autofree char *status = NULL;
  gboolean goa = FALSE, can_sign_in;

  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_row), provider != NULL);
  if (provider == NULL)
    return;
  /* A copy of Herald built without a client ID for this provider cannot
   * sign in itself: no button that could only fail (with words meant for
   * whoever built it); Online Accounts may still offer one. */
  {
    HeraldOAuthProvider settings;

    can_sign_in = herald_oauth_provider_get (provider, &settings, NULL);
  }
  /* TRANSLATORS: %s is Google or Microsoft */
  button = g_strdup_printf (_("Sign in with %s"), provider_title (provider));
  gtk_button_set_label (self->sign_in_button, button);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), self->sign_in_cancellable == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_button), can_sign_in);
  for (guint i = 0; self->goa_accounts != NULL && i < self->goa_accounts->len; i++)
    goa |= g_strcmp0 (((HeraldGoaAccount *) g_ptr_array_index (self->goa_accounts, i))->oauth_provider,
                      provider) == 0;
  gtk_widget_set_visible (GTK_WIDGET (self->goa_button), goa);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_row),
                          can_sign_in || goa || self->signed_in_token != NULL || self->signed_in_goa_id != NULL ||
                          (self->original != NULL && self->original->oauth_provider != NULL));

  if (self->signed_in_goa_id != NULL)
    status = g_strdup (_("Uses the account from Online Accounts. Save to keep it."));
  else if (self->signed_in_token != NULL)
    /* TRANSLATORS: %s is Google or Microsoft */
    status = g_strdup_printf (_("Signed in with %s. Save to keep the sign-in."),
                              provider_title (self->signed_in_provider));
  else if (self->original != NULL && self->original->goa_id != NULL)
    status = g_strdup (_("Takes its sign-in from Online Accounts."));
  else if (self->original != NULL && self->original->oauth_provider != NULL)
    /* TRANSLATORS: %s is Google or Microsoft */
    status = g_strdup_printf (_("Signed in with %s."), provider_title (self->original->oauth_provider));
  else
    status = g_strdup (_("Sign in instead of a password, or use an app password below."));
  adw_action_row_set_subtitle (self->sign_in_row, status);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row),
                            self->signed_in_token == NULL && self->signed_in_goa_id == NULL &&
                            (self->original == NULL || self->original->oauth_provider == NULL));
}

/* ---- GNOME Online Accounts ---------------------------------------------- */

static void
list_goa_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *accounts = herald_goa_list_accounts (cancellable, &error);

  /* No Online Accounts on this desktop is no error here: nothing to offer. */
  if (accounts == NULL)
    g_debug ("no GNOME Online Accounts: %s", error->message);
  g_task_return_pointer (task, accounts, accounts != NULL ? (GDestroyNotify) g_ptr_array_unref : NULL);
}

static void
on_goa_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  HeraldAccountEditor *self = HERALD_ACCOUNT_EDITOR (source);
  GPtrArray *accounts = g_task_propagate_pointer (G_TASK (result), NULL);

  if (accounts == NULL)
    return;
  g_clear_pointer (&self->goa_accounts, g_ptr_array_unref);
  self->goa_accounts = accounts;
  update_row (self);
}

static void
on_goa_button_clicked_cb (HeraldAccountEditor *self)
{
  const char *provider = chosen_provider (self);
  g_autofree char *address = dup_address (self);
  g_autoptr(GError) error = NULL;
  const HeraldGoaAccount *goa;

  if (provider == NULL || self->goa_accounts == NULL)
    return;
  goa = herald_goa_find (self->goa_accounts, provider, address, NULL, &error);
  if (goa == NULL)
    {
      _herald_account_editor_show_error (self, error->message);
      return;
    }
  _herald_account_editor_show_error (self, NULL);
  forget_sign_in (self);
  self->signed_in_provider = g_strdup (provider);
  self->signed_in_goa_id = g_strdup (goa->id);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->user_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->user_row),
                           goa->smtp_user != NULL ? goa->smtp_user : goa->email != NULL ? goa->email : address);
  update_row (self);
}

/* ---- Herald's own sign-in --------------------------------------------- */

/* Tests only: HERALD_TEST_BROWSER names a program that plays the browser
 * (tests/ui/test-signin.py sets it; no desktop browser runs there). */
static void
open_browser (HeraldAccountEditor *self,
              const char          *url)
{
  const char *test_browser = g_getenv ("HERALD_TEST_BROWSER");

  if (test_browser != NULL && *test_browser != '\0')
    {
      const char *argv[] = { test_browser, url, NULL };
      g_autoptr(GError) error = NULL;

      if (!g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &error))
        g_warning ("the test browser did not start: %s", error->message);
      return;
    }
  gtk_show_uri_full (GTK_WINDOW (self), url, GDK_CURRENT_TIME, NULL, NULL, NULL);
}

static void
on_copy_clicked_cb (GtkButton *button,
                    GtkLabel  *label)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), gtk_label_get_text (label));
  gtk_button_set_label (button, _("Copied"));
}

static void
on_dialog_response_cb (AdwMessageDialog    *dialog,
                       const char          *response,
                       HeraldAccountEditor *self)
{
  /* Cancel (or Escape): the sign-in stops; its listener goes. */
  if (self->sign_in_cancellable != NULL)
    g_cancellable_cancel (self->sign_in_cancellable);
  self->sign_in_dialog = NULL;
}

static void
show_dialog (HeraldAccountEditor *self,
             const char          *url)
{
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box, *label, *copy;

  /* TRANSLATORS: %s is Google or Microsoft */
  heading = g_strdup_printf (_("Sign In with %s"), provider_title (chosen_provider (self)));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
      _("Finish signing in in your browser; Herald waits here. If no browser opened, copy this "
        "address into a browser on this computer.")));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  label = gtk_label_new (url);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  {
    /* Wrapped, an address must read as it is: no hyphens added. */
    PangoAttrList *attrs = pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
    gtk_label_set_attributes (GTK_LABEL (label), attrs);
    pango_attr_list_unref (attrs);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("The address of the sign-in page"), -1);
  copy = gtk_button_new_with_mnemonic (_("_Copy Address"));
  gtk_widget_set_halign (copy, GTK_ALIGN_CENTER);
  g_signal_connect (copy, "clicked", G_CALLBACK (on_copy_clicked_cb), label);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), copy);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_dialog_response_cb), self, 0);
  herald_dialog_name_buttons (GTK_WIDGET (dialog));
  self->sign_in_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  GWeakRef  editor;
  char     *url;
} UrlShown;

static gboolean
show_url_idle (gpointer user_data)
{
  UrlShown *shown = user_data;
  g_autoptr(HeraldAccountEditor) self = g_weak_ref_get (&shown->editor);

  if (self != NULL && self->sign_in_cancellable != NULL &&
      !g_cancellable_is_cancelled (self->sign_in_cancellable))
    {
      show_dialog (self, shown->url);
      open_browser (self, shown->url);
    }
  g_weak_ref_clear (&shown->editor);
  g_free (shown->url);
  g_free (shown);
  return G_SOURCE_REMOVE;
}

/* Called in the sign-in's thread: the dialog and the browser are the
 * main thread's. */
static void
on_url_cb (const char *url,
           gpointer    user_data)
{
  SignInJob *job = user_data;
  UrlShown *shown = g_new0 (UrlShown, 1);
  g_autoptr(GObject) editor = g_weak_ref_get (&job->editor);

  g_weak_ref_init (&shown->editor, editor);
  shown->url = g_strdup (url);
  g_main_context_invoke (job->main_context, show_url_idle, shown);
}

static void
sign_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SignInJob *job = task_data;
  GError *error = NULL;
  HeraldOAuthTokens *tokens;

  tokens = herald_oauth_sign_in (job->provider_id, job->login_hint, on_url_cb, job,
                                 SIGN_IN_SECONDS, cancellable, &error);
  if (tokens == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, tokens, (GDestroyNotify) herald_oauth_tokens_free);
}

static void
on_sign_in_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  HeraldAccountEditor *self = HERALD_ACCOUNT_EDITOR (source);
  SignInJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldOAuthTokens) tokens = g_task_propagate_pointer (G_TASK (result), &error);

  /* The editor was closed meanwhile: its rows are gone. */
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable) || self->sign_in_row == NULL)
    return;
  g_clear_object (&self->sign_in_cancellable);
  /* Cancelled: by the dialog's Cancel, or because the editor went. */
  if (tokens == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL && self->sign_in_row != NULL)
        update_row (self);
      return;
    }
  if (self->sign_in_dialog != NULL)
    {
      AdwMessageDialog *dialog = self->sign_in_dialog;

      self->sign_in_dialog = NULL;
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  if (tokens == NULL)
    {
      _herald_account_editor_show_error (self, error->message);
      update_row (self);
      return;
    }
  forget_sign_in (self);
  self->signed_in_provider = g_strdup (job->provider_id);
  self->signed_in_token = g_steal_pointer (&tokens->refresh_token);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->user_row)) == '\0' && job->login_hint != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->user_row), job->login_hint);
  _herald_account_editor_show_error (self, NULL);
  update_row (self);
}

static void
on_sign_in_button_clicked_cb (HeraldAccountEditor *self)
{
  const char *provider = chosen_provider (self);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  HeraldOAuthProvider config;
  SignInJob *job;

  if (provider == NULL || self->sign_in_cancellable != NULL)
    return;
  /* No client ID in this build: say so now, not after the browser. */
  if (!herald_oauth_provider_get (provider, &config, &error))
    {
      _herald_account_editor_show_error (self, error->message);
      return;
    }
  job = g_new0 (SignInJob, 1);
  job->provider_id = g_strdup (provider);
  job->login_hint = dup_address (self);
  g_weak_ref_init (&job->editor, self);
  job->main_context = g_main_context_ref_thread_default ();
  self->sign_in_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->sign_in_cancellable, on_sign_in_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) sign_in_job_free);
  g_task_run_in_thread (task, sign_in_thread);
  update_row (self);
}

/* ---- the row ------------------------------------------------------------ */

static void
on_provider_changed_cb (HeraldAccountEditor *self)
{
  const char *provider = chosen_provider (self);

  /* A sign-in belongs to its provider. */
  if (self->signed_in_provider != NULL && g_strcmp0 (provider, self->signed_in_provider) != 0)
    forget_sign_in (self);
  update_row (self);
  if (provider != NULL && self->goa_accounts == NULL && !self->goa_asked)
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_goa_listed_cb, NULL);

      self->goa_asked = TRUE;
      g_task_run_in_thread (task, list_goa_thread);
    }
}

void
_herald_account_editor_signin_init (HeraldAccountEditor *self)
{
  GtkWidget *list = gtk_widget_get_parent (GTK_WIDGET (self->provider_row));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->sign_in_row = ADW_ACTION_ROW (adw_action_row_new ());
  /* TRANSLATORS: a row of the account dialog: signing in instead of a password */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sign_in_row), _("Sign-In"));
  adw_action_row_set_subtitle_lines (self->sign_in_row, 0);
  self->sign_in_button = GTK_BUTTON (gtk_button_new_with_label (""));
  self->goa_button = GTK_BUTTON (gtk_button_new_with_label (_("Use the Account from Online Accounts")));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->goa_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Take the sign-in from Settings → Online Accounts"), -1);
  for (GtkWidget *b = GTK_WIDGET (self->goa_button); b != NULL;
       b = b == GTK_WIDGET (self->goa_button) ? GTK_WIDGET (self->sign_in_button) : NULL)
    {
      gtk_widget_set_valign (b, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), b);
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->sign_in_button), "suggested-action");
  gtk_widget_set_visible (GTK_WIDGET (self->goa_button), FALSE);
  adw_action_row_add_suffix (self->sign_in_row, box);
  g_signal_connect_object (self->sign_in_button, "clicked", G_CALLBACK (on_sign_in_button_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->goa_button, "clicked", G_CALLBACK (on_goa_button_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  /* Right under the Provider row (the group's list box). */
  if (GTK_IS_LIST_BOX (list))
    gtk_list_box_insert (GTK_LIST_BOX (list), GTK_WIDGET (self->sign_in_row),
                         gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (self->provider_row)) + 1);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_row), FALSE);
  g_signal_connect_object (self->provider_row, "notify::selected", G_CALLBACK (on_provider_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

/* The editor shows @account (an existing one): the row's words follow it. */
void
_herald_account_editor_signin_load (HeraldAccountEditor *self)
{
  on_provider_changed_cb (self);
}

void
_herald_account_editor_signin_dispose (HeraldAccountEditor *self)
{
  if (self->sign_in_cancellable != NULL)
    g_cancellable_cancel (self->sign_in_cancellable);
  g_clear_object (&self->sign_in_cancellable);
  if (self->sign_in_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->sign_in_dialog)));
  forget_sign_in (self);
  g_clear_pointer (&self->goa_accounts, g_ptr_array_unref);
  /* Template children, gone with the editor's template. */
  self->sign_in_row = NULL;
  self->sign_in_button = NULL;
  self->goa_button = NULL;
}

/**
 * _herald_account_editor_signin_apply:
 *
 * Makes @account one that signs in, when the person signed in (or chose
 * the Online Accounts account) in this dialog.
 */
void
_herald_account_editor_signin_apply (HeraldAccountEditor *self,
                                     HeraldAccount       *account)
{
  if (self->signed_in_token == NULL && self->signed_in_goa_id == NULL)
    return;
  g_free (account->oauth_provider);
  account->oauth_provider = g_strdup (self->signed_in_provider);
  g_free (account->goa_id);
  account->goa_id = g_strdup (self->signed_in_goa_id);
  if (account->username == NULL)
    account->username = herald_dup_bare_address (account->from);
}

/**
 * _herald_account_editor_signin_dup_secret:
 *
 * Returns: (transfer full) (nullable): the refresh token of a sign-in in
 *   this dialog, for the keyring; NULL when there was none (or the
 *   account takes its tokens from Online Accounts)
 */
char *
_herald_account_editor_signin_dup_secret (HeraldAccountEditor *self)
{
  return g_strdup (self->signed_in_token);
}
