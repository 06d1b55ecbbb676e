/* test-date.c — reading the dates people write in their lists
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "herald-base.h"
#include "herald-date.h"

static void
assert_date (const char *text,
             const char *expected)
{
  g_autofree char *got = herald_date_parse (text);

  if (g_strcmp0 (got, expected) != 0)
    g_error ("“%s” read as %s, not %s", text, got != NULL ? got : "(none)",
             expected != NULL ? expected : "(none)");
}

static void
test_gregorian (void)
{
  assert_date ("2026-12-06", "2026-12-06");
  assert_date ("2026/12/06", "2026-12-06");
  assert_date ("2026/12/6", "2026-12-06");
  assert_date ("2026.1.2", "2026-01-02");
  assert_date ("2026年12月6日", "2026-12-06");
  assert_date ("2026 年 12 月 6 日", "2026-12-06");
  assert_date ("２０２６／１２／０６", "2026-12-06");
  assert_date ("２０２６年１２月６日", "2026-12-06");
  assert_date ("20261206", "2026-12-06");
  assert_date ("  2026-12-06  ", "2026-12-06");
  assert_date ("2026/12/06 10:30", "2026-12-06");
  assert_date ("2026-12-06T10:30:00+09:00", "2026-12-06");
  assert_date ("2024-02-29", "2024-02-29");
}

static void
test_eras (void)
{
  assert_date ("令和8年12月6日", "2026-12-06");
  assert_date ("令和元年5月1日", "2019-05-01");
  assert_date ("令和 8 年 12 月 6 日", "2026-12-06");
  assert_date ("㋿8年12月6日", "2026-12-06");
  assert_date ("R8.12.6", "2026-12-06");
  assert_date ("r8/12/06", "2026-12-06");
  assert_date ("平成31年4月30日", "2019-04-30");
  assert_date ("H31.4.30", "2019-04-30");
  assert_date ("㍻元年1月8日", "1989-01-08");
  assert_date ("昭和64年1月7日", "1989-01-07");
  assert_date ("S50.3.15", "1975-03-15");
  assert_date ("大正15年12月24日", "1926-12-24");
}

static void
test_not_dates (void)
{
  assert_date (NULL, NULL);
  assert_date ("", NULL);
  assert_date ("東京", NULL);
  assert_date ("2026-13-01", NULL);
  assert_date ("2026-02-30", NULL);
  assert_date ("2025-02-29", NULL);
  assert_date ("06/12/2026", NULL);    /* day or month first: not guessed */
  assert_date ("12/06/2026", NULL);
  assert_date ("2026-12", NULL);
  assert_date ("2026-12-06x", NULL);
  assert_date ("202612061", NULL);
  assert_date ("26-12-06", NULL);
  assert_date ("令和0年1月1日", NULL);
  assert_date ("令和元年4月30日", NULL);   /* still 平成 */
  assert_date ("昭和70年1月1日", NULL);    /* 昭和 ended in its 64th year */
  assert_date ("R8", NULL);
  assert_date ("Reiwa", NULL);
  assert_date ("\xff\xfe", NULL);
}

/* HERALD_NOW sets the engine's clock, which then runs on from it. */
static void
test_clock (void)
{
  if (g_test_subprocess ())
    {
      gint64 now = herald_now_seconds ();
      g_autoptr(GDateTime) local = herald_now_local ();
      g_autofree char *shown = g_date_time_format (local, "%Y-%m-%d %H:%M");

      /* 2027-01-10T10:01:00+09:00 */
      g_assert_cmpint (now, >=, 1799542860);
      g_assert_cmpint (now, <, 1799542860 + 60);
      g_assert_cmpstr (shown, ==, "2027-01-10 01:01");   /* TZ=UTC */
      return;
    }
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("HERALD_NOW", "2027-01-10T10:01:00+09:00", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  g_setenv ("HERALD_NOW", "yesterday", TRUE);
  g_test_trap_subprocess ("/date/clock-bad", 0, 0);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*not an ISO 8601 time*");
  g_unsetenv ("HERALD_NOW");
}

static void
test_clock_bad (void)
{
  if (g_test_subprocess ())
    {
      gint64 real = g_get_real_time () / G_USEC_PER_SEC;

      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
      g_assert_cmpint (ABS (herald_now_seconds () - real), <=, 2);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/date/gregorian", test_gregorian);
  g_test_add_func ("/date/eras", test_eras);
  g_test_add_func ("/date/not-dates", test_not_dates);
  g_test_add_func ("/date/clock", test_clock);
  g_test_add_func ("/date/clock-bad", test_clock_bad);
  return g_test_run ();
}
