/* test-smtp.c — the SMTP transport against real servers on loopback
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts aiosmtpd (STARTTLS or implicit TLS, AUTH required) with a
 * certificate made for the run, and a raw-socket server that breaks the
 * protocol on purpose (smtp-evil-server.py), and checks what Herald's
 * transport does: delivered bytes, classified outcomes, refusals, no hang.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>

#include "herald-account.h"
#include "herald-address.h"
#include "herald-engine.h"
#include "herald-message.h"
#include "herald-smtp.h"
#include "herald-store.h"
#include "herald-transport.h"
#include "test-server.h"

#define USER     "herald"
#define PASSWORD "s3cret-Pa55"
#define TOKEN    "ya29.test-Bearer-t0ken"

typedef struct
{
  GSubprocess *process;
  guint        port;
  char        *log;
  char        *maildir;
} Server;

static char *tmp_dir;
static char *cert;
static char *key;
static char *srcdir;
static Server starttls_server;
static Server tls_server;

/* ---- helpers ---------------------------------------------------------- */

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

static void
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

static void
server_stop (Server *server)
{
  if (server->process == NULL)
    return;
  herald_test_server_stop (&server->process);
  g_clear_pointer (&server->log, g_free);
  g_clear_pointer (&server->maildir, g_free);
}

static void
start_aiosmtpd (Server     *server,
                const char *name,
                gboolean    implicit)
{
  g_autofree char *log_name = g_strdup_printf ("%s.log", name);
  const char *args[] = { "--maildir", NULL, "--cert", cert, "--key", key, "--log", NULL,
                         "--user", USER, "--password", PASSWORD, "--token", TOKEN,
                         implicit ? "--implicit-tls" : NULL, NULL };
  g_autofree char *log = g_build_filename (tmp_dir, log_name, NULL);

  server->maildir = g_build_filename (tmp_dir, name, NULL);
  args[1] = server->maildir;
  args[7] = log;
  server_start (server, "smtp-tls-server.py", log_name, args);
}

static void
start_evil (Server     *server,
            const char *mode)
{
  g_autofree char *log_name = g_strdup_printf ("evil-%s.log", mode);
  g_autofree char *log = g_build_filename (tmp_dir, log_name, NULL);
  const char *args[] = { mode, log, "--cert", cert, "--key", key, NULL };

  server_start (server, "smtp-evil-server.py", log_name, args);
}

