/* test-consent.c — consent records: the words and dates an import reads,
 * the rule that merges a row into a stored record, imports (columns found
 * by name and values, or mapped; the whole import's source and date;
 * blanks; the undo), campaigns that leave decliners out, and a person's
 * consent changed by hand
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "herald-base.h"
#include "herald-campaign.h"
#include "herald-consent.h"
#include "herald-import.h"
#include "herald-import-consent.h"
#include "herald-import-undo.h"
#include "herald-store-private.h"
#include "herald-test-fixture.h"

/* ---- the words -------------------------------------------------------- */

/* What each word means: every word of herald-consent-words.c's lists, as
 * shop systems write them, beside its opposite where it has one; variants
 * (case, full width, spaces) that fold to them; words that say neither.
 * Written out here, not taken from the engine, so that a word moved to
 * the wrong list fails. */
#define GIVEN    HERALD_CONSENT_ANSWER_GIVEN
#define DECLINED HERALD_CONSENT_ANSWER_DECLINED
#define NEITHER  HERALD_CONSENT_ANSWER_NONE

static const struct
{
  const char          *word;
  HeraldConsentAnswer  answer;
} answers[] = {
  /* numbers, booleans, switches */
  { "1", GIVEN }, { "0", DECLINED }, { "yes", GIVEN }, { "no", DECLINED },
  { "y", GIVEN }, { "n", DECLINED }, { "true", GIVEN }, { "false", DECLINED },
  { "t", GIVEN }, { "f", DECLINED }, { "on", GIVEN }, { "off", DECLINED },
  { "ok", GIVEN }, { "ng", DECLINED },
  /* subscriptions and opt-ins */
  { "subscribed", GIVEN }, { "unsubscribed", DECLINED }, { "notsubscribed", DECLINED },
  { "subscribe", GIVEN }, { "unsubscribe", DECLINED },
  { "optin", GIVEN }, { "optout", DECLINED }, { "optedin", GIVEN }, { "optedout", DECLINED },
  { "accept", GIVEN }, { "accepted", GIVEN }, { "accepts", GIVEN },
  { "decline", DECLINED }, { "declined", DECLINED }, { "refused", DECLINED },
  { "agree", GIVEN }, { "agreed", GIVEN },
  /* 希望 (wish) */
  { "希望", GIVEN }, { "希望する", GIVEN }, { "希望します", GIVEN }, { "希望あり", GIVEN },
  { "希望しない", DECLINED }, { "希望しません", DECLINED }, { "希望なし", DECLINED },
  { "不希望", DECLINED }, { "非希望", DECLINED },
  /* 購読 (subscription) */
  { "購読", GIVEN }, { "購読する", GIVEN }, { "購読中", GIVEN }, { "購読希望", GIVEN },
  { "非購読", DECLINED }, { "購読しない", DECLINED }, { "未購読", DECLINED }, { "購読停止", DECLINED },
  /* 受信, 受け取る (receive) */
  { "受信", GIVEN }, { "受信する", GIVEN }, { "受信しない", DECLINED },
  { "受け取る", GIVEN }, { "受取る", GIVEN }, { "受け取らない", DECLINED }, { "受取らない", DECLINED },
  /* 配信 (delivery) */
  { "配信", GIVEN }, { "配信する", GIVEN }, { "配信希望", GIVEN },
  { "配信停止", DECLINED }, { "配信しない", DECLINED }, { "配信不要", DECLINED },
  /* 許可, 同意 (permission, consent) */
  { "許可", GIVEN }, { "許可する", GIVEN }, { "許可しない", DECLINED }, { "不許可", DECLINED },
  { "拒否", DECLINED },
  { "同意", GIVEN }, { "同意する", GIVEN }, { "同意済", GIVEN }, { "同意済み", GIVEN },
  { "同意しない", DECLINED }, { "不同意", DECLINED },
  /* yes and no, needed or not, marks */
  { "はい", GIVEN }, { "いいえ", DECLINED }, { "する", GIVEN }, { "しない", DECLINED },
  { "要", GIVEN }, { "必要", GIVEN }, { "不要", DECLINED }, { "可", GIVEN }, { "不可", DECLINED },
  { "否", DECLINED },
  { "○", GIVEN }, { "◯", GIVEN }, { "〇", GIVEN }, { "×", DECLINED }, { "✕", DECLINED }, { "✖", DECLINED },
  /* variants that fold to a word above */
  { "YES", GIVEN }, { "Yes", GIVEN }, { "TRUE", GIVEN }, { "Ｙｅｓ", GIVEN }, { "１", GIVEN },
  { " yes ", GIVEN }, { "Opt-in", GIVEN }, { "opt_in", GIVEN }, { "SUBSCRIBED", GIVEN },
  { "希望 する", GIVEN },
  { "NO", DECLINED }, { "False", DECLINED }, { "０", DECLINED }, { "Not Subscribed", DECLINED },
  { "not_subscribed", DECLINED }, { "Opt-Out", DECLINED }, { "ＮＯ", DECLINED },
  /* neither: blank, unknown, or more than a word */
  { "", NEITHER }, { " ", NEITHER }, { "maybe", NEITHER }, { "2", NEITHER },
  { "yes please", NEITHER }, { "pending", NEITHER }, { "weekly", NEITHER },
  { "はいはい", NEITHER }, { "未定", NEITHER }, { "-", NEITHER }, { "10", NEITHER },
  { "nope", NEITHER }, { "希望する?", NEITHER },
};

