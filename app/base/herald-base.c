/* herald-base.c — small helpers every layer of the engine uses
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-base"

#include "config.h"

#include <string.h>

#include "herald-base.h"

/* The engine's clock is the wall clock, moved by HERALD_NOW when that is
 * set: the clock starts at that time and runs on from it, so a test (or a
 * user trying a schedule) can stand on any day. Read once per process. */
static gint64
clock_offset_us (void)
{
  static gsize once = 0;
  static gint64 offset = 0;

  if (g_once_init_enter (&once))
    {
      const char *text = g_getenv ("HERALD_NOW");

      if (text != NULL && *text != '\0')
        {
          g_autoptr(GTimeZone) local = g_time_zone_new_local ();
          g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (text, local);

          if (when != NULL)
            offset = g_date_time_to_unix (when) * G_USEC_PER_SEC +
                     g_date_time_get_microsecond (when) - g_get_real_time ();
          else
            g_warning ("HERALD_NOW “%s” is not an ISO 8601 time (such as 2027-01-10T10:01:00+09:00); using the real clock", text);
        }
      g_once_init_leave (&once, 1);
    }
  return offset;
}

/**
 * herald_now_us:
 *
 * Returns: the engine's clock in Unix microseconds: the wall clock, or the
 *   time HERALD_NOW names plus the time since this process first asked
 */
gint64
herald_now_us (void)
{
  gint64 offset = clock_offset_us ();   /* first: it reads the clock too */

  return g_get_real_time () + offset;
}

/**
 * herald_now_seconds:
 *
 * Returns: the engine's clock in Unix seconds, as the database stores it
 */
gint64
herald_now_seconds (void)
{
  return herald_now_us () / G_USEC_PER_SEC;
}

/**
 * herald_now_local:
 *
 * Returns: (transfer full): the engine's clock in the user's time zone
 */
GDateTime *
herald_now_local (void)
{
  return g_date_time_new_from_unix_local (herald_now_seconds ());
}

/**
 * herald_dup_bare_address:
 * @from: (nullable): "Name <addr>" or a bare "addr"
 *
 * Returns: (transfer full): the address between the last `<` and the `>`
 *   after it, or @from trimmed when it has none
 */
char *
herald_dup_bare_address (const char *from)
{
  const char *open = from != NULL ? strrchr (from, '<') : NULL;
  const char *close = open != NULL ? strchr (open, '>') : NULL;

  if (open != NULL && close != NULL)
    return g_strndup (open + 1, close - open - 1);
  return g_strstrip (g_strdup (from != NULL ? from : ""));
}
