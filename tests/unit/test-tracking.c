/* test-tracking.c — the user's tracking addresses: checked, filled in,
 * read back from logged requests; links rewritten in a message's HTML
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "herald-tracking-url.h"
#include "herald-utm.h"

#define CLICK "https://t.example/r?u={url}&t={token}"
#define OPEN  "https://t.example/o.gif?t={token}"

static void
test_patterns (void)
{
  static const char * const clicks_refused[] = {
    "https://t.example/r?u={url}",                     /* no token */
    "https://t.example/r?t={token}",                   /* no url */
    "https://t.example/r?u={url}&t=x{token}",          /* not the whole value */
    "https://t.example/r?u={url}&t={token}&v={token}", /* twice */
    "https://t.example/r?u={url}&t={token}&t=1",       /* its parameter twice */
    "ftp://t.example/r?u={url}&t={token}",
    "https://t.example/r?u={url}&t={token}#x",
    "https://t.example/r?u={url}&t={token}&w={who}",
    "https://t.example/r?u={url}&t={token}\"><script>",
    "",
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (herald_tracking_check_pattern (CLICK, HERALD_TRACKING_CLICK, &error));
  g_assert_true (herald_tracking_check_pattern (OPEN, HERALD_TRACKING_OPEN, &error));
  g_assert_no_error (error);
  g_assert_false (herald_tracking_check_pattern (CLICK, HERALD_TRACKING_OPEN, &error));   /* {url} in an open */
  g_assert_error (error, HERALD_TRACKING_ERROR, HERALD_TRACKING_ERROR_PATTERN);
  g_clear_error (&error);
  for (guint i = 0; i < G_N_ELEMENTS (clicks_refused); i++)
    {
      g_assert_false (herald_tracking_check_pattern (clicks_refused[i], HERALD_TRACKING_CLICK, &error));
      g_assert_error (error, HERALD_TRACKING_ERROR, HERALD_TRACKING_ERROR_PATTERN);
      /* It says what to write: an example. */
      g_assert_nonnull (strstr (error->message, "https://shop.example/r?u={url}&t={token}"));
      g_clear_error (&error);
    }
}

static void
test_expand_and_match (void)
{
  const char *link = "https://shop.example/セール?item=1&color=red#top";
  g_autofree char *click = herald_tracking_expand (CLICK, link, "0a1b2c");
  g_autofree char *open = herald_tracking_expand (OPEN, NULL, "0a1b2c");
  g_autofree char *token = NULL, *url = NULL;

  g_assert_cmpstr (click, ==, "https://t.example/r?u=https%3A%2F%2Fshop.example%2F%E3%82%BB%E3%83%BC%E3%83%AB"
                              "%3Fitem%3D1%26color%3Dred%23top&t=0a1b2c");
  g_assert_cmpstr (open, ==, "https://t.example/o.gif?t=0a1b2c");
  /* As a server logs it: the path and query, parameters in any order. */
  g_assert_cmpint (herald_tracking_match (click + strlen ("https://t.example"), CLICK, OPEN, &token, &url), ==,
                   HERALD_TRACKING_CLICK);
  g_assert_cmpstr (token, ==, "0a1b2c");
  g_assert_cmpstr (url, ==, link);
  g_clear_pointer (&token, g_free);
  g_clear_pointer (&url, g_free);
  g_assert_cmpint (herald_tracking_match ("/o.gif?x=1&t=0A1B2C", CLICK, OPEN, &token, &url), ==,
                   HERALD_TRACKING_OPEN);
  g_assert_cmpstr (token, ==, "0a1b2c");
  g_assert_null (url);
  g_clear_pointer (&token, g_free);
  /* Not ours: another path, no token, a token that is no token. */
  g_assert_cmpint (herald_tracking_match ("/favicon.ico", CLICK, OPEN, &token, NULL), ==, HERALD_TRACKING_NONE);
  g_assert_cmpint (herald_tracking_match ("/o.gif?t=", CLICK, OPEN, &token, NULL), ==, HERALD_TRACKING_NONE);
  g_assert_cmpint (herald_tracking_match ("/o.gif?t=taro%40example.jp", CLICK, OPEN, &token, NULL), ==,
                   HERALD_TRACKING_NONE);
  g_assert_cmpint (herald_tracking_match ("/r?t=0a1b2c", CLICK, NULL, &token, NULL), ==, HERALD_TRACKING_NONE);
  g_assert_null (token);
}

static void
test_log_lines (void)
{
  g_autofree char *combined = herald_tracking_log_url (
      "203.0.113.7 - - [10/Jan/2027:10:01:00 +0900] \"GET /o.gif?t=0a1b HTTP/1.1\" 200 43 \"-\" \"Mozilla/5.0\"");
  g_autofree char *common = herald_tracking_log_url ("::1 - bob [10/Jan/2027:10:01:00 +0000] \"HEAD /r?u=x&t=1 HTTP/2\" 302 0");

  g_assert_cmpstr (combined, ==, "/o.gif?t=0a1b");
  g_assert_cmpstr (common, ==, "/r?u=x&t=1");
  g_assert_null (herald_tracking_log_url ("no request here"));
  g_assert_null (herald_tracking_log_url ("\"\""));
  g_assert_null (herald_tracking_log_url ("x \"get /lower HTTP/1.1\""));
  g_assert_null (herald_tracking_log_url (NULL));
}

static void
test_rewrite_html (void)
{
  const char *html = "<html><body><a href=\"https://shop.example/?a=1&amp;b=2#f\">A</a>"
                     "<a href=\"mailto:info@shop.example\">M</a><a href=\"cid:logo.png\">C</a>"
                     "<a href=\"https://shop.example/unsubscribe?t=XYZ\">U</a></BODY></html>";
  g_autofree char *out = herald_tracking_rewrite_html (html, CLICK, OPEN, "c0ffee",
                                                       "https://shop.example/unsubscribe?t=ABC");
  g_autofree char *links_only = herald_tracking_rewrite_html (html, CLICK, NULL, "c0ffee", NULL);

  g_assert_cmpstr (out, ==,
                   "<html><body><a href=\"https://t.example/r?u=https%3A%2F%2Fshop.example%2F%3Fa%3D1%26b%3D2%23f"
                   "&amp;t=c0ffee\">A</a><a href=\"mailto:info@shop.example\">M</a><a href=\"cid:logo.png\">C</a>"
                   "<a href=\"https://shop.example/unsubscribe?t=XYZ\">U</a>"
                   "<img src=\"https://t.example/o.gif?t=c0ffee\" width=\"1\" height=\"1\" alt=\"\" "
                   "style=\"display:block;width:1px;height:1px;border:0\"></BODY></html>");
  g_assert_null (strstr (links_only, "<img"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tracking/patterns", test_patterns);
  g_test_add_func ("/tracking/expand-and-match", test_expand_and_match);
  g_test_add_func ("/tracking/log-lines", test_log_lines);
  g_test_add_func ("/tracking/rewrite-html", test_rewrite_html);
  return g_test_run ();
}
