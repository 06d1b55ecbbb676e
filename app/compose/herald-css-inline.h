/* herald-css-inline.h — a template's <style> rules written into its elements
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Many mail clients drop <style>. herald_css_inline() applies the rules of
 * a template's <style> blocks to the elements they select, as style
 * attributes, the way a browser's cascade would: by importance, then
 * specificity, then order; an element's own style attribute wins over
 * the sheet's rules unless a rule is !important (and the element's is not).
 * The result holds one declaration a property, in the cascade's order,
 * without "!important", so that the rules kept in <style> for the clients
 * that read them (@media queries, :hover, @font-face, … — see
 * herald-css.h) can still override them with their own !important.
 *
 * The input is template source (herald-template.h). The HTML is read with
 * libxml2's HTML parser (for the elements and how they nest, as a client
 * would see them), but the output is the input's own bytes with only the
 * style attributes and the <style> blocks changed: merge fields,
 * conditionals, comments, entities and everything else come through as
 * they were. Where a style attribute is added or rewritten, nothing else
 * in its tag changes.
 *
 * Left alone: <style> blocks inside comments (Outlook's conditional
 * comments), with a media attribute other than "all" or "screen", or
 * holding a merge field. An element whose class or id is made of merge
 * fields could be selected differently for each recipient: it gets
 * nothing inline, and the <style> blocks are then kept whole, so the
 * clients that read them still style it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *herald_css_inline (const char *html);

G_END_DECLS
