/* herald-csv.c — a streaming RFC 4180 reader for what businesses export
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three stages, each with a small buffer, so memory stays the same whatever
 * the file's size: raw bytes from the stream → UTF-8 text (iconv in chunks,
 * or validation only for UTF-8) → records (a byte-level state machine that
 * copies each field once).
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

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#ifdef HAVE_UCHARDET
#include <uchardet.h>
#endif

#include "herald-csv.h"

#define RAW_CHUNK      (64 * 1024)
#define SAMPLE_SIZE    (64 * 1024)
#define MAX_REPLAY     HERALD_CSV_MAX_RECORD
#define REPLAY_BUDGET  (64 * 1024 * 1024)
#define SNIFF_RECORDS  50
#define KEEP_CAPACITY  (1024 * 1024)

G_DEFINE_QUARK (herald-csv-error-quark, herald_csv_error)

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

static void
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

static void
buf_release (Buf *b)
{
  g_clear_pointer (&b->data, g_free);
  b->len = b->cap = 0;
}

/* ---- options --------------------------------------------------------- */

static const struct
{
  const char *name;        /* lowercase, without - or _ */
  const char *canonical;
} encodings[] = {
  { "auto", "auto" },
  { "utf8", "UTF-8" },
  { "utf16", "UTF-16" },
  { "utf16le", "UTF-16LE" },
  { "utf16be", "UTF-16BE" },
  { "cp932", "CP932" },
  { "shiftjis", "CP932" },
  { "sjis", "CP932" },
  { "windows31j", "CP932" },
  { "ms932", "CP932" },
  { "eucjp", "EUC-JP" },
  { "eucjpms", "EUC-JP" },
  { "windows1252", "WINDOWS-1252" },
  { "cp1252", "WINDOWS-1252" },
};

/**
 * herald_csv_parse_encoding:
 * @name: (nullable): what the user asked for: auto, utf-8, cp932 (or
 *   shift_jis), euc-jp, utf-16 (or utf-16le/be), windows-1252
 * @canonical: (out): "auto", "UTF-8", "UTF-16", "UTF-16LE", "UTF-16BE",
 *   "CP932", "EUC-JP" or "WINDOWS-1252"
 */
gboolean
herald_csv_parse_encoding (const char   *name,
                           const char  **canonical,
                           GError      **error)
{
  g_autoptr(GString) key = g_string_new (NULL);

  if (name == NULL || *name == '\0')
    {
      *canonical = "auto";
      return TRUE;
    }
  for (const char *p = name; *p != '\0'; p++)
    if (*p != '-' && *p != '_' && *p != ' ')
      g_string_append_c (key, g_ascii_tolower (*p));
  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    if (g_str_equal (key->str, encodings[i].name))
      {
        *canonical = encodings[i].canonical;
        return TRUE;
      }
  g_set_error (error, HERALD_CSV_ERROR, HERALD_CSV_ERROR_UNKNOWN_ENCODING,
               _("Unknown encoding “%s”. Use auto, utf-8, cp932, euc-jp or utf-16."), name);
  return FALSE;
}

/**
 * herald_csv_parse_delimiter:
 * @name: (nullable): auto, “,”, “;” or tab (also a TAB character, “\t”,
 *   comma, semicolon)
 * @delimiter: (out): the separator, or 0 for auto
 */
gboolean
herald_csv_parse_delimiter (const char  *name,
                            char        *delimiter,
                            GError     **error)
{
  if (name == NULL || *name == '\0' || g_ascii_strcasecmp (name, "auto") == 0)
    *delimiter = 0;
  else if (g_str_equal (name, ",") || g_ascii_strcasecmp (name, "comma") == 0)
    *delimiter = ',';
  else if (g_str_equal (name, ";") || g_ascii_strcasecmp (name, "semicolon") == 0)
    *delimiter = ';';
  else if (g_str_equal (name, "\t") || g_str_equal (name, "\\t") ||
           g_ascii_strcasecmp (name, "tab") == 0)
    *delimiter = '\t';
  else
    {
      g_set_error (error, HERALD_CSV_ERROR, HERALD_CSV_ERROR_UNKNOWN_DELIMITER,
                   _("Unknown separator “%s”. Use auto, “,”, “;” or tab."), name);
      return FALSE;
    }
  return TRUE;
}

