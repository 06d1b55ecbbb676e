/* test-css-inline.c — a template's <style> rules written into its elements
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-css-inline"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "herald-css.h"
#include "herald-css-inline.h"
#include "herald-merge.h"
#include "herald-template.h"
#include "herald-text.h"

/* herald_css_inline (html) is @expected (NULL: left as it is). */
#define assert_inline(html, expected) G_STMT_START { \
    g_autofree char *_got = herald_css_inline (html); \
    g_assert_cmpstr (_got, ==, (expected)); \
  } G_STMT_END

/* The <style> block's rules applied to a body, with nothing kept. */
static char *
inline_body (const char *css,
             const char *body)
{
  g_autofree char *html = g_strdup_printf ("<html><head><style>%s</style></head><body>%s</body></html>", css, body);
  g_autofree char *out = herald_css_inline (html);
  const char *start, *end;

  g_assert_nonnull (out);
  start = strstr (out, "<body>");
  end = strstr (out, "</body>");
  g_assert_nonnull (start);
  g_assert_nonnull (end);
  start += strlen ("<body>");
  return g_strndup (start, end - start);
}

#define assert_body(css, body, expected) G_STMT_START { \
    g_autofree char *_got = inline_body ((css), (body)); \
    g_assert_cmpstr (_got, ==, (expected)); \
  } G_STMT_END

static void
test_no_style (void)
{
  /* No <style>: byte for byte as it is (NULL: the caller keeps its own). */
  assert_inline ("<p class=\"a\">{{ name }}</p>", NULL);
  assert_inline ("", NULL);
  assert_inline ("<!DOCTYPE html><html><body style=\"color:red\"><p>x</p></body></html>", NULL);
  /* "style" only as an attribute or text */
  assert_inline ("<p style=\"color: red\">&lt;style&gt; p {color: blue}</p>", NULL);
  /* A <style> only in a comment (Outlook's), or for print, is not inlined. */
  assert_inline ("<!--[if mso]><style>p { color: red }</style><![endif]--><p>x</p>", NULL);
  assert_inline ("<style media=\"print\">p { color: red }</style><p>x</p>", NULL);
  /* Nothing in the sheet can be inlined: left as it is, media query and all. */
  assert_inline ("<style>@media (max-width: 600px) { p { width: 100% !important } }</style><p>x</p>", NULL);
}

static void
test_selectors (void)
{
  assert_body ("p { color: red }", "<p>a</p><div>b</div>",
               "<p style=\"color: red;\">a</p><div>b</div>");
  assert_body (".note { color: red }", "<p class=\"x note\">a</p><p class=\"notes\">b</p>",
               "<p class=\"x note\" style=\"color: red;\">a</p><p class=\"notes\">b</p>");
  assert_body ("#top { color: red }", "<p id=\"top\">a</p><p id=\"top2\">b</p>",
               "<p id=\"top\" style=\"color: red;\">a</p><p id=\"top2\">b</p>");
  /* compound */
  assert_body ("td.cell { color: red }", "<table><tr><td class=\"cell\">a</td><th class=\"cell\">b</th></tr></table>",
               "<table><tr><td class=\"cell\" style=\"color: red;\">a</td><th class=\"cell\">b</th></tr></table>");
  /* descendant and child */
  assert_body ("div a { color: red } div > b { color: blue }",
               "<div><p><a>x</a><b>y</b></p><b>z</b></div><a>w</a>",
               "<div><p><a style=\"color: red;\">x</a><b>y</b></p><b style=\"color: blue;\">z</b></div><a>w</a>");
  /* a list of selectors; the universal selector */
  assert_body ("h1, h2 { margin: 0 } *.c { padding: 0 }", "<h1>a</h1><h2 class=\"c\">b</h2><h3>c</h3>",
               "<h1 style=\"margin: 0;\">a</h1><h2 class=\"c\" style=\"margin: 0; padding: 0;\">b</h2><h3>c</h3>");
  /* type selectors ignore case, classes do not */
  assert_body ("P { color: red } .Big { font-size: 2em }", "<P class=\"big\">a</P><p class=\"Big\">b</p>",
               "<P class=\"big\" style=\"color: red;\">a</P><p class=\"Big\" style=\"color: red; font-size: 2em;\">b</p>");
  /* escapes in a class name */
  assert_body (".a\\:b { color: red } .\\31 0 { color: blue }", "<p class=\"a:b\">a</p><p class=\"10\">b</p>",
               "<p class=\"a:b\" style=\"color: red;\">a</p><p class=\"10\" style=\"color: blue;\">b</p>");
  /* a descendant chain with a child step needs the right ancestor */
  assert_body ("table > tr td span { color: red }",
               "<table><tr><td><span>a</span></td></tr></table><div><span>b</span></div>",
               "<table><tr><td><span style=\"color: red;\">a</span></td></tr></table><div><span>b</span></div>");
  assert_body ("div.x > p { color: red }",
               "<div class=\"x\"><section><p>a</p></section><p>b</p></div>",
               "<div class=\"x\"><section><p>a</p></section><p style=\"color: red;\">b</p></div>");
}

