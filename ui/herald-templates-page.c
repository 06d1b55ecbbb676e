/* herald-templates-page.c — the template editor: the list of templates, the
 * selected one's subject, HTML and text, and a live per-recipient preview
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview's rendering is in herald-templates-page-render.c, the
 * question about unsaved edits in herald-templates-page-leave.c.
 */
#define G_LOG_DOMAIN "herald-templates-page"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "herald-store.h"
#include "herald-parts.h"
#include "herald-preview.h"
#include "herald-preview-render.h"
#include "herald-preview-timing.h"
#include "herald-page-common.h"
#include "herald-test-send-dialog.h"
#include "herald-templates-page-private.h"
#include "herald-templates.h"
#include "herald-window.h"


G_DEFINE_FINAL_TYPE (HeraldTemplatesPage, herald_templates_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static char *
dup_buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
_herald_templates_page_set_buffer_text (HeraldTemplatesPage *self,
                                        GtkTextView         *view,
                                        const char          *text)
{
  gboolean was_loading = self->loading;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start;

  self->loading = TRUE;
  gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  self->loading = was_loading;
}

/* The template as the widgets show it now. */
HeraldTemplateRecord *
_herald_templates_page_dup_edited_record (HeraldTemplatesPage *self)
{
  const HeraldTemplateRecord *stored = g_ptr_array_index (self->templates, self->current);
  HeraldTemplateRecord *record = g_new0 (HeraldTemplateRecord, 1);

  record->id = stored->id;
  record->name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  record->subject = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->subject_entry)));
  record->html = dup_buffer_text (GTK_TEXT_VIEW (self->html_view));
  record->text = self->text_edited ? dup_buffer_text (self->text_view) : NULL;
  record->text_edited = self->text_edited;
  record->allow_remote = gtk_check_button_get_active (self->remote_check);
  record->from = g_strdup (stored->from);
  record->reply_to = g_strdup (stored->reply_to);
  record->name_field = g_strdup (stored->name_field);
  record->field_map = stored->field_map != NULL ? g_hash_table_ref (stored->field_map) : NULL;
  record->charset = g_strdup (stored->charset);
  record->blocks = _herald_templates_page_blocks_dup_json (self);
  return record;
}

void
_herald_templates_page_update_actions (HeraldTemplatesPage *self)
{
  gboolean editing = self->current >= 0;
  gboolean has_list = gtk_drop_down_get_selected (self->list_dropdown) != GTK_INVALID_LIST_POSITION &&
                      self->lists != NULL && self->lists->len > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.save", editing && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.duplicate", editing && self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.delete", editing && self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.send-test", editing && self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.attachments", _herald_templates_page_attach_enabled (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.regenerate-text", editing && self->text_edited);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.first-recipient", has_list && self->position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.previous-recipient", has_list && self->position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.next-recipient",
                                 has_list && self->position + 1 < self->n_recipients);
}

static void
update_text_status (HeraldTemplatesPage *self)
{
  gtk_label_set_text (self->text_status_label,
                      self->text_edited
                      ? _("Edited by hand: changes to the HTML no longer change this text.")
                      : _("Made from the HTML as you type, until you edit it."));
  _herald_templates_page_update_actions (self);
}

/* ---- editing ------------------------------------------------------------ */

static void
on_editor_changed_cb (HeraldTemplatesPage *self)
{
  _herald_templates_page_edited (self);
}

/* The template was edited: unsaved, and the preview follows. */
void
_herald_templates_page_edited (HeraldTemplatesPage *self)
{
  if (self->loading || self->current < 0)
    return;
  self->dirty = TRUE;
  self->edit_serial++;
  if (herald_timing_enabled ())
    self->edit_time = g_get_monotonic_time ();
  _herald_templates_page_schedule_render (self);
}

static void
on_text_buffer_changed_cb (HeraldTemplatesPage *self)
{
  if (self->loading || self->current < 0)
    return;
  if (!self->text_edited)
    {
      self->text_edited = TRUE;
      update_text_status (self);
    }
  _herald_templates_page_edited (self);
}

static void
regenerate_text_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  HeraldTemplatesPage *self = HERALD_TEMPLATES_PAGE (widget);

  self->text_edited = FALSE;
  g_clear_pointer (&self->generated, g_free);
  update_text_status (self);
  _herald_templates_page_edited (self);
}

