/* herald-account-editor.c — add or change one sending account
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The typed password lives only in the password row until Save hands it to
 * the keyring (or Test to the transport, for one connection). Saving and
 * testing run as the session's jobs: the dialog never waits on the disk,
 * the keyring or the network, and stays open with what was typed when any
 * of them fails.
 */
#define G_LOG_DOMAIN "herald-account-editor"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "herald-account-editor.h"
#include "herald-account-editor-private.h"
#include "herald-dialog.h"
#include "herald-page-common.h"

G_DEFINE_FINAL_TYPE (HeraldAccountEditor, herald_account_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* The combo row's positions, in the order of the .ui file's string list. */
static const HeraldSecurity securities[] = {
  HERALD_SECURITY_STARTTLS,
  HERALD_SECURITY_TLS,
  HERALD_SECURITY_NONE,
};

/* Clears the memory before freeing it; fine for g_malloc()ed strings too. */
#define wipe_password herald_password_free

static guint
default_port (HeraldSecurity security)
{
  HeraldAccount probe = { .security = security };

  return herald_account_get_port (&probe);
}

static const char *
security_explanation (HeraldSecurity security)
{
  switch (security)
    {
    case HERALD_SECURITY_TLS:
      return _("Encrypted from the first byte. Usually port 465.");
    case HERALD_SECURITY_NONE:
      return _("No encryption: the password and every message would cross the network "
               "readable, so this is allowed only to a server on this computer "
               "(localhost, 127.0.0.1 or ::1), such as a local relay. Usually port 25.");
    case HERALD_SECURITY_STARTTLS:
    default:
      return _("Connects, then switches to encryption with STARTTLS before logging in; "
               "Herald never goes on without it. Usually port 587.");
    }
}

static HeraldSecurity
get_security (HeraldAccountEditor *self)
{
  guint position = adw_combo_row_get_selected (self->security_row);

  return position < G_N_ELEMENTS (securities) ? securities[position] : HERALD_SECURITY_STARTTLS;
}

static char *
dup_row_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

void
_herald_account_editor_show_error (HeraldAccountEditor *self,
                                   const char          *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  /* The message is at the top: Save and Test may be pressed far below it. */
  if (message != NULL)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
}

void
_herald_account_editor_update_actions (HeraldAccountEditor *self)
{
  gboolean testing = self->test_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test", !testing && !self->saving);
  gtk_widget_set_visible (GTK_WIDGET (self->test_cancel_button), testing);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), testing);
  gtk_spinner_set_spinning (self->test_spinner, testing);
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), self->saving);
  gtk_spinner_set_spinning (self->save_spinner, self->saving);
}

static gboolean
set_unsubscribe (HeraldAccount  *account,
                 AdwEntryRow    *row,
                 const char     *prefix,
                 GError        **error)
{
  g_autofree char *text = dup_row_text (row);

  if (text == NULL)
    return TRUE;
  /* A bare address in the mailto row is what most people type. */
  if (g_str_equal (prefix, "mailto:") && !g_str_has_prefix (text, "mailto:") &&
      strchr (text, '@') != NULL && strchr (text, ':') == NULL)
    {
      char *with_scheme = g_strconcat ("mailto:", text, NULL);
      g_free (text);
      text = with_scheme;
    }
  if (!g_str_has_prefix (text, prefix))
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   g_str_equal (prefix, "mailto:")
                   ? _("The unsubscribe address must start with “mailto:”, e.g. “mailto:unsubscribe@example.com”.")
                   : _("The unsubscribe link must start with “https://”, e.g. “https://example.com/unsubscribe”."));
      return FALSE;
    }
  return herald_account_set_unsubscribe (account, text, error);
}

