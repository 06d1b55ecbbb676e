/* herald-csv.c — a streaming RFC 4180 reader for what businesses export
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three stages, each with a small buffer, so memory stays the same whatever
 * the file's size: raw bytes from the stream → UTF-8 text (iconv in chunks,
 * or validation only for UTF-8; herald-csv-detect.c, which also detects the
 * encoding and the separator) → records (here: a byte-level state machine
 * that copies each field once).
 *
 * Bad input never stops the reader. A byte sequence that is not valid in the
 * encoding becomes U+FFFD and its decoded offset is remembered; the record
 * that contains it comes out marked, and the next one is clean. A quoted
 * field still open at the end of the file marks its record; the text after
 * the first line break inside it is then read again as ordinary records
 * (within limits), so an unclosed quote loses no other row.
 */
#define G_LOG_DOMAIN "herald-csv"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-csv-private.h"

G_DEFINE_QUARK (herald-csv-error-quark, herald_csv_error)

/**
 * herald_csv_reader_new:
 * @stream: what to read; the reader takes a reference
 * @encoding: (nullable): see herald_csv_parse_encoding(); %NULL is auto
 * @delimiter: (nullable): see herald_csv_parse_delimiter(); %NULL is auto
 *
 * Reads a sample from the start of @stream (up to 64 KiB) to detect the
 * encoding and the separator. A byte-order mark is honoured and skipped.
 * With auto, a file whose first part is pure ASCII is decided at its first
 * other byte, wherever it is.
 *
 * Returns: (transfer full) (nullable): the reader, or %NULL with @error set
 */
