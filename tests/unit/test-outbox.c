/* test-outbox.c — the Outbox Maildir transport, and the account records
 * (the Outbox is the built-in account)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "herald-account.h"
#include "herald-engine.h"
#include "herald-message.h"
#include "herald-outbox.h"
#include "herald-store.h"
#include "herald-test-fixture.h"
#include "herald-transport.h"

typedef struct
{
  HeraldTestFixture  base;     /* a store in a temporary folder */
  char              *outbox;   /* the Maildir, not yet made */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  herald_test_fixture_init (&f->base, HERALD_TEST_STORE);
  f->outbox = g_build_filename (f->base.dir, "outbox", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  herald_test_fixture_clear (&f->base);
  g_free (f->outbox);
}

static guint
count_files (const char *maildir,
             const char *sub)
{
  g_autofree char *path = g_build_filename (maildir, sub, NULL);
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static GBytes *
message_for (const char *rcpt)
{
  HeraldMessageSpec spec = {
    .from = "Herald <outbox@localhost>", .to_addr = rcpt, .to_name = "山田 太郎",
    .subject = "テスト", .html = "<p>こんにちは</p>\n", .text = "こんにちは\n",
  };
  g_autoptr(GError) error = NULL;
  GBytes *bytes = herald_message_compose (&spec, &error);

  g_assert_no_error (error);
  return bytes;
}

static void
test_one_file (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(HeraldTransport) transport = herald_outbox_transport_new (f->outbox);
  g_autoptr(GBytes) message = message_for ("taro@example.com");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  HeraldOutcome outcome;
  const char *path;
  gsize len;

  g_assert_true (herald_transport_open (transport, NULL, &error));
  g_assert_no_error (error);
  herald_transport_send (transport, "bounce@example.jp", "taro@example.com", message, NULL, &outcome);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_ACCEPTED);
  g_assert_cmpint (outcome.code, ==, 250);
  g_assert_cmpstr (outcome.enhanced, ==, "2.0.0");
  g_assert_null (outcome.message);
  /* The reply the results show says that nobody received it. */
  g_assert_true (g_str_has_prefix (outcome.reply, "250 2.0.0 Saved in the Outbox (not sent to anyone) as new/"));
  herald_outcome_clear (&outcome);

  g_assert_cmpuint (count_files (f->outbox, "new"), ==, 1);
  g_assert_cmpuint (count_files (f->outbox, "tmp"), ==, 0);
  g_assert_cmpuint (count_files (f->outbox, "cur"), ==, 0);

  path = herald_outbox_transport_get_last_path (transport);
  g_assert_nonnull (path);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (g_str_has_prefix (contents, "Return-Path: <bounce@example.jp>\r\nX-Original-To: <taro@example.com>\r\n"));
  g_assert_cmpmem (contents + len - g_bytes_get_size (message), g_bytes_get_size (message),
                   g_bytes_get_data (message, NULL), g_bytes_get_size (message));
  herald_transport_close (transport);
}

static void
test_many_unique (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HeraldTransport) transport = herald_outbox_transport_new (f->outbox);
  g_autoptr(GBytes) message = message_for ("a@example.com");

  g_assert_true (herald_transport_open (transport, NULL, NULL));
  for (guint i = 0; i < 50; i++)
    {
      HeraldOutcome outcome;

      herald_transport_send (transport, "b@example.jp", "a@example.com", message, NULL, &outcome);
      g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_ACCEPTED);
      herald_outcome_clear (&outcome);
    }
  g_assert_cmpuint (count_files (f->outbox, "new"), ==, 50);
  g_assert_cmpuint (count_files (f->outbox, "tmp"), ==, 0);
}

static void
test_bare_lf_made_crlf (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(HeraldTransport) transport = herald_outbox_transport_new (f->outbox);
  g_autoptr(GBytes) message = g_bytes_new_static ("Subject: x\n\nline\n.\n", 19);
  g_autofree char *contents = NULL;
  HeraldOutcome outcome;

  g_assert_true (herald_transport_open (transport, NULL, NULL));
  herald_transport_send (transport, "b@example.jp", "a@example.com", message, NULL, &outcome);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_ACCEPTED);
  herald_outcome_clear (&outcome);
  g_assert_true (g_file_get_contents (herald_outbox_transport_get_last_path (transport), &contents, NULL, NULL));
  g_assert_true (g_str_has_suffix (contents, "\r\nSubject: x\r\n\r\nline\r\n.\r\n"));
}