static void
test_answers (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_test_message ("“%s”", answers[i].word);
      g_assert_cmpint (herald_consent_parse_answer (answers[i].word, -1), ==, answers[i].answer);
    }
  /* A length is honoured; invalid UTF-8 is no answer. */
  g_assert_cmpint (herald_consent_parse_answer ("yesterday", 3), ==, HERALD_CONSENT_ANSWER_GIVEN);
  g_assert_cmpint (herald_consent_parse_answer ("\xff\xfe", 2), ==, HERALD_CONSENT_ANSWER_NONE);
}

static gint64
local_day (int y, int m, int d)
{
  g_autoptr(GDateTime) t = g_date_time_new_local (y, m, d, 0, 0, 0);
  return g_date_time_to_unix (t);
}

static void
test_dates (void)
{
  static const char * const oct1[] = {
    "2026-10-01", "2026/10/01", "2026/10/1", "2026年10月1日", "令和8年10月1日", "R8.10.1",
    "２０２６／１０／０１", "2026/10/01 13:45", "2026-10-01T09:00",
  };
  static const char * const bad[] = { "", "soon", "10/01/2026", "2026-13-01", "2026-02-30", "令和" };

  for (gsize i = 0; i < G_N_ELEMENTS (oct1); i++)
    {
      g_test_message ("date: “%s”", oct1[i]);
      g_assert_cmpint (herald_consent_parse_at (oct1[i], -1), ==, local_day (2026, 10, 1));
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("not a date: “%s”", bad[i]);
      g_assert_cmpint (herald_consent_parse_at (bad[i], -1), ==, 0);
    }
}

/* ---- the rule --------------------------------------------------------- */

static void
assert_merge (const HeraldConsent    *old,
              const HeraldConsentRow *row,
              gint64                  at,
              const char             *source,
              gboolean                is_declined)
{
  g_auto(HeraldConsent) out = { 0 };

  herald_consent_merge (old, row, &out);
  g_assert_cmpint (out.at, ==, at);
  g_assert_cmpstr (out.source, ==, source);
  g_assert_cmpint (out.declined, ==, is_declined);
}