HeraldCsvReader *
herald_csv_reader_new (GInputStream  *stream,
                       const char    *encoding,
                       const char    *delimiter,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(HeraldCsvReader) self = NULL;
  const char *wanted;
  char sep;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  if (!herald_csv_parse_encoding (encoding, &wanted, error) ||
      !herald_csv_parse_delimiter (delimiter, &sep, error))
    return NULL;

  self = g_new0 (HeraldCsvReader, 1);
  self->stream = g_object_ref (stream);
  self->cd = (GIConv) -1;
  self->bad = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->line = 1;

  if (!herald_csv_reader_detect (self, wanted, sep, cancellable, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
herald_csv_reader_free (HeraldCsvReader *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->stream);
  if (self->cd != (GIConv) -1)
    g_iconv_close (self->cd);
  g_free (self->raw);
  buf_release (&self->text);
  buf_release (&self->rec);
  buf_release (&self->replay);
  g_array_unref (self->bad);
  g_free (self->offsets);
  g_free (self->lengths);
  g_free (self->pointers);
  g_free (self);
}

/**
 * herald_csv_reader_get_encoding:
 *
 * Returns: the encoding in use: "UTF-8", "UTF-16LE", "UTF-16BE", "CP932",
 *   "EUC-JP" or "WINDOWS-1252". A pure-ASCII start reads as "UTF-8" until
 *   a byte decides otherwise.
 */
const char *
herald_csv_reader_get_encoding (HeraldCsvReader *self)
{
  return self->encoding;
}

char
herald_csv_reader_get_delimiter (HeraldCsvReader *self)
{
  return self->delimiter;
}

guint64
herald_csv_reader_get_bytes_read (HeraldCsvReader *self)
{
  return self->bytes_read;
}

/* ---- records --------------------------------------------------------- */

static inline void
note_problem (HeraldCsvReader  *self,
              HeraldCsvProblem  problem)
{
  if (self->record.problem == HERALD_CSV_PROBLEM_NONE)
    {
      self->record.problem = problem;
      self->record.problem_field = self->n_fields;
    }
}

static inline void
append (HeraldCsvReader *self,
        const guchar    *s,
        gsize            n)
{
  if (G_UNLIKELY (self->overflow || n == 0))
    return;
  if (G_UNLIKELY (self->rec.len + n + 1 > HERALD_CSV_MAX_RECORD))
    {
      self->overflow = TRUE;
      note_problem (self, HERALD_CSV_PROBLEM_TOO_LONG);
      return;
    }
  if (G_UNLIKELY (self->rec.len + n + 1 > self->rec.cap))
    buf_reserve (&self->rec, n + 1);
  memcpy (self->rec.data + self->rec.len, s, n);
  self->rec.len += n;
}

/* @bad_before: invalid sequences decoded before this offset belong to the
 * field that ends here (or to earlier ones, already counted). */
static void
end_field (HeraldCsvReader *self,
           guint64          bad_before)
{
  while (self->bad_head < self->bad->len &&
         g_array_index (self->bad, guint64, self->bad_head) < bad_before)
    {
      note_problem (self, HERALD_CSV_PROBLEM_INVALID_BYTES);
      self->bad_head++;
    }
  if (self->bad_head == self->bad->len && self->bad_head > 0)
    {
      g_array_set_size (self->bad, 0);
      self->bad_head = 0;
    }

  if (self->overflow)
    return;
  if (self->n_fields == HERALD_CSV_MAX_FIELDS)
    {
      self->overflow = TRUE;
      note_problem (self, HERALD_CSV_PROBLEM_TOO_MANY_FIELDS);
      return;
    }
  if (self->n_fields == self->fields_cap)
    {
      self->fields_cap = MAX (16, self->fields_cap * 2);
      self->offsets = g_renew (gsize, self->offsets, self->fields_cap);
      self->lengths = g_renew (gsize, self->lengths, self->fields_cap);
      self->pointers = g_renew (const char *, self->pointers, self->fields_cap);
    }
  buf_reserve (&self->rec, 1);
  self->offsets[self->n_fields] = self->field_start;
  self->lengths[self->n_fields] = self->rec.len - self->field_start;
  self->rec.data[self->rec.len++] = '\0';
  self->n_fields++;
  self->field_start = self->rec.len;   /* a field may end the file: “a,” */
}

static void
start_record (HeraldCsvReader *self)
{
  if (self->rec.cap > KEEP_CAPACITY)
    buf_release (&self->rec);
  self->rec.len = 0;
  self->field_start = 0;
  self->n_fields = 0;
  self->overflow = FALSE;
  self->in_record = TRUE;
  self->state = S_START;
  self->prev_cr = FALSE;
  memset (&self->record, 0, sizeof self->record);
  self->record.line = self->line;
}

static void
start_replay (HeraldCsvReader *self,
              const guchar    *p)
{
  self->replay_on = TRUE;
  self->replay_lost = FALSE;
  self->replay.len = 0;
  self->replay_abs = self->text_base + (p - (const guchar *) self->text.data);
  self->replay_line = self->line;
  self->replay_skip_lf = p[-1] == '\r';
}

static void
stop_replay (HeraldCsvReader *self)
{
  self->replay_on = FALSE;
  self->replay.len = 0;
  if (self->replay.cap > KEEP_CAPACITY)
    buf_release (&self->replay);
}

static void
keep_for_replay (HeraldCsvReader *self,
                 const guchar    *from,
                 const guchar    *to)
{
  gsize n = to - from;

  if (self->replay_lost)
    return;
  if (self->replay.len + n > MAX_REPLAY)
    {
      self->replay_lost = TRUE;
      buf_release (&self->replay);
      return;
    }
  buf_append (&self->replay, from, n);
}

#define AT(p) (self->text_base + (guint64) ((p) - base))

/* Reads on from text_pos. Returns %TRUE when a record is complete, %FALSE
 * when the text ran out first (the state is kept for the next piece). */
static gboolean
parse_text (HeraldCsvReader *self)
{
  const guchar *base = (const guchar *) self->text.data;
  const guchar *p = base + self->text_pos;
  const guchar *end = base + self->text.len;
  const guchar *replay_from = p;
  const guint8 *cls = self->cls_unquoted;
  const guint8 *qcls = self->cls_quoted;
  gboolean done = FALSE;

  while (p < end && !done)
    {
      if (!self->in_record)
        {
          if (self->skip_lf)
            {
              self->skip_lf = FALSE;
              if (*p == '\n')
                {
                  p++;
                  continue;
                }
            }
          start_record (self);
        }

      switch (self->state)
        {
        case S_START:
          self->field_start = self->rec.len;
          self->may_reopen = TRUE;
          if (*p == '"')
            {
              p++;
              self->state = S_QUOTED;
              self->may_reopen = FALSE;
              break;
            }
          self->state = S_UNQUOTED;
          G_GNUC_FALLTHROUGH;

        case S_UNQUOTED:
          {
            const guchar *s = p;

            while (p < end && cls[*p] == C_TEXT)
              p++;
            append (self, s, p - s);
            if (p == end)
              break;
            switch (cls[*p])
              {
              case C_DELIM:
                p++;
                end_field (self, AT (p));
                self->state = S_START;
                break;
              case C_CR:
                self->skip_lf = TRUE;
                G_GNUC_FALLTHROUGH;
              case C_LF:
                p++;
                end_field (self, AT (p));
                self->record.last_line = self->line++;
                done = TRUE;
                break;
              case C_QUOTE:
                {
                  gboolean spaces = self->may_reopen;

                  for (gsize i = self->field_start; spaces && i < self->rec.len; i++)
                    spaces = self->rec.data[i] == ' ';
                  if (spaces && !self->overflow)
                    {
                      /* ` "a, b"`: spaces before the quote are not data */
                      self->rec.len = self->field_start;
                      self->state = S_QUOTED;
                      self->may_reopen = FALSE;
                    }
                  else
                    append (self, p, 1);   /* a quote inside: kept as is */
                  p++;
                }
                break;
              case C_NUL:
                note_problem (self, HERALD_CSV_PROBLEM_INVALID_BYTES);
                p++;
                break;
              default:
                g_assert_not_reached ();
              }
          }
          break;

        case S_QUOTED:
          {
            const guchar *s = p;

            while (p < end && qcls[*p] == C_TEXT)
              p++;
            if (p > s)
              {
                append (self, s, p - s);
                self->prev_cr = FALSE;
              }
            if (p == end)
              break;
            switch (*p)
              {
              case '"':
                p++;
                self->state = S_QUOTE;
                break;
              case '\r':
              case '\n':
                append (self, p, 1);
                if (*p == '\r' || !self->prev_cr)
                  self->line++;
                self->prev_cr = *p == '\r';
                p++;
                if (!self->replay_on)
                  {
                    start_replay (self, p);
                    replay_from = p;
                  }
                break;
              default:
                note_problem (self, HERALD_CSV_PROBLEM_INVALID_BYTES);
                self->prev_cr = FALSE;
                p++;
                break;
              }
          }
          break;

        case S_QUOTE:
          switch (cls[*p])
            {
            case C_QUOTE:
              append (self, p, 1);   /* "" inside quotes is one quote */
              p++;
              self->state = S_QUOTED;
              self->prev_cr = FALSE;
              break;
            default:
              /* What follows the closing quote is read as unquoted: a
               * delimiter or line end ends the field (`"a",`), text is
               * kept (`"a"b`). */
              self->state = S_UNQUOTED;
              self->may_reopen = FALSE;
              break;
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  if (self->replay_on)
    {
      if (done)
        stop_replay (self);
      else
        keep_for_replay (self, replay_from, p);
    }
  self->text_pos = p - base;
  return done;
}

#undef AT

static gboolean
parse (HeraldCsvReader *self)
{
  if (self->text.data == NULL)
    return FALSE;   /* nothing decoded yet */

  return parse_text (self);
}

/* The end of the text with a record open. */
static void
finish_at_eof (HeraldCsvReader *self)
{
  guint64 end = self->text_base + self->text.len;

  self->record.last_line = self->line;
  if (self->state != S_QUOTED)
    {
      end_field (self, end);
      return;
    }

  self->record.problem = HERALD_CSV_PROBLEM_UNTERMINATED_QUOTE;
  self->record.problem_field = self->n_fields;
  if (self->replay_on && !self->replay_lost &&
      self->replay_spent + self->replay.len <= REPLAY_BUDGET)
    {
      /* Read the text after the quote's first line again, as records. */
      Buf swap = self->text;

      end_field (self, self->replay_abs);
      self->record.last_line = self->replay_line - 1;
      self->text = self->replay;
      self->replay = swap;
      self->replay.len = 0;
      self->text_pos = 0;
      self->text_base = self->replay_abs;
      self->line = self->replay_line;
      self->skip_lf = self->replay_skip_lf;
      self->replay_spent += self->text.len;
      self->replay_on = FALSE;
      return;
    }
  self->record.rest_lost = self->replay_on;
  end_field (self, end);
  stop_replay (self);
}

static const HeraldCsvRecord *
emit (HeraldCsvReader *self)
{
  for (guint i = 0; i < self->n_fields; i++)
    self->pointers[i] = self->rec.data + self->offsets[i];
  self->record.n_fields = self->n_fields;
  self->record.fields = self->pointers;
  self->record.lengths = self->lengths;
  self->in_record = FALSE;
  return &self->record;
}

/**
 * herald_csv_reader_next:
 *
 * Reads the next record. A record with a problem comes out like the others,
 * with #HeraldCsvRecord.problem set; the reader goes on after it. A blank
 * line is a record of one empty field.
 *
 * Returns: (transfer none) (nullable): the record, valid until the next
 *   call; %NULL at the end, or on a read error with @error set
 */
const HeraldCsvRecord *
herald_csv_reader_next (HeraldCsvReader  *self,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (;;)
    {
      if (parse (self))
        return emit (self);
      if (!self->text_eof)
        {
          if (!herald_csv_reader_fill_text (self, cancellable, error))
            return NULL;
          continue;
        }
      if (!self->in_record)
        return NULL;
      finish_at_eof (self);
      return emit (self);
    }
}
