/* test-template.c — the merge language
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-template"

#include "config.h"

#include <string.h>

#include "herald-template.h"

/* ---- helpers ---------------------------------------------------------- */

static const char *
lookup_table (const char *field,
              gpointer    user_data)
{
  return g_hash_table_lookup (user_data, field);
}

/* Values as "name", "value", … NULL. */
static GHashTable *
make_values (const char *first, ...)
{
  GHashTable *values = g_hash_table_new (g_str_hash, g_str_equal);
  va_list args;

  va_start (args, first);
  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    g_hash_table_insert (values, (gpointer) name, va_arg (args, char *));
  va_end (args);
  return values;
}

static char *
render_with (const char            *source,
             HeraldTemplateContext  context,
             GHashTable            *values)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplate) tmpl = herald_template_compile (source, context, NULL, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (tmpl);
  herald_template_render (tmpl, lookup_table, values, out, &error);
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Renders @source with one field "x" set to @value. */
static char *
render1 (const char *source, HeraldTemplateContext context, const char *value)
{
  g_autoptr(GHashTable) values = make_values ("x", value, NULL);

  return render_with (source, context, values);
}

#define HTML HERALD_TEMPLATE_CONTEXT_HTML
#define TEXT HERALD_TEMPLATE_CONTEXT_TEXT
#define HEADER HERALD_TEMPLATE_CONTEXT_HEADER

#define assert_render(source, context, value, expected) G_STMT_START { \
    g_autofree char *_got = render1 ((source), (context), (value)); \
    g_assert_cmpstr (_got, ==, (expected)); \
  } G_STMT_END

/* Compiling @source fails with @code at @line:@column. */
static void
assert_compile_error (const char            *source,
                      HeraldTemplateContext  context,
                      const char * const    *known,
                      int                    code,
                      guint                  line,
                      guint                  column,
                      const char            *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplate) tmpl = herald_template_compile (source, context, known, &error);
  guint l = 0, c = 0;
  g_autofree char *prefix = g_strdup_printf ("%u:%u: ", line, column);

  g_assert_null (tmpl);
  g_assert_error (error, HERALD_TEMPLATE_ERROR, code);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("“%s”: expected the message to start with “%s”, got “%s”", source, prefix, error->message);
  g_assert_true (herald_template_error_get_position (error, &l, &c));
  g_assert_cmpuint (l, ==, line);
  g_assert_cmpuint (c, ==, column);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s”: expected “%s” in “%s”", source, fragment, error->message);
}

/* ---- escaping by context ----------------------------------------------- */

static void
test_escape_html (void)
{
  assert_render ("<p>{{ x }}</p>", HTML, "a & b < c > d \" e ' f",
                 "<p>a &amp; b &lt; c &gt; d &quot; e &#39; f</p>");
  assert_render ("<p>{{x}}</p>", HTML, "plain", "<p>plain</p>");
}

static void
test_escape_attribute (void)
{
  assert_render ("<img alt=\"{{ x }}\">", HTML, "\"><b>'",
                 "<img alt=\"&quot;&gt;&lt;b&gt;&#39;\">");
  assert_render ("<img alt='{{ x }}'>", HTML, "it's \"so\"",
                 "<img alt='it&#39;s &quot;so&quot;'>");
  assert_render ("<td class=\"a {{ x }}\">", HTML, "b&c", "<td class=\"a b&amp;c\">");
}

