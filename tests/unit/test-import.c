/* test-import.c — CSV into a list: encodings, mapping, addresses,
 * duplicates, suppression, bad rows, dry run, cancel, one transaction
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "herald-contacts.h"
#include "herald-import.h"
#include "herald-store-private.h"
#include "herald-test-fixture.h"

/* A stream that fails after @fail_after bytes, like a disk that goes away. */
typedef struct
{
  GInputStream  parent;
  GBytes       *bytes;
  gsize         pos;
  gsize         fail_after;
} FailingStream;

typedef struct
{
  GInputStreamClass parent_class;
} FailingStreamClass;

GType failing_stream_get_type (void);
G_DEFINE_TYPE (FailingStream, failing_stream, G_TYPE_INPUT_STREAM)

static gssize
failing_stream_read (GInputStream  *stream,
                     void          *buffer,
                     gsize          count,
                     GCancellable  *cancellable,
                     GError       **error)
{
  FailingStream *self = (FailingStream *) stream;
  gsize size;
  const guint8 *data = g_bytes_get_data (self->bytes, &size);
  gsize n;

  if (self->pos >= self->fail_after)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The disk went away");
      return -1;
    }
  n = MIN (MIN (count, 4096), MIN (size, self->fail_after) - self->pos);
  memcpy (buffer, data + self->pos, n);
  self->pos += n;
  return n;
}

static void
failing_stream_finalize (GObject *object)
{
  g_bytes_unref (((FailingStream *) object)->bytes);
  G_OBJECT_CLASS (failing_stream_parent_class)->finalize (object);
}

static void
failing_stream_class_init (FailingStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = failing_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = failing_stream_read;
}

static void
failing_stream_init (FailingStream *self)
{
}

/* ---- fixture ---------------------------------------------------------- */

typedef struct
{
  HeraldTestFixture  base;
  GString       *rejects;     /* “L: reason” a line */
  GString       *warnings;
  GCancellable  *cancel;      /* cancelled at the first rejected row, when set */
  guint          progress_calls;
  guint64        progress_done;
  guint64        progress_total;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  herald_test_fixture_init (&f->base, HERALD_TEST_STORE);
  f->rejects = g_string_new (NULL);
  f->warnings = g_string_new (NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  herald_test_fixture_clear (&f->base);
  g_string_free (f->rejects, TRUE);
  g_string_free (f->warnings, TRUE);
  g_clear_object (&f->cancel);
}

static void
on_reject_cb (guint64     line,
              const char *reason,
              gpointer    user_data)
{
  Fixture *f = user_data;

  g_assert_true (g_utf8_validate (reason, -1, NULL));
  g_string_append_printf (f->rejects, "%" G_GUINT64_FORMAT ": %s\n", line, reason);
  if (f->cancel != NULL)
    g_cancellable_cancel (f->cancel);
}

static void
on_warning_cb (guint64     line,
               const char *reason,
               gpointer    user_data)
{
  Fixture *f = user_data;

  g_string_append_printf (f->warnings, "%" G_GUINT64_FORMAT ": %s\n", line, reason);
}

static void
on_progress_cb (guint64  done,
                guint64  total,
                gpointer user_data)
{
  Fixture *f = user_data;

  g_assert_cmpuint (done, >=, f->progress_done);
  f->progress_calls++;
  f->progress_done = done;
  f->progress_total = total;
}

static gboolean
import_stream (Fixture              *f,
               const char           *list,
               GInputStream         *stream,
               HeraldImportOptions  *options,
               HeraldImportSummary  *summary,
               GError              **error)
{
  HeraldImportOptions defaults = { 0 };

  if (options == NULL)
    options = &defaults;
  options->reject = on_reject_cb;
  options->warning = on_warning_cb;
  options->progress = on_progress_cb;
  options->user_data = f;
  g_string_truncate (f->rejects, 0);
  g_string_truncate (f->warnings, 0);
  f->progress_calls = 0;
  f->progress_done = f->progress_total = 0;
  return herald_import_stream (f->base.store, list, stream, options, summary, f->cancel, error);
}

static gboolean
import_bytes (Fixture              *f,
              const char           *list,
              const char           *data,
              gssize                len,
              HeraldImportOptions  *options,
              HeraldImportSummary  *summary,
              GError              **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len < 0 ? strlen (data) : (gsize) len);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);

  return import_stream (f, list, stream, options, summary, error);
}

