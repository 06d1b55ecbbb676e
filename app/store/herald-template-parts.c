/* herald-template-parts.c — a template's images and attachments as the
 * store keeps them
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-template-parts"

#include "config.h"

#include <string.h>

#include "herald-template-parts.h"

HeraldTemplatePart *
herald_template_part_new (HeraldPartKind  kind,
                          const char     *cid,
                          const char     *filename,
                          const char     *content_type,
                          GBytes         *data,
                          const char     *source)
{
  HeraldTemplatePart *part = g_new0 (HeraldTemplatePart, 1);

  part->kind = kind;
  part->cid = g_strdup (cid);
  part->filename = g_strdup (filename);
  part->content_type = g_strdup (content_type);
  part->data = g_bytes_ref (data);
  part->source = g_strdup (source);
  return part;
}

HeraldTemplatePart *
herald_template_part_copy (const HeraldTemplatePart *part)
{
  return herald_template_part_new (part->kind, part->cid, part->filename,
                                   part->content_type, part->data, part->source);
}

void
herald_template_part_free (HeraldTemplatePart *part)
{
  if (part == NULL)
    return;
  g_free (part->cid);
  g_free (part->filename);
  g_free (part->content_type);
  g_clear_pointer (&part->data, g_bytes_unref);
  g_free (part->source);
  g_free (part);
}

HeraldTemplateParts *
herald_template_parts_new (void)
{
  HeraldTemplateParts *parts = g_new0 (HeraldTemplateParts, 1);

  parts->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_template_part_free);
  parts->attach_fields = g_ptr_array_new_with_free_func (g_free);
  return parts;
}

HeraldTemplateParts *
herald_template_parts_copy (const HeraldTemplateParts *parts)
{
  HeraldTemplateParts *copy = herald_template_parts_new ();

  for (guint i = 0; i < parts->parts->len; i++)
    g_ptr_array_add (copy->parts, herald_template_part_copy (g_ptr_array_index (parts->parts, i)));
  for (guint i = 0; i < parts->attach_fields->len; i++)
    g_ptr_array_add (copy->attach_fields, g_strdup (g_ptr_array_index (parts->attach_fields, i)));
  copy->attach_folder = g_strdup (parts->attach_folder);
  return copy;
}

void
herald_template_parts_free (HeraldTemplateParts *parts)
{
  if (parts == NULL)
    return;
  g_ptr_array_unref (parts->parts);
  g_ptr_array_unref (parts->attach_fields);
  g_free (parts->attach_folder);
  g_free (parts);
}

/**
 * herald_template_parts_find_cid:
 *
 * Returns: (transfer none) (nullable): the inline image with this Content-ID
 */
const HeraldTemplatePart *
herald_template_parts_find_cid (const HeraldTemplateParts *parts,
                                const char                *cid)
{
  for (guint i = 0; parts != NULL && cid != NULL && i < parts->parts->len; i++)
    {
      const HeraldTemplatePart *part = g_ptr_array_index (parts->parts, i);

      if (part->kind == HERALD_PART_INLINE && g_strcmp0 (part->cid, cid) == 0)
        return part;
    }
  return NULL;
}
