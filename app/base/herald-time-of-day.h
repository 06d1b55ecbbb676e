/* herald-time-of-day.h — reading and writing a time of day (HH:MM)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean herald_time_of_day_parse  (const char *text,
                                    int        *out_minute);
char    *herald_time_of_day_format (int         minute);

G_END_DECLS
