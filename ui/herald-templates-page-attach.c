/* herald-templates-page-attach.c — the Templates page's Attachments…
 * button: the template's attachments, checked against the previewed list
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-templates-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-attachments-dialog.h"
#include "herald-templates-page-private.h"

/* The template shown, once stored (its attachments are kept with it). */
static const HeraldTemplateRecord *
stored_template (HeraldTemplatesPage *self)
{
  const HeraldTemplateRecord *record;

  if (self->session == NULL || self->current < 0 || self->templates == NULL ||
      (guint) self->current >= self->templates->len)
    return NULL;
  record = g_ptr_array_index (self->templates, self->current);
  return record->id > 0 ? record : NULL;
}

gboolean
_herald_templates_page_attach_enabled (HeraldTemplatesPage *self)
{
  return stored_template (self) != NULL;
}

void
_herald_templates_page_attach_activated (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  HeraldTemplatesPage *self = HERALD_TEMPLATES_PAGE (widget);
  const HeraldTemplateRecord *record = stored_template (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  guint selected = gtk_drop_down_get_selected (self->list_dropdown);
  gint64 list_id = _herald_templates_page_selected_list_id (self);
  const char *list_name = NULL;

  if (record == NULL)
    return;
  if (list_id > 0)
    list_name = ((HeraldListInfo *) g_ptr_array_index (self->lists, selected))->name;
  herald_attachments_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session,
                                 record->id, record->name, list_id, list_name);
}
