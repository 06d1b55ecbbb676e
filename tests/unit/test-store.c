/* test-store.c — the database: opening, migrations, refusals, lists, contacts
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "herald-account.h"
#include "herald-contacts.h"
#include "herald-csv-write.h"
#include "herald-engine.h"
#include "herald-merge.h"
#include "herald-store-private.h"
#include "herald-templates.h"
#include "herald-test-fixture.h"

typedef HeraldTestFixture Fixture;

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldStore) store = herald_store_open (f->path, &error);
  g_autoptr(HeraldStore) again = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (herald_test_query_int (store, "PRAGMA user_version"), ==, HERALD_STORE_SCHEMA_VERSION);
  g_assert_cmpint (herald_test_query_int (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (herald_test_query_int (store, "SELECT count(*) FROM sqlite_master WHERE name = 'deliveries'"), ==, 1);
  g_clear_pointer (&store, herald_store_close);

  /* Reopening an up-to-date database migrates nothing and keeps WAL. */
  again = herald_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (herald_test_query_int (again, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), ==, 1);
}

static void
test_nested_folder (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "a", "b", "herald.db", NULL);
  g_autoptr(HeraldStore) store = herald_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
assert_unchanged_after_refusal (const char *path,
                                int         expected_code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len, after_len;
  HeraldStore *store;

  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  store = herald_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, HERALD_STORE_ERROR, expected_code);
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_newer_version (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  sqlite3 *db;

  /* A database a future Herald wrote, in rollback-journal mode. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_unchanged_after_refusal (f->path, HERALD_STORE_ERROR_NEWER_VERSION);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_newer_version_message (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 1007;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_null (herald_store_open (f->path, &error));
  g_assert_nonnull (strstr (error->message, "newer version of Herald"));
  g_assert_nonnull (strstr (error->message, "unchanged"));
}

static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  GString *junk = g_string_new (NULL);

  for (int i = 0; i < 8192; i++)
    g_string_append_c (junk, (char) (i * 31 + 7));
  g_assert_true (g_file_set_contents (f->path, junk->str, junk->len, NULL));
  g_string_free (junk, TRUE);

  assert_unchanged_after_refusal (f->path, HERALD_STORE_ERROR_CORRUPT);
}

/* A database whose header is fine but one of whose b-tree pages is
 * damaged: refused at open, before anything is written (an import used to
 * write into it and exit 0). */
static void
test_damaged_page (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_build_filename (f->dir, "damaged.db", NULL);
  g_autofree char *bytes = NULL;
  HeraldStore *store;
  gint64 root, page_size;
  gsize len;

  store = herald_store_open (f->path, &error);
  g_assert_no_error (error);
  herald_test_exec (store,
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
                    " INSERT INTO contacts (email, fields)"
                    " SELECT 'c' || i || '@example.jp', json_object ('name', printf ('%.200c', 'x')) FROM n");
  root = herald_test_query_int (store, "SELECT rootpage FROM sqlite_schema WHERE name = 'contacts'");
  page_size = herald_test_query_int (store, "PRAGMA page_size");
  herald_store_close (store);

  /* A copy is a file this process has not checked yet. */
  g_assert_true (g_file_get_contents (f->path, &bytes, &len, NULL));
  g_assert_cmpint (root, >, 1);
  g_assert_cmpint ((gint64) len, >, root * page_size);
  memset (bytes + (root - 1) * page_size, 0xa5, 12);
  g_assert_true (g_file_set_contents (copy, bytes, len, NULL));

  assert_unchanged_after_refusal (copy, HERALD_STORE_ERROR_CORRUPT);
  store = herald_store_open (copy, &error);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, "damaged"));
}

