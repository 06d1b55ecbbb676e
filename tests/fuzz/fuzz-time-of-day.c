/* fuzz-time-of-day.c — libFuzzer target for herald_time_of_day_parse()
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is any text. A time it reads is a minute of the day, which
 * herald_time_of_day_format() writes as HH:MM and which reads again as
 * itself.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "herald-time-of-day.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *again = NULL;
  int minute = -1, minute2 = -1;

  if (!herald_time_of_day_parse (text, &minute))
    return 0;
  g_assert_cmpint (minute, >=, 0);
  g_assert_cmpint (minute, <, 24 * 60);
  again = herald_time_of_day_format (minute);
  g_assert_cmpuint (strlen (again), ==, 5);
  g_assert_true (herald_time_of_day_parse (again, &minute2));
  g_assert_cmpint (minute2, ==, minute);
  return 0;
}
