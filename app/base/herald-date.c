/* herald-date.c — reading the dates people write in their lists
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A customer list's "birthday" or "last order" column holds dates as
 * Excel and people wrote them: 2026-12-06, 2026/12/6, 2026年12月6日,
 * 令和8年12月6日, R8.12.6, full-width digits, sometimes a time after the
 * date. Segments compare them (before, after), so each is read into one
 * form, YYYY-MM-DD, which sorts as text.
 */
#define G_LOG_DOMAIN "herald-date"

#include "config.h"

#include <string.h>

#include "herald-date.h"

/* Japanese eras since the calendar became Gregorian: their first day,
 * and the names they are written with (kanji, then the Latin initial). */
static const struct
{
  const char *kanji;
  char        initial;
  int         year, month, day;
} eras[] = {
  { "令和", 'R', 2019, 5, 1 },
  { "平成", 'H', 1989, 1, 8 },
  { "昭和", 'S', 1926, 12, 25 },
  { "大正", 'T', 1912, 7, 30 },
  { "明治", 'M', 1868, 1, 25 },
};

/* Reads 1 to @max_digits ASCII digits. */
static gboolean
read_number (const char **p,
             int          max_digits,
             int         *out)
{
  int n = 0, digits = 0;

  while (g_ascii_isdigit (**p) && digits < max_digits)
    {
      n = n * 10 + (**p - '0');
      (*p)++;
      digits++;
    }
  if (digits == 0)
    return FALSE;
  *out = n;
  return TRUE;
}

static void
skip_spaces (const char **p)
{
  while (**p == ' ' || **p == '\t')
    (*p)++;
}

/* A separator between the parts: "-", "/", "." or the kanji 年 / 月. */
static gboolean
read_separator (const char **p,
                const char  *kanji)
{
  skip_spaces (p);
  if (**p == '-' || **p == '/' || **p == '.')
    {
      (*p)++;
      skip_spaces (p);
      return TRUE;
    }
  if (g_str_has_prefix (*p, kanji))
    {
      *p += strlen (kanji);
      skip_spaces (p);
      return TRUE;
    }
  return FALSE;
}

/* What may follow a date: nothing, 日, or a time ("2026/12/06 10:30"). */
static gboolean
at_end_of_date (const char *p)
{
  if (g_str_has_prefix (p, "日"))
    p += strlen ("日");
  if (*p == '\0')
    return TRUE;
  return *p == ' ' || *p == 'T' || *p == '\t';
}

/**
 * herald_date_parse:
 * @text: a date as a person or a spreadsheet wrote it
 *
 * Reads year-month-day dates with "-", "/", "." or 年月日 between the
 * parts, with the Gregorian year or a Japanese era (令和8年, 令和元年,
 * R8, H31), full-width digits and era ligatures (㋿) included, an 8-digit
 * 20261206, and anything after the date that starts with a space or "T"
 * (a time). Day-first and month-first forms are not read: 06/12/2026
 * means two different days in two countries.
 *
 * Returns: (transfer full) (nullable): the date as "YYYY-MM-DD", or
 *   %NULL when @text holds no date that exists
 */
char *
herald_date_parse (const char *text)
{
  g_autofree char *norm = NULL;
  const char *p;
  int year = 0, month = 0, day = 0;
  gboolean era_found = FALSE;

  /* g_utf8_normalize() reads past the end of invalid UTF-8. */
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  /* Full-width digits and punctuation, ㋿ → 令和. */
  norm = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (norm == NULL)
    return NULL;
  p = g_strstrip (norm);

  for (guint i = 0; i < G_N_ELEMENTS (eras) && !era_found; i++)
    {
      gboolean kanji = g_str_has_prefix (p, eras[i].kanji);

      if (kanji || ((p[0] == eras[i].initial || p[0] == g_ascii_tolower (eras[i].initial)) &&
                    g_ascii_isdigit (p[1])))
        {
          int in_era;

          p += kanji ? strlen (eras[i].kanji) : 1;
          skip_spaces (&p);
          if (g_str_has_prefix (p, "元"))   /* the first year */
            {
              in_era = 1;
              p += strlen ("元");
            }
          else if (!read_number (&p, 2, &in_era) || in_era < 1)
            return NULL;
          year = eras[i].year + in_era - 1;
          era_found = TRUE;
          if (!read_separator (&p, "年") ||
              !read_number (&p, 2, &month) || !read_separator (&p, "月") ||
              !read_number (&p, 2, &day) || !at_end_of_date (p))
            return NULL;
          if (!g_date_valid_dmy (day, month, year))
            return NULL;
          /* Before the era began, or long after it ended, is a mistake. */
          if (year * 10000 + month * 100 + day <
              eras[i].year * 10000 + eras[i].month * 100 + eras[i].day)
            return NULL;
          if (i > 0 && year * 10000 + month * 100 + day >=
                       eras[i - 1].year * 10000 + eras[i - 1].month * 100 + eras[i - 1].day + 10000)
            return NULL;
        }
    }

  if (!era_found)
    {
      const char *start = p;

      if (!read_number (&p, 4, &year) || p - start != 4)
        return NULL;
      if (g_ascii_isdigit (*p) || !read_separator (&p, "年"))
        {
          /* 20261206 */
          p = start;
          if (strspn (p, "0123456789") != 8 || !at_end_of_date (p + 8))
            return NULL;
          year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
          month = (p[4] - '0') * 10 + (p[5] - '0');
          day = (p[6] - '0') * 10 + (p[7] - '0');
        }
      else if (!read_number (&p, 2, &month) || !read_separator (&p, "月") ||
               !read_number (&p, 2, &day) || !at_end_of_date (p))
        return NULL;
    }

  if (year < 1 || year > 9999 || !g_date_valid_dmy (day, month, year))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}
