/* test-blocks.c — block templates: every block type renders to e-mail-safe
 * HTML, text is escaped, merge fields stay the template language's, a bad
 * document names its block, and a block template composes into a message
 * that Python's strict parser accepts
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "herald-account.h"
#include "herald-blocks.h"
#include "herald-business.h"
#include "herald-demo.h"
#include "herald-merge.h"
#include "herald-parts.h"
#include "herald-template.h"
#include "herald-templates.h"
#include "herald-test-fixture.h"

typedef HeraldTestFixture Fixture;

static const char every_block[] =
  "{\"version\": 1, \"lang\": \"en\", \"accent\": \"#26a269\", \"title\": \"News & <more>\", \"blocks\": ["
  " {\"type\": \"header\", \"title\": \"Spring <news>\", \"tagline\": \"{{ sender_name }} letter\","
  "  \"logo\": \"https://example.com/logo.png\", \"logo_alt\": \"Our \\\"logo\\\"\"},"
  " {\"type\": \"text\", \"heading\": \"Hello\", \"text\": \"Dear {{ name | \\\"friend\\\" }},\\n\\n"
  "This is **bold**, *italic* and [a link](https://example.com/a?b=1&c=2).\\nNew line <b>not bold</b>.\"},"
  " {\"type\": \"image\", \"src\": \"https://example.com/photo.jpg\", \"alt\": \"A photo\", \"link\": \"https://example.com/\"},"
  " {\"type\": \"button\", \"label\": \"Buy > now\", \"url\": \"https://example.com/buy\"},"
  " {\"type\": \"divider\"},"
  " {\"type\": \"columns\", \"image\": \"https://example.com/c.png\", \"alt\": \"C\", \"heading\": \"Side\","
  "  \"text\": \"Beside the picture.\"},"
  " {\"type\": \"notice\", \"heading\": \"Note\", \"text\": \"Closed on Monday.\"},"
  " {\"type\": \"footer\"}"
  "]}";

static void
test_every_block (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *html = herald_blocks_render_html (every_block, &error);
  g_autoptr(HeraldTemplate) compiled = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (html);
  /* A whole document for e-mail: tables, 600 px at most, fluid, a viewport. */
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"en\">"));
  g_assert_nonnull (strstr (html, "name=\"viewport\""));
  g_assert_nonnull (strstr (html, "role=\"presentation\" width=\"600\""));
  g_assert_nonnull (strstr (html, "width:100%; max-width:600px"));
  g_assert_null (strstr (html, "<style"));
  g_assert_null (strstr (html, "class="));
  /* Each block, its text escaped. */
  g_assert_nonnull (strstr (html, "<title>News &amp; &lt;more&gt;</title>"));
  g_assert_nonnull (strstr (html, "<h1 style=\"margin:4px 0 0; font-size:24px; line-height:1.4; font-weight:bold; "
                                  "color:#ffffff;\">Spring &lt;news&gt;</h1>"));
  g_assert_nonnull (strstr (html, ">{{ sender_name }} letter</p>"));
  g_assert_nonnull (strstr (html, "src=\"https://example.com/logo.png\" alt=\"Our &quot;logo&quot;\""));
  g_assert_nonnull (strstr (html, "Dear {{ name | \"friend\" }},</p>"));
  g_assert_nonnull (strstr (html, "This is <strong>bold</strong>, <em>italic</em> and "
                                  "<a href=\"https://example.com/a?b=1&amp;c=2\""));
  g_assert_nonnull (strstr (html, ">a link</a>.<br>\nNew line &lt;b&gt;not bold&lt;/b&gt;.</p>"));
  g_assert_nonnull (strstr (html, "<a href=\"https://example.com/\""));
  g_assert_nonnull (strstr (html, "<img src=\"https://example.com/photo.jpg\" alt=\"A photo\" width=\"536\""));
  g_assert_nonnull (strstr (html, "<a href=\"https://example.com/buy\""));
  g_assert_nonnull (strstr (html, ">Buy &gt; now</a>"));
  g_assert_nonnull (strstr (html, "background-color:#26a269"));
  g_assert_nonnull (strstr (html, "background-color:#deddda;\">&nbsp;</td>"));
  g_assert_nonnull (strstr (html, "display:inline-block; width:100%; max-width:260px"));
  g_assert_nonnull (strstr (html, ">Side</h2>"));
  g_assert_nonnull (strstr (html, ">Closed on Monday.</p>"));
  g_assert_nonnull (strstr (html, "border-left:4px solid #e5a50a"));
  /* The footer: who sends it and how to stop it. */
  g_assert_nonnull (strstr (html, "Sent by {{ sender_name }}<br>\n{{ sender_address }}<br>\nContact: {{ sender_contact }}"));
  g_assert_nonnull (strstr (html, "<a href=\"{{ unsubscribe_url }}\""));
  /* Nothing wider than 600 px. */
  for (const char *p = html; (p = strstr (p, "width=\"")) != NULL; p++)
    g_assert_cmpint (atoi (p + 7), <=, 600);

  /* The template language takes it as it is. */
  compiled = herald_template_compile (html, HERALD_TEMPLATE_CONTEXT_HTML, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (herald_template_shows_field (compiled, "name"));
}

