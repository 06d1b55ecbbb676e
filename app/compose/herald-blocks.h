/* herald-blocks.h — templates made of blocks: the document and its HTML
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The document
 * ------------
 * A block template is kept as JSON (templates.blocks):
 *
 *   { "version": 1, "lang": "ja"|"en", "accent": "#1c71d8", "title": "…",
 *     "blocks": [ { "type": "header", … }, … ] }
 *
 * "lang" (default "en") chooses the words the engine writes itself (the
 * footer's) and <html lang>; "accent" (#rrggbb) colours the header, the
 * headings and the buttons; "title" is the HTML <title>. Each block is an
 * object with a "type" and the members its type allows (all strings):
 *
 *   header   title, tagline, logo (image), logo_alt       (title or logo)
 *   text     heading, text*
 *   image    src* (image), alt, link (URL)
 *   button   label*, url* (URL)
 *   divider  —
 *   columns  image* (image), alt, link (URL), heading, text*
 *   notice   heading, text*
 *   footer   note, unsubscribe_text
 *
 * (* required.) An image is an http(s) URL, a "cid:" reference to an image
 * stored with the template, or a local path that
 * herald_blocks_embed_images() stores and turns into one. A URL is http,
 * https, mailto or tel, or begins with a merge field (the template
 * language checks the recipient's value). Any text may hold merge fields
 * in the template language's own syntax, {{ field }} and
 * {{ field | "fallback" }}; "\{{" is a literal "{{". A text member ("text")
 * is paragraphs separated by a blank line, with **bold**, *italic* and
 * [a link](https://…); a single line break stays a line break.
 *
 * The HTML
 * --------
 * herald_blocks_render_html() writes a whole HTML document for e-mail:
 * table layout, inline styles only, one column at most 600 px wide that
 * narrows to the screen (375 px phones included; two columns fold into
 * one), explicit text and background colours on every block so a dark
 * mode cannot make text unreadable. Every text is escaped for where it
 * stands; merge fields are left for the template language, which escapes
 * each recipient's value by context. The footer shows the business
 * details ({{ sender_name }}, {{ sender_address }}, {{ sender_contact }})
 * and {{ unsubscribe_url }}.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "herald-template-parts.h"
#include "herald-templates.h"

G_BEGIN_DECLS

#define HERALD_BLOCKS_VERSION 1
#define HERALD_BLOCKS_MAX_SIZE   (1024 * 1024)
#define HERALD_BLOCKS_MAX_BLOCKS 200

#define HERALD_BLOCKS_ERROR (herald_blocks_error_quark ())

typedef enum
{
  HERALD_BLOCKS_ERROR_SYNTAX,     /* not JSON, or too big or deep */
  HERALD_BLOCKS_ERROR_VERSION,    /* a version this engine does not know */
  HERALD_BLOCKS_ERROR_DOCUMENT,   /* the document's own members */
  HERALD_BLOCKS_ERROR_BLOCK,      /* one block: its position and type are named */
} HeraldBlocksError;

GQuark              herald_blocks_error_quark   (void);

const char * const *herald_blocks_types         (void);
const char         *herald_blocks_type_title    (const char          *type);

JsonNode           *herald_blocks_parse         (const char          *json,
                                                 GError             **error);
gboolean            herald_blocks_validate      (JsonNode            *document,
                                                 GError             **error);
char               *herald_blocks_render_html   (const char          *json,
                                                 GError             **error);
char               *herald_blocks_render_node   (JsonNode            *document,
                                                 GError             **error);
JsonNode           *herald_blocks_new_block     (const char          *type,
                                                 const char          *lang);
JsonNode           *herald_blocks_new_document  (const char          *lang);
char               *herald_blocks_to_json       (JsonNode            *document);

gboolean            herald_blocks_embed_images  (const char          *json,
                                                 const char          *base_dir,
                                                 HeraldTemplateParts *parts,
                                                 char               **out_json,
                                                 GError             **error);
gboolean            herald_template_record_render_blocks (HeraldTemplateRecord *record,
                                                 GError             **error);
int                 herald_blocks_find_field    (JsonNode            *document,
                                                 const char          *field);
void                herald_blocks_name_unknown_field (const char         *blocks,
                                                      const char         *html,
                                                      const char * const *fields,
                                                      GError            **error);

/* Text with merge fields (herald-blocks-text.c) */
gboolean            _herald_blocks_append_plain (GString             *out,
                                                 const char          *text,
                                                 GError             **error);
gboolean            _herald_blocks_append_markup (GString            *out,
                                                 const char          *text,
                                                 const char          *p_style,
                                                 const char          *link_style,
                                                 GError             **error);
gboolean            _herald_blocks_uses_field   (const char          *text,
                                                 const char          *field);
gboolean            _herald_blocks_check_url    (const char          *url,
                                                 gboolean             image,
                                                 GError             **error);
gboolean            _herald_blocks_append_url   (GString             *out,
                                                 const char          *url,
                                                 GError             **error);

G_END_DECLS
