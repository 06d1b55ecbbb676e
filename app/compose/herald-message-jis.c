/* herald-message-jis.c — writing a message in ISO-2022-JP (RFC 1468)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ISO-2022-JP carries ASCII and JIS X 0208: no half-width katakana, no
 * NEC or IBM extensions (①, ㈱, 髙), no emoji. Before a message is
 * written in it, half-width katakana become the full-width ones every
 * Japanese mail program writes for them, and six symbols Windows types
 * as their full-width forms (～ － ∥ ￠ ￡ ￢) become the JIS characters
 * they stand for. Text that still does not convert is never replaced by
 * "?": the whole message is written in UTF-8 instead.
 */
#define G_LOG_DOMAIN "herald-message"

#include "config.h"

#include <string.h>

#include "herald-message.h"
#include "herald-message-private.h"

#define JIS "ISO-2022-JP"

static gboolean
is_halfwidth_kana (gunichar c)
{
  return c >= 0xFF61 && c <= 0xFF9F;
}

static gunichar
jis_form (gunichar c)
{
  switch (c)
    {
    case 0xFF5E: return 0x301C;   /* ～ FULLWIDTH TILDE → 〜 WAVE DASH */
    case 0xFF0D: return 0x2212;   /* － FULLWIDTH HYPHEN-MINUS → − MINUS SIGN */
    case 0x2225: return 0x2016;   /* ∥ PARALLEL TO → ‖ DOUBLE VERTICAL LINE */
    case 0xFFE0: return 0x00A2;   /* ￠ → ¢ */
    case 0xFFE1: return 0x00A3;   /* ￡ → £ */
    case 0xFFE2: return 0x00AC;   /* ￢ → ¬ */
    default:     return c;
    }
}

/**
 * herald_message_dup_for_jis:
 * @text: (nullable): UTF-8
 *
 * Returns: (transfer full) (nullable): @text as it is written in
 *   ISO-2022-JP: half-width katakana made full-width (ｶﾞ → ガ) and
 *   Windows' full-width symbols made their JIS characters
 */