static void
on_goto_error_button_clicked_cb (HeraldTemplatesPage *self)
{
  gboolean in_text = g_strcmp0 (self->error_part, "text") == 0;
  GtkTextView *view = in_text ? self->text_view : GTK_TEXT_VIEW (self->html_view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter iter;

  if (self->error_line == 0)
    return;
  gtk_notebook_set_current_page (self->editor_notebook,
                                 gtk_notebook_page_num (self->editor_notebook,
                                                        in_text ? gtk_widget_get_ancestor (GTK_WIDGET (self->text_view), GTK_TYPE_BOX)
                                                                : gtk_widget_get_ancestor (GTK_WIDGET (self->html_view), GTK_TYPE_SCROLLED_WINDOW)));
  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, self->error_line - 1, self->error_column - 1);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_to_iter (view, &iter, 0.1, FALSE, 0, 0);
  gtk_widget_grab_focus (GTK_WIDGET (view));
}

static void
on_width_toggled_cb (HeraldTemplatesPage *self)
{
  herald_preview_set_mobile (self->preview,
                             !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->desktop_toggle)));
}

static void
forget_counts (HeraldTemplatesPage *self)
{
  g_clear_pointer (&self->counted_fields, g_strfreev);
  g_clear_pointer (&self->counted_missing, g_free);
  g_clear_pointer (&self->unmatched_fields, g_strfreev);
  g_clear_pointer (&self->list_fields, g_strfreev);
  self->counted_list_id = 0;
}

static void
on_list_dropdown_selected_cb (HeraldTemplatesPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->list_dropdown);

  forget_counts (self);
  _herald_templates_page_blocks_list_changed (self);   /* the field picker's columns */
  if (self->loading)
    return;
  self->position = 0;
  /* The list's own count, shown even while the template has an error
   * (a render that does not compile counts no one). */
  self->n_recipients = self->lists != NULL && selected < self->lists->len
                       ? ((HeraldListInfo *) g_ptr_array_index (self->lists, selected))->n_contacts : 0;
  g_clear_pointer (&self->email, g_free);
  _herald_templates_page_update_actions (self);
  _herald_templates_page_start_render (self);
}

static void
on_search_entry_search_changed_cb (HeraldTemplatesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (*text == '\0')
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  _herald_templates_page_start_render (self);
}

static void
step_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HeraldTemplatesPage *self = HERALD_TEMPLATES_PAGE (widget);

  if (g_str_equal (action_name, "templates.first-recipient"))
    self->position = 0;
  else if (g_str_equal (action_name, "templates.previous-recipient"))
    self->position = MAX (self->position - 1, 0);
  else if (self->position + 1 < self->n_recipients)
    self->position++;
  g_clear_pointer (&self->search, g_free);
  _herald_templates_page_update_actions (self);
  _herald_templates_page_start_render (self);
}

/* ---- saving ------------------------------------------------------------- */

static gboolean
save_job (HeraldStore   *store,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  HeraldTemplateRecord *record = data;
  g_autoptr(HeraldTemplateRecord) stored = NULL;
  g_autofree char *stored_html = NULL;
  gint64 id;

  /* Images the HTML shows from files are embedded (their paths become
   * "cid:" references), as `herald-cli template add` does. */
  id = herald_templates_save_embedding (store, record, NULL, HERALD_EMBED_LOCAL,
                                        &stored_html, NULL, error);
  if (id < 0)
    return FALSE;
  if (stored_html != NULL && g_strcmp0 (stored_html, record->html) != 0)
    {
      /* The record is read by on_saved_cb() once this returns. */
      g_free (record->html);
      record->html = g_steal_pointer (&stored_html);
    }
  record->id = id;
  /* The page keeps the template as the database now has it: the editor
   * does not change its own From, Reply-To or To: name field, and a new
   * name is a new row without them. */
  if ((stored = herald_templates_find_by_id (store, id, error)) == NULL)
    return FALSE;
  g_free (record->from);
  g_free (record->reply_to);
  g_free (record->name_field);
  record->from = g_steal_pointer (&stored->from);
  record->reply_to = g_steal_pointer (&stored->reply_to);
  record->name_field = g_steal_pointer (&stored->name_field);
  g_free (record->charset);
  record->charset = g_steal_pointer (&stored->charset);
  g_free (record->blocks);
  record->blocks = g_steal_pointer (&stored->blocks);   /* its image files now "cid:" */
  /* A template saved under a new name is a new row, with no field match. */
  g_clear_pointer (&record->field_map, g_hash_table_unref);
  record->field_map = g_steal_pointer (&stored->field_map);
  return TRUE;
}

