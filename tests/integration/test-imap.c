/* test-imap.c — the IMAP client against a real Dovecot on loopback
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by imap-dovecot.sh, which starts Dovecot (dovecot-server.sh),
 * delivers the messages named on the command line into its Maildir and
 * sets IMAP_PORT (STARTTLS), IMAPS_PORT, IMAP_PW, IMAP_CA, IMAP_MAILDIR
 * and IMAP_DOVECONF.
 *
 * What Herald fetched is compared with the delivered files byte for byte
 * once each bare LF of the file is made CRLF and each NUL byte 0x80: IMAP
 * sends CRLF, and a NUL is not allowed in what it sends, so Dovecot keeps
 * the file as delivered and converts both when it sends. The flags are
 * read with doveadm, beside the client under test.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>

#include "herald-engine.h"
#include "herald-imap.h"

#define KEYWORD "$HeraldRead"

static char **delivered;   /* the files imap-dovecot.sh delivered, in order */
static guint n_delivered;
static guint port;
static guint tls_port;
static const char *password;
static const char *ca_file;
static const char *maildir;
static const char *doveconf;

/* ---- helpers ---------------------------------------------------------- */

static HeraldImapConfig
config (void)
{
  HeraldImapConfig cfg = {
    .host = "localhost",
    .port = port,
    .security = HERALD_IMAP_SECURITY_STARTTLS,
    .user = "herald",
    .password = password,
    .ca_file = ca_file,
    .connect_timeout = 10,
    .response_timeout = 20,
  };

  return cfg;
}

static HeraldImap *
open_client (const HeraldImapConfig *cfg)
{
  g_autoptr(GError) error = NULL;
  HeraldImap *imap = herald_imap_new (cfg, &error);

  g_assert_no_error (error);
  herald_imap_open (imap, NULL, &error);
  g_assert_no_error (error);
  return imap;
}

static GArray *
list (HeraldImap *imap,
      guint64     after)
{
  g_autoptr(GError) error = NULL;
  GArray *uids = NULL;

  g_assert_true (herald_imap_list_uids (imap, after, &uids, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 1; i < uids->len; i++)
    g_assert_cmpuint (g_array_index (uids, guint64, i - 1), <, g_array_index (uids, guint64, i));
  return uids;
}

static GBytes *
crlf_file (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  GString *out;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  out = g_string_sized_new (len + len / 40);
  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
        g_string_append_c (out, '\r');
      g_string_append_c (out, data[i] == '\0' ? (char) 0x80 : data[i]);
    }
  return g_string_free_to_bytes (out);
}

/* doveadm's view of one message's flags ("\Seen $HeraldRead"). */
static char *
flags_of (guint64 uid)
{
  g_autofree char *query = g_strdup_printf ("%" G_GUINT64_FORMAT, uid);
  const char *argv[] = { "doveadm", "-c", doveconf, "fetch", "-u", "herald", "flags", "mailbox", "INBOX",
                         "uid", query, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  char *flags;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("doveadm failed: %s", err);
  flags = strstr (out, "flags:");
  g_assert_nonnull (flags);
  return g_strstrip (g_strdup (flags + 6));
}

static guint
count_files (void)
{
  const char *subs[] = { "cur", "new" };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (subs); i++)
    {
      g_autofree char *path = g_build_filename (maildir, subs[i], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

      g_assert_nonnull (dir);
      while (g_dir_read_name (dir) != NULL)
        n++;
    }
  return n;
}

/* As a delivery agent does: into tmp/, renamed into new/. */
static void
deliver (const char *file)
{
  static guint seq;
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT ".M%uP%d.herald-late", g_get_real_time () / G_USEC_PER_SEC,
                                           ++seq, (int) getpid ());
  g_autofree char *tmp = g_build_filename (maildir, "tmp", name, NULL);
  g_autofree char *new = g_build_filename (maildir, "new", name, NULL);
  GStatBuf st;

  g_assert_true (g_file_get_contents (file, &data, &len, NULL));
  g_assert_true (g_file_set_contents (tmp, data, (gssize) len, NULL));
  /* the Maildir's owner: Dovecot's mail user */
  g_assert_cmpint (g_stat (maildir, &st), ==, 0);
  g_assert_cmpint (chown (tmp, st.st_uid, st.st_gid), ==, 0);
  g_assert_cmpint (g_rename (tmp, new), ==, 0);
}

