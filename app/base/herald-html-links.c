/* herald-html-links.c — the web links of a message's HTML
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-base"

#include "config.h"

#include <string.h>

#include "herald-html-links.h"

/**
 * herald_html_dup_web_links:
 * @html: HTML, as a template renders it
 *
 * The http:// and https:// addresses of the HTML's href and src
 * attributes (quoted with " or '), &amp; read as &, each once, in the
 * order they first appear. Any text is accepted: what is not such an
 * attribute is skipped.
 *
 * Returns: (transfer full): the links, possibly none
 */
GStrv
herald_html_dup_web_links (const char *html)
{
  g_autoptr(GRegex) regex = g_regex_new ("\\b(?:href|src)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')",
                                         G_REGEX_CASELESS | G_REGEX_RAW, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);

  if (html == NULL)
    return g_strv_builder_end (builder);
  g_regex_match (regex, html, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *raw = g_match_info_fetch (match, 1);
      GString *url;

      if (raw == NULL || *raw == '\0')
        {
          g_free (raw);
          raw = g_match_info_fetch (match, 2);
        }
      url = g_string_new (raw);
      g_string_replace (url, "&amp;", "&", 0);
      g_strstrip (url->str);
      url->len = strlen (url->str);
      if ((g_ascii_strncasecmp (url->str, "http://", 7) != 0 && g_ascii_strncasecmp (url->str, "https://", 8) != 0) ||
          g_hash_table_contains (seen, url->str))
        {
          g_string_free (url, TRUE);
          continue;
        }
      g_ptr_array_add (kept, g_string_free (url, FALSE));
      g_hash_table_add (seen, g_ptr_array_index (kept, kept->len - 1));
      g_strv_builder_add (builder, g_ptr_array_index (kept, kept->len - 1));
    }
  return g_strv_builder_end (builder);
}