/* ---- raw bytes ------------------------------------------------------- */

/* One read of up to RAW_CHUNK more bytes, keeping what is not decoded. */
static gboolean
read_more (HeraldCsvReader  *self,
           GCancellable     *cancellable,
           GError          **error)
{
  gssize n;

  if (self->raw_eof)
    return TRUE;
  if (self->raw_pos > 0)
    {
      memmove (self->raw, self->raw + self->raw_pos, self->raw_len - self->raw_pos);
      self->raw_len -= self->raw_pos;
      self->raw_pos = 0;
    }
  if (self->raw_cap - self->raw_len < RAW_CHUNK)
    {
      self->raw_cap = self->raw_len + RAW_CHUNK;
      self->raw = g_realloc (self->raw, self->raw_cap);
    }
  n = g_input_stream_read (self->stream, self->raw + self->raw_len, RAW_CHUNK,
                           cancellable, error);
  if (n < 0)
    return FALSE;
  if (n == 0)
    self->raw_eof = TRUE;
  self->raw_len += n;
  self->bytes_read += n;
  return TRUE;
}

static gboolean
read_sample (HeraldCsvReader  *self,
             GCancellable     *cancellable,
             GError          **error)
{
  while (!self->raw_eof && self->raw_len - self->raw_pos < SAMPLE_SIZE)
    if (!read_more (self, cancellable, error))
      return FALSE;
  return TRUE;
}

/* ---- decoding -------------------------------------------------------- */

static void
emit_bad (HeraldCsvReader *self)
{
  guint64 offset = self->text_base + self->text.len;

  g_array_append_val (self->bad, offset);
  buf_append (&self->text, "\xEF\xBF\xBD", 3);   /* U+FFFD */
}

/* Whether [s, e) is the start of a UTF-8 sequence cut by the buffer's end. */
static gboolean
utf8_incomplete (const guchar *s,
                 const guchar *e)
{
  gsize need;

  if (*s >= 0xC2 && *s <= 0xDF)
    need = 2;
  else if (*s >= 0xE0 && *s <= 0xEF)
    need = 3;
  else if (*s >= 0xF0 && *s <= 0xF4)
    need = 4;
  else
    return FALSE;
  if ((gsize) (e - s) >= need)
    return FALSE;
  for (const guchar *p = s + 1; p < e; p++)
    if ((*p & 0xC0) != 0x80)
      return FALSE;
  return TRUE;
}

static void
decode_utf8 (HeraldCsvReader *self)
{
  const char *s = (const char *) self->raw + self->raw_pos;
  const char *e = (const char *) self->raw + self->raw_len;

  buf_reserve (&self->text, e - s);
  while (s < e)
    {
      const char *end;

      if (g_utf8_validate_len (s, e - s, &end))
        {
          buf_append (&self->text, s, e - s);
          s = e;
          break;
        }
      buf_append (&self->text, s, end - s);
      s = end;
      if (*s == '\0')
        buf_append (&self->text, s, 1);   /* the parser marks the record */
      else if (!self->raw_eof && utf8_incomplete ((const guchar *) s, (const guchar *) e))
        break;                            /* the rest comes with the next read */
      else
        emit_bad (self);
      s++;
    }
  self->raw_pos = (const guchar *) s - self->raw;
}

