/* herald-time-of-day.c — reading and writing a time of day (HH:MM)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sequence step's `--at` (herald-sequence.h) is typed by people, on
 * Japanese keyboards too: full-width digits and colon (０９：００) read as
 * their ASCII forms (NFKC). tests/fuzz/fuzz-time-of-day.c fuzzes it.
 */
#include "config.h"

#include "herald-time-of-day.h"

/**
 * herald_time_of_day_parse:
 * @text: (nullable): a time of day as H:MM or HH:MM, 24 hours
 * @out_minute: (out): minutes after midnight, 0 to 1439
 *
 * Returns: whether @text is such a time; @out_minute is set only then
 */
gboolean
herald_time_of_day_parse (const char *text,
                          int        *out_minute)
{
  g_autofree char *folded = NULL;
  const char *p;
  int h = 0, m = 0, n = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL) ||
      (folded = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC)) == NULL)
    return FALSE;
  for (p = folded; g_ascii_isdigit (*p) && n < 3; p++, n++)
    h = h * 10 + (*p - '0');
  if (n < 1 || n > 2 || *p != ':')
    return FALSE;
  for (p++, n = 0; g_ascii_isdigit (*p) && n < 3; p++, n++)
    m = m * 10 + (*p - '0');
  if (n != 2 || *p != '\0' || h > 23 || m > 59)
    return FALSE;
  *out_minute = h * 60 + m;
  return TRUE;
}

/**
 * herald_time_of_day_format:
 * @minute: minutes after midnight, 0 to 1439
 *
 * Returns: (transfer full): @minute as HH:MM
 */
char *
herald_time_of_day_format (int minute)
{
  g_return_val_if_fail (minute >= 0 && minute < 24 * 60, NULL);
  return g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);
}
