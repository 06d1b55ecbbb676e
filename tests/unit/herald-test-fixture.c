/* herald-test-fixture.c — what the unit tests share: a temporary folder, a
 * store opened in it (optionally with the demo data), SQL helpers, imports
 * from memory
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "herald-campaign.h"
#include "herald-contacts.h"
#include "herald-demo.h"
#include "herald-engine.h"
#include "herald-import.h"
#include "herald-store-private.h"
#include "herald-templates.h"
#include "herald-test-fixture.h"

/* GTest's and the engine's start, for a test program's main(). */
void
herald_test_init (int    *argc,
                  char ***argv)
{
  g_test_init (argc, argv, NULL);
  herald_engine_init ();
}

static void
add_contact (HeraldTestFixture *f,
             const char        *email,
             const char        *name)
{
  g_autoptr(GError) error = NULL;
  const char *names[] = { "name", NULL };
  const char *values[] = { name, NULL };

  g_assert_cmpint (herald_store_upsert_contact (f->store, f->list_id, email, names, values, NULL, &error), >, 0);
  g_assert_no_error (error);
}

static void
add_customers (HeraldTestFixture *f)
{
  g_autoptr(GError) error = NULL;
  HeraldTemplateRecord record = { .name = (char *) "news", .subject = (char *) "Hello {{ name }}",
                                  .html = (char *) "<p>Hi {{ name }}</p>" };
  const char *fields[] = { "name", NULL };

  g_assert_true (herald_store_ensure_outbox (f->store, &error));
  f->list_id = herald_store_ensure_list (f->store, "customers", &error);
  g_assert_no_error (error);
  herald_store_set_list_fields (f->store, f->list_id, fields, &error);
  g_assert_no_error (error);
  g_assert_cmpint (herald_templates_save (f->store, &record, &error), >, 0);

  add_contact (f, "ann@example.jp", "Ann");
  add_contact (f, "bob@example.jp", "Bob");
  add_contact (f, "bounced@example.jp", "Gone");
  add_contact (f, "left@example.jp", "Left");
  add_contact (f, "cid@docomo.ne.jp", "Cid");
  g_assert_true (herald_store_suppress (f->store, "BOUNCED@example.jp", "bounced", "test", &error));
  herald_test_exec (f->store, "UPDATE list_members SET status = 'unsubscribed'"
                              " WHERE contact_id = (SELECT id FROM contacts WHERE email = 'left@example.jp')");
}

/**
 * herald_test_fixture_init:
 *
 * Makes a temporary folder named after the test program, and with
 * %HERALD_TEST_STORE, %HERALD_TEST_DEMO or %HERALD_TEST_CUSTOMERS opens a
 * store in it. The customers: a template "news" (“Hello {{ name }}”), and
 * the list "customers" (field: name) of ann@ and bob@example.jp,
 * cid@docomo.ne.jp, bounced@example.jp (suppressed as bounced) and
 * left@example.jp (unsubscribed from the list).
 */
void
herald_test_fixture_init (HeraldTestFixture *f,
                          HeraldTestFlags    flags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_path_get_basename (g_get_prgname ());
  g_autofree char *template = g_strdup_printf ("herald-%s-XXXXXX", program);

  f->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "herald.db", NULL);
  f->store = NULL;
  f->list_id = 0;
  if ((flags & (HERALD_TEST_STORE | HERALD_TEST_DEMO | HERALD_TEST_CUSTOMERS)) == 0)
    return;
  f->store = herald_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  if (flags & HERALD_TEST_DEMO)
    {
      g_assert_true (herald_demo_load (f->store, &error));
      g_assert_no_error (error);
    }
  if (flags & HERALD_TEST_CUSTOMERS)
    add_customers (f);
}

/**
 * herald_test_fixture_back_to_schema:
 * @version: a schema version before today's
 *
 * For tests of upgrades: replaces the fixture's database (whatever it
 * held) with a new one at schema @version, as an older Herald left it,
 * and opens it as f->store without upgrading. Fill it with that
 * version's SQL, close it, and herald_store_open() upgrades it the way
 * it upgrades a user's file. New migrations need nothing here.
 */
void
herald_test_fixture_back_to_schema (HeraldTestFixture *f,
                                    int                version)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&f->store, herald_store_close);
  herald_test_remove_tree (f->dir);
  g_assert_no_errno (g_mkdir (f->dir, 0700));
  f->store = herald_store_open_at_version (f->path, version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (herald_test_query_int (f->store, "PRAGMA user_version"), ==, version);
}

