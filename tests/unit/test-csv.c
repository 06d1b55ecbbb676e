/* test-csv.c — the streaming CSV reader: RFC 4180, line ends, encodings,
 * separators, bad input
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "herald-csv.h"

/* A stream that hands out at most @chunk bytes a read, to put every
 * character and line end across a buffer boundary. */
typedef struct
{
  GInputStream  parent;
  GBytes       *bytes;
  gsize         pos;
  gsize         chunk;
} TrickleStream;

typedef struct
{
  GInputStreamClass parent_class;
} TrickleStreamClass;

GType trickle_stream_get_type (void);
G_DEFINE_TYPE (TrickleStream, trickle_stream, G_TYPE_INPUT_STREAM)

static gssize
trickle_stream_read (GInputStream  *stream,
                     void          *buffer,
                     gsize          count,
                     GCancellable  *cancellable,
                     GError       **error)
{
  TrickleStream *self = (TrickleStream *) stream;
  gsize size;
  const guint8 *data = g_bytes_get_data (self->bytes, &size);
  gsize n = MIN (MIN (count, self->chunk), size - self->pos);

  if (n > 0)
    memcpy (buffer, data + self->pos, n);
  self->pos += n;
  return n;
}

static void
trickle_stream_finalize (GObject *object)
{
  g_bytes_unref (((TrickleStream *) object)->bytes);
  G_OBJECT_CLASS (trickle_stream_parent_class)->finalize (object);
}

static void
trickle_stream_class_init (TrickleStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trickle_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = trickle_stream_read;
}

static void
trickle_stream_init (TrickleStream *self)
{
}

static GInputStream *
trickle_stream_new (GBytes *bytes,
                    gsize   chunk)
{
  TrickleStream *self = g_object_new (trickle_stream_get_type (), NULL);

  self->bytes = g_bytes_ref (bytes);
  self->chunk = chunk;
  return G_INPUT_STREAM (self);
}

/* ---- helpers ---------------------------------------------------------- */

static const char *
problem_name (HeraldCsvProblem problem)
{
  switch (problem)
    {
    case HERALD_CSV_PROBLEM_INVALID_BYTES: return "bytes";
    case HERALD_CSV_PROBLEM_UNTERMINATED_QUOTE: return "quote";
    case HERALD_CSV_PROBLEM_TOO_LONG: return "long";
    case HERALD_CSV_PROBLEM_TOO_MANY_FIELDS: return "fields";
    case HERALD_CSV_PROBLEM_NONE:
    default: return "";
    }
}

/* Every record as “LINE:field|field” (or “LINE!problem@FIELD”), one a line;
 * the fields are checked to be valid UTF-8 on the way. */
static char *
dump_stream (GInputStream  *stream,
             const char    *encoding,
             const char    *delimiter,
             char         **used_encoding,
             char          *used_delimiter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldCsvReader) reader = herald_csv_reader_new (stream, encoding, delimiter, NULL, &error);
  GString *out = g_string_new (NULL);
  const HeraldCsvRecord *record;
  guint64 last = 0;

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  while ((record = herald_csv_reader_next (reader, NULL, &error)) != NULL)
    {
      g_assert_cmpuint (record->line, >, last);
      g_assert_cmpuint (record->last_line, >=, record->line);
      last = record->line;
      if (record->problem != HERALD_CSV_PROBLEM_NONE)
        {
          g_string_append_printf (out, "%" G_GUINT64_FORMAT "!%s@%u\n", record->line,
                                  problem_name (record->problem), record->problem_field + 1);
          continue;
        }
      g_string_append_printf (out, "%" G_GUINT64_FORMAT ":", record->line);
      for (guint i = 0; i < record->n_fields; i++)
        {
          g_assert_true (g_utf8_validate (record->fields[i], record->lengths[i], NULL));
          g_assert_cmpuint (strlen (record->fields[i]), ==, record->lengths[i]);
          if (i > 0)
            g_string_append_c (out, '|');
          g_string_append (out, record->fields[i]);
        }
      g_string_append_c (out, '\n');
    }
  g_assert_no_error (error);
  if (used_encoding != NULL)
    *used_encoding = g_strdup (herald_csv_reader_get_encoding (reader));
  if (used_delimiter != NULL)
    *used_delimiter = herald_csv_reader_get_delimiter (reader);
  return g_string_free (out, FALSE);
}

/* As dump_stream(), and checks that reading in pieces of 1, 2, 3 and 7
 * bytes gives the same records. */
