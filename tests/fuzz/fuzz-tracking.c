/* fuzz-tracking.c — libFuzzer target for the user's tracking addresses:
 * what a web server logged, read back (herald-tracking-url.c), and the
 * links of a message rewritten through them (herald-utm.c)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is any bytes, taken as a log line, as a logged address, as a
 * tracking pattern and as HTML. An address read back as a click or open
 * carries a token of hex digits; a click read back and filled in again
 * reads back the same; a pattern Herald accepts, filled in, reads back
 * its token; rewriting HTML only adds.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "herald-tracking-url.h"
#include "herald-utm.h"

#define CLICK "https://t.example/r?u={url}&t={token}"
#define OPEN  "https://t.example/o.gif?t={token}"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_read_back (const char *logged)
{
  g_autofree char *token = NULL, *url = NULL;
  HeraldTrackingKind kind = herald_tracking_match (logged, CLICK, OPEN, &token, &url);

  if (kind == HERALD_TRACKING_NONE)
    {
      g_assert_null (token);
      return;
    }
  g_assert_nonnull (token);
  for (const char *p = token; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p));
  if (kind == HERALD_TRACKING_CLICK)
    {
      g_autofree char *again = herald_tracking_expand (CLICK, url, token);
      g_autofree char *token2 = NULL, *url2 = NULL;

      g_assert_cmpint (herald_tracking_match (again, CLICK, OPEN, &token2, &url2), ==, HERALD_TRACKING_CLICK);
      g_assert_cmpstr (token2, ==, token);
      g_assert_cmpstr (url2, ==, url);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *target = herald_tracking_log_url (text);
  g_autofree char *html = herald_tracking_rewrite_html (text, CLICK, OPEN, "0a1b2c", "https://example.jp/unsubscribe");

  check_read_back (text);
  if (target != NULL)
    check_read_back (target);
  for (HeraldTrackingKind kind = HERALD_TRACKING_OPEN; kind <= HERALD_TRACKING_CLICK; kind++)
    if (herald_tracking_check_pattern (text, kind, NULL))
      {
        g_autofree char *filled = herald_tracking_expand (text, "https://shop.example/?a=1#b", "c0ffee");
        g_autofree char *token = NULL;

        g_assert_cmpint (herald_tracking_match (filled,
                                                kind == HERALD_TRACKING_CLICK ? text : NULL,
                                                kind == HERALD_TRACKING_OPEN ? text : NULL,
                                                &token, NULL), ==, kind);
        g_assert_cmpstr (token, ==, "c0ffee");
      }
  g_assert_cmpuint (strlen (html), >=, strlen (text));
  return 0;
}
