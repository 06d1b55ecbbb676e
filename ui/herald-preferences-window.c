/* herald-preferences-window.c — what can be set in this version
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-account-editor.h"
#include "herald-account.h"
#include "herald-business.h"
#include "herald-preferences-window.h"
#include "herald-dialog.h"
#include "herald-due-timer.h"
#include "herald-session.h"
#include "herald-page-common.h"
#include "herald-store.h"

struct _HeraldPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  AdwPreferencesGroup  *accounts_group;
  AdwActionRow         *accounts_status_row;
  AdwEntryRow          *business_address_row;
  AdwEntryRow          *business_contact_row;
  AdwEntryRow          *business_name_row;
  GtkButton            *open_outbox_button;
  AdwActionRow         *outbox_row;
  AdwComboRow          *style_row;
  GtkSwitch            *due_timer_switch;
  GtkSwitch            *background_switch;

  /* owned */
  GSettings            *settings;
  char                 *outbox_path;
  HeraldSession        *session;
  GCancellable         *cancellable;      /* cancelled when the window goes */
  GPtrArray            *account_rows;     /* the rows in accounts_group */
  gboolean              session_requested;
  gboolean              due_timer_syncing; /* the switch is set, not toggled */
};

G_DEFINE_FINAL_TYPE (HeraldPreferencesWindow, herald_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The combo row's positions, in the order of the .ui file's string list. */
static const char * const color_schemes[] = { "default", "light", "dark" };

static gboolean
color_scheme_to_position (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *scheme = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    if (g_str_equal (scheme, color_schemes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
position_to_color_scheme (const GValue       *value,
                          const GVariantType *expected_type,
                          gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (color_schemes))
    return NULL;
  return g_variant_new_string (color_schemes[position]);
}

static void
on_outbox_opened_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(HeraldPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autofree char *title = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        /* The folder is made when the first message is kept there. */
        title = g_strdup (_("The Outbox is empty: no folder yet"));
      else
        title = g_strdup_printf (_("The Outbox folder could not be opened: %s"), error->message);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (title));
    }
}

static void
on_open_outbox_button_clicked_cb (HeraldPreferencesWindow *self,
                                  GtkButton               *button)
{
  g_autoptr(GFile) folder = g_file_new_for_path (self->outbox_path);
  g_autofree char *uri = g_file_get_uri (folder);
  g_autoptr(GdkAppLaunchContext) context = NULL;

  /* Through the OpenURI portal when sandboxed; never waits on the disk. */
  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL,
                                           on_outbox_opened_cb, g_object_ref (self));
}

/* ---- business details ------------------------------------------------------ */

static void show_toast (HeraldPreferencesWindow *self,
                        const char              *title);

static gboolean
load_business_job (HeraldStore   *store,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  HeraldBusiness **out = data;

  return (*out = herald_business_load (store, error)) != NULL;
}

static void
business_out_free (HeraldBusiness **out)
{
  g_clear_pointer (out, herald_business_free);
  g_free (out);
}

static void
on_business_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(HeraldPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  HeraldBusiness **out = NULL;
  AdwEntryRow *rows[] = { self->business_name_row, self->business_address_row, self->business_contact_row };

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &out, &error))
    {
      g_autofree char *title = NULL;

      if (g_cancellable_is_cancelled (self->cancellable))
        return;
      /* TRANSLATORS: %s says why */
      title = g_strdup_printf (_("The business details could not be read: %s"), error->message);
      show_toast (self, title);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->business_name_row), (*out)->name);
  gtk_editable_set_text (GTK_EDITABLE (self->business_address_row), (*out)->address);
  gtk_editable_set_text (GTK_EDITABLE (self->business_contact_row), (*out)->contact);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_sensitive (GTK_WIDGET (rows[i]), TRUE);
}

