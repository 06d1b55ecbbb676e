/* herald-lists-page-undo.c — Undo Import on the lists page
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two ways in: the button on the toast after an import (the import just
 * made, undone at once), and the list's own “Undo Last Import” button,
 * which first says what the undo would do and asks. Either way the engine
 * (herald_import_undo()) puts back every value the import replaced and
 * removes what it added, or changes nothing and names the contacts that
 * later changes touched.
 */
#define G_LOG_DOMAIN "herald-lists-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-dialog.h"
#include "herald-import-undo.h"
#include "herald-lists-page-private.h"
#include "herald-window.h"

typedef struct
{
  char             *list_name;
  HeraldImportUndo  undo;
} UndoImport;

static void
undo_import_free (UndoImport *job)
{
  g_free (job->list_name);
  g_free (job);
}

static UndoImport *
undo_import_new (const char *list_name)
{
  UndoImport *job = g_new0 (UndoImport, 1);

  job->list_name = g_strdup (list_name);
  return job;
}

static void
add_toast (HeraldListsPage *self,
           AdwToast        *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (HERALD_IS_WINDOW (root))
    herald_window_add_toast (HERALD_WINDOW (root), toast);
  else
    g_object_unref (toast);
}

/* An error to read: a refusal names contacts, so it stays until closed. */
static void
show_error (HeraldListsPage *self,
            const GError    *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  add_toast (self, toast);
}

/* ---- the undo ------------------------------------------------------------ */

static gboolean
undo_import_job (HeraldStore   *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  UndoImport *job = data;

  return herald_import_undo (store, job->list_name, &job->undo, error);
}

static void
on_import_undone_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(HeraldListsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  UndoImport *job = NULL;
  g_autofree char *title = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *removed = NULL;
  AdwToast *toast;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error))
    {
      show_error (self, error);
      return;
    }
  restored = lists_page_format_count (job->undo.contacts_restored);
  removed = lists_page_format_count (job->undo.members_removed);
  /* TRANSLATORS: after undoing an import; %s is the list, then two numbers */
  title = g_strdup_printf (_("Undid the import into “%s”: values of %s contacts restored, "
                             "%s contacts taken off the list"), job->list_name, restored, removed);
  toast = adw_toast_new (title);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  add_toast (self, toast);
  lists_page_reload_lists (self, job->list_name);
}

static void
start_undo (HeraldListsPage *self,
            const char      *list_name)
{
  if (self->session == NULL || list_name == NULL)
    return;
  /* A connection of its own: undoing a large import takes a while. */
  herald_session_run_async (self->session, HERALD_SESSION_JOB_OWN_STORE, undo_import_job,
                            undo_import_new (list_name), (GDestroyNotify) undo_import_free, NULL,
                            on_import_undone_cb, g_object_ref (self));
}

/* ---- the toast after an import ------------------------------------------- */

static void
on_toast_undo_clicked_cb (AdwToast        *toast,
                          HeraldListsPage *self)
{
  start_undo (self, g_object_get_data (G_OBJECT (toast), "list"));
}

/**
 * lists_page_offer_undo_import:
 * @title: what the import did
 *
 * Shows @title on a toast whose button undoes the import into @list_name.
 */
void
lists_page_offer_undo_import (HeraldListsPage *self,
                              const char      *title,
                              const char      *list_name)
{
  AdwToast *toast = adw_toast_new (title);

  /* TRANSLATORS: button on the toast after an import: undo that import */
  adw_toast_set_button_label (toast, _("_Undo Import"));
  adw_toast_set_timeout (toast, 30);
  /* The import just finished is the one to undo: its toast goes first. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "list", g_strdup (list_name), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_toast_undo_clicked_cb),
                           self, 0);
  /* Only the last import's toast offers Undo: an older one, queued, would
   * undo this one. */
  if (self->import_toast != NULL)
    adw_toast_dismiss (self->import_toast);
  g_set_weak_pointer (&self->import_toast, toast);
  add_toast (self, toast);
}

/* ---- the list's button: say what it would do, then ask ------------------- */

static gboolean
peek_job (HeraldStore   *store,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  UndoImport *job = data;

  return herald_import_undo_peek (store, job->list_name, &job->undo, error);
}

static void
on_confirm_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        HeraldListsPage  *self)
{
  if (g_str_equal (response, "undo"))
    start_undo (self, g_object_get_data (G_OBJECT (dialog), "list"));
}

static void
on_peeked_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HeraldListsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *deleted = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  UndoImport *job = NULL;
  GtkWidget *dialog;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error))
    {
      show_error (self, error);
      return;
    }
  when = g_date_time_new_from_unix_local (job->undo.imported_at);
  time = when != NULL ? g_date_time_format (when, "%x %X") : g_strdup ("?");
  restored = lists_page_format_count (job->undo.contacts_restored);
  removed = lists_page_format_count (job->undo.members_removed);
  deleted = lists_page_format_count (job->undo.contacts_deleted);
  /* TRANSLATORS: asking before undoing an import: a date and time, the list, then three numbers */
  g_string_printf (body, _("The import of %s into “%s” is undone: the values of %s contacts go "
                           "back to what they were, in every list; %s contacts are taken off the "
                           "list, and %s contacts it created are deleted."),
                   time, job->list_name, restored, removed, deleted);
  if (job->undo.list_removed)
    {
      g_string_append_c (body, ' ');
      g_string_append (body, _("The list, which the import created, is removed."));
    }

  dialog = adw_message_dialog_new (lists_page_parent_window (self),
                                   _("Undo the Last Import?"), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    /* TRANSLATORS: button: undo the last import into the list */
                                    "undo", _("_Undo Import"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "undo",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "list", g_strdup (job->list_name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response_cb), self, 0);
  herald_dialog_name_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* lists.undo-import: the last import into the list shown. */
void
lists_page_undo_import_activated (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  HeraldListsPage *self = HERALD_LISTS_PAGE (widget);

  if (self->session == NULL || self->list_name == NULL)
    return;
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, peek_job,
                            undo_import_new (self->list_name), (GDestroyNotify) undo_import_free,
                            NULL, on_peeked_cb, g_object_ref (self));
}
