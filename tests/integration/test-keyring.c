/* test-keyring.c — account passwords in the Secret Service
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run through keyring-session.sh: with GNOME Keyring in a private D-Bus
 * session (HERALD_KEYRING_MODE=present), on a bus without any Secret
 * Service (absent), or with no session bus at all (nobus).
 */
#include "config.h"

#include <string.h>
#include <libsecret/secret.h>

#include "herald-account.h"
#include "herald-engine.h"

static const char *mode;

/* ---- with a keyring --------------------------------------------------- */

static void
test_store_lookup_clear (void)
{
  g_autoptr(GError) error = NULL;
  const char *password = "pässwörd 秘密 \"quoted\"";
  char *found;

  g_assert_true (herald_keyring_store_password ("shop", password, NULL, &error));
  g_assert_no_error (error);

  found = herald_keyring_lookup_password ("shop", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, password);
  herald_password_free (found);

  /* Another account's password is not this one's. */
  found = herald_keyring_lookup_password ("other", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found);

  /* Storing again replaces it. */
  g_assert_true (herald_keyring_store_password ("shop", "new-one", NULL, &error));
  found = herald_keyring_lookup_password ("shop", NULL, &error);
  g_assert_cmpstr (found, ==, "new-one");
  herald_password_free (found);

  g_assert_true (herald_keyring_clear_password ("shop", NULL, &error));
  g_assert_no_error (error);
  found = herald_keyring_lookup_password ("shop", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found);

  /* Clearing what is not there is fine. */
  g_assert_true (herald_keyring_clear_password ("shop", NULL, &error));
  g_assert_no_error (error);
}

/* Other programs (Seahorse, secret-tool) find it under Herald's schema. */
static void
test_schema (void)
{
  static const SecretSchema schema = {
    "io.github.heraldmail.Herald.Account", SECRET_SCHEMA_NONE,
    { { "account", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } }
  };
  g_autoptr(GError) error = NULL;
  char *found;

  g_assert_true (herald_keyring_store_password ("schema-check", "abc", NULL, &error));
  found = secret_password_lookup_sync (&schema, NULL, &error, "account", "schema-check", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "abc");
  secret_password_free (found);
  herald_keyring_clear_password ("schema-check", NULL, NULL);
}

static void
on_lookup_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GError *error = NULL;
  char **out = user_data;

  *out = herald_keyring_lookup_password_finish (result, &error);
  g_assert_no_error (error);
  if (*out == NULL)
    *out = g_strdup ("(none)");
}

static void
on_store_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GError *error = NULL;
  gboolean *done = user_data;

  g_assert_true (herald_keyring_store_password_finish (result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_async (void)
{
  gboolean stored = FALSE;
  char *found = NULL;

  herald_keyring_store_password_async ("async", "from-a-thread", NULL, on_store_done_cb, &stored);
  while (!stored)
    g_main_context_iteration (NULL, TRUE);
  herald_keyring_lookup_password_async ("async", NULL, on_lookup_done_cb, &found);
  while (found == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (found, ==, "from-a-thread");
  herald_password_free (found);
  herald_keyring_clear_password ("async", NULL, NULL);
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (herald_keyring_store_password ("cancelled", "x", cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ---- without one ------------------------------------------------------ */

static void
test_no_keyring (void)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  char *found;

  herald_keyring_set_timeout (3000);
  g_assert_false (herald_keyring_store_password ("shop", "pw", NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, HERALD_KEYRING_ERROR, HERALD_KEYRING_ERROR_NO_KEYRING);
  g_assert_true (strstr (error->message, "No keyring is running") != NULL);
  g_assert_true (strstr (error->message, "GNOME Keyring") != NULL);
  g_clear_error (&error);

  found = herald_keyring_lookup_password ("shop", NULL, &error);
  g_assert_null (found);
  g_assert_error (error, HERALD_KEYRING_ERROR, HERALD_KEYRING_ERROR_NO_KEYRING);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* A Secret Service that never answers (stuck on a prompt): each call
 * gives up at the timeout with a message, instead of hanging. */
static void
test_silent_keyring (void)
{
  g_autofree char *script = NULL;
  g_autoptr(GSubprocess) service = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  gint64 start;
  char *found;

  script = srcdir != NULL ? g_build_filename (srcdir, "integration", "silent-secret-service.py", NULL)
                          : g_build_filename (g_path_get_dirname (__FILE__), "silent-secret-service.py", NULL);
  service = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              "/usr/bin/python3", script, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (service));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  if (g_strcmp0 (line, "READY") != 0)
    {
      g_test_skip ("cannot start a stand-in Secret Service (needs python3-gi)");
      return;
    }

  herald_keyring_set_timeout (1500);
  start = g_get_monotonic_time ();
  g_assert_false (herald_keyring_store_password ("shop", "pw", NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, HERALD_KEYRING_ERROR, HERALD_KEYRING_ERROR_TIMED_OUT);
  g_assert_true (strstr (error->message, "did not answer within 2 seconds") != NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
  g_clear_error (&error);

  start = g_get_monotonic_time ();
  found = herald_keyring_lookup_password ("shop", NULL, &error);
  g_assert_null (found);
  g_assert_error (error, HERALD_KEYRING_ERROR, HERALD_KEYRING_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);

  g_output_stream_close (g_subprocess_get_stdin_pipe (service), NULL, NULL);
  g_subprocess_wait (service, NULL, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  herald_engine_init ();

  mode = g_getenv ("HERALD_KEYRING_MODE");
  if (mode == NULL)
    {
      g_printerr ("test-keyring: run me through keyring-session.sh present|absent\n");
      return 77;
    }

  if (g_str_equal (mode, "present"))
    {
      g_test_add_func ("/keyring/store-lookup-clear", test_store_lookup_clear);
      g_test_add_func ("/keyring/schema", test_schema);
      g_test_add_func ("/keyring/async", test_async);
      g_test_add_func ("/keyring/cancelled", test_cancelled);
    }
  else
    {
      g_autofree char *path = g_strdup_printf ("/keyring/%s/clear-message", mode);

      g_test_add_func (path, test_no_keyring);
      if (g_str_equal (mode, "absent"))
        g_test_add_func ("/keyring/absent/silent-service-times-out", test_silent_keyring);
    }
  return g_test_run ();
}