static char *
read_log (const Server *server)
{
  char *text = NULL;

  /* The server writes its log from another thread: give it a moment. */
  g_usleep (100 * 1000);
  if (!g_file_get_contents (server->log, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

static guint
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

static HeraldAccount *
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

static HeraldTransport *
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

static GBytes *
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

/* The file names in a Maildir's new/, sorted. */
static GPtrArray *
list_new (const char *maildir)
{
  g_autofree char *dir = g_build_filename (maildir, "new", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (files, g_build_filename (dir, name, NULL));
  return files;
}

static void
clear_maildir (const char *maildir)
{
  g_autoptr(GPtrArray) files = list_new (maildir);

  for (guint i = 0; i < files->len; i++)
    g_unlink (g_ptr_array_index (files, i));
}

static void
write_file (const char *path,
            const void *data,
            gssize      len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

/* ---- delivery through aiosmtpd ---------------------------------------- */

static const char html_ja[] =
  "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>ニュースレター</title></head>\n"
  "<body>\n<h1>山田 太郎 様</h1>\n"
  "<p>いつも山田商店をご利用いただき、誠にありがとうございます。今月は特別セールのお知らせです。"
  "全商品を２０％オフでご提供いたします（～３月３１日まで）。①②③ 髙橋 ﾊﾝｶｸ — “quotes” &amp; €</p>\n"
  "<p>.</p>\n.\n..leading dots stay\n"
  "<p><img src=\"cid:logo@herald\" alt=\"ロゴ\"></p>\n"
  "<p>A very long line without any break: " "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</p>\n"
  "</body></html>\n";

static const char text_ja[] =
  "山田 太郎 様\n\nいつも山田商店をご利用いただき、誠にありがとうございます。\n"
  "今月は特別セールのお知らせです。\n.\n..\n配信停止: https://example.jp/u/abc\n";

static const guchar png_1x1[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
  0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
  0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
  0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

static void
test_japanese_newsletter (void)
{
  g_autoptr(HeraldAccount) account = make_account (HERALD_SECURITY_STARTTLS, starttls_server.port);
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_part_free);
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_part_free);
  g_autoptr(GBytes) png = g_bytes_new_static (png_1x1, sizeof png_1x1);
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.4\n% test\n", 16);
  g_autoptr(GBytes) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *message_id = herald_message_make_id (7, 42, "example.jp");
  g_autofree char *html_path = g_build_filename (tmp_dir, "ja.html", NULL);
  g_autofree char *text_path = g_build_filename (tmp_dir, "ja.txt", NULL);
  g_autofree char *png_path = g_build_filename (tmp_dir, "logo.png", NULL);
  g_autofree char *pdf_path = g_build_filename (tmp_dir, "a.pdf", NULL);
  g_autofree char *json_path = g_build_filename (tmp_dir, "ja.json", NULL);
  g_autofree char *checker = g_build_filename (srcdir, "integration", "check-message.py", NULL);
  g_autoptr(GString) json = g_string_new ("{");
  g_autofree char *summary = NULL;
  const char *subject = "【山田商店】３月のニュースレター：特別セールのお知らせ — 全商品２０％オフ！ and some English words to fold";
  const char *to_name = "山田 太郎";
  HeraldOutcome outcome = { 0 };
  int status = 0;

  clear_maildir (starttls_server.maildir);
  g_ptr_array_add (images, herald_message_part_new_for_bytes (png, "logo.png", "image/png", "logo@herald"));
  g_ptr_array_add (attachments, herald_message_part_new_for_bytes (pdf, "３月のご案内.pdf", "application/pdf", NULL));
  {
    HeraldMessageSpec spec = {
      .from = account->from,
      .to_addr = "taro@example.com",
      .to_name = to_name,
      .reply_to = "サポート <support@example.jp>",
      .subject = subject,
      .html = html_ja,
      .text = text_ja,
      .message_id = message_id,
      .unsubscribe_mailto = "mailto:unsubscribe@example.jp?subject=unsubscribe",
      .unsubscribe_url = "https://example.jp/u/abc?r=42",
      .inline_images = images,
      .attachments = attachments,
    };
    message = herald_message_compose (&spec, &error);
    g_assert_no_error (error);
  }

  transport = open_transport (account, PASSWORD);
  summary = g_strdup_printf ("connected to 127.0.0.1:%u, STARTTLS, AUTH PLAIN accepted", starttls_server.port);
  g_assert_cmpstr (herald_transport_get_summary (transport), ==, summary);
  herald_transport_send (transport, "bounce@example.jp", "taro@example.com", message, NULL, &outcome);
  g_assert_cmpstr (outcome.message, ==, NULL);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_ACCEPTED);
  g_assert_cmpint (outcome.code, ==, 250);
  g_assert_cmpstr (outcome.enhanced, ==, "2.0.0");
  g_assert_cmpstr (outcome.reply, ==, "250 2.0.0 Ok: queued");
  herald_outcome_clear (&outcome);
  herald_transport_close (transport);

  files = list_new (starttls_server.maildir);
  g_assert_cmpuint (files->len, ==, 1);

  /* What arrived is byte for byte what was composed. */
  {
    g_autofree char *got = NULL;
    gsize len;

    g_file_get_contents (g_ptr_array_index (files, 0), &got, &len, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (got, len, g_bytes_get_data (message, NULL), g_bytes_get_size (message));
  }

  write_file (html_path, html_ja, -1);
  write_file (text_path, text_ja, -1);
  write_file (png_path, png_1x1, sizeof png_1x1);
  write_file (pdf_path, "%PDF-1.4\n% test\n", 16);
#define ADD(k, v) do { if (json->len > 1) g_string_append_c (json, ','); \
    herald_json_append_string (json, k); g_string_append_c (json, ':'); herald_json_append_string (json, v); } while (0)
  ADD ("subject", subject);
  ADD ("from_name", "山田商店");
  ADD ("from_addr", "info@example.jp");
  ADD ("to_name", to_name);
  ADD ("to_addr", "taro@example.com");
  ADD ("message_id", message_id);
  ADD ("html_file", html_path);
  ADD ("text_file", text_path);
  ADD ("list_unsubscribe", "<mailto:unsubscribe@example.jp?subject=unsubscribe>, <https://example.jp/u/abc?r=42>");
  ADD ("structure", "multipart/mixed[multipart/alternative[text/plain,multipart/related[text/html,image/png]],application/pdf]");
#undef ADD
  g_string_append (json, ",\"one_click\":true,\"attachments\":[[");
  herald_json_append_string (json, "３月のご案内.pdf");
  g_string_append_c (json, ',');
  herald_json_append_string (json, pdf_path);
  g_string_append (json, "]],\"inline\":[[\"<logo@herald>\",");
  herald_json_append_string (json, png_path);
  g_string_append (json, "]]}");
  write_file (json_path, json->str, json->len);

  {
    const char *argv[] = { "/usr/bin/python3", checker, g_ptr_array_index (files, 0), json_path, NULL };
    g_autofree char *out = NULL;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_test_message ("%s", out);
    g_assert_cmpstr (out, ==, "");
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
}

/* Many messages, one connection, one login. */
static void
test_connection_reused (void)
{
  g_autoptr(HeraldAccount) account = make_account (HERALD_SECURITY_STARTTLS, starttls_server.port);
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *log = NULL;
  guint auths_before;

  clear_maildir (starttls_server.maildir);
  log = read_log (&starttls_server);
  auths_before = count_lines_with (log, "AUTH ok");
  g_clear_pointer (&log, g_free);

  transport = open_transport (account, PASSWORD);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *rcpt = g_strdup_printf ("r%u@example.com", i);
      g_autoptr(GBytes) message = simple_message (rcpt);
      HeraldOutcome outcome;

      herald_transport_send (transport, "bounce@example.jp", rcpt, message, NULL, &outcome);
      g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_ACCEPTED);
      herald_outcome_clear (&outcome);
    }
  g_assert_cmpuint (herald_smtp_transport_get_n_connects (transport), ==, 1);
  herald_transport_close (transport);

  files = list_new (starttls_server.maildir);
  g_assert_cmpuint (files->len, ==, 20);
  log = read_log (&starttls_server);
  g_assert_cmpuint (count_lines_with (log, "AUTH ok") - auths_before, ==, 1);
}

static void
test_implicit_tls (void)
{
  g_autoptr(HeraldAccount) account = make_account (HERALD_SECURITY_TLS, tls_server.port);
  g_autoptr(HeraldTransport) transport = open_transport (account, PASSWORD);
  g_autoptr(GBytes) message = simple_message ("tls@example.com");
  g_autoptr(GPtrArray) files = NULL;
  HeraldOutcome outcome;

  g_assert_true (g_str_has_suffix (herald_transport_get_summary (transport), ", TLS, AUTH PLAIN accepted"));
  herald_transport_send (transport, "bounce@example.jp", "tls@example.com", message, NULL, &outcome);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_ACCEPTED);
  herald_outcome_clear (&outcome);
  files = list_new (tls_server.maildir);
  g_assert_cmpuint (files->len, ==, 1);
}

/* libcurl 7.88 dot-stuffs only after CRLF: bare LF + "." must be made
 * CRLF first, or the data could end the DATA phase early. */
static void
test_bare_lf_dots (void)
{
  g_autoptr(HeraldAccount) account = make_account (HERALD_SECURITY_STARTTLS, starttls_server.port);
  g_autoptr(HeraldTransport) transport = open_transport (account, PASSWORD);
  static const char raw[] =
    "From: a@example.jp\nTo: b@example.com\nSubject: dots\nMessage-ID: <dots@example.jp>\n\n"
    "line one\n.\n..\n.hidden\nRCPT TO:<evil@example.net>\n.\r\nQUIT\r\nlast\r.\rend";
  g_autoptr(GBytes) message = g_bytes_new_static (raw, sizeof raw - 1);
  g_autoptr(GBytes) expected = herald_message_normalize_crlf (message);
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *got = NULL;
  g_autofree char *log = NULL;
  gsize len;
  HeraldOutcome outcome;

  clear_maildir (starttls_server.maildir);
  herald_transport_send (transport, "a@example.jp", "b@example.com", message, NULL, &outcome);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_ACCEPTED);
  herald_outcome_clear (&outcome);
  herald_transport_close (transport);

  files = list_new (starttls_server.maildir);
  g_assert_cmpuint (files->len, ==, 1);
  g_file_get_contents (g_ptr_array_index (files, 0), &got, &len, NULL);
  /* libcurl adds the CRLF the message lacks before the final dot. */
  g_assert_cmpuint (len, ==, g_bytes_get_size (expected) + 2);
  g_assert_cmpmem (got, len - 2, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_assert_true (strstr (got, "\r\n.\r\n..\r\n.hidden\r\n") != NULL);
  log = read_log (&starttls_server);
  g_assert_false (strstr (log, "evil@example.net") != NULL);
}

/* ---- refusals --------------------------------------------------------- */

static void
test_wrong_password (void)
{
  g_autoptr(HeraldAccount) account = make_account (HERALD_SECURITY_STARTTLS, starttls_server.port);
  g_autoptr(HeraldTransport) transport = herald_transport_new_for_account (account, "wrong-password", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (herald_transport_open (transport, NULL, &error));
  g_assert_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_AUTH);
  g_test_message ("%s", error->message);
  g_assert_true (strstr (error->message, "refused the user name or password") != NULL);
  g_assert_true (strstr (error->message, "535") != NULL);
  g_assert_false (strstr (error->message, "wrong-password") != NULL);

  /* Sending (which logs in again) says the same, as a campaign-wide fault
   * rather than a verdict on the recipient. */
  {
    g_autoptr(GBytes) message = simple_message ("x@example.com");
    HeraldOutcome outcome;

    herald_transport_send (transport, "bounce@example.jp", "x@example.com", message, NULL, &outcome);
    g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_ACCOUNT_FAULT);
    g_assert_cmpint (outcome.fault, ==, HERALD_TRANSPORT_ERROR_AUTH);
    g_assert_cmpint (outcome.code, ==, 535);
    g_assert_true (strstr (outcome.message, "refused the user name or password") != NULL);
    herald_outcome_clear (&outcome);
  }
}

