/* herald-template-attach.c — changing a stored template's attachments:
 * files for everyone, and the fields (and their folder) naming each
 * recipient's own file
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each change loads the template's parts, changes them and saves them
 * back in one transaction (herald_templates_save_parts()), so the images
 * and the rest are kept as they were.
 */
#define G_LOG_DOMAIN "herald-templates"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-template-attach.h"
#include "herald-templates.h"

static gint
find_attachment (const HeraldTemplateParts *parts,
                 const char                *filename)
{
  for (guint i = 0; i < parts->parts->len; i++)
    {
      const HeraldTemplatePart *part = g_ptr_array_index (parts->parts, i);

      if (part->kind == HERALD_PART_ATTACHMENT && g_strcmp0 (part->filename, filename) == 0)
        return (gint) i;
    }
  return -1;
}

/**
 * herald_templates_add_attachment:
 * @part: an attachment for everyone (%HERALD_PART_ATTACHMENT), copied
 *
 * Attaches @part to every message of the template; one already attached
 * under the same file name is replaced (a message cannot tell two files
 * of one name apart), keeping its place in the list.
 */
gboolean
herald_templates_add_attachment (HeraldStore               *store,
                                 gint64                     template_id,
                                 const HeraldTemplatePart  *part,
                                 GError                   **error)
{
  g_autoptr(HeraldTemplateParts) parts = NULL;
  gint at;

  g_return_val_if_fail (part != NULL && part->kind == HERALD_PART_ATTACHMENT, FALSE);
  g_return_val_if_fail (part->filename != NULL && *part->filename != '\0', FALSE);

  if ((parts = herald_templates_load_parts (store, template_id, error)) == NULL)
    return FALSE;
  if ((at = find_attachment (parts, part->filename)) >= 0)
    {
      herald_template_part_free (g_ptr_array_index (parts->parts, at));
      g_ptr_array_index (parts->parts, at) = herald_template_part_copy (part);
    }
  else
    g_ptr_array_add (parts->parts, herald_template_part_copy (part));
  return herald_templates_save_parts (store, template_id, parts, error);
}

/**
 * herald_templates_remove_attachment:
 *
 * Stops attaching the file named @filename to the template's messages.
 *
 * Returns: (transfer full) (nullable): the attachment removed, for an
 *   undo to add back; %NULL with @error set (%HERALD_STORE_ERROR_NOT_FOUND
 *   when the template attaches no such file)
 */
HeraldTemplatePart *
herald_templates_remove_attachment (HeraldStore  *store,
                                    gint64        template_id,
                                    const char   *filename,
                                    GError      **error)
{
  g_autoptr(HeraldTemplateParts) parts = NULL;
  g_autoptr(HeraldTemplatePart) removed = NULL;
  gint at;

  if ((parts = herald_templates_load_parts (store, template_id, error)) == NULL)
    return NULL;
  if ((at = find_attachment (parts, filename)) < 0)
    {
      g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND,
                   /* TRANSLATORS: %s is a file name such as "menu.pdf" */
                   _("The template attaches no file named “%s”. Check the name in the template’s attachments."),
                   filename);
      return NULL;
    }
  removed = g_ptr_array_steal_index (parts->parts, at);
  if (!herald_templates_save_parts (store, template_id, parts, error))
    return NULL;
  return g_steal_pointer (&removed);
}

/**
 * herald_templates_set_attach_fields:
 * @fields: (nullable) (array zero-terminated=1): the fields (list
 *   columns) holding each recipient's own file; %NULL or empty: none
 * @folder: (nullable): the absolute folder relative paths in them are
 *   read from; %NULL: absolute paths and file:// URIs only
 *
 * Sets which fields name a file to attach for each recipient, and where
 * relative paths in them are. Empty field names are skipped.
 */
gboolean
herald_templates_set_attach_fields (HeraldStore         *store,
                                    gint64               template_id,
                                    const char * const  *fields,
                                    const char          *folder,
                                    GError             **error)
{
  g_autoptr(HeraldTemplateParts) parts = NULL;

  if (folder != NULL && *folder != '\0' && !g_path_is_absolute (folder))
    {
      g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_FAILED,
                   /* TRANSLATORS: %s is a folder */
                   _("The folder of the recipients’ files must be a full path, such as /home/me/invoices, not “%s”."),
                   folder);
      return FALSE;
    }
  if ((parts = herald_templates_load_parts (store, template_id, error)) == NULL)
    return FALSE;
  g_ptr_array_set_size (parts->attach_fields, 0);
  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    {
      g_autofree char *field = g_strstrip (g_strdup (fields[i]));

      if (*field != '\0')
        g_ptr_array_add (parts->attach_fields, g_steal_pointer (&field));
    }
  g_free (parts->attach_folder);
  parts->attach_folder = folder != NULL && *folder != '\0' ? g_strdup (folder) : NULL;
  return herald_templates_save_parts (store, template_id, parts, error);
}
