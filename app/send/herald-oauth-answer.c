/* herald-oauth-answer.c — what a token endpoint answered
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The answer comes from outside (RFC 6749 §5.1, §5.2): JSON with the
 * tokens, or an error code. Apart from the network code so that it can be
 * fuzzed alone (tests/fuzz/fuzz-oauth.c).
 */
#define G_LOG_DOMAIN "herald-oauth"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "herald-oauth.h"

G_DEFINE_QUARK (herald-oauth-error-quark, herald_oauth_error)

void
herald_oauth_tokens_free (HeraldOAuthTokens *tokens)
{
  if (tokens == NULL)
    return;
  if (tokens->access_token != NULL)
    memset (tokens->access_token, 0, strlen (tokens->access_token));
  if (tokens->refresh_token != NULL)
    memset (tokens->refresh_token, 0, strlen (tokens->refresh_token));
  g_free (tokens->access_token);
  g_free (tokens->refresh_token);
  g_free (tokens);
}

/**
 * _herald_oauth_dup_printable:
 *
 * Returns: (transfer full): @text from outside, fit for a message: valid
 *   UTF-8, control characters as spaces, at most 300 bytes
 */
char *
_herald_oauth_dup_printable (const char *text)
{
  char *clean = g_utf8_make_valid (text != NULL ? text : "", -1);
  char *end;

  for (char *p = clean; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  if (strlen (clean) > 300)
    {
      end = g_utf8_find_prev_char (clean, clean + 300);
      *(end != NULL ? end : clean) = '\0';
    }
  return clean;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/* An error answer (RFC 6749 §5.2) as a message a person can act on. */
static void
set_token_error (GError                    **error,
                 const HeraldOAuthProvider  *provider,
                 const char                 *account_name,
                 guint                       status,
                 JsonObject                 *answer)
{
  const char *code = member_string (answer, "error");
  const char *description = member_string (answer, "error_description");
  g_autofree char *raw = g_strdup_printf ("%s%s%s", code != NULL ? code : "",
                                          description != NULL ? ": " : "",
                                          description != NULL ? description : "");
  g_autofree char *said = _herald_oauth_dup_printable (raw);

  if (g_strcmp0 (code, "invalid_grant") == 0)
    g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_REVOKED,
                 /* TRANSLATORS: %1$s is Google or Microsoft, %2$s an account name, %3$s what it said */
                 _("%1$s no longer accepts the sign-in of the account “%2$s” (it was revoked, the "
                   "password changed, or it expired; %1$s said: %3$s). Sign in again to this account."),
                 provider->title, account_name != NULL ? account_name : "", said);
  else if (g_strcmp0 (code, "invalid_client") == 0 || g_strcmp0 (code, "unauthorized_client") == 0)
    g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG,
                 _("%s refused Herald’s client ID (it said: %s). The client ID this Herald uses is "
                   "not registered for signing in; ask whoever distributed it."),
                 provider->title, said);
  else
    g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_PROTOCOL,
                 _("%s’s sign-in server answered with an error (HTTP %u: %s). Try again later."),
                 provider->title, status, *said != '\0' ? said : _("no reason given"));
}


/* A token is printable ASCII without spaces (RFC 6750 §2.1's b64token and
 * what providers issue): it goes into an SMTP command. */
static gboolean
token_is_plain (const char *token)
{
  if (token == NULL || *token == '\0' || strlen (token) > 8192)
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f)
      return FALSE;
  return TRUE;
}

/**
 * _herald_oauth_parse_token_answer:
 * @status: the HTTP status
 * @data: the body, as received
 *
 * Returns: (transfer full) (nullable): the tokens, or NULL with @error
 *   set (HERALD_OAUTH_ERROR_REVOKED for invalid_grant)
 */
HeraldOAuthTokens *
_herald_oauth_parse_token_answer (const HeraldOAuthProvider  *provider,
                                  const char                 *account_name,
                                  guint                       status,
                                  const char                 *data,
                                  gsize                       len,
                                  GError                    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(HeraldOAuthTokens) tokens = NULL;
  JsonObject *answer = NULL;
  const char *access;
  const char *refresh;
  const char *type;
  JsonNode *expires;
  gint64 lifetime = 3600;

  if (len <= G_MAXSSIZE && json_parser_load_from_data (parser, data, (gssize) len, NULL) &&
      json_parser_get_root (parser) != NULL && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    answer = json_node_get_object (json_parser_get_root (parser));
  if (status != 200 || answer == NULL || member_string (answer, "error") != NULL)
    {
      set_token_error (error, provider, account_name, status, answer);
      return NULL;
    }
  access = member_string (answer, "access_token");
  refresh = member_string (answer, "refresh_token");
  type = member_string (answer, "token_type");
  if (!token_is_plain (access) || (refresh != NULL && !token_is_plain (refresh)) ||
      g_ascii_strcasecmp (type != NULL ? type : "bearer", "bearer") != 0)
    {
      g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_PROTOCOL,
                   _("%s’s sign-in server gave no usable access token. Try again later."),
                   provider->title);
      return NULL;
    }

  /* RFC 6749: "expires_in" is recommended, not required; an hour is what
   * both providers give. Some servers send it as a string. */
  expires = json_object_get_member (answer, "expires_in");
  if (expires != NULL && JSON_NODE_HOLDS_VALUE (expires))
    {
      if (json_node_get_value_type (expires) == G_TYPE_STRING)
        lifetime = g_ascii_strtoll (json_node_get_string (expires), NULL, 10);
      else if (json_node_get_value_type (expires) == G_TYPE_INT64)
        lifetime = json_node_get_int (expires);
      else if (json_node_get_value_type (expires) == G_TYPE_DOUBLE)
        lifetime = (gint64) CLAMP (json_node_get_double (expires), 0, 1e9);
    }
  tokens = g_new0 (HeraldOAuthTokens, 1);
  tokens->access_token = g_strdup (access);
  tokens->refresh_token = g_strdup (refresh);
  tokens->expires_at = g_get_real_time () / G_USEC_PER_SEC + CLAMP (lifetime, 0, 10 * 365 * 86400);
  return g_steal_pointer (&tokens);
}
