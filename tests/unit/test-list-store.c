/* test-list-store.c — a list's contacts page by page: count, fetch, search,
 * sort, edit, add, remove and restore, unsubscribe, suppress, export
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "herald-engine.h"
#include "herald-list-store.h"
#include "herald-store.h"
#include "herald-test-fixture.h"

typedef struct
{
  HeraldTestFixture  base;
  GStrv              fields;
} Fixture;

static const char * const field_names[] = { "name", "city", NULL };

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* Imported in this order; the addresses sort differently. */
  static const char * const rows[][3] = {
    { "carol@example.com", "Carol", "Osaka" },
    { "alice@example.com", "Alice", "Tokyo" },
    { "Dave@example.com",  "Dave 50%_off", "Kyoto" },
    { "bob@example.com",   "髙橋",  "Tokyo" },
  };

  herald_test_fixture_init (&f->base, HERALD_TEST_STORE);
  f->base.list_id = herald_store_ensure_list (f->base.store, "customers", &error);
  g_assert_no_error (error);
  g_assert_true (herald_store_set_list_fields (f->base.store, f->base.list_id, field_names, &error));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *values[] = { rows[i][1], rows[i][2], NULL };
      g_assert_cmpint (herald_store_upsert_contact (f->base.store, f->base.list_id, rows[i][0],
                                                    field_names, values, NULL, &error), >, 0);
      g_assert_no_error (error);
    }
  f->fields = herald_store_dup_list_fields (f->base.store, f->base.list_id, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  herald_test_fixture_clear (&f->base);
  g_strfreev (f->fields);
}

/* The page of @query at @offset in the given order, which must read. */
static GPtrArray *
fetch_at (Fixture         *f,
          HeraldListQuery  query,
          HeraldListSort   sort,
          gboolean         descending,
          guint64          offset)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;

  query.sort = sort;
  query.descending = descending;
  query.offset = offset;
  rows = herald_list_store_fetch (f->base.store, &query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static GPtrArray *
fetch (Fixture        *f,
       const char     *search,
       HeraldListSort  sort,
       gboolean        descending,
       guint64         offset,
       guint           n)
{
  HeraldListQuery query = {
    .list_id = f->base.list_id,
    .fields = (const char * const *) f->fields,
    .search = search,
    .n_rows = n,
  };

  return fetch_at (f, query, sort, descending, offset);
}

static const char *
email_at (GPtrArray *rows,
          guint      i)
{
  return ((HeraldListRow *) g_ptr_array_index (rows, i))->email;
}

static void
test_count (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (herald_list_store_count (f->base.store, f->base.list_id, NULL, &error), ==, 4);
  g_assert_cmpint (herald_list_store_count (f->base.store, f->base.list_id, "", &error), ==, 4);
  g_assert_cmpint (herald_list_store_count (f->base.store, f->base.list_id, "tokyo", &error), ==, 2);
  g_assert_cmpint (herald_list_store_count (f->base.store, f->base.list_id, "ALICE", &error), ==, 1);
  g_assert_cmpint (herald_list_store_count (f->base.store, f->base.list_id, "髙", &error), ==, 1);
  /* LIKE's wildcards are taken literally. */
  g_assert_cmpint (herald_list_store_count (f->base.store, f->base.list_id, "%_", &error), ==, 1);
  g_assert_cmpint (herald_list_store_count (f->base.store, f->base.list_id, "_", &error), ==, 1);
  g_assert_cmpint (herald_list_store_count (f->base.store, f->base.list_id + 100, NULL, &error), ==, 0);
  g_assert_no_error (error);
}

static void
test_fetch_order (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) import = fetch (f, NULL, HERALD_LIST_SORT_IMPORT, FALSE, 0, 10);
  g_autoptr(GPtrArray) by_email = fetch (f, NULL, HERALD_LIST_SORT_EMAIL, FALSE, 0, 10);
  g_autoptr(GPtrArray) by_email_desc = fetch (f, NULL, HERALD_LIST_SORT_EMAIL, TRUE, 0, 10);
  g_autoptr(GPtrArray) page = fetch (f, NULL, HERALD_LIST_SORT_IMPORT, FALSE, 1, 2);
  g_autoptr(GPtrArray) past = fetch (f, NULL, HERALD_LIST_SORT_IMPORT, FALSE, 4, 2);
  g_autoptr(GPtrArray) last = fetch (f, NULL, HERALD_LIST_SORT_IMPORT, TRUE, 0, 1);
  HeraldListRow *row;

  g_assert_cmpuint (import->len, ==, 4);
  g_assert_cmpstr (email_at (import, 0), ==, "carol@example.com");
  g_assert_cmpstr (email_at (import, 3), ==, "bob@example.com");
  row = g_ptr_array_index (import, 3);
  g_assert_cmpstr (row->values[0], ==, "髙橋");
  g_assert_cmpstr (row->values[1], ==, "Tokyo");
  g_assert_null (row->values[2]);
  g_assert_cmpstr (row->status, ==, "subscribed");

  /* Case-insensitive, like the address's own collation. */
  g_assert_cmpstr (email_at (by_email, 0), ==, "alice@example.com");
  g_assert_cmpstr (email_at (by_email, 3), ==, "Dave@example.com");
  g_assert_cmpstr (email_at (by_email_desc, 0), ==, "Dave@example.com");

  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpstr (email_at (page, 0), ==, "alice@example.com");
  g_assert_cmpuint (past->len, ==, 0);
  g_assert_cmpstr (email_at (last, 0), ==, "bob@example.com");
}