/* The account as the dialog shows it, checked; never holds the password. */
HeraldAccount *
_herald_account_editor_build_account (HeraldAccountEditor  *self,
                                      GError              **error)
{
  g_autoptr(HeraldAccount) account = NULL;

  /* Take what was typed into a spin button but not yet confirmed. */
  gtk_spin_button_update (self->port_spin);
  gtk_spin_button_update (self->per_second_spin);
  gtk_spin_button_update (self->per_minute_spin);
  gtk_spin_button_update (self->per_hour_spin);
  gtk_spin_button_update (self->daily_cap_spin);
  gtk_spin_button_update (self->connections_spin);

  account = self->original != NULL ? herald_account_copy (self->original) : herald_account_new ();
  account->kind = HERALD_ACCOUNT_SMTP;
  g_clear_pointer (&account->name, g_free);
  g_clear_pointer (&account->host, g_free);
  g_clear_pointer (&account->username, g_free);
  g_clear_pointer (&account->from, g_free);
  g_clear_pointer (&account->reply_to, g_free);
  g_clear_pointer (&account->ca_file, g_free);
  g_clear_pointer (&account->unsubscribe_mailto, g_free);
  g_clear_pointer (&account->unsubscribe_url, g_free);

  account->name = dup_row_text (self->name_row);
  account->host = dup_row_text (self->host_row);
  account->security = get_security (self);
  account->port = (guint) gtk_spin_button_get_value_as_int (self->port_spin);
  account->username = dup_row_text (self->user_row);
  account->from = dup_row_text (self->from_row);
  account->reply_to = dup_row_text (self->reply_to_row);
  account->ca_file = dup_row_text (self->ca_row);
  account->rate_per_second = gtk_spin_button_get_value (self->per_second_spin);
  account->rate_per_minute = (gint64) gtk_spin_button_get_value (self->per_minute_spin);
  account->rate_per_hour = (gint64) gtk_spin_button_get_value (self->per_hour_spin);
  account->daily_cap = (gint64) gtk_spin_button_get_value (self->daily_cap_spin);
  account->connections = (guint) gtk_spin_button_get_value_as_int (self->connections_spin);
  account->unsubscribe_token_in_address = gtk_switch_get_active (self->token_in_address_switch);
  account->charset = gtk_switch_get_active (self->jis_switch) ? HERALD_CHARSET_ISO_2022_JP : HERALD_CHARSET_UTF8;
  account->mobile_text_only = gtk_switch_get_active (self->mobile_text_switch);
  if (!_herald_account_editor_read_quiet_hours (self, account, error) ||
      !_herald_account_editor_api_apply (self, account, error))
    return NULL;

  if (account->ca_file != NULL && !g_path_is_absolute (account->ca_file))
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   _("Give the CA certificate as a full path, or choose the file with the button beside it."));
      return NULL;
    }
  _herald_account_editor_presets_apply (self, account);
  _herald_account_editor_signin_apply (self, account);
  if (!set_unsubscribe (account, self->unsubscribe_mailto_row, "mailto:", error) ||
      !set_unsubscribe (account, self->unsubscribe_url_row, "https://", error) ||
      !herald_account_validate (account, error))
    return NULL;
  return g_steal_pointer (&account);
}

/* The account as the dialog shows it, for Save and Test, which need the
 * session; or NULL after the dialog has said why there is none (a field is
 * wrong, or the database is still opening). */
HeraldAccount *
_herald_account_editor_build_or_explain (HeraldAccountEditor *self)
{
  g_autoptr(GError) error = NULL;
  HeraldAccount *account;

  account = _herald_account_editor_build_account (self, &error);
  _herald_account_editor_show_error (self, error != NULL ? error->message : NULL);
  if (account != NULL && self->session == NULL)
    {
      g_clear_pointer (&account, herald_account_free);
      _herald_account_editor_show_error (self, _("The database is still opening. Try again in a moment."));
    }
  return account;
}

/* @style: "success", "error" or NULL while the work it reports on runs */
void
_herald_account_editor_show_result (GtkLabel   *label,
                                    const char *text,
                                    const char *style)
{
  GtkWidget *widget = GTK_WIDGET (label);

  gtk_label_set_text (label, text);
  gtk_widget_set_visible (widget, TRUE);
  gtk_widget_remove_css_class (widget, "success");
  gtk_widget_remove_css_class (widget, "error");
  if (style != NULL)
    gtk_widget_add_css_class (widget, style);
}

/* The typed password, or NULL when the row is empty. */
static char *
dup_password (HeraldAccountEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

char *
_herald_account_editor_dup_typed_password (HeraldAccountEditor *self)
{
  return dup_password (self);
}

/* ---- security and port ------------------------------------------------ */

/* What the chosen security does, in the label under the Server group
 * (as the row's subtitle it cut the row's value to "STARTTL…"), and as
 * the row's description for screen readers. */
static void
show_security_hint (HeraldAccountEditor *self,
                    HeraldSecurity       security)
{
  gtk_label_set_text (self->security_hint, security_explanation (security));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->security_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  security_explanation (security), -1);
}

