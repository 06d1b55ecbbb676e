/* herald-campaigns-page-segment.c — the New Campaign form's segment of the list
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Segment row offers "Whole List" and the saved segments of the list
 * chosen above it; its New Segment button opens the segment editor for
 * that list, and the segment saved there is chosen once the form has
 * read it. Its Edit Segment button opens the segment chosen in the
 * editor, to change or remove it.
 */
#define G_LOG_DOMAIN "herald-campaigns-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-campaigns-page-private.h"
#include "herald-segment-editor.h"

static gint64
selected_list_id (HeraldCampaignsPage *self)
{
  guint list = adw_combo_row_get_selected (self->list_row);

  if (self->lists == NULL || list >= self->lists->len)
    return 0;
  return ((HeraldListInfo *) g_ptr_array_index (self->lists, list))->id;
}

/*
 * campaigns_page_fill_segments:
 * @keep: (nullable): the segment to choose, when it is one of the list's
 *
 * Offers the segments of the list now chosen. The caller sets
 * self->filling around it when no estimate should follow.
 */
void
campaigns_page_fill_segments (HeraldCampaignsPage *self,
                              const char          *keep)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  gint64 list_id = selected_list_id (self);
  guint selected = 0, n = 1;

  /* TRANSLATORS: the Segment row's first choice: every contact of the list */
  gtk_string_list_append (model, _("Whole List"));
  for (guint i = 0; self->segments != NULL && i < self->segments->len; i++)
    {
      const HeraldSegment *segment = g_ptr_array_index (self->segments, i);

      if (segment->list_id != list_id)
        continue;
      gtk_string_list_append (model, segment->name);
      if (keep != NULL && g_str_equal (keep, segment->name))
        selected = n;
      n++;
    }
  self->segments_list_id = list_id;
  adw_combo_row_set_model (self->segment_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->segment_row, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->segment_row), list_id > 0);
}

/*
 * campaigns_page_dup_segment:
 *
 * Returns: (transfer full) (nullable): the segment chosen, %NULL for the
 *   whole list
 */
char *
campaigns_page_dup_segment (HeraldCampaignsPage *self)
{
  if (adw_combo_row_get_selected (self->segment_row) == 0 ||
      adw_combo_row_get_selected (self->segment_row) == GTK_INVALID_LIST_POSITION)
    return NULL;
  return campaigns_page_dup_selected_name (self->segment_row);
}

/* The list changed: its own segments, none chosen. */
void
campaigns_page_list_changed (HeraldCampaignsPage *self)
{
  gboolean filling = self->filling;

  if (selected_list_id (self) == self->segments_list_id)
    return;
  self->filling = TRUE;
  campaigns_page_fill_segments (self, NULL);
  self->filling = filling;
}

static void
on_segment_saved_cb (HeraldSegmentEditor *editor,
                     const char          *name,
                     HeraldCampaignsPage *self)
{
  g_free (self->new_segment);
  self->new_segment = g_strdup (name);
  campaigns_page_refresh (self);
}

void
campaigns_page_new_segment_activated (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  HeraldCampaignsPage *self = HERALD_CAMPAIGNS_PAGE (widget);
  g_autofree char *list_name = campaigns_page_dup_selected_name (self->list_row);
  HeraldSegmentEditor *editor;
  gint64 list_id = selected_list_id (self);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->session == NULL || list_id <= 0 || list_name == NULL)
    {
      campaigns_page_toast (self, _("Choose a list first: a segment is part of one list."));
      return;
    }
  editor = herald_segment_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session,
                                      list_id, list_name);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_segment_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_segment_removed_cb (HeraldSegmentEditor *editor,
                       const char          *name,
                       HeraldCampaignsPage *self)
{
  g_autofree char *text = NULL;

  /* TRANSLATORS: a toast; %s is the segment's name */
  text = g_strdup_printf (_("Segment “%s” removed."), name);
  campaigns_page_toast (self, text);
  campaigns_page_refresh (self);
}

static const HeraldSegment *
chosen_segment (HeraldCampaignsPage *self)
{
  g_autofree char *name = campaigns_page_dup_segment (self);
  gint64 list_id = selected_list_id (self);

  for (guint i = 0; name != NULL && self->segments != NULL && i < self->segments->len; i++)
    {
      const HeraldSegment *segment = g_ptr_array_index (self->segments, i);

      if (segment->list_id == list_id && g_str_equal (segment->name, name))
        return segment;
    }
  return NULL;
}

void
campaigns_page_edit_segment_activated (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  HeraldCampaignsPage *self = HERALD_CAMPAIGNS_PAGE (widget);
  const HeraldSegment *segment = chosen_segment (self);
  HeraldSegmentEditor *editor;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->session == NULL || segment == NULL)
    {
      campaigns_page_toast (self, _("Choose a saved segment in the Segment row first."));
      return;
    }
  editor = herald_segment_editor_new_for (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session, segment);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_segment_saved_cb), self, 0);
  g_signal_connect_object (editor, "removed", G_CALLBACK (on_segment_removed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_segment_chosen_cb (HeraldCampaignsPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaign.edit-segment", chosen_segment (self) != NULL);
}

/* The Edit Segment and New Segment buttons at the end of the Segment row. */
void
campaigns_page_init_segment_row (HeraldCampaignsPage *self)
{
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *button = gtk_button_new_from_icon_name ("list-add-symbolic");

  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_set_tooltip_text (edit, _("Change or remove the segment chosen"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Edit Segment"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "campaign.edit-segment");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->segment_row), edit);
  g_signal_connect_object (self->segment_row, "notify::selected", G_CALLBACK (on_segment_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->segment_row, "notify::model", G_CALLBACK (on_segment_chosen_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Make a new segment of this list"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("New Segment"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "campaign.new-segment");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->segment_row), button);
  campaigns_page_fill_segments (self, NULL);
  on_segment_chosen_cb (self);
}
