/* test-text.c — the plain-text alternative of an HTML newsletter
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-text"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "herald-merge.h"
#include "herald-template.h"
#include "herald-text.h"

#define assert_text(html, expected) G_STMT_START { \
    g_autofree char *_got = herald_text_from_html ((html), -1); \
    g_assert_cmpstr (_got, ==, (expected)); \
  } G_STMT_END

static guint
columns (const char *line)
{
  guint width = 0;

  for (const char *p = line; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      width += g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

/* No line is wider than 76 columns, unless it holds something that must
 * not be broken. */
static void
assert_wrapped (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (columns (lines[i]) <= HERALD_TEXT_WIDTH)
        continue;
      if (strstr (lines[i], "://") == NULL && strstr (lines[i], "{{") == NULL)
        g_error ("line %u is %u columns wide: “%s”", i + 1, columns (lines[i]), lines[i]);
    }
}

static const char japanese_newsletter[] =
  "<!DOCTYPE html>\n"
  "<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>11月のお知らせ</title>\n"
  "<style>p { margin: 0 }</style></head>\n"
  "<body>\n"
  "<div style=\"display:none; max-height:0\">今月のお知らせ&zwnj;&nbsp;&zwnj;&nbsp;</div>\n"
  "<table role=\"presentation\" width=\"100%\"><tr><td>\n"
  "  <table width=\"600\">\n"
  "    <!-- header -->\n"
  "    <tr><td><p>ヘラルド文具店 ニュースレター</p><h1>11月のお知らせ</h1></td></tr>\n"
  "    <tr><td>\n"
  "      <p>{{ 会社名 | \"お客様\" }}</p>\n"
  "      <p>{{ 氏名 }} 様</p>\n"
  "      <p>いつもヘラルド文具店をご利用いただき、誠にありがとうございます。朝晩の冷え込みが"
  "厳しくなってまいりました。今月のお知らせをお届けします。</p>\n"
  "    </td></tr>\n"
  "    <tr><td><h2>2027年版 手帳・カレンダーが入荷しました</h2>\n"
  "      <p>定番の月間手帳から、名入れのできる法人向けカレンダーまで、今年は40種類を"
  "ご用意しました。\n11月30日までのご注文は、名入れ代金が無料です。</p></td></tr>\n"
  "{{#if 市区町村}}\n"
  "    <tr><td><p>{{ 市区町村 }}にお住まいの皆様へ：展示会を開きます。</p></td></tr>\n"
  "{{/if}}\n"
  "    <tr><td><a href=\"https://www.example.jp/shop/2027-techo?from=mail&amp;id=1\">新しい手帳を見る</a></td></tr>\n"
  "    <tr><td><p>送信者：ヘラルド文具店<br>\n"
  "      お問い合わせ：<a href=\"mailto:info@example.jp\">info@example.jp</a></p>\n"
  "      <p>今後このようなメールの受信を希望されない場合は、"
  "<a href=\"{{ unsubscribe_url }}\">こちらから配信を停止</a>できます。</p></td></tr>\n"
  "  </table>\n"
  "</td></tr></table>\n"
  "</body></html>\n";

static void
test_japanese_newsletter (void)
{
  g_autofree char *text = herald_text_from_html (japanese_newsletter, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplate) tmpl = NULL;
  const char * const *fields;

  g_test_message ("%s", text);
  assert_wrapped (text);
  g_assert_true (g_str_has_prefix (text, "ヘラルド文具店 ニュースレター\n\n11月のお知らせ\n"
                                         "==============\n\n"
                                         "{{ 会社名 | \"お客様\" }}\n\n{{ 氏名 }} 様\n\n"));
  /* Japanese wraps between characters, never before "。" or "、". */
  g_assert_nonnull (strstr (text, "\nいつもヘラルド文具店をご利用いただき、誠にありがとうございます。朝晩の冷え込"
                                  "\nみが厳しくなってまいりました。今月のお知らせをお届けします。\n"));
  g_assert_nonnull (strstr (text, "2027年版 手帳・カレンダーが入荷しました\n"
                                  "---------------------------------------\n"));
  /* A line break in the source between Japanese characters is no space. */
  g_assert_nonnull (strstr (text, "しました。11月30日"));
  g_assert_nonnull (strstr (text, "{{#if 市区町村}}"));
  g_assert_nonnull (strstr (text, "{{/if}}"));
  g_assert_nonnull (strstr (text, "新しい手帳を見る (https://www.example.jp/shop/2027-techo?from=mail&id=1)\n"));
  g_assert_nonnull (strstr (text, "送信者：ヘラルド文具店\nお問い合わせ：info@example.jp\n"));
  g_assert_nonnull (strstr (text, "配信を停止\n({{ unsubscribe_url }})できます。"));
  g_assert_null (strstr (text, "<"));
  g_assert_null (strstr (text, "margin"));
  g_assert_null (strstr (text, "今月のお知らせ&"));
  g_assert_null (strstr (text, "\u200c"));
  g_assert_true (g_str_has_suffix (text, "できます。\n"));

  /* The result is a TEXT template with the same fields. */
  tmpl = herald_template_compile (text, HERALD_TEMPLATE_CONTEXT_TEXT, NULL, &error);
  g_assert_no_error (error);
  fields = herald_template_get_fields (tmpl);
  g_assert_cmpstr (fields[0], ==, "会社名");
  g_assert_cmpstr (fields[1], ==, "氏名");
  g_assert_cmpstr (fields[2], ==, "市区町村");
  g_assert_null (fields[3]);
}

