/* test-sendgrid.c — SendGrid's answers, and the request made from a message
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * herald_sendgrid_judge() over the answers SendGrid gives, carried through
 * herald_verdict_classify(); herald_sendgrid_request_body() over a message
 * Herald composes, field by field.
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "herald-engine.h"
#include "herald-sendgrid.h"
#include "herald-verdict.h"

static void
test_answers (void)
{
  static const struct {
    guint status; const char *body; HeraldDeliveryState state; gboolean slow; gboolean fault;
  } cases[] = {
    { 202, "", HERALD_DELIVERY_SENT, FALSE, FALSE },
    { 429, "{\"errors\":[{\"message\":\"too many requests\"}]}", HERALD_DELIVERY_DEFERRED, TRUE, FALSE },
    { 500, NULL, HERALD_DELIVERY_DEFERRED, FALSE, FALSE },
    { 401, "{\"errors\":[{\"message\":\"The provided authorization grant is invalid, expired, or revoked\",\"field\":null}]}",
      HERALD_DELIVERY_QUEUED, FALSE, TRUE },
    { 403, "{\"errors\":[{\"message\":\"The from address does not match a verified Sender Identity.\",\"field\":\"from\"}]}",
      HERALD_DELIVERY_QUEUED, FALSE, TRUE },
    { 400, "{\"errors\":[{\"message\":\"Does not contain a valid address: taro@example.jp\",\"field\":\"personalizations.0.to.0.email\"}]}",
      HERALD_DELIVERY_FAILED, FALSE, FALSE },
    { 413, "{\"errors\":[{\"message\":\"too large\"}]}", HERALD_DELIVERY_FAILED, FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = cases[i].body != NULL ? g_bytes_new (cases[i].body, strlen (cases[i].body)) : NULL;
      HeraldOutcome out = { 0 };
      HeraldVerdict verdict;

      herald_sendgrid_judge (cases[i].status, cases[i].status == 202 ? "abc123" : NULL, body,
                             "taro@example.jp", &out);
      herald_verdict_classify (out.kind, out.code, out.enhanced, &verdict);
      g_assert_cmpint (verdict.state, ==, cases[i].state);
      g_assert_cmpint (verdict.slow_down, ==, cases[i].slow);
      g_assert_cmpint (verdict.account_fault, ==, cases[i].fault);
      if (cases[i].status == 202)
        g_assert_cmpstr (out.provider_id, ==, "abc123");
      if (cases[i].status == 400)
        g_assert_cmpstr (out.reply, ==, "HTTP 400 Does not contain a valid address: taro@example.jp "
                                         "(personalizations.0.to.0.email)");
      herald_outcome_clear (&out);
    }
}

static const char message[] =
  "From: =?UTF-8?B?44K344On44OD44OX?= <shop@example.jp>\r\n"
  "Reply-To: Support <help@example.jp>\r\n"
  "To: taro@example.jp\r\n"
  "Subject: =?UTF-8?B?44GK55+l44KJ44Gb?=\r\n"
  "Date: Sun, 06 Dec 2026 10:00:00 +0000\r\n"
  "Message-ID: <herald.1.2.abc@example.jp>\r\n"
  "List-Unsubscribe: <https://example.jp/u?t=TOKEN>\r\n"
  "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
  "MIME-Version: 1.0\r\n"
  "Content-Type: multipart/mixed; boundary=\"m\"\r\n"
  "\r\n"
  "--m\r\n"
  "Content-Type: multipart/alternative; boundary=\"a\"\r\n"
  "\r\n"
  "--a\r\n"
  "Content-Type: text/plain; charset=iso-2022-jp\r\n"
  "Content-Transfer-Encoding: 7bit\r\n"
  "\r\n"
  "\x1b$B$3$s$K$A$O\x1b(B\r\n"
  "--a\r\n"
  "Content-Type: multipart/related; boundary=\"r\"\r\n"
  "\r\n"
  "--r\r\n"
  "Content-Type: text/html; charset=utf-8\r\n"
  "Content-Transfer-Encoding: base64\r\n"
  "\r\n"
  "PHA+SGk8L3A+PGltZyBzcmM9ImNpZDpsb2dvQHgiPg==\r\n"
  "--r\r\n"
  "Content-Type: image/png\r\n"
  "Content-ID: <logo@x>\r\n"
  "Content-Disposition: inline; filename=\"logo.png\"\r\n"
  "Content-Transfer-Encoding: base64\r\n"
  "\r\n"
  "AAEC\r\n"
  "--r--\r\n"
  "--a--\r\n"
  "--m\r\n"
  "Content-Type: text/plain; charset=utf-8\r\n"
  "Content-Disposition: attachment; filename=\"a.txt\"\r\n"
  "Content-Transfer-Encoding: base64\r\n"
  "\r\n"
  "aGVsbG8=\r\n"
  "--m--\r\n";

static void
test_request (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (message, sizeof message - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = herald_sendgrid_request_body ("taro@example.jp", bytes, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *headers, *att0, *att1;
  JsonArray *content, *attachments;

  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "subject"), ==, "お知らせ");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "from"), "name"), ==, "ショップ");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "from"), "email"), ==, "shop@example.jp");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "reply_to"), "email"), ==, "help@example.jp");
  content = json_object_get_array_member (root, "content");
  g_assert_cmpuint (json_array_get_length (content), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (content, 0), "type"), ==, "text/plain");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (content, 0), "value"), ==, "こんにちは");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (content, 1), "value"), ==, "<p>Hi</p><img src=\"cid:logo@x\">");
  attachments = json_object_get_array_member (root, "attachments");
  g_assert_cmpuint (json_array_get_length (attachments), ==, 2);
  att0 = json_array_get_object_element (attachments, 0);
  att1 = json_array_get_object_element (attachments, 1);
  g_assert_cmpstr (json_object_get_string_member (att0, "disposition"), ==, "inline");
  g_assert_cmpstr (json_object_get_string_member (att0, "content_id"), ==, "logo@x");
  g_assert_cmpstr (json_object_get_string_member (att0, "content"), ==, "AAEC");
  g_assert_cmpstr (json_object_get_string_member (att1, "disposition"), ==, "attachment");
  g_assert_cmpstr (json_object_get_string_member (att1, "filename"), ==, "a.txt");
  g_assert_cmpstr (json_object_get_string_member (att1, "content"), ==, "aGVsbG8=");
  headers = json_object_get_object_member (root, "headers");
  g_assert_cmpstr (json_object_get_string_member (headers, "Message-ID"), ==, "<herald.1.2.abc@example.jp>");
  g_assert_cmpstr (json_object_get_string_member (headers, "List-Unsubscribe"), ==, "<https://example.jp/u?t=TOKEN>");
  g_assert_cmpstr (json_object_get_string_member (headers, "List-Unsubscribe-Post"), ==, "List-Unsubscribe=One-Click");
  g_assert_false (json_object_has_member (headers, "Date"));
  g_assert_false (json_object_has_member (headers, "Subject"));
  g_assert_false (json_object_has_member (headers, "Content-Type"));
}

static void
test_scopes (void)
{
  g_autoptr(GBytes) yes = g_bytes_new_static ("{\"scopes\":[\"stats.read\",\"mail.send\"]}", 37);
  g_autoptr(GBytes) no = g_bytes_new_static ("{\"scopes\":[\"stats.read\"]}", 25);
  g_autoptr(GBytes) odd = g_bytes_new_static ("{\"scopes\":[1,{\"mail.send\":1}]}", 30);

  g_assert_true (herald_sendgrid_scopes_allow_sending (yes));
  g_assert_false (herald_sendgrid_scopes_allow_sending (no));
  g_assert_false (herald_sendgrid_scopes_allow_sending (odd));
  g_assert_false (herald_sendgrid_scopes_allow_sending (NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  herald_engine_init ();
  g_test_add_func ("/sendgrid/answers", test_answers);
  g_test_add_func ("/sendgrid/request", test_request);
  g_test_add_func ("/sendgrid/scopes", test_scopes);
  return g_test_run ();
}
