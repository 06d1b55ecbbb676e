/* fuzz-template.c — libFuzzer target for the template compiler and renderer
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a template, then (after a NUL byte) values separated by NUL
 * bytes. The template is compiled in each context; when it compiles it is
 * rendered with the fuzzed values, and the rendering is checked against
 * the promises of herald-template.h:
 *   - HTML: the values add no markup: the count of < > " ' is the same as
 *     with harmless stand-ins for the values;
 *   - HEADER: a rendering that succeeds holds no line break or control.
 * The template also goes through herald_text_from_html().
 */
#define G_LOG_DOMAIN "herald-template"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "herald-template-private.h"
#include "herald-template.h"
#include "herald-text.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef struct
{
  GPtrArray *values;
  gboolean   stand_in;  /* answer "x" for a value that is not blank (as the
                         * renderer sees it: _herald_template_is_blank()), else "" */
} Values;

/* Each field gets one of the values, or none, by its name's hash. */
static const char *
lookup (const char *field, gpointer user_data)
{
  Values *v = user_data;
  guint pick = g_str_hash (field) % (v->values->len + 1);
  const char *value;

  if (pick == v->values->len)
    return NULL;
  value = g_ptr_array_index (v->values, pick);
  if (v->stand_in)
    return _herald_template_is_blank (value) ? "" : "x";
  return value;
}

static void
count_markup (const GString *s, guint counts[4])
{
  memset (counts, 0, 4 * sizeof (guint));
  for (gsize i = 0; i < s->len; i++)
    {
      counts[0] += s->str[i] == '<';
      counts[1] += s->str[i] == '>';
      counts[2] += s->str[i] == '"';
      counts[3] += s->str[i] == '\'';
    }
}

static void
exercise (const char            *source,
          HeraldTemplateContext  context,
          Values                *values)
{
  const char * const known[] = { "a", "b", "氏名", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplate) tmpl = herald_template_compile (source, context, NULL, &error);
  g_autoptr(HeraldTemplate) strict = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) shadow = g_string_new (NULL);
  gboolean ok;
  guint line, column;

  if (tmpl == NULL)
    {
      g_assert_true (herald_template_error_get_position (error, &line, &column));
      return;
    }
  strict = herald_template_compile (source, context, known, NULL);
  for (const char * const *f = herald_template_get_fields (tmpl); *f != NULL; f++)
    g_assert_false (herald_template_is_builtin_field (*f));

  values->stand_in = FALSE;
  ok = herald_template_render (tmpl, lookup, values, out, &error);
  values->stand_in = TRUE;
  g_assert_true (herald_template_render (tmpl, lookup, values, shadow, NULL));

  if (context == HERALD_TEMPLATE_CONTEXT_HEADER)
    {
      g_assert_true (ok || g_error_matches (error, HERALD_TEMPLATE_ERROR, HERALD_TEMPLATE_ERROR_HEADER_BREAK));
      for (gsize i = 0; ok && i < out->len; i++)
        g_assert_true ((guchar) out->str[i] >= 0x20 || out->str[i] == '\t');
      g_assert_true (ok || out->len == 0);
    }
  else
    g_assert_true (ok);

  if (context == HERALD_TEMPLATE_CONTEXT_HTML)
    {
      guint a[4], b[4];

      count_markup (out, a);
      count_markup (shadow, b);
      g_assert_cmpmem (a, sizeof a, b, sizeof b);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *source = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  Values values = { list, FALSE };
  const char *end = memchr (data, '\0', size);
  gsize source_len = end != NULL ? (gsize) (end - (const char *) data) : size;

  source = g_strndup ((const char *) data, source_len);
  for (gsize pos = source_len + 1; pos < size;)
    {
      const char *next = memchr (data + pos, '\0', size - pos);
      gsize len = next != NULL ? (gsize) (next - (const char *) data) - pos : size - pos;

      g_ptr_array_add (list, g_strndup ((const char *) data + pos, len));
      pos += len + 1;
    }

  exercise (source, HERALD_TEMPLATE_CONTEXT_HTML, &values);
  exercise (source, HERALD_TEMPLATE_CONTEXT_TEXT, &values);
  exercise (source, HERALD_TEMPLATE_CONTEXT_HEADER, &values);

  text = herald_text_from_html (source, -1);
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL) || !g_utf8_validate (source, -1, NULL));
  return 0;
}