static void
test_escape_url_whole (void)
{
  assert_render ("<a href=\"{{ x }}\">", HTML, "https://x.jp/a b?q=1&r='2'#f",
                 "<a href=\"https://x.jp/a%20b?q=1&amp;r=&#39;2&#39;#f\">");
  assert_render ("<a href=\"{{ x }}\">", HTML, "https://例え.jp/\"<>",
                 "<a href=\"https://%E4%BE%8B%E3%81%88.jp/%22%3C%3E\">");
  assert_render ("<a href='{{ x }}'>", HTML, "mailto:a@b.jp?subject=stop",
                 "<a href='mailto:a@b.jp?subject=stop'>");
  assert_render ("<img src=\"{{ x }}\">", HTML, "/images/logo.png", "<img src=\"/images/logo.png\">");
  assert_render ("<a href=\"{{ x }}\">", HTML, "  http://x.jp/%41%zz  ",
                 "<a href=\"http://x.jp/%41%25zz\">");
  assert_render ("<a HREF=\" {{ x }}\">", HTML, "ftp://x.jp/", "<a HREF=\" #\">");
  /* Every URL attribute, not just href. */
  assert_render ("<form action=\"{{ x }}\">", HTML, "javascript:1", "<form action=\"#\">");
  assert_render ("<td background=\"{{ x }}\">", HTML, "data:x", "<td background=\"#\">");
  assert_render ("<video poster=\"{{ x }}\">", HTML, "vbscript:x", "<video poster=\"#\">");
}

static void
test_escape_url_query (void)
{
  assert_render ("<a href=\"https://x.jp/?u={{ x }}\">", HTML, "a+b@c.jp&d=\"1\" 氏",
                 "<a href=\"https://x.jp/?u=a%2Bb%40c.jp%26d%3D%221%22%20%E6%B0%8F\">");
  assert_render ("<a href=\"https://x.jp/{{ x }}\">", HTML, "javascript:alert(1)",
                 "<a href=\"https://x.jp/javascript%3Aalert%281%29\">");
  /* A second field in the same URL is a part of it, not its start. */
  {
    g_autoptr(GHashTable) values = make_values ("a", "https://x.jp", "b", "/p q", NULL);
    g_autofree char *got = render_with ("<a href=\"{{a}}{{b}}\">", HTML, values);

    g_assert_cmpstr (got, ==, "<a href=\"https://x.jp%2Fp%20q\">");
  }
}

static void
test_escape_header (void)
{
  assert_render ("Hello {{ x }}!", HEADER, "<b>\"&'", "Hello <b>\"&'!");
  assert_render ("Tab\t{{ x }}", HEADER, "a\tb", "Tab\ta\tb");
}

static void
test_escape_text (void)
{
  assert_render ("Dear {{ x }},\n", TEXT, "<b>&amp;\r\n", "Dear <b>&amp;\r\n,\n");
  assert_render ("<a href=\"{{ x }}\">", TEXT, "javascript:x", "<a href=\"javascript:x\">");
}

static void
test_escape_comment (void)
{
  assert_render ("<!-- {{ x }} --><p>", HTML, "--><script>", "<!-- --&gt;&lt;script&gt; --><p>");
  /* Outlook's conditional comments hold markup, followed as such. */
  assert_render ("<!--[if mso]><v:rect href=\"{{ x }}\"><![endif]-->", HTML, "javascript:1",
                 "<!--[if mso]><v:rect href=\"#\"><![endif]-->");
  assert_render ("<!--[if !mso]><!--><a href=\"{{ x }}\"><!--<![endif]-->", HTML, "javascript:1",
                 "<!--[if !mso]><!--><a href=\"#\"><!--<![endif]-->");
  /* After a comment with markup-looking text, text again. */
  assert_render ("<!-- <a href=\" --><p>{{ x }}</p>", HTML, "<", "<!-- <a href=\" --><p>&lt;</p>");
  assert_render ("<!-- a --!><a href=\"{{ x }}\">", HTML, "javascript:1", "<!-- a --!><a href=\"#\">");
  assert_render ("<!--><a href=\"{{ x }}\">", HTML, "javascript:1", "<!--><a href=\"#\">");
}

static void
test_escape_markup_places (void)
{
  /* After a script or style element, text again. */
  assert_render ("<style>p{color:red}</style><a href=\"{{ x }}\">", HTML, "javascript:1",
                 "<style>p{color:red}</style><a href=\"#\">");
  assert_render ("<script>a=\"</scripts>\"</SCRIPT ><p>{{ x }}", HTML, "<",
                 "<script>a=\"</scripts>\"</SCRIPT ><p>&lt;");
  assert_render ("<!DOCTYPE html><title>{{ x }}</title>", HTML, "<", "<!DOCTYPE html><title>&lt;</title>");
  assert_render ("a < b {{ x }}", HTML, "<", "a < b &lt;");
  assert_render ("<a title=\"x>y\" href=\"{{ x }}\">", HTML, "javascript:", "<a title=\"x>y\" href=\"#\">");
  assert_render ("<a data-href=\"{{ x }}\">", HTML, "javascript:", "<a data-href=\"javascript:\">");
}

