/* herald-parts.h — a template's images and attachments
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a template is stored, the images its HTML shows from local files
 * (and, on request, from http/https) are read once, kept in the database
 * and referred to as "cid:" URLs; files attached for everyone are kept the
 * same way, so a campaign's content cannot change under it. A template may
 * also name fields that hold, for each recipient, the path of a file to
 * attach: those are read when the message is composed.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HERALD_PARTS_ERROR (herald_parts_error_quark ())

typedef enum
{
  HERALD_PARTS_ERROR_MISSING,      /* no such file, or not readable */
  HERALD_PARTS_ERROR_NOT_IMAGE,    /* an <img> that is not an image */
  HERALD_PARTS_ERROR_TOO_BIG,
  HERALD_PARTS_ERROR_HTTP,         /* a remote image could not be fetched */
  HERALD_PARTS_ERROR_INVALID,      /* a relative path with no folder, a bad URL … */
} HeraldPartsError;

/* Limits: an image, any attachment, and all of a message's parts. */
#define HERALD_PARTS_MAX_IMAGE       (5 * 1024 * 1024)
#define HERALD_PARTS_MAX_ATTACHMENT  (15 * 1024 * 1024)
#define HERALD_PARTS_MAX_TOTAL       (20 * 1024 * 1024)

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
} HeraldTemplateParts;

typedef enum
{
  HERALD_EMBED_LOCAL  = 1 << 0,   /* absolute paths, file:// URIs, paths relative to @base_dir */
  HERALD_EMBED_REMOTE = 1 << 1,   /* http:// and https:// (fetched with libsoup) */
} HeraldEmbedFlags;

GQuark               herald_parts_error_quark       (void);

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

HeraldTemplatePart  *herald_parts_attach_file       (const char                 *path,
                                                     GError                    **error);
GBytes              *herald_parts_read_file         (const char                 *path,
                                                     gsize                       max_size,
                                                     const char                 *what,
                                                     GError                    **error);
char                *herald_parts_recipient_path    (const char                 *value,
                                                     GError                    **error);
gboolean             herald_parts_check_recipient_file (const char              *value,
                                                     GError                    **error);
HeraldTemplatePart  *herald_parts_fetch_image       (const char                 *url,
                                                     GCancellable               *cancellable,
                                                     GError                    **error);
gboolean             herald_parts_embed_images      (const char                 *html,
                                                     const char                 *base_dir,
                                                     HeraldEmbedFlags            flags,
                                                     HeraldTemplateParts        *parts,
                                                     char                      **out_html,
                                                     GCancellable               *cancellable,
                                                     GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldTemplatePart, herald_template_part_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldTemplateParts, herald_template_parts_free)

G_END_DECLS
