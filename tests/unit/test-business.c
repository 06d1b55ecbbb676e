/* test-business.c — the sender's business details: stored once, shown by
 * the sender_* merge fields, checked before sending; and every starter
 * template's footer showing all three of them and the unsubscribe link
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "herald-account.h"
#include "herald-business.h"
#include "herald-demo.h"
#include "herald-merge.h"
#include "herald-starters.h"
#include "herald-template.h"
#include "herald-test-fixture.h"
#include "herald-text.h"

typedef HeraldTestFixture Fixture;

static void
save (HeraldStore *store,
      const char  *name,
      const char  *address,
      const char  *contact)
{
  g_autoptr(GError) error = NULL;
  HeraldBusiness business = { (char *) name, (char *) address, (char *) contact };

  g_assert_true (herald_business_save (store, &business, &error));
  g_assert_no_error (error);
}

static void
test_store (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldBusiness) empty = herald_business_load (f->store, &error);
  g_autoptr(HeraldBusiness) stored = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (empty->name, ==, "");
  g_assert_cmpstr (empty->address, ==, "");
  g_assert_cmpstr (empty->contact, ==, "");

  /* Trimmed, and on one line: a footer's line, and a header's value. */
  save (f->store, "  ヘラルド文具店\n", "〒100-0001\r\n東京都千代田区\t1-1", "info@example.jp");
  save (f->store, "  ヘラルド文具店 & Co.\n", "〒100-0001\r\n東京都千代田区\t1-1", "03-1234-5678");
  stored = herald_business_load (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->name, ==, "ヘラルド文具店 & Co.");
  g_assert_cmpstr (stored->address, ==, "〒100-0001  東京都千代田区 1-1");
  g_assert_cmpstr (stored->contact, ==, "03-1234-5678");
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM business_details"), ==, 1);
  g_assert_cmpstr (herald_business_get_value (stored, "sender_address"), ==, stored->address);
  g_assert_null (herald_business_get_value (stored, "name"));
}

static const char *
lookup_name (const char *field,
             gpointer    user_data)
{
  return g_str_equal (field, "name") ? "山田 太郎" : NULL;
}

static char *
render_html (Fixture                    *f,
             const HeraldTemplateRecord *record,
             gboolean                    load_list)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldAccount) account = herald_account_load (f->store, HERALD_OUTBOX_ACCOUNT, &error);
  const char * const fields[] = { "name", NULL };
  g_autoptr(HeraldMerge) merge = herald_merge_new_for_account (record, account, fields, &error);
  HeraldRendered out = { 0 };
  char *html;

  /* The sender_* fields are built in: a list without such columns takes them. */
  g_assert_no_error (error);
  if (load_list)
    g_assert_true (herald_merge_load_list (merge, f->store, herald_store_find_list (f->store, HERALD_DEMO_LIST, NULL), &error));
  g_assert_true (herald_merge_render (merge, &(HeraldMergeRecipient) { "taro@example.jp", 0, lookup_name, NULL }, &out, &error));
  g_assert_no_error (error);
  html = g_steal_pointer (&out.html);
  herald_rendered_clear (&out);
  return html;
}

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  HeraldTemplateRecord record = {
    .name = (char *) "t",
    .subject = (char *) "{{ sender_name }}より",
    .html = (char *) "<p>{{ name }}様</p><p>{{ sender_name }}</p><p>{{ sender_address }}</p>"
                     "<a href=\"mailto:x@example.jp\">{{ sender_contact }}</a>",
  };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  before = render_html (f, &record, TRUE);
  g_assert_cmpstr (before, ==, "<p>山田 太郎様</p><p></p><p></p><a href=\"mailto:x@example.jp\"></a>");
  save (f->store, "A&B <Shop>", "1-1 Chiyoda", "info@example.jp");
  after = render_html (f, &record, TRUE);
  /* Escaped for where they stand, like any value. */
  g_assert_cmpstr (after, ==, "<p>山田 太郎様</p><p>A&amp;B &lt;Shop&gt;</p><p>1-1 Chiyoda</p>"
                              "<a href=\"mailto:x@example.jp\">info@example.jp</a>");
}

