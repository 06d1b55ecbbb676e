/* herald-template-private.h — what the merge language's three files share:
 * the compiler and renderer (herald-template.c), the HTML tracker
 * (herald-template-html.c) and the escaping (herald-template-escape.c)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "herald-template.h"

G_BEGIN_DECLS

typedef enum
{
  ESCAPE_NONE,
  ESCAPE_HEADER,    /* as is, but no CR, LF or other controls */
  ESCAPE_HTML,      /* & < > " ' as references */
  ESCAPE_URL,       /* a whole URL: scheme checked, percent- then HTML-escaped */
  ESCAPE_URL_QUERY, /* a part of a URL: all but RFC 3986 unreserved as %XX */
  ESCAPE_URL_TEXT,  /* a whole URL in plain text: as ESCAPE_URL, without the HTML escaping */
} Escape;

typedef enum
{
  HTML_DATA,            /* element text */
  HTML_TAG_OPEN,        /* after "<" */
  HTML_END_TAG_OPEN,    /* after "</" */
  HTML_MARKUP_OPEN,     /* after "<!", counting the dashes of "<!--" */
  HTML_BOGUS,           /* <!DOCTYPE …>, <?…>, <![endif]>, <!--[if …]>: up to ">" */
  HTML_COMMENT,         /* <!-- … --> */
  HTML_TAG_NAME,
  HTML_IN_TAG,          /* between attributes */
  HTML_ATTR_NAME,
  HTML_AFTER_ATTR_NAME,
  HTML_BEFORE_VALUE,    /* after "=" */
  HTML_VALUE_DQ,
  HTML_VALUE_SQ,
  HTML_VALUE_UQ,
  HTML_RAWTEXT,         /* the contents of <script> or <style> */
} HtmlState;

typedef struct
{
  guint8 state;
  guint8 count;         /* MARKUP_OPEN: dashes; COMMENT: trailing dashes, 3 after "--!";
                           RAWTEXT: bytes of "</name" matched */
  guint8 head;          /* COMMENT: bytes of "[if" matched at its start, 0xff past it */
  guint8 end_tag;
  guint8 value_started; /* a non-space character or a field is in the value */
  guint8 tag_len;       /* saturates at 255 */
  guint8 attr_len;
  char   tag[8];
  char   attr[12];
} HtmlTracker;

/* HTML's white space; called for every byte the compiler scans. */
static inline gboolean
_herald_html_is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* herald-template-html.c */
void         _herald_html_tracker_feed           (HtmlTracker       *t,
                                                  const char        *text,
                                                  gsize              len);
void         _herald_html_tracker_at_block_edge  (HtmlTracker       *t);
gboolean     _herald_html_tracker_same           (const HtmlTracker *a,
                                                  const HtmlTracker *b);
const char  *_herald_html_tracker_escape         (const HtmlTracker *t,
                                                  Escape            *escape);

/* herald-template-escape.c */
gboolean     _herald_template_is_blank           (const char        *value);
void         _herald_template_append_html        (GString           *out,
                                                  const char        *value,
                                                  gsize              len);
void         _herald_template_append_url         (GString           *out,
                                                  const char        *value,
                                                  gsize              len);
void         _herald_template_append_url_text    (GString           *out,
                                                  const char        *value,
                                                  gsize              len);
void         _herald_template_append_url_query   (GString           *out,
                                                  const char        *value,
                                                  gsize              len);

G_END_DECLS