/* ---- the mailbox ------------------------------------------------------ */

static void
test_list_fetch_flag (void)
{
  HeraldImapConfig cfg = config ();
  g_autoptr(HeraldImap) imap = open_client (&cfg);
  g_autoptr(GArray) all = list (imap, 0);
  g_autoptr(GArray) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gboolean *matched = g_new0 (gboolean, n_delivered);
  g_autofree char *expect_summary = g_strdup_printf ("folder INBOX: %u messages", n_delivered);
  guint64 last;

  g_assert_cmpuint (herald_imap_get_uidvalidity (imap), !=, 0);
  g_assert_nonnull (strstr (herald_imap_get_summary (imap), "STARTTLS"));
  g_assert_nonnull (strstr (herald_imap_get_summary (imap), expect_summary));

  /* All, then after a UID; after the last UID: nothing, although
   * "n:*" always answers with the last message. */
  g_assert_cmpuint (all->len, ==, n_delivered);
  last = g_array_index (all, guint64, all->len - 1);
  {
    g_autoptr(GArray) rest = list (imap, g_array_index (all, guint64, 1));

    g_assert_cmpuint (rest->len, ==, n_delivered - 2);
    g_assert_cmpuint (g_array_index (rest, guint64, 0), ==, g_array_index (all, guint64, 2));
  }
  none = list (imap, last);
  g_assert_cmpuint (none->len, ==, 0);
  {
    g_autoptr(GArray) beyond = list (imap, last + 1000);

    g_assert_cmpuint (beyond->len, ==, 0);
  }

  /* Every message, byte for byte, each delivered file exactly once. */
  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr(GBytes) got = NULL;
      gboolean found = FALSE;

      g_assert_true (herald_imap_fetch (imap, g_array_index (all, guint64, i), &got, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (got), >, 0);
      for (guint j = 0; j < n_delivered && !found; j++)
        {
          g_autoptr(GBytes) want = crlf_file (delivered[j]);

          if (!matched[j] && g_bytes_equal (got, want))
            matched[j] = found = TRUE;
        }
      if (!found)
        g_error ("UID %" G_GUINT64_FORMAT ": %" G_GSIZE_FORMAT " bytes that match no delivered file",
                 g_array_index (all, guint64, i), g_bytes_get_size (got));
    }

  /* Fetching marked nothing as read. */
  for (guint i = 0; i < all->len; i++)
    {
      g_autofree char *flags = flags_of (g_array_index (all, guint64, i));

      g_assert_cmpstr (flags, ==, "");
    }

  /* A keyword on the first and the third; twice on the first is fine. */
  g_assert_true (herald_imap_flag (imap, g_array_index (all, guint64, 0), KEYWORD, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (herald_imap_flag (imap, g_array_index (all, guint64, 2), KEYWORD, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (herald_imap_flag (imap, g_array_index (all, guint64, 0), KEYWORD, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      g_autofree char *flags = flags_of (g_array_index (all, guint64, i));

      g_assert_cmpstr (flags, ==, i == 0 || i == 2 ? KEYWORD : "");
    }

  /* After flagging, the folder is read-only again: a fetch still leaves
   * the message unread. */
  {
    g_autoptr(GBytes) again = NULL;
    g_autofree char *flags = NULL;

    g_assert_true (herald_imap_fetch (imap, g_array_index (all, guint64, 1), &again, NULL, &error));
    g_assert_no_error (error);
    flags = flags_of (g_array_index (all, guint64, 1));
    g_assert_cmpstr (flags, ==, "");
  }

  /* Not a keyword: refused before anything is sent. */
  g_assert_false (herald_imap_flag (imap, last, "\\Deleted", NULL, &error));
  g_assert_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_CONFIG);
  g_clear_error (&error);
  g_assert_false (herald_imap_flag (imap, last, "two words", NULL, &error));
  g_assert_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_CONFIG);
  g_clear_error (&error);

  /* A UID that does not exist. */
  {
    g_autoptr(GBytes) nothing = NULL;

    g_assert_false (herald_imap_fetch (imap, last + 100, &nothing, NULL, &error));
    g_assert_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_NO_MESSAGE);
    g_assert_null (nothing);
    g_clear_error (&error);
  }

  /* libcurl closed the connection after that failed fetch; left alone, it
   * would connect again for the next one and SELECT (read-write), where
   * fetching marks the message read. The client refuses that connection
   * and opens the folder read-only again first. */
  {
    g_autoptr(GBytes) again = NULL;
    g_autofree char *flags = NULL;

    g_assert_true (herald_imap_fetch (imap, g_array_index (all, guint64, 3), &again, NULL, &error));
    g_assert_no_error (error);
    flags = flags_of (g_array_index (all, guint64, 3));
    g_assert_cmpstr (flags, ==, "");
  }

  /* Nothing deleted. */
  {
    g_autoptr(GArray) after = list (imap, 0);

    g_assert_cmpuint (after->len, ==, n_delivered);
    g_assert_cmpuint (count_files (), ==, n_delivered);
  }

  /* A message that arrives while the connection is open is listed. */
  deliver (delivered[0]);
  {
    g_autoptr(GArray) fresh = list (imap, last);

    g_assert_cmpuint (fresh->len, ==, 1);
    g_assert_cmpuint (g_array_index (fresh, guint64, 0), >, last);
  }
}

/* The server closes the session: the next call connects again (SELECT,
 * then EXAMINE before anything is fetched) and still marks nothing. */
static void
test_reconnect (void)
{
  HeraldImapConfig cfg = config ();
  g_autoptr(HeraldImap) imap = open_client (&cfg);
  g_autoptr(GArray) all = list (imap, 0);
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "doveadm", "-c", doveconf, "kick", "herald", NULL };
  guint32 uidvalidity = herald_imap_get_uidvalidity (imap);
  guint64 uid = g_array_index (all, guint64, all->len - 1);
  g_autofree char *flags = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_usleep (300 * 1000);

  herald_imap_fetch (imap, uid, &got, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (got), >, 0);
  g_assert_cmpuint (herald_imap_get_uidvalidity (imap), ==, uidvalidity);
  flags = flags_of (uid);
  g_assert_cmpstr (flags, ==, "");
}

/* The session's process dies without a word (no BYE, no TLS close): the
 * next call connects again, opens the folder read-only again, and the
 * fetch still marks nothing. (libcurl 7.88 reports the dead connection as
 * a failed receive here; the guard against libcurl connecting again by
 * itself is tested after the failed fetch in list-fetch-flag.) */
static void
test_reconnect_after_crash (void)
{
  HeraldImapConfig cfg = config ();
  g_autoptr(HeraldImap) imap = open_client (&cfg);
  g_autoptr(GArray) all = list (imap, 0);
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "doveadm", "-c", doveconf, "who", "-1", NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint64 uid = g_array_index (all, guint64, all->len - 2);
  g_autofree char *flags = NULL;
  guint killed = 0;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (lines[i], " \t", -1);
      g_autoptr(GPtrArray) fields = g_ptr_array_new ();
      guint64 pid;

      for (guint j = 0; words[j] != NULL; j++)
        if (words[j][0] != '\0')
          g_ptr_array_add (fields, words[j]);
      if (fields->len >= 3 && strcmp (fields->pdata[0], "herald") == 0 &&
          g_ascii_string_to_unsigned (fields->pdata[2], 10, 2, G_MAXINT, &pid, NULL))
        {
          g_assert_cmpint (kill ((pid_t) pid, SIGKILL), ==, 0);
          killed++;
        }
    }
  g_assert_cmpuint (killed, ==, 1);
  g_usleep (300 * 1000);

  herald_imap_fetch (imap, uid, &got, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (got), >, 0);
  flags = flags_of (uid);
  g_assert_cmpstr (flags, ==, "");
}

