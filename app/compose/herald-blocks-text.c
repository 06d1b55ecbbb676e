/* herald-blocks-text.c — a block's text as HTML: escaped, with merge fields
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A block's text is the user's, but it still goes into HTML escaped: "<"
 * is a less-than sign, never markup. Merge fields are copied as they are
 * for the template language, which escapes each recipient's value for
 * where the field stands; only a well-formed field passes, so no text can
 * open a conditional or break the markup around it.
 */
#define G_LOG_DOMAIN "herald-blocks"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-blocks.h"

/* Markup may nest this deep; deeper marks stay as they are written. */
#define MAX_DEPTH 6

static gboolean
is_space (gunichar ch)
{
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v' || ch == 0x3000;
}

static const char *
skip_space (const char *p, const char *end)
{
  while (p < end && is_space (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  return p;
}

/* The length of the merge field at @p ("{{ name }}", "{{ name | "x" }}"),
 * or 0 when none starts there. The same names as the template language. */
static gsize
field_length (const char *p,
              const char *end)
{
  const char *q, *name;

  if (end - p < 4 || p[0] != '{' || p[1] != '{')
    return 0;
  q = skip_space (p + 2, end);
  name = q;
  while (q < end)
    {
      gunichar ch = g_utf8_get_char (q);

      if (!(g_unichar_isalnum (ch) || g_unichar_ismark (ch) || ch == '_' || ch == '-' || ch == '.'))
        break;
      q = g_utf8_next_char (q);
    }
  if (q == name || (q - name == 4 && strncmp (name, "else", 4) == 0))
    return 0;
  q = skip_space (q, end);
  if (q < end && *q == '|')
    {
      q = skip_space (q + 1, end);
      if (q >= end || *q != '"')
        return 0;
      for (q++; q < end && *q != '"'; q++)
        if (*q == '\\' && q + 1 < end)
          q++;
      if (q >= end)
        return 0;
      q = skip_space (q + 1, end);
    }
  if (end - q < 2 || q[0] != '}' || q[1] != '}')
    return 0;
  return (gsize) (q + 2 - p);
}

static void
append_escaped_char (GString *out, char c)
{
  switch (c)
    {
    case '&': g_string_append (out, "&amp;"); break;
    case '<': g_string_append (out, "&lt;"); break;
    case '>': g_string_append (out, "&gt;"); break;
    case '"': g_string_append (out, "&quot;"); break;
    case '\'': g_string_append (out, "&#39;"); break;
    default: g_string_append_c (out, c);
    }
}

static gboolean
fail_brace (const char  *p,
            const char  *end,
            GError     **error)
{
  g_autofree char *shown = g_utf8_make_valid (p, MIN (end - p, 24));

  g_set_error (error, HERALD_BLOCKS_ERROR, HERALD_BLOCKS_ERROR_BLOCK,
               /* TRANSLATORS: %s: the text from where the problem starts */
               _("“%s…” is not a merge field. Write {{ field }} or {{ field | \"fallback\" }}, "
                 "or \\{{ for the characters “{{” themselves."), shown);
  return FALSE;
}

/* @text[0, len) escaped for HTML text or a quoted attribute value, its
 * merge fields kept. With @line_breaks, "\n" becomes <br>. */
static gboolean
append_range (GString     *out,
              const char  *text,
              gsize        len,
              gboolean     line_breaks,
              GError     **error)
{
  const char *p = text, *end = text + len;

  while (p < end)
    {
      gsize n;

      if (*p == '\\' && end - p >= 3 && p[1] == '{' && p[2] == '{')
        {
          g_string_append (out, "\\{{");
          p += 3;
        }
      else if (*p == '{' && p + 1 < end && p[1] == '{')
        {
          if ((n = field_length (p, end)) == 0)
            return fail_brace (p, end, error);
          g_string_append_len (out, p, n);
          p += n;
        }
      else if (*p == '}' && p + 1 < end && p[1] == '}')
        {
          /* Harmless to the language, but "}}" alone is a typo for a field. */
          g_string_append (out, "}&#125;");
          p += 2;
        }
      else if (*p == '\r' && p + 1 < end && p[1] == '\n')
        p++;      /* CR LF is one line break; nothing is dropped alone, so
                   * no two characters can meet as "{{" */
      else if ((*p == '\n' || *p == '\r') && line_breaks)
        {
          g_string_append (out, "<br>\n");
          p++;
        }
      else if (*p == '\r')
        {
          g_string_append_c (out, '\n');
          p++;
        }
      else
        append_escaped_char (out, *p++);
    }
  return TRUE;
}

/**
 * _herald_blocks_append_plain:
 *
 * Appends @text escaped for HTML text or a quoted attribute value, with
 * its merge fields kept for the template language.
 */
gboolean
_herald_blocks_append_plain (GString     *out,
                             const char  *text,
                             GError     **error)
{
  return append_range (out, text, strlen (text), FALSE, error);
}

static gboolean
has_scheme (const char *url, const char *scheme)
{
  gsize n = strlen (scheme);

  return g_ascii_strncasecmp (url, scheme, n) == 0 && url[n] == ':';
}

/**
 * _herald_blocks_check_url:
 * @image: an image's address (http, https, cid or a local path) rather
 *   than a link's (http, https, mailto, tel)
 *
 * A URL that begins with a merge field is left to the template language.
 */
gboolean
_herald_blocks_check_url (const char  *url,
                          gboolean     image,
                          GError     **error)
{
  const char *end = url + strlen (url);
  const char *colon;

  if (field_length (url, end) > 0)
    return TRUE;
  for (const char *p = url; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      {
        g_set_error (error, HERALD_BLOCKS_ERROR, HERALD_BLOCKS_ERROR_BLOCK,
                     _("The address “%s” holds a line break or a control character. Write it on one line."), url);
        return FALSE;
      }
  if (has_scheme (url, "https") || has_scheme (url, "http"))
    {
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

      if (uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0')
        return TRUE;
    }
  else if (!image && (has_scheme (url, "mailto") || has_scheme (url, "tel")) && url[4] != '\0')
    return TRUE;
  else if (image && has_scheme (url, "cid") && url[4] != '\0')
    return TRUE;
  else if (image && *url != '\0' &&
           ((colon = strchr (url, ':')) == NULL || has_scheme (url, "file") ||
            strcspn (url, "/?#") < (gsize) (colon - url)))
    return TRUE;    /* a local path, stored by herald_blocks_embed_images() */

  if (image)
    g_set_error (error, HERALD_BLOCKS_ERROR, HERALD_BLOCKS_ERROR_BLOCK,
                 _("“%s” is not an image Herald can show. Give an https:// address or choose an image file."), url);
  else
    g_set_error (error, HERALD_BLOCKS_ERROR, HERALD_BLOCKS_ERROR_BLOCK,
                 _("“%s” is not a link Herald can send. Give an https://, http://, mailto: or tel: address."), url);
  return FALSE;
}

/**
 * _herald_blocks_append_url:
 *
 * Appends a checked URL for a quoted href or src: escaped for HTML, its
 * merge fields kept (the template language encodes their values).
 */
gboolean
_herald_blocks_append_url (GString     *out,
                           const char  *url,
                           GError     **error)
{
  return append_range (out, url, strlen (url), FALSE, error);
}

/**
 * _herald_blocks_uses_field:
 *
 * Whether @text holds a merge field named @field.
 */
gboolean
_herald_blocks_uses_field (const char *text,
                           const char *field)
{
  const char *end = text + strlen (text);
  gsize len = strlen (field);

  for (const char *p = text; p < end; p++)
    {
      gsize n = *p == '{' ? field_length (p, end) : 0;
      const char *name, *after;

      if (n == 0)
        continue;
      name = skip_space (p + 2, end);
      after = name + len;
      if ((gsize) (end - name) > len && strncmp (name, field, len) == 0 &&
          (is_space (g_utf8_get_char (after)) || *after == '|' || *after == '}'))
        return TRUE;
      p += n - 1;
    }
  return FALSE;
}

/* ---- **bold**, *italic*, [links](…) ---------------------------------------- */

typedef struct
{
  GString    *out;
  const char *link_style;
  GError    **error;
} Markup;

/* Where the mark @mark closes after @p, on the same paragraph, skipping
 * merge fields; NULL when it does not. */
static const char *
find_close (const char *p,
            const char *end,
            const char *mark)
{
  gsize n = strlen (mark);

  while (p + n <= end)
    {
      gsize f = field_length (p, end);

      if (f > 0)
        p += f;
      else if (strncmp (p, mark, n) == 0 && (n == 2 || p + 1 >= end || p[1] != '*'))
        return p;
      else if (n == 1 && p[0] == '*' && p + 1 < end && p[1] == '*')
        p += 2;
      else
        p++;
    }
  return NULL;
}

static gboolean inline_range (Markup *m, const char *p, const char *end, guint depth);

static gboolean
emit_link (Markup     *m,
           const char *label,
           const char *label_end,
           const char *url,
           const char *url_end,
           guint       depth)
{
  g_autofree char *href = g_strndup (url, url_end - url);

  g_strstrip (href);
  if (!_herald_blocks_check_url (href, FALSE, m->error))
    return FALSE;
  g_string_append (m->out, "<a href=\"");
  if (!_herald_blocks_append_url (m->out, href, m->error))
    return FALSE;
  g_string_append_printf (m->out, "\" style=\"%s\">", m->link_style);
  if (!inline_range (m, label, label_end, depth + 1))
    return FALSE;
  g_string_append (m->out, "</a>");
  return TRUE;
}

static gboolean
inline_range (Markup     *m,
              const char *p,
              const char *end,
              guint       depth)
{
  const char *plain = p;

  while (p < end)
    {
      const char *close, *mid;
      gsize f = field_length (p, end);
      const char *tag = NULL;
      gsize mark = 0;

      if (f > 0)
        {
          p += f;
          continue;
        }
      if (depth < MAX_DEPTH && p[0] == '*' && p + 1 < end && p[1] == '*' &&
          (close = find_close (p + 2, end, "**")) != NULL && close > p + 2)
        tag = "strong", mark = 2;
      else if (depth < MAX_DEPTH && p[0] == '*' && (p + 1 >= end || p[1] != '*') &&
               (close = find_close (p + 1, end, "*")) != NULL && close > p + 1)
        tag = "em", mark = 1;
      else if (depth < MAX_DEPTH && p[0] == '[' && (mid = find_close (p + 1, end, "](")) != NULL &&
               mid > p + 1 && (close = find_close (mid + 2, end, ")")) != NULL && close > mid + 2)
        {
          if (!append_range (m->out, plain, p - plain, TRUE, m->error) ||
              !emit_link (m, p + 1, mid, mid + 2, close, depth))
            return FALSE;
          p = plain = close + 1;
          continue;
        }
      if (tag == NULL)
        {
          p++;
          continue;
        }
      if (!append_range (m->out, plain, p - plain, TRUE, m->error))
        return FALSE;
      g_string_append_printf (m->out, "<%s>", tag);
      if (!inline_range (m, p + mark, close, depth + 1))
        return FALSE;
      g_string_append_printf (m->out, "</%s>", tag);
      p = plain = close + mark;
    }
  return append_range (m->out, plain, end - plain, TRUE, m->error);
}

/**
 * _herald_blocks_append_markup:
 * @p_style: the inline style of each paragraph
 * @link_style: the inline style of each link
 *
 * Appends @text as paragraphs (<p>, split at blank lines) with its
 * **bold**, *italic* and [links](…).
 */
gboolean
_herald_blocks_append_markup (GString     *out,
                              const char  *text,
                              const char  *p_style,
                              const char  *link_style,
                              GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) para = g_string_new (NULL);
  Markup m = { out, link_style, error };

  for (guint i = 0; ; i++)
    {
      g_autofree char *line = lines[i] != NULL ? g_strdup (lines[i]) : NULL;
      gboolean blank = line == NULL || *g_strstrip (line) == '\0';

      if (!blank)
        {
          g_string_append_printf (para, "%s%s", para->len > 0 ? "\n" : "", line);
          continue;
        }
      if (para->len > 0)
        {
          g_string_append_printf (out, "<p style=\"%s\">", p_style);
          if (!inline_range (&m, para->str, para->str + para->len, 0))
            return FALSE;
          g_string_append (out, "</p>\n");
          g_string_truncate (para, 0);
        }
      if (lines[i] == NULL)
        break;
    }
  return TRUE;
}
