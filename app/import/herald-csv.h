/* herald-csv.h — a streaming RFC 4180 reader for what businesses export
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HERALD_CSV_ERROR (herald_csv_error_quark ())

typedef enum
{
  HERALD_CSV_ERROR_UNKNOWN_ENCODING,
  HERALD_CSV_ERROR_UNKNOWN_DELIMITER,
  HERALD_CSV_ERROR_NOT_TEXT,          /* an image, a workbook, a PDF…: no CSV at all */
} HeraldCsvError;

/* What is wrong with one record. The reader always goes on after it. */
typedef enum
{
  HERALD_CSV_PROBLEM_NONE,
  HERALD_CSV_PROBLEM_INVALID_BYTES,       /* not valid in the encoding, or a NUL */
  HERALD_CSV_PROBLEM_UNTERMINATED_QUOTE,  /* a quoted field still open at the end */
  HERALD_CSV_PROBLEM_TOO_LONG,            /* over HERALD_CSV_MAX_RECORD bytes */
  HERALD_CSV_PROBLEM_TOO_MANY_FIELDS,     /* over HERALD_CSV_MAX_FIELDS fields */
} HeraldCsvProblem;

#define HERALD_CSV_MAX_RECORD (16 * 1024 * 1024)
#define HERALD_CSV_MAX_FIELDS 10000

typedef struct
{
  guint64              line;           /* physical line (from 1) where it starts */
  guint64              last_line;      /* physical line where it ends */
  guint                n_fields;
  const char * const  *fields;         /* valid UTF-8, no NUL inside */
  const gsize         *lengths;
  HeraldCsvProblem     problem;
  guint                problem_field;  /* 0-based field where it was found */
  gboolean             rest_lost;      /* UNTERMINATED_QUOTE: the lines after it
                                        * were too many to read again */
} HeraldCsvRecord;

typedef struct _HeraldCsvReader HeraldCsvReader;

GQuark                 herald_csv_error_quark          (void);

gboolean               herald_csv_parse_encoding       (const char       *name,
                                                        const char      **canonical,
                                                        GError          **error);
gboolean               herald_csv_parse_delimiter      (const char       *name,
                                                        char             *delimiter,
                                                        GError          **error);

HeraldCsvReader       *herald_csv_reader_new           (GInputStream     *stream,
                                                        const char       *encoding,
                                                        const char       *delimiter,
                                                        GCancellable     *cancellable,
                                                        GError          **error);
const char            *herald_csv_reader_get_encoding  (HeraldCsvReader  *self);
char                   herald_csv_reader_get_delimiter (HeraldCsvReader  *self);
guint64                herald_csv_reader_get_bytes_read(HeraldCsvReader  *self);
const HeraldCsvRecord *herald_csv_reader_next          (HeraldCsvReader  *self,
                                                        GCancellable     *cancellable,
                                                        GError          **error);
void                   herald_csv_reader_free          (HeraldCsvReader  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldCsvReader, herald_csv_reader_free)

G_END_DECLS