static void
test_read_only_folder (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ro = g_build_filename (f->dir, "ro", NULL);
  g_autofree char *path = g_build_filename (ro, "herald.db", NULL);

  if (geteuid () == 0)
    {
      /* root writes anywhere; a read-only file system is the real case,
       * simulated here with a path under a regular file. */
      g_autofree char *file = g_build_filename (f->dir, "plain-file", NULL);
      g_autofree char *under = g_build_filename (file, "herald.db", NULL);
      g_assert_true (g_file_set_contents (file, "x", 1, NULL));
      g_assert_null (herald_store_open (under, &error));
      g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_CANNOT_OPEN);
      return;
    }

  g_assert_cmpint (g_mkdir (ro, 0500), ==, 0);
  g_assert_null (herald_store_open (path, &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_CANNOT_OPEN);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_lists_and_contacts (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldStore) store = herald_store_open (f->path, &error);
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(HeraldContactCursor) cursor = NULL;
  const char *fields[] = { "name", "会社名", NULL };
  const char *v1[] = { "山田 太郎", "ヘラルド株式会社", NULL };
  const char *v2[] = { "Lina \"Q\" Müller", "", NULL };
  const char *v3[] = { "Taro", "New Co", NULL };
  const HeraldContactRow *row;
  gboolean updated = TRUE;
  gint64 list_id;

  g_assert_no_error (error);
  list_id = herald_store_ensure_list (store, "顧客", &error);
  g_assert_no_error (error);
  g_assert_cmpint (list_id, >, 0);
  g_assert_cmpint (herald_store_ensure_list (store, "顧客", &error), ==, list_id);
  g_assert_true (herald_store_set_list_fields (store, list_id, fields, &error));

  herald_store_upsert_contact (store, list_id, "taro@example.jp", fields, v1, &updated, &error);
  g_assert_no_error (error);
  g_assert_false (updated);
  herald_store_upsert_contact (store, list_id, "lina@example.com", fields, v2, &updated, &error);
  g_assert_false (updated);
  /* Same address, other case: the same contact, fields refreshed. */
  herald_store_upsert_contact (store, list_id, "TARO@example.jp", fields, v3, &updated, &error);
  g_assert_no_error (error);
  g_assert_true (updated);

  lists = herald_store_dup_lists (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lists->len, ==, 1);
  g_assert_cmpstr (((HeraldListInfo *) lists->pdata[0])->name, ==, "顧客");
  g_assert_cmpint (((HeraldListInfo *) lists->pdata[0])->n_contacts, ==, 2);

  cursor = herald_contact_cursor_new (store, list_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (herald_contact_cursor_get_fields (cursor), fields);
  row = herald_contact_cursor_next (cursor, &error);
  g_assert_nonnull (row);
  g_assert_cmpstr (row->email, ==, "taro@example.jp");
  g_assert_cmpstr (row->values[0], ==, "Taro");
  g_assert_cmpstr (herald_contact_row_lookup (cursor, row, "会社名"), ==, "New Co");
  g_assert_null (herald_contact_row_lookup (cursor, row, "missing"));
  row = herald_contact_cursor_next (cursor, &error);
  g_assert_nonnull (row);
  g_assert_cmpstr (row->email, ==, "lina@example.com");
  g_assert_cmpstr (row->values[0], ==, "Lina \"Q\" Müller");
  g_assert_cmpstr (row->values[1], ==, "");
  g_assert_null (herald_contact_cursor_next (cursor, &error));
  g_assert_no_error (error);
  g_assert_null (herald_contact_cursor_next (cursor, &error));
}

static void
test_missing_list (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldStore) store = herald_store_open (f->path, &error);

  g_assert_cmpint (herald_store_find_list (store, "nope", &error), ==, -1);
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND);
}

static void
test_suppression (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldStore) store = herald_store_open (f->path, &error);

  g_assert_false (herald_store_is_suppressed (store, "a@example.org"));
  g_assert_true (herald_store_suppress (store, "A@Example.org", "unsubscribed", "manual", &error));
  g_assert_true (herald_store_is_suppressed (store, "a@example.org"));
}

static void
test_outbox_account (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldStore) store = herald_store_open (f->path, &error);

  g_assert_true (herald_store_ensure_outbox (store, &error));
  g_assert_true (herald_store_ensure_outbox (store, &error));
  g_assert_cmpint (herald_test_query_int (store, "SELECT count(*) FROM accounts WHERE name = 'outbox' AND kind = 'outbox'"), ==, 1);
  /* There is no column a password could go into. */
  g_assert_cmpint (herald_test_query_int (store, "SELECT count(*) FROM pragma_table_info('accounts') WHERE name LIKE '%pass%'"), ==, 0);
}

