/* test-schedule.c — quiet hours' arithmetic (across midnight, in a zone
 * without daylight saving time and in one with it), times typed by
 * people, what is due and what a late campaign does, and the schedule
 * and quiet hours in the store
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "herald-account.h"
#include "herald-base.h"
#include "herald-campaign.h"
#include "herald-due.h"
#include "herald-quiet-hours.h"
#include "herald-test-fixture.h"

typedef HeraldTestFixture Fixture;

static gint64
at (GTimeZone  *tz,
    int         year,
    int         month,
    int         day,
    int         hour,
    int         minute)
{
  g_autoptr(GDateTime) when = g_date_time_new (tz, year, month, day, hour, minute, 0);

  g_assert_nonnull (when);
  return g_date_time_to_unix (when);
}

/* Inside or not at @when, and the moment the state changes next. */
static void
assert_quiet (GTimeZone *tz,
              int        start,
              int        end,
              gint64     when,
              gboolean   inside,
              gint64     change)
{
  gint64 got = -1;

  g_assert_cmpint (herald_quiet_hours_contain (start, end, when, tz, &got), ==, inside);
  g_assert_cmpint (got, ==, change);
}

static void
test_quiet_tokyo (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Tokyo");
  const int s = HERALD_QUIET_HOURS_DEFAULT_START, e = HERALD_QUIET_HOURS_DEFAULT_END;

  g_assert_nonnull (tz);
  /* 20:59 is outside and the quiet begins at 21:00 the same day. */
  assert_quiet (tz, s, e, at (tz, 2027, 1, 10, 20, 59), FALSE, at (tz, 2027, 1, 10, 21, 0));
  assert_quiet (tz, s, e, at (tz, 2027, 1, 10, 20, 59) + 59, FALSE, at (tz, 2027, 1, 10, 21, 0));
  /* 21:00 is inside; it ends at 08:00 the next day, across midnight. */
  assert_quiet (tz, s, e, at (tz, 2027, 1, 10, 21, 0), TRUE, at (tz, 2027, 1, 11, 8, 0));
  assert_quiet (tz, s, e, at (tz, 2027, 1, 10, 23, 59), TRUE, at (tz, 2027, 1, 11, 8, 0));
  assert_quiet (tz, s, e, at (tz, 2027, 1, 11, 0, 0), TRUE, at (tz, 2027, 1, 11, 8, 0));
  assert_quiet (tz, s, e, at (tz, 2027, 1, 11, 7, 59), TRUE, at (tz, 2027, 1, 11, 8, 0));
  /* 08:00 is outside again; the next quiet begins at 21:00. */
  assert_quiet (tz, s, e, at (tz, 2027, 1, 11, 8, 0), FALSE, at (tz, 2027, 1, 11, 21, 0));
  /* The year's end. */
  assert_quiet (tz, s, e, at (tz, 2026, 12, 31, 22, 0), TRUE, at (tz, 2027, 1, 1, 8, 0));
  /* Within one day: 12:00-13:00. */
  assert_quiet (tz, 12 * 60, 13 * 60, at (tz, 2027, 1, 10, 11, 59), FALSE, at (tz, 2027, 1, 10, 12, 0));
  assert_quiet (tz, 12 * 60, 13 * 60, at (tz, 2027, 1, 10, 12, 30), TRUE, at (tz, 2027, 1, 10, 13, 0));
  assert_quiet (tz, 12 * 60, 13 * 60, at (tz, 2027, 1, 10, 13, 0), FALSE, at (tz, 2027, 1, 11, 12, 0));
  /* Off: never inside, no change. */
  assert_quiet (tz, 0, 0, at (tz, 2027, 1, 10, 23, 0), FALSE, 0);
  assert_quiet (tz, 600, 600, at (tz, 2027, 1, 10, 10, 0), FALSE, 0);
}