static void
decode_iconv (HeraldCsvReader *self)
{
  char *in = (char *) self->raw + self->raw_pos;
  gsize in_left = self->raw_len - self->raw_pos;

  while (in_left > 0)
    {
      char *out;
      gsize out_left;
      gsize r;

      /* No supported encoding grows more than 3× into UTF-8. */
      buf_reserve (&self->text, in_left * 3 + 16);
      out = self->text.data + self->text.len;
      out_left = self->text.cap - self->text.len;
      r = g_iconv (self->cd, &in, &in_left, &out, &out_left);
      self->text.len = out - self->text.data;
      if (r != (gsize) -1)
        break;
      if (errno == E2BIG)
        continue;
      if (errno == EINVAL && !self->raw_eof)
        break;                            /* cut sequence: wait for more */
      emit_bad (self);
      if (errno == EINVAL)
        {
          in += in_left;
          in_left = 0;
        }
      else
        {
          gsize skip = MIN (self->unit, in_left);
          in += skip;
          in_left -= skip;
        }
    }
  self->raw_pos = (guchar *) in - self->raw;
}

/* Strict trial decoding of a sample: the number of invalid sequences, with
 * a sequence cut by the sample's end not counted when @cut. */
static guint
count_errors (const char *iconv_name,
              const char *s,
              gsize       n,
              gboolean    cut,
              guint      *halfwidth,
              guint      *wide)
{
  GIConv cd = g_iconv_open ("UTF-8", iconv_name);
  g_autofree char *buffer = NULL;
  char *in = (char *) s;
  gsize in_left = n;
  guint errors = 0;

  if (cd == (GIConv) -1)
    return G_MAXUINT;
  buffer = g_malloc (n * 3 + 16);
  while (in_left > 0)
    {
      char *out = buffer;
      gsize out_left = n * 3 + 16;
      gsize r = g_iconv (cd, &in, &in_left, &out, &out_left);

      for (const guchar *p = (const guchar *) buffer; halfwidth != NULL && p < (const guchar *) out; p++)
        {
          if (*p >= 0xC0)
            (*wide)++;
          /* U+FF61..U+FF9F, half-width katakana: EF BD A1..EF BE 9F */
          if (*p == 0xEF && p + 2 < (const guchar *) out &&
              ((p[1] == 0xBD && p[2] >= 0xA1) || (p[1] == 0xBE && p[2] <= 0x9F)))
            (*halfwidth)++;
        }
      if (r != (gsize) -1)
        break;
      if (errno == EINVAL && cut)
        break;
      errors++;
      in++;
      in_left--;
    }
  g_iconv_close (cd);
  return errors;
}

/* Invalid bytes and valid multi-byte sequences of a sample read as UTF-8;
 * NULs and a sequence cut by the sample's end (when @cut) are neither. */
static void
utf8_stats (const char *s,
            gsize       n,
            gboolean    cut,
            guint      *errors,
            guint      *multibyte)
{
  const char *e = s + n;

  *errors = *multibyte = 0;
  while (s < e)
    {
      const char *end;
      gboolean valid = g_utf8_validate_len (s, e - s, &end);

      for (const char *p = s; p < end; p++)
        *multibyte += (guchar) *p >= 0xC0;
      if (valid)
        break;
      if (*end != '\0' && !(cut && utf8_incomplete ((const guchar *) end, (const guchar *) e)))
        (*errors)++;
      else if (*end != '\0')
        break;
      /* A broken sequence is one error, however many bytes it has. */
      s = end + 1;
      for (int k = 0; k < 3 && s < e && ((guchar) *s & 0xC0) == 0x80; k++)
        s++;
    }
}

static gboolean
use_encoding (HeraldCsvReader  *self,
              const char       *name,
              GError          **error)
{
  const char *from = g_str_equal (name, "EUC-JP") ? "EUC-JP-MS" : name;

  self->encoding = name;
  if (g_str_equal (name, "UTF-8"))
    {
      self->mode = DECODE_UTF8;
      return TRUE;
    }
  self->cd = g_iconv_open ("UTF-8", from);
  if (self->cd == (GIConv) -1)
    {
      g_set_error (error, HERALD_CSV_ERROR, HERALD_CSV_ERROR_UNKNOWN_ENCODING,
                   _("This system cannot convert text from %s. Save the file as UTF-8 and import it again."),
                   name);
      return FALSE;
    }
  self->unit = g_str_has_prefix (name, "UTF-16") ? 2 : 1;
  self->mode = DECODE_ICONV;
  return TRUE;
}

