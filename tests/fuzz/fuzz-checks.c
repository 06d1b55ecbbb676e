/* fuzz-checks.c — libFuzzer target for what the pre-send checklist reads
 * from outside: the links of a message's HTML, an address's domain (typo
 * suggestion, role address) and the DNS test table's lines
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is any bytes. Every link found is an http(s) address found
 * once; a suggestion is a provider's domain one edit away, never the
 * input itself; a table either parses or says which line is wrong.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "herald-domain-hints.h"
#include "herald-html-links.h"
#include "herald-table-resolver.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto(GStrv) links = herald_html_dup_web_links (text);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *suggestion = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTableResolver) resolver = NULL;

  for (guint i = 0; links[i] != NULL; i++)
    {
      g_assert_true (g_ascii_strncasecmp (links[i], "http://", 7) == 0 ||
                     g_ascii_strncasecmp (links[i], "https://", 8) == 0);
      g_assert_false (g_hash_table_contains (seen, links[i]));
      g_hash_table_add (seen, links[i]);
    }

  if (size < 256 && memchr (data, '\0', size) == NULL)
    {
      suggestion = herald_domain_suggest (text);
      if (suggestion != NULL)
        {
          g_autofree char *lower = g_ascii_strdown (text, -1);

          g_assert_true (herald_domain_is_provider (suggestion));
          g_assert_cmpstr (suggestion, !=, lower);
          g_assert_cmpuint (herald_edit_distance (lower, suggestion, 1), ==, 1);
        }
      (void) herald_address_is_role (text);
    }

  resolver = herald_table_resolver_new (text, &error);
  g_assert_true ((resolver == NULL) == (error != NULL));
  return 0;
}