static void
test_implicit_tls (void)
{
  HeraldImapConfig cfg = config ();
  g_autoptr(HeraldImap) imap = NULL;
  g_autoptr(GArray) all = NULL;

  cfg.port = tls_port;
  cfg.security = HERALD_IMAP_SECURITY_TLS;
  imap = open_client (&cfg);
  g_assert_nonnull (strstr (herald_imap_get_summary (imap), "TLS"));
  all = list (imap, 0);
  g_assert_cmpuint (all->len, >=, n_delivered);
}

/* More UIDs than one answer line holds (libcurl clips a line longer than
 * half its buffer: with its default, 541 of 20000 UIDs came through). */
static void
test_large_folder (void)
{
  HeraldImapConfig cfg = config ();
  g_autoptr(HeraldImap) imap = open_client (&cfg);
  g_autoptr(GArray) before = list (imap, 0);
  g_autoptr(GArray) after = NULL;
  g_autofree char *new_dir = g_build_filename (maildir, "new", NULL);
  GStatBuf st;
  const guint n = 12000;

  g_assert_cmpint (g_stat (maildir, &st), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%u.M%uP1.herald-bulk", 1700000000u, i);
      g_autofree char *path = g_build_filename (new_dir, name, NULL);
      g_autofree char *text = g_strdup_printf ("Subject: %u\r\n\r\nbody\r\n", i);

      g_assert_true (g_file_set_contents (path, text, -1, NULL));
      g_assert_cmpint (chown (path, st.st_uid, st.st_gid), ==, 0);
    }
  /* A new connection: its UIDNEXT and count include them. */
  g_assert_true (herald_imap_open (imap, NULL, NULL));
  after = list (imap, 0);
  g_assert_cmpuint (after->len, ==, before->len + n);
  {
    g_autoptr(GArray) tail = list (imap, g_array_index (after, guint64, 100));

    g_assert_cmpuint (tail->len, ==, after->len - 101);
  }
}