void
_herald_templates_page_add_toast (HeraldTemplatesPage *self,
                                  const char          *title)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (HERALD_IS_WINDOW (root))
    herald_window_add_toast (HERALD_WINDOW (root), adw_toast_new (title));
}

static GtkWidget *create_template_row (const HeraldTemplateRecord *record);

static void
on_saved_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(HeraldTemplatesPage) self = user_data;
  const HeraldTemplateRecord *saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  HeraldTemplateRecord *record;
  guint index;

  herald_session_run_finish (HERALD_SESSION (source), res, (gpointer *) &saved, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  _herald_templates_page_update_actions (self);
  if (error != NULL)
    {
      title = g_strdup_printf (_("The template could not be saved: %s"), error->message);
      _herald_templates_page_add_toast (self, title);
      _herald_templates_page_finish_question (self, FALSE);   /* stay, with the edits */
      return;
    }

  record = herald_template_record_copy (saved);
  _herald_templates_page_blocks_saved (self, record);

  self->images_for = 0;   /* the preview reads the images as stored now */

  /* Embedded images: the editor shows the HTML as stored, unless it was
   * edited again meanwhile (then the next save embeds those). */
  if (self->edit_serial == self->saved_serial && self->current >= 0)
    {
      g_autofree char *shown = dup_buffer_text (GTK_TEXT_VIEW (self->html_view));

      if (g_strcmp0 (shown, record->html) != 0)
        {
          GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->html_view));
          GtkTextIter iter;
          int offset;

          gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
          offset = gtk_text_iter_get_offset (&iter);
          _herald_templates_page_set_buffer_text (self, GTK_TEXT_VIEW (self->html_view), record->html);
          gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
          gtk_text_buffer_place_cursor (buffer, &iter);
          _herald_templates_page_schedule_render (self);
        }
    }

  /* Saving under a name replaces the template of that name, or adds one. */
  for (index = 0; index < self->templates->len; index++)
    if (g_str_equal (((HeraldTemplateRecord *) g_ptr_array_index (self->templates, index))->name, record->name))
      break;
  if (index < self->templates->len)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->templates_box, index);

      herald_template_record_free (g_ptr_array_index (self->templates, index));
      g_ptr_array_index (self->templates, index) = record;
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), record->subject);
    }
  else
    {
      g_ptr_array_add (self->templates, record);
      gtk_list_box_append (self->templates_box, create_template_row (record));
    }

  /* The editor now shows the saved template, without reloading it. */
  self->current = index;
  self->loading = TRUE;
  gtk_list_box_select_row (self->templates_box, gtk_list_box_get_row_at_index (self->templates_box, index));
  self->loading = FALSE;
  /* Edits typed while it was being saved are still unsaved. */
  self->dirty = self->edit_serial != self->saved_serial;

  /* TRANSLATORS: %s is a template's name */
  title = g_strdup_printf (_("Saved “%s”"), record->name);
  _herald_templates_page_add_toast (self, title);
  _herald_templates_page_finish_question (self, TRUE);
}

/* Returns: whether saving started */
gboolean
_herald_templates_page_start_save (HeraldTemplatesPage *self)
{
  HeraldTemplateRecord *record;

  if (self->session == NULL || self->current < 0 || self->saving)
    return FALSE;
  record = _herald_templates_page_dup_edited_record (self);
  if (*record->name == '\0')
    {
      herald_template_record_free (record);
      _herald_templates_page_add_toast (self, _("A template needs a name."));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
      return FALSE;
    }

  self->saving = TRUE;
  self->saved_serial = self->edit_serial;
  _herald_templates_page_update_actions (self);
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, save_job,
                            record, (GDestroyNotify) herald_template_record_free,
                            self->cancellable, on_saved_cb, g_object_ref (self));
  return TRUE;
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _herald_templates_page_start_save (HERALD_TEMPLATES_PAGE (widget));
}

/* ---- test send ---------------------------------------------------------- */

static void
send_test_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HeraldTemplatesPage *self = HERALD_TEMPLATES_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  gint64 list_id = _herald_templates_page_selected_list_id (self);

  if (self->session == NULL || self->current < 0)
    return;
  /* The template as edited, for the recipient the preview shows. */
  herald_test_send_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session,
                               _herald_templates_page_dup_edited_record (self), list_id,
                               list_id > 0 && self->n_recipients > 0 ? self->email : NULL);
}

/* ---- templates and lists ------------------------------------------------ */

static void
show_status (HeraldTemplatesPage *self,
             const char          *icon_name,
             const char          *title,
             const char          *description)
{
  herald_status_page_show (self->details_stack, self->status_page, icon_name, title, description);
}

