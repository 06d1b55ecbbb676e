/* test-parts.c — images embedded as cid: parts, attachments, remote fetch
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "herald-engine.h"
#include "herald-merge.h"
#include "herald-parts.h"
#include "herald-templates.h"
#include "herald-test-fixture.h"

/* A 1×1 PNG. */
static const char png_b64[] =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

typedef struct
{
  HeraldTestFixture  base;   /* a store, and the files below, in a temporary folder */
  char              *png;
  gsize              png_len;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  herald_test_fixture_init (&f->base, HERALD_TEST_STORE);
  f->png = (char *) g_base64_decode (png_b64, &f->png_len);
  herald_test_write_file (f->base.dir, "logo.png", f->png, f->png_len);
  herald_test_write_file (f->base.dir, "logo copy.png", f->png, f->png_len);
  herald_test_write_file (f->base.dir, "notes.txt", "not an image at all\n", -1);
  herald_test_write_file (f->base.dir, "fake.png", "<html><body>not an image</body></html>\n", -1);
  herald_test_write_file (f->base.dir, "invoice.pdf", "%PDF-1.4 invoice\n", -1);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  herald_test_fixture_clear (&f->base);
  g_free (f->png);
}

/* ---- embedding ------------------------------------------------------------ */

static void
test_embed_local (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HeraldTemplateParts) parts = herald_template_parts_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *abs = g_build_filename (f->base.dir, "logo.png", NULL);
  g_autofree char *uri = g_filename_to_uri (abs, NULL, NULL);
  g_autofree char *html = g_strdup_printf (
      "<p>日本語 {{ name }} &amp; <img alt=\"a>b\" src=\"logo.png\"></p>\n"
      "<IMG SRC=logo.png><img src='%s'><img src=\"%s\">\n"
      "<img src=\"logo%%20copy.png\" alt=\"same bytes\">\n"
      "<img src=\"{{ photo }}\"><img src=\"cid:kept\"><img src=\"data:image/png;base64,AA==\">\n"
      "<img src=\"https://example.com/remote.png\">\n"
      "<!-- <img src=\"missing.png\"> --><script>var s = '<img src=\"missing.png\">';</script>\n"
      "<p>logo.png in text stays</p>",
      abs, uri);
  g_autofree char *expected = g_strdup_printf (
      "<p>日本語 {{ name }} &amp; <img alt=\"a>b\" src=\"cid:logo.png\"></p>\n"
      "<IMG SRC=cid:logo.png><img src='cid:logo.png'><img src=\"cid:logo.png\">\n"
      "<img src=\"cid:logo.png\" alt=\"same bytes\">\n"
      "<img src=\"{{ photo }}\"><img src=\"cid:kept\"><img src=\"data:image/png;base64,AA==\">\n"
      "<img src=\"https://example.com/remote.png\">\n"
      "<!-- <img src=\"missing.png\"> --><script>var s = '<img src=\"missing.png\">';</script>\n"
      "<p>logo.png in text stays</p>");
  const HeraldTemplatePart *part;

  g_assert_true (herald_parts_embed_images (html, f->base.dir, HERALD_EMBED_LOCAL, parts, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, expected);
  g_assert_cmpuint (parts->parts->len, ==, 1);
  part = herald_template_parts_find_cid (parts, "logo.png");
  g_assert_nonnull (part);
  g_assert_cmpint (part->kind, ==, HERALD_PART_INLINE);
  g_assert_cmpstr (part->content_type, ==, "image/png");
  g_assert_cmpmem (g_bytes_get_data (part->data, NULL), g_bytes_get_size (part->data), f->png, f->png_len);
  g_assert_cmpstr (part->source, ==, abs);

  /* Embedding the result again changes nothing. */
  {
    g_autofree char *again = NULL;
    g_assert_true (herald_parts_embed_images (out, f->base.dir, HERALD_EMBED_LOCAL, parts, &again, NULL, &error));
    g_assert_cmpstr (again, ==, out);
    g_assert_cmpuint (parts->parts->len, ==, 1);
  }
}