static void
test_merge (void)
{
  HeraldConsent none = { 0 };
  HeraldConsent recorded = { 100, (char *) "web form", FALSE };
  HeraldConsent said_no = { 0, NULL, TRUE };
  HeraldConsentRow row;

  /* Nothing in the row: the record stays. */
  row = (HeraldConsentRow) { 0 };
  assert_merge (&none, &row, 0, NULL, FALSE);
  assert_merge (&recorded, &row, 100, "web form", FALSE);
  assert_merge (&said_no, &row, 0, NULL, TRUE);
  /* The row's own values win. */
  row = (HeraldConsentRow) { .at = 200, .source = "shop" };
  assert_merge (&recorded, &row, 200, "shop", FALSE);
  /* Blanks keep, unless they clear. */
  row = (HeraldConsentRow) { .clear_at = TRUE };
  assert_merge (&recorded, &row, 0, "web form", FALSE);
  row = (HeraldConsentRow) { .clear_source = TRUE };
  assert_merge (&recorded, &row, 100, NULL, FALSE);
  /* The whole import's values fill an empty record only… */
  row = (HeraldConsentRow) { .default_at = 300, .default_source = "counter" };
  assert_merge (&none, &row, 300, "counter", FALSE);
  assert_merge (&recorded, &row, 100, "web form", FALSE);
  /* …never a decliner's, nor one who declines in this row. */
  assert_merge (&said_no, &row, 0, NULL, TRUE);
  row = (HeraldConsentRow) { .answer = HERALD_CONSENT_ANSWER_DECLINED, .default_at = 300,
                             .default_source = "counter", .fallback_source = "said yes" };
  assert_merge (&none, &row, 0, NULL, TRUE);
  assert_merge (&recorded, &row, 100, "web form", TRUE);
  /* A yes: not declined any more; the column names itself as the source
   * when nothing else says how. */
  row = (HeraldConsentRow) { .answer = HERALD_CONSENT_ANSWER_GIVEN, .fallback_source = "said yes" };
  assert_merge (&said_no, &row, 0, "said yes", FALSE);
  assert_merge (&recorded, &row, 100, "web form", FALSE);
  row = (HeraldConsentRow) { .answer = HERALD_CONSENT_ANSWER_GIVEN, .default_source = "counter",
                             .fallback_source = "said yes" };
  assert_merge (&none, &row, 0, "counter", FALSE);
  /* A row's own date with the import's source. */
  row = (HeraldConsentRow) { .answer = HERALD_CONSENT_ANSWER_GIVEN, .at = 50, .default_at = 300,
                             .default_source = "counter" };
  assert_merge (&none, &row, 50, "counter", FALSE);
}

/* ---- imports ---------------------------------------------------------- */

typedef struct
{
  HeraldTestFixture  base;
  GPtrArray         *warnings;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  herald_test_fixture_init (&f->base, HERALD_TEST_STORE);
  f->warnings = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_ptr_array_unref (f->warnings);
  herald_test_fixture_clear (&f->base);
}

static void
on_warning (guint64     line,
            const char *reason,
            gpointer    user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->warnings, g_strdup_printf ("%" G_GUINT64_FORMAT ": %s", line, reason));
}

/* Every contact as “email|day|source|declined|fields”, by address; the
 * day in the local time zone, as the import read it. */
static char *
dump_contacts (Fixture *f)
{
  sqlite3_stmt *stmt = herald_store_prepare (f->base.store,
      "SELECT email, consent_at, consent_source, consent_declined, fields FROM contacts ORDER BY email",
      NULL);
  GString *out = g_string_new (NULL);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *day = NULL;

      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        {
          g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (sqlite3_column_int64 (stmt, 1));
          day = g_date_time_format (t, "%Y-%m-%d");
        }
      g_string_append_printf (out, "%s|%s|%s|%d|%s\n", sqlite3_column_text (stmt, 0),
                              day != NULL ? day : "-",
                              sqlite3_column_type (stmt, 2) != SQLITE_NULL
                                ? (const char *) sqlite3_column_text (stmt, 2) : "-",
                              sqlite3_column_int (stmt, 3), sqlite3_column_text (stmt, 4));
    }
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

static void
assert_contacts (Fixture    *f,
                 const char *expected)
{
  g_autofree char *dump = dump_contacts (f);

  g_assert_cmpstr (dump, ==, expected);
}

static char *
list_fields (Fixture    *f,
             const char *list)
{
  g_auto(GStrv) fields = herald_store_dup_list_fields (f->base.store,
                                                       herald_store_find_list (f->base.store, list, NULL),
                                                       NULL);
  return g_strjoinv (",", fields);
}

/* A shop's export: the answer column found by its name and values, the
 * date and the way by their names; none of them becomes a field. */
