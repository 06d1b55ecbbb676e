/* test-unsubscribe.c — private unsubscribe tokens: made, read back,
 * refused when changed or foreign; no address in any URL of a message
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "herald-account.h"
#include "herald-demo.h"
#include "herald-import.h"
#include "herald-merge.h"
#include "herald-unsubscribe.h"
#include "herald-test-fixture.h"

typedef HeraldTestFixture Fixture;

static gboolean
is_base64url (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!(g_ascii_isalnum (*p) || *p == '-' || *p == '_'))
      return FALSE;
  return TRUE;
}

static void
test_make_verify (Fixture       *f,
                  gconstpointer  data)
{
  static const gint64 ids[][2] = {
    { 1, 1 }, { 127, 128 }, { 4242, 7 }, { 1000000, 3 }, { G_MAXINT64, G_MAXINT64 },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldUnsubscribeKey) key = herald_unsubscribe_key_load (f->store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *token = herald_unsubscribe_key_make_token (key, ids[i][0], ids[i][1]);
      g_autofree char *again = herald_unsubscribe_key_make_token (key, ids[i][0], ids[i][1]);
      gint64 contact_id = 0, list_id = 0;

      g_assert_true (is_base64url (token));
      /* Compact: 26 characters for small ids, 50 for the largest. */
      g_assert_cmpuint (strlen (token), >=, 26);
      g_assert_cmpuint (strlen (token), <=, ids[i][0] < 2000000 ? 32 : 50);
      g_assert_cmpstr (token, ==, again);
      g_assert_true (herald_unsubscribe_token_verify (f->store, token, &contact_id, &list_id, &error));
      g_assert_no_error (error);
      g_assert_cmpint (contact_id, ==, ids[i][0]);
      g_assert_cmpint (list_id, ==, ids[i][1]);
    }

  /* Another contact or list: another token, and the ids do not show. */
  {
    g_autofree char *a = herald_unsubscribe_key_make_token (key, 5, 1);
    g_autofree char *b = herald_unsubscribe_key_make_token (key, 6, 1);
    g_autofree char *c = herald_unsubscribe_key_make_token (key, 5, 2);

    g_assert_cmpstr (a, !=, b);
    g_assert_cmpstr (a, !=, c);
    g_assert_cmpint (strncmp (a + 2, b + 2, 20), !=, 0);
  }
}

static void
test_tampered (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldUnsubscribeKey) key = herald_unsubscribe_key_load (f->store, &error);
  g_autofree char *token = herald_unsubscribe_key_make_token (key, 4242, 7);
  static const char *junk[] = {
    "", "A", "AAAA", "not a token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "taro.yamada@example.jp", "dGFyby55YW1hZGFAZXhhbXBsZS5qcA",
  };

  g_assert_no_error (error);

  /* Each character changed, one at a time: refused. */
  for (gsize i = 0; token[i] != '\0'; i++)
    {
      g_autofree char *changed = g_strdup (token);
      gint64 contact_id = -1, list_id = -1;

      changed[i] = changed[i] == 'A' ? 'B' : 'A';
      g_assert_false (herald_unsubscribe_key_verify (key, changed, &contact_id, &list_id, &error));
      g_assert_error (error, HERALD_UNSUBSCRIBE_ERROR, HERALD_UNSUBSCRIBE_ERROR_INVALID);
      g_assert_cmpint (contact_id, ==, -1);
      g_assert_cmpint (list_id, ==, -1);
      g_clear_error (&error);
    }

  /* Cut short, made longer, with padding or standard base64: refused. */
  {
    g_autofree char *shorter = g_strndup (token, strlen (token) - 1);
    g_autofree char *longer = g_strconcat (token, "A", NULL);
    g_autofree char *padded = g_strconcat (token, "==", NULL);

    g_assert_false (herald_unsubscribe_key_verify (key, shorter, NULL, NULL, NULL));
    g_assert_false (herald_unsubscribe_key_verify (key, longer, NULL, NULL, NULL));
    g_assert_false (herald_unsubscribe_key_verify (key, padded, NULL, NULL, NULL));
  }
  for (guint i = 0; i < G_N_ELEMENTS (junk); i++)
    g_assert_false (herald_unsubscribe_key_verify (key, junk[i], NULL, NULL, NULL));
  g_assert_true (herald_unsubscribe_key_verify (key, token, NULL, NULL, NULL));
}

