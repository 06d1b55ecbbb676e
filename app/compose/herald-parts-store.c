/* herald-parts-store.c — a template's images and attachments with the
 * store: saving an edited template with the images its HTML shows
 * embedded, and checking each recipient's own attachment before sending
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-parts"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-campaign.h"
#include "herald-list-store.h"
#include "herald-blocks.h"
#include "herald-parts.h"
#include "herald-templates.h"

/* ---- saving with embedded images -------------------------------------------- */

static gboolean
html_refers_to (const char *html,
                const char *cid)
{
  g_autofree char *url = g_strconcat ("cid:", cid, NULL);
  gsize n = strlen (url);

  for (const char *p = strstr (html, url); p != NULL; p = strstr (p + 1, url))
    {
      char after = p[n];
      if (!(g_ascii_isalnum (after) || after == '.' || after == '-' || after == '_' || after == '@'))
        return TRUE;
    }
  return FALSE;
}

/**
 * herald_templates_save_embedding:
 * @base_dir: (nullable): the folder relative image paths are in; %NULL
 *   (the window's editor): only absolute paths and file:// URIs
 * @out_html: (out) (optional) (transfer full): the HTML as stored, with
 *   "cid:" in place of each embedded image's path, for the editor to show
 *
 * herald_templates_save() for an edited template: embeds the images its
 * HTML now shows from files (and http/https ones when @flags ask), keeps
 * the images already stored that the HTML still shows, drops the others,
 * and keeps the attachments and attachment fields. A block template
 * (@record->blocks) has its document's image files stored and its HTML
 * written from the document (herald_blocks_embed_images()). One transaction; any
 * image that cannot be read is an error naming it, and nothing is saved.
 * Fetching remote images blocks: call it from a worker thread.
 *
 * Returns: the template's id, or -1 with @error set
 */
gint64
herald_templates_save_embedding (HeraldStore                 *store,
                                 const HeraldTemplateRecord  *record,
                                 const char                  *base_dir,
                                 HeraldEmbedFlags             flags,
                                 char                       **out_html,
                                 GCancellable                *cancellable,
                                 GError                     **error)
{
  g_autoptr(HeraldTemplateParts) parts = NULL;
  g_autofree char *html = NULL, *blocks = NULL, *from_blocks = NULL;
  HeraldTemplateRecord copy = *record;
  const char *source = record->html;
  gint64 id;

  if (record->id > 0)
    parts = herald_templates_load_parts (store, record->id, error);
  else
    parts = herald_template_parts_new ();
  if (parts == NULL)
    return -1;
  /* A block template: its image files stored and named by "cid:" in the
   * document, then its HTML written from it. */
  if (record->blocks != NULL &&
      (!herald_blocks_embed_images (record->blocks, base_dir, parts, &blocks, error) ||
       (source = from_blocks = herald_blocks_render_html (blocks, error)) == NULL))
    return -1;
  if (!herald_parts_embed_images (source, base_dir, flags, parts, &html, cancellable, error))
    return -1;

  for (guint i = parts->parts->len; i > 0; i--)
    {
      const HeraldTemplatePart *part = g_ptr_array_index (parts->parts, i - 1);

      if (part->kind == HERALD_PART_INLINE && !html_refers_to (html, part->cid))
        g_ptr_array_remove_index (parts->parts, i - 1);
    }

  copy.html = html;
  copy.blocks = blocks;
  if ((id = herald_templates_save_with_parts (store, &copy, parts, error)) < 0)
    return -1;
  if (out_html != NULL)
    *out_html = g_steal_pointer (&html);
  return id;
}

/* ---- pre-send check: each recipient's own attachment --------------------- */

/**
 * herald_attachment_problem_new:
 * @value: (nullable): the path as written; NULL: the list lacks the field
 * @words: what is wrong, for people
 *
 * Returns: (transfer full): a problem of @email's own attachment
 */
HeraldAttachmentProblem *
herald_attachment_problem_new (const char *email,
                               const char *field,
                               const char *value,
                               const char *words)
{
  HeraldAttachmentProblem *problem = g_new0 (HeraldAttachmentProblem, 1);

  problem->email = g_strdup (email);
  problem->field = g_strdup (field);
  problem->value = g_strdup (value != NULL ? value : "");
  problem->problem = g_strdup (words);
  return problem;
}

void
herald_attachment_problem_free (HeraldAttachmentProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->email);
  g_free (problem->field);
  g_free (problem->value);
  g_free (problem->problem);
  g_free (problem);
}

typedef struct
{
  GPtrArray  *problems;
  const char *field;
  const char *folder;
} CheckRun;

static void
check_value (const char *email,
             const char *value,
             gpointer    user_data)
{
  CheckRun *run = user_data;
  g_autoptr(GError) local = NULL;
  g_autofree char *trimmed = NULL;

  if (value == NULL)
    return;
  trimmed = g_strstrip (g_strdup (value));
  if (*trimmed == '\0')
    return;
  if (!herald_parts_check_recipient_file_in (value, run->folder, &local))
    g_ptr_array_add (run->problems, herald_attachment_problem_new (email, run->field, value, local->message));
}

/**
 * herald_campaign_check_attachments:
 *
 * For each delivery still to send (queued or deferred), checks that the
 * files named by the template's attachment fields exist, are readable and
 * are within the size limit. An empty field means no file for that
 * recipient. A field the list does not have is one problem for the whole
 * campaign (with an empty email).
 *
 * Returns: (transfer full) (element-type HeraldAttachmentProblem): the
 *   problems, empty when all is well; %NULL with @error set
 */
GPtrArray *
herald_campaign_check_attachments (HeraldStore  *store,
                                   gint64        campaign_id,
                                   GError      **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_attachment_problem_free);
  g_autoptr(HeraldCampaignInfo) info = herald_campaign_get (store, campaign_id, error);
  g_autoptr(HeraldTemplateParts) parts = NULL;
  g_autoptr(HeraldTemplateRecord) record = NULL;
  g_auto(GStrv) list_fields = NULL;

  if (info == NULL ||
      (record = herald_templates_find_by_id (store, info->template_id, error)) == NULL ||
      (parts = herald_templates_load_parts (store, info->template_id, error)) == NULL ||
      (list_fields = herald_store_dup_list_fields (store, info->list_id, error)) == NULL)
    return NULL;

  for (guint i = 0; i < parts->attach_fields->len; i++)
    {
      const char *field = g_ptr_array_index (parts->attach_fields, i);
      const char *column = record->field_map != NULL ? g_hash_table_lookup (record->field_map, field) : NULL;
      /* The column the sender reads it from (the template's field match). */
      CheckRun run = { problems, column != NULL ? column : field, parts->attach_folder };

      if (!g_strv_contains ((const char * const *) list_fields, run.field))
        {
          g_autofree char *words =
            /* TRANSLATORS: %s is a field name */
            g_strdup_printf (_("The list has no field “%s”, which the template attaches files from."), run.field);
          g_ptr_array_add (problems, herald_attachment_problem_new ("", run.field, "", words));
          continue;
        }
      if (!herald_campaign_read_pending_field (store, campaign_id, run.field, check_value, &run, error))
        return NULL;
    }
  return g_steal_pointer (&problems);
}