static void
load_business (HeraldPreferencesWindow *self)
{
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, load_business_job,
                            g_new0 (HeraldBusiness *, 1), (GDestroyNotify) business_out_free,
                            self->cancellable, on_business_loaded_cb, g_object_ref (self));
}

static gboolean
save_business_job (HeraldStore   *store,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return herald_business_save (store, data, error);
}

static void
on_business_saved_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(HeraldPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  herald_session_run_finish (HERALD_SESSION (source), result, NULL, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (error != NULL)
    /* TRANSLATORS: %s says why */
    title = g_strdup_printf (_("The business details could not be saved: %s"), error->message);
  show_toast (self, title != NULL ? title : _("Business details saved"));
}

/* Any row's ✓ (or Enter) saves all three as they are shown. */
static void
on_business_row_apply_cb (HeraldPreferencesWindow *self,
                          AdwEntryRow             *row)
{
  HeraldBusiness *business;

  if (self->session == NULL)
    return;
  business = g_new0 (HeraldBusiness, 1);
  business->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->business_name_row)));
  business->address = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->business_address_row)));
  business->contact = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->business_contact_row)));
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, save_business_job,
                            business, (GDestroyNotify) herald_business_free,
                            self->cancellable, on_business_saved_cb, g_object_ref (self));
}

/* ---- accounts ------------------------------------------------------------ */

static void reload_accounts (HeraldPreferencesWindow *self);

static void
show_toast (HeraldPreferencesWindow *self,
            const char              *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 8);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

/* ---- the timer that sends while Herald is closed ------------------------ */

static gboolean
due_timer_job (HeraldStore   *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *cli = NULL;

  if (!GPOINTER_TO_INT (data))
    return herald_due_timer_remove (cancellable, error);
  if ((cli = herald_due_timer_find_cli ()) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The timer needs herald-cli, which was not found beside Herald or on the PATH. "
                     "Install it with Herald, then try again."));
      return FALSE;
    }
  return herald_due_timer_install (cli, cancellable, error);
}

static void
set_due_timer_switch (HeraldPreferencesWindow *self,
                      gboolean                 active)
{
  self->due_timer_syncing = TRUE;
  gtk_switch_set_active (self->due_timer_switch, active);
  self->due_timer_syncing = FALSE;
}

static void
on_due_timer_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(HeraldPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (self, error->message);
  set_due_timer_switch (self, herald_due_timer_is_installed ());
  gtk_widget_set_sensitive (GTK_WIDGET (self->due_timer_switch), TRUE);
}

static void
on_due_timer_switch_active_cb (HeraldPreferencesWindow *self)
{
  if (self->due_timer_syncing)
    return;
  if (self->session == NULL)
    {
      set_due_timer_switch (self, herald_due_timer_is_installed ());
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->due_timer_switch), FALSE);
  herald_session_run_async (self->session, HERALD_SESSION_JOB_NO_STORE, due_timer_job,
                            GINT_TO_POINTER (gtk_switch_get_active (self->due_timer_switch)), NULL,
                            self->cancellable, on_due_timer_done_cb, g_object_ref (self));
}

static const char *
security_label (HeraldSecurity security)
{
  switch (security)
    {
    case HERALD_SECURITY_TLS:      return _("TLS");
    case HERALD_SECURITY_NONE:     return _("no encryption");
    case HERALD_SECURITY_STARTTLS:
    default:                       return _("STARTTLS");
    }
}

static void
on_editor_saved_cb (HeraldPreferencesWindow *self,
                    const char              *name)
{
  g_autofree char *title = g_strdup_printf (_("Account “%s” saved"), name);

  show_toast (self, title);
  reload_accounts (self);
}

static void
open_editor (HeraldPreferencesWindow *self,
             const HeraldAccount     *account)
{
  HeraldAccountEditor *editor;

  editor = herald_account_editor_new (GTK_WINDOW (self), self->session, account);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
add_account_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  open_editor (HERALD_PREFERENCES_WINDOW (widget), NULL);
}

