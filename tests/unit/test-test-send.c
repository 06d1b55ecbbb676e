/* test-test-send.c — a test message readdressed: To: the user, no
 * List-Unsubscribe, the rest byte for byte, nothing injected
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "herald-engine.h"
#include "herald-message.h"
#include "herald-test-send.h"

#define BODY "Content-Type: text/plain; charset=utf-8\r\n" \
             "\r\n" \
             "To: this line is in the body and stays\r\n" \
             "List-Unsubscribe: so does this\r\n"

static char *
readdress (const char  *message,
           const char  *to,
           const char  *recipient,
           GError     **error)
{
  g_autoptr(GBytes) in = g_bytes_new (message, strlen (message));
  g_autoptr(GBytes) out = herald_test_message_readdress (in, to, recipient, error);

  return out != NULL ? g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out)) : NULL;
}

static void
test_folded (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = readdress ("Date: Sat, 28 Nov 2026 06:49:40 +0000\r\n"
                                    "From: Shop <info@example.jp>\r\n"
                                    "Subject: =?UTF-8?B?5L2Q6Jek?=\r\n"
                                    "To: =?UTF-8?B?5L2Q6Jek6Iqx5a2Q?=\r\n"
                                    " <hanako@example.jp>\r\n"
                                    "Message-ID: <1@example.jp>\r\n"
                                    "List-Unsubscribe: <mailto:u@example.jp>,\r\n"
                                    " <https://example.jp/u?email=hanako%40example.jp>\r\n"
                                    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
                                    "MIME-Version: 1.0\r\n"
                                    BODY,
                                    "me@example.org", "hanako@example.jp", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "Date: Sat, 28 Nov 2026 06:49:40 +0000\r\n"
                            "From: Shop <info@example.jp>\r\n"
                            "Subject: =?UTF-8?B?5L2Q6Jek?=\r\n"
                            "To: <me@example.org>\r\n"
                            "X-Herald-Test: hanako@example.jp\r\n"
                            "Message-ID: <1@example.jp>\r\n"
                            "MIME-Version: 1.0\r\n"
                            BODY);
}

static void
test_bad_address (void)
{
  const char *bad[] = { "", "me", "me@example.org>\r\nBcc: x@example.net", "me <me@example.org>",
                        "me@example.org\nBcc:x@example.net", "@example.org" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = readdress ("To: <a@example.jp>\r\n" BODY, bad[i], "a@example.jp", &error);

      g_assert_null (out);
      g_assert_error (error, HERALD_TEST_SEND_ERROR, HERALD_TEST_SEND_ERROR_INVALID);
    }
}

static void
test_no_injection (void)
{
  g_autoptr(GError) error = NULL;
  /* A recipient address that could open a header is not repeated. */
  g_autofree char *out = readdress ("To: <a@example.jp>\r\n" BODY, "me@example.org",
                                    "a@example.jp\r\nBcc: x@example.net", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "To: <me@example.org>\r\n" BODY);
}

static void
test_no_to (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = readdress ("From: a@example.jp\r\n" BODY, "me@example.org", NULL, &error);

  g_assert_null (out);
  g_assert_error (error, HERALD_TEST_SEND_ERROR, HERALD_TEST_SEND_ERROR_INVALID);
}

/* The composer's real output, with a long Japanese display name. */
static void
test_composed (void)
{
  g_autoptr(GError) error = NULL;
  HeraldMessageSpec spec = {
    .from = "ヘラルド文具店 <info@example.jp>",
    .to_addr = "hanako.sato@example.jp",
    .to_name = "株式会社さくら企画 営業部 第一営業課 佐藤 花子 様（東京本社 ご担当者様）",
    .subject = "佐藤 花子様へ 11月のお知らせ",
    .html = "<p>佐藤 花子 様</p>",
    .text = "佐藤 花子 様",
    .unsubscribe_mailto = "mailto:unsubscribe@example.jp",
    .unsubscribe_url = "https://example.jp/u?email=hanako.sato%40example.jp",
  };
  g_autoptr(GBytes) composed = herald_message_compose (&spec, &error);
  g_autoptr(GBytes) out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *original = NULL;
  const char *body_in, *body_out;

  g_assert_no_error (error);
  out = herald_test_message_readdress (composed, "me@example.org", spec.to_addr, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  g_assert_nonnull (strstr (text, "\r\nTo: <me@example.org>\r\nX-Herald-Test: hanako.sato@example.jp\r\n"));
  g_assert_null (strstr (text, "hanako.sato@example.jp>"));   /* no To: of the recipient's left */
  g_assert_null (strstr (text, "List-Unsubscribe"));
  g_assert_null (strstr (text, "\r\n\t"));
  original = g_strndup (g_bytes_get_data (composed, NULL), g_bytes_get_size (composed));
  g_assert_nonnull (strstr (original, "List-Unsubscribe-Post:"));   /* so its absence is checked */
  body_in = strstr (original, "\r\n\r\n");
  body_out = strstr (text, "\r\n\r\n");
  g_assert_nonnull (body_in);
  g_assert_nonnull (body_out);
  g_assert_cmpstr (body_out, ==, body_in);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  herald_engine_init ();

  g_test_add_func ("/test-send/readdress/folded", test_folded);
  g_test_add_func ("/test-send/readdress/bad-address", test_bad_address);
  g_test_add_func ("/test-send/readdress/no-injection", test_no_injection);
  g_test_add_func ("/test-send/readdress/no-to", test_no_to);
  g_test_add_func ("/test-send/readdress/composed", test_composed);
  return g_test_run ();
}