char *
herald_message_dup_for_jis (const char *text)
{
  GString *out;
  const char *p;

  if (text == NULL)
    return NULL;
  /* Nothing to do for ASCII and for text without U+2225 or U+FFxx. */
  if (strstr (text, "\xef\xbd") == NULL && strstr (text, "\xef\xbe") == NULL &&
      strstr (text, "\xef\xbc") == NULL && strstr (text, "\xef\xbf") == NULL &&
      strstr (text, "\xe2\x88\xa5") == NULL)
    return g_strdup (text);

  out = g_string_sized_new (strlen (text) + 16);
  for (p = text; *p != '\0';)
    {
      gunichar c = g_utf8_get_char (p);
      const char *run = p;

      if (!is_halfwidth_kana (c))
        {
          g_string_append_unichar (out, jis_form (c));
          p = g_utf8_next_char (p);
          continue;
        }
      /* A run of half-width katakana: NFKC makes them full-width and
       * joins each voiced mark to its kana. */
      while (*p != '\0' && is_halfwidth_kana (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      {
        g_autofree char *wide = g_utf8_normalize (run, p - run, G_NORMALIZE_NFKC);

        for (const char *w = wide; w != NULL && *w != '\0'; w = g_utf8_next_char (w))
          {
            gunichar k = g_utf8_get_char (w);

            /* A voiced mark with nothing to join stays a mark of its own. */
            if (k == 0x3099)
              k = 0x309B;
            else if (k == 0x309A)
              k = 0x309C;
            g_string_append_unichar (out, k);
          }
      }
    }
  return g_string_free (out, FALSE);
}

static gboolean
converts (const char *text)
{
  g_autofree char *jis = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;
  jis = g_convert (text, -1, JIS, "UTF-8", NULL, NULL, NULL);
  return jis != NULL;
}

/**
 * herald_message_fits_jis:
 * @text: (nullable): UTF-8, as the template or the list has it
 *
 * Returns: whether @text can be written in ISO-2022-JP (after
 *   herald_message_dup_for_jis())
 */
gboolean
herald_message_fits_jis (const char *text)
{
  g_autofree char *wide = NULL;

  if (text == NULL || g_str_is_ascii (text))
    return TRUE;
  wide = herald_message_dup_for_jis (text);
  return converts (wide);
}

/* Makes @html's <meta> charset say ISO-2022-JP, as its part does: some
 * readers believe the HTML's own declaration over the part's. */
static char *
dup_html_for_jis (const char *html)
{
  g_autofree char *wide = herald_message_dup_for_jis (html);
  const char *head_end = strstr (wide, "</head>");
  gsize limit = head_end != NULL ? (gsize) (head_end - wide) : MIN (strlen (wide), 4096);
  g_autofree char *lower = g_ascii_strdown (wide, limit);
  GString *out = g_string_sized_new (strlen (wide) + 16);
  const char *at;
  gsize done = 0, from = 0;

  while ((at = strstr (lower + from, "charset=")) != NULL)
    {
      gsize value = at - lower + strlen ("charset=");

      if (lower[value] == '"' || lower[value] == '\'')
        value++;
      if (strncmp (lower + value, "utf-8", 5) == 0)
        {
          g_string_append_len (out, wide + done, value - done);
          g_string_append (out, JIS);
          done = value + 5;
        }
      from = value;
    }
  g_string_append (out, wide + done);
  return g_string_free (out, FALSE);
}

static const char *
keep (GPtrArray *owned,
      char      *text)
{
  if (text != NULL)
    g_ptr_array_add (owned, text);
  return text;
}

/* Fills @copy with @spec's texts as ISO-2022-JP writes them. Returns
 * FALSE, with @copy untouched, when any of them does not convert. */
gboolean
_herald_message_prepare_jis (const HeraldMessageSpec *spec,
                             HeraldMessageSpec       *copy,
                             GPtrArray               *owned)
{
  HeraldMessageSpec wide = *spec;
  guint had = owned->len;

  wide.from = keep (owned, herald_message_dup_for_jis (spec->from));
  wide.to_name = keep (owned, herald_message_dup_for_jis (spec->to_name));
  wide.reply_to = keep (owned, herald_message_dup_for_jis (spec->reply_to));
  wide.subject = keep (owned, herald_message_dup_for_jis (spec->subject));
  wide.list_name = keep (owned, herald_message_dup_for_jis (spec->list_name));
  wide.text = keep (owned, herald_message_dup_for_jis (spec->text));
  wide.html = spec->html != NULL ? keep (owned, dup_html_for_jis (spec->html)) : NULL;

  if (!converts (wide.from) || !converts (wide.to_name) || !converts (wide.reply_to) ||
      !converts (wide.subject) || !converts (wide.list_name) || !converts (wide.text) ||
      !converts (wide.html))
    {
      g_ptr_array_remove_range (owned, had, owned->len - had);
      return FALSE;
    }
  wide.charset = HERALD_CHARSET_ISO_2022_JP;
  *copy = wide;
  return TRUE;
}

/**
 * herald_message_spec_fits_jis:
 *
 * Returns: whether herald_message_compose() writes @spec in ISO-2022-JP
 *   when asked to, rather than falling back to UTF-8
 */
gboolean
herald_message_spec_fits_jis (const HeraldMessageSpec *spec)
{
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  HeraldMessageSpec copy;

  return _herald_message_prepare_jis (spec, &copy, owned);
}

/* ISO-2022-JP text converted: each line ends in ASCII, as RFC 1468 asks,
 * because a line end is an ASCII character. NULL if it does not convert. */
char *
_herald_message_to_jis (const char *text,
                        gsize      *out_len)
{
  return g_convert (text, -1, JIS, "UTF-8", NULL, out_len, NULL);
}
