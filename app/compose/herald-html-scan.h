/* herald-html-scan.h — libxml2's HTML parser, with where each tag stands
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HeraldHtmlScan HeraldHtmlScan;

typedef void (*HeraldHtmlStartFunc) (HeraldHtmlScan  *scan,
                                     const char      *name,
                                     const char     **atts);
typedef void (*HeraldHtmlEndFunc)   (HeraldHtmlScan  *scan,
                                     const char      *name);

typedef enum
{
  HERALD_HTML_SCAN_DEFAULT   = 0,
  HERALD_HTML_SCAN_NO_BLANKS = 1 << 0,   /* libxml2's HTML_PARSE_NOBLANKS */
} HeraldHtmlScanFlags;

/* Embedded first in the caller's own state, which the callbacks cast
 * @scan back to. */
struct _HeraldHtmlScan
{
  const char          *html;
  gsize                len;
  /* How far the source is known to be read: moved on after every event;
   * a start-element callback may move it further (past a tag it found). */
  gsize                last_end;
  HeraldHtmlStartFunc  start_element;
  HeraldHtmlEndFunc    end_element;      /* nullable */
  /*< private >*/
  gpointer             ctxt;
};

void     herald_html_scan_init   (HeraldHtmlScan      *scan,
                                  const char          *html,
                                  gsize                len,
                                  HeraldHtmlStartFunc  start_element,
                                  HeraldHtmlEndFunc    end_element);
gboolean herald_html_scan_run    (HeraldHtmlScan      *scan,
                                  HeraldHtmlScanFlags  flags);
gsize    herald_html_scan_offset (HeraldHtmlScan      *scan);

G_END_DECLS
