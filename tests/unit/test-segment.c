/* test-segment.c — segments: conditions read, saved, counted, and used
 * by a campaign, against a known list with Japanese values and dates
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "herald-campaign.h"
#include "herald-segment.h"
#include "herald-test-fixture.h"

typedef HeraldTestFixture Fixture;

/* The list "会員" (members): 8 contacts, one unsubscribed, one suppressed. */
static const struct
{
  const char *email, *name, *pref, *birthday, *rank, *phone;
} members[] = {
  { "taro@example.jp",   "山田太郎", "東京都", "1980/04/01",      "ゴールド", "03-1111-2222" },
  { "hanako@example.jp", "佐藤花子", "大阪府", "昭和60年7月7日",   "シルバー", "" },
  { "jiro@example.jp",   "鈴木次郎", "東京都", "令和2年1月15日",   "gold",     "090-1234-5678" },
  { "mika@example.jp",   "高橋美香", "北海道", "2001-12-31",      "ブロンズ", "" },
  { "ken@example.jp",    "田中健",   "東京都", "不明",            "",         "011-000-0000" },
  { "yuki@example.jp",   "伊藤由紀", "京都府", "Ｈ１２．３．４", "シルバー", "" },
  { "left@example.jp",   "去田",     "東京都", "1990-01-01",      "ゴールド", "" },
  { "gone@example.jp",   "消田",     "東京都", "1990-01-01",      "ゴールド", "" },
};

static gint64
set_up_members (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  const char *names[] = { "氏名", "都道府県", "誕生日", "会員ランク", "電話", NULL };
  gint64 list_id;

  list_id = herald_store_ensure_list (f->store, "会員", &error);
  g_assert_no_error (error);
  g_assert_true (herald_store_set_list_fields (f->store, list_id, names, &error));
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      const char *values[] = { members[i].name, members[i].pref, members[i].birthday, members[i].rank,
                               members[i].phone, NULL };

      g_assert_cmpint (herald_store_upsert_contact (f->store, list_id, members[i].email, names, values,
                                                    NULL, &error), >, 0);
      g_assert_no_error (error);
    }
  herald_test_exec (f->store, "UPDATE list_members SET status = 'unsubscribed'"
                              " WHERE contact_id = (SELECT id FROM contacts WHERE email = 'left@example.jp')");
  g_assert_true (herald_store_suppress (f->store, "gone@example.jp", "bounced", "test", &error));
  /* ken joined later than the others. */
  herald_test_exec (f->store, "UPDATE list_members SET added_at = strftime('%s', '2026-12-01 12:00:00', 'utc')"
                              " WHERE contact_id = (SELECT id FROM contacts WHERE email = 'ken@example.jp')");
  herald_test_exec (f->store, "UPDATE list_members SET added_at = strftime('%s', '2026-01-10 12:00:00', 'utc')"
                              " WHERE contact_id <> (SELECT id FROM contacts WHERE email = 'ken@example.jp')");
  return list_id;
}

/* Counts the contacts matching @conditions (NULL-terminated), all or any. */
static gint64
count_where (Fixture    *f,
             gint64      list_id,
             gboolean    any,
             const char *first,
             ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldSegment) segment = herald_segment_new ("t", list_id, any);
  va_list args;
  gint64 n;

  va_start (args, first);
  for (const char *c = first; c != NULL; c = va_arg (args, const char *))
    {
      herald_segment_add_condition_text (segment, c, &error);
      g_assert_no_error (error);
    }
  va_end (args);
  n = herald_segment_count (f->store, segment, &error);
  g_assert_no_error (error);
  return n;
}

#define ALL(...) count_where (f, list_id, FALSE, __VA_ARGS__, NULL)
#define ANY(...) count_where (f, list_id, TRUE, __VA_ARGS__, NULL)

static void
test_conditions (Fixture       *f,
                 gconstpointer  data)
{
  gint64 list_id = set_up_members (f);

  g_assert_cmpint (ALL ("都道府県 = 東京都"), ==, 5);
  g_assert_cmpint (ALL ("都道府県=東京都"), ==, 5);
  g_assert_cmpint (ALL ("都道府県 != 東京都"), ==, 3);
  g_assert_cmpint (ALL ("都道府県 = 東京"), ==, 0);
  g_assert_cmpint (ALL ("都道府県 contains 京"), ==, 6);
  g_assert_cmpint (ALL ("都道府県 starts-with 京"), ==, 1);
  g_assert_cmpint (ALL ("会員ランク = GOLD"), ==, 1);          /* Latin letters: any case */
  g_assert_cmpint (ALL ("会員ランク in ゴールド, gold"), ==, 4);
  g_assert_cmpint (ALL ("会員ランク in ゴールド、シルバー"), ==, 5);
  g_assert_cmpint (ALL ("会員ランク empty"), ==, 1);
  g_assert_cmpint (ALL ("電話 not-empty"), ==, 3);
  g_assert_cmpint (ALL ("存在しない empty"), ==, 8);           /* a field nobody has is empty */
}