static void
on_account_row_activated_cb (HeraldPreferencesWindow *self,
                             AdwActionRow            *row)
{
  const HeraldAccount *account = g_object_get_data (G_OBJECT (row), "herald-account");

  if (account != NULL && (account->kind == HERALD_ACCOUNT_SMTP || account->kind == HERALD_ACCOUNT_API))
    open_editor (self, account);
}

/* Removing an account takes two jobs: the store first, then the keyring,
 * which may be slow (or ask to be unlocked) and must not hold up the
 * session's store meanwhile. */
typedef struct
{
  char          *name;
  char          *warning;   /* the account went, but not its password */
} RemoveData;

static void
remove_data_free (RemoveData *data)
{
  g_free (data->name);
  g_free (data->warning);
  g_free (data);
}

static gboolean
remove_account_job (HeraldStore   *store,
                    gpointer       user_data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  RemoveData *data = user_data;

  return herald_account_delete (store, data->name, error);
}

static gboolean
remove_password_job (HeraldStore   *store,
                     gpointer       user_data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  RemoveData *data = user_data;
  g_autoptr(GError) keyring_error = NULL;

  if (!herald_keyring_clear_password (data->name, cancellable, &keyring_error) ||
      !herald_keyring_clear_mailbox_password (data->name, cancellable, &keyring_error))
    /* TRANSLATORS: %s says why the keyring could not be reached */
    data->warning = g_strdup_printf (_("The account was removed, but its password may still be in the keyring: %s"),
                                     keyring_error->message);
  return TRUE;
}

static void
on_password_removed_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(HeraldPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  RemoveData *data = NULL;

  herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &data, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (error != NULL)
    show_toast (self, error->message);
  else if (data->warning != NULL)
    show_toast (self, data->warning);
  reload_accounts (self);
}

static void
on_account_removed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(HeraldPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  RemoveData *data = NULL;

  if (herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &data, &error))
    {
      RemoveData *next = g_new0 (RemoveData, 1);

      next->name = g_strdup (data->name);
      herald_session_run_async (HERALD_SESSION (source), HERALD_SESSION_JOB_NO_STORE, remove_password_job,
                                next, (GDestroyNotify) remove_data_free,
                                self->cancellable, on_password_removed_cb, g_object_ref (self));
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  show_toast (self, error->message);
  reload_accounts (self);
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  HeraldPreferencesWindow *self = HERALD_PREFERENCES_WINDOW (user_data);
  const char *name = g_object_get_data (G_OBJECT (dialog), "herald-account-name");
  RemoveData *data;

  if (!g_str_equal (response, "remove") || self->session == NULL || name == NULL)
    return;
  data = g_new0 (RemoveData, 1);
  data->name = g_strdup (name);
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, remove_account_job,
                            data, (GDestroyNotify) remove_data_free,
                            self->cancellable, on_account_removed_cb, g_object_ref (self));
}

