/* herald-html-scan.c — libxml2's HTML parser, with where each tag stands
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CSS inliner (herald-css-inline.c) and the image embedder
 * (herald-parts.c) change a template's HTML in place: libxml2 reads the
 * document as a browser would (its SAX events say which elements there
 * are, with their attributes decoded), and the callers find each start
 * tag's bytes in the source between the last place read and where the
 * parser stands now. The source is read as UTF-8 whatever a <meta
 * charset> says, so the offsets stay true.
 */
#define G_LOG_DOMAIN "herald-html-scan"

#include "config.h"

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "herald-html-scan.h"

/**
 * herald_html_scan_offset:
 *
 * How many bytes of the source the parser has consumed: a start tag
 * reported now ends at or before this place.
 */
gsize
herald_html_scan_offset (HeraldHtmlScan *scan)
{
  long consumed = xmlByteConsumed (scan->ctxt);

  return consumed < 0 ? scan->last_end : MIN ((gsize) consumed, scan->len);
}

static void
on_other (void *data)
{
  HeraldHtmlScan *scan = data;

  scan->last_end = MAX (scan->last_end, herald_html_scan_offset (scan));
}

static void
on_start_element (void           *data,
                  const xmlChar  *name,
                  const xmlChar **atts)
{
  HeraldHtmlScan *scan = data;
  gsize at = herald_html_scan_offset (scan);

  scan->start_element (scan, (const char *) name, (const char **) atts);
  scan->last_end = MAX (scan->last_end, at);
}

static void
on_end_element (void          *data,
                const xmlChar *name)
{
  HeraldHtmlScan *scan = data;

  if (scan->end_element != NULL)
    scan->end_element (scan, (const char *) name);
  on_other (data);
}

static void
on_characters (void          *data,
               const xmlChar *ch,
               int            len)
{
  on_other (data);
}

static void
on_comment (void          *data,
            const xmlChar *value)
{
  on_other (data);
}

static void
on_pi (void          *data,
       const xmlChar *target,
       const xmlChar *value)
{
  on_other (data);
}

static void
on_subset (void          *data,
           const xmlChar *name,
           const xmlChar *external_id,
           const xmlChar *system_id)
{
  on_other (data);
}

static void
on_silent (void       *data,
           const char *msg,
           ...)
{
}

static gpointer
init_libxml (gpointer data)
{
  xmlInitParser ();
  return NULL;
}

void
herald_html_scan_init (HeraldHtmlScan      *scan,
                       const char          *html,
                       gsize                len,
                       HeraldHtmlStartFunc  start_element,
                       HeraldHtmlEndFunc    end_element)
{
  scan->html = html;
  scan->len = len;
  scan->last_end = 0;
  scan->start_element = start_element;
  scan->end_element = end_element;
  scan->ctxt = NULL;
}

/**
 * herald_html_scan_run:
 *
 * Parses the whole source, calling back for every element. Errors in the
 * HTML are not errors here: the parser recovers as browsers do.
 *
 * Returns: %FALSE when the parser could not start at all
 */
gboolean
herald_html_scan_run (HeraldHtmlScan      *scan,
                      HeraldHtmlScanFlags  flags)
{
  static GOnce once = G_ONCE_INIT;
  htmlSAXHandler sax = { 0 };
  htmlParserCtxtPtr ctxt;
  int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                HTML_PARSE_IGNORE_ENC | HTML_PARSE_NOIMPLIED;

  g_once (&once, init_libxml, NULL);
  sax.startElement = on_start_element;
  sax.endElement = on_end_element;
  sax.characters = on_characters;
  sax.ignorableWhitespace = on_characters;
  sax.cdataBlock = on_characters;
  sax.comment = on_comment;
  sax.processingInstruction = on_pi;
  sax.internalSubset = on_subset;
  sax.warning = on_silent;
  sax.error = on_silent;

  ctxt = htmlCreateMemoryParserCtxt (scan->html, (int) MIN (scan->len, G_MAXINT));
  if (ctxt == NULL)
    return FALSE;
  *ctxt->sax = *(xmlSAXHandler *) &sax;
  ctxt->userData = scan;
  scan->ctxt = ctxt;
  if (flags & HERALD_HTML_SCAN_NO_BLANKS)
    options |= HTML_PARSE_NOBLANKS;
  htmlCtxtUseOptions (ctxt, options);
  xmlSwitchEncoding (ctxt, XML_CHAR_ENCODING_UTF8);
  htmlParseDocument (ctxt);
  if (ctxt->myDoc != NULL)
    xmlFreeDoc (ctxt->myDoc);
  ctxt->userData = NULL;
  htmlFreeParserCtxt (ctxt);
  scan->ctxt = NULL;
  return TRUE;
}