static void
on_security_row_selected_cb (HeraldAccountEditor *self)
{
  HeraldSecurity security = get_security (self);

  show_security_hint (self, security);
  /* Follow the usual port unless someone chose another one. */
  if ((guint) gtk_spin_button_get_value_as_int (self->port_spin) == default_port (self->security))
    gtk_spin_button_set_value (self->port_spin, default_port (security));
  self->security = security;
}

/* ---- the CA file ------------------------------------------------------ */

static void
on_ca_chooser_response_cb (HeraldAccountEditor  *self,
                           int                   response,
                           GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        set_row_text (self->ca_row, path);
      else
        adw_toast_overlay_add_toast (self->toast_overlay,
                                     adw_toast_new (_("Choose a file on this computer: libcurl reads the CA certificate from a path.")));
    }
  g_clear_object (&self->ca_chooser);
}

static void
on_ca_choose_button_clicked_cb (HeraldAccountEditor *self)
{
  g_autoptr(GtkFileFilter) pem = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->ca_chooser != NULL)
    return;
  self->ca_chooser = gtk_file_chooser_native_new (_("Choose a CA Certificate"), GTK_WINDOW (self),
                                                  GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (pem, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (pem, "*.pem");
  gtk_file_filter_add_pattern (pem, "*.crt");
  gtk_file_filter_add_pattern (pem, "*.cer");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->ca_chooser), pem);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->ca_chooser), all);
  g_signal_connect_object (self->ca_chooser, "response",
                           G_CALLBACK (on_ca_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->ca_chooser));
}

/* ---- Save --------------------------------------------------------------- */

/* Saving takes turns between the store and the keyring, each its own job:
 * the keyring may be slow, or ask to be unlocked, and must not hold up the
 * session's store meanwhile. */
typedef enum
{
  SAVE_CHECK_NAME,   /* the store: is the name free? */
  SAVE_PASSWORD,     /* the keyring: store the typed password, or move it */
  SAVE_ACCOUNT,      /* the store: the account itself */
  SAVE_CLEAN_UP,     /* the keyring: drop a password no account uses */
} SaveStep;

typedef struct
{
  SaveStep       step;
  HeraldAccount *account;
  char          *password;       /* typed, or NULL: keep the stored one */
  HeraldMailboxSettings *mailbox;  /* NULL: the account has no mailbox */
  char          *mailbox_password; /* the mailbox's own, typed, or NULL */
  char          *old_name;       /* renamed from this name, or NULL */
  gint64         id;             /* once saved */
  GError        *error;          /* the save failed: reported after the clean-up */
} SaveData;

static void
save_data_free (SaveData *data)
{
  herald_account_free (data->account);
  wipe_password (data->password);
  g_clear_pointer (&data->mailbox, herald_mailbox_settings_free);
  wipe_password (data->mailbox_password);
  g_free (data->old_name);
  g_clear_error (&data->error);
  g_free (data);
}

/* Another account already has the name? Asked before the keyring is
 * touched: storing first would replace that account's password. */
static gboolean
check_name_job (HeraldStore   *store,
                gpointer       user_data,
                GCancellable  *cancellable,
                GError       **error)
{
  SaveData *data = user_data;
  g_autoptr(HeraldAccount) existing = herald_account_load (store, data->account->name, NULL);

  if (existing != NULL && existing->id != data->account->id)
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_EXISTS,
                   _("There is already an account named “%s”. Choose another name."),
                   data->account->name);
      return FALSE;
    }
  return TRUE;
}

/* A renamed account keeps its password: the keyring files it by name. */
static gboolean
move_password (SaveData      *data,
               GCancellable  *cancellable,
               GError       **error)
{
  char *stored = herald_keyring_lookup_password (data->old_name, cancellable, error);
  gboolean ok;

  if (stored == NULL)
    return error == NULL || *error == NULL;
  ok = herald_keyring_store_password (data->account->name, stored, cancellable, error);
  herald_password_free (stored);
  return ok;
}

/* The keyring first: when it cannot be reached, nothing is saved and the
 * dialog keeps everything that was typed. */
static gboolean
password_job (HeraldStore   *store,
              gpointer       user_data,
              GCancellable  *cancellable,
              GError       **error)
{
  SaveData *data = user_data;

  if (data->mailbox_password != NULL)
    {
      if (!herald_keyring_store_mailbox_password (data->account->name, data->mailbox_password,
                                                  cancellable, error))
        return FALSE;
    }
  else if (data->old_name != NULL &&
           !_herald_account_editor_move_mailbox_password (data->old_name, data->account->name,
                                                          cancellable, error))
    return FALSE;
  if (data->password != NULL)
    return herald_keyring_store_password (data->account->name, data->password, cancellable, error);
  /* Online Accounts gives its tokens: nothing of its own to keep. */
  if (data->old_name != NULL && data->account->goa_id == NULL &&
      (data->account->username != NULL || data->account->kind == HERALD_ACCOUNT_API))
    return move_password (data, cancellable, error);
  return TRUE;
}