/* XOAUTH2: the bearer token logs in instead of the password; a wrong token
 * is the same campaign-wide authentication fault as a wrong password. */
static void
test_xoauth2 (void)
{
  g_autoptr(HeraldAccount) account = make_account (HERALD_SECURITY_STARTTLS, starttls_server.port);
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  guint ok_before, fail_before, delivered_before;

  log = read_log (&starttls_server);
  ok_before = count_lines_with (log, "AUTH ok XOAUTH2 " USER);
  fail_before = count_lines_with (log, "AUTH fail XOAUTH2");
  g_clear_pointer (&log, g_free);
  {
    g_autoptr(GPtrArray) files = list_new (starttls_server.maildir);
    delivered_before = files->len;
  }

  {
    g_autoptr(HeraldTransport) transport = herald_transport_new_for_account (account, NULL, &error);
    g_autoptr(GBytes) message = simple_message ("oauth@example.com");
    HeraldOutcome outcome;

    g_assert_no_error (error);
    herald_smtp_transport_set_bearer_token (transport, TOKEN);
    herald_transport_open (transport, NULL, &error);
    g_assert_no_error (error);
    herald_transport_send (transport, "bounce@example.jp", "oauth@example.com", message, NULL, &outcome);
    g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_ACCEPTED);
    herald_outcome_clear (&outcome);
  }
  log = read_log (&starttls_server);
  g_assert_cmpuint (count_lines_with (log, "AUTH ok XOAUTH2 " USER), ==, ok_before + 1);
  g_clear_pointer (&log, g_free);
  {
    g_autoptr(GPtrArray) files = list_new (starttls_server.maildir);
    g_assert_cmpuint (files->len, ==, delivered_before + 1);
  }

  {
    g_autoptr(HeraldTransport) transport = herald_transport_new_for_account (account, NULL, &error);

    g_assert_no_error (error);
    herald_smtp_transport_set_bearer_token (transport, "expired-token");
    g_assert_false (herald_transport_open (transport, NULL, &error));
    g_assert_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_AUTH);
    g_assert_false (strstr (error->message, "expired-token") != NULL);
  }
  log = read_log (&starttls_server);
  g_assert_cmpuint (count_lines_with (log, "AUTH fail XOAUTH2"), ==, fail_before + 1);
}

