/* herald-css.h — a small CSS reader for the style sheets of e-mail templates
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the CSS inliner (herald-css-inline.h) needs from a <style> block:
 * its rules, each with the selectors an inliner can apply to elements and
 * their declarations, and, as CSS text, everything that must stay in a
 * <style> block because it cannot be written into a style attribute.
 *
 * The tokenizer follows CSS Syntax Level 3 where it matters for not
 * misreading a sheet: comments, strings (with escapes and line
 * continuations; a raw line break ends a "bad string"), escapes in names
 * (`.a\:b`, `\31 0`), unquoted url(…) with ";" in it, nested blocks, and
 * the "<!--" "-->" wrappers old templates put around a sheet. Errors are
 * recovered from the way browsers do: a declaration or rule that cannot
 * be read is dropped, the rest is kept. Nothing recurses on the input's
 * nesting, so no input can exhaust the stack.
 *
 * Selectors that are inlined: type (`td`), universal (`*`), `.class`,
 * `#id`, compounds of those (`td.cell#main`), the descendant (`a b`) and
 * child (`a > b`) combinators, and lists of them (`h1, h2`). A selector
 * with anything else (pseudo-classes such as :hover, pseudo-elements,
 * attribute selectors, `+`, `~`) keeps its rule in the <style> block;
 * so do at-rules (@media, @font-face, @import, @supports, @keyframes …).
 * An invalid selector drops its rule, as a browser would.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char     *property;   /* lower case (a custom property "--x" as written) */
  char     *value;      /* comments dropped, white space collapsed, no "!important" */
  gboolean  important;
} HeraldCssDeclaration;

typedef enum
{
  HERALD_CSS_DESCENDANT,
  HERALD_CSS_CHILD,
} HeraldCssCombinator;

typedef struct
{
  char                *type;        /* lower case, or NULL for any element */
  char                *id;          /* nullable */
  GStrv                classes;     /* nullable */
  HeraldCssCombinator  combinator;  /* how it stands to the compound on its left */
} HeraldCssCompound;

typedef struct
{
  GPtrArray *compounds;    /* HeraldCssCompound, left to right, at least one */
  guint      specificity;  /* ids << 20 | classes << 10 | types */
} HeraldCssSelector;

typedef struct
{
  GPtrArray *selectors;     /* HeraldCssSelector: those that can be inlined */
  GPtrArray *declarations;  /* HeraldCssDeclaration, in the order written */
  guint      order;         /* the rule's place among all the sheets' rules */
} HeraldCssRule;

typedef struct
{
  GPtrArray *rules;  /* HeraldCssRule with at least one selector and one declaration */
  GString   *kept;   /* CSS that stays in <style>: one rule or at-rule a line */
} HeraldCssSheet;

#define HERALD_CSS_MAX_COMPOUNDS 32

HeraldCssSheet *herald_css_sheet_new                (void);
void            herald_css_sheet_free               (HeraldCssSheet *sheet);
void            herald_css_sheet_add                (HeraldCssSheet *sheet,
                                                     const char     *css,
                                                     gsize           len);
GPtrArray      *herald_css_parse_declarations       (const char     *css,
                                                     gsize           len);
void            herald_css_declaration_free         (HeraldCssDeclaration *decl);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldCssSheet, herald_css_sheet_free)

G_END_DECLS
