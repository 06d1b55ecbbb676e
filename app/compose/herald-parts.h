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

#include "herald-template-parts.h"
#include "herald-templates.h"

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
  HERALD_EMBED_LOCAL  = 1 << 0,   /* absolute paths, file:// URIs, paths relative to @base_dir */
  HERALD_EMBED_REMOTE = 1 << 1,   /* http:// and https:// (fetched with libsoup) */
} HeraldEmbedFlags;

GQuark               herald_parts_error_quark       (void);

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
char                *herald_parts_recipient_path_in (const char                 *value,
                                                     const char                 *folder,
                                                     GError                    **error);
gboolean             herald_parts_check_recipient_file_in (const char           *value,
                                                     const char                 *folder,
                                                     GError                    **error);
HeraldTemplatePart  *herald_templates_attach_file   (HeraldStore                *store,
                                                     gint64                      template_id,
                                                     const char                 *path,
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

/* A template's parts and the store (herald-parts-store.c). */
gint64               herald_templates_save_embedding (HeraldStore               *store,
                                                     const HeraldTemplateRecord *record,
                                                     const char                 *base_dir,
                                                     HeraldEmbedFlags            flags,
                                                     char                      **out_html,
                                                     GCancellable               *cancellable,
                                                     GError                    **error);

/* A recipient whose own attachment (a field holding a path) cannot be read. */
typedef struct
{
  char *email;
  char *field;
  char *value;      /* the path as written; "" when the list lacks the field */
  char *problem;    /* for people: missing, not absolute, too big … */
} HeraldAttachmentProblem;

GPtrArray           *herald_campaign_check_attachments (HeraldStore             *store,
                                                     gint64                      campaign_id,
                                                     GError                    **error);
HeraldAttachmentProblem *herald_attachment_problem_new (const char          *email,
                                                     const char                 *field,
                                                     const char                 *value,
                                                     const char                 *words);
void                 herald_attachment_problem_free (HeraldAttachmentProblem    *problem);

/* The same check for a list, before any campaign (herald-parts-attach.c). */
typedef struct
{
  guint      recipients;    /* the list's subscribed contacts, less the suppressed */
  guint      with_files;    /* those whose every own file can be attached */
  guint      without;       /* those whose fields are empty: no file of their own */
  GPtrArray *problems;      /* (element-type HeraldAttachmentProblem) */
} HeraldAttachmentCheck;

HeraldAttachmentCheck *herald_list_check_attachments (HeraldStore            *store,
                                                     gint64                      template_id,
                                                     gint64                      list_id,
                                                     GCancellable               *cancellable,
                                                     GError                    **error);
void                 herald_attachment_check_free   (HeraldAttachmentCheck      *check);
char                *herald_attachment_check_describe (const HeraldAttachmentCheck *check);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldAttachmentCheck, herald_attachment_check_free)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldAttachmentProblem, herald_attachment_problem_free)

G_END_DECLS
