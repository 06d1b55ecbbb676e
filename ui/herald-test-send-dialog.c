/* herald-test-send-dialog.c — send the previewed message to yourself
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small window over the editor: which account, which address (kept in
 * GSettings for next time), Send and Cancel, a spinner while it goes. The
 * engine (herald-test-send.h) composes and sends; this only asks and
 * reports. The message is the template as edited, rendered for the
 * recipient the preview shows.
 */
#define G_LOG_DOMAIN "herald-test-send-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-account.h"
#include "herald-base.h"
#include "herald-application.h"
#include "herald-page-common.h"
#include "herald-test-send.h"
#include "herald-test-send-dialog.h"
#include "herald-window.h"

struct _HeraldTestSendDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  GtkButton            *cancel_button;
  GtkButton            *send_button;
  GtkDropDown          *account_dropdown;
  GtkStringList        *account_names;
  GtkEntry             *address_entry;
  GtkSpinner           *spinner;
  GtkLabel             *status_label;
  AdwPreferencesGroup  *group;

  /* owned */
  HeraldSession        *session;
  HeraldTemplateRecord *record;
  gint64                list_id;
  char                 *email;         /* the recipient previewed; NULL: no list */
  GPtrArray            *accounts;      /* HeraldAccount, in the drop-down's order */
  GSettings            *settings;      /* NULL when the schema is not installed */
  GCancellable         *cancellable;   /* the send in progress, or NULL */
  GCancellable         *loading;       /* the account list being read */
};

G_DEFINE_FINAL_TYPE (HeraldTestSendDialog, herald_test_send_dialog, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
set_status (HeraldTestSendDialog *self,
            const char           *text,
            gboolean              is_error)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && *text != '\0');
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static gboolean
is_sending (HeraldTestSendDialog *self)
{
  return self->cancellable != NULL;
}

static void
update_actions (HeraldTestSendDialog *self)
{
  const char *address = gtk_editable_get_text (GTK_EDITABLE (self->address_entry));
  gboolean have_account = self->accounts != NULL && self->accounts->len > 0 &&
                          gtk_drop_down_get_selected (self->account_dropdown) != GTK_INVALID_LIST_POSITION;
  gboolean sending = is_sending (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "test-send.send",
                                 !sending && have_account && strchr (address, '@') != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->account_dropdown), !sending);
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_entry), !sending);
  gtk_spinner_set_spinning (self->spinner, sending);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), sending);
}

static HeraldAccount *
selected_account (HeraldTestSendDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->account_dropdown);

  if (self->accounts == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= self->accounts->len)
    return NULL;
  return g_ptr_array_index (self->accounts, selected);
}

/* ---- sending ------------------------------------------------------------- */

typedef struct
{
  HeraldTemplateRecord *record;
  gint64                list_id;
  char                 *email;
  char                 *account;
  char                 *to;
  HeraldTestMessage    *message;   /* the result */
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  g_clear_pointer (&data->record, herald_template_record_free);
  g_free (data->email);
  g_free (data->account);
  g_free (data->to);
  g_clear_pointer (&data->message, herald_test_message_unref);
  g_free (data);
}

static gboolean
prepare_job (HeraldStore   *store,
             gpointer       user_data,
             GCancellable  *cancellable,
             GError       **error)
{
  PrepareData *data = user_data;
  HeraldTestSendSpec spec = {
    .record = data->record,
    .list_id = data->list_id,
    .email = data->email,
    .row = 1,
    .account = data->account,
    .to = data->to,
  };

  data->message = herald_test_message_prepare (store, &spec, error);
  return data->message != NULL;
}