static void
test_dates (Fixture       *f,
            gconstpointer  data)
{
  gint64 list_id = set_up_members (f);

  /* Born before 1990: taro 1980, hanako 昭和60 = 1985. 不明 is no date. */
  g_assert_cmpint (ALL ("誕生日 before 1990/01/01"), ==, 2);
  g_assert_cmpint (ALL ("誕生日 before 平成2年1月1日"), ==, 2);
  /* After 2000-01-01: jiro 令和2, mika 2001, yuki Ｈ１２ = 2000-03-04. */
  g_assert_cmpint (ALL ("誕生日 after 2000-01-01"), ==, 3);
  g_assert_cmpint (ALL ("誕生日 after 令和元年5月1日"), ==, 1);
  g_assert_cmpint (ALL ("joined after 2026/11/30"), ==, 1);
  g_assert_cmpint (ALL ("joined before 2026年11月30日"), ==, 7);
}

static void
test_own_fields (Fixture       *f,
                 gconstpointer  data)
{
  gint64 list_id = set_up_members (f);

  g_assert_cmpint (ALL ("subscription = unsubscribed"), ==, 1);
  g_assert_cmpint (ALL ("suppression = bounced"), ==, 1);
  g_assert_cmpint (ALL ("suppression empty"), ==, 7);
  g_assert_cmpint (ALL ("email starts-with TARO@"), ==, 1);
  g_assert_cmpint (ALL ("email contains example.jp"), ==, 8);
}

static void
test_all_and_any (Fixture       *f,
                  gconstpointer  data)
{
  gint64 list_id = set_up_members (f);

  g_assert_cmpint (ALL ("都道府県 = 東京都", "会員ランク = ゴールド"), ==, 3);
  g_assert_cmpint (ANY ("都道府県 = 大阪府", "都道府県 = 北海道"), ==, 2);
  g_assert_cmpint (ALL ("都道府県 = 大阪府", "都道府県 = 北海道"), ==, 0);
  g_assert_cmpint (ANY ("誕生日 before 1981-01-01", "電話 starts-with 090"), ==, 2);
}

/* What a user can type wrong: each a clear error, nothing saved. */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  gint64 list_id = set_up_members (f);
  g_autoptr(HeraldSegment) segment = herald_segment_new ("bad", list_id, FALSE);
  const char *bad[] = {
    "", "都道府県", "都道府県 ~ 東京", "誕生日 before いつか", "誕生日 after 2026-02-30",
    "電話 empty 090", "会員ランク in , ,", "\"unclosed = 1", "= 東京都", "都道府県 contains",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      if (herald_segment_add_condition_text (segment, bad[i], &error))
        g_error ("“%s” was accepted", bad[i]);
      g_assert_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_INVALID);
    }
  g_assert_cmpuint (segment->conditions->len, ==, 0);
  {
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (herald_segment_save (f->store, segment, &error), ==, -1);
    g_assert_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_INVALID);
  }
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM segments"), ==, 0);
}

/* Values that look like SQL are values: bound, never part of the SQL. */
static void
test_hostile_values (Fixture       *f,
                     gconstpointer  data)
{
  gint64 list_id = set_up_members (f);

  g_assert_cmpint (ALL ("都道府県 = ' OR 1=1 --"), ==, 0);
  g_assert_cmpint (ALL ("\"x') OR 1=1 --\" empty"), ==, 8);
  g_assert_cmpint (ALL ("都道府県 in ') OR 1=1 --, \"]"), ==, 0);
  g_assert_cmpint (ALL ("都道府県 contains %"), ==, 0);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM contacts"), ==, 8);
}