static void
test_quiet_berlin_dst (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  const int s = HERALD_QUIET_HOURS_DEFAULT_START, e = HERALD_QUIET_HOURS_DEFAULT_END;
  gint64 begin, end;

  g_assert_nonnull (tz);
  /* The night the clocks go forward (2027-03-28, 02:00 → 03:00): quiet
   * from 21:00 to 08:00 wall-clock time is 10 hours of real time. */
  begin = at (tz, 2027, 3, 27, 21, 0);
  end = at (tz, 2027, 3, 28, 8, 0);
  assert_quiet (tz, s, e, begin - 60, FALSE, begin);
  assert_quiet (tz, s, e, begin, TRUE, end);
  g_assert_cmpint (end - begin, ==, 10 * 3600);
  assert_quiet (tz, s, e, end - 60, TRUE, end);
  assert_quiet (tz, s, e, end, FALSE, at (tz, 2027, 3, 28, 21, 0));
  /* And back (2027-10-31, 03:00 → 02:00): 12 hours of real time. */
  begin = at (tz, 2027, 10, 30, 21, 0);
  end = at (tz, 2027, 10, 31, 8, 0);
  assert_quiet (tz, s, e, begin, TRUE, end);
  g_assert_cmpint (end - begin, ==, 12 * 3600);
  /* Winter and summer 21:00 are 21:00 local both times. */
  assert_quiet (tz, s, e, at (tz, 2027, 1, 10, 20, 59), FALSE, at (tz, 2027, 1, 10, 21, 0));
  assert_quiet (tz, s, e, at (tz, 2027, 7, 10, 20, 59), FALSE, at (tz, 2027, 7, 10, 21, 0));
  assert_quiet (tz, s, e, at (tz, 2027, 7, 11, 7, 59), TRUE, at (tz, 2027, 7, 11, 8, 0));
  /* A span that starts in the hour the clocks skip (02:30) begins when
   * the day reaches it. */
  assert_quiet (tz, 2 * 60 + 30, 4 * 60, at (tz, 2027, 3, 28, 1, 0), FALSE, at (tz, 2027, 3, 28, 1, 0) + 3600);
}

static void
test_quiet_parse (void)
{
  int start = -1, end = -1;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (herald_quiet_hours_parse ("21:00-08:00", &start, &end, &error));
  g_assert_no_error (error);
  g_assert_cmpint (start, ==, 21 * 60);
  g_assert_cmpint (end, ==, 8 * 60);
  g_assert_true (herald_quiet_hours_parse (" 9:30-17:05 ", &start, &end, NULL));
  g_assert_cmpint (start, ==, 9 * 60 + 30);
  g_assert_cmpint (end, ==, 17 * 60 + 5);
  g_assert_true (herald_quiet_hours_parse ("22:00-24:00", &start, &end, NULL));
  g_assert_cmpint (end, ==, 0);
  g_assert_true (herald_quiet_hours_parse ("off", &start, &end, NULL));
  g_assert_true (herald_quiet_hours_is_off (start, end));
  text = herald_quiet_hours_format (start, end);
  g_assert_cmpstr (text, ==, "off");
  g_clear_pointer (&text, g_free);
  text = herald_quiet_hours_format (21 * 60, 8 * 60);
  g_assert_cmpstr (text, ==, "21:00-08:00");

  for (guint i = 0; i < 8; i++)
    {
      static const char * const bad[] = { "", "21:00", "21-08", "25:00-08:00", "21:60-08:00",
                                          "21:00-08:00x", "08:00-08:00", "21:0-08:00" };
      g_assert_false (herald_quiet_hours_parse (bad[i], &start, &end, &error));
      g_assert_error (error, HERALD_QUIET_HOURS_ERROR, 0);
      g_clear_error (&error);
    }
}

static void
test_local_time (void)
{
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GError) error = NULL;
  gint64 when = 0;

  g_assert_true (herald_parse_local_time ("2027-01-10 10:00", tokyo, &when, &error));
  g_assert_no_error (error);
  g_assert_cmpint (when, ==, 1799542800);           /* 2027-01-10T01:00:00Z */
  g_assert_true (herald_parse_local_time ("2027-01-10T10:00", berlin, &when, NULL));
  g_assert_cmpint (when, ==, 1799542800 + 8 * 3600);  /* UTC+1 in winter */
  g_assert_true (herald_parse_local_time ("2027-07-10 10:00", berlin, &when, NULL));
  g_assert_cmpint (when, ==, at (berlin, 2027, 7, 10, 10, 0));
  for (guint i = 0; i < 9; i++)
    {
      static const char * const bad[] = { "2027-02-29 10:00", "2027-01-10", "2027-01-10 24:00",
                                          "2027-01-10 10:00 x", "10:00 2027-01-10", "tomorrow",
                                          "2027-1-10 10:00", "1-1-1T3:9", "0001-01-01 00:00" };
      g_assert_false (herald_parse_local_time (bad[i], tokyo, &when, &error));
      g_assert_error (error, HERALD_QUIET_HOURS_ERROR, 0);
      g_clear_error (&error);
    }
}

