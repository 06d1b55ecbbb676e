/* test-smtp-common.c — what the SMTP transport's test programs share
 * (test-smtp.c: delivery through aiosmtpd; test-smtp-faults.c: a server
 * that breaks the protocol on purpose)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "herald-engine.h"
#include "herald-message.h"
#include "test-server.h"
#include "test-smtp-common.h"

char *tmp_dir;
char *cert;
char *key;
char *srcdir;

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

static void
make_certificate (void)
{
  g_autofree char *subject_alt = g_strdup ("subjectAltName=DNS:localhost,IP:127.0.0.1");
  const char *argv[] = {
    "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", NULL, "-out", NULL,
    "-days", "2", "-subj", "/CN=localhost", "-addext", NULL, NULL
  };
  g_autoptr(GError) error = NULL;
  int status = 0;

  cert = g_build_filename (tmp_dir, "cert.pem", NULL);
  key = g_build_filename (tmp_dir, "key.pem", NULL);
  argv[7] = key;
  argv[9] = cert;
  argv[15] = subject_alt;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

void
server_start (Server      *server,
              const char  *script,
              const char  *name,
              const char **extra)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  server->log = g_build_filename (tmp_dir, name, NULL);
  g_unlink (server->log);
  g_ptr_array_add (argv, g_strdup ("/usr/bin/python3"));
  g_ptr_array_add (argv, g_build_filename (srcdir, "integration", script, NULL));
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra[i]));
  g_ptr_array_add (argv, NULL);
  server->process = herald_test_server_spawn ((const char * const *) argv->pdata, &server->port);
}

void
server_stop (Server *server)
{
  if (server->process == NULL)
    return;
  herald_test_server_stop (&server->process);
  g_clear_pointer (&server->log, g_free);
  g_clear_pointer (&server->maildir, g_free);
}

void
start_evil (Server     *server,
            const char *mode)
{
  g_autofree char *log_name = g_strdup_printf ("evil-%s.log", mode);
  g_autofree char *log = g_build_filename (tmp_dir, log_name, NULL);
  const char *args[] = { mode, log, "--cert", cert, "--key", key, NULL };

  server_start (server, "smtp-evil-server.py", log_name, args);
}

char *
read_log (const Server *server)
{
  char *text = NULL;

  /* The server writes its log from another thread: give it a moment. */
  g_usleep (100 * 1000);
  if (!g_file_get_contents (server->log, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

guint
count_lines_with (const char *text,
                  const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      n++;
  return n;
}

HeraldAccount *
make_account (HeraldSecurity security,
              guint          port)
{
  HeraldAccount *account = herald_account_new ();

  account->name = g_strdup ("test");
  account->host = g_strdup ("127.0.0.1");
  account->port = port;
  account->security = security;
  account->from = g_strdup ("山田商店 <info@example.jp>");
  account->response_timeout = 5;
  account->connect_timeout = 5;
  if (security != HERALD_SECURITY_NONE)
    {
      account->username = g_strdup (USER);
      account->ca_file = g_strdup (cert);
    }
  return account;
}

HeraldTransport *
open_transport (const HeraldAccount *account,
                const char          *password)
{
  g_autoptr(GError) error = NULL;
  HeraldTransport *transport = herald_transport_new_for_account (account, password, &error);

  g_assert_no_error (error);
  herald_transport_open (transport, NULL, &error);
  g_assert_no_error (error);
  return transport;
}

GBytes *
simple_message (const char *rcpt)
{
  HeraldMessageSpec spec = {
    .from = "Herald <info@example.jp>",
    .to_addr = rcpt,
    .subject = "Hello",
    .html = "<p>Hello</p>\n",
    .text = "Hello\n",
  };
  g_autoptr(GError) error = NULL;
  GBytes *bytes = herald_message_compose (&spec, &error);

  g_assert_no_error (error);
  return bytes;
}
/* Returns 0, or 77 (skip) when python3 or openssl is missing. */
static int
smtp_test_init (int    *argc,
                char ***argv)
{
  g_autofree char *openssl = NULL;

  g_test_init (argc, argv, NULL);
  herald_engine_init ();

  srcdir = g_strdup (g_getenv ("G_TEST_SRCDIR"));
  if (srcdir == NULL)
    srcdir = g_path_get_dirname (g_path_get_dirname (__FILE__));
  openssl = g_find_program_in_path ("openssl");
  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE) || openssl == NULL)
    {
      g_test_skip ("needs /usr/bin/python3 with aiosmtpd and openssl");
      return 77;
    }
  tmp_dir = g_dir_make_tmp ("herald-smtp-XXXXXX", NULL);
  make_certificate ();
  return 0;
}

static void
smtp_test_cleanup (void)
{
  remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (cert);
  g_free (key);
  g_free (srcdir);
}

int
smtp_test_main (int    *argc,
                char ***argv,
                void  (*add_tests) (void),
                void  (*finish) (void))
{
  int status = smtp_test_init (argc, argv);

  if (status != 0)
    return status;
  add_tests ();
  status = g_test_run ();
  if (finish != NULL)
    finish ();
  smtp_test_cleanup ();
  return status;
}