static void
test_specificity (void)
{
  /* id beats class beats type, whatever the order */
  assert_body ("#a { color: red } .b { color: green } p { color: blue }",
               "<p id=\"a\" class=\"b\">x</p><p class=\"b\">y</p><p>z</p>",
               "<p id=\"a\" class=\"b\" style=\"color: red;\">x</p><p class=\"b\" style=\"color: green;\">y</p>"
               "<p style=\"color: blue;\">z</p>");
  /* equal specificity: the later rule */
  assert_body ("p { color: red } p { color: blue }", "<p>x</p>", "<p style=\"color: blue;\">x</p>");
  /* more types beat fewer */
  assert_body ("div p { color: red } p { color: blue }", "<div><p>x</p></div>",
               "<div><p style=\"color: red;\">x</p></div>");
  /* a list: each selector keeps its own specificity */
  assert_body ("p.a, p { color: red } p { color: blue }", "<p class=\"a\">x</p><p>y</p>",
               "<p class=\"a\" style=\"color: red;\">x</p><p style=\"color: blue;\">y</p>");
  /* declarations come out in the cascade's order: a shorthand before the
   * longhand that beats it */
  assert_body ("p.x { padding-left: 5px } p { padding: 0 }", "<p class=\"x\">a</p>",
               "<p class=\"x\" style=\"padding: 0; padding-left: 5px;\">a</p>");
}

static void
test_important_and_inline (void)
{
  /* the element's own style wins over the sheet, and stays in its place */
  assert_body ("#a { color: red; margin: 0 }", "<p id=\"a\" style=\"color: blue\">x</p>",
               "<p id=\"a\" style=\"margin: 0; color: blue;\">x</p>");
  /* … unless the rule is !important */
  assert_body ("p { color: red !important }", "<p style=\"color: blue\">x</p>",
               "<p style=\"color: red;\">x</p>");
  /* an !important of its own beats that */
  assert_body ("p { color: red !important }", "<p style=\"color: blue ! IMPORTANT\">x</p>",
               "<p style=\"color: blue;\">x</p>");
  /* !important beats specificity */
  assert_body ("p { color: red !important } #a { color: blue }", "<p id=\"a\">x</p>",
               "<p id=\"a\" style=\"color: red;\">x</p>");
  /* the style attribute is rewritten whole; the tag's other bytes stay */
  assert_body ("img { border: 0 }", "<img src='a.png'   STYLE='display:block' alt=\"&quot;\"/>",
               "<img src='a.png'   style=\"border: 0; display: block;\" alt=\"&quot;\"/>");
  /* a new attribute goes after the last one, before "/>" */
  assert_body ("br { line-height: 1 } img { border: 0 }", "<br/><img src=a.png/>",
               "<br style=\"line-height: 1;\"/><img src=a.png/ style=\"border: 0;\">");
  /* values with quotes and ampersands are escaped for the attribute */
  assert_body ("p { font-family: \"Hiragino Sans\", 'Meiryo'; background: url(a.png?x=1&y=2) }", "<p>x</p>",
               "<p style=\"font-family: &quot;Hiragino Sans&quot;, 'Meiryo'; "
               "background: url(a.png?x=1&amp;y=2);\">x</p>");
}

