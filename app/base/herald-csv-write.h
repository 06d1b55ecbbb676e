/* herald-csv-write.h — writing RFC 4180 CSV
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The byte order mark that files for people start with: Excel reads a CSV
 * file as UTF-8 only with it (without, a Japanese Windows reads CP932 and
 * shows every Japanese name garbled). Herald's own import skips it. */
#define HERALD_CSV_UTF8_BOM "\xEF\xBB\xBF"

gboolean herald_csv_is_formula    (const char *value);
void     herald_csv_unguard       (const char **text,
                                   gsize       *len);
void     herald_csv_append_field  (GString    *out,
                                   const char *value);
void     herald_csv_append_row    (GString            *out,
                                   const char * const *values,
                                   gssize              n_values);

G_END_DECLS
