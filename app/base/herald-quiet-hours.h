/* herald-quiet-hours.h — the hours of the night an account sends nothing
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Quiet hours are two times of day in minutes after midnight, in the
 * user's time zone: from @start (included) to @end (excluded), across
 * midnight when @end is earlier. @start == @end means none ("off"). */
#define HERALD_QUIET_HOURS_DEFAULT_START (21 * 60)
#define HERALD_QUIET_HOURS_DEFAULT_END   (8 * 60)

#define HERALD_QUIET_HOURS_ERROR (herald_quiet_hours_error_quark ())

GQuark    herald_quiet_hours_error_quark (void);

gboolean  herald_quiet_hours_is_off      (int          start,
                                          int          end);
gboolean  herald_quiet_hours_parse       (const char  *text,
                                          int         *out_start,
                                          int         *out_end,
                                          GError     **error);
char     *herald_quiet_hours_format      (int          start,
                                          int          end);
gboolean  herald_quiet_hours_contain     (int          start,
                                          int          end,
                                          gint64       when,
                                          GTimeZone   *tz,
                                          gint64      *out_change);

gboolean  herald_parse_local_time        (const char  *text,
                                          GTimeZone   *tz,
                                          gint64      *out_unix,
                                          GError     **error);

G_END_DECLS