static void
test_kept (void)
{
  g_autofree char *out = NULL;

  /* media queries, pseudo-classes and @font-face stay in one <style> in
   * the head, where the first one was; the others go */
  out = herald_css_inline ("<html><head><style type=\"text/css\">\n"
                           "<!--\n"
                           "@font-face { font-family: X; src: url(x.woff) }\n"
                           "a { color: red }\n"
                           "a:hover, a.b { color: blue }\n"
                           "@media only screen and (max-width: 600px) { .col { width: 100% !important } }\n"
                           "-->\n"
                           "</style></head><body><style>p { margin: 0 }</style>"
                           "<a class=\"b\" href=\"#\">x</a><p class=\"col\">y</p></body></html>");
  g_assert_cmpstr (out, ==,
                   "<html><head><style type=\"text/css\">\n"
                   "@font-face { font-family: X; src: url(x.woff) }\n"
                   "a:hover { color: blue }\n"
                   "@media only screen and (max-width: 600px) { .col { width: 100% !important } }\n"
                   "</style></head><body>"
                   "<a class=\"b\" href=\"#\" style=\"color: blue;\">x</a><p class=\"col\" style=\"margin: 0;\">y</p>"
                   "</body></html>");
  g_clear_pointer (&out, g_free);

  /* a <style> in the body: what stays moves into the head */
  out = herald_css_inline ("<html><head><title>t</title>\n</head><body><style>p { margin: 0 } "
                           "@media (max-width: 600px) { p { margin: 4px !important } }</style><p>x</p></body></html>");
  g_assert_cmpstr (out, ==,
                   "<html><head>\n<style>\n"
                   "@media (max-width: 600px) { p { margin: 4px !important } }\n</style><title>t</title>\n"
                   "</head><body><p style=\"margin: 0;\">x</p></body></html>");
  g_clear_pointer (&out, g_free);
  /* … and stays where it was when there is no head */
  out = herald_css_inline ("<body><style>p { margin: 0 } a:hover { color: red }</style><p>x</p></body>");
  g_assert_cmpstr (out, ==, "<body><style>\na:hover { color: red }\n</style><p style=\"margin: 0;\">x</p></body>");
  g_clear_pointer (&out, g_free);

  /* all inlined: the <style> goes */
  out = herald_css_inline ("<head><style>p{color:red}</style></head><p>x</p>");
  g_assert_cmpstr (out, ==, "<head></head><p style=\"color: red;\">x</p>");
}

static const char template_html[] =
  "<!DOCTYPE html>\n"
  "<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>お知らせ</title>\n"
  "<style>\n"
  "  /* 見出し */ h1 { color: #333; font-family: \"ヒラギノ角ゴ ProN\", sans-serif }\n"
  "  .btn { background: #e60; color: #fff }\n"
  "  td p { margin: 0 0 1em }\n"
  "</style></head>\n"
  "<body>\n"
  "<h1>{{ 氏名 | \"お客様\" }}様、こんにちは</h1>\n"
  "<table><tr><td>\n"
  "{{#if 会員番号}}<p>会員番号: {{ 会員番号 }}</p>{{else}}<p>ご登録ください</p>{{/if}}\n"
  "<p><a class=\"btn\" href=\"{{ url }}\">詳しく見る &amp; 購入</a></p>\n"
  "</td></tr></table>\n"
  "<p>\\{{ これは文字 }} <a href=\"{{ unsubscribe_url }}\">配信停止</a></p>\n"
  "</body></html>\n";

