/* bench-stats.h — what the C benchmarks share: the median of their runs
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* The median of @n values (sorts them in place). */
double bench_median (double *values,
                     int     n);