static gboolean
save_account_job (HeraldStore   *store,
                  gpointer       user_data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  SaveData *data = user_data;

  data->id = herald_account_save (store, data->account, error);
  if (data->id < 0)
    return FALSE;
  /* No server in the Mailbox group: the account reads no mailbox. */
  return herald_mailbox_settings_save (store, data->id, data->mailbox, error);
}

/* Never fails: what it could not clear stays in the keyring, as before. */
static gboolean
clean_up_job (HeraldStore   *store,
              gpointer       user_data,
              GCancellable  *cancellable,
              GError       **error)
{
  SaveData *data = user_data;

  if (data->error != NULL)
    {
      /* Take back a password that no account would use. */
      if (data->account->id == 0 && data->password != NULL)
        herald_keyring_clear_password (data->account->name, NULL, NULL);
      if (data->account->id == 0 && data->mailbox_password != NULL)
        herald_keyring_clear_mailbox_password (data->account->name, NULL, NULL);
    }
  else if (data->old_name != NULL)
    {
      herald_keyring_clear_password (data->old_name, cancellable, NULL);
      herald_keyring_clear_mailbox_password (data->old_name, cancellable, NULL);
    }
  /* An account that now takes its sign-in from Online Accounts keeps no
   * refresh token or password of its own in the keyring. */
  if (data->error == NULL && data->account->goa_id != NULL)
    herald_keyring_clear_password (data->account->name, cancellable, NULL);
  return TRUE;
}

static void on_save_step_done_cb (GObject      *source,
                                  GAsyncResult *result,
                                  gpointer      user_data);

static void
run_save_step (HeraldAccountEditor *self,
               SaveData            *data)
{
  static const struct
  {
    HeraldSessionJobFlags flags;
    HeraldSessionJob      func;
  } steps[] = {
    [SAVE_CHECK_NAME] = { HERALD_SESSION_JOB_SHARED, check_name_job },
    [SAVE_PASSWORD] = { HERALD_SESSION_JOB_NO_STORE, password_job },
    [SAVE_ACCOUNT] = { HERALD_SESSION_JOB_SHARED, save_account_job },
    [SAVE_CLEAN_UP] = { HERALD_SESSION_JOB_NO_STORE, clean_up_job },
  };

  /* The steps hand the data on, and the last one frees it. Only the
   * keyring's step was ever given the dialog's cancellable; the others
   * finish what it started. */
  herald_session_run_async (self->session, steps[data->step].flags, steps[data->step].func,
                            data, NULL,
                            data->step == SAVE_PASSWORD ? self->cancellable : NULL,
                            on_save_step_done_cb, g_object_ref (self));
}

static void
show_keyring_error (HeraldAccountEditor *self,
                    const char          *message)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("The Password Was Not Saved"),
                                                       NULL));
  /* TRANSLATORS: %s says why the keyring could not be used and what to do */
  adw_message_dialog_format_body (dialog, _("%s\n\nNothing was saved yet: the dialog keeps what you typed, "
                                            "so you can try again."),
                                  message);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  herald_dialog_name_buttons (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_done (HeraldAccountEditor *self,
           SaveData            *data)
{
  g_autofree char *name = g_strdup (data->account->name);
  gint64 id = data->id;

  self->saving = FALSE;
  _herald_account_editor_update_actions (self);

  if (data->error != NULL)
    {
      if (data->error->domain == HERALD_KEYRING_ERROR)
        show_keyring_error (self, data->error->message);
      else
        _herald_account_editor_show_error (self, data->error->message);
      save_data_free (data);
      return;
    }
  save_data_free (data);
  g_debug ("saved account %" G_GINT64_FORMAT, id);
  /* The keyring has it now: do not keep a copy in the widget. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->imap_password_row), "");
  g_signal_emit (self, signals[SAVED], 0, name);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_save_step_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(HeraldAccountEditor) self = user_data;
  SaveData *data = NULL;
  GError *error = NULL;
  gboolean ok;

  ok = herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &data, &error);
  if (!ok)
    data->error = error;

  /* Once the keyring has the password, the steps go on even when the
   * dialog was closed: the account is saved, or the password taken back. */
  if (data->step == SAVE_ACCOUNT || (ok && data->step != SAVE_CLEAN_UP))
    {
      data->step++;
      run_save_step (self, data);
      return;
    }

  /* The dialog was closed: nothing left to show it in. */
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      save_data_free (data);
      return;
    }
  save_done (self, data);
}