static void
on_remove_button_clicked_cb (HeraldPreferencesWindow *self,
                             GtkButton               *button)
{
  const char *name = g_object_get_data (G_OBJECT (button), "herald-account-name");
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  /* TRANSLATORS: %s is an account's name */
  adw_message_dialog_format_heading (dialog, _("Remove “%s”?"), name);
  adw_message_dialog_set_body (dialog, _("The account’s settings are deleted, and its password is "
                                         "removed from the keyring. Campaigns that use it must be "
                                         "deleted or moved to another account first."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "herald-account-name", g_strdup (name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  herald_dialog_name_buttons (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
make_account_row (HeraldPreferencesWindow *self,
                  const HeraldAccount     *account)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autofree char *subtitle = NULL;

  /* Names and addresses are text, not markup: "Shop <news@…>" must show. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), account->name);
  adw_action_row_set_subtitle_lines (row, 0);
  g_object_set_data_full (G_OBJECT (row), "herald-account",
                          herald_account_copy (account), (GDestroyNotify) herald_account_free);

  if (account->kind == HERALD_ACCOUNT_OUTBOX)
    {
      GtkWidget *label = gtk_label_new (_("Built in"));

      /* TRANSLATORS: the Outbox row's subtitle; %s is its From address */
      subtitle = g_strdup_printf (_("Test outbox — nothing is sent: keeps messages in a folder on this computer\n%s"),
                                  account->from != NULL ? account->from : "");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_tooltip_text (label, _("The test outbox is built in and cannot be removed."));
      adw_action_row_add_suffix (row, label);
    }
  else
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      /* TRANSLATORS: accessible name and tooltip of a remove button; %s is an account's name */
      g_autofree char *remove_label = g_strdup_printf (_("Remove “%s”"), account->name);

      if (account->kind == HERALD_ACCOUNT_API)
        {
          g_autofree char *url = herald_account_dup_api_base_url (account);

          /* TRANSLATORS: an HTTP API account's row subtitle: its address, the provider
           * (ses, mailgun, sendgrid) and, below, the From address */
          subtitle = g_strdup_printf (_("%s · HTTP API (%s)\n%s"), url,
                                      herald_api_provider_to_string (account->api),
                                      account->from != NULL ? account->from : "");
        }
      else
        /* TRANSLATORS: an account row's subtitle: "host:port · security" and, below, the From address */
        subtitle = g_strdup_printf (_("%s:%u · %s\n%s"), account->host, herald_account_get_port (account),
                                    security_label (account->security),
                                    account->from != NULL ? account->from : "");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
      g_object_set_data_full (G_OBJECT (remove), "herald-account-name", g_strdup (account->name), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_button_clicked_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (row, remove);
      if (account->kind == HERALD_ACCOUNT_SMTP || account->kind == HERALD_ACCOUNT_API)
        {
          adw_action_row_add_suffix (row, gtk_image_new_from_icon_name ("go-next-symbolic"));
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          g_signal_connect_object (row, "activated", G_CALLBACK (on_account_row_activated_cb), self,
                                   G_CONNECT_SWAPPED);
        }
    }
  adw_action_row_set_subtitle (row, subtitle);
  return GTK_WIDGET (row);
}

static void
on_accounts_listed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(HeraldPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = herald_session_list_accounts_finish (HERALD_SESSION (source), result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  for (guint i = 0; i < self->account_rows->len; i++)
    adw_preferences_group_remove (self->accounts_group, g_ptr_array_index (self->account_rows, i));
  g_ptr_array_set_size (self->account_rows, 0);

  gtk_widget_set_visible (GTK_WIDGET (self->accounts_status_row), accounts == NULL);
  if (accounts == NULL)
    {
      /* TRANSLATORS: %s says why the accounts could not be read */
      g_autofree char *title = g_strdup_printf (_("The accounts could not be read: %s"), error->message);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->accounts_status_row), title);
      return;
    }
  for (guint i = 0; i < accounts->len; i++)
    {
      GtkWidget *row = make_account_row (self, g_ptr_array_index (accounts, i));

      adw_preferences_group_add (self->accounts_group, row);
      g_ptr_array_add (self->account_rows, row);
    }
}

static void
reload_accounts (HeraldPreferencesWindow *self)
{
  if (self->session == NULL)
    return;
  herald_session_list_accounts_async (self->session, self->cancellable, on_accounts_listed_cb, g_object_ref (self));
}

static void
on_session_opened_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(HeraldPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldSession) session = herald_session_open_finish (result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (session == NULL)
    {
      /* TRANSLATORS: %s says why the database could not be opened */
      g_autofree char *title = g_strdup_printf (_("The accounts could not be read: %s"), error->message);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->accounts_status_row), title);
      return;
    }
  if (self->session == NULL)
    herald_preferences_window_set_session (self, session);
}