static void
import_ok (Fixture              *f,
           const char           *list,
           const char           *data,
           HeraldImportOptions  *options,
           HeraldImportSummary  *summary)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (import_bytes (f, list, data, -1, options, summary, &error));
  g_assert_no_error (error);
}

static void
import_fixture (Fixture              *f,
                const char           *list,
                const char           *name,
                HeraldImportOptions  *options,
                HeraldImportSummary  *summary)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);
  g_autoptr(GError) error = NULL;
  HeraldImportOptions with_reject = { 0 };

  if (options != NULL)
    with_reject = *options;
  with_reject.reject = on_reject_cb;
  with_reject.user_data = f;
  g_string_truncate (f->rejects, 0);
  g_assert_true (herald_import_file (f->base.store, list, path, &with_reject, summary, NULL, &error));
  g_assert_no_error (error);
}

#define assert_list(f, list, expected) herald_test_assert_list ((f)->base.store, list, expected)

static gint64
count_rows (Fixture    *f,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);

  return herald_test_query_int (f->base.store, sql);
}

/* ---- encodings -------------------------------------------------------- */

static const char japanese_list[] =
  "email|氏名|会社名|メモ\n"
  "yamada@example.jp|髙橋 一郎|株式会社①商事|納期～月末\n"
  "lina@example.jp|ﾘﾅ ﾐｭﾗｰ|ミュラー, 有限会社|\n"
  "sato@example.jp|佐藤 花子|さくら企画|2行の\r\nメモ\n"
  "suzuki@example.jp|鈴木 ゆり||\n";

static void
check_japanese (Fixture    *f,
                const char *name,
                const char *encoding)
{
  HeraldImportSummary summary = { 0 };

  import_fixture (f, name, name, NULL, &summary);
  herald_test_assert_counts (&summary, 4, 0, 0, 0, 0);
  g_assert_cmpstr (summary.encoding, ==, encoding);
  g_assert_cmpint (summary.delimiter, ==, ',');
  g_assert_cmpstr (summary.address_column, ==, "メールアドレス");
  g_assert_cmpstr (f->rejects->str, ==, "");
  assert_list (f, name, japanese_list);
  herald_import_summary_clear (&summary);
}

static void
test_utf8 (Fixture *f, gconstpointer data)
{
  check_japanese (f, "japanese.utf8.csv", "UTF-8");
}

static void
test_utf8_bom (Fixture *f, gconstpointer data)
{
  check_japanese (f, "utf8-bom.csv", "UTF-8");
}

static void
test_cp932 (Fixture *f, gconstpointer data)
{
  check_japanese (f, "cp932.csv", "CP932");
}

static void
test_eucjp (Fixture *f, gconstpointer data)
{
  check_japanese (f, "eucjp.csv", "EUC-JP");
}

static void
test_utf16 (Fixture *f, gconstpointer data)
{
  const char *files[] = { "utf16le-excel.txt", "utf16be-bom.txt" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      HeraldImportSummary summary = { 0 };

      import_fixture (f, files[i], files[i], NULL, &summary);
      herald_test_assert_counts (&summary, 2, 0, 0, 0, 0);
      g_assert_cmpint (summary.delimiter, ==, '\t');
      g_assert_true (g_str_has_prefix (summary.encoding, "UTF-16"));
      assert_list (f, files[i],
                   "email|氏名|会社名|メモ\n"
                   "yamada@example.jp|髙橋 一郎|株式会社①商事|納期～月末\n"
                   "lina@example.jp|ﾘﾅ ﾐｭﾗｰ|ミュラー, 有限会社|タブ\t入り\n");
      herald_import_summary_clear (&summary);
    }
}

static void
test_semicolon (Fixture *f, gconstpointer data)
{
  HeraldImportSummary summary = { 0 };

  import_fixture (f, "eu", "semicolon.csv", NULL, &summary);
  herald_test_assert_counts (&summary, 3, 0, 0, 0, 0);
  g_assert_cmpint (summary.delimiter, ==, ';');
  assert_list (f, "eu",
               "email|Name|Betrag\n"
               "anna@example.de|Anna Müller|1,50\n"
               "jean@example.fr|Jean \"JJ\" Dupont|2,75\n"
               "ola@example.no|Øla|3\n");
  herald_import_summary_clear (&summary);
}