static void
test_japanese (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) document = herald_blocks_new_document ("ja");
  g_autofree char *html = herald_blocks_render_node (document, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"ja\">"));
  g_assert_nonnull (strstr (html, "{{ name | \"お客\" }}様"));
  g_assert_nonnull (strstr (html, "送信者：{{ sender_name }}<br>\n住所：{{ sender_address }}"));
  g_assert_nonnull (strstr (html, "お問い合わせ：{{ sender_contact }}"));
  g_assert_nonnull (strstr (html, "こちらから配信を停止</a>できます。"));

  /* Every type the menu offers makes a valid block as it is. */
  for (const char * const *type = herald_blocks_types (); *type != NULL; type++)
    {
      g_autoptr(JsonNode) block = herald_blocks_new_block (*type, "ja");
      JsonArray *blocks = json_object_get_array_member (json_node_get_object (document), "blocks");
      g_autofree char *again = NULL;

      g_assert_nonnull (block);
      json_array_add_element (blocks, g_steal_pointer (&block));
      again = herald_blocks_render_node (document, &error);
      g_assert_no_error (error);
      g_assert_nonnull (again);
      g_assert_cmpstr (herald_blocks_type_title (*type), !=, "");
    }
  g_assert_null (herald_blocks_new_block ("marquee", "en"));
}