/* ---- fallbacks, conditionals, fields ----------------------------------- */

static void
test_fallback_missing (void)
{
  g_autoptr(GHashTable) values = make_values (NULL);
  g_autofree char *got = render_with ("Dear {{ name | \"customer\" }}, {{ other }}.", TEXT, values);

  g_assert_cmpstr (got, ==, "Dear customer, .");
}

static void
test_fallback_empty (void)
{
  assert_render ("{{ x | \"none\" }}", TEXT, "", "none");
  assert_render ("{{ x | \"none\" }}", TEXT, " \t\u3000", "none");
  assert_render ("{{ x | \"none\" }}", TEXT, "0", "0");
  assert_render ("{{x|\"none\"}}", TEXT, "set", "set");
  assert_render ("{{ x | \"\" }}", TEXT, NULL, "");
}

static void
test_fallback_quote (void)
{
  assert_render ("{{ x | \"say \\\"hi\\\" \\\\ }} {{ y }}\" }}", TEXT, NULL, "say \"hi\" \\ }} {{ y }}");
  /* A fallback is escaped like a value. */
  assert_render ("<p>{{ x | \"Tom & \\\"Jerry\\\"\" }}</p>", HTML, NULL, "<p>Tom &amp; &quot;Jerry&quot;</p>");
  assert_render ("<a href=\"{{ x | \"javascript:1\" }}\">", HTML, NULL, "<a href=\"#\">");
}

static void
test_if_else (void)
{
  const char *source = "A{{#if x}}B{{ x }}{{else}}C{{/if}}D";

  assert_render (source, TEXT, "1", "AB1D");
  assert_render (source, TEXT, "", "ACD");
  assert_render (source, TEXT, NULL, "ACD");
  assert_render ("{{#if x}}yes{{/if}}", TEXT, NULL, "");
  assert_render ("{{#if x}}yes{{/if}}", TEXT, "v", "yes");
  assert_render ("{{ #if  x }}{{ else }}{{ /if }}end", TEXT, "v", "end");
}

static void
test_unless (void)
{
  const char *source = "{{#unless x}}none{{else}}some{{/unless}}.";

  assert_render (source, TEXT, NULL, "none.");
  assert_render (source, TEXT, "  ", "none.");
  assert_render (source, TEXT, "v", "some.");
  assert_render ("{{#unless x}}n{{/unless}}", TEXT, "v", "");
}