static void
test_envelope_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(HeraldTransport) transport = herald_outbox_transport_new (f->outbox);
  g_autoptr(GBytes) message = message_for ("a@example.com");
  HeraldOutcome outcome;

  g_assert_true (herald_transport_open (transport, NULL, NULL));
  herald_transport_send (transport, "b@example.jp", "a@example.com>\r\nX-Evil: 1", message, NULL, &outcome);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_PERMANENT);
  g_assert_nonnull (outcome.message);
  herald_outcome_clear (&outcome);
  herald_transport_send (transport, "b@example.jp\n", "a@example.com", message, NULL, &outcome);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_ACCOUNT_FAULT);
  g_assert_cmpint (outcome.fault, ==, HERALD_TRANSPORT_ERROR_CONFIG);
  herald_outcome_clear (&outcome);
  g_assert_cmpuint (count_files (f->outbox, "new"), ==, 0);
}

static void
test_unwritable (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (f->base.dir, "blocker", NULL);
  g_autofree char *inside = g_build_filename (blocker, "outbox", NULL);
  g_autoptr(HeraldTransport) transport = herald_outbox_transport_new (inside);
  g_autoptr(GError) error = NULL;

  /* A file where a folder should be: fails even for root. */
  g_assert_true (g_file_set_contents (blocker, "", 0, NULL));
  g_assert_false (herald_transport_open (transport, NULL, &error));
  g_assert_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_LOCAL);
  g_assert_true (strstr (error->message, "Outbox") != NULL);
}

/* ---- account records -------------------------------------------------- */

static void
test_account_for_outbox (Fixture       *f,
                         gconstpointer  data)
{
  HeraldStore *store = f->base.store;
  g_autoptr(HeraldAccount) outbox = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GBytes) message = message_for ("a@example.com");
  g_autoptr(GError) error = NULL;
  HeraldOutcome outcome;

  g_assert_nonnull (store);
  outbox = herald_account_load (store, HERALD_OUTBOX_ACCOUNT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outbox->kind, ==, HERALD_ACCOUNT_OUTBOX);

  /* HERALD_OUTBOX picks the folder when the account names none. */
  g_setenv ("HERALD_OUTBOX", f->outbox, TRUE);
  transport = herald_transport_new_for_account (outbox, NULL, &error);
  g_unsetenv ("HERALD_OUTBOX");
  g_assert_no_error (error);
  g_assert_true (herald_transport_open (transport, NULL, &error));
  herald_transport_send (transport, "outbox@localhost", "a@example.com", message, NULL, &outcome);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_ACCEPTED);
  herald_outcome_clear (&outcome);
  g_assert_cmpuint (count_files (f->outbox, "new"), ==, 1);

  g_assert_false (herald_account_delete (store, HERALD_OUTBOX_ACCOUNT, &error));
  g_assert_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_BUILT_IN);
}

