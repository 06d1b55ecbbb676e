/* bench-stats.c — what the C benchmarks share: the median of their runs,
 * the recipient they render for
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>

#include "bench-stats.h"

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

double
bench_median (double *values,
              int     n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return values[n / 2];
}

const char *
bench_lookup (const char *field,
              gpointer    user_data)
{
  if (g_str_equal (field, "name"))
    return "山田 太郎";
  if (g_str_equal (field, "会社名"))
    return "山田商店";
  return user_data;
}