static char *
dump_full (const char  *data,
           gssize       len,
           const char  *encoding,
           const char  *delimiter,
           char       **used_encoding,
           char        *used_delimiter)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len < 0 ? strlen (data) : (gsize) len);
  g_autoptr(GInputStream) whole = g_memory_input_stream_new_from_bytes (bytes);
  char *expected = dump_stream (whole, encoding, delimiter, used_encoding, used_delimiter);
  static const gsize chunks[] = { 1, 2, 3, 7 };

  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    {
      g_autoptr(GInputStream) trickle = trickle_stream_new (bytes, chunks[i]);
      g_autofree char *got = dump_stream (trickle, encoding, delimiter, NULL, NULL);
      g_assert_cmpstr (got, ==, expected);
    }
  return expected;
}

static char *
dump (const char *data)
{
  return dump_full (data, -1, NULL, NULL, NULL, NULL);
}

static char *
dump_file (const char  *name,
           const char  *encoding,
           char       **used_encoding,
           char        *used_delimiter)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return dump_full (contents, len, encoding, NULL, used_encoding, used_delimiter);
}

#define assert_dump(input, expected) \
  G_STMT_START { \
    g_autofree char *got_ = dump (input); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

/* ---- RFC 4180 --------------------------------------------------------- */

static void
test_simple (void)
{
  assert_dump ("a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3\n");
  assert_dump ("a,b\n1,2", "1:a|b\n2:1|2\n");          /* no final line end */
  assert_dump ("a,,\n,,\n", "1:a||\n2:||\n");           /* empty fields */
  assert_dump ("a,b,\nc,", "1:a|b|\n2:c|\n");           /* one at the very end */
  assert_dump ("a,\"b\",", "1:a|b|\n");
  assert_dump ("", "");
  assert_dump ("\n", "1:\n");                           /* a blank line is one empty field */
}

static void
test_quoted_separator (void)
{
  assert_dump ("name,city\n\"Dupont & Fils, SARL\",Lyon\n",
               "1:name|city\n2:Dupont & Fils, SARL|Lyon\n");
  assert_dump ("\"a\",\"\"\n", "1:a|\n");
}

static void
test_doubled_quote (void)
{
  assert_dump ("\"say \"\"hi\"\"\",x\n", "1:say \"hi\"|x\n");
  assert_dump ("\"\"\"\"\n", "1:\"\n");
}

static void
test_quoted_newline (void)
{
  /* The next record's line is the physical line, newlines inside counted. */
  assert_dump ("a,\"one\ntwo\nthree\"\nb,c\n", "1:a|one\ntwo\nthree\n4:b|c\n");
  assert_dump ("a,\"x\r\ny\"\r\nb,c\r\n", "1:a|x\r\ny\n3:b|c\n");
  assert_dump ("a,\"x\ry\"\rb,c\r", "1:a|x\ry\n3:b|c\n");
}

static void
test_line_ends (void)
{
  assert_dump ("a,b\r\nc,d\r\n", "1:a|b\n2:c|d\n");
  assert_dump ("a,b\rc,d\r", "1:a|b\n2:c|d\n");         /* classic Mac */
  assert_dump ("a,b\nc,d\r\ne,f\rg,h", "1:a|b\n2:c|d\n3:e|f\n4:g|h\n");
  assert_dump ("a\r\r\nb\n", "1:a\n2:\n3:b\n");
  assert_dump ("\"a\"\r\n\"b\"\r\n", "1:a\n2:b\n");
}

static void
test_lenient_quotes (void)
{
  /* A quote inside an unquoted field is kept, as Excel does. */
  assert_dump ("5\" screen,x\n", "1:5\" screen|x\n");
  /* Text after a closing quote is kept. */
  assert_dump ("\"a\"b,c\n", "1:ab|c\n");
  /* Spaces before an opening quote are not data. */
  assert_dump ("a, \"b, c\"\n", "1:a|b, c\n");
  assert_dump ("a, b\n", "1:a| b\n");
}

static void
test_unterminated_quote_end (void)
{
  /* The rows before land; the open field's record is marked. */
  assert_dump ("a,b\nc,d\ne,\"f", "1:a|b\n2:c|d\n3!quote@2\n");
}

static void
test_unterminated_quote_replay (void)
{
  /* The lines inside the open quote are read again as rows. */
  assert_dump ("email,name\na@x,\"open\nb@x,B\r\nc@x,C\n",
               "1:email|name\n2!quote@2\n3:b@x|B\n4:c@x|C\n");
  /* With CRLF line ends: the LF after the first CR is not a row. */
  assert_dump ("h\r\n\"x,y\r\nw\r\n", "1:h\n2!quote@1\n3:w\n");
  /* A quote that stays open over quote pairs. */
  assert_dump ("h\n\"x\n\"\"y\nw\n", "1:h\n2!quote@1\n3:y\n4:w\n");
}

static void
test_invalid_bytes (void)
{
  /* A damaged byte in a UTF-8 file: only its record is marked. */
  assert_dump ("名前,x\n山田,\xff\xfe\n佐藤,y\n", "1:名前|x\n2!bytes@2\n3:佐藤|y\n");
  /* A NUL is refused the same way. */
  {
    g_autofree char *got = dump_full ("a,b\nc,d\0e\nf,g\n", 14, NULL, NULL, NULL, NULL);
    g_assert_cmpstr (got, ==, "1:a|b\n2!bytes@2\n3:f|g\n");
  }
  /* A sequence cut by the end of the file. */
  assert_dump ("名前\n\xe5\xb1", "1:名前\n2!bytes@1\n");
}

/* A file chosen by mistake is refused as a whole, saying what it is. */
static void
test_not_text (void)
{
#define BYTES(s) s, sizeof s - 1
  static const struct { const char *bytes; gsize len; const char *says; } cases[] = {
    { BYTES ("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "PNG image" },
    { BYTES ("\xff\xd8\xff\xe0\0\x10JFIF"), "JPEG image" },
    { BYTES ("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "PDF document" },
    { BYTES ("PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0"), "Excel workbook" },
    { BYTES ("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0"), "Excel workbook" },
    { BYTES ("\x01\x02\x03\x04\x05\x06\x07\x08a,b\n"), "not text" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (cases[i].bytes, cases[i].len, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(HeraldCsvReader) reader = herald_csv_reader_new (stream, NULL, NULL, NULL, &error);

      g_assert_null (reader);
      g_assert_error (error, HERALD_CSV_ERROR, HERALD_CSV_ERROR_NOT_TEXT);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
#undef BYTES
  /* Text with a form feed or Ctrl-Z at its end is still text. */
  assert_dump ("a,b\nc,d\n\x1a", "1:a|b\n2:c|d\n3:\x1a\n");
}

static void
test_too_many_fields (void)
{
  g_autoptr(GString) input = g_string_new ("a,b\n");
  g_autofree char *got = NULL;

  for (guint i = 0; i < HERALD_CSV_MAX_FIELDS + 5; i++)
    g_string_append_c (input, ',');
  g_string_append (input, "\nc,d\n");
  got = dump_full (input->str, input->len, NULL, NULL, NULL, NULL);
  g_assert_cmpstr (got, ==, "1:a|b\n2!fields@10001\n3:c|d\n");
}

static void
test_too_long (void)
{
  gsize n = HERALD_CSV_MAX_RECORD + 10;
  g_autofree char *input = g_malloc (n + 20);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *got = NULL;

  memcpy (input, "a\n\"", 3);
  memset (input + 3, 'x', n);
  memcpy (input + 3 + n, "\"\nb\n", 4);
  bytes = g_bytes_new_take (g_steal_pointer (&input), n + 7);
  stream = g_memory_input_stream_new_from_bytes (bytes);
  got = dump_stream (stream, NULL, NULL, NULL, NULL);
  g_assert_cmpstr (got, ==, "1:a\n2!long@1\n3:b\n");
}

/* ---- separators -------------------------------------------------------- */

static void
test_separator_sniff (void)
{
  char sep = 0;
  g_autofree char *a = dump_full ("email,name\nx@y,X\n", -1, NULL, NULL, NULL, &sep);
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;

  g_assert_cmpint (sep, ==, ',');
  b = dump_full ("email;name;price\nx@y;X;1,5\nz@y;Z;2,5\n", -1, NULL, NULL, NULL, &sep);
  g_assert_cmpint (sep, ==, ';');
  g_assert_cmpstr (b, ==, "1:email|name|price\n2:x@y|X|1,5\n3:z@y|Z|2,5\n");
  c = dump_full ("email\tname\nx@y\t\"A, B; C\"\n", -1, NULL, NULL, NULL, &sep);
  g_assert_cmpint (sep, ==, '\t');
  g_assert_cmpstr (c, ==, "1:email|name\n2:x@y|A, B; C\n");
  d = dump_full ("email\nx@y\n", -1, NULL, NULL, NULL, &sep);
  g_assert_cmpint (sep, ==, ',');   /* one column: the default */
}

static void
test_separator_override (void)
{
  char sep = 0;
  g_autofree char *a = dump_full ("a;b,c\n", -1, NULL, ";", NULL, &sep);
  g_autofree char *b = dump_full ("a;b,c\n", -1, NULL, "tab", NULL, &sep);

  g_assert_cmpstr (a, ==, "1:a|b,c\n");
  g_assert_cmpstr (b, ==, "1:a;b,c\n");
  g_assert_cmpint (sep, ==, '\t');
}

static void
test_separator_sep_line (void)
{
  char sep = 0;
  g_autofree char *a = dump_full ("sep=;\r\nemail;name,x\r\na;b\r\n", -1, NULL, NULL, NULL, &sep);

  g_assert_cmpint (sep, ==, ';');
  g_assert_cmpstr (a, ==, "2:email|name,x\n3:a|b\n");
}

static void
test_options (void)
{
  g_autoptr(GError) error = NULL;
  const char *canonical;
  char sep;

  g_assert_true (herald_csv_parse_encoding ("Shift_JIS", &canonical, NULL));
  g_assert_cmpstr (canonical, ==, "CP932");
  g_assert_true (herald_csv_parse_encoding ("utf-16", &canonical, NULL));
  g_assert_cmpstr (canonical, ==, "UTF-16");
  g_assert_true (herald_csv_parse_encoding (NULL, &canonical, NULL));
  g_assert_cmpstr (canonical, ==, "auto");
  g_assert_false (herald_csv_parse_encoding ("klingon", &canonical, &error));
  g_assert_error (error, HERALD_CSV_ERROR, HERALD_CSV_ERROR_UNKNOWN_ENCODING);
  g_clear_error (&error);
  g_assert_true (herald_csv_parse_delimiter ("tab", &sep, NULL));
  g_assert_cmpint (sep, ==, '\t');
  g_assert_true (herald_csv_parse_delimiter ("auto", &sep, NULL));
  g_assert_cmpint (sep, ==, 0);
  g_assert_false (herald_csv_parse_delimiter ("::", &sep, &error));
  g_assert_error (error, HERALD_CSV_ERROR, HERALD_CSV_ERROR_UNKNOWN_DELIMITER);
}

/* ---- encodings --------------------------------------------------------- */

static const char japanese_records[] =
  "1:メールアドレス|氏名|会社名|メモ\n"
  "2:yamada@example.jp|髙橋 一郎|株式会社①商事|納期～月末\n"
  "3:ｌｉｎａ＠ｅｘａｍｐｌｅ．ｊｐ|ﾘﾅ ﾐｭﾗｰ|ミュラー, 有限会社|\n"
  "4:\"佐藤\" <sato@example.jp>|佐藤 花子|さくら企画|2行の\r\nメモ\n"
  "6:mailto:suzuki@example.jp|鈴木 ゆり||\n";

static void
check_japanese_file (const char *name,
                     const char *encoding,
                     const char *expected_encoding)
{
  g_autofree char *used = NULL;
  char sep = 0;
  g_autofree char *got = dump_file (name, encoding, &used, &sep);

  g_assert_cmpstr (got, ==, japanese_records);
  g_assert_cmpstr (used, ==, expected_encoding);
  g_assert_cmpint (sep, ==, ',');
}

static void
test_utf8 (void)
{
  check_japanese_file ("japanese.utf8.csv", NULL, "UTF-8");
  check_japanese_file ("utf8-bom.csv", NULL, "UTF-8");
  check_japanese_file ("utf8-bom.csv", "utf-8", "UTF-8");
}

static void
test_cp932 (void)
{
  /* ① and 髙 are NEC/IBM extensions; 0x8160 must become U+FF5E ～. */
  check_japanese_file ("cp932.csv", NULL, "CP932");
  check_japanese_file ("cp932.csv", "cp932", "CP932");
  check_japanese_file ("cp932.csv", "shift_jis", "CP932");
}

static void
test_eucjp (void)
{
  check_japanese_file ("eucjp.csv", NULL, "EUC-JP");
  check_japanese_file ("eucjp.csv", "euc-jp", "EUC-JP");
}

static const char tab_records[] =
  "1:メールアドレス|氏名|会社名|メモ\n"
  "2:yamada@example.jp|髙橋 一郎|株式会社①商事|納期～月末\n"
  "3:lina@example.jp|ﾘﾅ ﾐｭﾗｰ|ミュラー, 有限会社|タブ\t入り\n";

static void
test_utf16 (void)
{
  const char *files[] = { "utf16le-excel.txt", "utf16be-bom.txt" };
  const char *encodings[] = { "UTF-16LE", "UTF-16BE" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *used = NULL;
      g_autofree char *forced = NULL;
      char sep = 0;
      g_autofree char *got = dump_file (files[i], NULL, &used, &sep);

      g_assert_cmpstr (got, ==, tab_records);
      g_assert_cmpstr (used, ==, encodings[i]);
      g_assert_cmpint (sep, ==, '\t');
      forced = dump_file (files[i], "utf-16", NULL, NULL);
      g_assert_cmpstr (forced, ==, tab_records);
    }
}

static void
test_utf16_no_bom (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", "utf16le-excel.txt", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *used = NULL;
  g_autofree char *got = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  got = dump_full (contents + 2, len - 2, NULL, NULL, &used, NULL);
  g_assert_cmpstr (got, ==, tab_records);
  g_assert_cmpstr (used, ==, "UTF-16LE");
}

static void
test_utf16_odd_surrogate (void)
{
  /* "a\n" D800 "\n" "b\n" in UTF-16LE: the lone surrogate marks line 2. */
  static const char input[] = "\xff\xfe" "a\0\n\0" "\x00\xd8\n\0" "b\0\n\0";
  g_autofree char *got = dump_full (input, sizeof input - 1, NULL, NULL, NULL, NULL);

  g_assert_cmpstr (got, ==, "1:a\n2!bytes@1\n3:b\n");
}

static void
test_detect_late (void)
{
  /* 100 KiB of ASCII rows, then CP932: decided where the first byte is. */
  g_autoptr(GString) input = g_string_new ("email,name\n");
  g_autofree char *tail = g_convert ("last@example.jp,髙橋①\n", -1, "CP932", "UTF-8", NULL, NULL, NULL);
  g_autofree char *used = NULL;
  g_autofree char *got = NULL;
  g_auto(GStrv) lines = NULL;
  guint n;

  while (input->len < 100 * 1024)
    g_string_append (input, "someone@example.com,Someone\n");
  g_string_append (input, tail);
  got = dump_full (input->str, input->len, NULL, NULL, &used, NULL);
  g_assert_cmpstr (used, ==, "CP932");
  lines = g_strsplit (got, "\n", -1);
  n = g_strv_length (lines);
  g_assert_true (g_str_has_suffix (lines[n - 2], ":last@example.jp|髙橋①"));
}

static void
test_encoding_override (void)
{
  /* CP932 bytes forced as UTF-8: every Japanese row is marked, none lost. */
  g_autofree char *got = dump_file ("cp932.csv", "utf-8", NULL, NULL);

  g_assert_true (g_str_has_prefix (got, "1!bytes@1\n2!bytes@2\n"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/simple", test_simple);
  g_test_add_func ("/csv/quoted-separator", test_quoted_separator);
  g_test_add_func ("/csv/doubled-quote", test_doubled_quote);
  g_test_add_func ("/csv/quoted-newline", test_quoted_newline);
  g_test_add_func ("/csv/line-ends", test_line_ends);
  g_test_add_func ("/csv/lenient-quotes", test_lenient_quotes);
  g_test_add_func ("/csv/unterminated-quote-end", test_unterminated_quote_end);
  g_test_add_func ("/csv/unterminated-quote-replay", test_unterminated_quote_replay);
  g_test_add_func ("/csv/invalid-bytes", test_invalid_bytes);
  g_test_add_func ("/csv/not-text", test_not_text);
  g_test_add_func ("/csv/too-many-fields", test_too_many_fields);
  g_test_add_func ("/csv/too-long", test_too_long);
  g_test_add_func ("/csv/separator-sniff", test_separator_sniff);
  g_test_add_func ("/csv/separator-override", test_separator_override);
  g_test_add_func ("/csv/separator-sep-line", test_separator_sep_line);
  g_test_add_func ("/csv/options", test_options);
  g_test_add_func ("/csv/utf8", test_utf8);
  g_test_add_func ("/csv/cp932", test_cp932);
  g_test_add_func ("/csv/eucjp", test_eucjp);
  g_test_add_func ("/csv/utf16", test_utf16);
  g_test_add_func ("/csv/utf16-no-bom", test_utf16_no_bom);
  g_test_add_func ("/csv/utf16-odd-surrogate", test_utf16_odd_surrogate);
  g_test_add_func ("/csv/detect-late", test_detect_late);
  g_test_add_func ("/csv/encoding-override", test_encoding_override);

  return g_test_run ();
}