static void
test_untrusted_certificate (void)
{
  g_autoptr(HeraldAccount) account = make_account (HERALD_SECURITY_STARTTLS, starttls_server.port);
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  guint auths_before;

  log = read_log (&starttls_server);
  auths_before = count_lines_with (log, "AUTH ");
  g_clear_pointer (&log, g_free);

  g_clear_pointer (&account->ca_file, g_free);
  transport = herald_transport_new_for_account (account, PASSWORD, NULL);
  g_assert_false (herald_transport_open (transport, NULL, &error));
  g_assert_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_TLS);
  g_test_message ("%s", error->message);
  g_assert_true (strstr (error->message, "not trusted") != NULL);

  log = read_log (&starttls_server);
  g_assert_cmpuint (count_lines_with (log, "AUTH "), ==, auths_before);
}

static void
test_plain_text_only_to_loopback (void)
{
  g_autoptr(HeraldAccount) account = make_account (HERALD_SECURITY_NONE, 25);
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GError) error = NULL;

  g_free (account->host);
  account->host = g_strdup ("smtp.example.com");
  transport = herald_transport_new_for_account (account, NULL, &error);
  g_assert_null (transport);
  g_assert_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_CONFIG);
  g_assert_true (strstr (error->message, "only allowed to this computer") != NULL);
}

