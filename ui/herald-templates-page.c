/* herald-templates-page.c — the template editor: the list of templates, the
 * selected one's subject, HTML and text, and a live per-recipient preview
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
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
#include "herald-test-send-dialog.h"
#include "herald-templates-page-private.h"
#include "herald-templates.h"
#include "herald-window.h"

/* How long typing must pause before the preview renders again. The
 * render itself runs in a worker; a newer edit cancels a render still
 * running, so the preview follows the last keystroke within this delay,
 * one render and WebKit's load (see tests/ui/test-editor-typing.py). */
#define RENDER_DELAY_MS 60


G_DEFINE_FINAL_TYPE (HeraldTemplatesPage, herald_templates_page, GTK_TYPE_WIDGET)

static void start_render (HeraldTemplatesPage *self);

static char *
dup_buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_buffer_text (HeraldTemplatesPage *self,
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
static HeraldTemplateRecord *
dup_edited_record (HeraldTemplatesPage *self)
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
  return record;
}

static void
update_actions (HeraldTemplatesPage *self)
{
  gboolean editing = self->current >= 0;
  gboolean has_list = gtk_drop_down_get_selected (self->list_dropdown) != GTK_INVALID_LIST_POSITION &&
                      self->lists != NULL && self->lists->len > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.save", editing && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.send-test", editing && self->session != NULL);
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
  update_actions (self);
}

/* ---- rendering ---------------------------------------------------------- */

static gint64
selected_list_id (HeraldTemplatesPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->list_dropdown);

  if (self->lists == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= self->lists->len)
    return 0;
  return ((HeraldListInfo *) g_ptr_array_index (self->lists, selected))->id;
}

static void
show_error (HeraldTemplatesPage      *self,
            const HeraldRenderResult *result)
{
  g_clear_pointer (&self->error_part, g_free);
  self->error_line = self->error_column = 0;

  if (result == NULL || result->error == NULL)
    {
      gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
      return;
    }

  self->error_part = g_strdup (result->error_part);
  self->error_line = result->error_line;
  self->error_column = result->error_column;
  gtk_label_set_text (self->error_label, result->error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->goto_error_button),
                          self->error_line > 0 && g_strcmp0 (self->error_part, "subject") != 0);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
show_fields (HeraldTemplatesPage      *self,
             const HeraldRenderResult *result)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *joined = NULL;
  gboolean all_present = TRUE;

  if (result->used_fields == NULL)
    return;   /* the template does not compile: keep what was shown */

  if (result->used_fields[0] == NULL)
    {
      gtk_label_set_text (self->fields_label, _("The template uses no recipient fields."));
      return;
    }

  joined = g_strjoinv (" · ", result->used_fields);
  /* TRANSLATORS: %s is a list of field names such as "name · 会社名" */
  g_string_append_printf (text, _("Fields used: %s"), joined);
  for (guint i = 0; result->used_fields[i] != NULL; i++)
    {
      gint64 n = result->n_missing[i];

      if (n == 0)
        continue;
      all_present = FALSE;
      g_string_append_c (text, '\n');
      /* TRANSLATORS: %s is a field name such as 会社名 */
      g_string_append_printf (text, g_dngettext (NULL, "%" PRId64 " recipient has no “%s”",
                                                 "%" PRId64 " recipients have no “%s”", (gulong) n),
                              (int64_t) n, result->used_fields[i]);
    }
  if (all_present && self->n_recipients > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("Every recipient has a value for each of them."));
    }
  else if (!all_present)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("They get the field’s fallback, or the {{else}} part, where the template has one."));
    }
  gtk_label_set_text (self->fields_label, text->str);
}