static void
test_account_records (Fixture       *f,
                      gconstpointer  data)
{
  HeraldStore *store = f->base.store;
  g_autoptr(HeraldAccount) account = herald_account_new ();
  g_autoptr(HeraldAccount) loaded = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  account->name = g_strdup ("shop");
  account->host = g_strdup ("smtp.example.com");
  account->security = HERALD_SECURITY_TLS;
  account->username = g_strdup ("news@example.com");
  account->from = g_strdup ("山田商店 <news@example.com>");
  account->connections = 2;
  account->daily_cap = 500;
  g_assert_true (herald_account_set_rate (account, "2.5/s", NULL));
  g_assert_true (herald_account_set_rate (account, "100/min", NULL));
  g_assert_true (herald_account_set_rate (account, "2000/h", NULL));
  g_assert_true (herald_account_set_unsubscribe (account, "mailto:u@example.com", NULL));
  g_assert_true (herald_account_set_unsubscribe (account, "https://example.com/u", NULL));
  g_assert_false (herald_account_set_unsubscribe (account, "http://example.com/u", NULL));
  g_assert_false (herald_account_set_rate (account, "fast", NULL));
  g_assert_false (herald_account_set_rate (account, "5/day", NULL));

  id = herald_account_save (store, account, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  loaded = herald_account_load (store, "shop", &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->id, ==, id);
  g_assert_cmpstr (loaded->host, ==, "smtp.example.com");
  g_assert_cmpuint (herald_account_get_port (loaded), ==, 465);
  g_assert_cmpint (loaded->security, ==, HERALD_SECURITY_TLS);
  g_assert_cmpstr (loaded->from, ==, "山田商店 <news@example.com>");
  g_assert_cmpfloat (loaded->rate_per_second, ==, 2.5);
  g_assert_cmpint (loaded->rate_per_minute, ==, 100);
  g_assert_cmpint (loaded->rate_per_hour, ==, 2000);
  g_assert_cmpint (loaded->daily_cap, ==, 500);
  g_assert_cmpuint (loaded->connections, ==, 2);
  g_assert_cmpstr (loaded->unsubscribe_mailto, ==, "mailto:u@example.com");
  g_assert_cmpstr (loaded->unsubscribe_url, ==, "https://example.com/u");

  /* A second account of the same name is refused. */
  g_assert_cmpint (herald_account_save (store, account, &error), <, 0);
  g_assert_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_EXISTS);
  g_clear_error (&error);

  /* Updating by id. */
  g_free (loaded->host);
  loaded->host = g_strdup ("mail.example.com");
  g_assert_cmpint (herald_account_save (store, loaded, &error), ==, id);
  g_clear_pointer (&loaded, herald_account_free);
  loaded = herald_account_load_by_id (store, id, &error);
  g_assert_cmpstr (loaded->host, ==, "mail.example.com");

  all = herald_account_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);   /* the Outbox and "shop" */

  g_assert_true (herald_account_delete (store, "shop", &error));
  g_assert_null (herald_account_load (store, "shop", &error));
  g_assert_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (herald_account_delete (store, "shop", &error));
  g_assert_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_NOT_FOUND);
}

static void
test_account_validation (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(HeraldAccount) account = herald_account_new ();
  g_autoptr(GError) error = NULL;
  static const char * const loopback[] = { "localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]" };
  static const char * const remote[] = { "smtp.example.com", "10.0.0.1", "192.168.1.1", "localhost.example.com", "::ffff:8.8.8.8" };

  account->name = g_strdup ("x");
  account->from = g_strdup ("x@example.com");
  account->security = HERALD_SECURITY_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (loopback); i++)
    {
      g_free (account->host);
      account->host = g_strdup (loopback[i]);
      g_assert_true (herald_account_validate (account, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (remote); i++)
    {
      g_free (account->host);
      account->host = g_strdup (remote[i]);
      g_assert_false (herald_account_validate (account, &error));
      g_assert_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID);
      g_clear_error (&error);
    }

  account->security = HERALD_SECURITY_STARTTLS;
  g_assert_true (herald_account_validate (account, NULL));
  g_free (account->from);
  account->from = g_strdup ("Shop <x@example.com>\r\nBcc: y@example.com");
  g_assert_false (herald_account_validate (account, NULL));
  g_free (account->from);
  account->from = g_strdup ("x@example.com");
  account->ca_file = g_strdup ("/nonexistent/ca.pem");
  g_assert_false (herald_account_validate (account, &error));
  g_assert_true (strstr (error->message, "/nonexistent/ca.pem") != NULL);
  g_clear_error (&error);
  g_clear_pointer (&account->ca_file, g_free);
  g_free (account->host);
  account->host = g_strdup ("smtp.example.com/evil");
  g_assert_false (herald_account_validate (account, NULL));
}

int
main (int    argc,
      char **argv)
{
  herald_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/outbox/one-file-in-new", test_one_file);
  ADD ("/outbox/many-unique-names", test_many_unique);
  ADD ("/outbox/bare-lf-made-crlf", test_bare_lf_made_crlf);
  ADD ("/outbox/envelope-refused", test_envelope_refused);
  ADD ("/outbox/unwritable", test_unwritable);
  ADD ("/outbox/account", test_account_for_outbox);
  ADD ("/account/records", test_account_records);
  ADD ("/account/validation", test_account_validation);
#undef ADD
  return g_test_run ();
}