static void
test_separators (Fixture *f, gconstpointer data)
{
  static const char * const inputs[] = {
    "email,name\na@x.jp,\"A, a\"\n",
    "email;name\r\na@x.jp;\"A, a\"\r\n",
    "email\tname\ra@x.jp\t\"A, a\"\r",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *list = g_strdup_printf ("sep%u", i);
      HeraldImportSummary summary = { 0 };

      import_ok (f, list, inputs[i], NULL, &summary);
      herald_test_assert_counts (&summary, 1, 0, 0, 0, 0);
      assert_list (f, list, "email|name\na@x.jp|A, a\n");
      herald_import_summary_clear (&summary);
    }
}

static void
test_forced (Fixture *f, gconstpointer data)
{
  g_autofree char *rows = g_convert ("a@x.jp;髙橋,一郎\r\n", -1, "CP932", "UTF-8", NULL, NULL, NULL);
  g_autofree char *input = g_strconcat ("email;name\r\n", rows, NULL);
  HeraldImportOptions options = { .encoding = "utf-8", .delimiter = ";" };
  HeraldImportSummary summary = { 0 };

  /* CP932 read as UTF-8: the row is refused, not garbled. */
  import_ok (f, "forced", input, &options, &summary);
  herald_test_assert_counts (&summary, 0, 0, 0, 1, 0);
  g_assert_cmpstr (summary.encoding, ==, "UTF-8");
  herald_import_summary_clear (&summary);

  options.encoding = "shift_jis";
  import_ok (f, "forced", input, &options, &summary);
  herald_test_assert_counts (&summary, 1, 0, 0, 0, 0);
  g_assert_cmpstr (summary.encoding, ==, "CP932");
  g_assert_cmpint (summary.delimiter, ==, ';');
  assert_list (f, "forced", "email|name\na@x.jp|髙橋,一郎\n");
  herald_import_summary_clear (&summary);
}

/* ---- addresses, duplicates, suppression -------------------------------- */

static void
test_address_forms (Fixture *f, gconstpointer data)
{
  HeraldImportSummary summary = { 0 };

  import_ok (f, "forms",
             "email,name\n"
             "ｌｉｎａ＠ｅｘａｍｐｌｅ．ｊｐ,full width\n"
             "mailto:taro@Example.JP,mailto\n"
             "\"\"\"Sato, Hanako\"\" <hanako@example.jp>\",display name\n"
             "info@Bücher.de,idn\n"
             "  pad@example.jp  ,spaces\n"
             "not-an-address,bad\n"
             ",empty\n"
             "x@localhost,no dot\n",
             NULL, &summary);
  herald_test_assert_counts (&summary, 5, 0, 0, 3, 0);
  assert_list (f, "forms",
               "email|name\n"
               "lina@example.jp|full width\n"
               "taro@example.jp|mailto\n"
               "hanako@example.jp|display name\n"
               "info@bücher.de|idn\n"
               "pad@example.jp|spaces\n");
  g_assert_cmpstr (f->rejects->str, ==,
                   "7: “not-an-address” is not a valid email address: it has no @\n"
                   "8: no email address in column “email”\n"
                   "9: “x@localhost” is not a valid email address: the domain has no dot (it should look like example.com)\n");
  herald_import_summary_clear (&summary);
}

static void
test_duplicates (Fixture *f, gconstpointer data)
{
  HeraldImportSummary summary = { 0 };

  import_ok (f, "dups",
             "email,name\n"
             "a@x.jp,first\n"
             "b@x.jp,B\n"
             "A@X.JP,second\n"
             "ａ＠ｘ．ｊｐ,third\n",
             NULL, &summary);
  herald_test_assert_counts (&summary, 2, 0, 2, 0, 0);
  assert_list (f, "dups", "email|name\na@x.jp|first\nb@x.jp|B\n");
  g_assert_cmpstr (f->rejects->str, ==, "4: duplicate of line 2\n5: duplicate of line 2\n");
  herald_import_summary_clear (&summary);
}