static void
test_check (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fields = NULL;
  HeraldTemplateRecord shows = {
    .name = (char *) "shows",
    .subject = (char *) "{{ sender_address }}",
    .html = (char *) "<p>{{ sender_name }}</p>{{#if sender_contact}}<p>{{ sender_contact }}</p>{{/if}}",
  };
  HeraldTemplateRecord hides = {
    .name = (char *) "hides",
    .subject = (char *) "News",
    .html = (char *) "<p>Herald, 1-1 Chiyoda</p>",
  };

  /* Nothing set: the two shown unconditionally are named; the guarded one is not. */
  g_assert_false (herald_template_check_business (f->store, &shows, &fields, &error));
  g_assert_error (error, HERALD_MERGE_ERROR, HERALD_MERGE_ERROR_NO_BUSINESS_DETAILS);
  g_assert_cmpstr (fields, ==, "sender_name,sender_address");
  g_assert_nonnull (strstr (error->message, "“shows”"));
  g_assert_nonnull (strstr (error->message, "the postal address"));
  g_assert_nonnull (strstr (error->message, "Preferences"));
  g_clear_error (&error);
  g_clear_pointer (&fields, g_free);

  g_assert_true (herald_template_check_business (f->store, &hides, &fields, &error));
  g_assert_no_error (error);
  g_assert_null (fields);

  save (f->store, "Herald", "", "");
  g_assert_false (herald_template_check_business (f->store, &shows, &fields, &error));
  g_assert_cmpstr (fields, ==, "sender_address");
  g_clear_error (&error);
  g_clear_pointer (&fields, g_free);
  save (f->store, "Herald", "1-1 Chiyoda", "");
  g_assert_true (herald_template_check_business (f->store, &shows, &fields, &error));
  g_assert_no_error (error);
}

/* Every starter, in both languages: it compiles, its footer shows all
 * three business details (nothing set: all three named) and the
 * unsubscribe link, and its text part says them too. */
static void
test_starters (Fixture       *f,
               gconstpointer  data)
{
  const HeraldStarter *starters;
  guint n;

  starters = herald_starters_get (&n);
  g_assert_cmpuint (n, >=, 4);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; herald_starter_languages[j] != NULL; j++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(HeraldTemplateRecord) record = herald_starter_dup_record (starters[i].name, herald_starter_languages[j], &error);
        g_autofree char *fields = NULL;
        g_autofree char *text = NULL;
        g_autoptr(HeraldTemplate) html = NULL;
        g_autoptr(HeraldTemplate) plain = NULL;

        g_test_message ("%s.%s", starters[i].name, herald_starter_languages[j]);
        g_assert_no_error (error);
        g_assert_false (herald_template_check_business (f->store, record, &fields, &error));
        g_assert_cmpstr (fields, ==, "sender_name,sender_address,sender_contact");
        g_clear_error (&error);

        html = herald_template_compile (record->html, HERALD_TEMPLATE_CONTEXT_HTML, NULL, &error);
        g_assert_no_error (error);
        g_assert_true (herald_template_shows_field (html, "unsubscribe_url"));
        text = herald_text_from_html_for_merge (record->html, -1);
        plain = herald_template_compile (text, HERALD_TEMPLATE_CONTEXT_TEXT, NULL, &error);
        g_assert_no_error (error);
        for (guint k = 0; herald_business_fields[k] != NULL; k++)
          g_assert_true (herald_template_shows_field (plain, herald_business_fields[k]));
        g_assert_true (herald_template_shows_field (plain, "unsubscribe_url"));
      }

  /* Unknown names are refused, saying what there is. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HeraldTemplateRecord) none = herald_starter_dup_record ("nope", "ja", &error);

    g_assert_null (none);
    g_assert_error (error, HERALD_STARTER_ERROR, HERALD_STARTER_ERROR_UNKNOWN);
    g_clear_error (&error);
    none = herald_starter_dup_record ("sale", "fr", &error);
    g_assert_error (error, HERALD_STARTER_ERROR, HERALD_STARTER_ERROR_UNKNOWN_LANGUAGE);
  }
}

/* The window's "blank" and "html": one page for both languages, each
 * language's words in its slots (NAME.LANG.ini), none left unfilled. */