static void
test_classify (void)
{
  HeraldCampaignInfo info = { .state = HERALD_CAMPAIGN_SCHEDULED, .scheduled_at = 1000000 };
  const gint64 t = info.scheduled_at, grace = HERALD_DUE_GRACE_SECONDS;

  g_assert_cmpint (herald_due_classify (&info, t - 1), ==, HERALD_DUE_NOT_YET);
  g_assert_cmpint (herald_due_classify (&info, t), ==, HERALD_DUE_GO);
  g_assert_cmpint (herald_due_classify (&info, t + grace), ==, HERALD_DUE_GO);
  /* Late: by the rule; with none, the user decides. */
  g_assert_cmpint (herald_due_classify (&info, t + grace + 1), ==, HERALD_DUE_ASK);
  info.if_late = HERALD_IF_LATE_SEND;
  g_assert_cmpint (herald_due_classify (&info, t + grace + 1), ==, HERALD_DUE_GO);
  info.if_late = HERALD_IF_LATE_SKIP;
  g_assert_cmpint (herald_due_classify (&info, t + grace + 1), ==, HERALD_DUE_SKIP_LATE);
  g_assert_cmpint (herald_due_classify (&info, t + 1), ==, HERALD_DUE_GO);
  /* Started in time, it goes on whenever the next run comes. */
  info.if_late = HERALD_IF_LATE_ASK;
  info.state = HERALD_CAMPAIGN_SENDING;
  g_assert_cmpint (herald_due_classify (&info, t + 86400), ==, HERALD_DUE_GO);
  /* Skipped, done, or never scheduled: nothing. */
  info.state = HERALD_CAMPAIGN_DRAFT;
  info.late_skipped_at = t + grace + 1;
  g_assert_cmpint (herald_due_classify (&info, t + 86400), ==, HERALD_DUE_NOT_YET);
  info.late_skipped_at = 0;
  info.state = HERALD_CAMPAIGN_DONE;
  g_assert_cmpint (herald_due_classify (&info, t + 86400), ==, HERALD_DUE_NOT_YET);
  info.state = HERALD_CAMPAIGN_SCHEDULED;
  info.scheduled_at = 0;
  g_assert_cmpint (herald_due_classify (&info, t), ==, HERALD_DUE_NOT_YET);
}

static gint64
create_scheduled (Fixture      *f,
                  const char   *name,
                  gint64        when,
                  HeraldIfLate  if_late,
                  GError      **error)
{
  HeraldCampaignSpec spec = { .name = name, .template_name = "news", .list_name = "customers",
                              .account_name = "outbox", .scheduled_at = when, .if_late = if_late };

  return herald_campaign_create (f->store, &spec, NULL, error);
}

/* herald_campaign_count_pending_due() at @when: what a hidden window
 * waits for (ui/herald-background.c). */