static void
test_import_columns (Fixture       *f,
                     gconstpointer  data)
{
  HeraldImportSummary s = { 0 };
  g_autofree char *fields = NULL;

  herald_test_import_text (f->base.store, "shop",
                           "メールアドレス,氏名,メルマガ希望,同意日,同意方法\n"
                           "a@x.jp,一郎,希望する,2026/10/01,店頭\n"
                           "b@x.jp,二郎,希望しない,,\n"
                           "c@x.jp,三郎,,,\n"
                           "d@x.jp,四郎,購読,令和8年9月3日,\n"
                           "e@x.jp,五郎,非購読,2026/08/01,web\n"
                           "f@x.jp,六郎,たぶん,いつか,\n",
                           NULL, on_warning, f, &s);
  herald_test_assert_counts (&s, 6, 0, 0, 0, 0);
  g_assert_cmpuint (s.declined, ==, 2);
  g_assert_cmpuint (s.consent_unread, ==, 2);
  g_assert_cmpstr (s.consent_column, ==, "メルマガ希望");
  g_assert_cmpuint (f->warnings->len, ==, 1);
  g_assert_true (g_str_has_prefix (f->warnings->pdata[0], "7: a consent cell was not understood"));
  assert_contacts (f,
    "a@x.jp|2026-10-01|店頭|0|{\"氏名\":\"一郎\"}\n"
    "b@x.jp|-|-|1|{\"氏名\":\"二郎\"}\n"
    "c@x.jp|-|-|0|{\"氏名\":\"三郎\"}\n"
    "d@x.jp|2026-09-03|said yes in the column “メルマガ希望” of an imported file|0|{\"氏名\":\"四郎\"}\n"
    "e@x.jp|2026-08-01|web|1|{\"氏名\":\"五郎\"}\n"
    "f@x.jp|-|-|0|{\"氏名\":\"六郎\"}\n");
  fields = list_fields (f, "shop");
  g_assert_cmpstr (fields, ==, "氏名");
  herald_import_summary_clear (&s);
}

/* Shopify's two columns: e-mail marketing is consent, SMS marketing is
 * another channel and stays a field; a "newsletter" column whose values
 * are not answers stays a field too. */
static void
test_import_other_columns (Fixture       *f,
                           gconstpointer  data)
{
  HeraldImportSummary s = { 0 };
  g_autofree char *fields = NULL;
  g_autofree char *fields2 = NULL;

  herald_test_import_text (f->base.store, "shopify",
                           "Email,First Name,Accepts Email Marketing,Accepts SMS Marketing\n"
                           "a@x.jp,Ann,yes,no\n"
                           "b@x.jp,Bob,no,yes\n",
                           NULL, on_warning, f, &s);
  herald_test_assert_counts (&s, 2, 0, 0, 0, 0);
  g_assert_cmpuint (s.declined, ==, 1);
  assert_contacts (f,
    "a@x.jp|-|said yes in the column “Accepts Email Marketing” of an imported file|0|"
      "{\"First Name\":\"Ann\",\"Accepts SMS Marketing\":\"no\"}\n"
    "b@x.jp|-|-|1|{\"First Name\":\"Bob\",\"Accepts SMS Marketing\":\"yes\"}\n");
  fields = list_fields (f, "shopify");
  g_assert_cmpstr (fields, ==, "First Name,Accepts SMS Marketing");
  herald_import_summary_clear (&s);

  herald_test_import_text (f->base.store, "plain", "email,newsletter\nc@x.jp,weekly\n",
                           NULL, on_warning, f, &s);
  g_assert_null (s.consent_column);
  fields2 = list_fields (f, "plain");
  g_assert_cmpstr (fields2, ==, "newsletter");
  herald_import_summary_clear (&s);
}

/* --map names the columns, whatever they are called. */
static void
test_import_map (Fixture       *f,
                 gconstpointer  data)
{
  const char * const map[] = { "Opt=consent", "When=consent_at", "How=consent_source", NULL };
  HeraldImportOptions options = { .map = map };
  HeraldImportSummary s = { 0 };
  g_autofree char *fields = NULL;

  herald_test_import_text (f->base.store, "L",
                           "email,name,Opt,When,How\n"
                           "a@x.jp,A,1,2026/10/01,phone\n"
                           "b@x.jp,B,0,2026/10/02,phone\n"
                           "c@x.jp,C,x,,\n",
                           &options, on_warning, f, &s);
  herald_test_assert_counts (&s, 3, 0, 0, 0, 0);
  g_assert_cmpuint (s.declined, ==, 1);
  g_assert_cmpuint (s.consent_unread, ==, 1);
  assert_contacts (f,
    "a@x.jp|2026-10-01|phone|0|{\"name\":\"A\"}\n"
    "b@x.jp|2026-10-02|phone|1|{\"name\":\"B\"}\n"
    "c@x.jp|-|-|0|{\"name\":\"C\"}\n");
  fields = list_fields (f, "L");
  g_assert_cmpstr (fields, ==, "name");
  herald_import_summary_clear (&s);
}