static void
test_if_nested (void)
{
  const char *source =
    "{{#if a}}A{{#unless b}}-notB{{else}}-B{{#if c}}-C{{/if}}{{/unless}}{{else}}"
    "{{#if c}}onlyC{{else}}none{{/if}}{{/if}}!";
  const struct { const char *a, *b, *c, *expected; } cases[] = {
    { "1", NULL, NULL, "A-notB!" },
    { "1", "1", NULL, "A-B!" },
    { "1", "1", "1", "A-B-C!" },
    { NULL, "1", "1", "onlyC!" },
    { NULL, NULL, NULL, "none!" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
      g_autofree char *got = NULL;

      if (cases[i].a) g_hash_table_insert (values, "a", (gpointer) cases[i].a);
      if (cases[i].b) g_hash_table_insert (values, "b", (gpointer) cases[i].b);
      if (cases[i].c) g_hash_table_insert (values, "c", (gpointer) cases[i].c);
      got = render_with (source, TEXT, values);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

static void
test_if_in_attribute (void)
{
  const char *source = "<a class=\"b{{#if x}} vip{{/if}}\" href=\"{{#if x}}https://a.jp/{{else}}/b{{/if}}\">";

  assert_render (source, HTML, "1", "<a class=\"b vip\" href=\"https://a.jp/\">");
  assert_render (source, HTML, NULL, "<a class=\"b\" href=\"/b\">");
  assert_render ("<td{{#if x}} style=\"color:red\"{{/if}}>", HTML, "1", "<td style=\"color:red\">");
  /* When a branch may have begun a URL, what follows is a part of it. */
  {
    const char *maybe = "<a href=\"{{#if x}}https://a.jp/?q={{/if}}{{ y }}\">";
    g_autoptr(GHashTable) set = make_values ("x", "1", "y", "javascript:alert(1)", NULL);
    g_autoptr(GHashTable) unset = make_values ("y", "javascript:alert(1)", NULL);
    g_autofree char *with = render_with (maybe, HTML, set);
    g_autofree char *without = render_with (maybe, HTML, unset);

    g_assert_cmpstr (with, ==, "<a href=\"https://a.jp/?q=javascript%3Aalert%281%29\">");
    g_assert_cmpstr (without, ==, "<a href=\"javascript%3Aalert%281%29\">");
  }
}

static void
test_fields_japanese (void)
{
  const char * const known[] = { "氏名", "会社名", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplate) tmpl = NULL;
  g_autoptr(GHashTable) values = make_values ("氏名", "山田 太郎", "会社名", "株式会社<ヤマダ>", NULL);
  g_autoptr(GString) out = g_string_new ("前置き:");

  tmpl = herald_template_compile ("<p>{{会社名}} {{ 氏名 }}様{{#if 会社名}}。{{/if}}{{　氏名　}}</p>",
                                  HTML, known, &error);
  g_assert_no_error (error);
  g_assert_true (herald_template_render (tmpl, lookup_table, values, out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out->str, ==, "前置き:<p>株式会社&lt;ヤマダ&gt; 山田 太郎様。山田 太郎</p>");
}

static void
test_fields_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplate) tmpl = NULL;
  const char * const *fields;
  /* "ガ" decomposed (カ + U+3099) names the same field as composed "ガ". */
  const char * const known[] = { "ガ", "b", "a", NULL };

  tmpl = herald_template_compile ("{{ email }}{{#if b}}{{ a }}{{/if}}{{ b }}{{ today }}{{ \u30ab\u3099 }}"
                                  "{{ a }}{{ unsubscribe_url }}{{ unsubscribe_mailto }}",
                                  TEXT, known, &error);
  g_assert_no_error (error);
  fields = herald_template_get_fields (tmpl);
  g_assert_cmpuint (g_strv_length ((char **) fields), ==, 3);
  g_assert_cmpstr (fields[0], ==, "b");
  g_assert_cmpstr (fields[1], ==, "a");
  g_assert_cmpstr (fields[2], ==, "ガ");
  g_assert_true (herald_template_is_builtin_field ("today"));
  g_assert_false (herald_template_is_builtin_field ("name"));
  g_assert_cmpint (herald_template_get_context (tmpl), ==, TEXT);
}

static void
test_literal_braces (void)
{
  assert_render ("\\{{ x }} {{ x }} \\{{#if}} a\\b }}", TEXT, "v", "{{ x }} v {{#if}} a\\b }}");
  assert_render ("", TEXT, "v", "");
  assert_render ("no fields at all", HTML, "v", "no fields at all");
}

/* ---- compile errors ------------------------------------------------------ */

static void
test_errors_positions (void)
{
  const char * const known[] = { "name", "氏名", NULL };

  assert_compile_error ("Hello\n  {{ nmae }}", TEXT, known, HERALD_TEMPLATE_ERROR_UNKNOWN_FIELD, 2, 6, "nmae");
  assert_compile_error ("{{ Name }}", TEXT, known, HERALD_TEMPLATE_ERROR_UNKNOWN_FIELD, 1, 4, "“name”");
  /* Columns count characters, not bytes. */
  assert_compile_error ("こんにちは{{ 会社名 }}", TEXT, known, HERALD_TEMPLATE_ERROR_UNKNOWN_FIELD, 1, 9, "会社名");
  assert_compile_error ("a\n\nこんにちは {{ 氏名", TEXT, known, HERALD_TEMPLATE_ERROR_UNCLOSED, 3, 7, NULL);
  assert_compile_error ("x {{#if name}}\n<p>\n", TEXT, known, HERALD_TEMPLATE_ERROR_UNCLOSED, 1, 3, "{{/if}}");
  assert_compile_error ("{{#if name}}{{#unless name}}{{/unless}}", TEXT, known, HERALD_TEMPLATE_ERROR_UNCLOSED, 1, 1, NULL);
  assert_compile_error ("a\n {{/if}}", TEXT, known, HERALD_TEMPLATE_ERROR_SYNTAX, 2, 2, "{{/if}}");
  assert_compile_error ("a {{else}}", TEXT, known, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 3, "{{else}}");
  assert_compile_error ("{{#if name}}{{else}}{{else}}{{/if}}", TEXT, known, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 21, NULL);
  assert_compile_error ("{{#if name}}\n{{/unless}}", TEXT, known, HERALD_TEMPLATE_ERROR_SYNTAX, 2, 1, "{{/if}}");
  assert_compile_error ("{{#each name}}", TEXT, known, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 3, "#each");
  assert_compile_error ("{{ }} }}", TEXT, known, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 4, NULL);
  assert_compile_error ("{{ name name }}", TEXT, known, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 9, "“}}”");
  assert_compile_error ("{{ name | fallback }}", TEXT, known, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 11, NULL);
  assert_compile_error ("{{ name | \"open }}", TEXT, known, HERALD_TEMPLATE_ERROR_UNCLOSED, 1, 11, NULL);
  assert_compile_error ("{{{ name }}}", TEXT, NULL, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 3, NULL);
  assert_compile_error ("ok\xff", TEXT, NULL, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 3, "UTF-8");
}

static void
test_errors_html_places (void)
{
  const char *in_tag = "quoted attribute value";

  assert_compile_error ("<a {{ x }}>", HTML, NULL, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 7, in_tag);
  assert_compile_error ("<{{x}}>", HTML, NULL, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 4, in_tag);
  assert_compile_error ("</{{x}}>", HTML, NULL, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 5, in_tag);
  assert_compile_error ("<a{{x}}>", HTML, NULL, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 5, in_tag);
  assert_compile_error ("<a href={{x}}>", HTML, NULL, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 11, in_tag);
  assert_compile_error ("<a href=x{{x}}>", HTML, NULL, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 12, in_tag);
  assert_compile_error ("<a href=\"\" {{x}}=\"1\">", HTML, NULL, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 14, in_tag);
  assert_compile_error ("<script>var a = \"{{ x }}\";</script>", HTML, NULL, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 21, "<script>");
  assert_compile_error ("<style>\np { color: {{ x }} }</style>", HTML, NULL, HERALD_TEMPLATE_ERROR_SYNTAX, 2, 15, "<style>");
  assert_compile_error ("<script src=\"{{ x }}\"></script>", HTML, NULL, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 17, "<script>");
  assert_compile_error ("<a onclick=\"{{ x }}\">", HTML, NULL, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 16, "event handler");
  assert_compile_error ("<p style=\"color: {{ x }}\">", HTML, NULL, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 21, NULL);
  assert_compile_error ("<iframe srcdoc=\"{{ x }}\">", HTML, NULL, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 20, NULL);
  /* Branches that leave the markup in different places. */
  assert_compile_error ("{{#if x}}<a href=\"{{/if}}{{ y }}\">", HTML, NULL, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 1, "branches");
  assert_compile_error ("<a {{#if x}}href{{else}}title{{/if}}=\"{{ y }}\">", HTML, NULL, HERALD_TEMPLATE_ERROR_SYNTAX, 1, 4, "branches");
  /* The same text in TEXT context is fine. */
  {
    g_autoptr(HeraldTemplate) tmpl = herald_template_compile ("<a {{ x }}><script>{{ x }}", TEXT, NULL, NULL);

    g_assert_nonnull (tmpl);
  }
}

static void
test_errors_header (void)
{
  assert_compile_error ("Subject\nBcc: x@y.jp", HEADER, NULL, HERALD_TEMPLATE_ERROR_HEADER_BREAK, 1, 8, NULL);
  assert_compile_error ("A {{ x | \"a\rb\" }}", HEADER, NULL, HERALD_TEMPLATE_ERROR_HEADER_BREAK, 1, 12, NULL);
}

/* ---- hostile data ------------------------------------------------------------ */

static const char *hostile_page =
  "<html><body><p title=\"{{ x }}\">Hi {{ x }}</p>"
  "<a href=\"{{ x }}\">l</a><a href=\"https://x.jp/?u={{ x }}\">q</a>"
  "<!-- {{ x }} --></body></html>";

/* Whatever x holds, the markup around it is the template's: the tags and
 * attribute boundaries are the same as with a harmless value. */
static void
count_markup (const char *html, guint counts[3])
{
  counts[0] = counts[1] = counts[2] = 0;
  for (const char *p = html; *p; p++)
    {
      counts[0] += *p == '<';
      counts[1] += *p == '>';
      counts[2] += *p == '"' || *p == '\'';
    }
}

static void
assert_structure_kept (const char *value)
{
  g_autofree char *got = render1 (hostile_page, HTML, value);
  g_autofree char *plain = render1 (hostile_page, HTML, "harmless");
  guint expected[3], counts[3];

  count_markup (plain, expected);
  count_markup (got, counts);
  g_assert_cmpuint (counts[0], ==, expected[0]);
  g_assert_cmpuint (counts[1], ==, expected[1]);
  g_assert_cmpuint (counts[2], ==, expected[2]);
  g_assert_null (strstr (got, "href=\"javascript:"));
}

static void
test_hostile_markup (void)
{
  const char *values[] = {
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "--><script>x</script><!--",
    "</p></body></html><form action=//evil>",
    "&lt;script&gt;",
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    assert_structure_kept (values[i]);
  assert_render ("<p>{{ x }}</p>", HTML, "\"><img onerror=alert(1)>",
                 "<p>&quot;&gt;&lt;img onerror=alert(1)&gt;</p>");
}

static void
test_hostile_template_syntax (void)
{
  g_autoptr(GHashTable) values = make_values ("x", "{{ y }}{{#if y}}", "y", "SECRET", NULL);
  g_autofree char *html = render_with ("<p>{{ x }}</p>", HTML, values);
  g_autofree char *text = render_with ("{{ x }}\\{{", TEXT, values);
  g_autofree char *header = render_with ("S: {{ x }}", HEADER, values);

  g_assert_cmpstr (html, ==, "<p>{{ y }}{{#if y}}</p>");
  g_assert_cmpstr (text, ==, "{{ y }}{{#if y}}{{");
  g_assert_cmpstr (header, ==, "S: {{ y }}{{#if y}}");
  assert_structure_kept ("{{ x }}");
}

static void
test_hostile_crlf (void)
{
  assert_structure_kept ("a\r\nBcc: victim@example.com\r\n\r\n<b>");
  assert_render ("{{ x }}", TEXT, "a\r\nb", "a\r\nb");
  assert_render ("<p>{{ x }}</p>", HTML, "a\r\nb", "<p>a\r\nb</p>");
  assert_render ("<a href=\"{{ x }}\">", HTML, "http://a\r\n/b", "<a href=\"http://a%0D%0A/b\">");
}

static void
test_hostile_rtl (void)
{
  const char *rlo = "\u202e" "gpj.exe";
  g_autofree char *expect_text = g_strdup_printf ("<p>%s</p>", rlo);

  assert_structure_kept (rlo);
  assert_render ("<p>{{ x }}</p>", HTML, rlo, expect_text);
  assert_render ("<a href=\"{{ x }}\">", HTML, "https://x.jp/\u202e", "<a href=\"https://x.jp/%E2%80%AE\">");
  assert_render ("{{ x }}", HEADER, rlo, rlo);
}

static void
test_hostile_large (void)
{
  g_autoptr(GString) big = g_string_new (NULL);
  g_autofree char *got = NULL;

  while (big->len < 100 * 1024)
    g_string_append (big, "<&\"'>氏名{{ x }}\r\n");
  assert_structure_kept (big->str);
  got = render1 ("[{{ x }}]", TEXT, big->str);
  g_assert_cmpuint (strlen (got), ==, big->len + 2);
  g_free (got);
  got = render1 ("<p>{{ x }}</p>", HTML, big->str);
  g_assert_true (strchr (got + 1, '<') == got + strlen (got) - 4);
}

static void
test_hostile_javascript_url (void)
{
  const char *bad[] = {
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\nscript:alert(1)",
    "java\tscript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "jav&#9;ascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A&#x61vascript:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "\x01javascript:alert(1)",
    "ｊａｖａｓｃｒｉｐｔ:alert(1)",
    "file:///etc/passwd",
    "\"javascript:alert(1)",
  };
  const char *good[][2] = {
    { "https://x.jp/", "https://x.jp/" },
    { "HTTP://X.JP/", "HTTP://X.JP/" },
    { "mailto:a@b.jp", "mailto:a@b.jp" },
    { "/relative/path:x", "/relative/path:x" },
    { "page.html?a=b:c", "page.html?a=b:c" },
    { "#top", "#top" },
    { "//cdn.x.jp/a.png", "//cdn.x.jp/a.png" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *got = render1 ("<a href=\"{{ x }}\">", HTML, bad[i]);

      if (!g_str_equal (got, "<a href=\"#\">"))
        g_error ("“%s” rendered as “%s”", bad[i], got);
      g_clear_pointer (&got, g_free);
      got = render1 ("<img src='{{ x }}'>", HTML, bad[i]);
      g_assert_cmpstr (got, ==, "<img src='#'>");
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *got = render1 ("<a href=\"{{ x }}\">", HTML, good[i][0]);
      g_autofree char *expected = g_strdup_printf ("<a href=\"%s\">", good[i][1]);

      g_assert_cmpstr (got, ==, expected);
    }
}

static void
test_header_refuses_crlf (void)
{
  const char *values[] = { "a\r\nBcc: x@y.jp", "a\nb", "a\rb", "a\x01", "a\x7f", "\x0b" };
  g_autoptr(HeraldTemplate) tmpl = herald_template_compile ("Hello {{ x }}", HEADER, NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GHashTable) table = make_values ("x", values[i], NULL);
      g_autoptr(GString) out = g_string_new ("kept");
      g_autoptr(GError) error = NULL;

      g_assert_false (herald_template_render (tmpl, lookup_table, table, out, &error));
      g_assert_error (error, HERALD_TEMPLATE_ERROR, HERALD_TEMPLATE_ERROR_HEADER_BREAK);
      g_assert_nonnull (strstr (error->message, "“x”"));
      g_assert_cmpstr (out->str, ==, "kept");
    }
  /* The same values in a conditional are never written, so they pass. */
  g_clear_pointer (&tmpl, herald_template_free);
  tmpl = herald_template_compile ("{{#if x}}yes{{/if}}", HEADER, NULL, NULL);
  {
    g_autoptr(GHashTable) table = make_values ("x", "a\nb", NULL);
    g_autoptr(GString) out = g_string_new (NULL);

    g_assert_true (herald_template_render (tmpl, lookup_table, table, out, NULL));
    g_assert_cmpstr (out->str, ==, "yes");
  }
}

/* ---- threads --------------------------------------------------------------- */

typedef struct
{
  const HeraldTemplate *tmpl;
  guint                 seed;
  char                 *expected[8];
  gboolean              ok;
} ThreadJob;

static const char *
lookup_numbered (const char *field, gpointer user_data)
{
  guint n = GPOINTER_TO_UINT (user_data);
  static const char * const names[] = { "佐藤", "<b>鈴木</b>", "", "Tanaka & Co", "javascript:x",
                                        "https://x.jp/?a=1&b=2", "\"'", NULL };

  if (g_str_equal (field, "url"))
    return names[(n + 3) % 8];
  return names[n % 8];
}

static gpointer
render_many (gpointer data)
{
  ThreadJob *job = data;
  g_autoptr(GString) out = g_string_new (NULL);

  job->ok = TRUE;
  for (guint i = 0; i < 20000; i++)
    {
      guint n = (i + job->seed) % 8;

      g_string_truncate (out, 0);
      herald_template_render (job->tmpl, lookup_numbered, GUINT_TO_POINTER (n), out, NULL);
      if (!g_str_equal (out->str, job->expected[n]))
        job->ok = FALSE;
    }
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(HeraldTemplate) tmpl = herald_template_compile (
    "<p>{{ name | \"様\" }}</p>{{#if name}}<a href=\"{{ url }}\">{{ name }}</a>{{else}}-{{/if}}"
    "<img src=\"https://x.jp/t?e={{ name }}\">", HTML, NULL, NULL);
  char *expected[8];
  ThreadJob jobs[4];
  GThread *threads[4];

  g_assert_nonnull (tmpl);
  for (guint n = 0; n < 8; n++)
    {
      GString *out = g_string_new (NULL);

      herald_template_render (tmpl, lookup_numbered, GUINT_TO_POINTER (n), out, NULL);
      expected[n] = g_string_free (out, FALSE);
    }
  for (guint t = 0; t < 4; t++)
    {
      jobs[t].tmpl = tmpl;
      jobs[t].seed = t * 3;
      memcpy (jobs[t].expected, expected, sizeof expected);
      threads[t] = g_thread_new ("render", render_many, &jobs[t]);
    }
  for (guint t = 0; t < 4; t++)
    {
      g_thread_join (threads[t]);
      g_assert_true (jobs[t].ok);
    }
  for (guint n = 0; n < 8; n++)
    g_free (expected[n]);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/template/escape/html", test_escape_html);
  g_test_add_func ("/template/escape/attribute", test_escape_attribute);
  g_test_add_func ("/template/escape/url-whole", test_escape_url_whole);
  g_test_add_func ("/template/escape/url-query", test_escape_url_query);
  g_test_add_func ("/template/escape/header", test_escape_header);
  g_test_add_func ("/template/escape/text", test_escape_text);
  g_test_add_func ("/template/escape/comment", test_escape_comment);
  g_test_add_func ("/template/escape/markup-places", test_escape_markup_places);
  g_test_add_func ("/template/fallback/missing", test_fallback_missing);
  g_test_add_func ("/template/fallback/empty", test_fallback_empty);
  g_test_add_func ("/template/fallback/quote", test_fallback_quote);
  g_test_add_func ("/template/if/else", test_if_else);
  g_test_add_func ("/template/if/unless", test_unless);
  g_test_add_func ("/template/if/nested", test_if_nested);
  g_test_add_func ("/template/if/in-attribute", test_if_in_attribute);
  g_test_add_func ("/template/fields/japanese", test_fields_japanese);
  g_test_add_func ("/template/fields/list", test_fields_list);
  g_test_add_func ("/template/literal-braces", test_literal_braces);
  g_test_add_func ("/template/errors/positions", test_errors_positions);
  g_test_add_func ("/template/errors/html-places", test_errors_html_places);
  g_test_add_func ("/template/errors/header", test_errors_header);
  g_test_add_func ("/template/hostile/markup", test_hostile_markup);
  g_test_add_func ("/template/hostile/template-syntax", test_hostile_template_syntax);
  g_test_add_func ("/template/hostile/crlf", test_hostile_crlf);
  g_test_add_func ("/template/hostile/rtl", test_hostile_rtl);
  g_test_add_func ("/template/hostile/large", test_hostile_large);
  g_test_add_func ("/template/hostile/javascript-url", test_hostile_javascript_url);
  g_test_add_func ("/template/header/refuses-crlf", test_header_refuses_crlf);
  g_test_add_func ("/template/threads", test_threads);

  return g_test_run ();
}
