/* test-import-undo.c — imports into lists that share contacts: empty cells,
 * changed values, the counts and the preview, the undo, and the address
 * column found by what it holds
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "herald-contacts.h"
#include "herald-import.h"
#include "herald-import-undo.h"
#include "herald-store-private.h"
#include "herald-test-fixture.h"

typedef struct
{
  HeraldTestFixture  base;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  herald_test_fixture_init (&f->base, HERALD_TEST_STORE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  herald_test_fixture_clear (&f->base);
}

/* Every table, every row, every column, in a stable order: two dumps are
 * equal when the database holds exactly the same. */
static char *
dump_all (Fixture *f)
{
  sqlite3 *db = herald_store_get_db (f->base.store);
  sqlite3_stmt *tables = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1, &tables, NULL),
    ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1, 2", name);
      sqlite3_stmt *rows = NULL;

      g_string_append_printf (out, "[%s]\n", name);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL), ==, SQLITE_OK);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (rows); c++)
            {
              const char *text = (const char *) sqlite3_column_text (rows, c);
              g_string_append_printf (out, "%s%s", c > 0 ? "|" : "", text != NULL ? text : "NULL");
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  return g_string_free (out, FALSE);
}

#define assert_list(f, list, expected) herald_test_assert_list ((f)->base.store, list, expected)

#define assert_dump(f, expected) \
  G_STMT_START { \
    g_autofree char *got_ = dump_all (f); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

static void
undo_ok (Fixture          *f,
         const char       *list,
         HeraldImportUndo *undo)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (herald_import_undo (f->base.store, list, undo, &error));
  g_assert_no_error (error);
}

static void
set_fields (Fixture    *f,
            const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (herald_store_exec (f->base.store, sql, &error));
  g_assert_no_error (error);
}

static const char list_a[] =
  "email,氏名,電話\n"
  "a@example.jp,山田太郎,03-1111\n"
  "b@example.jp,佐藤花子,03-2222\n";

/* List B shares a and b with list A: a's name cell is empty (it must not
 * erase the name) and a gets a new field; b's name changes; c is new. */
static const char list_b[] =
  "email,氏名,会社\n"
  "a@example.jp,,ACME\n"
  "b@example.jp,佐藤次郎,\n"
  "c@example.jp,新井,X社\n";

static const char list_a_before[] =
  "email|氏名|電話\n"
  "a@example.jp|山田太郎|03-1111\n"
  "b@example.jp|佐藤花子|03-2222\n";

static const char list_a_after[] =
  "email|氏名|電話\n"
  "a@example.jp|山田太郎|03-1111\n"
  "b@example.jp|佐藤次郎|03-2222\n";

static const char list_b_after[] =
  "email|氏名|会社\n"
  "a@example.jp|山田太郎|ACME\n"
  "b@example.jp|佐藤次郎|\n"
  "c@example.jp|新井|X社\n";

static void
assert_b_summary (const HeraldImportSummary *s,
                  guint64                    blanks_kept)
{
  herald_test_assert_counts (s, 3, 2, 0, 0, 0);
  g_assert_cmpuint (s->created, ==, 1);
  g_assert_cmpuint (s->changed_elsewhere, ==, 2);
  g_assert_cmpuint (s->blanks_kept, ==, blanks_kept);
}

