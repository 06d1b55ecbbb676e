/* fuzz-utm.c — libFuzzer target for the UTM link rewriting
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is any text, taken as a link, as HTML and as plain text. A
 * tagged link keeps what it had before its fragment as its start and its
 * fragment as its end; tagging twice changes nothing more; the HTML and
 * the text keep every byte outside the links they tag.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "herald-utm.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const HeraldUtm utm = { "src", "email", "キャンペーン #1" };
  static const HeraldUtm none = { NULL, NULL, NULL };
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *url = herald_utm_tag_url (text, &utm, FALSE);
  g_autofree char *again = herald_utm_tag_url (url, &utm, FALSE);
  g_autofree char *html = herald_utm_tag_html (text, &utm, "https://example.jp/unsubscribe");
  g_autofree char *html_none = herald_utm_tag_html (text, &none, NULL);
  g_autofree char *plain = herald_utm_tag_text (text, &utm, NULL, text);
  const char *hash = strchr (text, '#');
  gsize before = hash != NULL ? (gsize) (hash - text) : strlen (text);

  g_assert_true (strncmp (url, text, before) == 0);
  if (hash != NULL)
    g_assert_true (g_str_has_suffix (url, hash));
  g_assert_cmpstr (again, ==, url);
  /* Tagging with no values rewrites nothing. */
  g_assert_cmpstr (html_none, ==, text);
  g_assert_cmpuint (strlen (html), >=, strlen (text));
  g_assert_cmpuint (strlen (plain), >=, strlen (text));
  return 0;
}
