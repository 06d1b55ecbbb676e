/* herald-message.h — composing the RFC 5322 message one recipient gets
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "herald-headers.h"

G_BEGIN_DECLS

/* An inline image (with @cid) or an attachment (without). */
typedef struct
{
  char   *cid;            /* Content-ID without <>, as used in "cid:" URLs; NULL for attachments */
  char   *filename;       /* shown to the reader; NULL: the base name of @path */
  char   *path;           /* read at compose time when @bytes is NULL */
  GBytes *bytes;          /* the content; load it once for a whole campaign */
  char   *content_type;   /* "image/png"; NULL: guessed from the name and content */
} HeraldMessagePart;

typedef struct
{
  const char *from;                 /* "Name <addr>" or "addr", UTF-8 */
  const char *to_addr;
  const char *to_name;              /* nullable: display name, e.g. from a field */
  const char *reply_to;             /* nullable: "Name <addr>" */
  const char *subject;              /* rendered, UTF-8 */
  const char *html;                 /* rendered HTML body; nullable if @text is set */
  const char *text;                 /* plain-text alternative; nullable if @html is set */
  const char *message_id;           /* "<…@domain>"; NULL: a random one */
  gint64      date;                 /* Unix time; 0: now */
  const char *unsubscribe_mailto;   /* nullable: "mailto:…" */
  const char *unsubscribe_url;      /* nullable: "https://…" (adds RFC 8058 One-Click) */
  const char *list_name;            /* nullable: the List-Id's phrase, UTF-8 */
  const char *list_id;              /* nullable: the List-Id itself, "label.domain" without <> */
  GPtrArray  *inline_images;        /* nullable (element-type HeraldMessagePart) */
  GPtrArray  *attachments;          /* nullable (element-type HeraldMessagePart) */
  HeraldCharset charset;            /* asked for; UTF-8 when the text does not fit */
} HeraldMessageSpec;


GBytes            *herald_message_compose           (const HeraldMessageSpec  *spec,
                                                     GError                  **error);

GBytes            *herald_message_normalize_crlf    (GBytes                   *message);

char              *herald_message_dup_for_jis       (const char               *text);
gboolean           herald_message_fits_jis          (const char               *text);
gboolean           herald_message_spec_fits_jis     (const HeraldMessageSpec  *spec);

HeraldMessagePart *herald_message_part_new_for_path  (const char              *path,
                                                      const char              *cid);
HeraldMessagePart *herald_message_part_new_for_bytes (GBytes                  *bytes,
                                                      const char              *filename,
                                                      const char              *content_type,
                                                      const char              *cid);
gboolean           herald_message_part_load          (HeraldMessagePart       *part,
                                                      GError                 **error);
void               herald_message_part_free          (HeraldMessagePart       *part);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldMessagePart, herald_message_part_free)

G_END_DECLS