/* UTF-16 without a byte-order mark: ASCII text gives a NUL every other byte. */
static const char *
guess_utf16 (const guchar *s,
             gsize         n)
{
  gsize pairs = MIN (n, 8192) / 2;
  gsize even = 0;
  gsize odd = 0;

  for (gsize i = 0; i < pairs; i++)
    {
      even += s[2 * i] == 0;
      odd += s[2 * i + 1] == 0;
    }
  /* CSV always has ASCII (separators, line ends, addresses): at least a
   * quarter of its UTF-16 units. A stray NUL in 8-bit text is far rarer. */
  if (odd >= 2 && odd * 4 >= pairs && even * 4 <= odd)
    return "UTF-16LE";
  if (even >= 2 && even * 4 >= pairs && odd * 4 <= even)
    return "UTF-16BE";
  return NULL;
}

#ifdef HAVE_UCHARDET
static const char *
guess_uchardet (const char *s,
                gsize       n)
{
  uchardet_t ud = uchardet_new ();
  const char *guess = NULL;
  const char *charset;

  if (uchardet_handle_data (ud, s, n) == 0)
    {
      uchardet_data_end (ud);
      charset = uchardet_get_charset (ud);
      if (g_ascii_strcasecmp (charset, "EUC-JP") == 0)
        guess = "EUC-JP";
      else if (g_ascii_strcasecmp (charset, "SHIFT_JIS") == 0 ||
               g_ascii_strcasecmp (charset, "CP932") == 0 ||
               g_ascii_strcasecmp (charset, "WINDOWS-31J") == 0)
        guess = "CP932";
    }
  uchardet_delete (ud);
  return guess;
}
#endif

/* The first byte that is not ASCII is at raw_pos: choose among UTF-8, CP932
 * and EUC-JP by strict trial decoding of the sample that starts there. */
static const char *
choose_8bit (HeraldCsvReader *self)
{
  const char *s = (const char *) self->raw + self->raw_pos;
  gsize avail = self->raw_len - self->raw_pos;
  gsize n = MIN (avail, SAMPLE_SIZE);
  gboolean cut = !(self->raw_eof && n == avail);
  guint halfwidth = 0;
  guint wide = 0;
  guint cp932;
  guint eucjp;
  guint utf8;
  guint multibyte;

  utf8_stats (s, n, cut, &utf8, &multibyte);
  /* Valid UTF-8 text with a few damaged bytes is still UTF-8: CP932 and
   * EUC-JP text almost never forms valid multi-byte UTF-8 sequences. */
  if (utf8 == 0 || multibyte >= 2 * utf8)
    return "UTF-8";
  cp932 = count_errors ("CP932", s, n, cut, &halfwidth, &wide);
  eucjp = count_errors ("EUC-JP-MS", s, n, cut, NULL, NULL);
  if (cp932 == 0 && eucjp == 0)
    {
#ifdef HAVE_UCHARDET
      const char *guess = guess_uchardet (s, n);
      if (guess != NULL)
        return guess;
#endif
      /* EUC-JP read as CP932 is mostly half-width katakana; real CP932
       * text rarely is. */
      return halfwidth * 2 > wide ? "EUC-JP" : "CP932";
    }
  if (utf8 <= cp932 && utf8 <= eucjp)
    return "UTF-8";   /* damaged either way: the most common encoding */
  return cp932 <= eucjp ? "CP932" : "EUC-JP";
}

static gboolean decode (HeraldCsvReader  *self,
                        GCancellable     *cancellable,
                        GError          **error);

static gboolean
decode_undecided (HeraldCsvReader  *self,
                  GCancellable     *cancellable,
                  GError          **error)
{
  const guchar *s = self->raw + self->raw_pos;
  const guchar *e = self->raw + self->raw_len;
  const guchar *q = s;

  while (q < e && *q < 0x80)
    q++;
  buf_append (&self->text, s, q - s);
  self->raw_pos = q - self->raw;
  if (q == e)
    return TRUE;

  if (!read_sample (self, cancellable, error) ||
      !use_encoding (self, choose_8bit (self), error))
    return FALSE;
  return decode (self, cancellable, error);
}