static void
test_no_starttls (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  start_evil (&evil, "no-starttls");
  account = make_account (HERALD_SECURITY_STARTTLS, evil.port);
  transport = herald_transport_new_for_account (account, PASSWORD, NULL);
  g_assert_false (herald_transport_open (transport, NULL, &error));
  g_assert_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_TLS);
  g_assert_true (strstr (error->message, "does not offer STARTTLS") != NULL);
  g_clear_pointer (&transport, herald_transport_free);

  log = read_log (&evil);
  g_test_message ("%s", log);
  g_assert_cmpuint (count_lines_with (log, "C: EHLO"), >=, 1);
  g_assert_cmpuint (count_lines_with (log, "C: AUTH"), ==, 0);
  g_assert_cmpuint (count_lines_with (log, "C: MAIL"), ==, 0);
  g_assert_false (strstr (log, PASSWORD) != NULL);
  server_stop (&evil);
}

/* A 454 to STARTTLS: the server cannot start TLS just now. Said as it is
 * (not "does not offer STARTTLS"), and temporary: come back later. */
static void
test_starttls_454 (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  start_evil (&evil, "starttls454");
  account = make_account (HERALD_SECURITY_STARTTLS, evil.port);
  transport = herald_transport_new_for_account (account, PASSWORD, NULL);
  g_assert_false (herald_transport_open (transport, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_LATER);
  g_assert_null (strstr (error->message, "does not offer"));
  g_assert_nonnull (strstr (error->message, "454 4.7.0 TLS not available"));
  g_assert_cmpint (transport->open_outcome.kind, ==, HERALD_OUTCOME_TEMPORARY);
  g_assert_cmpint (transport->open_outcome.code, ==, 454);
  g_assert_cmpstr (transport->open_outcome.enhanced, ==, "4.7.0");
  g_clear_pointer (&transport, herald_transport_free);

  log = read_log (&evil);
  g_assert_cmpuint (count_lines_with (log, "C: STARTTLS"), ==, 1);
  g_assert_cmpuint (count_lines_with (log, "C: AUTH"), ==, 0);
  g_assert_cmpuint (count_lines_with (log, "C: MAIL"), ==, 0);
  server_stop (&evil);
}

/* A 421 greeting: the server is busy; a temporary refusal, not a fault of
 * the account. */
static void
test_greeting_421 (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GError) error = NULL;

  start_evil (&evil, "greet421");
  account = make_account (HERALD_SECURITY_NONE, evil.port);
  transport = herald_transport_new_for_account (account, NULL, NULL);
  g_assert_false (herald_transport_open (transport, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_LATER);
  g_assert_nonnull (strstr (error->message, "421 4.3.2 Try again later"));
  g_assert_cmpint (transport->open_outcome.kind, ==, HERALD_OUTCOME_TEMPORARY);
  g_assert_cmpint (transport->open_outcome.code, ==, 421);
  server_stop (&evil);
}

/* "220 Ready" with a second reply in the same packet, before TLS: a
 * man in the middle's injection. libcurl ≥ 7.79 refuses it
 * (CVE-2021-22947); nothing is sent after STARTTLS in the clear. */
static void
test_starttls_injection (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  const char *after;

  start_evil (&evil, "inject");
  account = make_account (HERALD_SECURITY_STARTTLS, evil.port);
  transport = herald_transport_new_for_account (account, PASSWORD, NULL);
  g_assert_false (herald_transport_open (transport, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_PROTOCOL);
  g_clear_pointer (&transport, herald_transport_free);

  log = read_log (&evil);
  g_test_message ("%s", log);
  after = strstr (log, "C: STARTTLS");
  g_assert_nonnull (after);
  g_assert_null (strstr (after, "C: AUTH"));
  g_assert_null (strstr (after, "C: MAIL"));
  g_assert_null (strstr (after, "C: EHLO"));
  server_stop (&evil);
}

static void
test_stall_greeting (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  start_evil (&evil, "stall-greeting");
  account = make_account (HERALD_SECURITY_NONE, evil.port);
  account->response_timeout = 2;
  transport = herald_transport_new_for_account (account, NULL, NULL);
  start = g_get_monotonic_time ();
  g_assert_false (herald_transport_open (transport, NULL, &error));
  g_assert_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 6 * G_USEC_PER_SEC);
  g_clear_pointer (&transport, herald_transport_free);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
  server_stop (&evil);
}

typedef struct
{
  const char        *mode;
  HeraldOutcomeKind  kind;
  int                code;
  const char        *enhanced;
  int                fault;
  gboolean           big;    /* more than the socket buffers can hold */
} FaultCase;

static GBytes *
big_message (void)
{
  GString *raw = g_string_new ("From: a@example.jp\r\nTo: b@example.com\r\nSubject: big\r\n\r\n");

  while (raw->len < 24 * 1024 * 1024)
    g_string_append (raw, "0123456789012345678901234567890123456789012345678901234567890123456789\r\n");
  return g_string_free_to_bytes (raw);
}

static void
test_fault (gconstpointer data)
{
  const FaultCase *fc = data;
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GBytes) message = fc->big ? big_message () : simple_message ("nobody@example.com");
  HeraldOutcome outcome;
  gint64 start;

  start_evil (&evil, fc->mode);
  account = make_account (HERALD_SECURITY_NONE, evil.port);
  account->response_timeout = 2;
  transport = open_transport (account, NULL);
  start = g_get_monotonic_time ();
  herald_transport_send (transport, "bounce@example.jp", "nobody@example.com", message, NULL, &outcome);
  g_test_message ("%s: %s; %s; %s", fc->mode, herald_outcome_kind_to_string (outcome.kind),
                  outcome.reply, outcome.message);
  g_assert_cmpstr (herald_outcome_kind_to_string (outcome.kind), ==, herald_outcome_kind_to_string (fc->kind));
  g_assert_cmpint (outcome.code, ==, fc->code);
  g_assert_cmpstr (outcome.enhanced, ==, fc->enhanced);
  if (fc->kind == HERALD_OUTCOME_ACCOUNT_FAULT)
    g_assert_cmpint (outcome.fault, ==, fc->fault);
  if (fc->kind != HERALD_OUTCOME_ACCEPTED)
    g_assert_nonnull (outcome.message);
  herald_outcome_clear (&outcome);
  /* A reply timeout of 2 s waits 2 s: not 2 more for the QUIT libcurl
   * says on the connection that timed out. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3500 * 1000);

  /* Closing never hangs either, whatever state the server is in. */
  start = g_get_monotonic_time ();
  herald_transport_close (transport);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
  server_stop (&evil);
}

