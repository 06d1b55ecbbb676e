/* herald-template-parts.h — a template's images and attachments as the
 * store keeps them (reading, embedding and checking files: herald-parts.h)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  HERALD_PART_INLINE,       /* an image the HTML shows as "cid:" */
  HERALD_PART_ATTACHMENT,   /* a file attached for everyone */
} HeraldPartKind;

typedef struct
{
  HeraldPartKind  kind;
  char           *cid;            /* inline only: the Content-ID, without <> */
  char           *filename;
  char           *content_type;   /* "image/png" */
  GBytes         *data;
  char           *source;         /* the path or URL it was read from (nullable) */
} HeraldTemplatePart;

/* Everything a stored template carries besides its texts. */
typedef struct
{
  GPtrArray *parts;          /* (element-type HeraldTemplatePart) */
  GPtrArray *attach_fields;  /* (element-type utf8): fields holding a path to attach */
  /* The folder relative paths in those fields are read from (absolute;
   * NULL: only absolute paths and file:// URIs). Under Flatpak it is the
   * path the file chooser portal returned (ARCHITECTURE.md). */
  char      *attach_folder;
} HeraldTemplateParts;

HeraldTemplateParts *herald_template_parts_new      (void);
HeraldTemplateParts *herald_template_parts_copy     (const HeraldTemplateParts  *parts);
void                 herald_template_parts_free     (HeraldTemplateParts        *parts);
const HeraldTemplatePart *
                     herald_template_parts_find_cid (const HeraldTemplateParts  *parts,
                                                     const char                 *cid);

HeraldTemplatePart  *herald_template_part_new       (HeraldPartKind              kind,
                                                     const char                 *cid,
                                                     const char                 *filename,
                                                     const char                 *content_type,
                                                     GBytes                     *data,
                                                     const char                 *source);
HeraldTemplatePart  *herald_template_part_copy      (const HeraldTemplatePart   *part);
void                 herald_template_part_free      (HeraldTemplatePart         *part);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldTemplatePart, herald_template_part_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldTemplateParts, herald_template_parts_free)

G_END_DECLS
