/* fuzz-blocks.c — libFuzzer target for block documents
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a block document (JSON). Reading it either fails with an
 * error of the blocks domain or renders; a rendering must be a template
 * the template language compiles (every merge field well formed, no
 * script or style), whose fields render with markup-laden values, and
 * which, rendered, holds no markup the renderer does not write itself.
 */
#define G_LOG_DOMAIN "herald-blocks"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "herald-blocks.h"
#include "herald-template.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Markup-laden values, or none (so that fallbacks show) for every other. */
static const char *
lookup (const char *field,
        gpointer    user_data)
{
  return GPOINTER_TO_INT (user_data) ? "<script>\"'&" : NULL;
}

/* Tags the renderer writes; any other would have come from the input. */
static const char * const own_tags[] = {
  "!DOCTYPE", "html", "head", "meta", "title", "body", "table", "tr", "td", "p", "h1", "h2",
  "img", "a", "br", "div", "strong", "em", NULL
};

static void
check_tags (const char *html)
{
  for (const char *p = strchr (html, '<'); p != NULL; p = strchr (p + 1, '<'))
    {
      const char *name = p[1] == '/' ? p + 2 : p + 1;
      gsize n = strspn (name, "!abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
      gboolean known = FALSE;

      for (guint i = 0; own_tags[i] != NULL; i++)
        known |= strlen (own_tags[i]) == n && strncmp (own_tags[i], name, n) == 0;
      if (!known)
        {
          g_printerr ("a tag the renderer does not write: %.20s", p);
          abort ();
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *json = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *html = herald_blocks_render_html (json, &error);
  g_autoptr(HeraldTemplate) compiled = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  if (html == NULL)
    {
      g_assert_true (error != NULL && error->domain == HERALD_BLOCKS_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);
  compiled = herald_template_compile (html, HERALD_TEMPLATE_CONTEXT_HTML, NULL, &error);
  if (compiled == NULL)
    {
      g_printerr ("the rendering does not compile: %s\n%s", error->message, html);
      abort ();   /* not g_error(): libFuzzer keeps the input of an abort */
    }
  for (int values = 0; values < 2; values++)
    {
      g_string_truncate (out, 0);
      g_assert_true (herald_template_render (compiled, lookup, GINT_TO_POINTER (values), out, &error));
      check_tags (out->str);
    }
  return 0;
}