/* A folder named in Japanese, with a space: modified UTF-7, quoted, and
 * escaped in the URL. */
static void
test_japanese_folder (void)
{
  HeraldImapConfig cfg = config ();
  const char *name = "返信 エラー";
  const char *argv[] = { "doveadm", "-c", doveconf, "mailbox", "create", "-u", "herald", name, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldImap) imap = NULL;
  g_autoptr(GArray) uids = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  cfg.folder = name;
  imap = open_client (&cfg);
  g_assert_nonnull (strstr (herald_imap_get_summary (imap), "folder 返信 エラー: 0 messages"));
  uids = list (imap, 0);
  g_assert_cmpuint (uids->len, ==, 0);
}

/* ---- what goes wrong -------------------------------------------------- */

static void
expect_open_error (const HeraldImapConfig *cfg,
                   int                     code,
                   const char             *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldImap) imap = herald_imap_new (cfg, &error);

  g_assert_no_error (error);
  g_assert_false (herald_imap_open (imap, NULL, &error));
  g_assert_error (error, HERALD_IMAP_ERROR, code);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
  g_test_message ("%s", error->message);
}

static void
test_wrong_password (void)
{
  HeraldImapConfig cfg = config ();

  cfg.password = "not-the-password";
  expect_open_error (&cfg, HERALD_IMAP_ERROR_AUTH, "refused the user name or password");
}