static void
test_fetch_search (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) tokyo = fetch (f, "Tokyo", HERALD_LIST_SORT_EMAIL, FALSE, 0, 10);
  g_autoptr(GPtrArray) second = fetch (f, "Tokyo", HERALD_LIST_SORT_EMAIL, FALSE, 1, 10);

  g_assert_cmpuint (tokyo->len, ==, 2);
  g_assert_cmpstr (email_at (tokyo, 0), ==, "alice@example.com");
  g_assert_cmpstr (email_at (tokyo, 1), ==, "bob@example.com");
  g_assert_cmpuint (second->len, ==, 1);
}

/* Past 20,000 members the pages are read along the sort order instead of
 * sorted: the same rows must come out. */
static void
test_fetch_large (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) fields = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) middle = NULL;
  g_autoptr(GPtrArray) by_email = NULL;
  g_autoptr(GPtrArray) last = NULL;
  HeraldListQuery query = { 0 };
  const char * const none[] = { NULL };
  const guint n = 20100;
  gint64 big;

  big = herald_store_ensure_list (f->base.store, "big", &error);
  g_assert_no_error (error);
  g_assert_true (herald_store_begin (f->base.store, &error));
  for (guint i = 0; i < n; i++)
    {
      /* Imported in the reverse of the address order. */
      g_autofree char *email = g_strdup_printf ("u%05u@example.com", n - i);
      g_assert_cmpint (herald_store_upsert_contact (f->base.store, big, email, none, none, NULL, &error), >, 0);
    }
  g_assert_true (herald_store_commit (f->base.store, &error));
  fields = herald_store_dup_list_fields (f->base.store, big, &error);
  g_assert_no_error (error);
  query.list_id = big;
  query.fields = (const char * const *) fields;
  query.n_rows = 200;

  g_assert_cmpint (herald_list_store_count (f->base.store, big, NULL, &error), ==, n);
  first = fetch_at (f, query, HERALD_LIST_SORT_IMPORT, FALSE, 0);
  g_assert_cmpuint (first->len, ==, 200);
  g_assert_cmpstr (email_at (first, 0), ==, "u20100@example.com");
  middle = fetch_at (f, query, HERALD_LIST_SORT_IMPORT, FALSE, 10000);
  g_assert_cmpstr (email_at (middle, 0), ==, "u10100@example.com");
  /* Jumps in import order, both ways, to the end and past it. */
  {
    g_autoptr(GPtrArray) desc_first = fetch_at (f, query, HERALD_LIST_SORT_IMPORT, TRUE, 0);
    g_autoptr(GPtrArray) desc_middle = fetch_at (f, query, HERALD_LIST_SORT_IMPORT, TRUE, 10000);
    g_autoptr(GPtrArray) at_end = fetch_at (f, query, HERALD_LIST_SORT_IMPORT, FALSE, n - 1);
    g_autoptr(GPtrArray) past_end = fetch_at (f, query, HERALD_LIST_SORT_IMPORT, FALSE, n);

    g_assert_cmpuint (desc_first->len, ==, 200);
    g_assert_cmpstr (email_at (desc_first, 0), ==, "u00001@example.com");
    g_assert_cmpstr (email_at (desc_first, 199), ==, "u00200@example.com");
    g_assert_cmpstr (email_at (desc_middle, 0), ==, "u10001@example.com");
    g_assert_cmpuint (at_end->len, ==, 1);
    g_assert_cmpstr (email_at (at_end, 0), ==, "u00001@example.com");
    g_assert_cmpuint (past_end->len, ==, 0);
  }
  {
    HeraldListQuery searched = query;

    searched.search = "0001";
    by_email = fetch_at (f, searched, HERALD_LIST_SORT_EMAIL, FALSE, 0);
  }
  g_assert_cmpstr (email_at (by_email, 0), ==, "u00001@example.com");
  g_assert_cmpstr (email_at (by_email, 1), ==, "u00010@example.com");
  last = fetch_at (f, query, HERALD_LIST_SORT_EMAIL, TRUE, n - 1);
  g_assert_cmpuint (last->len, ==, 1);
  g_assert_cmpstr (email_at (last, 0), ==, "u00001@example.com");
  /* Keyset pages give the same rows as counted ones, in both orders. */
  for (int sort = HERALD_LIST_SORT_IMPORT; sort <= HERALD_LIST_SORT_EMAIL; sort++)
    for (int desc = 0; desc < 2; desc++)
      {
        g_autoptr(GPtrArray) before = fetch_at (f, query, sort, desc, 5000);
        g_autoptr(GPtrArray) counted = fetch_at (f, query, sort, desc, 5200);
        HeraldListRow *last = g_ptr_array_index (before, before->len - 1);
        HeraldListQuery after = query;
        g_autoptr(GPtrArray) keyed = NULL;

        after.after_member_id = last->member_id;
        after.after_email = last->email;
        keyed = fetch_at (f, after, sort, desc, 5200);
        g_assert_cmpuint (keyed->len, ==, counted->len);
        for (guint i = 0; i < keyed->len; i++)
          g_assert_cmpstr (email_at (keyed, i), ==, email_at (counted, i));
      }
  /* The small list beside it still reads right. */
  g_assert_cmpint (herald_list_store_count (f->base.store, f->base.list_id, NULL, &error), ==, 4);
}

