/* test-utm.c — UTM tags on a message's links: queries, fragments and the
 * links that are never tagged
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "herald-merge.h"
#include "herald-utm.h"

static const HeraldUtm utm = { "news", "email", "冬のセール 2026" };
#define TAGS "utm_source=news&utm_medium=email&utm_campaign=%E5%86%AC%E3%81%AE%E3%82%BB%E3%83%BC%E3%83%AB%202026"
#define TAGS_HTML "utm_source=news&amp;utm_medium=email&amp;utm_campaign=%E5%86%AC%E3%81%AE%E3%82%BB%E3%83%BC%E3%83%AB%202026"

static void
test_urls (void)
{
  static const struct { const char *url, *expected; } table[] = {
    { "https://example.jp", "https://example.jp?" TAGS },
    { "https://example.jp/", "https://example.jp/?" TAGS },
    { "HTTP://example.jp/a", "HTTP://example.jp/a?" TAGS },
    /* an existing query stays, first */
    { "https://example.jp/p?id=7&x=y", "https://example.jp/p?id=7&x=y&" TAGS },
    { "https://example.jp/p?", "https://example.jp/p?" TAGS },
    { "https://example.jp/p?a=1&", "https://example.jp/p?a=1&" TAGS },
    /* the fragment stays last, even one holding "?" */
    { "https://example.jp/p#top", "https://example.jp/p?" TAGS "#top" },
    { "https://example.jp/p?q=1#sec?x=1", "https://example.jp/p?q=1&" TAGS "#sec?x=1" },
    { "https://example.jp/#", "https://example.jp/?" TAGS "#" },
    /* a utm_ key the link has is kept and not added again */
    { "https://example.jp/?utm_source=ad", "https://example.jp/?utm_source=ad&utm_medium=email&utm_campaign=%E5%86%AC%E3%81%AE%E3%82%BB%E3%83%BC%E3%83%AB%202026" },
    { "https://example.jp/?UTM_MEDIUM=sns&utm_campaign=x#f", "https://example.jp/?UTM_MEDIUM=sns&utm_campaign=x&utm_source=news#f" },
    { "https://example.jp/?utm_sourcex=1", "https://example.jp/?utm_sourcex=1&" TAGS },
    { "https://example.jp/?utm_source&utm_medium=&utm_campaign=c", "https://example.jp/?utm_source&utm_medium=&utm_campaign=c" },
    /* IDN host and a Japanese path: only the query grows */
    { "https://例え.テスト/商品/冬?色=赤#説明", "https://例え.テスト/商品/冬?色=赤&" TAGS "#説明" },
    { "https://xn--r8jz45g.xn--zckzah/%E5%95%86", "https://xn--r8jz45g.xn--zckzah/%E5%95%86?" TAGS },
    /* never tagged */
    { "mailto:shop@example.jp?subject=hi", "mailto:shop@example.jp?subject=hi" },
    { "cid:logo.png", "cid:logo.png" },
    { "ftp://example.jp/f", "ftp://example.jp/f" },
    { "/relative/path", "/relative/path" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *got = herald_utm_tag_url (table[i].url, &utm, FALSE);

      if (g_strcmp0 (got, table[i].expected) != 0)
        g_error ("“%s” tagged as\n  %s, not\n  %s", table[i].url, got, table[i].expected);
    }
}

static void
test_html_ampersands (void)
{
  g_autofree char *got = herald_utm_tag_url ("https://example.jp/?a=1&amp;utm_source=x", &utm, TRUE);

  g_assert_cmpstr (got, ==, "https://example.jp/?a=1&amp;utm_source=x&amp;utm_medium=email&amp;utm_campaign="
                            "%E5%86%AC%E3%81%AE%E3%82%BB%E3%83%BC%E3%83%AB%202026");
}