static void
test_untrusted_certificate (void)
{
  HeraldImapConfig cfg = config ();

  cfg.ca_file = NULL;
  expect_open_error (&cfg, HERALD_IMAP_ERROR_TLS, "is not trusted");
  cfg.port = tls_port;
  cfg.security = HERALD_IMAP_SECURITY_TLS;
  expect_open_error (&cfg, HERALD_IMAP_ERROR_TLS, "is not trusted");
}

static void
test_no_such_folder (void)
{
  HeraldImapConfig cfg = config ();

  cfg.folder = "Bounces";
  expect_open_error (&cfg, HERALD_IMAP_ERROR_FOLDER, "“Bounces”");
}

static void
test_cannot_connect (void)
{
  HeraldImapConfig cfg = config ();
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 closed_port;

  /* A port that was free a moment ago: nothing listens there. */
  closed_port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_socket_listener_close (listener);
  cfg.host = "127.0.0.1";
  cfg.port = closed_port;
  expect_open_error (&cfg, HERALD_IMAP_ERROR_CONNECT, "Cannot connect");
}

/* A server that takes the connection and never says a word. */
static GSocket *
silent_server (guint16 *out_port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *out_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

static void
test_timeout (void)
{
  HeraldImapConfig cfg = config ();
  guint16 silent_port;
  g_autoptr(GSocket) socket = silent_server (&silent_port);
  gint64 start = g_get_monotonic_time ();

  cfg.host = "127.0.0.1";
  cfg.port = silent_port;
  cfg.response_timeout = 2;
  expect_open_error (&cfg, HERALD_IMAP_ERROR_TIMEOUT, "stopped answering");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (500 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancelled (void)
{
  HeraldImapConfig cfg = config ();
  guint16 silent_port;
  g_autoptr(GSocket) socket = silent_server (&silent_port);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldImap) imap = NULL;
  GThread *thread;
  gint64 start = g_get_monotonic_time ();

  cfg.host = "127.0.0.1";
  cfg.port = silent_port;
  cfg.response_timeout = 30;
  imap = herald_imap_new (&cfg, &error);
  g_assert_no_error (error);
  thread = g_thread_new ("cancel", cancel_later, cancellable);
  g_assert_false (herald_imap_open (imap, cancellable, &error));
  g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

/* A server that never offers STARTTLS: one connection, its commands
 * noted. */
typedef struct
{
  GSocket *socket;
  GString *heard;
} PlainServer;

static gpointer
plain_server_run (gpointer data)
{
  PlainServer *server = data;
  g_autoptr(GSocket) client = g_socket_accept (server->socket, NULL, NULL);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  GOutputStream *out;
  const char *greeting = "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] no TLS here\r\n";
  char *line;

  if (client == NULL)
    return NULL;
  stream = G_IO_STREAM (g_socket_connection_factory_create_connection (client));
  in = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
  out = g_io_stream_get_output_stream (stream);
  g_output_stream_write_all (out, greeting, strlen (greeting), NULL, NULL, NULL);
  while ((line = g_data_input_stream_read_line (in, NULL, NULL, NULL)) != NULL)
    {
      g_auto(GStrv) words = g_strsplit (g_strchomp (line), " ", 3);
      g_autofree char *reply = NULL;

      g_string_append_printf (server->heard, "%s\n", words[0] != NULL && words[1] != NULL ? words[1] : "");
      if (words[0] == NULL || words[1] == NULL)
        reply = g_strdup ("* BAD what\r\n");
      else if (g_ascii_strcasecmp (words[1], "CAPABILITY") == 0)
        reply = g_strdup_printf ("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n%s OK done\r\n", words[0]);
      else if (g_ascii_strcasecmp (words[1], "LOGOUT") == 0)
        reply = g_strdup_printf ("* BYE bye\r\n%s OK done\r\n", words[0]);
      else
        reply = g_strdup_printf ("%s BAD not here\r\n", words[0]);
      g_free (line);
      g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
    }
  return NULL;
}

static void
test_no_starttls (void)
{
  HeraldImapConfig cfg = config ();
  guint16 plain_port;
  PlainServer server = { NULL, g_string_new (NULL) };
  GThread *thread;

  server.socket = silent_server (&plain_port);
  thread = g_thread_new ("plain", plain_server_run, &server);
  cfg.host = "127.0.0.1";
  cfg.port = plain_port;
  expect_open_error (&cfg, HERALD_IMAP_ERROR_TLS, "does not offer STARTTLS");
  g_socket_close (server.socket, NULL);
  g_thread_join (thread);
  /* Neither the password nor any command about the mail went out. */
  g_assert_null (strstr (server.heard->str, "LOGIN"));
  g_assert_null (strstr (server.heard->str, "AUTHENTICATE"));
  g_assert_null (strstr (server.heard->str, "SELECT"));
  g_object_unref (server.socket);
  g_string_free (server.heard, TRUE);
}

static void
test_bad_settings (void)
{
  HeraldImapConfig cfg = config ();
  g_autoptr(GError) error = NULL;

  cfg.security = 7;
  g_assert_null (herald_imap_new (&cfg, &error));
  g_assert_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_CONFIG);
  g_clear_error (&error);

  cfg = config ();
  cfg.host = "";
  g_assert_null (herald_imap_new (&cfg, &error));
  g_assert_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_CONFIG);
  g_clear_error (&error);

  cfg = config ();
  cfg.folder = "IN\r\nBOX";
  g_assert_null (herald_imap_new (&cfg, &error));
  g_assert_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_CONFIG);
}

