/* herald-template-escape.c — a value escaped for where it goes: HTML text
 * and attributes, a whole URL (scheme checked), a part of a URL
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-template"

#include "config.h"

#include <string.h>

#include "herald-template-private.h"

/* Missing, empty, or white space only (ASCII, U+00A0, U+3000). */
gboolean
_herald_template_is_blank (const char *value)
{
  const guchar *p = (const guchar *) value;

  if (p == NULL)
    return TRUE;
  while (*p != '\0')
    {
      if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
        p++;
      else if (p[0] == 0xc2 && p[1] == 0xa0)
        p += 2;
      else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
        p += 3;
      else
        return FALSE;
    }
  return TRUE;
}

void
_herald_template_append_html (GString *out, const char *value, gsize len)
{
  gsize run = 0;

  for (gsize i = 0; i < len; i++)
    {
      const char *ref;

      switch (value[i])
        {
        case '&': ref = "&amp;"; break;
        case '<': ref = "&lt;"; break;
        case '>': ref = "&gt;"; break;
        case '"': ref = "&quot;"; break;
        case '\'': ref = "&#39;"; break;
        default: continue;
        }
      g_string_append_len (out, value + run, i - run);
      g_string_append (out, ref);
      run = i + 1;
    }
  g_string_append_len (out, value + run, len - run);
}

static gboolean
is_unreserved (guchar b)
{
  return g_ascii_isalnum (b) || b == '-' || b == '.' || b == '_' || b == '~';
}

static void
append_percent (GString *out, guchar b)
{
  static const char hex[] = "0123456789ABCDEF";

  g_string_append_c (out, '%');
  g_string_append_c (out, hex[b >> 4]);
  g_string_append_c (out, hex[b & 0xf]);
}

void
_herald_template_append_url_query (GString *out, const char *value, gsize len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (is_unreserved (value[i]))
        g_string_append_c (out, value[i]);
      else
        append_percent (out, value[i]);
    }
}

/* A character reference at @p ("&#106;", "&#x6A;", "&colon;", "&tab;",
 * "&newline;"), decoded to an ASCII byte, or -1; *n is its length. */
static int
decode_reference (const char *p, const char *end, gsize *n)
{
  static const struct { const char *name; char c; } named[] = {
    { "&colon;", ':' }, { "&tab;", '\t' }, { "&newline;", '\n' },
  };
  const char *q = p + 1;
  guint64 code = 0;
  gboolean hex;

  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    {
      gsize len = strlen (named[i].name);

      if ((gsize) (end - p) >= len && g_ascii_strncasecmp (p, named[i].name, len) == 0)
        {
          *n = len;
          return named[i].c;
        }
    }
  if (q >= end || *q != '#')
    return -1;
  q++;
  hex = q < end && (*q == 'x' || *q == 'X');
  q += hex;
  if (q >= end || !(hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)))
    return -1;
  while (q < end && (hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)))
    {
      code = code * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (*q) : *q - '0');
      code = MIN (code, 0x110000);
      q++;
    }
  q += q < end && *q == ';';
  *n = q - p;
  return code < 0x80 ? (int) code : 0x80;
}

/* Whether a URL value is safe where a link or image goes: http, https or
 * mailto, or no scheme at all. The scheme is read the way a lenient
 * reader would: controls and spaces dropped, character references decoded,
 * case folded; so "JaVaScRiPt:", " javascript:" and "jav&#x09;ascript:"
 * are all refused. A colon before any "/", "?" or "#" must end one of the
 * allowed schemes. */
static gboolean
url_is_safe (const char *value, gsize len)
{
  const char *p = value, *end = value + len;
  char scheme[8];
  gsize n_scheme = 0;

  while (p < end)
    {
      int c = (guchar) *p;
      gsize n = 1;
      gboolean decoded = FALSE;

      if (c == '&' && (c = decode_reference (p, end, &n)) >= 0)
        decoded = TRUE;
      else
        c = (guchar) *p, n = 1;
      p += n;

      if (c <= 0x20 || c == 0x7f)
        continue;
      if (!decoded && (c == '/' || c == '?' || c == '#'))
        return TRUE;
      if (c == ':')
        {
          return (n_scheme == 4 && memcmp (scheme, "http", 4) == 0) ||
                 (n_scheme == 5 && memcmp (scheme, "https", 5) == 0) ||
                 (n_scheme == 6 && memcmp (scheme, "mailto", 6) == 0);
        }
      if (n_scheme < sizeof scheme)
        scheme[n_scheme] = g_ascii_tolower (c);
      n_scheme = MIN (n_scheme + 1, sizeof scheme);
    }
  return TRUE;
}

static gboolean
is_url_safe_byte (guchar b)
{
  return is_unreserved (b) || (b != '\0' && strchr (":/?#[]@!$&'()*+,;=", b) != NULL);
}

/* A whole URL: trimmed, percent-encoded outside the URL-safe set (a "%"
 * that starts no escape too), then HTML-escaped for an attribute. */
static void
append_url (GString *out, const char *value, gsize len, gboolean html)
{
  while (len > 0 && (guchar) value[0] <= 0x20)
    value++, len--;
  while (len > 0 && (guchar) value[len - 1] <= 0x20)
    len--;

  if (!url_is_safe (value, len))
    {
      g_string_append_c (out, '#');
      return;
    }
  for (gsize i = 0; i < len; i++)
    {
      guchar b = value[i];

      if (html && b == '&')
        g_string_append (out, "&amp;");
      else if (html && b == '\'')
        g_string_append (out, "&#39;");
      else if (is_url_safe_byte (b) ||
               (b == '%' && i + 2 < len &&
                g_ascii_isxdigit (value[i + 1]) && g_ascii_isxdigit (value[i + 2])))
        g_string_append_c (out, b);
      else
        append_percent (out, b);
    }
}

void
_herald_template_append_url (GString *out, const char *value, gsize len)
{
  append_url (out, value, len, TRUE);
}

/* The same URL in a text part: what a reader copies is what the HTML's
 * link holds once its character references are read. */
void
_herald_template_append_url_text (GString *out, const char *value, gsize len)
{
  append_url (out, value, len, FALSE);
}
