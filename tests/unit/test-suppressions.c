/* test-suppressions.c — the suppression list: add, list, remove, and a
 * file of addresses imported onto it
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "herald-suppression-import.h"
#include "herald-suppressions.h"
#include "herald-test-fixture.h"

typedef HeraldTestFixture Fixture;

static void
test_add_list_remove (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  gboolean added = FALSE;

  g_assert_true (herald_suppressions_add (f->store, "taro@example.jp", "bounced", "DSN <1@x>", &added, &error));
  g_assert_true (added);
  /* Again, in other case and with another reason: the first cause stays. */
  g_assert_true (herald_suppressions_add (f->store, "TARO@example.jp", "manual", "me", &added, &error));
  g_assert_false (added);
  g_assert_true (herald_suppressions_add (f->store, "hanako@example.jp", "unsubscribed", NULL, NULL, &error));
  g_assert_no_error (error);

  all = herald_suppressions_list (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  for (guint i = 0; i < all->len; i++)
    {
      const HeraldSuppression *s = g_ptr_array_index (all, i);

      if (g_str_equal (s->email, "taro@example.jp"))
        {
          g_assert_cmpstr (s->reason, ==, "bounced");
          g_assert_cmpstr (s->source, ==, "DSN <1@x>");
        }
      else
        {
          g_assert_cmpstr (s->email, ==, "hanako@example.jp");
          g_assert_null (s->source);
        }
      g_assert_cmpint (s->created_at, >, 0);
    }
  g_clear_pointer (&all, g_ptr_array_unref);
  all = herald_suppressions_list (f->store, "HANA", &error);
  g_assert_cmpuint (all->len, ==, 1);

  g_assert_false (herald_suppressions_add (f->store, "x@example.jp", "spam", NULL, NULL, &error));
  g_assert_error (error, HERALD_SUPPRESSION_ERROR, HERALD_SUPPRESSION_ERROR_INVALID_REASON);
  g_clear_error (&error);

  g_assert_true (herald_suppressions_remove (f->store, "Taro@Example.jp", &error));
  g_assert_false (herald_suppressions_remove (f->store, "taro@example.jp", &error));
  g_assert_error (error, HERALD_SUPPRESSION_ERROR, HERALD_SUPPRESSION_ERROR_NOT_FOUND);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM suppressions"), ==, 1);
}

static gboolean
import_text (Fixture                       *f,
             const char                    *text,
             const char                    *encoding,
             HeraldSuppressionImportCounts *counts,
             GError                       **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (g_strdup (text), -1, g_free);
  const HeraldSuppressionImportOptions options = { encoding, "manual", "test.csv" };

  return herald_suppression_import (f->store, stream, &options, counts, NULL, error);
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HeraldSuppressionImportCounts counts = { 0 };
  g_autofree char *cp932 = NULL;
  const char *utf8 =
    "顧客番号,理由,メール\r\n"
    "1,bounced,a@example.jp\r\n"
    "2,,b@example.jp\r\n"
    "3,よくわからない,c@example.jp\r\n"
    "7,苦情,d@example.jp\r\n"
    "\r\n"
    "4,,not an address\r\n"
    "5,complaint,Ａ＠ｅｘａｍｐｌｅ．ｊｐ\r\n";

  herald_test_exec (f->store, "INSERT INTO suppressions (email, reason, source) VALUES ('a@example.jp', 'manual', 'earlier')");
  /* Excel's Japanese CSV: CP932, the address column third, found by what it holds. */
  cp932 = g_convert (utf8, -1, "CP932", "UTF-8", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (import_text (f, cp932, NULL, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_added, ==, 3);     /* b@, c@, d@ */
  g_assert_cmpuint (counts.n_known, ==, 2);     /* a@ twice (the full-width one normalised) */
  g_assert_cmpuint (counts.n_invalid, ==, 1);
  g_assert_cmpuint (counts.rejected->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (counts.rejected, 0), "line 7: "));
  herald_suppression_import_counts_clear (&counts);

  /* The known address kept its first cause; the others got their row's
   * reason when it is one Herald knows, else the import's. */
  g_assert_cmpint (herald_test_query_int (f->store,
                     "SELECT count(*) FROM suppressions WHERE email = 'a@example.jp' AND source = 'earlier'"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store,
                     "SELECT count(*) FROM suppressions WHERE email = 'b@example.jp' AND reason = 'manual'"
                     " AND source = 'test.csv'"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store,
                     "SELECT count(*) FROM suppressions WHERE email = 'c@example.jp' AND reason = 'manual'"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store,
                     "SELECT count(*) FROM suppressions WHERE email = 'd@example.jp' AND reason = 'complaint'"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM suppressions"), ==, 4);
}

/* A file without a header, and one without any address: nothing added
 * by the second, with the reason. */
static void
test_import_no_header_no_address (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HeraldSuppressionImportCounts counts = { 0 };

  g_assert_true (import_text (f, "x@example.jp\ny@example.jp\n", "utf-8", &counts, &error));
  g_assert_cmpuint (counts.n_added, ==, 2);
  herald_suppression_import_counts_clear (&counts);

  g_assert_false (import_text (f, "name,phone\n山田,03-1111\n", "utf-8", &counts, &error));
  g_assert_error (error, HERALD_SUPPRESSION_ERROR, HERALD_SUPPRESSION_ERROR_NO_ADDRESSES);
  herald_suppression_import_counts_clear (&counts);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM suppressions"), ==, 2);
}

/* Suppressed addresses are left out of a campaign; removing one brings
 * it back in the next; no contact or list is changed by either. */
static void
test_campaign_leaves_out (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 contacts_before = herald_test_query_int (f->store, "SELECT count(*) FROM contacts");
  gint64 members_before = herald_test_query_int (f->store, "SELECT count(*) FROM list_members");

  g_assert_true (herald_suppressions_add (f->store, "ann@example.jp", "unsubscribed", NULL, NULL, &error));
  herald_test_create_campaign (f, "one");
  g_assert_cmpint (herald_test_query_int (f->store,
                     "SELECT count(*) FROM deliveries WHERE email = 'ann@example.jp'"), ==, 0);
  g_assert_true (herald_suppressions_remove (f->store, "ann@example.jp", &error));
  herald_test_create_campaign (f, "two");
  g_assert_cmpint (herald_test_query_int (f->store,
                     "SELECT count(*) FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id"
                     " WHERE d.email = 'ann@example.jp' AND c.name = 'two'"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM contacts"), ==, contacts_before);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM list_members"), ==, members_before);
}

int
main (int    argc,
      char **argv)
{
  herald_test_init (&argc, &argv);

  g_test_add ("/suppressions/add-list-remove", Fixture, NULL, herald_test_set_up_store, test_add_list_remove,
              herald_test_tear_down);
  g_test_add ("/suppressions/import", Fixture, NULL, herald_test_set_up_store, test_import, herald_test_tear_down);
  g_test_add ("/suppressions/import-no-header-no-address", Fixture, NULL, herald_test_set_up_store,
              test_import_no_header_no_address, herald_test_tear_down);
  g_test_add ("/suppressions/campaign-leaves-out", Fixture, NULL, herald_test_set_up_customers,
              test_campaign_leaves_out, herald_test_tear_down);
  return g_test_run ();
}