static void
test_embed_unique_cids (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(HeraldTemplateParts) parts = herald_template_parts_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *sub = g_build_filename (f->base.dir, "sub", NULL);
  g_autoptr(GString) other = g_string_new_len (f->png, f->png_len);

  /* Another picture with the same name in another folder. */
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_string_append (other, "trailing bytes");
  herald_test_write_file (sub, "logo.png", other->str, other->len);
  g_assert_true (herald_parts_embed_images ("<img src=\"logo.png\"><img src=\"sub/logo.png\">",
                                            f->base.dir, HERALD_EMBED_LOCAL, parts, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "<img src=\"cid:logo.png\"><img src=\"cid:logo-2.png\">");
  g_assert_cmpuint (parts->parts->len, ==, 2);
}

static void
expect_embed_error (Fixture    *f,
                    const char *html,
                    const char *base_dir,
                    int         code,
                    const char *named)
{
  g_autoptr(HeraldTemplateParts) parts = herald_template_parts_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_assert_false (herald_parts_embed_images (html, base_dir, HERALD_EMBED_LOCAL, parts, &out, NULL, &error));
  g_assert_error (error, HERALD_PARTS_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, named));
  g_assert_null (out);
  g_assert_cmpuint (parts->parts->len, ==, 0);
}

static void
test_embed_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *big = g_build_filename (f->base.dir, "big.png", NULL);
  FILE *fp;

  expect_embed_error (f, "<p><img src=\"nowhere.png\"></p>", f->base.dir, HERALD_PARTS_ERROR_MISSING, "nowhere.png");
  expect_embed_error (f, "<img src=\"notes.txt\">", f->base.dir, HERALD_PARTS_ERROR_NOT_IMAGE, "notes.txt");
  expect_embed_error (f, "<img src=\"fake.png\">", f->base.dir, HERALD_PARTS_ERROR_NOT_IMAGE, "fake.png");
  expect_embed_error (f, "<img src=\"logo.png\">", NULL, HERALD_PARTS_ERROR_INVALID, "logo.png");

  /* A PNG header, then more than the limit. */
  fp = fopen (big, "wb");
  g_assert_nonnull (fp);
  g_assert_cmpuint (fwrite (f->png, 1, f->png_len, fp), ==, f->png_len);
  g_assert_cmpint (fseek (fp, HERALD_PARTS_MAX_IMAGE + 10, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc (0, fp), ==, 0);
  fclose (fp);
  expect_embed_error (f, "<img src=\"big.png\">", f->base.dir, HERALD_PARTS_ERROR_TOO_BIG, "big.png");
}

/* ---- stored with the template ---------------------------------------------- */

