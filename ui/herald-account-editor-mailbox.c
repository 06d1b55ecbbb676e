/* herald-account-editor-mailbox.c — the account editor's Mailbox group:
 * where bounces and unsubscribe requests arrive, and "Check Mailbox Now"
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The settings go to the store with the account (herald-account-editor.c
 * saves them through herald_mailbox_settings_save()); the mailbox's own
 * password, when one is typed, to the keyring beside the account's.
 * A check reads the mailbox as the fields show it, through the engine's
 * herald_mailbox_check_full(), in a job of its own.
 */
#define G_LOG_DOMAIN "herald-account-editor"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "herald-account-editor-private.h"
#include "herald-mailbox-check.h"
#include "herald-session.h"

/* The security row's order. */
static const char *const mailbox_securities[] = { "tls", "starttls" };

static guint
mailbox_default_port (guint security_index)
{
  return security_index == 1 ? 143 : 993;
}

static char *
dup_text (GtkEditable *editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

/**
 * _herald_account_editor_build_mailbox:
 *
 * Returns: (transfer full) (nullable): the mailbox as the fields show it,
 *   or %NULL when the IMAP server is empty (the account has none)
 */
HeraldMailboxSettings *
_herald_account_editor_build_mailbox (HeraldAccountEditor *self)
{
  HeraldMailboxSettings *settings;
  char *host = dup_text (GTK_EDITABLE (self->imap_host_row));
  guint security = adw_combo_row_get_selected (self->imap_security_row);
  guint port;

  if (host == NULL)
    return NULL;
  security = MIN (security, G_N_ELEMENTS (mailbox_securities) - 1);
  /* A port typed and not yet confirmed with Enter counts too. */
  gtk_spin_button_update (self->imap_port_spin);
  port = (guint) gtk_spin_button_get_value_as_int (self->imap_port_spin);
  settings = g_new0 (HeraldMailboxSettings, 1);
  settings->host = host;
  settings->security = g_strdup (mailbox_securities[security]);
  /* The usual port is stored as "the usual one": it follows the security. */
  settings->port = port == mailbox_default_port (security) ? 0 : port;
  settings->username = dup_text (GTK_EDITABLE (self->imap_user_row));
  settings->folder = dup_text (GTK_EDITABLE (self->imap_folder_row));
  return settings;
}

/* (transfer full) (nullable): the typed mailbox password */
char *
_herald_account_editor_dup_mailbox_password (HeraldAccountEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->imap_password_row));

  return text[0] != '\0' ? g_strdup (text) : NULL;
}

/* A renamed account keeps its mailbox's own password: the keyring files
 * it by the account's name. */
gboolean
_herald_account_editor_move_mailbox_password (const char    *old_name,
                                              const char    *new_name,
                                              GCancellable  *cancellable,
                                              GError       **error)
{
  GError *local = NULL;
  char *stored = herald_keyring_lookup_mailbox_password (old_name, cancellable, &local);
  gboolean ok;

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (stored == NULL)
    return TRUE;
  ok = herald_keyring_store_mailbox_password (new_name, stored, cancellable, error);
  herald_password_free (stored);
  return ok;
}

static void
on_imap_security_row_selected_cb (HeraldAccountEditor *self)
{
  guint security = adw_combo_row_get_selected (self->imap_security_row);
  guint port = (guint) gtk_spin_button_get_value_as_int (self->imap_port_spin);

  /* A port the user chose stays; the usual one follows the security. */
  if (port == 993 || port == 143)
    gtk_spin_button_set_value (self->imap_port_spin, mailbox_default_port (security));
}

static void
fill (HeraldAccountEditor         *self,
      const HeraldMailboxSettings *settings)
{
  guint security = g_strcmp0 (settings->security, "starttls") == 0 ? 1 : 0;

  gtk_editable_set_text (GTK_EDITABLE (self->imap_host_row), settings->host);
  adw_combo_row_set_selected (self->imap_security_row, security);
  gtk_spin_button_set_value (self->imap_port_spin,
                             settings->port > 0 ? settings->port : mailbox_default_port (security));
  gtk_editable_set_text (GTK_EDITABLE (self->imap_user_row),
                         settings->username != NULL ? settings->username : "");
  gtk_editable_set_text (GTK_EDITABLE (self->imap_folder_row),
                         settings->folder != NULL ? settings->folder : "");
}

/* ---- loading an account's mailbox -------------------------------------- */

typedef struct
{
  gint64                 account_id;
  HeraldMailboxSettings *settings;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_pointer (&data->settings, herald_mailbox_settings_free);
  g_free (data);
}

static gboolean
load_job (HeraldStore   *store,
          gpointer       user_data,
          GCancellable  *cancellable,
          GError       **error)
{
  LoadData *data = user_data;
  GError *local = NULL;

  data->settings = herald_mailbox_settings_load (store, data->account_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

static void
on_load_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HeraldAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  LoadData *data = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &data, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->mailbox_result_label, error->message);
      return;
    }
  if (data->settings != NULL && !g_cancellable_is_cancelled (self->cancellable))
    fill (self, data->settings);
}