static void
test_suppressed (Fixture *f, gconstpointer data)
{
  HeraldImportSummary summary = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (herald_store_suppress (f->base.store, "gone@x.jp", "unsubscribed", "test", &error));
  g_assert_no_error (error);
  import_ok (f, "sup", "email\nkeep@x.jp\nGONE@x.jp\ngone@X.jp\n", NULL, &summary);
  herald_test_assert_counts (&summary, 1, 0, 0, 0, 2);
  assert_list (f, "sup", "email\nkeep@x.jp\n");
  g_assert_cmpstr (f->rejects->str, ==, "");
  herald_import_summary_clear (&summary);
}

static void
test_update (Fixture *f, gconstpointer data)
{
  HeraldImportSummary summary = { 0 };

  import_ok (f, "l", "email,city\na@x.jp,Tokyo\nb@x.jp,Osaka\n", NULL, &summary);
  herald_test_assert_counts (&summary, 2, 0, 0, 0, 0);
  herald_import_summary_clear (&summary);

  /* Again, one changed, one the same and one new: refreshed, not added
   * twice; only the changed one counts as updated. */
  import_ok (f, "l", "email,city\nA@x.jp,Kyoto\nb@x.jp,Osaka\nc@x.jp,Nara\nb@x.jp,dup\n",
             NULL, &summary);
  herald_test_assert_counts (&summary, 1, 1, 1, 0, 0);
  assert_list (f, "l", "email|city\na@x.jp|Kyoto\nb@x.jp|Osaka\nc@x.jp|Nara\n");
  g_assert_cmpstr (f->rejects->str, ==, "5: duplicate of line 3\n");
  herald_import_summary_clear (&summary);

  /* A contact of another list joins this one as imported; it gets a
   * value it did not have: updated too. */
  import_ok (f, "other", "email,phone\nc@x.jp,123\n", NULL, &summary);
  herald_test_assert_counts (&summary, 1, 1, 0, 0, 0);
  g_assert_cmpint (count_rows (f, "contacts"), ==, 3);
  assert_list (f, "other", "email|phone\nc@x.jp|123\n");
  herald_import_summary_clear (&summary);
}

/* Lists of more rows than the import writes in one statement, overlapping:
 * statements whose rows are all new, all known and mixed. */
static char *
numbered_rows (guint       from,
               guint       to,
               const char *city,
               gboolean    header)
{
  GString *out = g_string_new (header ? "email,city\n" : NULL);

  for (guint i = from; i < to; i++)
    g_string_append_printf (out, "u%03u@x.jp,%s%u\n", i, city, i);
  return g_string_free (out, FALSE);
}

static void
test_update_many (Fixture *f, gconstpointer data)
{
  HeraldImportSummary summary = { 0 };
  g_autofree char *one = numbered_rows (0, 100, "c", TRUE);
  g_autofree char *two_rows = numbered_rows (50, 200, "d", TRUE);
  g_autofree char *two = g_strconcat (two_rows, "U060@X.JP,again\n", NULL);
  g_autofree char *expected_one_head = numbered_rows (0, 50, "c", FALSE);
  g_autofree char *expected_one_tail = numbered_rows (50, 100, "d", FALSE);
  g_autofree char *expected_one = g_strconcat ("email|city\n", expected_one_head,
                                               expected_one_tail, NULL);
  g_autofree char *expected_two = g_strconcat ("email|city\n",
                                               two_rows + strlen ("email,city\n"), NULL);

  for (char *p = expected_two; *p != '\0'; p++)
    if (*p == ',')
      *p = '|';
  for (char *p = expected_one; *p != '\0'; p++)
    if (*p == ',')
      *p = '|';

  import_ok (f, "one", one, NULL, &summary);
  herald_test_assert_counts (&summary, 100, 0, 0, 0, 0);
  herald_import_summary_clear (&summary);

  /* 50 known contacts (their fields changed), 100 new ones, one duplicate. */
  import_ok (f, "two", two, NULL, &summary);
  herald_test_assert_counts (&summary, 150, 50, 1, 0, 0);
  g_assert_cmpuint (summary.created, ==, 100);
  g_assert_cmpuint (summary.changed_elsewhere, ==, 50);
  g_assert_cmpstr (f->rejects->str, ==, "152: duplicate of line 12\n");
  g_assert_cmpint (count_rows (f, "contacts"), ==, 200);
  assert_list (f, "two", expected_two);
  assert_list (f, "one", expected_one);
  herald_import_summary_clear (&summary);

  /* The same file again: everyone is in the list already, nothing changes. */
  import_ok (f, "two", two, NULL, &summary);
  herald_test_assert_counts (&summary, 0, 0, 1, 0, 0);
  g_assert_cmpint (count_rows (f, "contacts"), ==, 200);
  g_assert_cmpint (count_rows (f, "list_members"), ==, 250);
  assert_list (f, "two", expected_two);
  herald_import_summary_clear (&summary);
}

