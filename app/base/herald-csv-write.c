/* herald-csv-write.c — writing RFC 4180 CSV
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-csv"

#include "config.h"

#include <string.h>

#include "herald-csv-write.h"

/**
 * herald_csv_is_formula:
 *
 * Whether a spreadsheet opening a CSV file would take @value for a
 * formula (or the start of one): it begins with "=", "+", "-", "@", a tab
 * or a carriage return (CWE-1236). Such a value in a customer list can
 * run commands or send data away when the file is opened in Excel.
 */
gboolean
herald_csv_is_formula (const char *value)
{
  return value != NULL && value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL;
}

/**
 * herald_csv_unguard:
 * @text: (inout): a value read from a CSV file
 * @len: (inout): its length
 *
 * Reads back a value that a CSV writer (Herald's own, Excel's) guarded
 * with a leading "'" so that spreadsheets take it for text: "'=SUM(A1)"
 * becomes "=SUM(A1)", "'+81 3-1111" "+81 3-1111". Other values, and a
 * "'" before anything that is not a formula's first character, are left
 * as they are.
 */
void
herald_csv_unguard (const char **text,
                    gsize       *len)
{
  if (*len >= 2 && (*text)[0] == '\'' && herald_csv_is_formula (*text + 1))
    {
      (*text)++;
      (*len)--;
    }
}

/**
 * herald_csv_append_field:
 *
 * Appends @value, quoted when it holds a comma, quote, CR or LF, or starts
 * with a space or tab that a reader might trim. A value a spreadsheet
 * would take for a formula (herald_csv_is_formula()) is written with a
 * leading "'", as OWASP recommends: the spreadsheet shows it as text, and
 * Herald's own import takes the "'" away again.
 */
void
herald_csv_append_field (GString    *out,
                         const char *value)
{
  gboolean formula;
  gboolean quote;

  if (value == NULL)
    value = "";
  formula = herald_csv_is_formula (value);
  quote = strpbrk (value, ",\"\r\n") != NULL || (!formula && value[0] == ' ');

  if (!quote)
    {
      if (formula)
        g_string_append_c (out, '\'');
      g_string_append (out, value);
      return;
    }

  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * herald_csv_append_row:
 * @n_values: the number of values, or -1 when @values is %NULL-terminated
 *
 * Appends one record and its CRLF line end.
 */
void
herald_csv_append_row (GString            *out,
                       const char * const *values,
                       gssize              n_values)
{
  for (gssize i = 0; n_values < 0 ? values[i] != NULL : i < n_values; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      herald_csv_append_field (out, values[i]);
    }
  g_string_append (out, "\r\n");
}