static void
finish_sending (HeraldTestSendDialog *self,
                GError               *error)
{
  g_clear_object (&self->cancellable);
  update_actions (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_status (self, _("The test was cancelled; nothing was sent."), FALSE);
  else
    set_status (self, error->message, TRUE);
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(HeraldTestSendDialog) self = user_data;
  g_autoptr(HeraldTestMessage) message = g_object_steal_data (G_OBJECT (self), "message");
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  GtkWindow *parent;

  if (!herald_test_message_send_finish (res, &error))
    {
      if (gtk_widget_get_visible (GTK_WIDGET (self)))
        finish_sending (self, error);
      return;
    }

  g_clear_object (&self->cancellable);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "test-send-address", herald_test_message_get_to (message));

  /* TRANSLATORS: a notification; 1: the recipient whose message it was, 2: the user's address */
  title = g_strdup_printf (_("Test message for %s sent to %s"),
                           herald_test_message_get_recipient (message), herald_test_message_get_to (message));
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (HERALD_IS_WINDOW (parent))
    herald_window_add_toast (HERALD_WINDOW (parent), adw_toast_new (title));
  /* Closed while sending, too late to stop it: the toast is the answer. */
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_prepared_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(HeraldTestSendDialog) self = user_data;
  g_autoptr(HeraldTestMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  PrepareData *data = NULL;

  if (herald_session_run_finish (HERALD_SESSION (source), res, (gpointer *) &data, &error))
    message = g_steal_pointer (&data->message);
  if (message == NULL)
    {
      if (gtk_widget_get_visible (GTK_WIDGET (self)))
        finish_sending (self, error);
      return;
    }

  /* TRANSLATORS: shown while the test message goes; %s is an account's name */
  {
    g_autofree char *status = g_strdup_printf (_("Sending through “%s”…"),
                                               herald_test_message_get_account (message));
    set_status (self, status, FALSE);
  }
  g_object_set_data_full (G_OBJECT (self), "message", herald_test_message_ref (message),
                          (GDestroyNotify) herald_test_message_unref);
  herald_test_message_send_async (message, self->cancellable, on_sent_cb, g_object_ref (self));
}

static void
send_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HeraldTestSendDialog *self = HERALD_TEST_SEND_DIALOG (widget);
  HeraldAccount *account = selected_account (self);
  PrepareData *data;

  if (account == NULL || is_sending (self))
    return;

  data = g_new0 (PrepareData, 1);
  data->record = g_new0 (HeraldTemplateRecord, 1);
  *data->record = *self->record;
  data->record->name = g_strdup (self->record->name);
  data->record->subject = g_strdup (self->record->subject);
  data->record->html = g_strdup (self->record->html);
  data->record->text = g_strdup (self->record->text);
  data->list_id = self->list_id;
  data->email = g_strdup (self->email);
  data->account = g_strdup (account->name);
  data->to = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_entry))));

  self->cancellable = g_cancellable_new ();
  update_actions (self);
  set_status (self, _("Preparing the message…"), FALSE);

  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, prepare_job,
                            data, (GDestroyNotify) prepare_data_free,
                            self->cancellable, on_prepared_cb, g_object_ref (self));
}

static void
cancel_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HeraldTestSendDialog *self = HERALD_TEST_SEND_DIALOG (widget);

  if (is_sending (self))
    {
      set_status (self, _("Cancelling…"), FALSE);
      g_cancellable_cancel (self->cancellable);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
herald_test_send_dialog_close_request (GtkWindow *window)
{
  HeraldTestSendDialog *self = HERALD_TEST_SEND_DIALOG (window);

  /* Closing gives the test up; a message the server already took stays sent. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->loading);
  return GTK_WINDOW_CLASS (herald_test_send_dialog_parent_class)->close_request (window);
}

/* ---- accounts ----------------------------------------------------------- */

static void
on_account_selected_cb (HeraldTestSendDialog *self)
{
  HeraldAccount *account = selected_account (self);
  const char *address = gtk_editable_get_text (GTK_EDITABLE (self->address_entry));

  /* Until the user has an address of their own here, the account's own
   * From address is the likeliest one they read. */
  if (account != NULL && *address == '\0' && account->kind == HERALD_ACCOUNT_SMTP)
    {
      g_autofree char *from = herald_dup_bare_address (account->from);

      gtk_editable_set_text (GTK_EDITABLE (self->address_entry), from);
    }
  update_actions (self);
}

static void
on_accounts_loaded_cb (GObject      *source,
                       GAsyncResult *res,
                       gpointer      user_data)
{
  g_autoptr(HeraldTestSendDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *preferred = NULL;
  GPtrArray *accounts;
  guint selected = 0;

  accounts = herald_session_list_accounts_finish (HERALD_SESSION (source), res, &error);
  if (accounts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, error->message, TRUE);
      return;
    }
  self->accounts = accounts;
  preferred = self->settings != NULL ? g_settings_get_string (self->settings, "default-account") : NULL;
  for (guint i = 0; i < accounts->len; i++)
    {
      HeraldAccount *account = g_ptr_array_index (accounts, i);

      if (account->kind == HERALD_ACCOUNT_OUTBOX)
        {
          /* TRANSLATORS: the built-in account in the list of accounts a test can go through */
          g_autofree char *name = g_strdup_printf (_("%s (test outbox — nothing is sent)"), account->name);
          gtk_string_list_append (self->account_names, name);
        }
      else
        gtk_string_list_append (self->account_names, account->name);
      if (g_strcmp0 (account->name, preferred) == 0)
        selected = i;
    }
  if (accounts->len > 0)
    gtk_drop_down_set_selected (self->account_dropdown, selected);
  on_account_selected_cb (self);
}

/* ---- building ----------------------------------------------------------- */

static void
herald_test_send_dialog_dispose (GObject *object)
{
  HeraldTestSendDialog *self = HERALD_TEST_SEND_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->loading);

  G_OBJECT_CLASS (herald_test_send_dialog_parent_class)->dispose (object);
}

static void
herald_test_send_dialog_finalize (GObject *object)
{
  HeraldTestSendDialog *self = HERALD_TEST_SEND_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->record, herald_template_record_free);
  g_free (self->email);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->loading);

  G_OBJECT_CLASS (herald_test_send_dialog_parent_class)->finalize (object);
}

