/* herald-text.h — the plain-text alternative of an HTML newsletter
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * herald_text_from_html() reads HTML with libxml2's forgiving HTML parser
 * and writes the text a person would read:
 *
 *   - h1 and h2 underlined with "=" and "-", other headings, paragraphs,
 *     tables, lists and quotes as blocks separated by a blank line;
 *   - <br> as a line break; <pre> kept as it is;
 *   - list items as "- item" or "1. item", nested lists indented;
 *   - links as "text (url)", or just the URL when the text is the URL
 *     (a mailto: link's address counts as its URL);
 *   - images as "[alt]" (images without alt text, such as spacers, left out);
 *   - a table row a line, its cells separated by a space;
 *   - <head>, <script>, <style>, comments and elements hidden with
 *     "display:none" dropped; entities decoded; white space collapsed;
 *   - lines wrapped at 76 columns on spaces, and between Japanese (or other
 *     East Asian wide) characters, which count as two columns; a URL or a
 *     merge field is never broken.
 *
 * The input is usually template source: merge fields ("{{ 氏名 }}",
 * "{{#if x}}", "href=\"{{ unsubscribe_url }}\"") come through unchanged, so
 * the result compiles as a TEXT template.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HERALD_TEXT_WIDTH 76

char *herald_text_from_html           (const char *html,
                                       gssize      len);
char *herald_text_from_html_for_merge (const char *html,
                                       gssize      len);
char *herald_text_strip_marks         (char       *text);

G_END_DECLS