static void
test_dot554_keeps_whole_reply (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GBytes) message = simple_message ("x@example.com");
  HeraldOutcome outcome;

  start_evil (&evil, "dot554");
  account = make_account (HERALD_SECURITY_NONE, evil.port);
  transport = open_transport (account, NULL);
  herald_transport_send (transport, "bounce@example.jp", "x@example.com", message, NULL, &outcome);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_PERMANENT);
  g_assert_cmpstr (outcome.reply, ==, "554-5.7.1 Message refused:\n554 5.7.1 looks like spam");
  g_assert_cmpstr (outcome.enhanced, ==, "5.7.1");
  herald_outcome_clear (&outcome);

  /* The session is still in step after the refusal: the next message
   * gets its own verdict, over the same connection or a new one. */
  herald_transport_send (transport, "bounce@example.jp", "x@example.com", message, NULL, &outcome);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_PERMANENT);
  g_assert_cmpstr (outcome.reply, ==, "554-5.7.1 Message refused:\n554 5.7.1 looks like spam");
  herald_outcome_clear (&outcome);
  g_assert_cmpuint (herald_smtp_transport_get_n_connects (transport), <=, 2);
  server_stop (&evil);
}

static void
test_stall_quit (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  gint64 start;

  start_evil (&evil, "stall-quit");
  account = make_account (HERALD_SECURITY_NONE, evil.port);
  account->response_timeout = 2;
  transport = open_transport (account, NULL);
  start = g_get_monotonic_time ();
  herald_transport_close (transport);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
  server_stop (&evil);
}

/* One address rule for the import and the send: a quoted part before the
 * @ is refused at the import, and at the send too, with the same words,
 * before anything is written to the server. */