static void
expect_error (const char *json,
              int         code,
              const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *html = herald_blocks_render_html (json, &error);

  g_assert_null (html);
  g_assert_error (error, HERALD_BLOCKS_ERROR, code);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

static void
test_errors (void)
{
  expect_error ("{\"version\": 1, \"blocks\": [", HERALD_BLOCKS_ERROR_SYNTAX, "not valid JSON");
  expect_error ("[]", HERALD_BLOCKS_ERROR_DOCUMENT, "is an object");
  expect_error ("{\"version\": 2, \"blocks\": []}", HERALD_BLOCKS_ERROR_VERSION, "version 1");
  expect_error ("{\"version\": 1}", HERALD_BLOCKS_ERROR_DOCUMENT, "no list of blocks");
  expect_error ("{\"version\": 1, \"accent\": \"red;x:y\", \"blocks\": []}", HERALD_BLOCKS_ERROR_DOCUMENT, "colour");
  expect_error ("{\"version\": 1, \"blocks\": [{\"type\": \"divider\"}, {\"type\": \"marquee\"}]}",
                HERALD_BLOCKS_ERROR_BLOCK, "Block 2 (no type): “marquee” is not a block type");
  expect_error ("{\"version\": 1, \"blocks\": [{\"type\": \"divider\"}, {\"type\": \"divider\"}, {\"type\": \"text\"}]}",
                HERALD_BLOCKS_ERROR_BLOCK, "Block 3 (Text): “text” is empty");
  expect_error ("{\"version\": 1, \"blocks\": [{\"type\": \"button\", \"label\": \"x\", \"url\": \"https://x.jp/\", \"colour\": \"x\"}]}",
                HERALD_BLOCKS_ERROR_BLOCK, "Block 1 (Button): it cannot have “colour”");
  expect_error ("{\"version\": 1, \"blocks\": [{\"type\": \"button\", \"label\": 3, \"url\": \"https://x.jp/\"}]}",
                HERALD_BLOCKS_ERROR_BLOCK, "“label” must be text");
  /* No script URLs, no half-written merge fields. */
  expect_error ("{\"version\": 1, \"blocks\": [{\"type\": \"divider\"}, {\"type\": \"button\", \"label\": \"x\", "
                "\"url\": \"javascript:alert(1)\"}]}",
                HERALD_BLOCKS_ERROR_BLOCK, "Block 2 (Button): “javascript:alert(1)” is not a link");
  expect_error ("{\"version\": 1, \"blocks\": [{\"type\": \"text\", \"text\": \"[x](javascript:alert(1))\"}]}",
                HERALD_BLOCKS_ERROR_BLOCK, "Block 1 (Text): “javascript:alert(1” is not a link");
  expect_error ("{\"version\": 1, \"blocks\": [{\"type\": \"image\", \"src\": \"data:image/png;base64,AA\"}]}",
                HERALD_BLOCKS_ERROR_BLOCK, "Block 1 (Image)");
  expect_error ("{\"version\": 1, \"blocks\": [{\"type\": \"text\", \"text\": \"Hi {{ name\"}]}",
                HERALD_BLOCKS_ERROR_BLOCK, "Block 1 (Text): “{{ name…” is not a merge field");
  expect_error ("{\"version\": 1, \"blocks\": [{\"type\": \"text\", \"text\": \"{{#if name}}x{{/if}}\"}]}",
                HERALD_BLOCKS_ERROR_BLOCK, "is not a merge field");
  expect_error ("{\"version\": 1, \"blocks\": [{\"type\": \"footer\", \"unsubscribe_text\": \"Bye\"}]}",
                HERALD_BLOCKS_ERROR_BLOCK, "Block 1 (Footer): its unsubscribe text has no link");
  {
    g_autoptr(GString) deep = g_string_new ("{\"version\": 1, \"blocks\": ");
    for (guint i = 0; i < 100000; i++)
      g_string_append_c (deep, '[');
    expect_error (deep->str, HERALD_BLOCKS_ERROR_SYNTAX, "too deeply nested");
  }
}

static const char *
lookup_none (const char *field,
             gpointer    user_data)
{
  return NULL;
}

/* A literal "{{" stays literal; "}}" alone is harmless. */
static void
test_braces (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *html = herald_blocks_render_html (
      "{\"version\": 1, \"blocks\": [{\"type\": \"text\", \"text\": \"Write \\\\{{ name }} and }} here\"}]}", &error);
  g_autoptr(HeraldTemplate) compiled = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  compiled = herald_template_compile (html, HERALD_TEMPLATE_CONTEXT_HTML, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (herald_template_get_fields (compiled)[0]);
  g_assert_true (herald_template_render (compiled, lookup_none, NULL, out, &error));
  g_assert_nonnull (strstr (out->str, "Write {{ name }&#125; and }&#125; here"));

  /* A carriage return is a line break, never dropped: "{\r{" is no field
   * (found by fuzz-blocks); the rendering compiles. */
  g_free (html);
  html = herald_blocks_render_html ("{\"version\": 1, \"blocks\": [{\"type\": \"text\", \"text\": \"a{\r{b\r\nc\"}]}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (html, "a{<br>\n{b<br>\nc</p>"));
  g_clear_pointer (&compiled, herald_template_free);
  compiled = herald_template_compile (html, HERALD_TEMPLATE_CONTEXT_HTML, NULL, &error);
  g_assert_no_error (error);
}

static const char *
lookup_hostile (const char *field,
                gpointer    user_data)
{
  if (g_str_equal (field, "name"))
    return "<script>alert(\"x\")</script> O'Brien";
  if (g_str_equal (field, "site"))
    return "javascript:alert(1)";
  return NULL;
}

static const char block_template[] =
  "{\"version\": 1, \"title\": \"News\", \"blocks\": ["
  " {\"type\": \"header\", \"title\": \"News for {{ name }}\"},"
  " {\"type\": \"text\", \"text\": \"Hello {{ name | \\\"there\\\" }}, see [your page]({{ site }}).\"},"
  " {\"type\": \"image\", \"src\": \"cid:photo.png\", \"alt\": \"Photo for {{ name }}\"},"
  " {\"type\": \"button\", \"label\": \"Open\", \"url\": \"https://example.com/?who={{ name }}\"},"
  " {\"type\": \"footer\"}]}";

static HeraldMerge *
new_merge (Fixture                *f,
           HeraldTemplateRecord   *record)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldAccount) account = herald_account_load (f->store, HERALD_OUTBOX_ACCOUNT, &error);
  const char * const fields[] = { "name", "site", NULL };
  HeraldMerge *merge;

  g_assert_no_error (error);
  merge = herald_merge_new_for_account (record, account, fields, &error);
  g_assert_no_error (error);
  return merge;
}

/* A value with markup and quotes adds none: escaped by the template
 * language for where each field stands. */
static void
test_escaping (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HeraldTemplateRecord record = {
    .name = (char *) "blocks", .subject = (char *) "News", .html = (char *) "<p>stale</p>",
    .blocks = (char *) block_template,
  };
  g_autoptr(HeraldMerge) merge = new_merge (f, &record);
  HeraldRendered out = { 0 };

  g_assert_true (herald_merge_render (merge, &(HeraldMergeRecipient) { "taro@example.jp", 0, lookup_hostile, NULL }, &out, &error));
  g_assert_no_error (error);
  /* Rendered from the document, not from the stale HTML. */
  g_assert_null (strstr (out.html, "stale"));
  g_assert_null (strstr (out.html, "<script"));
  g_assert_null (strstr (out.html, "javascript:"));
  g_assert_nonnull (strstr (out.html, "News for &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien</h1>"));
  g_assert_nonnull (strstr (out.html, "alt=\"Photo for &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien\""));
  g_assert_nonnull (strstr (out.html, "<a href=\"#\""));
  g_assert_nonnull (strstr (out.html, "href=\"https://example.com/?who=%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E%20O%27Brien\""));
  g_assert_nonnull (strstr (out.text, "Hello <script>alert(\"x\")</script> O'Brien"));
  herald_rendered_clear (&out);
}

/* A field the list lacks is named with its block, not a place in HTML
 * the user never wrote. */
static void
test_unknown_field (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldAccount) account = herald_account_load (f->store, HERALD_OUTBOX_ACCOUNT, &error);
  const char * const fields[] = { "氏名", NULL };
  HeraldTemplateRecord record = {
    .name = (char *) "b", .subject = (char *) "News", .html = (char *) "",
    .blocks = (char *) "{\"version\": 1, \"blocks\": [{\"type\": \"divider\"},"
                       " {\"type\": \"text\", \"text\": \"Hello {{ 氏名 }} and {{ name | \\\"you\\\" }}\"}]}",
  };
  g_autoptr(HeraldMerge) merge = herald_merge_new_for_account (&record, account, fields, &error);

  g_assert_null (merge);
  g_assert_error (error, HERALD_TEMPLATE_ERROR, HERALD_TEMPLATE_ERROR_UNKNOWN_FIELD);
  g_assert_nonnull (strstr (error->message, "Block 2 (Text) uses the merge field “name”"));
  g_clear_error (&error);
  {
    const char * const all[] = { "氏名", "name", NULL };
    g_autoptr(HeraldMerge) fine = herald_merge_new_for_account (&record, account, all, &error);

    g_assert_no_error (error);
    g_assert_nonnull (fine);
  }
}

/* The whole message, read by Python's strict parser (check-message.py):
 * its structure, its inline image referred to by cid:, its links in the
 * text part. Skipped where the system Python is missing. */
static void
test_message (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  static const guchar png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
    0, 0, 0, 13, 'I', 'D', 'A', 'T', 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0, 5, 0, 1, 0xff,
    0x89, 0x99, 0x3d, 0x1d, 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82,
  };
  g_autofree char *doc = NULL, *embedded = NULL, *path = NULL, *want = NULL, *checker = NULL, *out = NULL;
  g_autoptr(HeraldTemplateParts) parts = herald_template_parts_new ();
  g_autoptr(HeraldTemplateParts) stored = NULL;
  g_autoptr(HeraldTemplateRecord) loaded = NULL;
  g_autoptr(HeraldMerge) merge = NULL;
  g_autoptr(GBytes) message = NULL;
  HeraldTemplateRecord record = { .name = (char *) "blocks", .subject = (char *) "News for {{ name }}" };
  HeraldBusiness business = { (char *) "Herald & Co.", (char *) "1-1 Chiyoda, Tokyo", (char *) "info@example.jp" };
  int status = 0;

  herald_test_write_file (f->dir, "photo.png", (const char *) png, sizeof png);
  g_assert_true (herald_business_save (f->store, &business, &error));
  doc = g_strdup ("{\"version\": 1, \"title\": \"News\", \"blocks\": ["
                  " {\"type\": \"header\", \"title\": \"News\", \"logo\": \"photo.png\", \"logo_alt\": \"Logo\"},"
                  " {\"type\": \"text\", \"text\": \"Hello {{ name }}, see [our page](https://example.com/page).\"},"
                  " {\"type\": \"columns\", \"image\": \"photo.png\", \"alt\": \"Photo\", \"text\": \"Beside it.\"},"
                  " {\"type\": \"button\", \"label\": \"Open\", \"url\": \"https://example.com/open\"},"
                  " {\"type\": \"footer\"}]}");
  /* The image file is stored with the template, once, and named by cid:. */
  g_assert_true (herald_blocks_embed_images (doc, f->dir, parts, &embedded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (parts->parts->len, ==, 1);
  g_assert_null (strstr (embedded, "\"photo.png\""));
  g_assert_nonnull (strstr (embedded, "\"cid:photo.png\""));
  record.blocks = embedded;
  record.html = g_strdup ("");
  g_assert_true (herald_template_record_render_blocks (&record, &error));
  g_assert_nonnull (strstr (record.html, "src=\"cid:photo.png\""));
  g_assert_cmpint (herald_templates_save_with_parts (f->store, &record, parts, &error), >, 0);
  g_assert_no_error (error);
  g_free (record.html);

  /* Kept with the template, and composed from it. */
  loaded = herald_templates_find (f->store, "blocks", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->blocks, ==, embedded);
  merge = new_merge (f, loaded);
  stored = herald_templates_load_parts (f->store, loaded->id, &error);
  g_assert_no_error (error);
  herald_merge_set_parts (merge, stored);
  message = herald_merge_compose (merge, &(HeraldMergeRecipient) { "taro@example.jp", 0, lookup_hostile, NULL }, "<1.blocks@example.jp>", 1767225600, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (g_bytes_get_data (message, NULL), "<style"));

  path = g_build_filename (f->dir, "message.eml", NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (message, NULL), g_bytes_get_size (message), NULL));
  want = g_build_filename (f->dir, "want.json", NULL);
  g_assert_true (g_file_set_contents (want, "{\"text_links\": true, \"structure\": "
                                      "\"multipart/alternative[text/plain,multipart/related[text/html,image/png]]\"}",
                                      -1, NULL));
  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("no /usr/bin/python3 for check-message.py");
      return;
    }
  checker = g_test_build_filename (G_TEST_DIST, "integration", "check-message.py", NULL);
  {
    const char *argv[] = { "/usr/bin/python3", checker, path, want, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &out, NULL, &status, &error));
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("check-message.py: %s", out);
}

/* The window's save: a block template's image files stored with it, the
 * document saved naming them by cid:, its HTML written from it; an image
 * the blocks no longer show is dropped. */
static void
test_save_embedding (Fixture       *f,
                     gconstpointer  data)
{
  static const guchar gif[] = { 'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff,
                                '!', 0xf9, 4, 1, 0, 0, 0, 0, ',', 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 'D', 1, 0, ';' };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *doc = NULL, *html = NULL;
  g_autoptr(HeraldTemplateRecord) stored = NULL;
  g_autoptr(HeraldTemplateParts) parts = NULL;
  HeraldTemplateRecord record = { .name = (char *) "b", .subject = (char *) "s", .html = (char *) "" };
  gint64 id;

  herald_test_write_file (f->dir, "dot.gif", (const char *) gif, sizeof gif);
  path = g_build_filename (f->dir, "dot.gif", NULL);
  doc = g_strdup_printf ("{\"version\": 1, \"blocks\": [{\"type\": \"image\", \"src\": \"%s\", \"alt\": \"Dot\"},"
                         " {\"type\": \"footer\"}]}", path);
  record.blocks = doc;
  id = herald_templates_save_embedding (f->store, &record, NULL, HERALD_EMBED_LOCAL, &html, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_nonnull (strstr (html, "src=\"cid:dot.gif\""));
  stored = herald_templates_find (f->store, "b", &error);
  g_assert_nonnull (strstr (stored->blocks, "\"cid:dot.gif\""));
  g_assert_null (strstr (stored->blocks, path));
  g_assert_cmpstr (stored->html, ==, html);
  parts = herald_templates_load_parts (f->store, id, &error);
  g_assert_cmpuint (parts->parts->len, ==, 1);
  g_clear_pointer (&parts, herald_template_parts_free);

  /* The image block removed: its image goes too. */
  record.id = id;
  record.blocks = (char *) "{\"version\": 1, \"blocks\": [{\"type\": \"footer\"}]}";
  g_clear_pointer (&html, g_free);
  g_assert_cmpint (herald_templates_save_embedding (f->store, &record, NULL, HERALD_EMBED_LOCAL, &html, NULL, &error), ==, id);
  parts = herald_templates_load_parts (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parts->parts->len, ==, 0);
}

/* A stored block template saved without its document is HTML from then on. */
static void
test_stays_html (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HeraldTemplateRecord record = { .name = (char *) "t", .subject = (char *) "s", .html = (char *) "<p>x</p>",
                                  .blocks = (char *) "{\"version\": 1, \"blocks\": [{\"type\": \"divider\"}]}" };
  g_autoptr(HeraldTemplateRecord) first = NULL, second = NULL;

  g_assert_cmpint (herald_templates_save (f->store, &record, &error), >, 0);
  first = herald_templates_find (f->store, "t", &error);
  g_assert_cmpstr (first->blocks, ==, record.blocks);
  record.blocks = NULL;
  g_assert_cmpint (herald_templates_save (f->store, &record, &error), >, 0);
  second = herald_templates_find (f->store, "t", &error);
  g_assert_no_error (error);
  g_assert_null (second->blocks);
  g_assert_cmpstr (second->html, ==, "<p>x</p>");
}

int
main (int    argc,
      char **argv)
{
  herald_test_init (&argc, &argv);

  g_test_add_func ("/blocks/every-block", test_every_block);
  g_test_add_func ("/blocks/japanese", test_japanese);
  g_test_add_func ("/blocks/errors", test_errors);
  g_test_add_func ("/blocks/braces", test_braces);
  g_test_add ("/blocks/escaping", Fixture, NULL, herald_test_set_up_demo, test_escaping, herald_test_tear_down);
  g_test_add ("/blocks/unknown-field", Fixture, NULL, herald_test_set_up_demo, test_unknown_field, herald_test_tear_down);
  g_test_add ("/blocks/message", Fixture, NULL, herald_test_set_up_demo, test_message, herald_test_tear_down);
  g_test_add ("/blocks/save-embedding", Fixture, NULL, herald_test_set_up_store, test_save_embedding, herald_test_tear_down);
  g_test_add ("/blocks/stays-html", Fixture, NULL, herald_test_set_up_store, test_stays_html, herald_test_tear_down);
  return g_test_run ();
}
