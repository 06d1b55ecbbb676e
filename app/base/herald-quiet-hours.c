/* herald-quiet-hours.c — the hours of the night an account sends nothing
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Quiet hours are wall-clock times in the user's time zone: 21:00 stays
 * 21:00 on the day the clocks change, so the arithmetic goes through
 * GDateTime in that zone, never by adding 24 hours of seconds.
 */
#define G_LOG_DOMAIN "herald-quiet-hours"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "herald-quiet-hours.h"

#define MINUTES_A_DAY (24 * 60)

G_DEFINE_QUARK (herald-quiet-hours-error-quark, herald_quiet_hours_error)

gboolean
herald_quiet_hours_is_off (int start,
                           int end)
{
  return start == end;
}

static gboolean
parse_time_of_day (const char *text,
                   const char *stop,
                   int        *out_minutes)
{
  guint hours = 0, minutes = 0;
  const char *p = text;
  int digits = 0;

  for (; p < stop && g_ascii_isdigit (*p) && digits < 2; p++, digits++)
    hours = hours * 10 + (guint) (*p - '0');
  if (digits == 0 || p >= stop || *p != ':')
    return FALSE;
  p++;
  for (digits = 0; p < stop && g_ascii_isdigit (*p) && digits < 2; p++, digits++)
    minutes = minutes * 10 + (guint) (*p - '0');
  if (digits != 2 || p != stop || hours > 24 || minutes > 59 || (hours == 24 && minutes != 0))
    return FALSE;
  *out_minutes = (int) ((hours * 60 + minutes) % MINUTES_A_DAY);
  return TRUE;
}

/**
 * herald_quiet_hours_parse:
 * @text: "HH:MM-HH:MM" (such as "21:00-08:00") or "off"
 *
 * Returns: %TRUE with the two times in minutes after midnight (both 0 for
 *   "off"); %FALSE with a message saying how to write them
 */
gboolean
herald_quiet_hours_parse (const char  *text,
                          int         *out_start,
                          int         *out_end,
                          GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  const char *dash = strchr (copy, '-');
  int start = 0, end = 0;

  if (g_ascii_strcasecmp (copy, "off") == 0)
    {
      *out_start = *out_end = 0;
      return TRUE;
    }
  if (dash == NULL ||
      !parse_time_of_day (copy, dash, &start) ||
      !parse_time_of_day (dash + 1, dash + 1 + strlen (dash + 1), &end))
    {
      g_set_error (error, HERALD_QUIET_HOURS_ERROR, 0,
                   _("“%s” is not a span of quiet hours. Write it as two times of day, "
                     "such as 21:00-08:00, or “off” for none."), copy);
      return FALSE;
    }
  if (start == end)
    {
      g_set_error (error, HERALD_QUIET_HOURS_ERROR, 0,
                   _("Quiet hours from %s to the same time are empty. Give two different "
                     "times, such as 21:00-08:00, or “off” for none."), copy);
      return FALSE;
    }
  *out_start = start;
  *out_end = end;
  return TRUE;
}

/**
 * herald_quiet_hours_format:
 *
 * Returns: (transfer full): "21:00-08:00", or "off"
 */
char *
herald_quiet_hours_format (int start,
                           int end)
{
  if (herald_quiet_hours_is_off (start, end))
    return g_strdup ("off");
  return g_strdup_printf ("%02d:%02d-%02d:%02d", start / 60, start % 60, end / 60, end % 60);
}

static gboolean
minute_inside (int start,
               int end,
               int minute)
{
  if (start < end)
    return minute >= start && minute < end;
  return minute >= start || minute < end;   /* across midnight */
}

/* The first moment after @now whose wall-clock time in @tz is @minute:
 * today's or a later day's. A time the clocks skip (a spring-forward gap)
 * is the moment the day reaches it (GDateTime moves it past the gap). */