static void
test_list_fields (Fixture *f, gconstpointer data)
{
  import_ok (f, "l", "email,name,city\na@x.jp,A,Tokyo\n", NULL, NULL);
  import_ok (f, "l", "email,phone,name\nb@x.jp,123,B\n", NULL, NULL);
  assert_list (f, "l", "email|name|city|phone\na@x.jp|A|Tokyo|\nb@x.jp|B||123\n");
}

/* ---- rows and bad input ------------------------------------------------ */

static void
test_short_long_rows (Fixture *f, gconstpointer data)
{
  HeraldImportSummary summary = { 0 };

  import_ok (f, "rows",
             "email,name,city\n"
             "a@x.jp\n"                   /* short: padded */
             "b@x.jp,B,Kobe,extra,more\n" /* long: imported, reported */
             "c@x.jp,C,Nara,,\n",         /* empty extra cells: silent */
             NULL, &summary);
  herald_test_assert_counts (&summary, 3, 0, 0, 0, 0);
  g_assert_cmpuint (summary.warnings, ==, 1);
  assert_list (f, "rows", "email|name|city\na@x.jp||\nb@x.jp|B|Kobe\nc@x.jp|C|Nara\n");
  g_assert_cmpstr (f->warnings->str, ==, "3: 2 extra cells ignored\n");
  g_assert_cmpstr (f->rejects->str, ==, "");
  herald_import_summary_clear (&summary);
}

static void
test_blank_lines (Fixture *f, gconstpointer data)
{
  HeraldImportSummary summary = { 0 };

  import_ok (f, "blank", "\n\nemail\n\na@x.jp\n\n\nb@x.jp", NULL, &summary);
  herald_test_assert_counts (&summary, 2, 0, 0, 0, 0);
  g_assert_cmpuint (summary.rows, ==, 2);
  herald_import_summary_clear (&summary);
}

static void
test_unterminated_quote (Fixture *f, gconstpointer data)
{
  HeraldImportSummary summary = { 0 };

  import_ok (f, "q", "email,name\na@x.jp,A\nb@x.jp,\"B is never closed\nc@x.jp,C\n",
             NULL, &summary);
  herald_test_assert_counts (&summary, 2, 0, 0, 1, 0);
  assert_list (f, "q", "email|name\na@x.jp|A\nc@x.jp|C\n");
  g_assert_cmpstr (f->rejects->str, ==,
                   "3: a quoted field starts here and is never closed; the lines after it were read as rows\n");
  herald_import_summary_clear (&summary);

  /* At the very end of the file. */
  import_ok (f, "q2", "email,name\na@x.jp,A\nb@x.jp,\"B", NULL, &summary);
  herald_test_assert_counts (&summary, 1, 0, 0, 1, 0);
  herald_import_summary_clear (&summary);
}

static void
test_invalid_byte (Fixture *f, gconstpointer data)
{
  HeraldImportSummary summary = { 0 };

  import_ok (f, "b",
             "email,名前\na@x.jp,山田\nb@x.jp,佐\xff藤\nc@x.jp,鈴木\n",
             NULL, &summary);
  herald_test_assert_counts (&summary, 2, 0, 0, 1, 0);
  g_assert_cmpstr (summary.encoding, ==, "UTF-8");
  assert_list (f, "b", "email|名前\na@x.jp|山田\nc@x.jp|鈴木\n");
  g_assert_cmpstr (f->rejects->str, ==,
                   "3: column 2 has bytes that are not valid UTF-8 text (is the file in another encoding?)\n");
  herald_import_summary_clear (&summary);
}