static void
test_headings (void)
{
  assert_text ("<h1>Title &amp; more</h1><p>Body</p><h2>日本語</h2><h3>Minor</h3>text",
               "Title & more\n============\n\nBody\n\n日本語\n------\n\nMinor\n\ntext\n");
}

static void
test_paragraphs (void)
{
  assert_text ("<p>One\n   two</p><p>three</p>", "One two\n\nthree\n");
  assert_text ("<div>a</div><div>b</div>text <b>bold</b> <i>it</i>al", "a\nb\ntext bold ital\n");
  assert_text ("<p>line<br>break<br><br>double</p>", "line\nbreak\n\ndouble\n");
  assert_text ("<p>a</p>\n\n\n<p>b</p><hr><p>c</p>", "a\n\nb\n\n--------------------\n\nc\n");
  assert_text ("<blockquote><p>quoted</p></blockquote>after", "> quoted\n\nafter\n");
  assert_text ("<pre>  code\n    indented\n\nlast</pre>", "  code\n    indented\n\nlast\n");
}

static void
test_lists (void)
{
  assert_text ("<ul><li>one</li><li>two</li></ul>", "- one\n- two\n");
  assert_text ("<p>Intro</p><ol><li>first</li><li>second <b>bold</b></li></ol><p>Outro</p>",
               "Intro\n\n1. first\n2. second bold\n\nOutro\n");
  assert_text ("<ol start=\"9\"><li>nine</li><li>ten<ul><li>nested</li></ul></li><li>eleven</li></ol>",
               "9. nine\n10. ten\n    - nested\n11. eleven\n");
  assert_text ("<ul><li>A long item that goes on well past the end of one line of seventy-six columns</li></ul>",
               "- A long item that goes on well past the end of one line of seventy-six\n"
               "  columns\n");
}

static void
test_links (void)
{
  assert_text ("<a href=\"https://x.jp/\">https://x.jp/</a>", "https://x.jp/\n");
  assert_text ("<a href=\"https://x.jp/a?b=1&amp;c=2\">Read</a>.", "Read (https://x.jp/a?b=1&c=2).\n");
  assert_text ("<a href=\"mailto:a@b.jp\">a@b.jp</a>", "a@b.jp\n");
  assert_text ("<a href=\"mailto:a@b.jp\">Write to us</a>", "Write to us (a@b.jp)\n");
  assert_text ("<a href=\"mailto:a@b.jp?subject=stop\">Stop</a>", "Stop (mailto:a@b.jp?subject=stop)\n");
  assert_text ("<a href=\"#top\">Top</a> <a>plain</a> <a href=\"javascript:x()\">js</a>", "Top plain js\n");
  assert_text ("<a href=\"https://x.jp/\"><img src=\"logo.png\" alt=\"\"></a>", "https://x.jp/\n");
  /* Merge fields in an href are not percent-encoded by the parser. */
  assert_text ("<a href=\"{{ unsubscribe_url }}\">Unsubscribe</a> <a href=\"https://x.jp/?u={{ email }}\">me</a>",
               "Unsubscribe ({{ unsubscribe_url }}) me (https://x.jp/?u={{ email }})\n");
  assert_text ("<a href=\"{{ unsubscribe_mailto }}\">{{ unsubscribe_mailto }}</a>", "{{ unsubscribe_mailto }}\n");
}

static void
test_images (void)
{
  assert_text ("<p><img src=\"a.png\" alt=\"Logo\"> text <img src=\"spacer.gif\" alt=\"\"><img src=\"x.gif\"></p>",
               "[Logo] text\n");
  assert_text ("<a href=\"https://x.jp\"><img src=\"b.png\" alt=\"Sale\"></a>", "[Sale] (https://x.jp)\n");
}

static void
test_tables (void)
{
  assert_text ("<table><tr><th>Name</th><th>Price</th></tr>"
               "<tr><td>Pen</td><td>100円</td></tr><tr><td>&nbsp;</td><td></td></tr></table><p>After</p>",
               "Name Price\nPen 100円\n\nAfter\n");
  /* Layout tables around paragraphs. */
  assert_text ("<table><tr><td><p>One</p><p>Two</p></td></tr><tr><td>Three</td></tr></table>",
               "One\n\nTwo\n\nThree\n");
}

static void
test_dropped (void)
{
  assert_text ("<html><head><title>T</title><style>p{}</style></head><body>"
               "<script>alert(1)</script><!-- comment --><!--[if mso]><p>mso</p><![endif]-->"
               "<div style=\"DISPLAY: none\">hidden</div><p>shown&nbsp;&zwnj;text</p></body></html>",
               "shown text\n");
  assert_text ("", "");
  assert_text ("   \n ", "");
  assert_text ("plain &lt;text&gt; &amp; &#x1F600;", "plain <text> & \U0001F600\n");
}