/* The whole import's source and date fill the records nobody kept, and
 * neither a decliner's nor a record that exists. */
static void
test_import_whole (Fixture       *f,
                   gconstpointer  data)
{
  HeraldImportOptions options = { .consent_source = "signed up at the shop counter, 2026-10",
                                  .consent_at = local_day (2026, 10, 1) };
  HeraldImportSummary s = { 0 };

  herald_test_import_text (f->base.store, "L", "email,name,consent_source\nkept@x.jp,K,web form\n",
                           NULL, on_warning, f, &s);
  herald_import_summary_clear (&s);
  herald_test_import_text (f->base.store, "L",
                           "email,name,メルマガ\n"
                           "kept@x.jp,K,\n"
                           "new@x.jp,N,\n"
                           "no@x.jp,O,いいえ\n",
                           &options, on_warning, f, &s);
  herald_test_assert_counts (&s, 2, 0, 0, 0, 0);
  g_assert_cmpuint (s.declined, ==, 1);
  assert_contacts (f,
    "kept@x.jp|-|web form|0|{\"name\":\"K\"}\n"
    "new@x.jp|2026-10-01|signed up at the shop counter, 2026-10|0|{\"name\":\"N\"}\n"
    "no@x.jp|-|-|1|{\"name\":\"O\"}\n");
  herald_import_summary_clear (&s);
}

/* A second import: blank cells keep the record, a changed answer counts
 * as an update, --blank-clears clears; each undo puts back exactly the
 * record before, and a later change by hand stops the undo. */