/* An account keeps the preset it was made from and, when it signs in,
 * its provider and the Online Accounts account it takes tokens from;
 * changing it keeps or drops them as told. */
static void
test_account_preset (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldStore) store = herald_store_open (f->path, &error);
  g_autoptr(HeraldAccount) account = herald_account_new ();
  g_autoptr(HeraldAccount) loaded = NULL;
  g_autoptr(HeraldAccount) again = NULL;
  gint64 id;

  account->name = g_strdup ("gm");
  account->host = g_strdup ("smtp.gmail.com");
  account->username = g_strdup ("shop@example.jp");
  account->from = g_strdup ("Shop <shop@example.jp>");
  account->preset = g_strdup ("gmail");
  account->oauth_provider = g_strdup ("google");
  account->goa_id = g_strdup ("account_1_google");
  id = herald_account_save (store, account, &error);
  g_assert_no_error (error);
  loaded = herald_account_load (store, "gm", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->preset, ==, "gmail");
  g_assert_cmpstr (loaded->oauth_provider, ==, "google");
  g_assert_cmpstr (loaded->goa_id, ==, "account_1_google");

  /* Changed to "Other" and to Herald's own sign-in. */
  loaded->id = id;
  g_clear_pointer (&loaded->preset, g_free);
  g_clear_pointer (&loaded->goa_id, g_free);
  herald_account_save (store, loaded, &error);
  g_assert_no_error (error);
  again = herald_account_load (store, "gm", &error);
  g_assert_no_error (error);
  g_assert_null (again->preset);
  g_assert_null (again->goa_id);
  g_assert_cmpstr (again->oauth_provider, ==, "google");
}

/* A template's own charset: written for a new template, kept when the
 * template is saved again, changed only by herald_templates_set_charset();
 * herald_template_get_charset() prefers it to the account's. */
static void
test_template_charset (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldStore) store = herald_store_open (f->path, &error);
  g_autoptr(HeraldTemplateRecord) found = NULL;
  g_autoptr(HeraldTemplateRecord) again = NULL;
  g_autoptr(HeraldTemplateRecord) plain = NULL;
  g_autoptr(HeraldAccount) account = herald_account_new ();
  HeraldTemplateRecord record = { .name = "jp", .subject = "s", .html = "<p>h</p>", .charset = "ISO-2022-JP" };
  gint64 id;

  id = herald_templates_save (store, &record, &error);
  g_assert_no_error (error);
  found = herald_templates_find (store, "jp", &error);
  g_assert_cmpstr (found->charset, ==, "iso-2022-jp");     /* stored in one spelling */
  account->charset = HERALD_CHARSET_UTF8;
  g_assert_cmpint (herald_template_get_charset (found, account), ==, HERALD_CHARSET_ISO_2022_JP);

  /* Saved again (the editor, `template add` over it): the charset stays. */
  record.charset = NULL;
  record.subject = "s2";
  g_assert_cmpint (herald_templates_save (store, &record, &error), ==, id);
  again = herald_templates_find (store, "jp", &error);
  g_assert_cmpstr (again->charset, ==, "iso-2022-jp");
  g_assert_cmpstr (again->subject, ==, "s2");

  g_assert_true (herald_templates_set_charset (store, id, NULL, &error));
  plain = herald_templates_find (store, "jp", &error);
  g_assert_null (plain->charset);
  account->charset = HERALD_CHARSET_ISO_2022_JP;
  g_assert_cmpint (herald_template_get_charset (plain, account), ==, HERALD_CHARSET_ISO_2022_JP);
  g_assert_true (herald_templates_set_charset (store, id, "utf-8", &error));
  g_clear_pointer (&plain, herald_template_record_free);
  plain = herald_templates_find (store, "jp", &error);
  g_assert_cmpint (herald_template_get_charset (plain, account), ==, HERALD_CHARSET_UTF8);

  g_assert_false (herald_templates_set_charset (store, id + 100, "utf-8", &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND);
}