static void
on_address_changed_cb (HeraldTestSendDialog *self)
{
  update_actions (self);
}

static void
herald_test_send_dialog_class_init (HeraldTestSendDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = herald_test_send_dialog_dispose;
  object_class->finalize = herald_test_send_dialog_finalize;
  object_class->get_property = herald_session_prop_get;
  object_class->set_property = herald_session_prop_set;
  window_class->close_request = herald_test_send_dialog_close_request;

  /**
   * HeraldTestSendDialog:session:
   *
   * The open database: the accounts, the list, and the template's images.
   */
  properties[PROP_SESSION] =
    herald_session_prop_new (G_STRUCT_OFFSET (HeraldTestSendDialog, session),
                             NULL);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-test-send-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldTestSendDialog, account_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HeraldTestSendDialog, account_names);
  gtk_widget_class_bind_template_child (widget_class, HeraldTestSendDialog, address_entry);
  gtk_widget_class_bind_template_child (widget_class, HeraldTestSendDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldTestSendDialog, group);
  gtk_widget_class_bind_template_child (widget_class, HeraldTestSendDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldTestSendDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, HeraldTestSendDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_account_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_address_changed_cb);

  gtk_widget_class_install_action (widget_class, "test-send.cancel", NULL, cancel_activated);
  gtk_widget_class_install_action (widget_class, "test-send.send", NULL, send_activated);
}

static void
herald_test_send_dialog_init (HeraldTestSendDialog *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 names a mnemonic button by its label and again by the label
   * widget it is "labelled by" ("Send Send"): one name, the .ui's. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->cancel_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->send_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);

  self->loading = g_cancellable_new ();
  schema = source != NULL ? g_settings_schema_source_lookup (source, HERALD_SETTINGS_SCHEMA, TRUE) : NULL;
  if (schema != NULL && g_settings_schema_has_key (schema, "test-send-address"))
    self->settings = g_settings_new (HERALD_SETTINGS_SCHEMA);

  if (self->settings != NULL)
    {
      g_autofree char *address = g_settings_get_string (self->settings, "test-send-address");

      gtk_editable_set_text (GTK_EDITABLE (self->address_entry), address);
    }
  update_actions (self);
}

/**
 * herald_test_send_dialog_new:
 * @record: (transfer full): the template as edited
 * @list_id: the list the preview shows, or 0
 * @email: (nullable): the recipient the preview shows
 *
 * Returns: (transfer none): the dialog, shown over @parent
 */
HeraldTestSendDialog *
herald_test_send_dialog_new (GtkWindow            *parent,
                             HeraldSession        *session,
                             HeraldTemplateRecord *record,
                             gint64                list_id,
                             const char           *email)
{
  HeraldTestSendDialog *self = g_object_new (HERALD_TYPE_TEST_SEND_DIALOG,
                                             "transient-for", parent,
                                             "session", session,
                                             NULL);
  g_autofree char *description = NULL;

  self->record = record;
  self->list_id = email != NULL ? list_id : 0;
  self->email = g_strdup (email);

  if (self->email != NULL)
    /* TRANSLATORS: %s is the address of the recipient the preview shows */
    description = g_strdup_printf (_("The message for %s, as the preview shows it, goes to your address "
                                     "instead: same subject and content, “To:” your address, and no "
                                     "unsubscribe headers."), self->email);
  else
    description = g_strdup (_("The message, as the preview shows it without an address list, goes to "
                              "your address."));
  adw_preferences_group_set_description (self->group, description);

  herald_session_list_accounts_async (self->session, self->loading, on_accounts_loaded_cb, g_object_ref (self));

  gtk_window_present (GTK_WINDOW (self));
  return self;
}
