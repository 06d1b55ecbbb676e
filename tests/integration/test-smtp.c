/* test-smtp.c — the SMTP transport against real servers on loopback
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts aiosmtpd (STARTTLS or implicit TLS, AUTH required) with a
 * certificate made for the run, and checks what Herald's transport
 * delivers. The faults (a server that breaks the protocol on purpose) are
 * test-smtp-faults.c's; the helpers both use, test-smtp-common.c's.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "herald-account.h"
#include "herald-engine.h"
#include "herald-message.h"
#include "herald-smtp.h"
#include "herald-store.h"
#include "herald-transport.h"
#include "test-smtp-common.h"

static Server starttls_server;
static Server tls_server;

/* ---- helpers ---------------------------------------------------------- */

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
      .list_name = "山田商店のニュースレター — “月刊” (Monthly), A. B.",
      .list_id = "7.1a2b3c4d.herald.example.jp",
      .inline_images = images,
      .attachments = attachments,
    };
    message = herald_message_compose (&spec, &error);
    g_assert_no_error (error);
  }

  transport = open_transport (account, PASSWORD);
  /* The TLS version libcurl reported, and the keywords of the EHLO after STARTTLS. */
  summary = g_strdup_printf ("connected to 127.0.0.1:%u, STARTTLS (TLSv1.?), AUTH PLAIN accepted; the server "
                             "offers: SIZE 67108864, 8BITMIME, SMTPUTF8, AUTH LOGIN PLAIN XOAUTH2, HELP",
                             starttls_server.port);
  if (!g_pattern_match_simple (summary, herald_transport_get_summary (transport)))
    g_error ("the summary is “%s”, not “%s”", herald_transport_get_summary (transport), summary);
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
  ADD ("list_id", "7.1a2b3c4d.herald.example.jp");
  ADD ("list_name", "山田商店のニュースレター — “月刊” (Monthly), A. B.");
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

  g_assert_nonnull (strstr (herald_transport_get_summary (transport), ", TLS (TLSv1."));
  g_assert_nonnull (strstr (herald_transport_get_summary (transport), "), AUTH PLAIN accepted; the server offers: "));
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

static void
add_tests (void)
{
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
  g_test_add_func ("/smtp/injection/header", test_header_injection);
}

static void
stop_servers (void)
{
  server_stop (&starttls_server);
  server_stop (&tls_server);
}

int
main (int    argc,
      char **argv)
{
  return smtp_test_main (&argc, &argv, add_tests, stop_servers);
}