/* @account: (transfer full): checked, to be stored with the typed password */
static void
start_save (HeraldAccountEditor *self,
            HeraldAccount       *account)
{
  SaveData *data;

  data = g_new0 (SaveData, 1);
  data->step = SAVE_CHECK_NAME;
  data->account = account;
  /* A signed-in account's keyring entry is its sign-in: a typed password
   * must not replace it (the row is insensitive for such accounts); a
   * sign-in made in this dialog goes there. */
  data->password = account->oauth_provider == NULL ? dup_password (self)
                                                   : _herald_account_editor_signin_dup_secret (self);
  data->mailbox = _herald_account_editor_build_mailbox (self);
  data->mailbox_password = _herald_account_editor_dup_mailbox_password (self);
  if (self->original != NULL && g_strcmp0 (self->original->name, account->name) != 0)
    data->old_name = g_strdup (self->original->name);

  self->saving = TRUE;
  _herald_account_editor_update_actions (self);
  run_save_step (self, data);
}

static void
on_raise_response_cb (AdwMessageDialog    *dialog,
                      const char          *response,
                      HeraldAccountEditor *self)
{
  HeraldAccount *account = g_object_steal_data (G_OBJECT (dialog), "account");

  if (g_str_equal (response, "save") && !self->saving)
    start_save (self, account);
  else
    herald_account_free (account);
}

/* A limit above the provider's is allowed, but only when asked for. */
static void
confirm_raised (HeraldAccountEditor *self,
                HeraldAccount       *account,
                const char          *raised)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Send Faster Than the Provider Allows?"),
                                                       NULL));
  /* TRANSLATORS: %s names each limit above the provider's, one a line */
  adw_message_dialog_format_body (dialog, _("%s\n\nProviders block accounts that go over their limits. "
                                            "Keep the higher limits only if your plan allows them."),
                                  raised);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep Editing"),
                                    "save", _("_Save Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "account", account, (GDestroyNotify) herald_account_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_raise_response_cb), self, 0);
  herald_dialog_name_buttons (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HeraldAccountEditor *self = HERALD_ACCOUNT_EDITOR (widget);
  g_autofree char *raised = NULL;
  HeraldAccount *account;

  if (self->saving)
    return;
  account = _herald_account_editor_build_or_explain (self);
  if (account == NULL)
    return;

  raised = _herald_account_editor_dup_raised (self, account);
  if (raised != NULL)
    confirm_raised (self, account, raised);
  else
    start_save (self, account);
}

/* ---- the object ------------------------------------------------------- */

static void
fill_from_account (HeraldAccountEditor *self,
                   const HeraldAccount *account)
{
  guint position = 0;

  for (guint i = 0; i < G_N_ELEMENTS (securities); i++)
    if (securities[i] == account->security)
      position = i;

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Account"));
  set_row_text (self->name_row, account->name);
  set_row_text (self->host_row, account->host);
  adw_combo_row_set_selected (self->security_row, position);
  on_security_row_selected_cb (self);
  gtk_spin_button_set_value (self->port_spin, herald_account_get_port (account));
  set_row_text (self->user_row, account->username);
  set_row_text (self->ca_row, account->ca_file);
  set_row_text (self->from_row, account->from);
  set_row_text (self->reply_to_row, account->reply_to);
  set_row_text (self->unsubscribe_mailto_row, account->unsubscribe_mailto);
  set_row_text (self->unsubscribe_url_row, account->unsubscribe_url);
  gtk_switch_set_active (self->token_in_address_switch, account->unsubscribe_token_in_address);
  gtk_switch_set_active (self->jis_switch, account->charset == HERALD_CHARSET_ISO_2022_JP);
  gtk_switch_set_active (self->mobile_text_switch, account->mobile_text_only);
  gtk_spin_button_set_value (self->per_second_spin, account->rate_per_second);
  gtk_spin_button_set_value (self->per_minute_spin, (double) account->rate_per_minute);
  gtk_spin_button_set_value (self->per_hour_spin, (double) account->rate_per_hour);
  gtk_spin_button_set_value (self->daily_cap_spin, (double) account->daily_cap);
  gtk_spin_button_set_value (self->connections_spin, MAX (account->connections, 1));
  _herald_account_editor_set_quiet_hours (self, account->quiet_start, account->quiet_end);
  _herald_account_editor_api_load (self, account);
}

/* The provider's hint (app passwords, the server name to type, an API's
 * keys) under the Server group's title: as the Provider row's subtitle it
 * squeezed the provider's name to "G…". */
void
_herald_account_editor_set_provider_hint (HeraldAccountEditor *self,
                                          const char          *hint)
{
  adw_preferences_group_set_description (self->server_group, hint != NULL && *hint != '\0' ? hint : NULL);
}

static void
herald_account_editor_dispose (GObject *object)
{
  HeraldAccountEditor *self = HERALD_ACCOUNT_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  if (self->ca_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->ca_chooser));
  g_clear_object (&self->ca_chooser);
  /* Whatever was typed does not outlive the dialog. */
  if (self->password_row != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");

  _herald_account_editor_signin_dispose (self);
  _herald_account_editor_presets_dispose (self);
  _herald_account_editor_mailbox_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_ACCOUNT_EDITOR);

  G_OBJECT_CLASS (herald_account_editor_parent_class)->dispose (object);
}

