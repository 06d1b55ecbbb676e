/* fuzz-css-inline.c — libFuzzer target for the CSS reader and the inliner
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a template's HTML. It goes through herald_css_inline(), and
 * its bytes also through the CSS reader as a style sheet and as a style
 * attribute. Checked, beyond not crashing, leaking or running away:
 *   - merge fields are never added or removed: "{{" counts the same;
 *   - no markup is added: the output has no more "<" than the input;
 *   - the output is valid UTF-8 when the input is;
 *   - a template that compiles as HTML still compiles once inlined
 *     (herald_merge_new() compiles the inlined HTML);
 *   - every rule read has a selector and a declaration, every selector a
 *     compound, every declaration a property and a value.
 */
#define G_LOG_DOMAIN "herald-css-inline"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "herald-css.h"
#include "herald-css-inline.h"
#include "herald-template.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guint
count (const char *s,
       const char *what)
{
  guint n = 0;

  for (const char *p = strstr (s, what); p != NULL; p = strstr (p + strlen (what), what))
    n++;
  return n;
}

static void
check_declarations (GPtrArray *decls)
{
  for (guint i = 0; i < decls->len; i++)
    {
      const HeraldCssDeclaration *decl = g_ptr_array_index (decls, i);

      g_assert_true (decl->property[0] != '\0');
      g_assert_true (decl->value[0] != '\0');
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *html = g_strndup ((const char *) data, size);
  g_autofree char *out = NULL;
  g_autoptr(HeraldCssSheet) sheet = herald_css_sheet_new ();
  g_autoptr(GPtrArray) decls = herald_css_parse_declarations ((const char *) data, size);
  g_autoptr(HeraldTemplate) before = NULL;

  check_declarations (decls);
  herald_css_sheet_add (sheet, (const char *) data, size);
  for (guint r = 0; r < sheet->rules->len; r++)
    {
      const HeraldCssRule *rule = g_ptr_array_index (sheet->rules, r);

      g_assert_cmpuint (rule->selectors->len, >, 0);
      g_assert_cmpuint (rule->declarations->len, >, 0);
      check_declarations (rule->declarations);
      for (guint s = 0; s < rule->selectors->len; s++)
        {
          const HeraldCssSelector *sel = g_ptr_array_index (rule->selectors, s);

          g_assert_cmpuint (sel->compounds->len, >, 0);
          g_assert_cmpuint (sel->compounds->len, <=, HERALD_CSS_MAX_COMPOUNDS);
        }
    }

  out = herald_css_inline (html);
  if (out == NULL)
    return 0;
  g_assert_cmpuint (count (out, "{{"), ==, count (html, "{{"));
  g_assert_cmpuint (count (out, "<"), <=, count (html, "<"));
  g_assert_true (g_utf8_validate (out, -1, NULL) || !g_utf8_validate (html, -1, NULL));

  before = herald_template_compile (html, HERALD_TEMPLATE_CONTEXT_HTML, NULL, NULL);
  if (before != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HeraldTemplate) after = herald_template_compile (out, HERALD_TEMPLATE_CONTEXT_HTML, NULL, &error);

      if (after == NULL)
        {
          g_printerr ("compiled before inlining, not after: %s\n%s\n---\n%s\n", error->message, html, out);
          abort ();
        }
    }
  return 0;
}
