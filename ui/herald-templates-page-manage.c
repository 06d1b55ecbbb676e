/* herald-templates-page-manage.c — the template shown duplicated or deleted
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Template Actions menu beside New Template (a template is renamed in
 * its Name field). Duplicate copies the template as saved, with its
 * images and attachments, and opens the copy; Delete asks first (Cancel
 * is the default). Past campaigns keep showing the template's name
 * (herald-store-edit.c keeps it for them).
 */
#define G_LOG_DOMAIN "herald-templates-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-manage.h"
#include "herald-templates-page-private.h"

typedef struct
{
  HeraldTemplatesPage  *page;
  HeraldManageOp        op;
  gint64                id;
} Call;

static HeraldTemplateRecord *
shown (HeraldTemplatesPage *self)
{
  if (self->templates == NULL || self->current < 0 || (guint) self->current >= self->templates->len)
    return NULL;
  return g_ptr_array_index (self->templates, self->current);
}

/* The row of the deleted template goes; the next one (or the one before)
 * is shown, or the page says there is none. */
static void
forget_template (HeraldTemplatesPage *self,
                 gint64               id)
{
  GtkListBoxRow *row;
  int index = -1;

  for (guint i = 0; i < self->templates->len; i++)
    if (((HeraldTemplateRecord *) g_ptr_array_index (self->templates, i))->id == id)
      index = i;
  if (index < 0)
    return;
  self->loading = TRUE;
  if ((row = gtk_list_box_get_row_at_index (self->templates_box, index)) != NULL)
    gtk_list_box_remove (self->templates_box, GTK_WIDGET (row));
  g_ptr_array_remove_index (self->templates, index);
  if (self->current == index)
    {
      self->current = -1;
      self->dirty = FALSE;
      self->generation++;   /* a render on its way is of the deleted template */
    }
  else if (self->current > index)
    self->current--;
  self->loading = FALSE;
  if (self->templates->len == 0)
    {
      adw_status_page_set_icon_name (self->status_page, "document-edit-symbolic");
      adw_status_page_set_title (self->status_page, _("No Templates"));
      adw_status_page_set_description (self->status_page,
                                       _("Make one with the New Template button: a starter gives you a finished newsletter to change."));
      gtk_stack_set_visible_child_name (self->details_stack, "status");
    }
  else if (self->current < 0)
    gtk_list_box_select_row (self->templates_box,
                             gtk_list_box_get_row_at_index (self->templates_box,
                                                            MIN (index, (int) self->templates->len - 1)));
  _herald_templates_page_update_actions (self);
}

static gboolean
find_job (HeraldStore   *store,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  HeraldTemplateRecord **record = data;

  *record = herald_templates_find_by_id (store, (*record)->id, error);
  return *record != NULL;
}

static void
on_copy_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HeraldTemplatesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  HeraldTemplateRecord **record = NULL;
  g_autofree char *text = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &record, &error))
    {
      _herald_templates_page_add_toast (self, error->message);
      return;
    }
  /* TRANSLATORS: after a template was duplicated; %s is the copy's name */
  text = g_strdup_printf (_("Made the copy “%s”"), (*record)->name);
  _herald_templates_page_add_toast (self, text);
  _herald_templates_page_append (self, g_steal_pointer (record));
}

static void
record_box_free (HeraldTemplateRecord **record)
{
  g_clear_pointer (record, herald_template_record_free);
  g_free (record);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(HeraldTemplatesPage) self = call->page;
  g_autoptr(GError) error = NULL;
  gint64 copy_id = 0;
  g_autofree char *name = herald_manage_run_finish (HERALD_SESSION (source), result, &copy_id, &error);
  HeraldManageOp op = call->op;
  gint64 id = call->id;

  g_free (call);
  if (name == NULL)
    {
      _herald_templates_page_add_toast (self, error->message);
      return;
    }
  if (op == HERALD_MANAGE_DELETE)
    {
      g_autofree char *text = NULL;
      HeraldTemplateRecord *record = NULL;

      for (guint i = 0; i < self->templates->len; i++)
        if (((HeraldTemplateRecord *) g_ptr_array_index (self->templates, i))->id == id)
          record = g_ptr_array_index (self->templates, i);
      /* TRANSLATORS: after a template was deleted; %s is its name */
      text = g_strdup_printf (_("Deleted “%s”"), record != NULL ? record->name : "");
      _herald_templates_page_add_toast (self, text);
      forget_template (self, id);
      return;
    }
  if (op == HERALD_MANAGE_DUPLICATE && self->session != NULL)
    {
      HeraldTemplateRecord **record = g_new0 (HeraldTemplateRecord *, 1);

      *record = g_new0 (HeraldTemplateRecord, 1);
      (*record)->id = copy_id;
      herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, find_job, record,
                                (GDestroyNotify) record_box_free, self->cancellable, on_copy_read_cb,
                                g_object_ref (self));
    }
}

static void
run (HeraldTemplatesPage *self,
     HeraldManageOp       op)
{
  HeraldTemplateRecord *record = shown (self);
  Call *call;

  if (self->session == NULL || record == NULL)
    return;
  call = g_new0 (Call, 1);
  call->page = g_object_ref (self);
  call->op = op;
  call->id = record->id;
  herald_manage_run_async (self->session,
                           &(HeraldManageRequest) { .is_template = TRUE, .op = op, .id = record->id, .name = record->name },
                           self->cancellable, on_done_cb, call);
}

static void
on_delete_confirmed_cb (GtkWidget  *page,
                        const char *name)
{
  run (HERALD_TEMPLATES_PAGE (page), HERALD_MANAGE_DELETE);
}

/* templates.duplicate */
void
_herald_templates_page_duplicate_activated (GtkWidget  *widget,
                                            const char *action_name,
                                            GVariant   *parameter)
{
  run (HERALD_TEMPLATES_PAGE (widget), HERALD_MANAGE_DUPLICATE);
}

/* templates.delete */
void
_herald_templates_page_delete_activated (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  HeraldTemplatesPage *self = HERALD_TEMPLATES_PAGE (widget);
  HeraldTemplateRecord *record = shown (self);
  g_autofree char *heading = NULL;

  if (record == NULL)
    return;
  /* TRANSLATORS: heading of the question before deleting a template; %s is its name */
  heading = g_strdup_printf (_("Delete the Template “%s”?"), record->name);
  herald_manage_ask_delete (widget, heading,
                            _("The template, its images and attachments are deleted, with any "
                              "unsaved changes. Campaigns already sent with it keep its name in "
                              "their history. This cannot be undone."),
                            on_delete_confirmed_cb);
}
