/* herald-utm.c — UTM tags on a message's web links
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Works on the rendered message (after merge fields are filled in), so a
 * link built from a field is tagged like any other, and a campaign's
 * preview (`preview --campaign`) and its sent messages are tagged the same
 * way by the same call (herald_merge_render()).
 */
#define G_LOG_DOMAIN "herald-utm"

#include "config.h"

#include <string.h>

#include "herald-tracking-url.h"
#include "herald-utm.h"

static gboolean
is_web_url (const char *url)
{
  return g_ascii_strncasecmp (url, "http://", 7) == 0 ||
         g_ascii_strncasecmp (url, "https://", 8) == 0;
}

/* RFC 3986 unreserved bytes stay; everything else (UTF-8 included) is
 * percent-encoded, so a campaign's name cannot break the query. */
static void
append_value (GString    *out,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_string_append (out, escaped);
}

/* Whether @query (after its "?"; "&" or "&amp;" between pairs) has @key. */
static gboolean
query_has_key (const char *query,
               gsize       len,
               const char *key)
{
  gsize klen = strlen (key);
  gsize i = 0;

  while (i < len)
    {
      gsize end = i;

      /* A "?" inside a query is taken as a separator too: "…?a?" ends open. */
      while (end < len && query[end] != '&' && query[end] != '?')
        end++;
      if (end - i >= 4 && strncmp (query + i, "amp;", 4) == 0)
        i += 4;
      if (end - i >= klen && g_ascii_strncasecmp (query + i, key, klen) == 0 &&
          (end - i == klen || query[i + klen] == '='))
        return TRUE;
      i = end + 1;
    }
  return FALSE;
}

/**
 * herald_utm_tag_url:
 * @url: a link as it appears in the message
 * @html: whether @url is an HTML attribute's text ("&" written "&amp;")
 *
 * Returns: (transfer full): @url with the UTM keys it lacks added to its
 *   query, before its fragment; @url unchanged when it is no http(s) link
 */
char *
herald_utm_tag_url (const char      *url,
                    const HeraldUtm *utm,
                    gboolean         html)
{
  const char *keys[3] = { "utm_source", "utm_medium", "utm_campaign" };
  const char *values[3] = { utm->source, utm->medium, utm->campaign };
  const char *hash, *question;
  gsize before_hash;
  GString *out;
  gboolean have_query, ends_open;

  if (!is_web_url (url))
    return g_strdup (url);
  hash = strchr (url, '#');
  before_hash = hash != NULL ? (gsize) (hash - url) : strlen (url);
  question = memchr (url, '?', before_hash);
  out = g_string_new_len (url, before_hash);
  have_query = question != NULL;
  /* "…?" or "…?a=1&" takes the next pair with no separator. */
  ends_open = have_query && (out->str[out->len - 1] == '?' || out->str[out->len - 1] == '&' ||
                             g_str_has_suffix (out->str, "&amp;"));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      if (values[i] == NULL || *values[i] == '\0')
        continue;
      if (question != NULL &&
          query_has_key (question + 1, before_hash - (gsize) (question - url) - 1, keys[i]))
        continue;
      if (!have_query)
        g_string_append_c (out, '?');
      else if (!ends_open)
        g_string_append (out, html ? "&amp;" : "&");
      have_query = TRUE;
      ends_open = FALSE;
      g_string_append (out, keys[i]);
      g_string_append_c (out, '=');
      append_value (out, values[i]);
    }
  if (hash != NULL)
    g_string_append (out, hash);
  return g_string_free (out, FALSE);
}

/* Whether @url (HTML attribute text or plain) is the unsubscribe link:
 * the same address before its query as @skip_url. */
static gboolean
is_skipped (const char *url,
            gsize       len,
            const char *skip_url)
{
  gsize n;

  if (skip_url == NULL || *skip_url == '\0')
    return FALSE;
  n = strcspn (skip_url, "?#");
  return len >= n && g_ascii_strncasecmp (url, skip_url, n) == 0 &&
         (len == n || url[n] == '?' || url[n] == '#');
}

typedef struct
{
  const HeraldUtm *utm;
  const char      *skip_url;
} TagData;

/* A HeraldLinkFunc: UTM tags on an href. */
static char *
tag_href (const char *href,
          gpointer    user_data)
{
  TagData *d = user_data;

  if (is_skipped (href, strlen (href), d->skip_url))
    return NULL;
  return herald_utm_tag_url (href, d->utm, TRUE);
}

static gboolean
is_name_byte (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == ':';
}

/* Copies one tag starting at @p ("<"), tagging its href when it is an
 * <a> or <area>; returns where the tag ends. */