static void
assert_pending (Fixture *f,
                gint64   when,
                guint64  want)
{
  g_autoptr(GError) error = NULL;
  guint64 n = 99;

  g_assert_true (herald_campaign_count_pending_due (f->store, when, HERALD_DUE_GRACE_SECONDS, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, want);
}

static void
test_store_schedule (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(HeraldCampaignInfo) info = NULL;
  gint64 now = herald_now_seconds (), id, skip_id;

  /* A time in the past is refused, saying so. */
  g_assert_cmpint (create_scheduled (f, "past", now - 60, HERALD_IF_LATE_ASK, &error), ==, -1);
  g_assert_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_PAST);
  g_clear_error (&error);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM campaigns"), ==, 0);

  id = create_scheduled (f, "later", now + 3600, HERALD_IF_LATE_ASK, &error);
  g_assert_no_error (error);
  skip_id = create_scheduled (f, "skipper", now + 7200, HERALD_IF_LATE_SKIP, &error);
  g_assert_no_error (error);
  /* Both still to go by themselves now; a day later both are late, one
   * waiting for the user and one to be skipped: neither goes by itself. */
  assert_pending (f, now, 2);
  assert_pending (f, now + 3600 + HERALD_DUE_GRACE_SECONDS, 2);
  assert_pending (f, now + 86400, 0);
  info = herald_campaign_get (f->store, id, &error);
  g_assert_cmpint (info->state, ==, HERALD_CAMPAIGN_SCHEDULED);
  g_assert_cmpint (info->scheduled_at, ==, now + 3600);
  g_assert_cmpint (info->if_late, ==, HERALD_IF_LATE_ASK);
  g_clear_pointer (&info, herald_campaign_info_free);
  info = herald_campaign_get (f->store, skip_id, &error);
  g_assert_cmpint (info->if_late, ==, HERALD_IF_LATE_SKIP);
  g_clear_pointer (&info, herald_campaign_info_free);

  /* Not due before its time; due at it; both later, earliest first. */
  due = herald_campaign_list_due (f->store, now + 3599, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 0);
  g_clear_pointer (&due, g_ptr_array_unref);
  due = herald_campaign_list_due (f->store, now + 3600, &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_clear_pointer (&due, g_ptr_array_unref);
  due = herald_campaign_list_due (f->store, now + 86400, &error);
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpint (((HeraldCampaignInfo *) due->pdata[0])->id, ==, id);
  g_clear_pointer (&due, g_ptr_array_unref);

  /* Late with no rule: waiting; the user's "send" sets the rule. */
  due = herald_due_list_waiting (f->store, now + 86400, &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpstr (((HeraldCampaignInfo *) due->pdata[0])->name, ==, "later");
  g_clear_pointer (&due, g_ptr_array_unref);
  g_assert_true (herald_due_decide (f->store, id, TRUE, &error));
  g_assert_no_error (error);
  due = herald_due_list_waiting (f->store, now + 86400, &error);
  g_assert_cmpuint (due->len, ==, 0);
  g_clear_pointer (&due, g_ptr_array_unref);
  /* Told to send: it goes by itself again, late. */
  assert_pending (f, now + 86400, 1);

  /* Skipped for being late: a draft that keeps its schedule and every
   * delivery, no longer due. */
  g_assert_true (herald_campaign_skip_late (f->store, skip_id, now + 86400, &error));
  g_assert_no_error (error);
  info = herald_campaign_get (f->store, skip_id, &error);
  g_assert_cmpint (info->state, ==, HERALD_CAMPAIGN_DRAFT);
  g_assert_cmpint (info->late_skipped_at, ==, now + 86400);
  g_assert_cmpint (info->scheduled_at, ==, now + 7200);
  g_clear_pointer (&info, herald_campaign_info_free);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries d JOIN campaigns c"
                                                    " ON c.id = d.campaign_id WHERE c.name = 'skipper'"), ==, 3);
  due = herald_campaign_list_due (f->store, now + 86400, &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_clear_pointer (&due, g_ptr_array_unref);
  /* Twice is refused, saying why. */
  g_assert_false (herald_campaign_skip_late (f->store, skip_id, now + 86400, &error));
  g_assert_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_STATE);
}

static void
test_store_quiet_hours (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(HeraldAccount) account = herald_account_new ();
  g_autoptr(HeraldAccount) loaded = NULL;
  g_autoptr(GError) error = NULL;

  account->name = g_strdup ("shop");
  account->host = g_strdup ("127.0.0.1");
  account->from = g_strdup ("Shop <shop@example.jp>");
  /* A new account in the engine has none: the CLI and window give the default. */
  g_assert_true (herald_quiet_hours_is_off (account->quiet_start, account->quiet_end));
  account->quiet_start = 21 * 60 + 30;
  account->quiet_end = 7 * 60;
  account->id = herald_account_save (f->store, account, &error);
  g_assert_no_error (error);
  loaded = herald_account_load (f->store, "shop", &error);
  g_assert_cmpint (loaded->quiet_start, ==, 21 * 60 + 30);
  g_assert_cmpint (loaded->quiet_end, ==, 7 * 60);
  /* Off is stored as none. */
  account->quiet_start = account->quiet_end = 0;
  g_assert_cmpint (herald_account_save (f->store, account, &error), ==, account->id);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM accounts WHERE name = 'shop'"
                                                    " AND quiet_start IS NULL AND quiet_end IS NULL"), ==, 1);
  g_clear_pointer (&loaded, herald_account_free);
  loaded = herald_account_load (f->store, "shop", &error);
  g_assert_true (herald_quiet_hours_is_off (loaded->quiet_start, loaded->quiet_end));
  /* Out of range is refused. */
  account->quiet_start = 24 * 60;
  g_assert_cmpint (herald_account_save (f->store, account, &error), ==, -1);
  g_assert_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  herald_test_init (&argc, &argv);
  g_test_add_func ("/quiet-hours/tokyo", test_quiet_tokyo);
  g_test_add_func ("/quiet-hours/berlin-dst", test_quiet_berlin_dst);
  g_test_add_func ("/quiet-hours/parse", test_quiet_parse);
  g_test_add_func ("/schedule/local-time", test_local_time);
  g_test_add_func ("/schedule/classify", test_classify);
  g_test_add ("/schedule/store", Fixture, NULL, herald_test_set_up_customers, test_store_schedule, herald_test_tear_down);
  g_test_add ("/schedule/quiet-hours-store", Fixture, NULL, herald_test_set_up_customers, test_store_quiet_hours, herald_test_tear_down);
  return g_test_run ();
}