void
_herald_templates_page_show_template (HeraldTemplatesPage *self,
                                      int                  index)
{
  const HeraldTemplateRecord *record = g_ptr_array_index (self->templates, index);

  /* Unsaved edits were saved or discarded before: see
   * on_templates_box_row_selected_cb(). */
  self->generation++;
  forget_counts (self);   /* and count the list again, which may have changed */
  self->images_for = 0;   /* and read its images again */
  self->current = index;
  self->dirty = FALSE;
  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), record->name);
  gtk_editable_set_text (GTK_EDITABLE (self->subject_entry), record->subject);
  _herald_templates_page_set_buffer_text (self, GTK_TEXT_VIEW (self->html_view), record->html);
  self->text_edited = record->text_edited && record->text != NULL;
  _herald_templates_page_set_buffer_text (self, self->text_view, self->text_edited ? record->text : "");
  g_clear_pointer (&self->generated, g_free);
  gtk_check_button_set_active (self->remote_check, record->allow_remote);
  _herald_templates_page_charset_show (self, record);
  _herald_templates_page_blocks_show (self, record);
  self->loading = FALSE;

  update_text_status (self);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_stack_set_visible_child_name (self->details_stack, "details");
  _herald_templates_page_start_render (self);
}

static void
on_templates_box_row_selected_cb (HeraldTemplatesPage *self,
                                  GtkListBoxRow       *row,
                                  GtkListBox          *box)
{
  int index;

  if (row == NULL || self->templates == NULL || self->loading)
    return;
  index = gtk_list_box_row_get_index (row);
  if (index < 0 || (guint) index >= self->templates->len || index == self->current)
    return;
  if (!herald_templates_page_has_unsaved_changes (self))
    {
      _herald_templates_page_show_template (self, index);
      return;
    }
  /* Save, discard or stay first; the row is selected again afterwards. */
  self->switch_to = index;
  if (self->confirm_task == NULL)
    herald_templates_page_confirm_leave_async (self, NULL, _herald_templates_page_switch_confirmed_cb, NULL);
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

typedef struct
{
  GPtrArray *templates;
  GPtrArray *lists;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->templates, g_ptr_array_unref);
  g_clear_pointer (&loaded->lists, g_ptr_array_unref);
  g_free (loaded);
}

static gboolean
templates_job (HeraldStore   *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  Loaded *loaded = data;

  loaded->templates = herald_templates_list (store, error);
  if (loaded->templates != NULL)
    loaded->lists = herald_store_dup_lists (store, error);
  return loaded->lists != NULL;
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
  Loaded *loaded = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), res, (gpointer *) &loaded, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_status (self, "dialog-error-symbolic", _("The Templates Could Not Be Read"), error->message);
      return;
    }

  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->lists, g_ptr_array_unref);
  self->templates = g_steal_pointer (&loaded->templates);
  self->lists = g_steal_pointer (&loaded->lists);

  self->loading = TRUE;
  for (guint i = 0; i < self->lists->len; i++)
    gtk_string_list_append (self->list_names, ((HeraldListInfo *) g_ptr_array_index (self->lists, i))->name);
  gtk_drop_down_set_selected (self->list_dropdown, self->lists->len > 0 ? 0 : GTK_INVALID_LIST_POSITION);
  self->loading = FALSE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.new", TRUE);
  if (self->templates->len == 0)
    {
      show_status (self, "document-edit-symbolic", _("No Templates"),
                   _("Make one with the New Template button: a starter gives you a finished newsletter to change."));
      return;
    }

  for (guint i = 0; i < self->templates->len; i++)
    gtk_list_box_append (self->templates_box, create_template_row (g_ptr_array_index (self->templates, i)));
  gtk_list_box_select_row (self->templates_box, gtk_list_box_get_row_at_index (self->templates_box, 0));
}

/* ---- lists imported, renamed or removed since --------------------------- */

static gboolean
lists_job (HeraldStore   *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Loaded *loaded = data;

  loaded->lists = herald_store_dup_lists (store, error);
  return loaded->lists != NULL;
}

