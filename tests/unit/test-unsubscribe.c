/* test-unsubscribe.c — private unsubscribe tokens: made, read back,
 * refused when changed or foreign; no address in any URL of a message
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

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

int
main (int argc, char **argv)
{
  herald_test_init (&argc, &argv);
  g_test_add ("/unsubscribe/make-verify", Fixture, NULL, herald_test_set_up_store, test_make_verify, herald_test_tear_down);
  g_test_add ("/unsubscribe/tampered", Fixture, NULL, herald_test_set_up_store, test_tampered, herald_test_tear_down);
  g_test_add ("/unsubscribe/foreign", Fixture, NULL, herald_test_set_up_store, test_foreign, herald_test_tear_down);
  return g_test_run ();
}
