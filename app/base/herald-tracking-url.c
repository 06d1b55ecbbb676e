/* herald-tracking-url.c — the user's own tracking URLs: checked, filled in,
 * and read back from what their web server logged
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Herald runs no server: a campaign may send its links through the
 * user's own redirect (a click pattern such as
 * https://shop.example/r?u={url}&t={token}) and add their own one-pixel
 * image (https://shop.example/o.gif?t={token}). {token} is an opaque
 * random token of one delivery (nothing of the address), {url} the link's
 * own address, percent-encoded. Each must be the whole value of one query
 * parameter, so that a logged request is read back by the parameter's
 * name, whatever else the server or a proxy added. Logged requests come
 * from outside: herald_tracking_log_url() and herald_tracking_match()
 * take any bytes (tests/fuzz/fuzz-tracking-log.c).
 */
#define G_LOG_DOMAIN "herald-tracking"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-tracking-url.h"

#define MAX_TOKEN 64

G_DEFINE_QUARK (herald-tracking-error-quark, herald_tracking_error)

static gboolean
is_web_url (const char *url)
{
  return g_ascii_strncasecmp (url, "http://", 7) == 0 || g_ascii_strncasecmp (url, "https://", 8) == 0;
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = haystack; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

/* The name of the query parameter whose whole value is @value in
 * @pattern's query, or NULL. */
static char *
param_holding (const char *pattern,
                const char *value)
{
  const char *query = strchr (pattern, '?');
  g_auto(GStrv) pairs = NULL;

  if (query == NULL)
    return NULL;
  pairs = g_strsplit (query + 1, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');

      if (eq != NULL && eq > pairs[i] && g_str_equal (eq + 1, value))
        return g_strndup (pairs[i], eq - pairs[i]);
    }
  return NULL;
}

/* How many of @pattern's query parameters are named @key. */
static guint
count_key (const char *pattern,
           const char *key)
{
  g_auto(GStrv) pairs = g_strsplit (strchr (pattern, '?') + 1, "&", -1);
  gsize klen = strlen (key);
  guint n = 0;

  for (guint i = 0; pairs[i] != NULL; i++)
    if (strncmp (pairs[i], key, klen) == 0 && pairs[i][klen] == '=')
      n++;
  return n;
}

/* One "?", and no braces but those of {url} and {token}: what is read
 * back is then exactly what was filled in. */
static gboolean
is_plain (const char *pattern)
{
  g_autoptr(GString) rest = g_string_new (pattern);

  g_string_replace (rest, "{url}", "", 0);
  g_string_replace (rest, "{token}", "", 0);
  return count (pattern, "?") == 1 && strpbrk (rest->str, "{}") == NULL;
}

/**
 * herald_tracking_check_pattern:
 * @kind: %HERALD_TRACKING_CLICK (needs {url} and {token}) or
 *   %HERALD_TRACKING_OPEN (needs {token}, no {url})
 *
 * Returns: whether Herald can use @pattern; %FALSE with @error set saying
 *   what to write instead
 */
gboolean
herald_tracking_check_pattern (const char          *pattern,
                               HeraldTrackingKind   kind,
                               GError             **error)
{
  g_autofree char *token_key = NULL, *url_key = NULL;
  gboolean click = kind == HERALD_TRACKING_CLICK;

  if (pattern == NULL || !g_utf8_validate (pattern, -1, NULL) || !is_web_url (pattern) ||
      strpbrk (pattern, " \t\r\n\"'<>#\\") != NULL)
    {
      g_set_error (error, HERALD_TRACKING_ERROR, HERALD_TRACKING_ERROR_PATTERN,
                   click ? _("The click tracking address “%s” is not a web address Herald can use. "
                             "Write one such as https://shop.example/r?u={url}&t={token}.")
                         : _("The open tracking address “%s” is not a web address Herald can use. "
                             "Write one such as https://shop.example/o.gif?t={token}."),
                   pattern != NULL ? pattern : "");
      return FALSE;
    }
  token_key = param_holding (pattern, "{token}");
  url_key = param_holding (pattern, "{url}");
  if (!is_plain (pattern) || token_key == NULL || count (pattern, "{token}") != 1 ||
      count_key (pattern, token_key) != 1 || (url_key != NULL && count_key (pattern, url_key) != 1) ||
      (click && (url_key == NULL || count (pattern, "{url}") != 1)) ||
      (!click && count (pattern, "{url}") != 0))
    {
      g_set_error (error, HERALD_TRACKING_ERROR, HERALD_TRACKING_ERROR_PATTERN,
                   click ? _("The click tracking address “%s” needs {url} and {token}, each once and each "
                             "the whole value of a query parameter, such as "
                             "https://shop.example/r?u={url}&t={token}.")
                         : _("The open tracking address “%s” needs {token} once, as the whole value of a "
                             "query parameter, and no {url}, such as https://shop.example/o.gif?t={token}."),
                   pattern);
      return FALSE;
    }
  return TRUE;
}

static void
append_encoded (GString    *out,
                const char *value)
{
  /* RFC 3986's unreserved bytes stay, all else is percent-encoded */
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_string_append (out, escaped);
}

/**
 * herald_tracking_expand:
 * @url: (nullable): the link's own address (as a browser would follow it:
 *   no HTML escapes), for {url}
 * @token: the delivery's token
 *
 * Returns: (transfer full): @pattern with {url} (percent-encoded, its
 *   query and fragment kept inside) and {token} filled in
 */
char *
herald_tracking_expand (const char *pattern,
                        const char *url,
                        const char *token)
{
  GString *out = g_string_new (NULL);

  for (const char *p = pattern; *p != '\0';)
    {
      if (g_str_has_prefix (p, "{url}"))
        {
          append_encoded (out, url != NULL ? url : "");
          p += 5;
        }
      else if (g_str_has_prefix (p, "{token}"))
        {
          append_encoded (out, token);
          p += 7;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* The path of a URL or of a logged request target: from the first "/"
 * after the host (or the start), to its "?" or end. */
static const char *
path_start (const char *url)
{
  const char *p = strstr (url, "://");

  if (p == NULL)
    return url;
  p += 3;
  return p + strcspn (p, "/?#");
}

/* Whether two paths are the same, "" being "/" (a server logs the root
 * of "https://host?t=…" as "/?t=…"). */
static gboolean
same_path (const char *a,
           gsize       alen,
           const char *b,
           gsize       blen)
{
  if (alen == 0)
    a = "/", alen = 1;
  if (blen == 0)
    b = "/", blen = 1;
  return alen == blen && strncmp (a, b, alen) == 0;
}

static gsize
path_length (const char *path)
{
  return strcspn (path, "?#");
}

/* The percent-decoded value of @key in @target's query, or NULL. */
static char *
query_value (const char *target,
             const char *key)
{
  const char *query = strchr (target, '?');
  gsize klen = strlen (key);

  if (query == NULL)
    return NULL;
  for (const char *p = query + 1; *p != '\0' && *p != '#';)
    {
      gsize len = strcspn (p, "&#");

      if (len > klen && strncmp (p, key, klen) == 0 && p[klen] == '=')
        {
          g_autofree char *raw = g_strndup (p + klen + 1, len - klen - 1);

          /* "+" is a space in a form-encoded query. */
          g_strdelimit (raw, "+", ' ');
          return g_uri_unescape_string (raw, NULL);
        }
      p += len;
      if (*p == '&')
        p++;
    }
  return NULL;
}

static gboolean
is_token (const char *token)
{
  gsize n = 0;

  if (token == NULL)
    return FALSE;
  for (const char *p = token; *p != '\0'; p++, n++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return n > 0 && n <= MAX_TOKEN;
}

static gboolean
match_one (const char  *logged,
           const char  *pattern,
           gboolean     click,
           char       **out_token,
           char       **out_url)
{
  const char *lp = path_start (logged), *pp = path_start (pattern);
  g_autofree char *token_key = NULL, *url_key = NULL, *token = NULL, *url = NULL;
  gsize ll = path_length (lp), pl = path_length (pp);

  if (pattern == NULL || !same_path (lp, ll, pp, pl) ||
      (token_key = param_holding (pattern, "{token}")) == NULL)
    return FALSE;
  token = query_value (lp, token_key);
  if (!is_token (token))
    return FALSE;
  if (click)
    {
      if ((url_key = param_holding (pattern, "{url}")) == NULL ||
          (url = query_value (lp, url_key)) == NULL || !g_utf8_validate (url, -1, NULL))
        return FALSE;
    }
  *out_token = g_ascii_strdown (token, -1);
  if (out_url != NULL)
    *out_url = g_steal_pointer (&url);
  return TRUE;
}

/**
 * herald_tracking_match:
 * @logged: a requested address as a web server logged it: a path with
 *   its query ("/r?u=…&t=…") or a whole URL; any bytes
 * @click_pattern: (nullable): the campaign's click pattern
 * @open_pattern: (nullable): the campaign's open pattern
 * @out_token: (out): the token it carries, lower case
 * @out_url: (out) (optional): for a click, the link followed
 *
 * Returns: whether @logged is a click or an open of these patterns (the
 *   same path, the token's parameter holding a token), or
 *   %HERALD_TRACKING_NONE
 */
HeraldTrackingKind
herald_tracking_match (const char  *logged,
                       const char  *click_pattern,
                       const char  *open_pattern,
                       char       **out_token,
                       char       **out_url)
{
  *out_token = NULL;
  if (out_url != NULL)
    *out_url = NULL;
  if (logged == NULL || !g_utf8_validate (logged, -1, NULL))
    return HERALD_TRACKING_NONE;
  if (click_pattern != NULL && match_one (logged, click_pattern, TRUE, out_token, out_url))
    return HERALD_TRACKING_CLICK;
  if (open_pattern != NULL && match_one (logged, open_pattern, FALSE, out_token, NULL))
    return HERALD_TRACKING_OPEN;
  return HERALD_TRACKING_NONE;
}

/**
 * herald_tracking_log_url:
 * @line: one line of a web server's access log (Common or Combined Log
 *   Format: host ident user [time] "GET /path?query HTTP/1.1" status …);
 *   any bytes
 *
 * Returns: (transfer full) (nullable): the request's target, or %NULL
 *   when the line holds no request
 */
char *
herald_tracking_log_url (const char *line)
{
  const char *quote, *target, *end;

  if (line == NULL || (quote = strchr (line, '"')) == NULL)
    return NULL;
  /* The method: letters, then one space. */
  target = quote + 1;
  while (g_ascii_isupper (*target))
    target++;
  if (target == quote + 1 || *target != ' ')
    return NULL;
  target++;
  end = target + strcspn (target, " \"");
  if (end == target)
    return NULL;
  return g_strndup (target, end - target);
}