static void
on_lists_refreshed_cb (GObject      *source,
                       GAsyncResult *res,
                       gpointer      user_data)
{
  g_autoptr(HeraldTemplatesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  Loaded *loaded = NULL;
  gint64 kept_id = _herald_templates_page_selected_list_id (self), kept_count = -1;
  guint select = GTK_INVALID_LIST_POSITION;
  HeraldListInfo *now;

  if (!herald_session_run_finish (HERALD_SESSION (source), res, (gpointer *) &loaded, &error))
    return;   /* the lists already shown stay */
  if (kept_id != 0)
    kept_count = ((HeraldListInfo *) g_ptr_array_index (self->lists, gtk_drop_down_get_selected (self->list_dropdown)))->n_contacts;

  g_clear_pointer (&self->lists, g_ptr_array_unref);
  self->lists = g_steal_pointer (&loaded->lists);
  for (guint i = 0; i < self->lists->len; i++)
    {
      HeraldListInfo *info = g_ptr_array_index (self->lists, i);

      g_ptr_array_add (names, info->name);
      if (info->id == kept_id)
        select = i;
    }
  g_ptr_array_add (names, NULL);
  if (select == GTK_INVALID_LIST_POSITION && self->lists->len > 0)
    select = 0;

  self->loading = TRUE;
  gtk_string_list_splice (self->list_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->list_names)),
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->list_dropdown, select);
  self->loading = FALSE;

  /* Another list, or the same one with other contacts: render again. */
  now = select != GTK_INVALID_LIST_POSITION ? g_ptr_array_index (self->lists, select) : NULL;
  if (now == NULL || now->id != kept_id || now->n_contacts != kept_count)
    on_list_dropdown_selected_cb (self);
}

/* Each showing of the page reads the lists again: an import since the
 * start shows in the preview's list menu, as on the campaigns page. */
static void
on_map_cb (HeraldTemplatesPage *self)
{
  if (self->session == NULL || self->lists == NULL)
    return;   /* the first load is on its way */
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, lists_job,
                            g_new0 (Loaded, 1), (GDestroyNotify) loaded_free,
                            self->cancellable, on_lists_refreshed_cb, g_object_ref (self));
}

/**
 * _herald_templates_page_append:
 * @record: (transfer full): a template just stored
 *
 * Adds a row for @record and selects it, which shows it (after the
 * question about unsaved edits, when there are some).
 */
void
_herald_templates_page_append (HeraldTemplatesPage  *self,
                               HeraldTemplateRecord *record)
{
  GtkWidget *row = create_template_row (record);

  g_ptr_array_add (self->templates, record);
  gtk_list_box_append (self->templates_box, row);
  gtk_list_box_select_row (self->templates_box, GTK_LIST_BOX_ROW (row));
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
update_style_scheme (HeraldTemplatesPage *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->html_view)));
  GtkSourceStyleScheme *scheme;

  scheme = gtk_source_style_scheme_manager_get_scheme (schemes, adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita");
  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (buffer, scheme);
}

static void
herald_templates_page_dispose (GObject *object)
{
  HeraldTemplatesPage *self = HERALD_TEMPLATES_PAGE (object);
  GApplication *app = g_application_get_default ();

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->render_cancellable);
  g_clear_handle_id (&self->render_id, g_source_remove);
  _herald_templates_page_forget_window (self);
  if (self->confirm_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->confirm_dialog)));
  _herald_templates_page_finish_question (self, FALSE);
  if (self->dump_action != NULL && app != NULL &&
      g_action_map_lookup_action (G_ACTION_MAP (app), "dump-preview") == G_ACTION (self->dump_action))
    g_action_map_remove_action (G_ACTION_MAP (app), "dump-preview");
  g_clear_object (&self->dump_action);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_TEMPLATES_PAGE);

  G_OBJECT_CLASS (herald_templates_page_parent_class)->dispose (object);
}

static void
herald_templates_page_finalize (GObject *object)
{
  HeraldTemplatesPage *self = HERALD_TEMPLATES_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->render_cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->lists, g_ptr_array_unref);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->generated, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->counted_fields, g_strfreev);
  g_clear_pointer (&self->counted_missing, g_free);
  g_clear_pointer (&self->error_part, g_free);

  G_OBJECT_CLASS (herald_templates_page_parent_class)->finalize (object);
}