static void
herald_preferences_window_map (GtkWidget *widget)
{
  HeraldPreferencesWindow *self = HERALD_PREFERENCES_WINDOW (widget);

  GTK_WIDGET_CLASS (herald_preferences_window_parent_class)->map (widget);

  /* Not handed the window's session: open the same database ($HERALD_DB or
   * the default) in a worker thread. */
  if (self->session == NULL && !self->session_requested)
    {
      self->session_requested = TRUE;
      herald_session_open_async (NULL, self->cancellable, on_session_opened_cb, g_object_ref (self));
    }
}

static void
herald_preferences_window_constructed (GObject *object)
{
  HeraldPreferencesWindow *self = HERALD_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (herald_preferences_window_parent_class)->constructed (object);

  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                color_scheme_to_position,
                                position_to_color_scheme,
                                NULL, NULL);
  g_settings_bind (self->settings, "run-in-background", self->background_switch, "active", G_SETTINGS_BIND_DEFAULT);
}

static void
herald_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  HeraldPreferencesWindow *self = HERALD_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;
    case PROP_SESSION:
      herald_session_prop_set (object, prop_id, value, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  HeraldPreferencesWindow *self = HERALD_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_SESSION:
      herald_session_prop_get (object, prop_id, value, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_preferences_window_dispose (GObject *object)
{
  HeraldPreferencesWindow *self = HERALD_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->account_rows != NULL)
    g_ptr_array_set_size (self->account_rows, 0);

  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (herald_preferences_window_parent_class)->dispose (object);
}

static void
herald_preferences_window_finalize (GObject *object)
{
  HeraldPreferencesWindow *self = HERALD_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->outbox_path, g_free);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->account_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (herald_preferences_window_parent_class)->finalize (object);
}

static void
herald_preferences_window_class_init (HeraldPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = herald_preferences_window_constructed;
  object_class->dispose = herald_preferences_window_dispose;
  object_class->finalize = herald_preferences_window_finalize;
  object_class->get_property = herald_preferences_window_get_property;
  object_class->set_property = herald_preferences_window_set_property;
  widget_class->map = herald_preferences_window_map;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * HeraldPreferencesWindow:session:
   *
   * The main window's open database, handed over after the window is
   * built; without it, the window opens the default one when shown.
   */
  properties[PROP_SESSION] =
    herald_session_prop_new (G_STRUCT_OFFSET (HeraldPreferencesWindow, session),
                             (HeraldSessionPropSetter) herald_preferences_window_set_session);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, accounts_status_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, due_timer_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, open_outbox_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, outbox_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, style_row);
  gtk_widget_class_bind_template_callback (widget_class, on_due_timer_switch_active_cb);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, business_address_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, business_contact_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, business_name_row);
  gtk_widget_class_bind_template_callback (widget_class, on_business_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_open_outbox_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "preferences.add-account", NULL, add_account_activated);
}

static void
herald_preferences_window_init (HeraldPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  set_due_timer_switch (self, herald_due_timer_is_installed ());

  self->cancellable = g_cancellable_new ();
  self->account_rows = g_ptr_array_new ();
  /* Until the database is open. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.add-account", FALSE);

  /* Only the path: computing it touches no disk. */
  self->outbox_path = herald_store_default_outbox ();
  adw_action_row_set_subtitle (self->outbox_row, self->outbox_path);
  adw_action_row_set_subtitle_lines (self->outbox_row, 0);
}

HeraldPreferencesWindow *
herald_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (HERALD_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}

/**
 * herald_preferences_window_set_session:
 * @session: the main window's open store
 *
 * Lists @session's accounts. Without it, the window opens the default
 * database ($HERALD_DB) itself when it is shown.
 */
void
herald_preferences_window_set_session (HeraldPreferencesWindow *self,
                                       HeraldSession           *session)
{
  g_return_if_fail (HERALD_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (HERALD_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.add-account", TRUE);
  reload_accounts (self);
  load_business (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}