static void
test_import_update_undo (Fixture       *f,
                         gconstpointer  data)
{
  static const char first[] =
    "email,name,メルマガ希望,同意日,同意方法\n"
    "a@x.jp,A,希望する,2026/10/01,店頭\n"
    "b@x.jp,B,希望する,2026/10/02,web\n"
    "c@x.jp,C,希望しない,,\n";
  static const char after_first[] =
    "a@x.jp|2026-10-01|店頭|0|{\"name\":\"A\"}\n"
    "b@x.jp|2026-10-02|web|0|{\"name\":\"B\"}\n"
    "c@x.jp|-|-|1|{\"name\":\"C\"}\n";
  HeraldImportOptions clears = { .blank_clears = TRUE };
  HeraldImportSummary s = { 0 };
  HeraldImportUndo undo = { 0 };
  g_autoptr(GError) error = NULL;

  herald_test_import_text (f->base.store, "L", first, NULL, on_warning, f, &s);
  herald_import_summary_clear (&s);
  assert_contacts (f, after_first);

  /* Blanks keep; b declines now; c agrees now; a unchanged. */
  herald_test_import_text (f->base.store, "L",
                           "email,name,メルマガ希望,同意日,同意方法\n"
                           "a@x.jp,A,,,\n"
                           "b@x.jp,B,希望しない,,\n"
                           "c@x.jp,C,希望する,2026/11/01,電話\n",
                           NULL, on_warning, f, &s);
  herald_test_assert_counts (&s, 0, 2, 0, 0, 0);
  g_assert_cmpuint (s.declined, ==, 1);
  g_assert_cmpstr (s.changed_fields[0], ==, "consent");
  g_assert_cmpuint (s.changed_field_counts[0], ==, 2);
  herald_import_summary_clear (&s);
  assert_contacts (f,
    "a@x.jp|2026-10-01|店頭|0|{\"name\":\"A\"}\n"
    "b@x.jp|2026-10-02|web|1|{\"name\":\"B\"}\n"
    "c@x.jp|2026-11-01|電話|0|{\"name\":\"C\"}\n");
  g_assert_true (herald_import_undo (f->base.store, "L", &undo, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (undo.contacts_restored, ==, 2);
  assert_contacts (f, after_first);

  /* With --blank-clears an empty date or way clears it; a name change
   * and a consent change on one contact are one update. */
  herald_test_import_text (f->base.store, "L",
                           "email,name,メルマガ希望,同意日,同意方法\n"
                           "a@x.jp,A2,,,\n"
                           "b@x.jp,B,,2026/10/02,\n",
                           &clears, on_warning, f, &s);
  herald_test_assert_counts (&s, 0, 2, 0, 0, 0);
  herald_import_summary_clear (&s);
  assert_contacts (f,
    "a@x.jp|-|-|0|{\"name\":\"A2\"}\n"
    "b@x.jp|2026-10-02|-|0|{\"name\":\"B\"}\n"
    "c@x.jp|-|-|1|{\"name\":\"C\"}\n");

  /* A change by hand since: the undo is refused and names it. */
  g_assert_true (herald_consent_set (f->base.store, "a@x.jp", HERALD_CONSENT_ANSWER_DECLINED, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (herald_import_undo (f->base.store, "L", &undo, &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "a@x.jp (consent)"));
  g_clear_error (&error);
  /* Put back as the import left it: the undo goes through. */
  herald_test_exec (f->base.store, "UPDATE contacts SET consent_declined = 0 WHERE email = 'a@x.jp'");
  g_assert_true (herald_import_undo (f->base.store, "L", &undo, &error));
  g_assert_no_error (error);
  assert_contacts (f, after_first);
}

/* An import that changes only the consent record of a contact whose
 * fields someone else wrote (JSON not in SQLite's own form) is undone too:
 * the fields are compared with what they were, not re-rendered. */
static void
test_undo_consent_only (Fixture       *f,
                        gconstpointer  data)
{
  HeraldImportSummary s = { 0 };
  HeraldImportUndo undo = { 0 };
  g_autoptr(GError) error = NULL;

  herald_test_import_text (f->base.store, "L", "email,name\na@x.jp,A\n", NULL, on_warning, f, NULL);
  herald_test_exec (f->base.store, "UPDATE contacts SET fields = '{ \"name\" : \"A\\u0041\" }'");
  herald_test_import_text (f->base.store, "L", "email,name,メルマガ希望\na@x.jp,,希望しない\n", NULL, on_warning, f, &s);
  herald_test_assert_counts (&s, 0, 1, 0, 0, 0);
  herald_import_summary_clear (&s);
  assert_contacts (f, "a@x.jp|-|-|1|{ \"name\" : \"A\\u0041\" }\n");
  g_assert_true (herald_import_undo (f->base.store, "L", &undo, &error));
  g_assert_no_error (error);
  assert_contacts (f, "a@x.jp|-|-|0|{ \"name\" : \"A\\u0041\" }\n");
}

/* A database of version 9 (before consent records): its contacts come
 * out of the migration with unknown consent, not declined, and a later
 * import and its undo work on them. */
static void
test_upgrade (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HeraldImportUndo undo = { 0 };

  /* A list as Herald left it at schema 9, before consent records. */
  herald_test_fixture_back_to_schema (&f->base, 9);
  herald_test_exec (f->base.store,
                    "INSERT INTO lists (id, name, fields) VALUES (1, 'L', '[\"name\"]');"
                    " INSERT INTO contacts (id, email, fields) VALUES (1, 'a@x.jp', '{\"name\":\"A\"}'),"
                    "                                              (2, 'b@x.jp', '{\"name\":\"B\"}');"
                    " INSERT INTO list_members (list_id, contact_id) VALUES (1, 1), (1, 2);");
  g_clear_pointer (&f->base.store, herald_store_close);
  f->base.store = herald_store_open (f->base.path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (herald_test_query_int (f->base.store, "PRAGMA user_version"), ==, HERALD_STORE_SCHEMA_VERSION);
  assert_contacts (f,
    "a@x.jp|-|-|0|{\"name\":\"A\"}\n"
    "b@x.jp|-|-|0|{\"name\":\"B\"}\n");

  herald_test_import_text (f->base.store, "L", "email,メルマガ希望\na@x.jp,いいえ\n", NULL, on_warning, f, NULL);
  assert_contacts (f,
    "a@x.jp|-|-|1|{\"name\":\"A\"}\n"
    "b@x.jp|-|-|0|{\"name\":\"B\"}\n");
  g_assert_true (herald_import_undo (f->base.store, "L", &undo, &error));
  g_assert_no_error (error);
  assert_contacts (f,
    "a@x.jp|-|-|0|{\"name\":\"A\"}\n"
    "b@x.jp|-|-|0|{\"name\":\"B\"}\n");
}

/* By hand: declined, then given again with a source (the engine's clock
 * when no time was recorded), then with a date. */
static void
test_set (Fixture       *f,
          gconstpointer  data)
{
  g_auto(HeraldConsent) c = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 before;

  herald_test_import_text (f->base.store, "L", "email,name\na@x.jp,A\n", NULL, on_warning, f, NULL);
  g_assert_true (herald_consent_get (f->base.store, "A@X.JP", &c, &error));
  g_assert_cmpint (c.at, ==, 0);
  g_assert_null (c.source);
  g_assert_false (c.declined);
  herald_consent_clear (&c);

  g_assert_true (herald_consent_set (f->base.store, "a@x.jp", HERALD_CONSENT_ANSWER_DECLINED, 0, NULL, &error));
  g_assert_true (herald_consent_get (f->base.store, "a@x.jp", &c, &error));
  g_assert_true (c.declined);
  g_assert_cmpint (c.at, ==, 0);
  herald_consent_clear (&c);

  before = herald_now_seconds ();
  g_assert_true (herald_consent_set (f->base.store, "a@x.jp", HERALD_CONSENT_ANSWER_GIVEN, 0, "phone call", &error));
  g_assert_true (herald_consent_get (f->base.store, "a@x.jp", &c, &error));
  g_assert_no_error (error);
  g_assert_false (c.declined);
  g_assert_cmpstr (c.source, ==, "phone call");
  /* The engine's clock, which HERALD_NOW moves. */
  g_assert_cmpint (c.at, >=, before);
  g_assert_cmpint (c.at, <=, herald_now_seconds ());
  herald_consent_clear (&c);

  /* Given again with a date: that date; the source stays. */
  g_assert_true (herald_consent_set (f->base.store, "a@x.jp", HERALD_CONSENT_ANSWER_GIVEN,
                                     local_day (2026, 10, 1), NULL, &error));
  g_assert_true (herald_consent_get (f->base.store, "a@x.jp", &c, &error));
  g_assert_cmpint (c.at, ==, local_day (2026, 10, 1));
  g_assert_cmpstr (c.source, ==, "phone call");
  herald_consent_clear (&c);

  g_assert_false (herald_consent_set (f->base.store, "nobody@x.jp", HERALD_CONSENT_ANSWER_GIVEN, 0, NULL, &error));
  g_assert_error (error, HERALD_CONSENT_ERROR, HERALD_CONSENT_ERROR_NO_CONTACT);
}

/* A campaign leaves decliners out, counted with the suppressed, and the
 * check counts who has no record. */
static void
test_campaign (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HeraldCampaignSummary summary = { 0 };
  HeraldCampaignSpec spec = { .name = "c", .template_name = "t", .list_name = "L", .account_name = "outbox" };
  guint64 without = 0, n_declined = 0;
  gint64 id;

  g_assert_true (herald_store_ensure_outbox (f->base.store, &error));
  herald_test_exec (f->base.store, "INSERT INTO templates (name, subject, html) VALUES ('t', 'Hi', '<p>Hi</p>')");
  herald_test_import_text (f->base.store, "L",
                           "email,メルマガ希望,同意日\n"
                           "a@x.jp,希望する,2026/10/01\n"
                           "b@x.jp,希望しない,\n"
                           "c@x.jp,,\n"
                           "d@x.jp,,\n",
                           NULL, on_warning, f, NULL);
  id = herald_campaign_create (f->base.store, &spec, &summary, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_recipients, ==, 3);
  g_assert_cmpuint (summary.n_declined, ==, 1);
  g_assert_cmpuint (summary.n_suppressed, ==, 0);
  g_assert_cmpint (herald_test_query_int (f->base.store, "SELECT n_suppressed FROM campaigns"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->base.store,
                   "SELECT count(*) FROM deliveries WHERE email = 'b@x.jp'"), ==, 0);
  g_assert_true (herald_consent_count_campaign (f->base.store, id, &without, &n_declined, &error));
  g_assert_cmpuint (without, ==, 2);
  g_assert_cmpuint (n_declined, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/consent/answers", test_answers);
  g_test_add_func ("/consent/dates", test_dates);
  g_test_add_func ("/consent/merge", test_merge);

#define ADD(path, func) \
  g_test_add ("/consent/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("import-columns", test_import_columns);
  ADD ("import-other-columns", test_import_other_columns);
  ADD ("import-map", test_import_map);
  ADD ("import-whole", test_import_whole);
  ADD ("import-update-undo", test_import_update_undo);
  ADD ("undo-consent-only", test_undo_consent_only);
  ADD ("upgrade", test_upgrade);
  ADD ("set", test_set);
  ADD ("campaign", test_campaign);

#undef ADD

  return g_test_run ();
}
