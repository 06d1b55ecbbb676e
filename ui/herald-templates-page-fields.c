/* herald-templates-page-fields.c — matching a template's fields to a list's columns
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A template written for {{ name }} and a list whose column is 氏名: the
 * preview stops at the first field the list lacks. "Match Fields…" asks,
 * in one dialog, which column each of those fields is written from; the
 * match is kept with the template (herald_templates_set_field_map()) and
 * the preview, the checks and the messages read it from then on.
 */
#define G_LOG_DOMAIN "herald-templates-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-templates-page-private.h"

typedef struct
{
  gint64      template_id;
  GHashTable *map;
} SaveMap;

static void
save_map_free (SaveMap *data)
{
  g_hash_table_unref (data->map);
  g_free (data);
}

static gboolean
save_map_job (HeraldStore   *store,
              gpointer       user_data,
              GCancellable  *cancellable,
              GError       **error)
{
  SaveMap *data = user_data;

  return herald_templates_set_field_map (store, data->template_id, data->map, error);
}

static void
on_map_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HeraldTemplatesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  SaveMap *data = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &data, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _herald_templates_page_add_toast (self, error->message);
      return;
    }
  /* The stored record takes the new match: the next render uses it. */
  for (guint i = 0; i < self->templates->len; i++)
    {
      HeraldTemplateRecord *record = g_ptr_array_index (self->templates, i);

      if (record->id != data->template_id)
        continue;
      g_clear_pointer (&record->field_map, g_hash_table_unref);
      if (g_hash_table_size (data->map) > 0)
        record->field_map = g_hash_table_ref (data->map);
    }
  _herald_templates_page_add_toast (self, _("Fields matched to the list’s columns"));
  _herald_templates_page_start_render (self);
}

/* A column that likely holds @field: the same name in any case, or a
 * usual Japanese header for a name. */
static guint
guess_column (const char         *field,
              const char * const *columns)
{
  static const char * const name_headers[] = { "氏名", "名前", "お名前", "姓名", "フルネーム", "Name", NULL };
  g_autofree char *folded = g_utf8_casefold (field, -1);

  for (guint i = 0; columns[i] != NULL; i++)
    {
      g_autofree char *other = g_utf8_casefold (columns[i], -1);

      if (g_str_equal (folded, other))
        return i + 1;
    }
  if (g_str_equal (folded, "name"))
    for (guint i = 0; columns[i] != NULL; i++)
      if (g_strv_contains (name_headers, columns[i]))
        return i + 1;
  return 0;
}

static void
on_match_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  HeraldTemplatesPage *self = user_data;
  GPtrArray *rows = g_object_get_data (G_OBJECT (dialog), "rows");
  /* What the dialog was opened for: a render since may have changed the page's. */
  const char * const *columns = g_object_get_data (G_OBJECT (dialog), "columns");
  gint64 template_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "template-id"));
  const HeraldTemplateRecord *record = NULL;
  SaveMap *data;

  if (!g_str_equal (response, "match") || self->session == NULL)
    return;
  for (guint i = 0; i < self->templates->len && record == NULL; i++)
    if (((HeraldTemplateRecord *) g_ptr_array_index (self->templates, i))->id == template_id)
      record = g_ptr_array_index (self->templates, i);
  if (record == NULL)
    return;   /* the template was deleted meanwhile */
  data = g_new0 (SaveMap, 1);
  data->template_id = record->id;
  data->map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (record->field_map != NULL)
    {
      GHashTableIter iter;
      gpointer field, column;

      g_hash_table_iter_init (&iter, record->field_map);
      while (g_hash_table_iter_next (&iter, &field, &column))
        g_hash_table_insert (data->map, g_strdup (field), g_strdup (column));
    }
  for (guint i = 0; i < rows->len; i++)
    {
      AdwComboRow *row = g_ptr_array_index (rows, i);
      const char *field = g_object_get_data (G_OBJECT (row), "field");
      guint chosen = adw_combo_row_get_selected (row);

      if (chosen == 0 || chosen == GTK_INVALID_LIST_POSITION)
        g_hash_table_remove (data->map, field);
      else
        g_hash_table_insert (data->map, g_strdup (field), g_strdup (columns[chosen - 1]));
    }
  herald_session_run_async (self->session, 0, save_map_job, data, (GDestroyNotify) save_map_free,
                            self->cancellable, on_map_saved_cb, g_object_ref (self));
}

