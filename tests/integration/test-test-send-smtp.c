/* test-test-send-smtp.c — herald_test_message_send() against servers that
 * accept, refuse and never answer: the message goes to the test address
 * only, a refusal is reported with the server's words, and cancelling a
 * send to a silent server ends it at once (not after the timeouts)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Uses tests/integration/smtp-evil-server.py (plain text on loopback).
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>

#include "herald-account.h"
#include "herald-engine.h"
#include "herald-test-send.h"
#include "test-server.h"

static char *tmp_dir;
static char *srcdir;

typedef struct
{
  GSubprocess *process;
  guint        port;
  char        *log;
} Server;

static void
server_start (Server     *server,
              const char *mode)
{
  g_autofree char *script = g_build_filename (srcdir, "integration", "smtp-evil-server.py", NULL);
  g_autofree char *log_name = g_strdup_printf ("evil-%s.log", mode);
  const char *argv[] = { "/usr/bin/python3", script, mode, NULL, NULL };

  server->log = g_build_filename (tmp_dir, log_name, NULL);
  argv[3] = server->log;
  server->process = herald_test_server_spawn (argv, &server->port);
}

static char *
server_stop (Server *server)
{
  char *log = NULL;

  herald_test_server_stop (&server->process);
  if (!g_file_get_contents (server->log, &log, NULL, NULL))
    log = g_strdup ("");
  g_clear_pointer (&server->log, g_free);
  return log;
}

/* A store with one plain-text loopback account on @port, and the
 * message prepared for it (no list: {{ email }} is the test address). */
static HeraldTestMessage *
prepare (const char  *db_name,
         guint        port,
         HeraldStore **out_store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, db_name, NULL);
  g_autoptr(HeraldAccount) account = herald_account_new ();
  HeraldTemplateRecord record = { 0 };
  HeraldTestSendSpec spec = { 0 };
  HeraldTestMessage *message;
  HeraldStore *store;

  store = herald_store_open (path, &error);
  g_assert_no_error (error);
  account->name = g_strdup ("evil");
  account->host = g_strdup ("127.0.0.1");
  account->port = port;
  account->security = HERALD_SECURITY_NONE;
  account->from = g_strdup ("山田商店 <info@example.jp>");
  g_assert_cmpint (herald_account_save (store, account, &error), >, 0);
  g_assert_no_error (error);

  record.name = (char *) "test";
  record.subject = (char *) "{{ email }} 様へ";
  record.html = (char *) "<p>{{ email }} 様</p>";
  spec.record = &record;
  spec.account = "evil";
  spec.to = "me@example.org";
  message = herald_test_message_prepare (store, &spec, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  g_assert_cmpstr (herald_test_message_get_recipient (message), ==, "me@example.org");
  *out_store = store;
  return message;
}

static void
test_accepted (void)
{
  Server server = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestMessage) message = NULL;
  g_autoptr(HeraldStore) store = NULL;
  g_autofree char *log = NULL;

  server_start (&server, "ok");
  message = prepare ("ok.db", server.port, &store);
  g_assert_true (herald_test_message_send (message, NULL, &error));
  g_assert_no_error (error);
  log = server_stop (&server);
  g_assert_nonnull (strstr (log, "C: MAIL FROM:<info@example.jp>"));
  g_assert_nonnull (strstr (log, "C: RCPT TO:<me@example.org>"));
  g_assert_cmpint (g_strstr_len (log, -1, "C: RCPT TO:") - strstr (log, "C: RCPT TO:<me@example.org>"), ==, 0);
  g_assert_nonnull (strstr (log, "C: To: <me@example.org>"));
}

static void
test_refused (void)
{
  Server server = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestMessage) message = NULL;
  g_autoptr(HeraldStore) store = NULL;
  g_autofree char *log = NULL;

  server_start (&server, "rcpt550");
  message = prepare ("refused.db", server.port, &store);
  g_assert_false (herald_test_message_send (message, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, HERALD_TEST_SEND_ERROR, HERALD_TEST_SEND_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "550"));
  log = server_stop (&server);
}

typedef struct
{
  GMainLoop *loop;
  GError    *error;
  gboolean   done;
} Wait;

static void
on_sent_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->done = herald_test_message_send_finish (res, &wait->error) || TRUE;
  g_main_loop_quit (wait->loop);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancelled (void)
{
  Server server = { 0 };
  g_autoptr(HeraldTestMessage) message = NULL;
  g_autoptr(HeraldStore) store = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *log = NULL;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, FALSE };
  gint64 start;

  server_start (&server, "stall-greeting");
  message = prepare ("cancelled.db", server.port, &store);
  start = g_get_monotonic_time ();
  herald_test_message_send_async (message, cancellable, on_sent_cb, &wait);
  g_timeout_add (300, cancel_cb, cancellable);
  g_main_loop_run (wait.loop);
  g_test_message ("cancelled after %.1f s: %s", (g_get_monotonic_time () - start) / 1e6,
                  wait.error != NULL ? wait.error->message : "no error");
  g_assert_true (wait.done);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The greeting timeout is 30 s and more: cancelling did it. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_clear_error (&wait.error);
  g_main_loop_unref (wait.loop);
  log = server_stop (&server);
  g_assert_null (strstr (log, "C: MAIL"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  herald_engine_init ();

  srcdir = g_strdup (g_getenv ("G_TEST_SRCDIR"));
  if (srcdir == NULL)
    srcdir = g_path_get_dirname (g_path_get_dirname (__FILE__));
  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("needs /usr/bin/python3");
      return 77;
    }
  tmp_dir = g_dir_make_tmp ("herald-test-send-XXXXXX", NULL);

  g_test_add_func ("/test-send/smtp/accepted", test_accepted);
  g_test_add_func ("/test-send/smtp/refused", test_refused);
  g_test_add_func ("/test-send/smtp/cancelled", test_cancelled);
  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (tmp_dir, name, NULL);
        g_unlink (child);
      }
    g_rmdir (tmp_dir);
  }
  g_free (tmp_dir);
  g_free (srcdir);
  return status;
}
