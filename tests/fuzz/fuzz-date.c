/* fuzz-date.c — libFuzzer target for herald_date_parse()
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is any text. What herald_date_parse() returns must be NULL or
 * a date that exists, written YYYY-MM-DD, which it reads again as itself.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "herald-date.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *date = herald_date_parse (text);
  g_autofree char *again = NULL;
  int y, m, d;

  if (date == NULL)
    return 0;
  g_assert_cmpuint (strlen (date), ==, 10);
  g_assert_true (sscanf (date, "%4d-%2d-%2d", &y, &m, &d) == 3);
  g_assert_true (g_date_valid_dmy (d, m, y));
  again = herald_date_parse (date);
  g_assert_cmpstr (again, ==, date);
  return 0;
}