static void
on_match_fields_button_clicked_cb (HeraldTemplatesPage *self)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  GPtrArray *rows = g_ptr_array_new ();
  const HeraldTemplateRecord *record;
  g_autofree char *list_name = NULL;
  GtkWidget *box, *dialog;
  guint selected = gtk_drop_down_get_selected (self->list_dropdown);

  if (self->current < 0 || self->unmatched_fields == NULL || self->list_fields == NULL)
    return;
  record = g_ptr_array_index (self->templates, self->current);
  if (selected != GTK_INVALID_LIST_POSITION && self->lists != NULL && selected < self->lists->len)
    list_name = g_strdup (((HeraldListInfo *) g_ptr_array_index (self->lists, selected))->name);

  /* TRANSLATORS: the first choice for a field: written from no column */
  gtk_string_list_append (choices, _("Not matched"));
  for (guint i = 0; self->list_fields[i] != NULL; i++)
    gtk_string_list_append (choices, self->list_fields[i]);

  box = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (box), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (box, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The template’s fields and their columns"), -1);
  for (guint i = 0; self->unmatched_fields[i] != NULL; i++)
    {
      const char *field = self->unmatched_fields[i];
      GtkWidget *row = adw_combo_row_new ();
      g_autofree char *title = g_strdup_printf ("{{ %s }}", field);
      /* TRANSLATORS: the accessible name of the choice of a column for a field */
      g_autofree char *label = g_strdup_printf (_("Column for the field “%s”"), field);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row),
                                  guess_column (field, (const char * const *) self->list_fields));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data_full (G_OBJECT (row), "field", g_strdup (field), g_free);
      gtk_list_box_append (GTK_LIST_BOX (box), row);
      g_ptr_array_add (rows, row);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Match Fields to Columns"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  /* TRANSLATORS: the template's name, then the list's */
                                  _("The template “%s” uses fields the list “%s” has no column for. "
                                    "Choose the column each one is written from. The match is kept "
                                    "with the template; the list is not changed."),
                                  record->name, list_name != NULL ? list_name : "");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    /* TRANSLATORS: the button that keeps the chosen columns */
                                    "match", _("_Match"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "match", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "match");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "rows", rows, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "columns", g_strdupv (self->list_fields), (GDestroyNotify) g_strfreev);
  g_object_set_data (G_OBJECT (dialog), "template-id", GSIZE_TO_POINTER ((gsize) record->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_match_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* After a render: offers "Match Fields…" when the template uses fields
 * the chosen list has no column for, and the template is stored. */
void
_herald_templates_page_show_unmatched (HeraldTemplatesPage      *self,
                                       const HeraldRenderResult *result)
{
  gboolean stored = self->current >= 0 &&
                    ((HeraldTemplateRecord *) g_ptr_array_index (self->templates, self->current))->id > 0;

  g_clear_pointer (&self->unmatched_fields, g_strfreev);
  g_clear_pointer (&self->list_fields, g_strfreev);
  if (result != NULL && result->unmatched_fields != NULL && result->unmatched_fields[0] != NULL &&
      result->list_fields != NULL && result->list_fields[0] != NULL)
    {
      self->unmatched_fields = g_strdupv (result->unmatched_fields);
      self->list_fields = g_strdupv (result->list_fields);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->match_fields_button), stored && self->unmatched_fields != NULL);
}

void
_herald_templates_page_fields_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, match_fields_button);
  gtk_widget_class_bind_template_callback (widget_class, on_match_fields_button_clicked_cb);
}