static const char *
lookup (const char *field,
        gpointer    user_data)
{
  if (g_str_equal (field, "氏名"))
    return "山田 <太郎>";
  if (g_str_equal (field, "会員番号"))
    return user_data;
  if (g_str_equal (field, "url"))
    return "https://shop.example.jp/a b";
  return NULL;
}

/* Merge fields, conditionals, escapes, entities and Japanese text come
 * through the inliner byte for byte, and the result renders like the
 * source with only the styles moved. */
static void
test_template_intact (void)
{
  HeraldTemplateRecord plain = { .name = "t", .subject = "s", .html = NULL };
  HeraldMergeSender sender = { .from = "shop@example.jp" };
  g_autofree char *out = herald_css_inline (template_html);
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldMerge) merge = NULL;
  HeraldRendered r = { 0 };

  g_assert_nonnull (out);
  g_assert_nonnull (strstr (out, "<h1 style=\"color: #333; font-family: &quot;ヒラギノ角ゴ ProN&quot;, sans-serif;\">"
                                 "{{ 氏名 | \"お客様\" }}様、こんにちは</h1>"));
  g_assert_nonnull (strstr (out, "{{#if 会員番号}}<p style=\"margin: 0 0 1em;\">会員番号: {{ 会員番号 }}</p>{{else}}"
                                 "<p style=\"margin: 0 0 1em;\">ご登録ください</p>{{/if}}"));
  g_assert_nonnull (strstr (out, "<a class=\"btn\" href=\"{{ url }}\" style=\"background: #e60; color: #fff;\">"
                                 "詳しく見る &amp; 購入</a>"));
  g_assert_nonnull (strstr (out, "<p>\\{{ これは文字 }} <a href=\"{{ unsubscribe_url }}\">配信停止</a></p>"));
  g_assert_null (strstr (out, "<style"));
  g_assert_true (g_str_has_prefix (out, "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>お知らせ</title>\n</head>"));

  /* The merge composes with it: fields escaped as before, the branch chosen. */
  plain.html = (char *) template_html;
  merge = herald_merge_new (&plain, &sender, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (herald_merge_render (merge, &(HeraldMergeRecipient) { "taro@example.jp", 0, lookup, (gpointer) "A-1" }, &r, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (r.html, "<h1 style=\"color: #333; font-family: &quot;ヒラギノ角ゴ ProN&quot;, sans-serif;\">"
                                    "山田 &lt;太郎&gt;様、こんにちは</h1>"));
  g_assert_nonnull (strstr (r.html, "<p style=\"margin: 0 0 1em;\">会員番号: A-1</p>\n"));
  g_assert_null (strstr (r.html, "ご登録ください"));
  g_assert_nonnull (strstr (r.html, "href=\"https://shop.example.jp/a%20b\" style=\"background: #e60; color: #fff;\""));
  g_assert_nonnull (strstr (r.html, "<p>{{ これは文字 }} "));
  g_assert_null (strstr (r.html, "<style"));
  /* the text part is made from the template as written */
  g_assert_nonnull (strstr (r.text, "会員番号: A-1"));
  herald_rendered_clear (&r);
}

/* A class made of merge fields may select differently for each recipient:
 * that element gets nothing, and the sheet stays for the clients that
 * read it. */
static void
test_dynamic_class (void)
{
  g_autofree char *out = herald_css_inline ("<style>.gold { color: gold } p { margin: 0 }</style>"
                                            "<p class=\"{{#if vip}}gold{{/if}}\">a</p><p>b</p>");

  g_assert_cmpstr (out, ==, "<style>.gold { color: gold } p { margin: 0 }</style>"
                            "<p class=\"{{#if vip}}gold{{/if}}\">a</p><p style=\"margin: 0;\">b</p>");
}

static void
test_css_syntax (void)
{
  g_autoptr(HeraldCssSheet) sheet = herald_css_sheet_new ();
  const HeraldCssRule *rule;
  const HeraldCssDeclaration *decl;
  g_autoptr(GPtrArray) decls = NULL;
  static const char css[] =
    "/* a } in a comment { */ p /* c */ { content: \"}\\\"; {\"; color /* x */ : red ; }\n"
    "a { background: url(x.png;y) no-repeat; COLOR: Blue!important; --Brand: #fff }\n"
    "bad selector!, p { color: green }\n"      /* invalid: the whole rule dropped */
    "p { color: ; width: 10px; : x; height }\n"
    "@import url(\"a.css\");\n"
    "@charset \"utf-8\";\n"
    "p { font-family: 'unterminated\n"
    "; margin: 0 }\n";

  herald_css_sheet_add (sheet, css, strlen (css));
  g_assert_cmpuint (sheet->rules->len, ==, 4);

  rule = g_ptr_array_index (sheet->rules, 0);
  g_assert_cmpuint (rule->declarations->len, ==, 2);
  decl = g_ptr_array_index (rule->declarations, 0);
  g_assert_cmpstr (decl->property, ==, "content");
  g_assert_cmpstr (decl->value, ==, "\"}\\\"; {\"");
  decl = g_ptr_array_index (rule->declarations, 1);
  g_assert_cmpstr (decl->property, ==, "color");
  g_assert_cmpstr (decl->value, ==, "red");

  rule = g_ptr_array_index (sheet->rules, 1);
  g_assert_cmpuint (rule->declarations->len, ==, 3);
  decl = g_ptr_array_index (rule->declarations, 0);
  g_assert_cmpstr (decl->value, ==, "url(x.png;y) no-repeat");
  decl = g_ptr_array_index (rule->declarations, 1);
  g_assert_cmpstr (decl->property, ==, "color");
  g_assert_cmpstr (decl->value, ==, "Blue");
  g_assert_true (decl->important);
  decl = g_ptr_array_index (rule->declarations, 2);
  g_assert_cmpstr (decl->property, ==, "--Brand");

  rule = g_ptr_array_index (sheet->rules, 2);
  g_assert_cmpuint (rule->declarations->len, ==, 1);
  decl = g_ptr_array_index (rule->declarations, 0);
  g_assert_cmpstr (decl->property, ==, "width");
  rule = g_ptr_array_index (sheet->rules, 3);
  g_assert_cmpuint (rule->declarations->len, ==, 1);
  decl = g_ptr_array_index (rule->declarations, 0);
  g_assert_cmpstr (decl->property, ==, "margin");

  /* the bad string's declaration is dropped, the next one kept; the
   * @import kept, the @charset not */
  g_assert_cmpstr (sheet->kept->str, ==, "@import url(\"a.css\");\n");

  decls = herald_css_parse_declarations ("color: red; font: 12px/1.5 \"A;B\"; ;;margin:0", 45);
  g_assert_cmpuint (decls->len, ==, 3);
  decl = g_ptr_array_index (decls, 1);
  g_assert_cmpstr (decl->value, ==, "12px/1.5 \"A;B\"");
}

/* The rule cut short by the end of the sheet still applies; the font
 * rule's bad string does not take the next rule with it. */
static void
test_malformed (void)
{
  static const char * const inputs[] = {
    "<style>p { color: red",
    "<style>p { color: red }",
    "<style>p { color: red } </style",
    "<style>}}}{{{ p {</style><p>x</p>",
    "<style>\\</style><p>x</p>",
    "<style>p{color:red}</style><p style=\"\">x</p><p style>y</p>",
    "<style>p > > a { color: red } > p { x: y } p, { z: 1 }</style><p>x</p>",
    "<style>p { color: \"</style><p>x</p>",
    "<style>@media { p { color: red }</style><p>x</p>",
    "<STYLE>p{color:red}</STYLE><p>x<p>y<table><td>z</table>",
    "<style>p{color:red}</style><p <p>x</p>",
    "<style>p{color:red}</style><p title=\"x>y\">x</p><p title='unclosed>y</p>",
    "<style>p{color:red}</style>\xff\xfe<p>\xe3\x81</p>",
    "<style>td{color:red}</style><td>a</td>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *out = herald_css_inline (inputs[i]);
      g_autofree char *text = NULL;

      if (out == NULL)
        continue;
      /* usable: it parses, and still has its text */
      text = herald_text_from_html (out, -1);
      g_assert_nonnull (text);
    }
  /* libxml2 ends a <style> at "</styleX", HTML and the template language
   * do not: read two ways, the document is left as it is */
  assert_inline ("<style>p { color: red }</styleX><p>x</p></style><p>y</p>", NULL);
  assert_inline ("<style>p { color: red }</style><script>a</scriptX><p>x</p></script><p>y</p>", NULL);
  assert_inline ("<style>p { color: red }</style ><script>a</script><p>y</p>",
                 "<script>a</script><p style=\"color: red;\">y</p>");
  assert_inline ("<style>p { color: red } q { color: \"\n; margin: 0 } a { top: 0 }</style><p>x</p><q>y</q><a>z</a>",
                 "<p style=\"color: red;\">x</p><q style=\"margin: 0;\">y</q><a style=\"top: 0;\">z</a>");
  assert_inline ("<style>p{color:red}</style><p>x<p>y", "<p style=\"color: red;\">x<p style=\"color: red;\">y");
  /* an empty style attribute, and one with no value, are replaced */
  assert_inline ("<style>p{color:red}</style><p style=\"\">x</p><p style>y</p>",
                 "<p style=\"color: red;\">x</p><p style=\"color: red;\">y</p>");
}

/* What the merge compiles is the inlined HTML, once; without <style> the
 * message is what it was. */
static void
test_merge (void)
{
  HeraldTemplateRecord record = { .name = "t", .subject = "s", .html = "<p class=\"a\">Hi {{ name }}</p>" };
  HeraldMergeSender sender = { .from = "shop@example.jp" };
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldMerge) plain = herald_merge_new (&record, &sender, NULL, &error);
  g_autoptr(HeraldMerge) styled = NULL;
  HeraldRendered r = { 0 };

  g_assert_no_error (error);
  g_assert_true (herald_merge_render (plain, &(HeraldMergeRecipient) { "a@example.jp", 0, NULL, NULL }, &r, &error));
  g_assert_cmpstr (r.html, ==, "<p class=\"a\">Hi </p>");
  herald_rendered_clear (&r);

  record.html = "<style>.a { color: red }</style><p class=\"a\">Hi {{ name }}</p>";
  styled = herald_merge_new (&record, &sender, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (herald_merge_render (styled, &(HeraldMergeRecipient) { "a@example.jp", 0, NULL, NULL }, &r, &error));
  g_assert_cmpstr (r.html, ==, "<p class=\"a\" style=\"color: red;\">Hi </p>");
  herald_rendered_clear (&r);

  /* a compile error still points at the user's own line and column */
  record.html = "<style>p { color: red }</style>\n<p>{{ name </p>";
  g_clear_pointer (&styled, herald_merge_free);
  styled = herald_merge_new (&record, &sender, NULL, &error);
  g_assert_null (styled);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "2:"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/css-inline/no-style", test_no_style);
  g_test_add_func ("/css-inline/selectors", test_selectors);
  g_test_add_func ("/css-inline/specificity", test_specificity);
  g_test_add_func ("/css-inline/important-and-inline", test_important_and_inline);
  g_test_add_func ("/css-inline/kept", test_kept);
  g_test_add_func ("/css-inline/template-intact", test_template_intact);
  g_test_add_func ("/css-inline/dynamic-class", test_dynamic_class);
  g_test_add_func ("/css-inline/css-syntax", test_css_syntax);
  g_test_add_func ("/css-inline/malformed", test_malformed);
  g_test_add_func ("/css-inline/merge", test_merge);

  return g_test_run ();
}