/**
 * _herald_account_editor_mailbox_load:
 *
 * Fills the Mailbox group with the account's saved mailbox.
 */
void
_herald_account_editor_mailbox_load (HeraldAccountEditor *self,
                                     const HeraldAccount *account)
{
  LoadData *data;

  if (self->session == NULL || account->id <= 0)
    return;
  data = g_new0 (LoadData, 1);
  data->account_id = account->id;
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, load_job, data,
                            (GDestroyNotify) load_data_free, self->cancellable,
                            on_load_done_cb, g_object_ref (self));
}

/* ---- Check Mailbox Now ------------------------------------------------- */

typedef struct
{
  char                  *account_name;
  HeraldMailboxSettings *settings;
  char                  *password;   /* typed, or NULL: the keyring's */
  HeraldMailboxCounts    counts;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_free (data->account_name);
  g_clear_pointer (&data->settings, herald_mailbox_settings_free);
  herald_password_free (data->password);
  g_free (data);
}

static gboolean
check_job (HeraldStore   *store,
           gpointer       user_data,
           GCancellable  *cancellable,
           GError       **error)
{
  CheckData *data = user_data;

  return herald_mailbox_check_full (store, data->account_name, data->settings, data->password,
                                    &data->counts, cancellable, error);
}

static guint
clamp_count (guint64 n)
{
  return (guint) MIN (n, G_MAXUINT);
}

/* "bounced 1, unsubscribed 1, auto-replies 0, unmatched 2", as herald-cli
 * mailbox check prints it. */
char *
_herald_mailbox_counts_summary (const HeraldMailboxCounts *counts)
{
  /* TRANSLATORS: what a mailbox check found; the numbers are messages */
  return g_strdup_printf (_("bounced %u, unsubscribed %u, auto-replies %u, unmatched %u"),
                          clamp_count (counts->n_bounced), clamp_count (counts->n_unsubscribed),
                          clamp_count (counts->n_auto_replies), clamp_count (counts->n_unmatched));
}

static void
show_check_result (HeraldAccountEditor *self,
                   const char          *text,
                   const char          *style)
{
  _herald_account_editor_show_result (self->mailbox_result_label, text, style);
}

static void
set_checking (HeraldAccountEditor *self,
              gboolean             checking)
{
  self->checking_mailbox = checking;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.check-mailbox", !checking);
  gtk_widget_set_visible (GTK_WIDGET (self->mailbox_spinner), checking);
  gtk_spinner_set_spinning (self->mailbox_spinner, checking);
}

static void
on_check_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HeraldAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  CheckData *data = NULL;

  if (herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &data, &error))
    summary = _herald_mailbox_counts_summary (&data->counts);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  set_checking (self, FALSE);
  if (summary != NULL)
    /* The Do Not Send page reads the store again when it is shown. */
    show_check_result (self, summary, "success");
  else
    show_check_result (self, error->message, "error");
}

static void
check_mailbox_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  HeraldAccountEditor *self = HERALD_ACCOUNT_EDITOR (widget);
  CheckData *data;

  if (self->checking_mailbox)
    return;
  if (self->session == NULL)
    {
      show_check_result (self, _("The database is still opening. Try again in a moment."), "error");
      return;
    }
  /* What the check finds is the account's: suppressions, events. */
  if (self->original == NULL)
    {
      show_check_result (self, _("Save the account first, then check its mailbox."), "error");
      return;
    }
  data = g_new0 (CheckData, 1);
  data->settings = _herald_account_editor_build_mailbox (self);
  if (data->settings == NULL)
    {
      check_data_free (data);
      show_check_result (self, _("Enter the mailbox’s IMAP server first."), "error");
      return;
    }
  data->account_name = g_strdup (self->original->name);
  data->password = _herald_account_editor_dup_mailbox_password (self);
  if (data->password == NULL)
    data->password = _herald_account_editor_dup_typed_password (self);

  set_checking (self, TRUE);
  show_check_result (self, _("Reading the mailbox…"), NULL);
  herald_session_run_async (self->session, HERALD_SESSION_JOB_OWN_STORE, check_job, data,
                            (GDestroyNotify) check_data_free, self->cancellable,
                            on_check_done_cb, g_object_ref (self));
}

void
_herald_account_editor_mailbox_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, imap_folder_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, imap_host_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, imap_password_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, imap_port_spin);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, imap_security_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, imap_user_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, mailbox_result_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldAccountEditor, mailbox_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_imap_security_row_selected_cb);
  gtk_widget_class_install_action (widget_class, "editor.check-mailbox", NULL, check_mailbox_activated);
}

void
_herald_account_editor_mailbox_dispose (HeraldAccountEditor *self)
{
  /* Whatever was typed does not outlive the dialog. */
  if (self->imap_password_row != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->imap_password_row), "");
}