int
main (int   argc,
      char *argv[])
{
  const char *p, *tp;

  g_test_init (&argc, &argv, NULL);
  herald_engine_init ();

  p = g_getenv ("IMAP_PORT");
  tp = g_getenv ("IMAPS_PORT");
  password = g_getenv ("IMAP_PW");
  ca_file = g_getenv ("IMAP_CA");
  maildir = g_getenv ("IMAP_MAILDIR");
  doveconf = g_getenv ("IMAP_DOVECONF");
  if (p == NULL || tp == NULL || password == NULL || ca_file == NULL || maildir == NULL || doveconf == NULL || argc < 4)
    {
      g_printerr ("Run by imap-dovecot.sh, with Dovecot started and at least three messages delivered.\n");
      return 1;
    }
  port = (guint) g_ascii_strtoull (p, NULL, 10);
  tls_port = (guint) g_ascii_strtoull (tp, NULL, 10);
  delivered = argv + 1;
  n_delivered = (guint) argc - 1;

  /* In this order: the first test counts the delivered messages. */
  g_test_add_func ("/imap/starttls/list-fetch-flag", test_list_fetch_flag);
  g_test_add_func ("/imap/starttls/reconnect", test_reconnect);
  g_test_add_func ("/imap/starttls/reconnect-after-crash", test_reconnect_after_crash);
  g_test_add_func ("/imap/tls/implicit", test_implicit_tls);
  g_test_add_func ("/imap/starttls/japanese-folder", test_japanese_folder);
  g_test_add_func ("/imap/errors/wrong-password", test_wrong_password);
  g_test_add_func ("/imap/errors/untrusted-certificate", test_untrusted_certificate);
  g_test_add_func ("/imap/errors/no-such-folder", test_no_such_folder);
  g_test_add_func ("/imap/errors/cannot-connect", test_cannot_connect);
  g_test_add_func ("/imap/errors/no-starttls", test_no_starttls);
  g_test_add_func ("/imap/errors/timeout", test_timeout);
  g_test_add_func ("/imap/errors/cancelled", test_cancelled);
  g_test_add_func ("/imap/errors/bad-settings", test_bad_settings);
  /* last: it adds 12000 messages */
  g_test_add_func ("/imap/large/folder", test_large_folder);
  return g_test_run ();
}
