/* herald-templates-page-render.c — the template editor's live preview
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Renders the template as edited for one recipient of the chosen list (a
 * job of the session's, herald_preview_render_async()), and shows the
 * result: the preview, the subject, the text, a template error with its
 * place, and the fields some recipients have no value for. Also the test
 * hook app.dump-preview, which writes what the preview shows.
 */
#define G_LOG_DOMAIN "herald-templates-page"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "herald-store.h"
#include "herald-preview-render.h"
#include "herald-preview-timing.h"
#include "herald-templates-page-private.h"

/* How long typing must pause before the preview renders again. The
 * render itself is a job of the session's; a newer edit cancels a render
 * still running, so the preview follows the last keystroke within this
 * delay, one render and WebKit's load (see tests/ui/test-editor-typing.py). */
#define RENDER_DELAY_MS 60

/* ---- rendering ---------------------------------------------------------- */

gint64
_herald_templates_page_selected_list_id (HeraldTemplatesPage *self)
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
  /* A block template's HTML is the engine's: its blocks are what to fix. */
  gtk_widget_set_visible (GTK_WIDGET (self->goto_error_button),
                          self->error_line > 0 && g_strcmp0 (self->error_part, "subject") != 0 &&
                          !(self->is_blocks && g_strcmp0 (self->error_part, "html") == 0));
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

  {
    /* A field matched to another column shows it: "name → 氏名". */
    const HeraldTemplateRecord *record = self->current >= 0 ? g_ptr_array_index (self->templates, self->current) : NULL;
    g_autoptr(GStrvBuilder) shown = g_strv_builder_new ();
    g_auto(GStrv) names = NULL;

    for (guint i = 0; result->used_fields[i] != NULL; i++)
      {
        const char *column = record != NULL && record->field_map != NULL
                             ? g_hash_table_lookup (record->field_map, result->used_fields[i]) : NULL;

        if (column != NULL)
          {
            g_autofree char *pair = g_strdup_printf ("%s → %s", result->used_fields[i], column);

            g_strv_builder_add (shown, pair);
          }
        else
          g_strv_builder_add (shown, result->used_fields[i]);
      }
    names = g_strv_builder_end (shown);
    joined = g_strjoinv (" · ", names);
  }
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
  /* Fields the list has no column for: the error above says so, and
   * "every recipient has a value" would contradict it (user trial). */
  if (all_present && self->n_recipients > 0 &&
      (result->unmatched_fields == NULL || result->unmatched_fields[0] == NULL))
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

  if (_herald_templates_page_selected_list_id (self) == 0)
    text = g_strdup (_("No address list: fields are empty"));
  else if (self->n_recipients == 0)
    text = g_strdup (_("The list has no recipients"));
  else if (self->email == NULL)
    /* TRANSLATORS: the list's size, shown while no recipient's message is (the template has an error) */
    text = g_strdup_printf (g_dngettext (NULL, "%" PRId64 " recipient", "%" PRId64 " recipients",
                                         (gulong) self->n_recipients),
                            (int64_t) self->n_recipients);
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

/* The preview emptied, with a line saying why: what it showed was another
 * list's (or template's) message, which must never pass for this one's. */