static void
test_overlap (Fixture *f, gconstpointer data)
{
  HeraldImportOptions dry = { .dry_run = TRUE };
  HeraldImportSummary summary = { 0 };
  HeraldImportUndo undo = { 0 };
  g_autofree char *first = NULL;

  herald_test_import_text (f->base.store, "A", list_a, NULL, NULL, NULL, &summary);
  herald_test_assert_counts (&summary, 2, 0, 0, 0, 0);
  g_assert_cmpuint (summary.created, ==, 2);
  g_assert_null (summary.changed_fields);
  herald_import_summary_clear (&summary);
  first = dump_all (f);

  /* The preview: what would change, and nothing written. */
  herald_test_import_text (f->base.store, "B", list_b, &dry, NULL, NULL, &summary);
  assert_b_summary (&summary, 1);
  g_assert_nonnull (summary.changed_fields);
  g_assert_cmpstr (summary.changed_fields[0], ==, "会社");
  g_assert_cmpuint (summary.changed_field_counts[0], ==, 1);
  g_assert_cmpstr (summary.changed_fields[1], ==, "氏名");
  g_assert_cmpuint (summary.changed_field_counts[1], ==, 1);
  g_assert_null (summary.changed_fields[2]);
  herald_import_summary_clear (&summary);
  assert_dump (f, first);

  /* For real: the same counts, and every stored value of both lists. */
  herald_test_import_text (f->base.store, "B", list_b, NULL, NULL, NULL, &summary);
  assert_b_summary (&summary, 1);
  herald_import_summary_clear (&summary);
  assert_list (f, "A", list_a_after);
  assert_list (f, "B", list_b_after);

  /* The same file again changes nothing, and says so. */
  herald_test_import_text (f->base.store, "B", list_b, NULL, NULL, NULL, &summary);
  herald_test_assert_counts (&summary, 0, 0, 0, 0, 0);
  g_assert_cmpuint (summary.created, ==, 0);
  herald_import_summary_clear (&summary);

  /* Undone: exactly the database after the first import. */
  undo_ok (f, "B", &undo);
  g_assert_cmpuint (undo.contacts_restored, ==, 2);
  g_assert_cmpuint (undo.members_removed, ==, 3);
  g_assert_cmpuint (undo.contacts_deleted, ==, 1);
  g_assert_true (undo.list_removed);
  assert_dump (f, first);
  assert_list (f, "A", list_a_before);
  /* The undo turns the foreign keys off while it deletes (by hand what
   * refers to the contacts): on again, nothing left dangling. */
  g_assert_cmpint (herald_test_query_int (f->base.store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->base.store,
                   "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
}

static void
test_blank_clears (Fixture *f, gconstpointer data)
{
  HeraldImportOptions clears = { .blank_clears = TRUE };
  HeraldImportSummary summary = { 0 };
  g_autofree char *first = NULL;

  herald_test_import_text (f->base.store, "A", list_a, NULL, NULL, NULL, NULL);
  first = dump_all (f);
  herald_test_import_text (f->base.store, "B", list_b, &clears, NULL, NULL, &summary);
  assert_b_summary (&summary, 0);
  herald_import_summary_clear (&summary);
  /* Asked for: a's name is cleared, in list A too. b had no company: its
   * empty cell changes nothing. */
  assert_list (f, "A",
               "email|氏名|電話\n"
               "a@example.jp||03-1111\n"
               "b@example.jp|佐藤次郎|03-2222\n");
  undo_ok (f, "B", NULL);
  assert_dump (f, first);
}

static void
test_undo_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *third = NULL;
  HeraldImportUndo undo = { 0 };

  herald_test_import_text (f->base.store, "A", list_a, NULL, NULL, NULL, NULL);
  first = dump_all (f);
  herald_test_import_text (f->base.store, "B", list_b, NULL, NULL, NULL, NULL);
  /* A later import into another list changes b's name again, and adds c. */
  herald_test_import_text (f->base.store, "C", "email,氏名\nb@example.jp,別名\nc@example.jp,新井\n",
                           NULL, NULL, NULL, NULL);
  third = dump_all (f);

  g_assert_false (herald_import_undo_peek (f->base.store, "B", &undo, &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (herald_import_undo (f->base.store, "B", &undo, &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_CONFLICT);
  /* It says which contacts and fields, and changes nothing. */
  g_assert_nonnull (strstr (error->message, "b@example.jp (氏名)"));
  g_assert_nonnull (strstr (error->message, "c@example.jp (“C”)"));
  g_assert_null (strstr (error->message, "a@example.jp"));
  g_clear_error (&error);
  assert_dump (f, third);

  /* A member it added unsubscribes from list B: that is kept too. */
  set_fields (f, "UPDATE list_members SET status = 'unsubscribed' WHERE contact_id ="
                 " (SELECT id FROM contacts WHERE email = 'a@example.jp')"
                 " AND list_id = (SELECT id FROM lists WHERE name = 'B')");
  g_assert_false (herald_import_undo_peek (f->base.store, "B", &undo, &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "a@example.jp, unsubscribed since"));
  g_clear_error (&error);
  set_fields (f, "UPDATE list_members SET status = 'subscribed'");

  /* The later import first, then this one: back to the start. */
  g_assert_true (herald_import_undo_peek (f->base.store, "C", &undo, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (undo.contacts_restored, ==, 1);
  undo_ok (f, "C", NULL);
  undo_ok (f, "B", NULL);
  assert_dump (f, first);

  /* The first import too, then there is nothing left to undo. */
  undo_ok (f, "A", &undo);
  g_assert_cmpuint (undo.contacts_deleted, ==, 2);
  g_assert_cmpint (herald_test_query_int (f->base.store, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_false (herald_import_undo (f->base.store, "A", NULL, &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (herald_store_ensure_list (f->base.store, "empty", NULL), >, 0);
  g_assert_false (herald_import_undo (f->base.store, "empty", NULL, &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOTHING_TO_UNDO);
}

/* Two imports into one list: undone the last first. An import that
 * changes nothing leaves the one before undoable. */
static void
test_undo_stack (Fixture *f, gconstpointer data)
{
  const char *second_a = "email,氏名,メモ\nb@example.jp,佐藤次郎,VIP\nd@example.jp,木村,\n";
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  HeraldImportUndo undo = { 0 };

  herald_test_import_text (f->base.store, "A", list_a, NULL, NULL, NULL, NULL);
  first = dump_all (f);
  herald_test_import_text (f->base.store, "A", second_a, NULL, NULL, NULL, NULL);
  second = dump_all (f);
  herald_test_import_text (f->base.store, "A", second_a, NULL, NULL, NULL, NULL);   /* nothing changes */
                           assert_dump (f, second);

  undo_ok (f, "A", &undo);
  g_assert_cmpuint (undo.contacts_restored, ==, 1);
  g_assert_cmpuint (undo.contacts_deleted, ==, 1);
  g_assert_false (undo.list_removed);
  assert_dump (f, first);
}

/* A contacts export whose first column named for e-mail holds the type of
 * the address (Google's “E-mail 1 - Type”): the one holding addresses is
 * used, and the other one holding addresses is offered. */
static void
test_address_by_content (Fixture *f, gconstpointer data)
{
  HeraldImportSummary summary = { 0 };
  const char *map[] = { "E-mail 2 - Value=email", NULL };
  HeraldImportOptions options = { .map = map };

  herald_test_import_text (f->base.store, "g",
                           "Name,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value\n"
                           "Anna,* Home,anna@x.jp,Work,anna@work.jp\n"
                           "Ben,* Home,ben@x.jp,,\n", NULL, NULL, NULL, &summary);
  herald_test_assert_counts (&summary, 2, 0, 0, 0, 0);
  g_assert_cmpstr (summary.address_column, ==, "E-mail 1 - Value");
  g_assert_nonnull (summary.other_address_columns);
  g_assert_cmpstr (summary.other_address_columns[0], ==, "E-mail 2 - Value");
  g_assert_null (summary.other_address_columns[1]);
  herald_import_summary_clear (&summary);
  assert_list (f, "g",
               "email|Name|E-mail 1 - Type|E-mail 2 - Type|E-mail 2 - Value\n"
               "anna@x.jp|Anna|* Home|Work|anna@work.jp\n"
               "ben@x.jp|Ben|* Home||\n");

  /* The caller's choice wins; the others are offered. */
  herald_test_import_text (f->base.store, "g2",
                           "Name,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value\n"
                           "Anna,* Home,anna@x.jp,Work,anna@work.jp\n", &options, NULL, NULL, &summary);
  g_assert_cmpstr (summary.address_column, ==, "E-mail 2 - Value");
  g_assert_cmpstr (summary.other_address_columns[0], ==, "E-mail 1 - Value");
  herald_import_summary_clear (&summary);

  /* A column whose name says nothing, found by what it holds. */
  herald_test_import_text (f->base.store, "n", "名前,連絡先\nA,a@x.jp\nB,b@x.jp\n", NULL, NULL, NULL, &summary);
  herald_test_assert_counts (&summary, 2, 0, 0, 0, 0);
  g_assert_cmpstr (summary.address_column, ==, "連絡先");
  g_assert_null (summary.other_address_columns);
  herald_import_summary_clear (&summary);

  /* The named column holds addresses: it stays, the other is offered. */
  herald_test_import_text (f->base.store, "e", "email,backup\na@x.jp,b@x.jp\n", NULL, NULL, NULL, &summary);
  g_assert_cmpstr (summary.address_column, ==, "email");
  g_assert_cmpstr (summary.other_address_columns[0], ==, "backup");
  herald_import_summary_clear (&summary);
}

static guint64
updated_by (Fixture    *f,
            const char *csv)
{
  HeraldImportSummary summary = { 0 };
  guint64 updated;

  herald_test_import_text (f->base.store, "L", csv, NULL, NULL, NULL, &summary);
  updated = summary.updated;
  herald_import_summary_clear (&summary);
  return updated;
}

/* A known contact's values compared with the row's as text, however the
 * stored JSON escapes them; values that are not strings are compared too. */
static void
test_compare (Fixture *f, gconstpointer data)
{
  herald_test_import_text (f->base.store, "L", "email,note\na@x.jp,x\n", NULL, NULL, NULL, NULL);

  /* SQLite's own escapes: \b, \t, \", and raw UTF-8. */
  set_fields (f, "UPDATE contacts SET fields = json_object ('note',"
                 " 'tab' || char (9) || 'q\"' || char (8) || 'é😀')");
  g_assert_cmpuint (updated_by (f, "email,note\na@x.jp,\"tab\tq\"\"\bé😀\"\n"), ==, 0);
  g_assert_cmpuint (updated_by (f, "email,note\na@x.jp,\"tab\tq\"\"\bé\"\n"), ==, 1);

  /* \u escapes, a surrogate pair among them. */
  set_fields (f, "UPDATE contacts SET fields = '{ \"note\" : \"\\u00e9\\ud83d\\ude00\\/\" }'");
  g_assert_cmpuint (updated_by (f, "email,note\na@x.jp,é😀/\n"), ==, 0);

  /* A number: compared in SQL, and changed to the row's text. */
  set_fields (f, "UPDATE contacts SET fields = '{\"note\":\"x\",\"n\":5}'");
  g_assert_cmpuint (updated_by (f, "email,note,n\na@x.jp,x,5\n"), ==, 1);
  assert_list (f, "L", "email|note|n\na@x.jp|x|5\n");
  g_assert_cmpint (herald_test_query_int (f->base.store,
                   "SELECT json_type (fields, '$.n') = 'text' FROM contacts"), ==, 1);
  g_assert_cmpuint (updated_by (f, "email,note,n\na@x.jp,x,5\n"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/import-undo/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("overlap", test_overlap);
  ADD ("blank-clears", test_blank_clears);
  ADD ("refused", test_undo_refused);
  ADD ("stack", test_undo_stack);
  ADD ("address-by-content", test_address_by_content);
  ADD ("compare", test_compare);

#undef ADD

  return g_test_run ();
}