static void
test_foreign (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(HeraldStore) other = herald_store_open (other_path, &error);
  g_autoptr(HeraldUnsubscribeKey) key = NULL, other_key = NULL, again = NULL;
  g_autofree char *token = NULL, *tag = NULL, *other_tag = NULL;

  g_assert_no_error (error);
  key = herald_unsubscribe_key_load (f->store, &error);
  g_assert_no_error (error);
  other_key = herald_unsubscribe_key_load (other, &error);
  g_assert_no_error (error);

  /* Made once per database, kept: the same key the next time. */
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM secrets"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT length(value) FROM secrets"), ==, 32);
  again = herald_unsubscribe_key_load (f->store, &error);
  g_assert_no_error (error);
  token = herald_unsubscribe_key_make_token (key, 12, 3);
  g_assert_true (herald_unsubscribe_key_verify (again, token, NULL, NULL, NULL));

  /* Another database's token is refused. */
  g_assert_false (herald_unsubscribe_token_verify (other, token, NULL, NULL, &error));
  g_assert_error (error, HERALD_UNSUBSCRIBE_ERROR, HERALD_UNSUBSCRIBE_ERROR_INVALID);

  tag = herald_unsubscribe_key_dup_tag (key);
  other_tag = herald_unsubscribe_key_dup_tag (other_key);
  g_assert_cmpuint (strlen (tag), ==, 8);
  g_assert_cmpstr (tag, !=, other_tag);
}

/* Whether @url shows @addr, as it is or percent-encoded (any case). */
static gboolean
url_shows (const char *url,
           const char *addr)
{
  g_autofree char *lower = g_ascii_strdown (url, -1);
  g_autofree char *want = g_ascii_strdown (addr, -1);
  g_autofree char *decoded = g_uri_unescape_string (lower, NULL);
  g_autofree char *twice = decoded != NULL ? g_uri_unescape_string (decoded, NULL) : NULL;
  g_autofree char *escaped = g_uri_escape_string (want, NULL, FALSE);

  return strstr (lower, want) != NULL || strstr (lower, escaped) != NULL ||
         (decoded != NULL && strstr (decoded, want) != NULL) ||
         (twice != NULL && strstr (twice, want) != NULL);
}

/* Checks every URL of @text: no address, and each unsubscribe token names
 * the contact and the list. Returns how many tokens it read. */
