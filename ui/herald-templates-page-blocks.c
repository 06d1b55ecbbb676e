/* herald-templates-page-blocks.c — the template editor's Blocks view
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A template made of blocks opens in the block editor
 * (herald-block-editor.c), the first of the editor's views, beside HTML
 * and Plain Text. Each change renders the HTML through the engine
 * (herald_blocks_render_node()) into the HTML view, which the live preview
 * and the text part follow as they follow typed HTML. Opening the HTML
 * view of a block template asks first: once its HTML is edited, a
 * template stays HTML (saved without its blocks). The field picker offers
 * the columns of the list chosen for the preview.
 */
#define G_LOG_DOMAIN "herald-templates-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-block-editor.h"
#include "herald-blocks.h"
#include "herald-session.h"
#include "herald-templates-page-private.h"

static int
blocks_page (HeraldTemplatesPage *self)
{
  return gtk_notebook_page_num (self->editor_notebook, GTK_WIDGET (self->block_editor));
}

static int
html_page (HeraldTemplatesPage *self)
{
  return gtk_notebook_page_num (self->editor_notebook,
                                gtk_widget_get_ancestor (GTK_WIDGET (self->html_view), GTK_TYPE_SCROLLED_WINDOW));
}

/* ---- blocks to HTML ---------------------------------------------------------- */

static void
on_block_editor_changed_cb (HeraldTemplatesPage *self)
{
  g_autofree char *json = herald_block_editor_dup_json (self->block_editor);
  g_autoptr(JsonNode) document = NULL;
  g_autofree char *html = NULL;

  if (!self->is_blocks || json == NULL)
    return;
  /* A document with a mistake keeps the last HTML; the preview, which
   * renders the document itself, names the block. */
  if ((document = json_from_string (json, NULL)) != NULL &&
      (html = herald_blocks_render_node (document, NULL)) != NULL)
    _herald_templates_page_set_buffer_text (self, GTK_TEXT_VIEW (self->html_view), html);
  _herald_templates_page_edited (self);
}

/* ---- the HTML view of a block template ------------------------------------------ */

static void
on_html_answer_cb (AdwMessageDialog    *dialog,
                   const char          *response,
                   HeraldTemplatesPage *self)
{
  if (g_strcmp0 (response, "html") == 0)
    {
      self->is_blocks = FALSE;
      gtk_widget_set_visible (GTK_WIDGET (self->block_editor), FALSE);
      gtk_text_view_set_editable (GTK_TEXT_VIEW (self->html_view), TRUE);
      gtk_notebook_set_current_page (self->editor_notebook, html_page (self));
      _herald_templates_page_edited (self);   /* saved from now on without its blocks */
    }
  else
    gtk_notebook_set_current_page (self->editor_notebook, blocks_page (self));
}

static gboolean
ask_about_html (gpointer user_data)
{
  HeraldTemplatesPage *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Edit This Template as HTML?"),
                                                       _("It is made of blocks. Once you edit its HTML it stays an "
                                                         "HTML template: the Blocks view can no longer change it, "
                                                         "and saving keeps your HTML instead of the blocks.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Keep Blocks"), "html", _("_Edit as HTML"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "html", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_html_answer_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return G_SOURCE_REMOVE;
}

static void
on_notebook_switch_page_cb (HeraldTemplatesPage *self,
                            GtkWidget           *page,
                            guint                page_num)
{
  if (self->loading || !self->is_blocks || (int) page_num != html_page (self))
    return;
  /* Once the page is on screen: the dialog asks, then comes back to Blocks. */
  g_idle_add_full (G_PRIORITY_DEFAULT, ask_about_html, g_object_ref (self), g_object_unref);
}

/* ---- the field picker: the chosen list's columns ------------------------------------ */

typedef struct
{
  gint64 list_id;
  GStrv  fields;
} FieldsData;

static void
fields_data_free (FieldsData *data)
{
  g_strfreev (data->fields);
  g_free (data);
}

static gboolean
fields_job (HeraldStore   *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  FieldsData *fields = data;

  return (fields->fields = herald_store_dup_list_fields (store, fields->list_id, error)) != NULL;
}

static void
on_fields_loaded_cb (GObject      *source,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  g_autoptr(HeraldTemplatesPage) self = user_data;
  FieldsData *data = NULL;
  g_autoptr(GError) error = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), res, (gpointer *) &data, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The list's fields could not be read: %s", error->message);
      return;
    }
  /* Only the list still chosen. */
  if (data->list_id == _herald_templates_page_selected_list_id (self))
    herald_block_editor_set_fields (self->block_editor, (const char * const *) data->fields);
}

void
_herald_templates_page_blocks_list_changed (HeraldTemplatesPage *self)
{
  FieldsData *data;
  gint64 list_id = _herald_templates_page_selected_list_id (self);

  if (self->session == NULL || list_id <= 0)
    {
      herald_block_editor_set_fields (self->block_editor, NULL);
      return;
    }
  data = g_new0 (FieldsData, 1);
  data->list_id = list_id;
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, fields_job, data,
                            (GDestroyNotify) fields_data_free, self->cancellable,
                            on_fields_loaded_cb, g_object_ref (self));
}

/* ---- showing and saving a template ------------------------------------------------ */

/* Called by _herald_templates_page_show_template(), loading. */
void
_herald_templates_page_blocks_show (HeraldTemplatesPage        *self,
                                    const HeraldTemplateRecord *record)
{
  g_autoptr(GError) error = NULL;

  self->is_blocks = record->blocks != NULL &&
                    herald_block_editor_set_document (self->block_editor, record->blocks, &error);
  if (error != NULL)
    g_warning ("The template “%s” opens as HTML: %s", record->name, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->block_editor), self->is_blocks);
  /* A block template's HTML is the engine's: edited only after asking. */
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->html_view), !self->is_blocks);
  gtk_notebook_set_current_page (self->editor_notebook, self->is_blocks ? blocks_page (self) : html_page (self));
}

/* The document as saved: image files became "cid:" references. */
void
_herald_templates_page_blocks_saved (HeraldTemplatesPage        *self,
                                     const HeraldTemplateRecord *record)
{
  g_autofree char *shown = NULL;

  if (!self->is_blocks || record->blocks == NULL || self->edit_serial != self->saved_serial)
    return;
  shown = herald_block_editor_dup_json (self->block_editor);
  if (g_strcmp0 (shown, record->blocks) != 0)
    herald_block_editor_set_document (self->block_editor, record->blocks, NULL);
}

/* The edited document, for the record to save or preview; %NULL for an
 * HTML template. */
char *
_herald_templates_page_blocks_dup_json (HeraldTemplatesPage *self)
{
  return self->is_blocks ? herald_block_editor_dup_json (self->block_editor) : NULL;
}

void
_herald_templates_page_blocks_init (HeraldTemplatesPage *self)
{
  GtkWidget *label = gtk_label_new (_("Blocks"));

  self->block_editor = HERALD_BLOCK_EDITOR (herald_block_editor_new ());
  gtk_notebook_insert_page (self->editor_notebook, GTK_WIDGET (self->block_editor), label, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->block_editor), FALSE);
  g_signal_connect_object (self->block_editor, "changed", G_CALLBACK (on_block_editor_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor_notebook, "switch-page", G_CALLBACK (on_notebook_switch_page_cb),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}