static HeraldTemplateParts *
make_parts (Fixture *f)
{
  HeraldTemplateParts *parts = herald_template_parts_new ();
  g_autofree char *pdf = g_build_filename (f->base.dir, "invoice.pdf", NULL);
  g_autofree char *html = NULL;
  g_autoptr(GError) error = NULL;
  HeraldTemplatePart *attachment;

  g_assert_true (herald_parts_embed_images ("<img src=\"logo.png\">", f->base.dir, HERALD_EMBED_LOCAL,
                                            parts, &html, NULL, &error));
  g_assert_no_error (error);
  attachment = herald_parts_attach_file (pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpint (attachment->kind, ==, HERALD_PART_ATTACHMENT);
  g_assert_cmpstr (attachment->filename, ==, "invoice.pdf");
  g_ptr_array_add (parts->parts, attachment);
  g_ptr_array_add (parts->attach_fields, g_strdup ("請求書"));
  return parts;
}

static void
test_store_roundtrip (Fixture       *f,
                      gconstpointer  data)
{
  HeraldStore *store = f->base.store;
  g_autoptr(HeraldTemplateParts) parts = make_parts (f);
  g_autoptr(HeraldTemplateParts) loaded = NULL, after = NULL;
  g_autoptr(GError) error = NULL;
  HeraldTemplateRecord record = { .name = "t", .subject = "s", .html = "<img src=\"cid:logo.png\">" };
  gint64 id;

  id = herald_templates_save (store, &record, &error);
  g_assert_no_error (error);
  g_assert_true (herald_templates_save_parts (store, id, parts, &error));
  g_assert_no_error (error);

  /* Saving the texts again keeps the parts. */
  g_assert_cmpint (herald_templates_save (store, &record, &error), ==, id);
  loaded = herald_templates_load_parts (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->parts->len, ==, 2);
  g_assert_cmpuint (loaded->attach_fields->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (loaded->attach_fields, 0), ==, "請求書");
  for (guint i = 0; i < 2; i++)
    {
      const HeraldTemplatePart *a = g_ptr_array_index (parts->parts, i);
      const HeraldTemplatePart *b = g_ptr_array_index (loaded->parts, i);

      g_assert_cmpint (a->kind, ==, b->kind);
      g_assert_cmpstr (a->cid, ==, b->cid);
      g_assert_cmpstr (a->filename, ==, b->filename);
      g_assert_cmpstr (a->content_type, ==, b->content_type);
      g_assert_true (g_bytes_equal (a->data, b->data));
    }

  /* Replacing them replaces them all. */
  g_ptr_array_set_size (parts->parts, 0);
  g_ptr_array_set_size (parts->attach_fields, 0);
  g_assert_true (herald_templates_save_parts (store, id, parts, &error));
  after = herald_templates_load_parts (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->parts->len, ==, 0);
  g_assert_cmpuint (after->attach_fields->len, ==, 0);
}

static void
test_save_embedding (Fixture       *f,
                     gconstpointer  data)
{
  HeraldStore *store = f->base.store;
  g_autoptr(HeraldTemplateParts) loaded = NULL, attachment_only = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *abs = g_build_filename (f->base.dir, "logo.png", NULL);
  g_autofree char *html = g_strdup_printf ("<p><img src=\"%s\"></p>", abs);
  g_autofree char *stored = NULL, *second = NULL;
  HeraldTemplateRecord record = { .name = "edited", .subject = "s", .html = html };
  HeraldTemplateRecord relative = { .name = "relative", .subject = "s", .html = "<img src=\"logo.png\">" };
  gint64 id;

  /* From the window: no folder, so a relative path is refused, and nothing is stored. */
  g_assert_cmpint (herald_templates_save_embedding (store, &relative, NULL, HERALD_EMBED_LOCAL, NULL, NULL, &error), ==, -1);
  g_assert_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (herald_templates_find (store, "relative", &error));
  g_clear_error (&error);

  id = herald_templates_save_embedding (store, &record, NULL, HERALD_EMBED_LOCAL, &stored, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (stored, ==, "<p><img src=\"cid:logo.png\"></p>");
  loaded = herald_templates_load_parts (store, id, &error);
  g_assert_cmpuint (loaded->parts->len, ==, 1);

  /* Add an attachment; then an edit that drops the image keeps it. */
  attachment_only = make_parts (f);
  g_assert_true (herald_templates_save_parts (store, id, attachment_only, &error));
  record.id = id;
  record.html = "<p>no picture now</p>";
  g_assert_cmpint (herald_templates_save_embedding (store, &record, NULL, HERALD_EMBED_LOCAL, &second, NULL, &error), ==, id);
  g_assert_no_error (error);
  g_assert_cmpstr (second, ==, "<p>no picture now</p>");
  g_clear_pointer (&loaded, herald_template_parts_free);
  loaded = herald_templates_load_parts (store, id, &error);
  g_assert_cmpuint (loaded->parts->len, ==, 1);
  g_assert_cmpint (((HeraldTemplatePart *) g_ptr_array_index (loaded->parts, 0))->kind, ==, HERALD_PART_ATTACHMENT);
  g_assert_cmpuint (loaded->attach_fields->len, ==, 1);
}

/* ---- composed into the message ---------------------------------------------- */

static const char *
lookup_table (const char *field,
              gpointer    user_data)
{
  return g_hash_table_lookup (user_data, field);
}

static char *
compose (HeraldMerge  *merge,
         GHashTable   *fields,
         GError      **error)
{
  GBytes *bytes = herald_merge_compose (merge, &(HeraldMergeRecipient) { "taro@example.jp", 0, lookup_table, fields }, "<1@example.com>", 1700000000, error);
  char *text;

  if (bytes == NULL)
    return NULL;
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_bytes_unref (bytes);
  return text;
}

static void
test_compose (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(HeraldTemplateParts) parts = make_parts (f);
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldMerge) merge = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autofree char *message = NULL, *without = NULL, *own = g_build_filename (f->base.dir, "notes.txt", NULL);
  const char *type = NULL;
  HeraldTemplateRecord record = {
    .name = "t", .subject = "For {{ name }}",
    .html = "<p>{{#if logo}}<img src=\"cid:logo.png\">{{/if}}Hello</p>",
  };
  const char * const list_fields[] = { "name", "logo", "請求書", NULL };
  HeraldMergeSender sender = { .from = "Shop <shop@example.com>" };

  merge = herald_merge_new (&record, &sender, list_fields, &error);
  g_assert_no_error (error);
  herald_merge_set_parts (merge, parts);

  image = herald_merge_get_part (merge, "logo.png", &type);
  g_assert_nonnull (image);
  g_assert_cmpstr (type, ==, "image/png");
  g_assert_cmpmem (g_bytes_get_data (image, NULL), g_bytes_get_size (image), f->png, f->png_len);
  g_assert_null (herald_merge_get_part (merge, "logo", NULL));
  g_assert_null (herald_merge_get_part (merge, "invoice.pdf", NULL));

  g_hash_table_insert (fields, "name", g_strdup ("太郎"));
  g_hash_table_insert (fields, "logo", g_strdup ("yes"));
  g_hash_table_insert (fields, "請求書", g_strdup (own));
  message = compose (merge, fields, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (message, "multipart/mixed"));
  g_assert_nonnull (strstr (message, "multipart/related"));
  /* RFC 2392: "left@right", the stored name first, the sender's domain
   * last; the HTML's cid: says the same. */
  {
    g_autofree char *hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) f->png, f->png_len);
    g_autofree char *header = g_strdup_printf ("Content-ID: <logo.png.%.16s@example.com>", hash);
    g_autofree char *ref = g_strdup_printf ("cid:logo.png.%.16s@example.com\"", hash);

    g_assert_nonnull (strstr (message, header));
    g_assert_nonnull (strstr (message, ref));
    g_assert_null (strstr (message, "cid:logo.png\""));
    g_assert_null (strstr (message, "<logo.png>"));
  }
  g_assert_nonnull (strstr (message, "filename=invoice.pdf"));
  g_assert_nonnull (strstr (message, "filename=notes.txt"));

  /* A recipient whose HTML shows no image gets no image part, and an empty
   * field means no file of their own. */
  g_hash_table_insert (fields, "logo", g_strdup (""));
  g_hash_table_insert (fields, "請求書", g_strdup ("  "));
  without = compose (merge, fields, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (without, "multipart/related"));
  g_assert_null (strstr (without, "Content-ID"));
  g_assert_nonnull (strstr (without, "filename=invoice.pdf"));
  g_assert_null (strstr (without, "notes.txt"));
}