static void
test_save_find_list (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 list_id = set_up_members (f);
  g_autoptr(HeraldSegment) segment = herald_segment_new ("東京のゴールド会員", list_id, FALSE);
  g_autoptr(HeraldSegment) found = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *text = NULL;

  g_assert_true (herald_segment_add_condition_text (segment, "都道府県 = 東京都", &error));
  g_assert_true (herald_segment_add_condition_text (segment, "\"会員ランク\" in ゴールド, gold", &error));
  g_assert_true (herald_segment_add_condition_text (segment, "誕生日 before 令和元年5月1日", &error));
  g_assert_no_error (error);
  g_assert_cmpint (herald_segment_save (f->store, segment, &error), >, 0);
  g_assert_no_error (error);

  /* The same name again: refused, the first one kept. */
  g_assert_cmpint (herald_segment_save (f->store, segment, &error), ==, -1);
  g_assert_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_EXISTS);
  g_clear_error (&error);

  found = herald_segment_find (f->store, "東京のゴールド会員", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->list_name, ==, "会員");
  g_assert_false (found->match_any);
  text = herald_segment_describe (found);
  g_assert_cmpstr (text, ==, "都道府県 = 東京都 and 会員ランク in ゴールド, gold and 誕生日 before 2019-05-01");
  /* taro (1980) and the unsubscribed and suppressed ones (1990). */
  g_assert_cmpint (herald_segment_count (f->store, found, &error), ==, 3);

  all = herald_segment_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);

  g_assert_null (herald_segment_find (f->store, "ない", &error));
  g_assert_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (herald_segment_remove (f->store, "東京のゴールド会員", &error));
  g_assert_false (herald_segment_remove (f->store, "東京のゴールド会員", &error));
  g_assert_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_NOT_FOUND);
}

/* A campaign to a segment: its matching subscribed, unsuppressed
 * contacts, and nothing of the rest of the list — nor of other lists. */
static void
test_campaign (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 list_id = set_up_members (f);
  g_autoptr(HeraldSegment) segment = herald_segment_new ("東京", list_id, FALSE);
  HeraldCampaignSummary summary = { 0 };
  HeraldCampaignSpec spec = { .name = "東京セール", .template_name = "news", .list_name = "会員",
                              .account_name = "outbox", .segment = "東京" };
  g_autofree char *emails = NULL;
  gint64 id;

  /* The customers list (with its template "news") beside the members. */
  herald_test_fixture_clear (f);
  herald_test_fixture_init (f, HERALD_TEST_CUSTOMERS);
  list_id = set_up_members (f);
  segment->list_id = list_id;
  g_assert_true (herald_segment_add_condition_text (segment, "都道府県 = 東京都", &error));
  g_assert_cmpint (herald_segment_save (f->store, segment, &error), >, 0);
  g_assert_no_error (error);

  /* The New Campaign form's summary: the numbers the campaign will have. */
  {
    gint64 outbox = herald_test_query_int (f->store, "SELECT id FROM accounts WHERE name = 'outbox'");
    gint64 customers = herald_test_query_int (f->store, "SELECT id FROM lists WHERE name = 'customers'");
    HeraldCampaignSummary estimate = { 0 };

    g_assert_true (herald_campaign_estimate_segment (f->store, list_id, "東京", outbox, &estimate, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (estimate.n_recipients, ==, 3);
    g_assert_cmpuint (estimate.n_suppressed, ==, 1);
    g_assert_cmpuint (estimate.n_unsubscribed, ==, 1);
    g_assert_true (herald_campaign_estimate_segment (f->store, list_id, NULL, outbox, &estimate, &error));
    g_assert_cmpuint (estimate.n_recipients, >, 3);
    g_assert_false (herald_campaign_estimate_segment (f->store, customers, "東京", outbox, &estimate, &error));
    g_assert_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_INVALID);
    g_clear_error (&error);
  }

  id = herald_campaign_create (f->store, &spec, &summary, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (summary.n_recipients, ==, 3);
  g_assert_cmpuint (summary.n_suppressed, ==, 1);
  g_assert_cmpuint (summary.n_unsubscribed, ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries"), ==, 3);
  g_assert_cmpint (herald_test_query_int (f->store,
                     "SELECT count(*) FROM deliveries WHERE email IN"
                     " ('taro@example.jp', 'jiro@example.jp', 'ken@example.jp')"), ==, 3);
  g_assert_cmpint (herald_test_query_int (f->store,
                     "SELECT count(*) FROM campaigns WHERE segment = '東京'"), ==, 1);

  /* A segment of another list: refused, nothing made. */
  spec.name = "wrong";
  spec.list_name = "customers";
  g_assert_cmpint (herald_campaign_create (f->store, &spec, NULL, &error), ==, -1);
  g_assert_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "会員"));
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM campaigns"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries"), ==, 3);
}

/* A saved segment changed and removed: the campaigns already made with it
 * keep the recipients they chose (a scheduled one too) and follow a
 * rename; a name taken or a segment gone is refused. */
