/* herald-preview-render.c — one recipient's message, rendered in a worker
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview goes through herald_merge_new()/herald_merge_render(), the
 * very functions the sender uses, so it shows what will be sent. One pass
 * over the list finds the recipient to show and counts, for each field the
 * template uses, the recipients who have no value for it.
 */
#define G_LOG_DOMAIN "herald-preview"

#include "config.h"

#include <string.h>

#include "herald-preview-render.h"
#include "herald-template.h"
#include "herald-text.h"

typedef struct
{
  HeraldRenderRequest *request;
  HeraldRenderResult  *result;
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_clear_pointer (&data->request, herald_render_request_free);
  g_clear_pointer (&data->result, herald_render_result_free);
  g_free (data);
}

void
herald_render_request_free (HeraldRenderRequest *request)
{
  if (request == NULL)
    return;
  g_clear_pointer (&request->record, herald_template_record_free);
  g_free (request->search);
  g_strfreev (request->counted_fields);
  g_free (request->counted_missing);
  g_free (request);
}

void
herald_render_result_free (HeraldRenderResult *result)
{
  if (result == NULL)
    return;
  g_clear_error (&result->error);
  herald_rendered_clear (&result->message);
  g_free (result->generated_text);
  g_free (result->email);
  g_strfreev (result->used_fields);
  g_strfreev (result->unmatched_fields);
  g_strfreev (result->list_fields);
  g_free (result->business_missing);
  g_free (result->n_missing);
  g_clear_pointer (&result->images, g_hash_table_unref);
  g_free (result);
}

/* Missing, empty or only white space: what the merge language treats as
 * "no value", so the fallback is used. */
