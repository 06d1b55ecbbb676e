/* fuzz-schedule.c — libFuzzer target for what a person types for a
 * schedule: herald_quiet_hours_parse() and herald_parse_local_time()
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is any text. A span that parses has two different times of
 * day, is written back as text that parses to the same span, and, in a
 * zone without daylight saving time (Asia/Tokyo), changes state exactly
 * at the moment herald_quiet_hours_contain() names, which lies ahead
 * within a day. A time that parses writes back as itself in that zone.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "herald-quiet-hours.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_span (const char *text,
            GTimeZone  *tz)
{
  int start = -1, end = -1, start2 = -1, end2 = -1;
  g_autofree char *written = NULL;
  gint64 when = 1799542800, change = 0, change2 = 0;   /* 2027-01-10T10:00+09:00 */

  if (!herald_quiet_hours_parse (text, &start, &end, NULL))
    return;
  g_assert_true (start >= 0 && start < 1440 && end >= 0 && end < 1440);
  written = herald_quiet_hours_format (start, end);
  g_assert_true (herald_quiet_hours_parse (written, &start2, &end2, NULL));
  g_assert_cmpint (start, ==, start2);
  g_assert_cmpint (end, ==, end2);
  if (herald_quiet_hours_is_off (start, end))
    {
      g_assert_false (herald_quiet_hours_contain (start, end, when, tz, &change));
      g_assert_cmpint (change, ==, 0);
      return;
    }
  for (int step = 0; step < 4; step++, when += 6 * 3600 + 7 * 60)
    {
      gboolean inside = herald_quiet_hours_contain (start, end, when, tz, &change);

      g_assert_true (change > when && change - when <= 86400);
      g_assert_true (herald_quiet_hours_contain (start, end, change, tz, &change2) != inside);
      g_assert_true (herald_quiet_hours_contain (start, end, change - 1, tz, NULL) == inside);
    }
}

static void
check_time (const char *text,
            GTimeZone  *tz)
{
  gint64 when = 0, again = 0;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *written = NULL;

  if (!herald_parse_local_time (text, tz, &when, NULL))
    return;
  local = g_date_time_new_from_unix_utc (when);
  g_assert_nonnull (local);
  {
    g_autoptr(GDateTime) there = g_date_time_to_timezone (local, tz);
    written = g_date_time_format (there, "%Y-%m-%d %H:%M");
  }
  g_assert_true (herald_parse_local_time (written, tz, &again, NULL));
  g_assert_cmpint (again, ==, when);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static GTimeZone *tokyo;
  g_autofree char *text = g_strndup ((const char *) data, size);

  if (tokyo == NULL)
    tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_assert_nonnull (tokyo);
  check_span (text, tokyo);
  check_time (text, tokyo);
  return 0;
}