static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldSegment) segment = NULL, osaka = NULL, changed = NULL, found = NULL;
  g_auto(GStrv) waiting = NULL;
  HeraldCampaignSpec spec = { .name = "東京セール", .template_name = "news", .list_name = "会員",
                              .account_name = "outbox", .segment = "東京",
                              .scheduled_at = g_get_real_time () / G_USEC_PER_SEC + 86400,
                              .if_late = HERALD_IF_LATE_ASK };
  gint64 list_id, id;

  herald_test_fixture_clear (f);
  herald_test_fixture_init (f, HERALD_TEST_CUSTOMERS);
  list_id = set_up_members (f);
  segment = herald_segment_new ("東京", list_id, FALSE);
  osaka = herald_segment_new ("大阪", list_id, FALSE);
  g_assert_true (herald_segment_add_condition_text (segment, "都道府県 = 東京都", &error));
  g_assert_true (herald_segment_add_condition_text (osaka, "都道府県 = 大阪府", &error));
  g_assert_cmpint ((id = herald_segment_save (f->store, segment, &error)), >, 0);
  g_assert_cmpint (herald_segment_save (f->store, osaka, &error), >, 0);
  g_assert_no_error (error);

  waiting = herald_segment_dup_waiting_campaigns (f->store, "東京", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (waiting), ==, 0);
  g_clear_pointer (&waiting, g_strfreev);
  g_assert_cmpint (herald_campaign_create (f->store, &spec, NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries"), ==, 3);
  waiting = herald_segment_dup_waiting_campaigns (f->store, "東京", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (waiting), ==, 1);
  g_assert_cmpstr (waiting[0], ==, "東京セール");

  /* Renamed, any of two conditions: counted anew, the campaign follows the
   * name and keeps its three recipients. */
  changed = herald_segment_new ("東京か大阪", list_id, TRUE);
  g_assert_true (herald_segment_add_condition_text (changed, "都道府県 = 東京都", &error));
  g_assert_true (herald_segment_add_condition_text (changed, "都道府県 = 大阪府", &error));
  g_assert_true (herald_segment_update (f->store, id, changed, &error));
  g_assert_no_error (error);
  g_assert_null (herald_segment_find (f->store, "東京", &error));
  g_clear_error (&error);
  found = herald_segment_find (f->store, "東京か大阪", &error);
  g_assert_no_error (error);
  g_assert_true (found->match_any);
  g_assert_cmpuint (found->conditions->len, ==, 2);
  g_assert_cmpint (found->id, ==, id);
  /* taro, jiro, ken, left, gone (Tokyo) and hanako (Osaka) */
  g_assert_cmpint (herald_segment_count (f->store, found, &error), ==, 6);
  g_assert_cmpint (herald_test_query_int (f->store,
                     "SELECT count(*) FROM campaigns WHERE segment = '東京か大阪'"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries"), ==, 3);

  /* Another segment's name: refused, nothing changed. */
  g_free (changed->name);
  changed->name = g_strdup ("大阪");
  g_assert_false (herald_segment_update (f->store, id, changed, &error));
  g_assert_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (herald_test_query_int (f->store,
                     "SELECT count(*) FROM campaigns WHERE segment = '東京か大阪'"), ==, 1);

  /* Removed: the scheduled campaign keeps its recipients; changing the
   * segment gone is refused with a reason. */
  g_assert_true (herald_segment_remove (f->store, "東京か大阪", &error));
  g_assert_no_error (error);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries"), ==, 3);
  g_assert_cmpint (herald_test_query_int (f->store,
                     "SELECT count(*) FROM campaigns WHERE state = 'scheduled'"), ==, 1);
  g_free (changed->name);
  changed->name = g_strdup ("東京");
  g_assert_false (herald_segment_update (f->store, id, changed, &error));
  g_assert_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  herald_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, herald_test_set_up_store, func, herald_test_tear_down)
  ADD ("/segment/conditions", test_conditions);
  ADD ("/segment/dates", test_dates);
  ADD ("/segment/own-fields", test_own_fields);
  ADD ("/segment/all-and-any", test_all_and_any);
  ADD ("/segment/refusals", test_refusals);
  ADD ("/segment/hostile-values", test_hostile_values);
  ADD ("/segment/save-find-list", test_save_find_list);
  ADD ("/segment/campaign", test_campaign);
  ADD ("/segment/edit", test_edit);
#undef ADD
  return g_test_run ();
}