static void
test_invalid_byte_cp932 (Fixture *f, gconstpointer data)
{
  g_autofree char *good = g_convert ("email,名前\na@x.jp,髙橋\n", -1, "CP932", "UTF-8", NULL, NULL, NULL);
  g_autofree char *tail = g_convert ("c@x.jp,①\n", -1, "CP932", "UTF-8", NULL, NULL, NULL);
  g_autofree char *input = g_strconcat (good, "b@x.jp,\x81\x20\n", tail, NULL);
  HeraldImportSummary summary = { 0 };

  import_ok (f, "b", input, NULL, &summary);
  herald_test_assert_counts (&summary, 2, 0, 0, 1, 0);
  g_assert_cmpstr (summary.encoding, ==, "CP932");
  assert_list (f, "b", "email|名前\na@x.jp|髙橋\nc@x.jp|①\n");
  herald_import_summary_clear (&summary);
}

/* ---- the header -------------------------------------------------------- */

static void
test_header_names (Fixture *f, gconstpointer data)
{
  static const char * const headers[] = {
    "E-Mail", "e-mail", "Email Address", "MAIL", "メールアドレス", "メール",
    "Eメール", "電子メール", "ｅメール", "ﾒｰﾙｱﾄﾞﾚｽ", "E-mail 1 - Value",
  };

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_autofree char *input = g_strdup_printf ("name,%s\nA,a%u@x.jp\n", headers[i], i);
      g_autofree char *list = g_strdup_printf ("h%u", i);
      HeraldImportSummary summary = { 0 };

      import_ok (f, list, input, NULL, &summary);
      herald_test_assert_counts (&summary, 1, 0, 0, 0, 0);
      g_assert_cmpstr (summary.address_column, ==, headers[i]);
      herald_import_summary_clear (&summary);
    }
}

static void
test_map (Fixture *f, gconstpointer data)
{
  const char *map[] = { "Kontakt=email", "名前=name", "junk=", "3=city", NULL };
  HeraldImportOptions options = { .map = map };
  HeraldImportSummary summary = { 0 };

  import_ok (f, "m", "Kontakt,名前,Ort,junk,email\na@x.jp,A,Tokyo,zzz,other@x.jp\n",
             &options, &summary);
  herald_test_assert_counts (&summary, 1, 0, 0, 0, 0);
  g_assert_cmpstr (summary.address_column, ==, "Kontakt");
  /* A column named email that is not the address column keeps its data. */
  assert_list (f, "m", "email|name|city|email_2\na@x.jp|A|Tokyo|other@x.jp\n");
  herald_import_summary_clear (&summary);
}

static void
test_map_errors (Fixture *f, gconstpointer data)
{
  const char *unknown[] = { "Nope=email", NULL };
  const char *bad[] = { "no-equals-sign", NULL };
  HeraldImportOptions options = { .map = unknown };
  g_autoptr(GError) error = NULL;

  g_assert_false (import_bytes (f, "m", "a,b\n1,2\n", -1, &options, NULL, &error));
  g_assert_error (error, HERALD_IMPORT_ERROR, HERALD_IMPORT_ERROR_NO_SUCH_COLUMN);
  g_assert_nonnull (strstr (error->message, "“a”, “b”"));
  g_clear_error (&error);
  options.map = bad;
  g_assert_false (import_bytes (f, "m", "email\na@x.jp\n", -1, &options, NULL, &error));
  g_assert_error (error, HERALD_IMPORT_ERROR, HERALD_IMPORT_ERROR_BAD_MAP);
  assert_list (f, "m", "");
}