static void
test_wrap (void)
{
  g_autoptr(GString) html = g_string_new ("<p>");
  g_autofree char *text = NULL;
  const char *url = "https://example.com/a/very/long/path/that/is/far/longer/than/seventy-six/columns/index.html";

  for (guint i = 0; i < 30; i++)
    g_string_append (html, "word ");
  g_string_append_printf (html, "<a href=\"%s\">%s</a> end ", url, url);
  for (guint i = 0; i < 40; i++)
    g_string_append (html, "日本語");
  g_string_append (html, "。「かっこ」、{{ 氏名 | \"お 客 様\" }}様</p>");
  text = herald_text_from_html (html->str, -1);
  g_test_message ("%s", text);
  assert_wrapped (text);
  g_assert_nonnull (strstr (text, url));
  g_assert_nonnull (strstr (text, "{{ 氏名 | \"お 客 様\" }}様"));
  /* Wide characters count twice: 38 of them fill a line. */
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
    gboolean full = FALSE;

    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_assert_false (g_str_has_prefix (lines[i], "。"));
        g_assert_false (g_str_has_prefix (lines[i], "、"));
        g_assert_false (g_str_has_suffix (lines[i], "「"));
        full |= g_str_has_prefix (lines[i], "日本語") && columns (lines[i]) >= 74;
      }
    g_assert_true (full);
  }
}

static const char *
lookup_links (const char *field,
              gpointer    user_data)
{
  if (g_str_equal (field, "url"))
    return "https://example.jp/a b/é?x=1&y=2";
  if (g_str_equal (field, "q"))
    return "a b&c/d";
  if (g_str_equal (field, "bad"))
    return "javascript:alert(1)";
  return NULL;
}

/* A URL merged into a link is encoded the same in the generated text part
 * as in the HTML's href: a space is %20 in both. */
static void
test_merged_links (void)
{
  HeraldTemplateRecord record = {
    .name = "t", .subject = "s",
    .html = "<p><a href=\"{{ url }}\">Read more</a></p>"
            "<p><a href=\"https://shop.example.jp/find?q={{ q }}\">Search</a></p>"
            "<p><a href=\"{{ url }}\">{{ url }}</a></p>"
            "<p><a href=\"{{ bad }}\">Bad</a> {{ url }}</p>",
  };
  HeraldMergeSender sender = { .from = "shop@example.jp" };
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldMerge) merge = herald_merge_new (&record, &sender, NULL, &error);
  HeraldRendered out = { 0 };
  g_autofree char *generated = herald_text_from_html (record.html, -1);

  g_assert_no_error (error);
  g_assert_true (herald_merge_render (merge, &(HeraldMergeRecipient) { "taro@example.jp", 0, lookup_links, NULL }, &out, &error));
  g_assert_no_error (error);

  /* The HTML: percent-encoded, then HTML-escaped. */
  g_assert_nonnull (strstr (out.html, "href=\"https://example.jp/a%20b/%C3%A9?x=1&amp;y=2\""));
  g_assert_nonnull (strstr (out.html, "href=\"https://shop.example.jp/find?q=a%20b%26c%2Fd\""));
  g_assert_nonnull (strstr (out.html, "href=\"#\""));

  /* The text: the same URLs, without the HTML escaping. */
  g_assert_nonnull (strstr (out.text, "Read more (https://example.jp/a%20b/%C3%A9?x=1&y=2)"));
  g_assert_nonnull (strstr (out.text, "Search (https://shop.example.jp/find?q=a%20b%26c%2Fd)"));
  g_assert_nonnull (strstr (out.text, "\nhttps://example.jp/a%20b/%C3%A9?x=1&y=2\n"));
  g_assert_nonnull (strstr (out.text, "Bad (#)"));
  /* Outside a link the value is text, as in the HTML's element text. */
  g_assert_nonnull (strstr (out.text, " https://example.jp/a b/é?x=1&y=2"));
  g_assert_null (strchr (out.text, HERALD_TEMPLATE_MARK_URL));
  g_assert_null (strchr (out.text, HERALD_TEMPLATE_MARK_URL_PART));
  /* The text a person sees (the text tab) has no marks either. */
  g_assert_null (strchr (generated, HERALD_TEMPLATE_MARK_URL));
  g_assert_null (strchr (generated, HERALD_TEMPLATE_MARK_URL_PART));
  herald_rendered_clear (&out);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/japanese-newsletter", test_japanese_newsletter);
  g_test_add_func ("/text/headings", test_headings);
  g_test_add_func ("/text/paragraphs", test_paragraphs);
  g_test_add_func ("/text/lists", test_lists);
  g_test_add_func ("/text/links", test_links);
  g_test_add_func ("/text/images", test_images);
  g_test_add_func ("/text/tables", test_tables);
  g_test_add_func ("/text/dropped", test_dropped);
  g_test_add_func ("/text/wrap", test_wrap);
  g_test_add_func ("/text/merged-links", test_merged_links);

  return g_test_run ();
}