static gint64
next_wall_time (GDateTime *now,
                GTimeZone *tz,
                int        minute)
{
  for (int day = 0; day < 3; day++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (now, day);
      g_autoptr(GDateTime) at = g_date_time_new (tz, g_date_time_get_year (date),
                                                 g_date_time_get_month (date),
                                                 g_date_time_get_day_of_month (date),
                                                 minute / 60, minute % 60, 0);

      if (at != NULL && g_date_time_to_unix (at) > g_date_time_to_unix (now))
        return g_date_time_to_unix (at);
    }
  g_assert_not_reached ();
  return 0;
}

/**
 * herald_quiet_hours_contain:
 * @when: Unix seconds (the engine's clock: herald_now_seconds())
 * @tz: (nullable): the time zone; %NULL for the user's (TZ)
 * @out_change: (out) (optional): when the quiet hours end (inside them),
 *   or next begin (outside them), in Unix seconds; 0 when they are off
 *
 * Returns: whether @when falls inside the quiet hours
 */
gboolean
herald_quiet_hours_contain (int         start,
                            int         end,
                            gint64      when,
                            GTimeZone  *tz,
                            gint64     *out_change)
{
  g_autoptr(GTimeZone) local = tz == NULL ? g_time_zone_new_local () : g_time_zone_ref (tz);
  g_autoptr(GDateTime) now = NULL;
  gboolean inside;

  if (out_change != NULL)
    *out_change = 0;
  if (herald_quiet_hours_is_off (start, end))
    return FALSE;
  now = g_date_time_new_from_unix_utc (when);
  g_return_val_if_fail (now != NULL, FALSE);
  {
    g_autoptr(GDateTime) here = g_date_time_to_timezone (now, local);

    inside = minute_inside (start, end, g_date_time_get_hour (here) * 60 + g_date_time_get_minute (here));
    if (out_change != NULL)
      *out_change = next_wall_time (here, local, inside ? end : start);
  }
  return inside;
}

/* Exactly "DDDD-DD-DD?DD:DD", digits where the D are. */
static gboolean
is_local_time_shape (const char *text)
{
  static const char shape[] = "DDDD-DD-DD?DD:DD";

  if (text == NULL || strlen (text) != sizeof shape - 1)
    return FALSE;
  for (gsize i = 0; i < sizeof shape - 1; i++)
    if (shape[i] == 'D' ? !g_ascii_isdigit (text[i]) : shape[i] != '?' && text[i] != shape[i])
      return FALSE;
  return TRUE;
}

/**
 * herald_parse_local_time:
 * @text: "YYYY-MM-DD HH:MM" (a "T" between them is taken too)
 * @tz: (nullable): the time zone it is in; %NULL for the user's (TZ)
 * @out_unix: (out): Unix seconds
 *
 * Returns: %FALSE, saying how to write it, when @text is not such a time
 *   or names a day or time that does not exist
 */
gboolean
herald_parse_local_time (const char  *text,
                         GTimeZone   *tz,
                         gint64      *out_unix,
                         GError     **error)
{
  g_autoptr(GTimeZone) local = tz == NULL ? g_time_zone_new_local () : g_time_zone_ref (tz);
  g_autoptr(GDateTime) when = NULL;
  int year, month, day, hour, minute, end = -1;
  char sep;

  if (is_local_time_shape (text) &&
      sscanf (text, "%4d-%2d-%2d%c%2d:%2d%n", &year, &month, &day, &sep, &hour, &minute, &end) == 6 &&
      end == 16 && (sep == ' ' || sep == 'T') &&
      year >= 1970 && year <= 9998 && month >= 1 && month <= 12 && day >= 1 &&
      day <= g_date_get_days_in_month (month, year) && hour <= 23 && minute <= 59)
    when = g_date_time_new (local, year, month, day, hour, minute, 0);
  if (when == NULL)
    {
      g_set_error (error, HERALD_QUIET_HOURS_ERROR, 0,
                   _("“%s” is not a date and time. Write it as YYYY-MM-DD HH:MM in your time zone, "
                     "such as 2027-01-10 10:00."), text != NULL ? text : "");
      return FALSE;
    }
  *out_unix = g_date_time_to_unix (when);
  return TRUE;
}