static void
herald_account_editor_finalize (GObject *object)
{
  HeraldAccountEditor *self = HERALD_ACCOUNT_EDITOR (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->original, herald_account_free);

  G_OBJECT_CLASS (herald_account_editor_parent_class)->finalize (object);
}

static void
herald_account_editor_class_init (HeraldAccountEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_account_editor_dispose;
  object_class->finalize = herald_account_editor_finalize;
  object_class->get_property = herald_session_prop_get;
  object_class->set_property = herald_session_prop_set;

  /**
   * HeraldAccountEditor:session:
   *
   * The open database, which runs the saving and the test; %NULL while it
   * is still opening.
   */
  properties[PROP_SESSION] =
    herald_session_prop_new (G_STRUCT_OFFSET (HeraldAccountEditor, session),
                             NULL);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HeraldAccountEditor::saved:
   * @name: the account's name
   *
   * The account and its password were stored; the dialog then closes.
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-account-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, ca_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, connections_spin);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, daily_cap_spin);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, from_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, host_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, password_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, per_hour_spin);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, per_minute_spin);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, per_second_spin);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, port_spin);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, reply_to_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, security_hint);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, security_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, test_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, test_result_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, provider_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, per_second_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, per_minute_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, per_hour_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, daily_cap_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, connections_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, quiet_end_hour);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, quiet_end_minute);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, quiet_end_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, quiet_start_hour);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, quiet_start_minute);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, quiet_start_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, quiet_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, unsubscribe_mailto_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, unsubscribe_url_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, token_in_address_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, jis_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, mobile_text_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, user_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, server_group);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_choose_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_security_row_selected_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_activated);
  _herald_account_editor_mailbox_class_init (widget_class);
  _herald_account_editor_test_class_init (widget_class);
}

static void
herald_account_editor_init (HeraldAccountEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->security = HERALD_SECURITY_STARTTLS;
  show_security_hint (self, self->security);
  _herald_account_editor_presets_init (self);
  _herald_account_editor_signin_init (self);
  _herald_account_editor_api_init (self);
  _herald_account_editor_quiet_init (self);
  _herald_account_editor_update_actions (self);
}

/**
 * herald_account_editor_new:
 * @parent: (nullable): the window the dialog belongs to
 * @session: (nullable): the open store; %NULL while it is still opening
 * @account: (nullable): the account to change, or %NULL to add one
 *
 * Returns: (transfer none): a dialog that destroys itself when closed
 */
HeraldAccountEditor *
herald_account_editor_new (GtkWindow           *parent,
                           HeraldSession       *session,
                           const HeraldAccount *account)
{
  HeraldAccountEditor *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (session == NULL || HERALD_IS_SESSION (session), NULL);

  self = g_object_new (HERALD_TYPE_ACCOUNT_EDITOR,
                       "transient-for", parent,
                       "session", session,
                       NULL);
  if (account != NULL)
    {
      self->original = herald_account_copy (account);
      fill_from_account (self, account);
      _herald_account_editor_presets_load (self, account);
      _herald_account_editor_mailbox_load (self, account);
      /* Signed in with Google or Microsoft: no password to type. */
      if (account->oauth_provider != NULL)
        gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), FALSE);
      _herald_account_editor_signin_load (self);
    }
  return self;
}