static void
test_html (void)
{
  const char *html =
    "<!-- <a href=\"https://comment.example.jp/\"> -->"
    "<p>Sale: <a class=x HREF='https://example.jp/s?id=1#top'>open</a>"
    " <a href=https://example.jp/u>u</a>"
    " <A title=\"a > b\" href = \"https://example.jp/t\">t</A>"
    " <a href=\"mailto:shop@example.jp\">mail</a> <img src=\"cid:logo.png\" alt=\"https://example.jp/alt\">"
    " <link href=\"https://example.jp/style.css\">"
    " <area href=\"http://example.jp/map\">"
    " <a href=\"https://example.jp/unsubscribe?t=TOKEN\">stop</a>"
    " <a href=\"https://example.jp/unsubscribe-more\">not the same page</a></p>";
  g_autofree char *got = herald_utm_tag_html (html, &utm, "https://example.jp/unsubscribe");
  g_autofree char *expected = g_strconcat (
    "<!-- <a href=\"https://comment.example.jp/\"> -->"
    "<p>Sale: <a class=x HREF='https://example.jp/s?id=1&amp;", "utm_source=news&amp;utm_medium=email&amp;utm_campaign="
    "%E5%86%AC%E3%81%AE%E3%82%BB%E3%83%BC%E3%83%AB%202026#top'>open</a>"
    " <a href=https://example.jp/u?", TAGS_HTML, ">u</a>"
    " <A title=\"a > b\" href = \"https://example.jp/t?", TAGS_HTML, "\">t</A>"
    " <a href=\"mailto:shop@example.jp\">mail</a> <img src=\"cid:logo.png\" alt=\"https://example.jp/alt\">"
    " <link href=\"https://example.jp/style.css\">"
    " <area href=\"http://example.jp/map?", TAGS_HTML, "\">"
    " <a href=\"https://example.jp/unsubscribe?t=TOKEN\">stop</a>"
    " <a href=\"https://example.jp/unsubscribe-more?", TAGS_HTML, "\">not the same page</a></p>", NULL);

  /* In HTML the pairs are joined by "&amp;", as an attribute writes "&". */
  g_assert_cmpstr (got, ==, expected);
}

static void
test_text (void)
{
  const char *html = "<a href=\"https://example.jp/商品 冬?a=1&amp;b=2\">x</a>";
  const char *text =
    "Sale (https://example.jp/s?id=1#top). See https://example.jp/商品 冬?a=1&b=2 now.\n"
    "Wiki: https://example.jp/wiki/A_(b), end: <https://example.jp/x>\n"
    "Stop: https://example.jp/unsubscribe?t=TOKEN mail: mailto:shop@example.jp\n"
    "notalink:xhttps://example.jp/";
  g_autofree char *got = herald_utm_tag_text (text, &utm, "https://example.jp/unsubscribe", html);
  const char *expected =
    "Sale (https://example.jp/s?id=1&" TAGS "#top). See https://example.jp/商品 冬?a=1&b=2&" TAGS " now.\n"
    "Wiki: https://example.jp/wiki/A_(b)?" TAGS ", end: <https://example.jp/x?" TAGS ">\n"
    "Stop: https://example.jp/unsubscribe?t=TOKEN mail: mailto:shop@example.jp\n"
    "notalink:xhttps://example.jp/";

  g_assert_cmpstr (got, ==, expected);
}

static const char *
lookup (const char *field,
        gpointer    user_data)
{
  return g_str_equal (field, "id") ? "A 1&2" : NULL;
}

/* Through the merge: a merge field inside an href is filled in (and
 * percent-encoded) first, then the link is tagged; the unsubscribe link
 * with its token is not; without UTM nothing changes. */
static void
test_merge (void)
{
  HeraldTemplateRecord record = {
    .name = "t", .subject = "s",
    .html = "<p><a href=\"https://shop.example.jp/item?id={{ id }}#buy\">Buy</a>"
            " <a href=\"{{ unsubscribe_url }}\">Stop</a></p>"
  };
  HeraldMergeSender sender = { .from = "shop@example.jp", .unsubscribe_url = "https://shop.example.jp/stop" };
  const char * const fields[] = { "id", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldMerge) merge = herald_merge_new (&record, &sender, fields, &error);
  HeraldRendered plain = { 0 }, tagged = { 0 };

  g_assert_no_error (error);
  g_assert_true (herald_merge_render (merge, &(HeraldMergeRecipient) { "a@example.jp", 0, lookup, NULL }, &plain, &error));
  g_assert_null (strstr (plain.html, "utm_"));
  g_assert_null (strstr (plain.text, "utm_"));
  herald_merge_set_utm (merge, "news", "冬のセール 2026");
  g_assert_true (herald_merge_render (merge, &(HeraldMergeRecipient) { "a@example.jp", 0, lookup, NULL }, &tagged, &error));
  g_assert_nonnull (strstr (tagged.html, "https://shop.example.jp/item?id=A%201%262&amp;utm_source=news&amp;utm_medium=email"
                                         "&amp;utm_campaign=%E5%86%AC%E3%81%AE%E3%82%BB%E3%83%BC%E3%83%AB%202026#buy\""));
  g_assert_nonnull (strstr (tagged.html, "href=\"https://shop.example.jp/stop\""));
  g_assert_nonnull (strstr (tagged.text, "https://shop.example.jp/item?id=A%201%262&" TAGS "#buy"));
  g_assert_null (strstr (strstr (tagged.text, "https://shop.example.jp/stop"), "utm_"));
  herald_rendered_clear (&plain);
  herald_rendered_clear (&tagged);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/utm/urls", test_urls);
  g_test_add_func ("/utm/html-ampersands", test_html_ampersands);
  g_test_add_func ("/utm/html", test_html);
  g_test_add_func ("/utm/text", test_text);
  g_test_add_func ("/utm/merge", test_merge);
  return g_test_run ();
}
