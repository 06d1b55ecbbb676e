/* bench-stats.h — what the C benchmarks share: the median of their runs,
 * the recipient they render for
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

/* The median of @n values (sorts them in place). */
double bench_median (double *values,
                     int     n);

/* The benchmarks' recipient, a HeraldMergeLookup: "name" and "会社名";
 * any other field is @user_data (a string, or %NULL for none). */
const char *bench_lookup (const char *field,
                          gpointer    user_data);