static void
clear_render (HeraldTemplatesPage *self)
{
  g_autofree char *html =
    g_markup_printf_escaped ("<p style=\"font-family: sans-serif; color: #555; margin: 2em;\">%s</p>",
                             /* TRANSLATORS: in the preview, while the template has an error for the chosen list */
                             _("No message to show for this list until the problem above is fixed."));

  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->text, g_free);
  gtk_label_set_text (self->rendered_subject_label, "");
  herald_preview_show_html (self->preview, html, FALSE);
  self->shown_list_id = _herald_templates_page_selected_list_id (self);
  self->shown_generation = self->generation;
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
      _herald_templates_page_set_buffer_text (self, self->text_view, result->generated_text);
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
      self->counted_list_id = _herald_templates_page_selected_list_id (self);
    }
  show_error (self, result);
  if (result->business_missing != NULL)
    gtk_label_set_text (self->business_label, result->business_missing);
  gtk_revealer_set_reveal_child (self->business_revealer, result->business_missing != NULL);
  _herald_templates_page_show_unmatched (self, result);
  show_fields (self, result);

  /* A template that does not compile keeps the last good render while it
   * is edited; not when another list or template was chosen since (user
   * trial: a list lacking the template's fields showed the previous
   * list's message under the error). */
  if (!result->rendered &&
      (self->shown_list_id != _herald_templates_page_selected_list_id (self) ||
       self->shown_generation != self->generation))
    {
      clear_render (self);
      /* Nor another list's fields line (it said every recipient had a
       * value: user trial). */
      if (result->used_fields == NULL)
        gtk_label_set_text (self->fields_label, "");
    }
  if (result->rendered)
    {
      g_autofree char *subject = NULL;

      self->shown_list_id = _herald_templates_page_selected_list_id (self);
      self->shown_generation = self->generation;

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
  _herald_templates_page_update_actions (self);
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
      _herald_templates_page_start_render (self);
    }
}

/* HERALD_DEBUG_TIMING: the preview shows the newest edit. */
void
_herald_templates_page_preview_shown_cb (HeraldTemplatesPage *self)
{
  if (self->shown_serial != self->edit_serial || self->reported_serial == self->edit_serial ||
      self->rendering || self->render_id != 0)
    return;
  self->reported_serial = self->edit_serial;
  herald_timing_report_shown (self->edit_time);
}

void
_herald_templates_page_start_render (HeraldTemplatesPage *self)
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
  request->record = _herald_templates_page_dup_edited_record (self);
  request->list_id = _herald_templates_page_selected_list_id (self);
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
  _herald_templates_page_start_render (self);
  return G_SOURCE_REMOVE;
}

void
_herald_templates_page_schedule_render (HeraldTemplatesPage *self)
{
  g_clear_handle_id (&self->render_id, g_source_remove);
  self->render_id = g_timeout_add (RENDER_DELAY_MS, on_render_timeout_cb, self);
}

/* A window closed (Preferences, most often): business details set there
 * show in the footer, and the note about them goes, at once. */
static void
on_toplevels_changed_cb (HeraldTemplatesPage *self,
                         guint                position,
                         guint                removed,
                         guint                added)
{
  if (removed > 0 && gtk_revealer_get_reveal_child (self->business_revealer))
    _herald_templates_page_schedule_render (self);
}

void
_herald_templates_page_render_init (HeraldTemplatesPage *self)
{
  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed",
                           G_CALLBACK (on_toplevels_changed_cb), self, G_CONNECT_SWAPPED);
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
void
_herald_templates_page_dump_preview_cb (HeraldTemplatesPage *self,
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
  append_member (json, "stepper", gtk_label_get_text (self->position_label), FALSE);
  {
    g_autoptr(GString) lists = g_string_new (NULL);

    /* The preview's list menu, one name a line */
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->list_names)); i++)
      g_string_append_printf (lists, "%s%s", i > 0 ? "\n" : "",
                              gtk_string_list_get_string (self->list_names, i));
    append_member (json, "lists", lists->str, FALSE);
  }
  append_member (json, "error", gtk_revealer_get_reveal_child (self->error_revealer)
                                ? gtk_label_get_text (self->error_label) : NULL, FALSE);
  append_member (json, "business", gtk_revealer_get_reveal_child (self->business_revealer)
                                   ? gtk_label_get_text (self->business_label) : NULL, FALSE);
  append_member (json, "busy", self->rendering || self->render_id != 0 ? "yes" : "no", FALSE);
  append_member (json, "unsaved", herald_templates_page_has_unsaved_changes (self) ? "yes" : "no", FALSE);
  append_member (json, "cid_served", served, FALSE);
  append_member (json, "loaded", herald_preview_get_loaded (self->preview) ? "yes" : "no", TRUE);

  bytes = g_string_free_to_bytes (g_steal_pointer (&json));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, NULL, NULL);
  g_bytes_unref (bytes);
}