static void
show_position (HeraldTemplatesPage *self,
               gboolean             search_failed)
{
  g_autofree char *text = NULL;

  if (selected_list_id (self) == 0)
    text = g_strdup (_("No address list: fields are empty"));
  else if (self->n_recipients == 0)
    text = g_strdup (_("The list has no recipients"));
  else
    /* TRANSLATORS: "3 of 12 · taro@example.jp": the recipient the preview shows */
    text = g_strdup_printf (_("%" PRId64 " of %" PRId64 " · %s"),
                            (int64_t) self->position + 1, (int64_t) self->n_recipients,
                            self->email != NULL ? self->email : "");
  if (search_failed)
    {
      /* TRANSLATORS: shown before the recipient shown, when a search found no address */
      g_autofree char *with = g_strdup_printf (_("No address matches · %s"), text);
      g_free (text);
      text = g_steal_pointer (&with);
    }
  gtk_label_set_text (self->position_label, text);
}

static void
apply_result (HeraldTemplatesPage *self,
              HeraldRenderResult  *result)
{
  /* Replacing the text tab's buffer re-lays it out on this thread: only
   * when the text changed (typing in a tag or attribute often does not). */
  if (result->generated_text != NULL && !self->text_edited &&
      g_strcmp0 (result->generated_text, self->generated) != 0)
    {
      set_buffer_text (self, self->text_view, result->generated_text);
      g_free (self->generated);
      self->generated = g_strdup (result->generated_text);
    }

  if (result->n_recipients >= 0)
    self->n_recipients = result->n_recipients;
  if (!result->counts_reused && result->error == NULL && result->used_fields != NULL &&
      result->n_missing != NULL && result->n_recipients >= 0)
    {
      g_strfreev (self->counted_fields);
      g_free (self->counted_missing);
      self->counted_fields = g_strdupv (result->used_fields);
      self->counted_missing = g_memdup2 (result->n_missing,
                                         (g_strv_length (result->used_fields) + 1) * sizeof (gint64));
      self->counted_n = result->n_recipients;
      self->counted_list_id = selected_list_id (self);
    }
  show_error (self, result);
  show_fields (self, result);

  /* A template that does not compile keeps the last good render. */
  if (result->rendered)
    {
      g_autofree char *subject = NULL;

      self->position = result->position;
      g_free (self->email);
      self->email = g_strdup (result->email);
      g_free (self->subject);
      self->subject = g_strdup (result->message.subject);
      /* TRANSLATORS: above the preview: the subject this recipient gets */
      subject = g_strdup_printf (_("Subject: %s"), self->subject);
      gtk_label_set_text (self->rendered_subject_label, subject);
      g_free (self->text);
      self->text = g_strdup (result->message.text);
      if (result->images != NULL)
        {
          herald_preview_set_images (self->preview, g_steal_pointer (&result->images));
          self->images_for = self->current >= 0
                             ? ((HeraldTemplateRecord *) g_ptr_array_index (self->templates, self->current))->id : 0;
        }
      herald_preview_show_html (self->preview, result->message.html,
                                gtk_check_button_get_active (self->remote_check));
    }
  show_position (self, result->search_failed);
  update_actions (self);
}

typedef struct
{
  HeraldTemplatesPage *self;
  guint                generation;
  guint                edit_serial;
  gint64               started;
} RenderData;