/* Decodes what raw holds, appending to text; at the end of the stream,
 * a cut sequence counts as invalid. */
static gboolean
decode (HeraldCsvReader  *self,
        GCancellable     *cancellable,
        GError          **error)
{
  switch (self->mode)
    {
    case DECODE_UNDECIDED:
      return decode_undecided (self, cancellable, error);
    case DECODE_UTF8:
      decode_utf8 (self);
      return TRUE;
    case DECODE_ICONV:
      decode_iconv (self);
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* Called when all text is parsed: replaces it with the next decoded piece,
 * or sets text_eof. */
static gboolean
fill_text (HeraldCsvReader  *self,
           GCancellable     *cancellable,
           GError          **error)
{
  self->text_base += self->text.len;
  self->text.len = 0;
  self->text_pos = 0;
  for (;;)
    {
      if (!decode (self, cancellable, error))
        return FALSE;
      if (self->text.len > 0)
        return TRUE;
      if (self->raw_eof)
        {
          self->text_eof = TRUE;
          return TRUE;
        }
      if (!read_more (self, cancellable, error))
        return FALSE;
    }
}

/* ---- the separator --------------------------------------------------- */

static guint
mode_of (const guint *counts,
         guint        n,
         guint       *score)
{
  guint best = 0;

  *score = 0;
  for (guint i = 0; i < n; i++)
    {
      guint same = 0;

      if (counts[i] == 0)
        continue;
      for (guint j = 0; j < n; j++)
        same += counts[j] == counts[i];
      if (same > *score || (same == *score && counts[i] > best))
        {
          *score = same;
          best = counts[i];
        }
    }
  return best;
}

/* The candidate that splits the most records of the sample into the same
 * number of fields; ties go to the one with more fields, then to tab, “;”
 * and “,” in that order. */
static char
sniff_delimiter (const char *s,
                 gsize       n,
                 gboolean    complete)
{
  static const char candidates[] = { '\t', ';', ',' };
  guint counts[G_N_ELEMENTS (candidates)][SNIFF_RECORDS];
  guint current[G_N_ELEMENTS (candidates)] = { 0 };
  guint n_records = 0;
  gboolean quoted = FALSE;
  gboolean blank = TRUE;
  char best = ',';
  guint best_score = 0;
  guint best_mode = 0;

  for (gsize i = 0; i < n && n_records < SNIFF_RECORDS; i++)
    {
      char c = s[i];

      if (c == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (c == '\r' || c == '\n')
        {
          if (!blank)
            {
              for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
                counts[k][n_records] = current[k];
              n_records++;
            }
          memset (current, 0, sizeof current);
          blank = TRUE;
          continue;
        }
      for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
        current[k] += c == candidates[k];
      blank = FALSE;
    }
  if (!blank && n_records < SNIFF_RECORDS && (complete || n_records == 0))
    {
      for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
        counts[k][n_records] = current[k];
      n_records++;
    }

  for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
    {
      guint score;
      guint mode = mode_of (counts[k], n_records, &score);

      if (mode > 0 && (score > best_score || (score == best_score && mode > best_mode)))
        {
          best = candidates[k];
          best_score = score;
          best_mode = mode;
        }
    }
  return best;
}

/* Excel's hint on the first line: “sep=;”. */
static gboolean
skip_sep_line (HeraldCsvReader *self,
               char            *delimiter)
{
  const char *s = self->text.data;
  gsize n = self->text.len - self->text_pos;
  gsize skip;

  if (s == NULL)
    return FALSE;
  s += self->text_pos;
  if (n < 5 || strncmp (s, "sep=", 4) != 0 || strchr (",;\t|", s[4]) == NULL || s[4] == '\0')
    return FALSE;
  if (n == 5)
    skip = 5;
  else if (s[5] == '\n')
    skip = 6;
  else if (s[5] == '\r')
    skip = n > 6 && s[6] == '\n' ? 7 : 6;
  else
    return FALSE;
  *delimiter = s[4];
  self->text_pos += skip;
  self->line = 2;
  return TRUE;
}

static void
set_delimiter (HeraldCsvReader *self,
               char             delimiter)
{
  self->delimiter = delimiter;
  memset (self->cls_unquoted, C_TEXT, sizeof self->cls_unquoted);
  memset (self->cls_quoted, C_TEXT, sizeof self->cls_quoted);
  self->cls_unquoted[(guchar) delimiter] = C_DELIM;
  self->cls_unquoted['"'] = self->cls_quoted['"'] = C_QUOTE;
  self->cls_unquoted['\r'] = self->cls_quoted['\r'] = C_CR;
  self->cls_unquoted['\n'] = self->cls_quoted['\n'] = C_LF;
  self->cls_unquoted[0] = self->cls_quoted[0] = C_NUL;
}

/* ---- set-up ---------------------------------------------------------- */

static gboolean
choose_encoding (HeraldCsvReader  *self,
                 const char       *wanted,
                 GError          **error)
{
  const guchar *s = self->raw;
  gsize n = self->raw_len;
  gboolean bom8 = n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF;
  gboolean bom_le = n >= 2 && s[0] == 0xFF && s[1] == 0xFE;
  gboolean bom_be = n >= 2 && s[0] == 0xFE && s[1] == 0xFF;
  gboolean any = g_str_equal (wanted, "auto");
  gboolean utf16 = g_str_equal (wanted, "UTF-16");
  const char *guess;

  if ((any || g_str_equal (wanted, "UTF-8")) && bom8)
    {
      self->raw_pos = 3;
      return use_encoding (self, "UTF-8", error);
    }
  if ((any || utf16 || g_str_equal (wanted, "UTF-16LE")) && bom_le)
    {
      self->raw_pos = 2;
      return use_encoding (self, "UTF-16LE", error);
    }
  if ((any || utf16 || g_str_equal (wanted, "UTF-16BE")) && bom_be)
    {
      self->raw_pos = 2;
      return use_encoding (self, "UTF-16BE", error);
    }
  if (any || utf16)
    {
      if ((guess = guess_utf16 (s, n)) != NULL)
        return use_encoding (self, guess, error);
      if (utf16)
        return use_encoding (self, "UTF-16LE", error);
      /* Pure ASCII so far reads the same in every candidate. */
      self->mode = DECODE_UNDECIDED;
      self->encoding = "UTF-8";
      return TRUE;
    }
  return use_encoding (self, wanted, error);
}

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
  char hint = 0;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  if (!herald_csv_parse_encoding (encoding, &wanted, error) ||
      !herald_csv_parse_delimiter (delimiter, &sep, error))
    return NULL;

  self = g_new0 (HeraldCsvReader, 1);
  self->stream = g_object_ref (stream);
  self->cd = (GIConv) -1;
  self->bad = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->line = 1;

  if (!read_sample (self, cancellable, error) ||
      !choose_encoding (self, wanted, error))
    return NULL;

  /* Decode a sample of text for the separator. */
  for (;;)
    {
      if (!decode (self, cancellable, error))
        return NULL;
      if (self->text.len >= SAMPLE_SIZE || self->raw_eof)
        break;
      if (!read_more (self, cancellable, error))
        return NULL;
    }

  if (skip_sep_line (self, &hint))
    {
      if (sep == 0)
        sep = hint;
    }
  else if (sep == 0)
    {
      /* Exactly the sample, however the stream's reads were cut. */
      gsize n = MIN (self->text.len - self->text_pos, SAMPLE_SIZE);
      gboolean whole = self->raw_eof && self->raw_pos == self->raw_len &&
                       n == self->text.len - self->text_pos;

      sep = n > 0 ? sniff_delimiter (self->text.data + self->text_pos, n, whole) : ',';
    }
  set_delimiter (self, sep);
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
            default:
              /* `"a"b`: text after the closing quote is kept */
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
          if (!fill_text (self, cancellable, error))
            return NULL;
          continue;
        }
      if (!self->in_record)
        return NULL;
      finish_at_eof (self);
      return emit (self);
    }
}
