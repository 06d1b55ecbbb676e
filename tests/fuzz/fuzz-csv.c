/* fuzz-csv.c — libFuzzer target for the CSV reader and address checks
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Self-contained: the reader, the address module, the consent words and
 * dates (each cell is read as an answer and as a date too) and GLib, no
 * database.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I_build -Iapp \
 *     tests/fuzz/fuzz-csv.c app/herald-csv.c app/herald-address.c \
 *     $(pkg-config --cflags --libs gio-2.0) -o fuzz-csv
 *   ./fuzz-csv -max_total_time=120 -max_len=65536 tests/fuzz/corpus-csv
 *
 * (-I_build is any build folder, for config.h; add -DHAVE_UCHARDET and
 * $(pkg-config --cflags --libs uchardet) to fuzz that path too.)
 *
 * Each input is read with automatic detection and with every forced
 * encoding, whole and in small pieces, and the reader's promises are
 * checked: it ends, line numbers rise, fields are valid UTF-8 without NUL,
 * lengths are right, and the same records come out however the stream is
 * cut.
 */
#include "config.h"

#include <string.h>

#include "herald-address.h"
#include "herald-csv.h"
#include "herald-import-consent.h"

/* A stream handing out @chunk bytes a read. */
typedef struct
{
  GInputStream   parent;
  const guint8  *data;
  gsize          size;
  gsize          pos;
  gsize          chunk;
} PieceStream;

typedef struct
{
  GInputStreamClass parent_class;
} PieceStreamClass;

GType piece_stream_get_type (void);
G_DEFINE_TYPE (PieceStream, piece_stream, G_TYPE_INPUT_STREAM)

static gssize
piece_stream_read (GInputStream  *stream,
                   void          *buffer,
                   gsize          count,
                   GCancellable  *cancellable,
                   GError       **error)
{
  PieceStream *self = (PieceStream *) stream;
  gsize n = MIN (MIN (count, self->chunk), self->size - self->pos);

  if (n > 0)
    memcpy (buffer, self->data + self->pos, n);
  self->pos += n;
  return n;
}

static void
piece_stream_class_init (PieceStreamClass *klass)
{
  G_INPUT_STREAM_CLASS (klass)->read_fn = piece_stream_read;
}

static void
piece_stream_init (PieceStream *self)
{
}

/* A cell read as a consent answer and as a consent date: a known answer,
 * the same with or without its length, and a day that exists or 0. */
static void
check_consent_cell (const char *text,
                    gsize       len)
{
  HeraldConsentAnswer answer = herald_consent_parse_answer (text, len);
  gint64 at = herald_consent_parse_at (text, len);

  g_assert (answer == HERALD_CONSENT_ANSWER_NONE || answer == HERALD_CONSENT_ANSWER_GIVEN ||
            answer == HERALD_CONSENT_ANSWER_DECLINED);
  g_assert (answer == herald_consent_parse_answer (text, -1));
  /* Years 1 to 9999 (herald_date_parse()), a day either side for zones. */
  g_assert (at == 0 || (at >= G_GINT64_CONSTANT (-62135596800) - 86400 &&
                        at <= G_GINT64_CONSTANT (253402300799) + 86400));
}

/* Reads everything; returns a digest of the records to compare runs. */
static char *
read_all (GInputStream *stream,
          const char   *encoding,
          const char   *delimiter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldCsvReader) reader = herald_csv_reader_new (stream, encoding, delimiter, NULL, &error);
  g_autoptr(GString) address = g_string_new (NULL);
  GChecksum *digest = g_checksum_new (G_CHECKSUM_SHA256);
  const HeraldCsvRecord *record;
  guint64 last_line = 0;
  char *result;

  /* A whole file refused: only as not text, whatever it is cut into. */
  if (reader == NULL)
    {
      g_assert (g_error_matches (error, HERALD_CSV_ERROR, HERALD_CSV_ERROR_NOT_TEXT));
      g_checksum_free (digest);
      return g_strdup ("not text");
    }
  g_assert (error == NULL);
  while ((record = herald_csv_reader_next (reader, NULL, &error)) != NULL)
    {
      g_assert (record->line > last_line);
      g_assert (record->last_line >= record->line);
      g_assert (record->n_fields <= HERALD_CSV_MAX_FIELDS);
      last_line = record->line;
      g_checksum_update (digest, (const guchar *) &record->line, sizeof record->line);
      g_checksum_update (digest, (const guchar *) &record->problem, sizeof record->problem);
      for (guint i = 0; i < record->n_fields; i++)
        {
          g_assert (strlen (record->fields[i]) == record->lengths[i]);
          g_assert (g_utf8_validate (record->fields[i], record->lengths[i], NULL));
          g_checksum_update (digest, (const guchar *) record->fields[i], record->lengths[i] + 1);
          check_consent_cell (record->fields[i], record->lengths[i]);
        }
      if (record->n_fields > 0)
        {
          g_autoptr(GError) invalid = NULL;

          g_string_truncate (address, 0);
          if (herald_address_normalize_into (record->fields[0], record->lengths[0], address, &invalid))
            {
              g_autofree char *again = NULL;

              g_assert (invalid == NULL);
              g_assert (g_utf8_validate (address->str, address->len, NULL));
              g_assert (address->len <= HERALD_ADDRESS_MAX_LENGTH);
              /* Normal forms are fixed points. */
              again = herald_address_normalize (address->str, NULL);
              g_assert (again != NULL);
              g_assert (strcmp (again, address->str) == 0);
            }
          else
            g_assert (invalid != NULL && g_utf8_validate (invalid->message, -1, NULL));
        }
    }
  g_assert (error == NULL);
  g_checksum_update (digest, (const guchar *) herald_csv_reader_get_encoding (reader), -1);
  result = g_strdup (g_checksum_get_string (digest));
  g_checksum_free (digest);
  return result;
}

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static const char * const encodings[] = { NULL, "utf-8", "cp932", "euc-jp", "utf-16" };
  static const char * const delimiters[] = { NULL, ",", ";", "tab" };

  if (size > 1024 * 1024)
    return 0;
  for (guint e = 0; e < G_N_ELEMENTS (encodings); e++)
    {
      const char *delimiter = delimiters[(size + e) % G_N_ELEMENTS (delimiters)];
      g_autoptr(GInputStream) whole = g_memory_input_stream_new_from_data (data, size, NULL);
      PieceStream *pieces = g_object_new (piece_stream_get_type (), NULL);
      g_autofree char *a = read_all (whole, encodings[e], delimiter);
      g_autofree char *b = NULL;

      pieces->data = data;
      pieces->size = size;
      pieces->chunk = 1 + (size > 0 ? data[0] % 13 : 0);
      b = read_all (G_INPUT_STREAM (pieces), encodings[e], delimiter);
      g_object_unref (pieces);
      /* However the stream is cut, the same records. */
      g_assert (strcmp (a, b) == 0);
    }
  return 0;
}