static guint
check_urls (HeraldStore *store,
            const char  *text,
            const char  *addr,
            gint64       contact_id,
            gint64       list_id)
{
  g_autoptr(GRegex) url_re = g_regex_new ("(?:https?://|mailto:)[^\\s<>\"')]+", G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GRegex) token_re = g_regex_new ("(?:[?&](?:amp;)?t=|unsubscribe%20|^mailto:[^@+]*\\+)([A-Za-z0-9_-]+)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint n_tokens = 0;

  g_regex_match (url_re, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *url = g_match_info_fetch (match, 0);
      g_autoptr(GMatchInfo) token_match = NULL;

      if (url_shows (url, addr))
        g_error ("%s is in the URL %s", addr, url);
      if (g_regex_match (token_re, url, 0, &token_match))
        {
          g_autofree char *token = g_match_info_fetch (token_match, 1);
          g_autoptr(GError) error = NULL;
          gint64 got_contact = 0, got_list = 0;

          g_assert_true (herald_unsubscribe_token_verify (store, token, &got_contact, &got_list, &error));
          g_assert_no_error (error);
          g_assert_cmpint (got_contact, ==, contact_id);
          g_assert_cmpint (got_list, ==, list_id);
          n_tokens++;
        }
      g_match_info_next (match, NULL);
    }
  return n_tokens;
}

static void
check_list (Fixture    *f,
            const char *list_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplateRecord) record = herald_templates_find (f->store, HERALD_DEMO_TEMPLATE, &error);
  g_autoptr(HeraldAccount) account = herald_account_load (f->store, HERALD_OUTBOX_ACCOUNT, &error);
  gint64 list_id = herald_store_find_list (f->store, list_name, &error);
  g_autoptr(HeraldContactCursor) cursor = herald_contact_cursor_new (f->store, list_id, &error);
  g_autoptr(HeraldMerge) merge = NULL;
  HeraldMergeRow r = { cursor, NULL };
  guint n = 0;

  g_assert_no_error (error);
  /* Any field: the hostile list has not the sample's columns. */
  merge = herald_merge_new_for_account (record, account, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (herald_merge_check_unsubscribe (merge, account->name, &error));
  g_assert_true (herald_merge_load_list (merge, f->store, list_id, &error));
  g_assert_no_error (error);

  while ((r.row = herald_contact_cursor_next (cursor, &error)) != NULL)
    {
      const HeraldMergeRecipient to = herald_merge_row_recipient (&r);
      g_autoptr(GBytes) message = herald_merge_compose (merge, &to, "<1@example.com>", 0, &error);
      g_autofree char *headers = NULL;
      HeraldRendered out = { 0 };
      const char *data;
      gsize size;

      g_assert_no_error (error);
      /* The headers as sent; the bodies as rendered (the message encodes them). */
      data = g_bytes_get_data (message, &size);
      headers = g_strndup (data, strstr (data, "\r\n\r\n") - data);
      g_assert_nonnull (strstr (headers, "List-Id:"));
      g_assert_cmpuint (check_urls (f->store, headers, r.row->email, r.row->contact_id, list_id), ==, 2);
      g_assert_true (herald_merge_render (merge, &to, &out, &error));
      g_assert_cmpuint (check_urls (f->store, out.html, r.row->email, r.row->contact_id, list_id), >=, 1);
      g_assert_cmpuint (check_urls (f->store, out.text, r.row->email, r.row->contact_id, list_id), >=, 1);
      herald_rendered_clear (&out);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, >=, 5);
}

/* No message Herald composes shows a recipient's address in a URL: the
 * sample list and a hostile one, the sample newsletter (an unsubscribe
 * link in its footer), the Outbox with a link and an address. */
static void
test_no_address_in_urls (Fixture       *f,
                         gconstpointer  data)
{
  static const char hostile[] =
    "email,name\n"
    "taro.yamada@example.jp,Taro\n"
    "o'brien+news@example.com,O'Brien\n"
    "Mixed.Case@Example.COM,Mixed\n"
    "a_b-c@sub.example.org,\"a, b\"\n"
    "\"quoted local\"@example.net,Quoted\n"
    "percent%sign@example.com,Percent\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (hostile, -1, NULL);
  HeraldImportOptions options = { .encoding = "utf-8", .delimiter = "," };
  HeraldImportSummary summary = { 0 };

  herald_test_exec (f->store, "UPDATE accounts SET unsubscribe_mailto = 'mailto:unsubscribe@example.com'"
                              " WHERE name = 'outbox'");
  g_assert_true (herald_import_stream (f->store, "hostile", stream, &options, &summary, NULL, &error));
  g_assert_no_error (error);
  herald_import_summary_clear (&summary);

  check_list (f, HERALD_DEMO_LIST);
  check_list (f, "hostile");
  herald_test_exec (f->store, "UPDATE accounts SET unsubscribe_token_in = 'address' WHERE name = 'outbox'");
  check_list (f, "hostile");
}

/* A database of version 4 (the one before the tokens): migrating it makes the secrets table,
 * the token column, and gives an Outbox with no unsubscribe method the
 * example link (the Outbox cannot be edited). */
static void
test_upgrade (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldStore) again = NULL;
  g_autoptr(HeraldAccount) outbox = NULL;

  /* A database as Herald left it at schema 4, before unsubscribe links:
   * the Outbox with no link, and an SMTP account. */
  herald_test_fixture_back_to_schema (f, 4);
  herald_test_exec (f->store, "INSERT INTO accounts (name, kind, from_addr, rate_per_second, connections)"
                              " VALUES ('outbox', 'outbox', 'Herald Outbox <outbox@localhost>', 0, 1)");
  herald_test_exec (f->store, "INSERT INTO accounts (name, kind, host, from_addr) VALUES ('smtp', 'smtp', 'h', 'a@example.jp')");
  g_clear_pointer (&f->store, herald_store_close);

  again = herald_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (herald_test_query_int (again, "PRAGMA user_version"), ==, HERALD_STORE_SCHEMA_VERSION);
  outbox = herald_account_load (again, HERALD_OUTBOX_ACCOUNT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (outbox->unsubscribe_url, ==, HERALD_OUTBOX_UNSUBSCRIBE_URL);
  g_assert_false (outbox->unsubscribe_token_in_address);
  /* Another account's settings are its own. */
  g_assert_cmpint (herald_test_query_int (again, "SELECT count(*) FROM accounts WHERE name = 'smtp'"
                                                 " AND unsubscribe_url IS NULL"), ==, 1);
  g_assert_cmpint (herald_test_query_int (again, "SELECT count(*) FROM secrets"), ==, 0);
}

int
main (int argc, char **argv)
{
  herald_test_init (&argc, &argv);
  g_test_add ("/unsubscribe/make-verify", Fixture, NULL, herald_test_set_up_store, test_make_verify, herald_test_tear_down);
  g_test_add ("/unsubscribe/tampered", Fixture, NULL, herald_test_set_up_store, test_tampered, herald_test_tear_down);
  g_test_add ("/unsubscribe/foreign", Fixture, NULL, herald_test_set_up_store, test_foreign, herald_test_tear_down);
  g_test_add ("/unsubscribe/upgrade", Fixture, NULL, herald_test_set_up_store, test_upgrade, herald_test_tear_down);
  g_test_add ("/unsubscribe/no-address-in-urls", Fixture, NULL, herald_test_set_up_demo, test_no_address_in_urls, herald_test_tear_down);
  return g_test_run ();
}
