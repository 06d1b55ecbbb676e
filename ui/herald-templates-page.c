/* herald-templates-page.c — newsletter templates, read-only until the editor
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-templates-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-templates-page.h"
#include "herald-templates.h"

struct _HeraldTemplatesPage
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkStack       *details_stack;
  GtkTextView    *html_view;
  AdwLeaflet     *leaflet;
  AdwStatusPage  *status_page;
  GtkLabel       *subject_label;
  GtkListBox     *templates_box;
  GtkLabel       *template_title;

  /* owned */
  HeraldSession  *session;
  GCancellable   *cancellable;
  GPtrArray      *templates;     /* HeraldTemplateRecord, in the rows' order */
};

G_DEFINE_FINAL_TYPE (HeraldTemplatesPage, herald_templates_page, GTK_TYPE_WIDGET)

static void
show_status (HeraldTemplatesPage *self,
             const char          *icon_name,
             const char          *title,
             const char          *description)
{
  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_stack_set_visible_child_name (self->details_stack, "status");
}

static void
show_template (HeraldTemplatesPage        *self,
               const HeraldTemplateRecord *record)
{
  gtk_label_set_text (self->template_title, record->name);
  gtk_label_set_text (self->subject_label, record->subject);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->html_view), record->html, -1);
  gtk_stack_set_visible_child_name (self->details_stack, "details");
}

static void
on_templates_box_row_selected_cb (HeraldTemplatesPage *self,
                                  GtkListBoxRow       *row,
                                  GtkListBox          *box)
{
  int index;

  if (row == NULL || self->templates == NULL)
    return;
  index = gtk_list_box_row_get_index (row);
  if (index >= 0 && (guint) index < self->templates->len)
    show_template (self, g_ptr_array_index (self->templates, index));
}

static void
on_templates_box_row_activated_cb (HeraldTemplatesPage *self,
                                   GtkListBoxRow       *row,
                                   GtkListBox          *box)
{
  /* Narrow: the template replaces the list, as if a page was opened. */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_back_button_clicked_cb (HeraldTemplatesPage *self,
                           GtkButton           *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
templates_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  HeraldSession *session = task_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *templates;

  templates = herald_templates_list (herald_session_lock (session), &error);
  herald_session_unlock (session);

  if (templates == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, templates, (GDestroyNotify) g_ptr_array_unref);
}

static GtkWidget *
create_template_row (const HeraldTemplateRecord *record)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), record->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), record->subject);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
on_templates_loaded_cb (GObject      *source,
                        GAsyncResult *res,
                        gpointer      user_data)
{
  g_autoptr(HeraldTemplatesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *templates;

  templates = g_task_propagate_pointer (G_TASK (res), &error);
  if (templates == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_status (self, "dialog-error-symbolic", _("The Templates Could Not Be Read"), error->message);
      return;
    }

  g_clear_pointer (&self->templates, g_ptr_array_unref);
  self->templates = templates;
  if (templates->len == 0)
    {
      show_status (self, "document-edit-symbolic", _("No Templates"),
                   _("Writing templates is not available in this version yet."));
      return;
    }

  for (guint i = 0; i < templates->len; i++)
    gtk_list_box_append (self->templates_box, create_template_row (g_ptr_array_index (templates, i)));
  gtk_list_box_select_row (self->templates_box, gtk_list_box_get_row_at_index (self->templates_box, 0));
}

static void
herald_templates_page_dispose (GObject *object)
{
  HeraldTemplatesPage *self = HERALD_TEMPLATES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_TEMPLATES_PAGE);

  G_OBJECT_CLASS (herald_templates_page_parent_class)->dispose (object);
}

static void
herald_templates_page_finalize (GObject *object)
{
  HeraldTemplatesPage *self = HERALD_TEMPLATES_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->templates, g_ptr_array_unref);

  G_OBJECT_CLASS (herald_templates_page_parent_class)->finalize (object);
}

static void
herald_templates_page_class_init (HeraldTemplatesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_templates_page_dispose;
  object_class->finalize = herald_templates_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-templates-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, details_stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, html_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, subject_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, template_title);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, templates_box);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_templates_box_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_templates_box_row_selected_cb);
}

static void
herald_templates_page_init (HeraldTemplatesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  show_status (self, "document-edit-symbolic", _("No Template Selected"),
               _("Choose a template to see its subject and HTML."));
}

/**
 * herald_templates_page_set_session:
 *
 * Gives the page the open database; it then reads the templates.
 */
void
herald_templates_page_set_session (HeraldTemplatesPage *self,
                                   HeraldSession       *session)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HERALD_IS_TEMPLATES_PAGE (self));
  g_return_if_fail (HERALD_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);

  /* No source object: the page is released by the callback, on the main
   * thread, never by a worker dropping the task. */
  task = g_task_new (NULL, self->cancellable, on_templates_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, herald_templates_page_set_session);
  g_task_set_task_data (task, g_object_ref (session), g_object_unref);
  g_task_run_in_thread (task, templates_thread);
}
