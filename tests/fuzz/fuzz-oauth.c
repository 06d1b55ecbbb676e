/* fuzz-oauth.c — libFuzzer target for _herald_oauth_parse_token_answer():
 * any answer an HTTPS server calling itself a token endpoint might give
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input's first two bytes choose the HTTP status (100–599), the rest
 * is the body. Whatever it is, either there are tokens that can go into
 * an SMTP command (printable ASCII, no spaces) or an error whose message
 * is valid UTF-8 without control characters.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "herald-oauth.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
assert_plain (const char *token)
{
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), >, 0);
  for (const char *p = token; *p != '\0'; p++)
    g_assert_true ((guchar) *p > 0x20 && (guchar) *p < 0x7f);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const HeraldOAuthProvider provider = { "google", "Google", "https://a.example/auth",
                                                "https://a.example/token", "s", "id", "" };
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldOAuthTokens) tokens = NULL;
  guint status;

  if (size < 2)
    return 0;
  status = 100 + ((guint) data[0] << 8 | data[1]) % 500;
  tokens = _herald_oauth_parse_token_answer (&provider, "shop", status, (const char *) data + 2, size - 2, &error);
  if (tokens != NULL)
    {
      g_assert_null (error);
      g_assert_cmpuint (status, ==, 200);
      assert_plain (tokens->access_token);
      if (tokens->refresh_token != NULL)
        assert_plain (tokens->refresh_token);
      g_assert_cmpint (tokens->expires_at, >=, g_get_real_time () / G_USEC_PER_SEC - 5);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == HERALD_OAUTH_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      for (const char *p = error->message; *p != '\0'; p++)
        g_assert_true ((guchar) *p >= 0x20 && *p != 0x7f);
    }
  return 0;
}
