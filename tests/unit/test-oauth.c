/* test-oauth.c — the pieces of signing in that need no network: PKCE
 * against RFC 7636's own example, the random tokens, the providers'
 * settings and their overrides, and reading a token endpoint's answers
 * (the whole flow: tests/integration/cli-oauth.sh)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "herald-oauth.h"

/* RFC 7636 Appendix B. */
static void
test_pkce (void)
{
  g_autofree char *challenge = herald_oauth_pkce_challenge ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

static void
test_random (void)
{
  g_autofree char *a = herald_oauth_random_token ();
  g_autofree char *b = herald_oauth_random_token ();

  /* 32 bytes, base64url without padding: a PKCE verifier of 43 characters. */
  g_assert_cmpuint (strlen (a), ==, 43);
  g_assert_cmpuint (strspn (a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), ==, 43);
  g_assert_cmpstr (a, !=, b);
}

static void
test_presets (void)
{
  g_assert_cmpstr (herald_oauth_provider_for_preset ("gmail"), ==, "google");
  g_assert_cmpstr (herald_oauth_provider_for_preset ("google-workspace"), ==, "google");
  g_assert_cmpstr (herald_oauth_provider_for_preset ("microsoft-365"), ==, "microsoft");
  g_assert_cmpstr (herald_oauth_provider_for_preset ("outlook-com"), ==, "microsoft");
  g_assert_null (herald_oauth_provider_for_preset ("xserver"));
  g_assert_null (herald_oauth_provider_for_preset (NULL));
}

static void
test_provider (void)
{
  HeraldOAuthProvider p;
  g_autoptr(GError) error = NULL;

  g_setenv ("HERALD_OAUTH_MICROSOFT_CLIENT_ID", "ms-id", TRUE);
  g_assert_true (herald_oauth_provider_get ("microsoft", &p, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (p.title, ==, "Microsoft");
  g_assert_cmpstr (p.client_id, ==, "ms-id");
  g_assert_cmpstr (p.scope, ==, "https://outlook.office.com/SMTP.Send offline_access");
  g_assert_cmpstr (p.authorize_url, ==, "https://login.microsoftonline.com/common/oauth2/v2.0/authorize");
  g_assert_cmpstr (p.token_url, ==, "https://login.microsoftonline.com/common/oauth2/v2.0/token");

  g_setenv ("HERALD_OAUTH_GOOGLE_CLIENT_ID", "g-id", TRUE);
  g_setenv ("HERALD_OAUTH_GOOGLE_TOKEN_URL", "https://127.0.0.1:8443/token", TRUE);
  g_assert_true (herald_oauth_provider_get ("google", &p, &error));
  g_assert_cmpstr (p.scope, ==, "https://mail.google.com/");
  g_assert_cmpstr (p.authorize_url, ==, "https://accounts.google.com/o/oauth2/v2/auth");
  g_assert_cmpstr (p.token_url, ==, "https://127.0.0.1:8443/token");

  /* The code and the tokens never travel in the clear. */
  g_setenv ("HERALD_OAUTH_GOOGLE_TOKEN_URL", "http://127.0.0.1:8080/token", TRUE);
  g_assert_false (herald_oauth_provider_get ("google", &p, &error));
  g_assert_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG);
  g_clear_error (&error);
  g_unsetenv ("HERALD_OAUTH_GOOGLE_TOKEN_URL");

  g_assert_false (herald_oauth_provider_get ("yahoo", &p, &error));
  g_assert_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG);
  g_clear_error (&error);

  /* No client ID: a message saying how to give one (unless this build has
   * one built in). */
  g_unsetenv ("HERALD_OAUTH_GOOGLE_CLIENT_ID");
  if (*HERALD_OAUTH_GOOGLE_CLIENT_ID == '\0')
    {
      g_assert_false (herald_oauth_provider_get ("google", &p, &error));
      g_assert_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG);
      g_assert_nonnull (strstr (error->message, "HERALD_OAUTH_GOOGLE_CLIENT_ID"));
    }
}

static HeraldOAuthTokens *
parse (guint        status,
       const char  *body,
       GError     **error)
{
  static const HeraldOAuthProvider provider = { "google", "Google", "https://a.example/auth",
                                                "https://a.example/token", "s", "id", "" };

  return _herald_oauth_parse_token_answer (&provider, "shop", status, body, strlen (body), error);
}

static void
test_answers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldOAuthTokens) tokens = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  tokens = parse (200, "{\"access_token\":\"ya29.a0\",\"expires_in\":3599,\"refresh_token\":\"1//0g\","
                       "\"token_type\":\"Bearer\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tokens->access_token, ==, "ya29.a0");
  g_assert_cmpstr (tokens->refresh_token, ==, "1//0g");
  g_assert_cmpint (tokens->expires_at, >=, now + 3599);
  g_assert_cmpint (tokens->expires_at, <=, now + 3601);
  g_clear_pointer (&tokens, herald_oauth_tokens_free);

  /* A refresh: no new refresh token; expires_in as a string. */
  tokens = parse (200, "{\"access_token\":\"at\",\"expires_in\":\"60\",\"token_type\":\"bearer\"}", &error);
  g_assert_no_error (error);
  g_assert_null (tokens->refresh_token);
  g_assert_cmpint (tokens->expires_at, <=, now + 61);
  g_clear_pointer (&tokens, herald_oauth_tokens_free);

  /* Revoked or expired: "Sign in again". */
  tokens = parse (400, "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been\\nrevoked.\"}", &error);
  g_assert_null (tokens);
  g_assert_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_REVOKED);
  g_assert_nonnull (strstr (error->message, "Sign in again"));
  g_assert_nonnull (strstr (error->message, "“shop”"));
  g_assert_nonnull (strstr (error->message, "Token has been revoked."));   /* the line end made a space */
  g_clear_error (&error);

  tokens = parse (401, "{\"error\":\"invalid_client\"}", &error);
  g_assert_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG);
  g_clear_error (&error);

  tokens = parse (502, "<html>Bad Gateway</html>", &error);
  g_assert_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* A token that would break the SMTP command, or another kind of token. */
  tokens = parse (200, "{\"access_token\":\"a b\\r\\nQUIT\"}", &error);
  g_assert_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_PROTOCOL);
  g_clear_error (&error);
  tokens = parse (200, "{\"access_token\":\"at\",\"token_type\":\"mac\"}", &error);
  g_assert_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_PROTOCOL);
  g_clear_error (&error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/oauth/pkce-rfc7636", test_pkce);
  g_test_add_func ("/oauth/random", test_random);
  g_test_add_func ("/oauth/presets", test_presets);
  g_test_add_func ("/oauth/provider", test_provider);
  g_test_add_func ("/oauth/answers", test_answers);
  return g_test_run ();
}