static gboolean
is_blank (const char *value)
{
  if (value == NULL)
    return TRUE;
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* herald_merge_new() says which part failed only in words: compile the
 * parts on their own to learn which one, and where. */
static void
locate_error (HeraldRenderResult         *result,
              const HeraldTemplateRecord *record,
              const char                 *text,
              const char * const         *fields)
{
  const struct { const char *part; const char *source; HeraldTemplateContext context; } parts[] = {
    { "subject", record->subject, HERALD_TEMPLATE_CONTEXT_HEADER },
    { "html", record->html, HERALD_TEMPLATE_CONTEXT_HTML },
    { "text", text, HERALD_TEMPLATE_CONTEXT_TEXT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HeraldTemplate) compiled = herald_template_compile (parts[i].source, parts[i].context, fields, &error);

      if (compiled != NULL)
        continue;
      result->error_part = parts[i].part;
      herald_template_error_get_position (error, &result->error_line, &result->error_column);
      return;
    }
}

static gboolean
render_row (HeraldRenderResult *result,
            HeraldMerge        *merge,
            HeraldMergeRow     *r,
            gint64              position)
{
  g_autoptr(GError) error = NULL;
  HeraldMergeRecipient to;

  herald_rendered_clear (&result->message);
  result->position = position;
  g_free (result->email);
  result->email = g_strdup (r->row->email);
  to = herald_merge_row_recipient (r);
  result->rendered = herald_merge_render (merge, &to, &result->message, &error);
  if (!result->rendered)
    {
      g_clear_error (&result->error);
      result->error = g_steal_pointer (&error);
      result->error_part = "subject";
    }
  return result->rendered;
}

static gboolean
contains_casefold (const char *haystack,
                   const char *needle)
{
  g_autofree char *h = g_utf8_casefold (haystack, -1);
  g_autofree char *n = g_utf8_casefold (needle, -1);

  return strstr (h, n) != NULL;
}

/* Called with the store locked. */
static void
render_list (HeraldRenderResult  *result,
             HeraldStore         *store,
             HeraldRenderRequest *request,
             HeraldMerge         *merge,
             HeraldContactCursor *cursor,
             GCancellable        *cancellable)
{
  g_autoptr(HeraldContactCursor) own = NULL;   /* a second pass's cursor */
  const char * const *used = herald_merge_get_used_fields (merge);
  guint n_used = used != NULL ? g_strv_length ((char **) used) : 0;
  gboolean searching = request->search != NULL && *request->search != '\0';
  gboolean found = FALSE;
  HeraldMergeRow r = { cursor, NULL };
  GError *error = NULL;
  gint64 i;

  result->used_fields = g_strdupv ((char **) used);
  result->n_missing = g_new0 (gint64, n_used + 1);

  /* Typing rarely changes which fields the template uses: with the counts
   * of the last full pass, only walk to the recipient shown. */
  if (request->counted_fields != NULL && request->counted_missing != NULL &&
      g_strv_equal ((const char * const *) request->counted_fields, used))
    {
      for (i = 0; (r.row = herald_contact_cursor_next (cursor, &error)) != NULL; i++)
        if (searching ? contains_casefold (r.row->email, request->search) : i == request->position)
          {
            render_row (result, merge, &r, i);
            memcpy (result->n_missing, request->counted_missing, n_used * sizeof (gint64));
            result->n_recipients = request->counted_n;
            result->counts_reused = TRUE;
            return;
          }
      if (error != NULL)
        {
          g_clear_error (&result->error);
          result->error = error;
          return;
        }
      /* Not found (the list changed?): count everything again. */
      own = herald_contact_cursor_new (store, request->list_id, &error);
      cursor = r.cursor = own;
      if (cursor == NULL)
        {
          g_clear_error (&result->error);
          result->error = error;
          return;
        }
    }

  for (i = 0; (r.row = herald_contact_cursor_next (cursor, &error)) != NULL; i++)
    {
      /* A newer edit wants the worker: stop counting. */
      if ((i & 255) == 255 && g_cancellable_is_cancelled (cancellable))
        return;
      for (guint f = 0; f < n_used; f++)
        if (is_blank (herald_contact_row_lookup (cursor, r.row, herald_merge_map_field (merge, used[f]))))
          result->n_missing[f]++;

      if (found)
        continue;
      if (searching ? contains_casefold (r.row->email, request->search) : i == request->position)
        {
          found = TRUE;
          render_row (result, merge, &r, i);
        }
    }
  result->n_recipients = i;
  if (error != NULL)
    {
      g_clear_error (&result->error);
      result->error = error;
      return;
    }

  if (found || i == 0)
    return;

  /* Not found: a failed search keeps the requested position; a position
   * past the end (the list shrank) shows the last recipient. */
  result->search_failed = searching;
  {
    g_autoptr(HeraldContactCursor) again = herald_contact_cursor_new (store, request->list_id, &error);
    gint64 want = CLAMP (request->position, 0, i - 1);

    r.cursor = again;
    for (gint64 j = 0; again != NULL && (r.row = herald_contact_cursor_next (again, &error)) != NULL; j++)
      if (j == want)
        {
          render_row (result, merge, &r, j);
          break;
        }
    if (error != NULL)
      {
        g_clear_error (&result->error);
        result->error = error;
      }
  }
}

/* Runs with the session's store: the job has it from its start, so the
 * "store lock" of the timing report is the time the job waited in line. */
/* Every field the template uses that the list has no column for, not
 * only the first one the compiler stopped at: the window offers to match
 * them all at once. */
static void
find_unmatched (HeraldRenderResult         *result,
                const HeraldTemplateRecord *record,
                const char * const         *fields)
{
  g_autoptr(HeraldMerge) any = herald_merge_new (record, NULL, NULL, NULL);
  g_autoptr(GPtrArray) unmatched = g_ptr_array_new ();
  const char * const *used;

  if (any == NULL)
    return;   /* another error too: that one first */
  used = herald_merge_get_used_fields (any);
  for (guint i = 0; used != NULL && used[i] != NULL; i++)
    if (!g_strv_contains (fields, herald_merge_map_field (any, used[i])))
      g_ptr_array_add (unmatched, g_strdup (used[i]));
  g_ptr_array_add (unmatched, NULL);
  result->unmatched_fields = (GStrv) g_ptr_array_free (g_steal_pointer (&unmatched), FALSE);
  result->list_fields = g_strdupv ((char **) fields);
}

static gboolean
render_job (HeraldStore   *store,
            gpointer       user_data,
            GCancellable  *cancellable,
            GError       **error)
{
  TaskData *data = user_data;
  HeraldRenderRequest *request = data->request;
  HeraldRenderResult *result = data->result;
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldContactCursor) cursor = NULL;
  g_autoptr(HeraldMerge) merge = NULL;
  const char * const *fields = NULL;
  const char *text = request->record->text;

  result->store_locked = g_get_monotonic_time ();

  /* Exactly what herald_merge_new() does with a template whose text was
   * never edited; kept so the text tab can show it, and handed to the
   * merge so it is not made a second time (4–5 ms for 50 KB). */
  if (text == NULL || *text == '\0')
    {
      g_autofree char *marked = herald_text_from_html_for_merge (request->record->html, -1);

      text = result->generated_text = herald_text_strip_marks (g_strdup (marked));
      g_free (request->record->text);
      request->record->text = g_steal_pointer (&marked);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* The sender's details (unsubscribe address …) come from the Outbox, as
   * in `herald-cli preview`; without it the preview still renders. */
  account = herald_account_load (store, HERALD_OUTBOX_ACCOUNT, NULL);
  if (request->list_id > 0)
    {
      cursor = herald_contact_cursor_new (store, request->list_id, &result->error);
      if (cursor != NULL)
        fields = herald_contact_cursor_get_fields (cursor);
    }

  if (result->error == NULL)
    {
      if (account != NULL)
        merge = herald_merge_new_for_account (request->record, account, fields, &result->error);
      else
        merge = herald_merge_new (request->record, NULL, fields, &result->error);
      if (merge == NULL)
        locate_error (result, request->record, text, fields);
      if (merge == NULL && fields != NULL &&
          g_error_matches (result->error, HERALD_TEMPLATE_ERROR, HERALD_TEMPLATE_ERROR_UNKNOWN_FIELD))
        find_unmatched (result, request->record, fields);
    }
  /* The recipients' unsubscribe tokens, as in their messages; without
   * them the preview still renders. */
  if (merge != NULL && request->list_id > 0)
    herald_merge_load_list (merge, store, request->list_id, NULL);

  /* The images a saved template embeds, as the sender attaches them. */
  if (merge != NULL && request->load_images && request->record->id > 0)
    {
      g_autoptr(GError) parts_error = NULL;

      result->images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
      if (herald_merge_load_parts (merge, store, request->record->id, &parts_error))
        {
          const HeraldTemplateParts *parts = herald_merge_get_parts (merge);

          for (guint i = 0; parts != NULL && i < parts->parts->len; i++)
            {
              const HeraldTemplatePart *part = g_ptr_array_index (parts->parts, i);
              const char *type = NULL;
              GBytes *bytes;

              if (part->kind != HERALD_PART_INLINE || part->cid == NULL ||
                  (bytes = herald_merge_get_part (merge, part->cid, &type)) == NULL)
                continue;
              g_hash_table_insert (result->images, g_strdup (part->cid), bytes);
              g_hash_table_insert (result->images, g_strconcat ("type:", part->cid, NULL),
                                   g_bytes_new (type != NULL ? type : "", strlen (type != NULL ? type : "") + 1));
            }
        }
      else
        g_debug ("The template’s images could not be read: %s", parts_error->message);
    }

  if (merge != NULL && cursor != NULL)
    render_list (result, store, request, merge, cursor, cancellable);
  else if (merge != NULL)
    {
      const HeraldMergeRecipient nobody = { "", 0, NULL, NULL };

      result->used_fields = g_strdupv ((char **) herald_merge_get_used_fields (merge));
      result->n_missing = g_new0 (gint64, g_strv_length (result->used_fields) + 1);
      result->n_recipients = 0;
      result->rendered = herald_merge_render (merge, &nobody, &result->message, &result->error);
    }

  /* Said at once, on the page, while the details are missing (the send
   * is refused for them later); asked at each render, so setting them in
   * Preferences clears it. */
  {
    g_autoptr(GError) business_error = NULL;

    if (!herald_template_check_business (store, request->record, NULL, &business_error) &&
        g_error_matches (business_error, HERALD_MERGE_ERROR, HERALD_MERGE_ERROR_NO_BUSINESS_DETAILS))
      result->business_missing = g_strdup (business_error->message);
  }

  result->thread_finished = g_get_monotonic_time ();
  /* A cancelled render is dropped by herald_session_run_finish(). */
  return TRUE;
}

/**
 * herald_preview_render_async:
 * @request: (transfer full): what to render
 *
 * Renders one recipient's message as a job of @session's, on its store in
 * turn with the other jobs.
 */
void
herald_preview_render_async (HeraldSession        *session,
                             HeraldRenderRequest  *request,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  TaskData *data = g_new0 (TaskData, 1);

  data->request = request;
  data->result = g_new0 (HeraldRenderResult, 1);
  data->result->n_recipients = -1;   /* not counted unless the template compiles */
  /* When asked: the time until the job starts is its wait for the store. */
  data->result->thread_started = g_get_monotonic_time ();
  herald_session_run_async (session, HERALD_SESSION_JOB_SHARED, render_job,
                            data, (GDestroyNotify) task_data_free,
                            cancellable, callback, user_data);
}

/**
 * herald_preview_render_finish:
 *
 * Returns: (transfer full) (nullable): the result, which may itself hold
 *   a template error; %NULL with @error set only when cancelled
 */
HeraldRenderResult *
herald_preview_render_finish (GAsyncResult  *result,
                              GError       **error)
{
  TaskData *data = NULL;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  if (!herald_session_run_finish (g_task_get_source_object (G_TASK (result)), result,
                                  (gpointer *) &data, error))
    return NULL;
  return g_steal_pointer (&data->result);
}