static void
test_set_field (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = fetch (f, NULL, HERALD_LIST_SORT_IMPORT, FALSE, 0, 1);
  g_autoptr(GPtrArray) after = NULL;
  HeraldListRow *row = g_ptr_array_index (before, 0);

  g_assert_true (herald_list_store_set_field (f->base.store, row->contact_id, "city", "Nagoya \"north\"", &error));
  g_assert_no_error (error);
  after = fetch (f, NULL, HERALD_LIST_SORT_IMPORT, FALSE, 0, 1);
  row = g_ptr_array_index (after, 0);
  g_assert_cmpstr (row->values[0], ==, "Carol");
  g_assert_cmpstr (row->values[1], ==, "Nagoya \"north\"");

  g_assert_false (herald_list_store_set_field (f->base.store, 999999, "city", "x", &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND);
}

static void
test_add (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *values[] = { "Eve", "Sapporo", NULL };
  g_autoptr(GPtrArray) last = NULL;
  HeraldListRow *row;

  g_assert_cmpint (herald_list_store_add (f->base.store, f->base.list_id, "  ｅｖｅ＠ｅｘａｍｐｌｅ．ｊｐ ",
                                          field_names, values, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (herald_list_store_count (f->base.store, f->base.list_id, NULL, NULL), ==, 5);
  last = fetch (f, NULL, HERALD_LIST_SORT_IMPORT, TRUE, 0, 1);
  row = g_ptr_array_index (last, 0);
  g_assert_cmpstr (row->email, ==, "eve@example.jp");
  g_assert_cmpstr (row->values[1], ==, "Sapporo");

  g_assert_cmpint (herald_list_store_add (f->base.store, f->base.list_id, "not an address", NULL, NULL, &error), ==, -1);
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (herald_store_suppress (f->base.store, "zed@example.com", "manual", NULL, &error));
  g_assert_cmpint (herald_list_store_add (f->base.store, f->base.list_id, "zed@example.com", NULL, NULL, &error), ==, -1);
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_EXISTS);
  g_assert_cmpint (herald_list_store_count (f->base.store, f->base.list_id, NULL, NULL), ==, 5);
}

static void
test_remove_restore (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = fetch (f, NULL, HERALD_LIST_SORT_IMPORT, FALSE, 0, 10);
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(GPtrArray) after = NULL;
  gint64 ids[2] = {
    ((HeraldListRow *) g_ptr_array_index (before, 1))->contact_id,
    ((HeraldListRow *) g_ptr_array_index (before, 2))->contact_id,
  };

  removed = herald_list_store_remove (f->base.store, f->base.list_id, ids, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (removed->len, ==, 2);
  g_assert_cmpint (herald_list_store_count (f->base.store, f->base.list_id, NULL, NULL), ==, 2);

  g_assert_true (herald_list_store_restore (f->base.store, f->base.list_id, removed, &error));
  g_assert_no_error (error);
  after = fetch (f, NULL, HERALD_LIST_SORT_IMPORT, FALSE, 0, 10);
  g_assert_cmpuint (after->len, ==, 4);
  /* Back in their place in the import order. */
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (email_at (after, i), ==, email_at (before, i));
}

static void
test_unsubscribe_suppress (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = fetch (f, NULL, HERALD_LIST_SORT_IMPORT, FALSE, 0, 10);
  g_autoptr(GPtrArray) after = NULL;

  g_assert_true (herald_list_store_unsubscribe (f->base.store, f->base.list_id,
                                                ((HeraldListRow *) rows->pdata[0])->contact_id, &error));
  g_assert_true (herald_list_store_suppress (f->base.store, f->base.list_id,
                                             ((HeraldListRow *) rows->pdata[1])->contact_id, &error));
  g_assert_no_error (error);
  g_assert_true (herald_store_is_suppressed (f->base.store, "ALICE@example.com"));
  g_assert_false (herald_store_is_suppressed (f->base.store, "carol@example.com"));
  after = fetch (f, NULL, HERALD_LIST_SORT_IMPORT, FALSE, 0, 10);
  g_assert_cmpstr (((HeraldListRow *) after->pdata[0])->status, ==, "unsubscribed");
  g_assert_cmpstr (((HeraldListRow *) after->pdata[1])->status, ==, "unsubscribed");
  g_assert_cmpstr (((HeraldListRow *) after->pdata[2])->status, ==, "subscribed");

  g_assert_false (herald_list_store_suppress (f->base.store, f->base.list_id, 999999, &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->base.dir, "out.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;

  g_assert_cmpint (herald_list_store_export (f->base.store, f->base.list_id, file, NULL, &error), ==, 4);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* With a byte order mark: Excel reads UTF-8 only so. */
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF" "email,name,city\r\ncarol@example.com,Carol,Osaka\r\n"));
  g_assert_nonnull (strstr (text, "bob@example.com,髙橋,Tokyo\r\n"));
}

int
main (int    argc,
      char **argv)
{
  herald_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/list-store/count", test_count);
  ADD ("/list-store/fetch/order", test_fetch_order);
  ADD ("/list-store/fetch/search", test_fetch_search);
  ADD ("/list-store/fetch/large", test_fetch_large);
  ADD ("/list-store/set-field", test_set_field);
  ADD ("/list-store/add", test_add);
  ADD ("/list-store/remove-restore", test_remove_restore);
  ADD ("/list-store/unsubscribe-suppress", test_unsubscribe_suppress);
  ADD ("/list-store/export", test_export);

  return g_test_run ();
}