static const char *
copy_tag (GString         *out,
          const char      *p,
          HeraldLinkFunc   func,
          gpointer         user_data)
{
  const char *name = p + 1, *q;
  gboolean link;

  q = name;
  while (is_name_byte (*q))
    q++;
  link = (q - name == 1 && g_ascii_strncasecmp (name, "a", 1) == 0) ||
         (q - name == 4 && g_ascii_strncasecmp (name, "area", 4) == 0);
  g_string_append_len (out, p, q - p);
  while (*q != '\0' && *q != '>')
    {
      const char *attr = q, *value, *end;
      gboolean href;

      if (!is_name_byte (*q))
        {
          g_string_append_c (out, *q++);
          continue;
        }
      while (is_name_byte (*q))
        q++;
      href = link && q - attr == 4 && g_ascii_strncasecmp (attr, "href", 4) == 0;
      g_string_append_len (out, attr, q - attr);
      while (g_ascii_isspace (*q))
        g_string_append_c (out, *q++);
      if (*q != '=')
        continue;
      g_string_append_c (out, *q++);
      while (g_ascii_isspace (*q))
        g_string_append_c (out, *q++);
      if (*q == '"' || *q == '\'')
        {
          char quote = *q;

          g_string_append_c (out, *q++);
          value = q;
          end = strchr (value, quote);
          if (end == NULL)
            end = value + strlen (value);
        }
      else
        {
          value = q;
          end = value + strcspn (value, " \t\r\n>");
        }
      if (href)
        {
          g_autofree char *copy = g_strndup (value, end - value);
          g_autofree char *changed = func (copy, user_data);

          g_string_append (out, changed != NULL ? changed : copy);
        }
      else
        g_string_append_len (out, value, end - value);
      q = end;
      if (*q == '"' || *q == '\'')
        g_string_append_c (out, *q++);
    }
  return q;
}

/**
 * herald_utm_tag_html:
 * @skip_url: (nullable): the unsubscribe link, left as it is
 *
 * Returns: (transfer full): @html with the href of every <a> and <area>
 *   that is an http(s) link tagged
 */
char *
herald_utm_tag_html (const char      *html,
                     const HeraldUtm *utm,
                     const char      *skip_url)
{
  TagData d = { utm, skip_url };

  return herald_html_rewrite_links (html, tag_href, &d);
}

/**
 * herald_html_rewrite_links:
 * @func: (scope call): given each href of an <a> or <area> (its attribute
 *   text, "&" as "&amp;"), returns its new text, or %NULL to keep it
 *
 * Returns: (transfer full): @html with the hrefs @func changed
 */
char *
herald_html_rewrite_links (const char     *html,
                           HeraldLinkFunc  func,
                           gpointer        user_data)
{
  GString *out = g_string_sized_new (strlen (html) + 256);
  const char *p = html;

  while (*p != '\0')
    {
      const char *lt = strchr (p, '<');

      if (lt == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, lt - p);
      if (g_str_has_prefix (lt, "<!--"))
        {
          const char *end = strstr (lt + 4, "-->");

          end = end != NULL ? end + 3 : lt + strlen (lt);
          g_string_append_len (out, lt, end - lt);
          p = end;
        }
      else if (g_ascii_isalpha (lt[1]))
        p = copy_tag (out, lt, func, user_data);
      else
        {
          g_string_append_c (out, '<');
          p = lt + 1;
        }
    }
  return g_string_free (out, FALSE);
}

/* Bytes a link in plain text may hold: RFC 3986's, ASCII only. */
static gboolean
is_url_byte (guchar c)
{
  return c != '\0' && (g_ascii_isalnum (c) || strchr ("-._~:/?#[]@!$&'()*+,;=%", c) != NULL);
}

/* The HTML's links, unescaped ("&amp;" → "&"): the text part shows the
 * same links, and one holding Japanese or spaces is found by them. */
static GPtrArray *
html_links (const char *html)
{
  GPtrArray *links = g_ptr_array_new_with_free_func (g_free);
  const HeraldUtm none = { NULL, NULL, NULL };
  g_autofree char *copy = NULL;
  const char *p;

  if (html == NULL)
    return links;
  /* Tag with nothing: herald_utm_tag_html() finds the hrefs; collect
   * them by scanning for href values of a and area tags. */
  copy = herald_utm_tag_html (html, &none, NULL);
  for (p = copy; (p = strstr (p, "href")) != NULL; p += 4)
    {
      const char *v = p + 4, *end;
      char quote;
      GString *link;

      while (g_ascii_isspace (*v))
        v++;
      if (*v++ != '=')
        continue;
      while (g_ascii_isspace (*v))
        v++;
      quote = (*v == '"' || *v == '\'') ? *v++ : ' ';
      end = quote == ' ' ? v + strcspn (v, " \t\r\n>") : strchr (v, quote);
      if (end == NULL || !is_web_url (v))
        continue;
      link = g_string_new_len (v, end - v);
      g_string_replace (link, "&amp;", "&", 0);
      g_ptr_array_add (links, g_string_free (link, FALSE));
    }
  return links;
}

