/* herald-csv-private.h — what the CSV reader's two halves share
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * herald-csv-detect.c turns the stream's bytes into UTF-8 text (encoding
 * detection and decoding) and chooses the separator; herald-csv.c cuts
 * that text into records. Not installed; engine-internal.
 */
#pragma once

#include <string.h>
#include <glib.h>

#include "herald-csv.h"

G_BEGIN_DECLS

#define RAW_CHUNK      (64 * 1024)
#define SAMPLE_SIZE    (64 * 1024)
#define MAX_REPLAY     HERALD_CSV_MAX_RECORD
#define REPLAY_BUDGET  (64 * 1024 * 1024)
#define SNIFF_RECORDS  50
#define KEEP_CAPACITY  (1024 * 1024)

typedef enum
{
  DECODE_UNDECIDED,   /* only ASCII so far: decide at the first other byte */
  DECODE_UTF8,
  DECODE_ICONV,
} DecodeMode;

enum { S_START, S_UNQUOTED, S_QUOTED, S_QUOTE };
enum { C_TEXT, C_DELIM, C_QUOTE, C_CR, C_LF, C_NUL };

typedef struct
{
  char  *data;
  gsize  len;
  gsize  cap;
} Buf;

struct _HeraldCsvReader
{
  GInputStream     *stream;

  /* raw bytes: raw[raw_pos, raw_len) are not decoded yet */
  guchar           *raw;
  gsize             raw_pos;
  gsize             raw_len;
  gsize             raw_cap;
  gboolean          raw_eof;
  guint64           bytes_read;

  DecodeMode        mode;
  GIConv            cd;
  guint             unit;          /* bytes skipped after an invalid sequence */
  const char       *encoding;

  /* UTF-8 text: text.data[text_pos, text.len) is not parsed yet */
  Buf               text;
  gsize             text_pos;
  guint64           text_base;     /* decoded offset of text.data[0] */
  gboolean          text_eof;
  GArray           *bad;           /* guint64 decoded offsets of U+FFFD we put */
  guint             bad_head;

  char              delimiter;
  guint8            cls_unquoted[256];
  guint8            cls_quoted[256];

  /* parser */
  int               state;
  gboolean          in_record;
  gboolean          skip_lf;       /* the last record ended with CR */
  gboolean          prev_cr;       /* in a quoted field, the last byte was CR */
  gboolean          may_reopen;    /* only spaces so far: a quote opens the field */
  guint64           line;

  /* the record being read */
  Buf               rec;
  gsize             field_start;
  gsize            *offsets;
  gsize            *lengths;
  const char      **pointers;
  guint             n_fields;
  guint             fields_cap;
  gboolean          overflow;
  HeraldCsvRecord   record;

  /* replay of the text after an unclosed quote */
  Buf               replay;
  gboolean          replay_on;
  gboolean          replay_lost;
  guint64           replay_abs;
  guint64           replay_line;
  gboolean          replay_skip_lf;
  guint64           replay_spent;
};

/* ---- small buffers --------------------------------------------------- */

static inline void
buf_reserve (Buf   *b,
             gsize  extra)
{
  if (b->len + extra > b->cap)
    {
      gsize cap = MAX (MAX (b->cap * 2, b->len + extra), 4096);
      b->data = g_realloc (b->data, cap);
      b->cap = cap;
    }
}

static inline void
buf_append (Buf        *b,
            const void *data,
            gsize       n)
{
  if (n == 0)
    return;
  buf_reserve (b, n);
  memcpy (b->data + b->len, data, n);
  b->len += n;
}

static inline void
buf_release (Buf *b)
{
  g_clear_pointer (&b->data, g_free);
  b->len = b->cap = 0;
}

/* herald-csv-detect.c */
G_GNUC_INTERNAL
gboolean herald_csv_reader_detect    (HeraldCsvReader  *self,
                                      const char       *wanted,
                                      char              delimiter,
                                      GCancellable     *cancellable,
                                      GError          **error);
G_GNUC_INTERNAL
gboolean herald_csv_reader_fill_text (HeraldCsvReader  *self,
                                      GCancellable     *cancellable,
                                      GError          **error);

G_END_DECLS