static void
test_templates (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldStore) store = herald_store_open (f->path, &error);
  g_autoptr(HeraldTemplateRecord) found = NULL;
  g_autoptr(GPtrArray) all = NULL;
  HeraldTemplateRecord record = { .name = "お知らせ", .subject = "{{ name }}様", .html = "<p>Hi</p>" };
  gint64 id;

  id = herald_templates_save (store, &record, &error);
  g_assert_no_error (error);
  record.html = "<p>Hello</p>";
  g_assert_cmpint (herald_templates_save (store, &record, &error), ==, id);
  found = herald_templates_find (store, "お知らせ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->html, ==, "<p>Hello</p>");
  g_assert_null (found->text);
  all = herald_templates_list (store, &error);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_null (herald_templates_find (store, "nope", &error) );
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND);
}

static void
test_json (void)
{
  const char *names[] = { "a\"b", "c", NULL };
  const char *values[] = { "line\nnext\t\x01", "日本", NULL };
  g_autofree char *json = herald_json_object_from_pairs (names, values);

  g_assert_cmpstr (json, ==, "{\"a\\\"b\":\"line\\nnext\\t\\u0001\",\"c\":\"日本\"}");
}

static void
test_csv_write (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *row[] = { "plain", "a,b", "say \"hi\"", "two\nlines", "", " lead", NULL };

  herald_csv_append_row (out, row, -1);
  g_assert_cmpstr (out->str, ==, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\" lead\"\r\n");
}

/* Values a spreadsheet would run as formulas get a leading "'" (CWE-1236),
 * quoted or not; others, and "=" inside a value, are left alone. */
static void
test_csv_formula (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *row[] = {
    "=HYPERLINK(\"http://x\",\"y\")", "+81 3-1111", "-2+3", "@SUM(A1)", "\tTab", "\rcr",
    "a=b", "-", "=1,2", "山田", " lead", NULL
  };

  herald_csv_append_row (out, row, -1);
  g_assert_cmpstr (out->str, ==,
                   "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+81 3-1111,'-2+3,'@SUM(A1),'\tTab,"
                   "\"'\rcr\",a=b,'-,\"'=1,2\",山田,\" lead\"\r\n");
  g_assert_true (herald_csv_is_formula ("=1"));
  g_assert_false (herald_csv_is_formula (""));
  g_assert_false (herald_csv_is_formula (NULL));
  g_assert_false (herald_csv_is_formula ("'=1"));

  /* Read back as written. */
  for (const char * const *v = (const char * const[]) { "'=1+2", "'-", "'@home", "'+81", "'plain", "'", "=x", NULL };
       *v != NULL; v++)
    {
      const char *text = *v;
      gsize len = strlen (text);
      gboolean guarded = len >= 2 && text[0] == '\'' && strchr ("=+-@", text[1]) != NULL;

      herald_csv_unguard (&text, &len);
      g_assert_cmpstr (text, ==, guarded ? *v + 1 : *v);
      g_assert_cmpuint (len, ==, strlen (text));
    }
}

int
main (int    argc,
      char **argv)
{
  herald_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, herald_test_set_up_dir, func, herald_test_tear_down)
  ADD ("/store/create", test_create);
  ADD ("/store/nested-folder", test_nested_folder);
  ADD ("/store/refuse/newer-version", test_newer_version);
  ADD ("/store/refuse/newer-version-message", test_newer_version_message);
  ADD ("/store/refuse/corrupt", test_corrupt);
  ADD ("/store/refuse/damaged-page", test_damaged_page);
  ADD ("/store/refuse/read-only-folder", test_read_only_folder);
  ADD ("/store/lists-and-contacts", test_lists_and_contacts);
  ADD ("/store/missing-list", test_missing_list);
  ADD ("/store/suppression", test_suppression);
  ADD ("/store/outbox-account", test_outbox_account);
  ADD ("/store/account-preset", test_account_preset);
  ADD ("/store/template-charset", test_template_charset);
  ADD ("/store/templates", test_templates);
#undef ADD
  g_test_add_func ("/store/json", test_json);
  g_test_add_func ("/store/csv-write", test_csv_write);
  g_test_add_func ("/store/csv-formula", test_csv_formula);

  return g_test_run ();
}