static void
test_quoted_local_refused (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GBytes) message = simple_message ("x@example.com");
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  HeraldOutcome outcome;

  g_assert_null (herald_address_normalize ("\"ab\"@example.com", &error));
  start_evil (&evil, "ok");
  account = make_account (HERALD_SECURITY_NONE, evil.port);
  transport = open_transport (account, NULL);
  herald_transport_send (transport, "bounce@example.jp", "\"ab\"@example.com", message, NULL, &outcome);
  g_test_message ("%s", outcome.message);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_PERMANENT);
  g_assert_cmpstr (outcome.message, ==, error->message);
  herald_outcome_clear (&outcome);

  log = read_log (&evil);
  g_assert_cmpuint (count_lines_with (log, "C: MAIL"), ==, 0);
  server_stop (&evil);
}

/* Letters beyond ASCII before the @ go only to a server that offers
 * SMTPUTF8, and then with the SMTPUTF8 parameter; an IDN domain goes out
 * in A-labels. */
static void
test_utf8_addresses (void)
{
  Server plain = { 0 }, utf8 = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GBytes) message = simple_message ("x@example.com");
  g_autofree char *log = NULL;
  HeraldOutcome outcome;

  start_evil (&plain, "ok");
  account = make_account (HERALD_SECURITY_NONE, plain.port);
  transport = open_transport (account, NULL);
  herald_transport_send (transport, "bounce@example.jp", "ユーザー@example.com", message, NULL, &outcome);
  g_test_message ("%s", outcome.message);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_PERMANENT);
  g_assert_nonnull (strstr (outcome.message, "SMTPUTF8"));
  herald_outcome_clear (&outcome);
  herald_transport_send (transport, "bounce@example.jp", "user@例え.jp", message, NULL, &outcome);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_ACCEPTED);
  herald_outcome_clear (&outcome);
  log = read_log (&plain);
  g_test_message ("%s", log);
  g_assert_cmpuint (count_lines_with (log, "C: MAIL"), ==, 1);
  g_assert_cmpuint (count_lines_with (log, "C: RCPT TO:<user@xn--r8jz45g.jp>"), ==, 1);
  g_assert_cmpuint (count_lines_with (log, "SMTPUTF8"), ==, 0);
  g_clear_pointer (&transport, herald_transport_free);
  g_clear_pointer (&log, g_free);
  server_stop (&plain);

  start_evil (&utf8, "smtputf8");
  g_clear_pointer (&account, herald_account_free);
  account = make_account (HERALD_SECURITY_NONE, utf8.port);
  transport = open_transport (account, NULL);
  herald_transport_send (transport, "bounce@example.jp", "ユーザー@example.com", message, NULL, &outcome);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_ACCEPTED);
  herald_outcome_clear (&outcome);
  log = read_log (&utf8);
  g_test_message ("%s", log);
  g_assert_cmpuint (count_lines_with (log, "C: MAIL FROM:<bounce@example.jp> SIZE="), ==, 1);
  g_assert_nonnull (strstr (log, " SMTPUTF8\n"));
  server_stop (&utf8);
}

/* An address with CR/LF or angle brackets is refused before anything is
 * written to the server. */
static void
test_envelope_injection (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GBytes) message = simple_message ("x@example.com");
  g_autofree char *log = NULL;
  static const char * const bad_rcpts[] = {
    "x@example.com>\r\nRCPT TO:<evil@example.net",
    "x@example.com\nDATA",
    "x@example.com\r",
    "<x@example.com>",
    "x y@example.com",
    "",
  };
  HeraldOutcome outcome;

  start_evil (&evil, "ok");
  account = make_account (HERALD_SECURITY_NONE, evil.port);
  transport = open_transport (account, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (bad_rcpts); i++)
    {
      herald_transport_send (transport, "bounce@example.jp", bad_rcpts[i], message, NULL, &outcome);
      g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_PERMANENT);
      g_assert_cmpint (outcome.code, ==, 0);
      g_assert_nonnull (outcome.message);
      herald_outcome_clear (&outcome);
    }
  herald_transport_send (transport, "bounce@example.jp>\r\nRSET", "x@example.com", message, NULL, &outcome);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_ACCOUNT_FAULT);
  g_assert_cmpint (outcome.fault, ==, HERALD_TRANSPORT_ERROR_CONFIG);
  herald_outcome_clear (&outcome);

  log = read_log (&evil);
  g_assert_cmpuint (count_lines_with (log, "C: NOOP"), ==, 1);
  g_assert_cmpuint (count_lines_with (log, "C: MAIL"), ==, 0);
  g_assert_cmpuint (count_lines_with (log, "C: RCPT"), ==, 0);
  g_assert_null (strstr (log, "evil@example.net"));
  server_stop (&evil);
}