static void
herald_templates_page_class_init (HeraldTemplatesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_templates_page_dispose;
  object_class->finalize = herald_templates_page_finalize;
  object_class->get_property = herald_session_prop_get;
  object_class->set_property = herald_session_prop_set;

  /**
   * HeraldTemplatesPage:session:
   *
   * The open database, which runs the page's store work. The window opens
   * it after the page is built, so it is set once, later.
   */
  properties[PROP_SESSION] =
    herald_session_prop_new (G_STRUCT_OFFSET (HeraldTemplatesPage, session),
                             (HeraldSessionPropSetter) herald_templates_page_set_session);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->root = _herald_templates_page_root;
  widget_class->unroot = _herald_templates_page_unroot;

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (HERALD_TYPE_PREVIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-templates-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, desktop_toggle);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, details_stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, editor_notebook);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, fields_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, goto_error_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, html_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, list_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, list_names);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, paned);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, position_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, preview);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, remote_check);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, rendered_subject_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, business_revealer);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, business_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, subject_entry);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, templates_box);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, text_status_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, text_view);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_goto_error_button_clicked_cb);
  _herald_templates_page_fields_class_init (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, on_list_dropdown_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_templates_box_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_templates_box_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_width_toggled_cb);

  gtk_widget_class_install_action (widget_class, "templates.new", NULL, _herald_templates_page_new_activated);
  gtk_widget_class_install_action (widget_class, "templates.duplicate", NULL, _herald_templates_page_duplicate_activated);
  gtk_widget_class_install_action (widget_class, "templates.delete", NULL, _herald_templates_page_delete_activated);
  gtk_widget_class_install_action (widget_class, "templates.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "templates.send-test", NULL, send_test_activated);
  gtk_widget_class_install_action (widget_class, "templates.attachments", NULL, _herald_templates_page_attach_activated);
  gtk_widget_class_install_action (widget_class, "templates.regenerate-text", NULL, regenerate_text_activated);
  gtk_widget_class_install_action (widget_class, "templates.first-recipient", NULL, step_activated);
  gtk_widget_class_install_action (widget_class, "templates.previous-recipient", NULL, step_activated);
  gtk_widget_class_install_action (widget_class, "templates.next-recipient", NULL, step_activated);
}

/* <Ctrl>s saves wherever the focus is in the window (the header's view
 * switcher too), as long as this page is the one shown. */
static gboolean
on_save_shortcut_cb (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   user_data)
{
  HeraldTemplatesPage *self = HERALD_TEMPLATES_PAGE (widget);

  if (!gtk_widget_get_mapped (widget) || self->current < 0)
    return FALSE;
  gtk_widget_activate_action (widget, "templates.save", NULL);
  return TRUE;
}

static void
add_save_shortcut (HeraldTemplatesPage *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_s, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (on_save_shortcut_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
herald_templates_page_init (HeraldTemplatesPage *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));
  _herald_templates_page_blocks_init (self);

  self->cancellable = g_cancellable_new ();
  self->current = -1;
  self->switch_to = -1;

  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->html_view)));
  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (languages, "html"));
  update_style_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_editor_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (on_text_buffer_changed_cb), self, G_CONNECT_SWAPPED);

  add_save_shortcut (self);
  _herald_templates_page_charset_init (self);
  _herald_templates_page_render_init (self);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  /* Until the templates are read. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.new", FALSE);
  if (herald_timing_enabled ())
    {
      g_signal_connect_object (self->preview, "shown", G_CALLBACK (_herald_templates_page_preview_shown_cb), self, G_CONNECT_SWAPPED);
      herald_timing_start_probe ();
    }
  _herald_templates_page_update_actions (self);
  show_status (self, "document-edit-symbolic", _("No Template Selected"),
               _("Choose a template to edit it and see it as each recipient will."));
}

/**
 * herald_templates_page_set_session:
 *
 * Sets #HeraldTemplatesPage:session, once: the page then reads the
 * templates and lists.
 */
void
herald_templates_page_set_session (HeraldTemplatesPage *self,
                                   HeraldSession       *session)
{
  GApplication *app = g_application_get_default ();

  g_return_if_fail (HERALD_IS_TEMPLATES_PAGE (self));
  g_return_if_fail (HERALD_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);

  /* A test hook: `gdbus call … org.gtk.Actions.Activate dump-preview "[<'/tmp/x.json'>]" {}` */
  if (app != NULL)
    {
      self->dump_action = g_simple_action_new ("dump-preview", G_VARIANT_TYPE_STRING);
      g_signal_connect_object (self->dump_action, "activate",
                               G_CALLBACK (_herald_templates_page_dump_preview_cb), self, G_CONNECT_SWAPPED);
      g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (self->dump_action));
    }

  /* The page is user data: released by the callback, on the main thread,
   * never by a worker dropping the task. */
  herald_session_run_async (session, HERALD_SESSION_JOB_SHARED, templates_job,
                            g_new0 (Loaded, 1), (GDestroyNotify) loaded_free,
                            self->cancellable, on_templates_loaded_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}
