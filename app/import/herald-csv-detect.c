/* herald-csv-detect.c — the CSV reader's first stages: bytes to UTF-8 text
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Raw bytes from the stream → UTF-8 text (iconv in chunks, or validation
 * only for UTF-8), with the encoding found from a byte-order mark, the
 * bytes' statistics or uchardet, and the separator sniffed from a sample.
 * herald-csv.c cuts the text into records.
 */
#define G_LOG_DOMAIN "herald-csv"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#ifdef HAVE_UCHARDET
#include <uchardet.h>
#endif

#include "herald-csv-private.h"

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
gboolean
herald_csv_reader_fill_text (HeraldCsvReader  *self,
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

/* Files people pick by mistake, by their first bytes. */
static const struct
{
  const char *magic;
  gsize       len;
  const char *what;
} not_text[] = {
  /* TRANSLATORS: the kind of file chosen instead of a CSV file */
  { "\x89PNG\r\n\x1a\n", 8, N_("a PNG image") },
  { "\xff\xd8\xff", 3, N_("a JPEG image") },
  { "GIF8", 4, N_("a GIF image") },
  { "%PDF-", 5, N_("a PDF document") },
  { "\x1f\x8b", 2, N_("a compressed (gzip) file") },
  { "Rar!", 4, N_("a compressed (RAR) file") },
};

/* A CSV file is text: not a known kind of binary file (by its first
 * bytes, which a UTF-16 guess can mistake for text), and hardly any
 * control character, NUL included, unless it is UTF-16. Excel's
 * workbooks get a way out. */
static gboolean
check_is_text (HeraldCsvReader  *self,
               gboolean          utf16,
               GError          **error)
{
  const guchar *s = self->raw;
  gsize n = self->raw_len, controls = 0;

  if (n >= 4 && memcmp (s, "PK\x03\x04", 4) == 0)
    goto workbook;   /* .xlsx (and other zip files: the advice fits most) */
  if (n >= 8 && memcmp (s, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
    goto workbook;   /* .xls */
  for (guint i = 0; i < G_N_ELEMENTS (not_text); i++)
    if (n >= not_text[i].len && memcmp (s, not_text[i].magic, not_text[i].len) == 0)
      {
        g_set_error (error, HERALD_CSV_ERROR, HERALD_CSV_ERROR_NOT_TEXT,
                     /* TRANSLATORS: %s is a kind of file, e.g. "a PNG image" */
                     _("This file is %s, not a CSV file. Choose the CSV file with your list."),
                     _(not_text[i].what));
        return FALSE;
      }
  if (utf16)
    return TRUE;   /* NULs are half of its text */
  for (gsize i = 0; i < MIN (n, SAMPLE_SIZE); i++)
    if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != 0x1a && s[i] != 0x0c)
      controls++;
  /* A stray NUL in a damaged row is that row's problem, not the file's. */
  if (controls > 2 && controls * 100 > MIN (n, SAMPLE_SIZE))
    {
      g_set_error (error, HERALD_CSV_ERROR, HERALD_CSV_ERROR_NOT_TEXT,
                   _("This file is not text, so it is not a CSV file. Choose the CSV file with your list."));
      return FALSE;
    }
  return TRUE;

workbook:
  g_set_error (error, HERALD_CSV_ERROR, HERALD_CSV_ERROR_NOT_TEXT,
               _("This file is an Excel workbook, not a CSV file. In Excel, choose File → Save As, "
                 "choose the type “CSV UTF-8 (Comma delimited)”, and import the file it saves."));
  return FALSE;
}

/* Detects (or takes) the encoding and the separator from the stream's
 * start; the text read for that stays for the records. */
gboolean
herald_csv_reader_detect (HeraldCsvReader  *self,
                          const char       *wanted,
                          char              sep,
                          GCancellable     *cancellable,
                          GError          **error)
{
  char hint = 0;

  if (!read_sample (self, cancellable, error) ||
      !choose_encoding (self, wanted, error))
    return FALSE;
  if (!check_is_text (self, g_str_has_prefix (self->encoding, "UTF-16"), error))
    return FALSE;

  /* Decode a sample of text for the separator. */
  for (;;)
    {
      if (!decode (self, cancellable, error))
        return FALSE;
      if (self->text.len >= SAMPLE_SIZE || self->raw_eof)
        break;
      if (!read_more (self, cancellable, error))
        return FALSE;
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
  return TRUE;
}