static void
test_header_injection (void)
{
  g_autoptr(GError) error = NULL;
  HeraldMessageSpec spec = {
    .from = "Herald <info@example.jp>",
    .to_addr = "x@example.com",
    .subject = "Hello\r\nBcc: victim@example.net",
    .html = "<p>hi</p>",
  };
  GBytes *bytes;

  bytes = herald_message_compose (&spec, &error);
  g_assert_null (bytes);
  g_assert_error (error, HERALD_MESSAGE_ERROR, HERALD_MESSAGE_ERROR_INVALID_HEADER);
  g_clear_error (&error);

  spec.subject = "Hello";
  spec.to_name = "Taro\nBcc: victim@example.net";
  bytes = herald_message_compose (&spec, &error);
  g_assert_null (bytes);
  g_assert_error (error, HERALD_MESSAGE_ERROR, HERALD_MESSAGE_ERROR_INVALID_HEADER);
}

static const FaultCase fault_cases[] = {
  { "stall-mail", HERALD_OUTCOME_TEMPORARY,     0,   "", 0 },
  { "stall-dot",  HERALD_OUTCOME_UNKNOWN,       0,   "", 0 },
  { "reset-dot",  HERALD_OUTCOME_UNKNOWN,       0,   "", 0 },
  { "reset-data", HERALD_OUTCOME_TEMPORARY,     0,   "", 0, TRUE },
  { "rcpt550",    HERALD_OUTCOME_PERMANENT,     550, "5.1.1", 0 },
  { "dot451",     HERALD_OUTCOME_TEMPORARY,     451, "4.7.1", 0 },
  { "mail530",    HERALD_OUTCOME_ACCOUNT_FAULT, 530, "5.7.0", HERALD_TRANSPORT_ERROR_AUTH },
  { "ok",         HERALD_OUTCOME_ACCEPTED,      250, "2.0.0", 0 },
};

int
main (int    argc,
      char **argv)
{
  g_autofree char *openssl = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
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
  start_aiosmtpd (&starttls_server, "starttls", FALSE);
  start_aiosmtpd (&tls_server, "tls", TRUE);

  g_test_add_func ("/smtp/starttls/japanese-newsletter", test_japanese_newsletter);
  g_test_add_func ("/smtp/starttls/connection-reused", test_connection_reused);
  g_test_add_func ("/smtp/starttls/bare-lf-dots", test_bare_lf_dots);
  g_test_add_func ("/smtp/starttls/wrong-password", test_wrong_password);
  g_test_add_func ("/smtp/starttls/xoauth2", test_xoauth2);
  g_test_add_func ("/smtp/starttls/untrusted-certificate", test_untrusted_certificate);
  g_test_add_func ("/smtp/tls/implicit", test_implicit_tls);
  g_test_add_func ("/smtp/none/refused-to-remote-host", test_plain_text_only_to_loopback);
  g_test_add_func ("/smtp/fault/no-starttls", test_no_starttls);
  g_test_add_func ("/smtp/fault/starttls-injection", test_starttls_injection);
  g_test_add_func ("/smtp/fault/starttls-454", test_starttls_454);
  g_test_add_func ("/smtp/fault/greeting-421", test_greeting_421);
  g_test_add_func ("/smtp/fault/stall-greeting", test_stall_greeting);
  g_test_add_func ("/smtp/fault/stall-quit", test_stall_quit);
  g_test_add_func ("/smtp/fault/dot554-whole-reply", test_dot554_keeps_whole_reply);
  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/smtp/fault/%s", fault_cases[i].mode);

      g_test_add_data_func (path, &fault_cases[i], test_fault);
    }
  g_test_add_func ("/smtp/injection/envelope", test_envelope_injection);
  g_test_add_func ("/smtp/address/quoted-local", test_quoted_local_refused);
  g_test_add_func ("/smtp/address/utf8", test_utf8_addresses);
  g_test_add_func ("/smtp/injection/header", test_header_injection);

  status = g_test_run ();

  server_stop (&starttls_server);
  server_stop (&tls_server);
  remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (cert);
  g_free (key);
  g_free (srcdir);
  return status;
}