/**
 * herald_test_fixture_clear:
 *
 * Closes the store, if any, and removes the folder with all it holds.
 */
void
herald_test_fixture_clear (HeraldTestFixture *f)
{
  g_clear_pointer (&f->store, herald_store_close);
  if (f->dir != NULL)
    herald_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->path, g_free);
}

void
herald_test_set_up_dir (HeraldTestFixture *f,
                        gconstpointer      data)
{
  herald_test_fixture_init (f, HERALD_TEST_DIR);
}

void
herald_test_set_up_store (HeraldTestFixture *f,
                          gconstpointer      data)
{
  herald_test_fixture_init (f, HERALD_TEST_STORE);
}

void
herald_test_set_up_demo (HeraldTestFixture *f,
                         gconstpointer      data)
{
  herald_test_fixture_init (f, HERALD_TEST_DEMO);
}

void
herald_test_set_up_customers (HeraldTestFixture *f,
                              gconstpointer      data)
{
  herald_test_fixture_init (f, HERALD_TEST_CUSTOMERS);
}

void
herald_test_tear_down (HeraldTestFixture *f,
                       gconstpointer      data)
{
  herald_test_fixture_clear (f);
}

/* A campaign of the template "news" to the customers, from the Outbox. */
gint64
herald_test_create_campaign (HeraldTestFixture *f,
                             const char        *name)
{
  g_autoptr(GError) error = NULL;
  HeraldCampaignSpec spec = { .name = name, .template_name = "news", .list_name = "customers", .account_name = "outbox" };
  gint64 id = herald_campaign_create (f->store, &spec, NULL, &error);

  g_assert_no_error (error);
  return id;
}

/**
 * herald_test_remove_tree:
 *
 * Removes @dir and everything below it, read-only folders included.
 */
void
herald_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  g_chmod (dir, 0700);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        herald_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

/* Writes the file @name in @dir; @len: -1 when @data ends with a NUL. */
void
herald_test_write_file (const char *dir,
                        const char *name,
                        const char *data,
                        gssize      len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, len, &error));
  g_assert_no_error (error);
}

/* Imports @data, CSV text, into @list, which must succeed: with @options
 * (may be %NULL), its counts in @summary. @note (may be %NULL) hears, with
 * @user_data, of each rejected row and each warning alike. */
void
herald_test_import_text (HeraldStore               *store,
                         const char                *list,
                         const char                *data,
                         const HeraldImportOptions *options,
                         HeraldImportRejectFunc     note,
                         gpointer                   user_data,
                         HeraldImportSummary       *summary)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, strlen (data));
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GError) error = NULL;
  HeraldImportOptions noted = { 0 };

  if (options != NULL)
    noted = *options;
  if (note != NULL)
    {
      noted.reject = note;
      noted.warning = note;
      noted.user_data = user_data;
    }
  g_assert_true (herald_import_stream (store, list, stream, options != NULL || note != NULL ? &noted : NULL,
                                       summary, NULL, &error));
  g_assert_no_error (error);
}

/* Runs @sql, which must succeed. */
void
herald_test_exec (HeraldStore *store,
                  const char  *sql)
{
  g_autoptr(GError) error = NULL;

  herald_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

/* The first column of the one row @sql must give. */
gint64
herald_test_query_int (HeraldStore *store,
                       const char  *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = herald_store_prepare (store, sql, &error);
  gint64 value;

  g_assert_no_error (error);
  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/**
 * herald_test_dump_list:
 *
 * The list's contacts as “email|value|…” lines, a header of its fields
 * first, in the list's order; "" when there is no such list.
 */
char *
herald_test_dump_list (HeraldStore *store,
                       const char  *list)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldContactCursor) cursor = NULL;
  GString *out = g_string_new ("email");
  const char * const *fields;
  const HeraldContactRow *row;
  gint64 id = herald_store_find_list (store, list, &error);

  if (id < 0)
    {
      g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND);
      g_string_free (out, TRUE);
      return g_strdup ("");
    }
  cursor = herald_contact_cursor_new (store, id, &error);
  g_assert_no_error (error);
  fields = herald_contact_cursor_get_fields (cursor);
  for (guint i = 0; fields[i] != NULL; i++)
    g_string_append_printf (out, "|%s", fields[i]);
  g_string_append_c (out, '\n');
  while ((row = herald_contact_cursor_next (cursor, &error)) != NULL)
    {
      g_string_append (out, row->email);
      for (guint i = 0; fields[i] != NULL; i++)
        g_string_append_printf (out, "|%s", row->values[i]);
      g_string_append_c (out, '\n');
    }
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}