static void
test_no_address_column (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (import_bytes (f, "n", "name,city\nA,Tokyo\n", -1, NULL, NULL, &error));
  g_assert_error (error, HERALD_IMPORT_ERROR, HERALD_IMPORT_ERROR_NO_ADDRESS_COLUMN);
  /* In the user's words: no command-line option (herald-cli adds its hint). */
  g_assert_nonnull (strstr (error->message, "Choose the column"));
  g_assert_null (strstr (error->message, "--"));
  g_clear_error (&error);
  g_assert_false (import_bytes (f, "n", "", -1, NULL, NULL, &error));
  g_assert_error (error, HERALD_IMPORT_ERROR, HERALD_IMPORT_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_false (import_bytes (f, "n", "\"never closed\n", -1, NULL, NULL, &error));
  g_assert_error (error, HERALD_IMPORT_ERROR, HERALD_IMPORT_ERROR_BAD_HEADER);
  g_assert_cmpint (count_rows (f, "lists"), ==, 0);
}

static void
test_headerless (Fixture *f, gconstpointer data)
{
  HeraldImportSummary summary = { 0 };

  import_ok (f, "nh", "Anna,anna@x.jp\nBen,ben@x.jp\n", NULL, &summary);
  herald_test_assert_counts (&summary, 2, 0, 0, 0, 0);
  assert_list (f, "nh", "email|column1\nanna@x.jp|Anna\nben@x.jp|Ben\n");
  herald_import_summary_clear (&summary);
}

/* ---- the transaction --------------------------------------------------- */

static void
test_dry_run (Fixture *f, gconstpointer data)
{
  HeraldImportOptions options = { .dry_run = TRUE };
  HeraldImportSummary summary = { 0 };
  const char *input = "email\na@x.jp\nb@x.jp\na@x.jp\nbad\n";

  import_ok (f, "dry", input, &options, &summary);
  herald_test_assert_counts (&summary, 2, 0, 1, 1, 0);
  g_assert_cmpint (count_rows (f, "lists"), ==, 0);
  g_assert_cmpint (count_rows (f, "contacts"), ==, 0);
  herald_import_summary_clear (&summary);

  /* Into an existing list: the counts, and the list as it was. */
  import_ok (f, "dry", "email,n\na@x.jp,1\n", NULL, NULL);
  options.dry_run = TRUE;
  import_ok (f, "dry", "email,n\na@x.jp,2\nc@x.jp,3\n", &options, &summary);
  herald_test_assert_counts (&summary, 1, 1, 0, 0, 0);
  assert_list (f, "dry", "email|n\na@x.jp|1\n");
  herald_import_summary_clear (&summary);
}

static char *
make_rows (guint n)
{
  GString *out = g_string_new ("email,name\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "user%u@example.com,User %u\n", i, i);
  g_string_append (out, "bad row\n");
  for (guint i = n; i < 2 * n; i++)
    g_string_append_printf (out, "user%u@example.com,User %u\n", i, i);
  return g_string_free (out, FALSE);
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autofree char *input = make_rows (5000);
  g_autoptr(GError) error = NULL;
  HeraldImportSummary summary = { 0 };

  import_ok (f, "c", "email\nold@x.jp\n", NULL, NULL);
  /* Cancelled halfway (at the bad row): nothing of it lands. */
  f->cancel = g_cancellable_new ();
  g_assert_false (import_bytes (f, "c", input, -1, NULL, &summary, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  herald_import_summary_clear (&summary);
  assert_list (f, "c", "email\nold@x.jp\n");
  g_assert_cmpint (count_rows (f, "contacts"), ==, 1);
  g_assert_cmpint (count_rows (f, "lists"), ==, 1);
}

static void
test_read_error (Fixture *f, gconstpointer data)
{
  g_autofree char *input = make_rows (5000);
  FailingStream *stream = g_object_new (failing_stream_get_type (), NULL);
  g_autoptr(GError) error = NULL;

  import_ok (f, "r", "email\nold@x.jp\n", NULL, NULL);
  stream->bytes = g_bytes_new (input, strlen (input));
  stream->fail_after = strlen (input) / 2;
  g_assert_false (import_stream (f, "r", G_INPUT_STREAM (stream), NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_object_unref (stream);
  /* One transaction: the rows read before the error are rolled back too. */
  assert_list (f, "r", "email\nold@x.jp\n");
  g_assert_cmpint (count_rows (f, "contacts"), ==, 1);
}

static void
test_one_transaction (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* Inside a caller's transaction, the import is a savepoint in it. */
  g_assert_true (herald_store_begin (f->base.store, &error));
  import_ok (f, "t", "email\na@x.jp\n", NULL, NULL);
  assert_list (f, "t", "email\na@x.jp\n");
  herald_store_rollback (f->base.store);
  g_assert_cmpint (count_rows (f, "lists"), ==, 0);

  /* And its own otherwise: committed once, whole. */
  import_ok (f, "t", "email\na@x.jp\nb@x.jp\n", NULL, NULL);
  g_assert_true (sqlite3_get_autocommit (herald_store_get_db (f->base.store)));
  g_assert_cmpint (count_rows (f, "list_members"), ==, 2);
}

static void
test_progress (Fixture *f, gconstpointer data)
{
  g_autofree char *input = make_rows (20000);
  HeraldImportSummary summary = { 0 };

  import_ok (f, "p", input, NULL, &summary);
  herald_test_assert_counts (&summary, 40000, 0, 0, 1, 0);
  g_assert_cmpuint (f->progress_calls, >, 2);
  g_assert_cmpuint (f->progress_done, ==, strlen (input));
  g_assert_cmpuint (f->progress_total, ==, strlen (input));
  g_assert_cmpstr (f->rejects->str, ==,
                   "20002: “bad row” is not a valid email address: it has no @\n");
  herald_import_summary_clear (&summary);
}

/* More rows than one batch: reports in file order, duplicates found
 * within and across batches, the list in file order. */
static void
test_batches (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) input = g_string_new ("email,n\n");
  g_autoptr(GError) error = NULL;
  HeraldImportSummary summary = { 0 };
  sqlite3_stmt *stmt;
  guint64 line = 1;
  guint expected = 0;
  int rc;

  for (guint i = 0; i < 150000; i++)
    {
      line++;
      if (line == 100)
        g_string_append (input, "User0@example.com,dup in batch\n");
      else if (line == 70000)
        g_string_append (input, "not an address,bad\n");
      else if (line == 140000)
        g_string_append (input, "user7919@EXAMPLE.com,dup across batches\n");
      else
        /* Addresses out of order, so that sorting matters. */
        g_string_append_printf (input, "user%u@example.com,%u\n", (i * 7919) % 150000, i);
    }
  import_ok (f, "big", input->str, NULL, &summary);
  herald_test_assert_counts (&summary, 149997, 0, 2, 1, 0);
  g_assert_cmpstr (f->rejects->str, ==,
                   "100: duplicate of line 2\n"
                   "70000: “not an address” is not a valid email address: it has no @\n"
                   "140000: duplicate of line 3\n");

  stmt = herald_store_prepare (f->base.store,
      "SELECT c.email FROM list_members m JOIN contacts c ON c.id = m.contact_id"
      " ORDER BY m.id", &error);
  g_assert_no_error (error);
  line = 1;
  for (guint i = 0; i < 150000; i++)
    {
      g_autofree char *want = NULL;

      line++;
      if (line == 100 || line == 70000 || line == 140000)
        continue;
      want = g_strdup_printf ("user%u@example.com", (i * 7919) % 150000);
      rc = sqlite3_step (stmt);
      g_assert_cmpint (rc, ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, want);
      expected++;
    }
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpuint (expected, ==, 149997);
  herald_import_summary_clear (&summary);
}

static void
test_missing_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  HeraldImportSummary summary = { 0 };

  g_assert_false (herald_import_file (f->base.store, "x", "/nonexistent/file.csv", NULL,
                                      &summary, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/file.csv"));
  herald_import_summary_clear (&summary);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/import/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("utf8", test_utf8);
  ADD ("utf8-bom", test_utf8_bom);
  ADD ("cp932", test_cp932);
  ADD ("eucjp", test_eucjp);
  ADD ("utf16", test_utf16);
  ADD ("semicolon", test_semicolon);
  ADD ("separators", test_separators);
  ADD ("forced", test_forced);
  ADD ("address-forms", test_address_forms);
  ADD ("duplicates", test_duplicates);
  ADD ("suppressed", test_suppressed);
  ADD ("update", test_update);
  ADD ("update-many", test_update_many);
  ADD ("list-fields", test_list_fields);
  ADD ("short-long-rows", test_short_long_rows);
  ADD ("blank-lines", test_blank_lines);
  ADD ("unterminated-quote", test_unterminated_quote);
  ADD ("invalid-byte", test_invalid_byte);
  ADD ("invalid-byte-cp932", test_invalid_byte_cp932);
  ADD ("header-names", test_header_names);
  ADD ("map", test_map);
  ADD ("map-errors", test_map_errors);
  ADD ("no-address-column", test_no_address_column);
  ADD ("headerless", test_headerless);
  ADD ("dry-run", test_dry_run);
  ADD ("cancel", test_cancel);
  ADD ("read-error", test_read_error);
  ADD ("one-transaction", test_one_transaction);
  ADD ("progress", test_progress);
  ADD ("batches", test_batches);
  ADD ("missing-file", test_missing_file);

#undef ADD

  return g_test_run ();
}