/* The length of the link at @p: the longest of the HTML's links that
 * stands there whole, or the run of URL bytes without the punctuation
 * that ends a sentence. */
static gsize
link_length (const char *p,
             GPtrArray  *links)
{
  gsize best = 0, n;

  for (guint i = 0; i < links->len; i++)
    {
      const char *link = g_ptr_array_index (links, i);
      gsize len = strlen (link);

      if (len > best && strncmp (p, link, len) == 0 && !is_url_byte (p[len]))
        best = len;
    }
  if (best > 0)
    return best;
  for (n = 0; is_url_byte (p[n]); n++)
    ;
  while (n > 0 && strchr (".,;:!?'", p[n - 1]) != NULL)
    n--;
  /* A ")" closes the link only when the link opened none. */
  if (n > 0 && p[n - 1] == ')' && memchr (p, '(', n) == NULL)
    n--;
  return n;
}

/**
 * herald_utm_tag_text:
 * @skip_url: (nullable): the unsubscribe link, left as it is
 * @html: (nullable): the message's HTML, whose links the text shows
 *
 * Returns: (transfer full): @text with every http(s) link in it tagged
 */
char *
herald_utm_tag_text (const char      *text,
                     const HeraldUtm *utm,
                     const char      *skip_url,
                     const char      *html)
{
  g_autoptr(GPtrArray) links = html_links (html);
  GString *out = g_string_sized_new (strlen (text) + 256);
  const char *p = text;

  while (*p != '\0')
    {
      gsize n;

      if ((p == text || !g_ascii_isalnum (p[-1])) && is_web_url (p) &&
          (n = link_length (p, links)) > 0)
        {
          g_autofree char *copy = g_strndup (p, n);

          if (is_skipped (copy, n, skip_url))
            g_string_append (out, copy);
          else
            {
              g_autofree char *tagged = herald_utm_tag_url (copy, utm, FALSE);

              g_string_append (out, tagged);
            }
          p += n;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* ---- the user's own tracking addresses ------------------------------------ */

typedef struct
{
  const char *click_pattern;
  const char *token;
  const char *skip_url;
} TrackData;

/* A HeraldLinkFunc: an http(s) href through the click address; {url} is
 * the link as a browser follows it ("&amp;" read as "&"), its query and
 * fragment kept inside it. */
static char *
track_href (const char *href,
            gpointer    user_data)
{
  TrackData *d = user_data;
  g_autoptr(GString) plain = NULL;
  g_autofree char *expanded = NULL;
  GString *out;

  if (!is_web_url (href) || is_skipped (href, strlen (href), d->skip_url))
    return NULL;
  plain = g_string_new (href);
  g_string_replace (plain, "&amp;", "&", 0);
  expanded = herald_tracking_expand (d->click_pattern, plain->str, d->token);
  out = g_string_new (expanded);
  g_string_replace (out, "&", "&amp;", 0);
  return g_string_free (out, FALSE);
}

/**
 * herald_tracking_rewrite_html:
 * @click_pattern: (nullable): the click address (herald-tracking-url.h)
 * @open_pattern: (nullable): the open pixel's address
 * @token: the delivery's token
 * @skip_url: (nullable): the unsubscribe link, never rewritten
 *
 * Runs after UTM tagging: every http(s) link of the HTML part goes
 * through the user's click address (mailto:, cid: and the unsubscribe
 * link stay as they are), and the open pixel is added before </body>.
 *
 * Returns: (transfer full): the HTML to send
 */
char *
herald_tracking_rewrite_html (const char *html,
                              const char *click_pattern,
                              const char *open_pattern,
                              const char *token,
                              const char *skip_url)
{
  TrackData d = { click_pattern, token, skip_url };
  g_autofree char *linked = click_pattern != NULL ? herald_html_rewrite_links (html, track_href, &d)
                                                  : g_strdup (html);
  g_autofree char *src = NULL;
  g_autofree char *src_html = NULL;
  g_autofree char *lower = NULL;
  GString *out;
  const char *body;

  if (open_pattern == NULL)
    return g_steal_pointer (&linked);
  src = herald_tracking_expand (open_pattern, NULL, token);
  src_html = g_markup_escape_text (src, -1);   /* "&" in its query as "&amp;", as in the links */
  out = g_string_new (NULL);
  lower = g_ascii_strdown (linked, -1);
  body = g_strrstr (lower, "</body");
  if (body != NULL)
    g_string_append_len (out, linked, body - lower);
  else
    g_string_append (out, linked);
  g_string_append_printf (out, "<img src=\"%s\" width=\"1\" height=\"1\" alt=\"\" "
                               "style=\"display:block;width:1px;height:1px;border:0\">", src_html);
  if (body != NULL)
    g_string_append (out, linked + (body - lower));
  return g_string_free (out, FALSE);
}