static void
test_plain_starters (Fixture       *f,
                     gconstpointer  data)
{
  static const struct { const char *name, *language, *words[4]; } expect[] = {
    { "blank", "en", { "<html lang=\"en\">", "<title>News</title>", "Hello {{ name | \"there\" }},",
                       "              Contact: {{ sender_contact }}\n" } },
    { "blank", "ja", { "<html lang=\"ja\">", "<title>お知らせ</title>", "{{ name | \"お客\" }}様",
                       "how to stop it (特定電子メール法) -->" } },
    { "html", "en", { "<html lang=\"en\">", "unsubscribe link (the merge field unsubscribe_url). -->", "<body>\n</body>" } },
    { "html", "ja", { "<html lang=\"ja\">", "<meta charset=\"utf-8\">", "<body>\n</body>" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HeraldTemplateRecord) record = herald_starter_dup_record (expect[i].name, expect[i].language, &error);

      g_test_message ("%s.%s", expect[i].name, expect[i].language);
      g_assert_no_error (error);
      g_assert_null (record->blocks);
      g_assert_true (g_str_has_prefix (record->html, "<!DOCTYPE html>\n<!--"));
      g_assert_true (g_str_has_suffix (record->html, "</body>\n</html>"));
      g_assert_null (strchr (record->html, '@'));
      for (guint k = 0; k < G_N_ELEMENTS (expect[i].words) && expect[i].words[k] != NULL; k++)
        g_assert_nonnull (strstr (record->html, expect[i].words[k]));
      if (g_str_equal (expect[i].name, "blank"))
        {
          g_autofree char *fields = NULL;

          g_assert_false (herald_template_check_business (f->store, record, &fields, &error));
          g_assert_cmpstr (fields, ==, "sender_name,sender_address,sender_contact");
        }
    }
}

/* The gallery's names: "Newsletter", then "Newsletter 2" …; a template
 * of that name is never replaced. */
static void
test_unique_names (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_cmpint (herald_starter_add_unique (f->store, "Newsletter", "newsletter", "en", &first, &error), >, 0);
  g_assert_cmpint (herald_starter_add_unique (f->store, "Newsletter", "blank", "en", &second, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "Newsletter");
  g_assert_cmpstr (second, ==, "Newsletter 2");
  g_assert_cmpint (herald_starter_add (f->store, "Newsletter", "sale", "ja", &error), ==, -1);
  g_assert_error (error, HERALD_STARTER_ERROR, HERALD_STARTER_ERROR_NAME_TAKEN);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM templates WHERE name = 'Newsletter'"
                                                    " AND html LIKE '%New arrivals%'"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  herald_test_init (&argc, &argv);

  g_test_add ("/business/store", Fixture, NULL, herald_test_set_up_store, test_store, herald_test_tear_down);
  g_test_add ("/business/merge", Fixture, NULL, herald_test_set_up_demo, test_merge, herald_test_tear_down);
  g_test_add ("/business/check", Fixture, NULL, herald_test_set_up_store, test_check, herald_test_tear_down);
  g_test_add ("/business/starters", Fixture, NULL, herald_test_set_up_store, test_starters, herald_test_tear_down);
  g_test_add ("/business/plain-starters", Fixture, NULL, herald_test_set_up_store, test_plain_starters, herald_test_tear_down);
  g_test_add ("/business/unique-names", Fixture, NULL, herald_test_set_up_store, test_unique_names, herald_test_tear_down);
  return g_test_run ();
}