static void
test_missing_recipient_file (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(HeraldTemplateParts) parts = make_parts (f);
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldMerge) merge = NULL;
  g_autofree char *message = NULL, *gone = g_build_filename (f->base.dir, "gone.pdf", NULL);
  g_autofree char *own = g_build_filename (f->base.dir, "invoice.pdf", NULL);
  HeraldTemplateRecord record = { .name = "t", .subject = "s", .html = "<p>x</p>" };
  HeraldMergeSender sender = { .from = "shop@example.com" };

  merge = herald_merge_new (&record, &sender, NULL, &error);
  herald_merge_set_parts (merge, parts);

  g_hash_table_insert (fields, "請求書", g_strdup (gone));
  message = compose (merge, fields, &error);
  g_assert_null (message);
  g_assert_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, gone));
  g_clear_error (&error);
  g_assert_false (herald_parts_check_recipient_file (gone, &error));
  g_assert_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_MISSING);
  g_clear_error (&error);

  /* A relative path is refused: it would depend on the folder the sender runs in. */
  g_hash_table_insert (fields, "請求書", g_strdup ("invoice.pdf"));
  message = compose (merge, fields, &error);
  g_assert_null (message);
  g_assert_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (herald_parts_check_recipient_file ("invoice.pdf", &error));
  g_assert_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_INVALID);
  g_clear_error (&error);

  /* A folder is not a file. */
  g_assert_false (herald_parts_check_recipient_file (f->base.dir, &error));
  g_assert_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_MISSING);
  g_clear_error (&error);

  g_assert_true (herald_parts_check_recipient_file (own, &error));
  g_assert_no_error (error);
  {
    g_autofree char *uri = g_filename_to_uri (own, NULL, NULL);
    g_assert_true (herald_parts_check_recipient_file (uri, &error));
    g_assert_no_error (error);
  }
}

/* ---- remote images, from a server on loopback ---------------------------------- */

typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  GThread      *thread;
  GMutex        mutex;
  GCond         cond;
  guint         port;
  char         *png;
  gsize         png_len;
} Server;

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Server *s = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (g_str_equal (path, "/logo.png"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY, s->png, s->png_len);
    }
  else if (g_str_equal (path, "/sniffed"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_COPY, s->png, s->png_len);
    }
  else if (g_str_equal (path, "/page.png"))
    {
      const char page[] = "<html><body>a page, not a picture</body></html>";
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_COPY, page, sizeof page - 1);
    }
  else if (g_str_equal (path, "/big.png"))
    {
      gsize len = HERALD_PARTS_MAX_IMAGE + 1024;
      char *big = g_malloc0 (len);
      memcpy (big, s->png, s->png_len);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_TAKE, big, len);
    }
  else if (g_str_equal (path, "/moved.png"))
    {
      soup_server_message_set_redirect (msg, 302, "/logo.png");
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
  (void) headers;
}