static void
on_render_done_cb (GObject      *source,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  RenderData *data = user_data;
  g_autoptr(HeraldTemplatesPage) self = data->self;
  g_autoptr(HeraldRenderResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint generation = data->generation;
  guint edit_serial = data->edit_serial;
  gint64 started = data->started;

  g_free (data);
  result = herald_preview_render_finish (res, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;   /* the page is going away */

  self->rendering = FALSE;
  g_clear_object (&self->render_cancellable);
  /* NULL: cancelled by a newer edit, whose render follows. */
  if (result != NULL && generation == self->generation && self->current >= 0)
    {
      self->shown_serial = edit_serial;
      if (edit_serial == self->edit_serial)
        herald_timing_report_rendered (self->edit_time, started, result->thread_started,
                                       result->store_locked, result->thread_finished);
      apply_result (self, result);
    }
  if (self->render_again)
    {
      self->render_again = FALSE;
      start_render (self);
    }
}

/* HERALD_DEBUG_TIMING: the preview shows the newest edit. */
static void
on_preview_shown_cb (HeraldTemplatesPage *self)
{
  if (self->shown_serial != self->edit_serial || self->reported_serial == self->edit_serial ||
      self->rendering || self->render_id != 0)
    return;
  self->reported_serial = self->edit_serial;
  herald_timing_report_shown (self->edit_time);
}

static void
start_render (HeraldTemplatesPage *self)
{
  HeraldRenderRequest *request;
  RenderData *data;

  g_clear_handle_id (&self->render_id, g_source_remove);
  if (self->session == NULL || self->current < 0)
    return;
  /* One render at a time: the newest state goes when this one is back,
   * which it is at once when it has not got far. */
  if (self->rendering)
    {
      self->render_again = TRUE;
      g_cancellable_cancel (self->render_cancellable);
      return;
    }

  request = g_new0 (HeraldRenderRequest, 1);
  request->record = dup_edited_record (self);
  request->list_id = selected_list_id (self);
  request->position = self->position;
  request->search = g_steal_pointer (&self->search);
  /* The stored images: read once for each template shown, and after saving. */
  request->load_images = request->record->id > 0 && request->record->id != self->images_for;
  if (self->counted_fields != NULL && self->counted_list_id == request->list_id && request->list_id > 0)
    {
      request->counted_fields = g_strdupv (self->counted_fields);
      request->counted_missing = g_memdup2 (self->counted_missing,
                                            (g_strv_length (self->counted_fields) + 1) * sizeof (gint64));
      request->counted_n = self->counted_n;
    }

  data = g_new0 (RenderData, 1);
  data->self = g_object_ref (self);
  data->generation = self->generation;
  data->edit_serial = self->edit_serial;
  data->started = g_get_monotonic_time ();
  self->rendering = TRUE;
  self->render_cancellable = g_cancellable_new ();
  herald_preview_render_async (self->session, request, self->render_cancellable, on_render_done_cb, data);
}

static gboolean
on_render_timeout_cb (gpointer user_data)
{
  HeraldTemplatesPage *self = user_data;

  self->render_id = 0;
  start_render (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_render (HeraldTemplatesPage *self)
{
  g_clear_handle_id (&self->render_id, g_source_remove);
  self->render_id = g_timeout_add (RENDER_DELAY_MS, on_render_timeout_cb, self);
}

/* ---- editing ------------------------------------------------------------ */

static void
on_editor_changed_cb (HeraldTemplatesPage *self)
{
  if (self->loading || self->current < 0)
    return;
  self->dirty = TRUE;
  self->edit_serial++;
  if (herald_timing_enabled ())
    self->edit_time = g_get_monotonic_time ();
  schedule_render (self);
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
  on_editor_changed_cb (self);
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
  on_editor_changed_cb (self);
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
  gtk_notebook_set_current_page (self->editor_notebook, in_text ? 1 : 0);
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
  self->counted_list_id = 0;
}

static void
on_list_dropdown_selected_cb (HeraldTemplatesPage *self)
{
  forget_counts (self);
  if (self->loading)
    return;
  self->position = 0;
  self->n_recipients = 0;
  update_actions (self);
  start_render (self);
}

static void
on_search_entry_search_changed_cb (HeraldTemplatesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (*text == '\0')
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  start_render (self);
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
  update_actions (self);
  start_render (self);
}

/* ---- saving ------------------------------------------------------------- */

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  HeraldTemplateRecord *record = task_data;
  HeraldSession *session = g_object_get_data (G_OBJECT (task), "session");
  g_autoptr(GError) error = NULL;
  g_autofree char *stored_html = NULL;
  gint64 id;

  /* Images the HTML shows from files are embedded (their paths become
   * "cid:" references), as `herald-cli template add` does. */
  id = herald_templates_save_embedding (herald_session_lock (session), record, NULL, HERALD_EMBED_LOCAL,
                                        &stored_html, NULL, &error);
  herald_session_unlock (session);
  if (id >= 0 && stored_html != NULL && g_strcmp0 (stored_html, record->html) != 0)
    {
      /* The record is read by on_saved_cb() once this returns. */
      g_free (record->html);
      record->html = g_steal_pointer (&stored_html);
    }
  if (id < 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, id);
}

static void
add_toast (HeraldTemplatesPage *self,
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
  const HeraldTemplateRecord *saved = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  HeraldTemplateRecord *record;
  gint64 id;
  guint index;

  id = g_task_propagate_int (G_TASK (res), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  update_actions (self);
  if (error != NULL)
    {
      title = g_strdup_printf (_("The template could not be saved: %s"), error->message);
      add_toast (self, title);
      _herald_templates_page_finish_question (self, FALSE);   /* stay, with the edits */
      return;
    }

  record = herald_template_record_copy (saved);
  record->id = id;

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
          set_buffer_text (self, GTK_TEXT_VIEW (self->html_view), record->html);
          gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
          gtk_text_buffer_place_cursor (buffer, &iter);
          schedule_render (self);
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
  add_toast (self, title);
  _herald_templates_page_finish_question (self, TRUE);
}

/* Returns: whether saving started */
gboolean
_herald_templates_page_start_save (HeraldTemplatesPage *self)
{
  g_autoptr(GTask) task = NULL;
  HeraldTemplateRecord *record;

  if (self->session == NULL || self->current < 0 || self->saving)
    return FALSE;
  record = dup_edited_record (self);
  if (*record->name == '\0')
    {
      herald_template_record_free (record);
      add_toast (self, _("A template needs a name."));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
      return FALSE;
    }

  self->saving = TRUE;
  self->saved_serial = self->edit_serial;
  update_actions (self);
  task = g_task_new (NULL, self->cancellable, on_saved_cb, g_object_ref (self));
  g_task_set_source_tag (task, _herald_templates_page_start_save);
  g_task_set_task_data (task, record, (GDestroyNotify) herald_template_record_free);
  g_object_set_data_full (G_OBJECT (task), "session", g_object_ref (self->session), g_object_unref);
  g_task_run_in_thread (task, save_thread);
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
  gint64 list_id = selected_list_id (self);

  if (self->session == NULL || self->current < 0)
    return;
  /* The template as edited, for the recipient the preview shows. */
  herald_test_send_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session,
                               dup_edited_record (self), list_id,
                               list_id > 0 && self->n_recipients > 0 ? self->email : NULL);
}

/* ---- the test hook: app.dump-preview ------------------------------------ */

static void
append_member (GString    *json,
               const char *name,
               const char *value,
               gboolean    last)
{
  herald_json_append_string (json, name);
  g_string_append_c (json, ':');
  if (value != NULL)
    herald_json_append_string (json, value);
  else
    g_string_append (json, "null");
  g_string_append (json, last ? "}\n" : ",");
}

/* Writes what the preview shows as JSON: "html" is exactly the string
 * given to WebKit before the content policy is added. A test reads it
 * back, as a GAction cannot return a value over D-Bus. */
static void
on_dump_preview_activate_cb (HeraldTemplatesPage *self,
                             GVariant            *parameter)
{
  g_autoptr(GString) json = g_string_new ("{");
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));
  g_autofree char *position = g_strdup_printf ("%" G_GINT64_FORMAT, self->position + 1);
  g_autofree char *served = g_strdup_printf ("%u", herald_preview_get_images_served (self->preview));
  GBytes *bytes;

  append_member (json, "subject", self->subject, FALSE);
  append_member (json, "text", self->text, FALSE);
  append_member (json, "html", herald_preview_get_html (self->preview), FALSE);
  append_member (json, "email", self->email, FALSE);
  append_member (json, "position", position, FALSE);
  append_member (json, "error", gtk_revealer_get_reveal_child (self->error_revealer)
                                ? gtk_label_get_text (self->error_label) : NULL, FALSE);
  append_member (json, "busy", self->rendering || self->render_id != 0 ? "yes" : "no", FALSE);
  append_member (json, "unsaved", herald_templates_page_has_unsaved_changes (self) ? "yes" : "no", FALSE);
  append_member (json, "cid_served", served, FALSE);
  append_member (json, "loaded", herald_preview_get_loaded (self->preview) ? "yes" : "no", TRUE);

  bytes = g_string_free_to_bytes (g_steal_pointer (&json));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, NULL, NULL);
  g_bytes_unref (bytes);
}

