/* herald-templates-page-leave.c — the template editor's question when
 * unsaved edits would be left: Save, Discard or Cancel (switching
 * template, closing the window, quitting)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-templates-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-dialog.h"
#include "herald-templates.h"
#include "herald-templates-page-private.h"

/* Answers the question being asked (if any): %TRUE, the edits were saved
 * or discarded and the caller may go on; %FALSE, stay. */
void
_herald_templates_page_finish_question (HeraldTemplatesPage *self,
                                        gboolean             proceed)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->confirm_task);

  if (task != NULL)
    g_task_return_boolean (task, proceed);
}

static void
on_question_response_cb (HeraldTemplatesPage *self,
                         const char          *response,
                         AdwMessageDialog    *dialog)
{
  self->confirm_dialog = NULL;
  if (g_str_equal (response, "save"))
    {
      /* on_saved_cb() answers once the template is stored */
      if (!_herald_templates_page_start_save (self))
        _herald_templates_page_finish_question (self, FALSE);
    }
  else if (g_str_equal (response, "discard"))
    {
      /* Back to the stored template, in case the caller stays after all
       * (another question, about a campaign, may follow a window's). */
      self->dirty = FALSE;
      if (self->current >= 0 && self->switch_to < 0)
        _herald_templates_page_show_template (self, self->current);
      _herald_templates_page_finish_question (self, TRUE);
    }
  else
    _herald_templates_page_finish_question (self, FALSE);
}

/**
 * herald_templates_page_has_unsaved_changes:
 *
 * Returns: whether the template shown has edits that are not saved
 */
gboolean
herald_templates_page_has_unsaved_changes (HeraldTemplatesPage *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATES_PAGE (self), FALSE);

  return self->current >= 0 && self->dirty;
}

/**
 * herald_templates_page_confirm_leave_async:
 *
 * When the template shown has unsaved edits, asks "Save / Discard /
 * Cancel" in a dialog over the window, and saves if asked to. Finishes
 * with %TRUE at once when there is nothing to save. A second call while
 * the question is up finishes with %FALSE.
 */
void
herald_templates_page_confirm_leave_async (HeraldTemplatesPage *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GtkRoot *root;
  const char *name;
  GtkWidget *dialog;

  g_return_if_fail (HERALD_IS_TEMPLATES_PAGE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_templates_page_confirm_leave_async);
  if (!herald_templates_page_has_unsaved_changes (self))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->confirm_task != NULL)
    {
      if (self->confirm_dialog != NULL)
        gtk_window_present (GTK_WINDOW (self->confirm_dialog));
      g_task_return_boolean (task, FALSE);
      return;
    }

  self->confirm_task = g_steal_pointer (&task);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  name = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   /* TRANSLATORS: heading of the question asked when leaving a template with unsaved edits */
                                   _("Save Changes?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  /* TRANSLATORS: %s is a template's name */
                                  _("The template “%s” has changes that are not saved. Changes you discard are lost."),
                                  *name != '\0' ? name : ((HeraldTemplateRecord *) g_ptr_array_index (self->templates, self->current))->name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    /* TRANSLATORS: buttons of the question about unsaved changes */
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  herald_dialog_name_buttons (dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_question_response_cb), self, G_CONNECT_SWAPPED);
  self->confirm_dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * herald_templates_page_confirm_leave_finish:
 *
 * Returns: %TRUE when the caller may go on (nothing unsaved, saved, or
 *   discarded), %FALSE when the user chose to stay or saving failed
 */
gboolean
herald_templates_page_confirm_leave_finish (HeraldTemplatesPage  *self,
                                            GAsyncResult         *result,
                                            GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
close_window_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
on_close_confirmed_cb (GObject      *source,
                       GAsyncResult *res,
                       gpointer      user_data)
{
  HeraldTemplatesPage *self = HERALD_TEMPLATES_PAGE (source);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* Saved or discarded: close again, which now goes past this page. From
   * an idle: the question, transient for the window, is still answering. */
  if (herald_templates_page_confirm_leave_finish (self, res, NULL) && GTK_IS_WINDOW (root))
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_window_cb, g_object_ref (root), g_object_unref);
}

/* The window's close-request (closing it, app.quit): runs before the
 * window's own handler, and stops the close while the question is up. */
static gboolean
on_window_close_request_cb (HeraldTemplatesPage *self,
                            GtkWindow           *window)
{
  if (!herald_templates_page_has_unsaved_changes (self) || !gtk_widget_get_visible (GTK_WIDGET (window)))
    return FALSE;
  if (self->confirm_task == NULL)
    herald_templates_page_confirm_leave_async (self, NULL, on_close_confirmed_cb, NULL);
  else if (self->confirm_dialog != NULL)
    gtk_window_present (GTK_WINDOW (self->confirm_dialog));
  return TRUE;
}

void
_herald_templates_page_root (GtkWidget *widget)
{
  HeraldTemplatesPage *self = HERALD_TEMPLATES_PAGE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (g_type_class_peek (GTK_TYPE_WIDGET))->root (widget);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root) && self->close_window == NULL)
    {
      self->close_window = GTK_WINDOW (root);
      g_object_add_weak_pointer (G_OBJECT (root), (gpointer *) &self->close_window);
      self->close_request_id = g_signal_connect_swapped (root, "close-request",
                                                         G_CALLBACK (on_window_close_request_cb), self);
    }
}

void
_herald_templates_page_forget_window (HeraldTemplatesPage *self)
{
  if (self->close_window == NULL)
    return;
  g_clear_signal_handler (&self->close_request_id, self->close_window);
  g_object_remove_weak_pointer (G_OBJECT (self->close_window), (gpointer *) &self->close_window);
  self->close_window = NULL;
}

void
_herald_templates_page_unroot (GtkWidget *widget)
{
  _herald_templates_page_forget_window (HERALD_TEMPLATES_PAGE (widget));
  GTK_WIDGET_CLASS (g_type_class_peek (GTK_TYPE_WIDGET))->unroot (widget);
}

void
_herald_templates_page_switch_confirmed_cb (GObject      *source,
                                            GAsyncResult *res,
                                            gpointer      user_data)
{
  HeraldTemplatesPage *self = HERALD_TEMPLATES_PAGE (source);
  int target = self->switch_to;

  self->switch_to = -1;
  if (herald_templates_page_confirm_leave_finish (self, res, NULL) &&
      target >= 0 && self->templates != NULL && (guint) target < self->templates->len)
    {
      self->loading = TRUE;
      gtk_list_box_select_row (self->templates_box, gtk_list_box_get_row_at_index (self->templates_box, target));
      self->loading = FALSE;
      _herald_templates_page_show_template (self, target);
    }
  else if (self->current >= 0)
    {
      /* Stay: the list selects the template shown again. */
      self->loading = TRUE;
      gtk_list_box_select_row (self->templates_box, gtk_list_box_get_row_at_index (self->templates_box, self->current));
      self->loading = FALSE;
    }
}