static gpointer
server_thread (gpointer data)
{
  Server *s = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (s->context);
  s->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (s->server, NULL, on_request, s, NULL);
  g_assert_true (soup_server_listen_local (s->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (s->server);
  g_mutex_lock (&s->mutex);
  s->port = g_uri_get_port (uris->data);
  g_cond_signal (&s->cond);
  g_mutex_unlock (&s->mutex);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (s->loop);
  soup_server_disconnect (s->server);
  g_clear_object (&s->server);
  g_main_context_pop_thread_default (s->context);
  return NULL;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static char *
url (Server     *s,
     const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", s->port, path);
}

static void
expect_fetch_error (Server     *s,
                    const char *path,
                    int         code)
{
  g_autofree char *u = url (s, path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplatePart) part = herald_parts_fetch_image (u, NULL, &error);

  g_assert_null (part);
  g_assert_error (error, HERALD_PARTS_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, u));
}

static void
test_remote (Fixture       *f,
             gconstpointer  data)
{
  Server s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplateParts) parts = herald_template_parts_new ();
  g_autofree char *u = NULL, *html = NULL, *out = NULL, *kept = NULL, *expected = NULL;
  g_autoptr(HeraldTemplatePart) part = NULL;

  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_unsetenv ("http_proxy");
  s.png = f->png;
  s.png_len = f->png_len;
  s.context = g_main_context_new ();
  s.loop = g_main_loop_new (s.context, FALSE);
  g_mutex_init (&s.mutex);
  g_cond_init (&s.cond);
  s.thread = g_thread_new ("http", server_thread, &s);
  g_mutex_lock (&s.mutex);
  while (s.port == 0)
    g_cond_wait (&s.cond, &s.mutex);
  g_mutex_unlock (&s.mutex);

  u = url (&s, "/logo.png");
  part = herald_parts_fetch_image (u, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (part->content_type, ==, "image/png");
  g_assert_cmpstr (part->filename, ==, "logo.png");
  g_assert_cmpmem (g_bytes_get_data (part->data, NULL), g_bytes_get_size (part->data), f->png, f->png_len);
  g_clear_pointer (&part, herald_template_part_free);

  {
    g_autofree char *sniffed = url (&s, "/sniffed");
    part = herald_parts_fetch_image (sniffed, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (part->content_type, ==, "image/png");
    g_clear_pointer (&part, herald_template_part_free);
  }

  expect_fetch_error (&s, "/nothing.png", HERALD_PARTS_ERROR_HTTP);
  expect_fetch_error (&s, "/page.png", HERALD_PARTS_ERROR_NOT_IMAGE);
  expect_fetch_error (&s, "/big.png", HERALD_PARTS_ERROR_TOO_BIG);

  /* Embedded only when asked; a redirect to the same image is the same part. */
  html = g_strdup_printf ("<img src=\"%s\"><img src=\"http://127.0.0.1:%u/moved.png\">", u, s.port);
  g_assert_true (herald_parts_embed_images (html, f->base.dir, HERALD_EMBED_LOCAL, parts, &kept, NULL, &error));
  g_assert_cmpstr (kept, ==, html);
  g_assert_cmpuint (parts->parts->len, ==, 0);
  g_assert_true (herald_parts_embed_images (html, f->base.dir, HERALD_EMBED_LOCAL | HERALD_EMBED_REMOTE,
                                            parts, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "<img src=\"cid:logo.png\"><img src=\"cid:logo.png\">");
  g_assert_cmpuint (parts->parts->len, ==, 1);

  /* Not http(s). */
  part = herald_parts_fetch_image ("ftp://127.0.0.1/x.png", NULL, &error);
  g_assert_null (part);
  g_assert_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_INVALID);
  g_clear_error (&error);

  g_main_context_invoke (s.context, quit_cb, s.loop);
  g_thread_join (s.thread);
  g_main_loop_unref (s.loop);
  g_main_context_unref (s.context);
  g_mutex_clear (&s.mutex);
  g_cond_clear (&s.cond);
  (void) expected;
}

int
main (int    argc,
      char **argv)
{
  herald_test_init (&argc, &argv);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/parts/embed-local", test_embed_local);
  ADD ("/parts/embed-unique-cids", test_embed_unique_cids);
  ADD ("/parts/embed-errors", test_embed_errors);
  ADD ("/parts/store-roundtrip", test_store_roundtrip);
  ADD ("/parts/save-embedding", test_save_embedding);
  ADD ("/parts/compose", test_compose);
  ADD ("/parts/missing-recipient-file", test_missing_recipient_file);
  ADD ("/parts/remote", test_remote);
#undef ADD

  return g_test_run ();
}