/* ---- templates and lists ------------------------------------------------ */

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
  set_buffer_text (self, GTK_TEXT_VIEW (self->html_view), record->html);
  self->text_edited = record->text_edited && record->text != NULL;
  set_buffer_text (self, self->text_view, self->text_edited ? record->text : "");
  g_clear_pointer (&self->generated, g_free);
  gtk_check_button_set_active (self->remote_check, record->allow_remote);
  self->loading = FALSE;

  update_text_status (self);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_stack_set_visible_child_name (self->details_stack, "details");
  start_render (self);
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

static void
templates_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  HeraldSession *session = task_data;
  g_autoptr(GError) error = NULL;
  Loaded *loaded = g_new0 (Loaded, 1);
  HeraldStore *store;

  store = herald_session_lock (session);
  loaded->templates = herald_templates_list (store, &error);
  if (loaded->templates != NULL)
    loaded->lists = herald_store_dup_lists (store, &error);
  herald_session_unlock (session);

  if (loaded->lists == NULL)
    {
      loaded_free (loaded);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
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
  Loaded *loaded;

  loaded = g_task_propagate_pointer (G_TASK (res), &error);
  if (loaded == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_status (self, "dialog-error-symbolic", _("The Templates Could Not Be Read"), error->message);
      return;
    }

  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->lists, g_ptr_array_unref);
  self->templates = g_steal_pointer (&loaded->templates);
  self->lists = g_steal_pointer (&loaded->lists);
  loaded_free (loaded);

  self->loading = TRUE;
  for (guint i = 0; i < self->lists->len; i++)
    gtk_string_list_append (self->list_names, ((HeraldListInfo *) g_ptr_array_index (self->lists, i))->name);
  gtk_drop_down_set_selected (self->list_dropdown, self->lists->len > 0 ? 0 : GTK_INVALID_LIST_POSITION);
  self->loading = FALSE;

  if (self->templates->len == 0)
    {
      show_status (self, "document-edit-symbolic", _("No Templates"),
                   _("Add a template with “herald-cli template add”."));
      return;
    }

  for (guint i = 0; i < self->templates->len; i++)
    gtk_list_box_append (self->templates_box, create_template_row (g_ptr_array_index (self->templates, i)));
  gtk_list_box_select_row (self->templates_box, gtk_list_box_get_row_at_index (self->templates_box, 0));
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
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, subject_entry);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, templates_box);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, text_status_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplatesPage, text_view);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_goto_error_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_dropdown_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_templates_box_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_templates_box_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_width_toggled_cb);

  gtk_widget_class_install_action (widget_class, "templates.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "templates.send-test", NULL, send_test_activated);
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
  if (herald_timing_enabled ())
    {
      g_signal_connect_object (self->preview, "shown", G_CALLBACK (on_preview_shown_cb), self, G_CONNECT_SWAPPED);
      herald_timing_start_probe ();
    }
  update_actions (self);
  show_status (self, "document-edit-symbolic", _("No Template Selected"),
               _("Choose a template to edit it and see it as each recipient will."));
}

/**
 * herald_templates_page_set_session:
 *
 * Gives the page the open database; it then reads the templates and lists.
 */
void
herald_templates_page_set_session (HeraldTemplatesPage *self,
                                   HeraldSession       *session)
{
  g_autoptr(GTask) task = NULL;
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
                               G_CALLBACK (on_dump_preview_activate_cb), self, G_CONNECT_SWAPPED);
      g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (self->dump_action));
    }

  /* No source object: the page is released by the callback, on the main
   * thread, never by a worker dropping the task. */
  task = g_task_new (NULL, self->cancellable, on_templates_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, herald_templates_page_set_session);
  g_task_set_task_data (task, g_object_ref (session), g_object_unref);
  g_task_run_in_thread (task, templates_thread);
}
