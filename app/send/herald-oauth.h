/* herald-oauth.h — signing in with Google and Microsoft (OAuth 2.0)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   tokens = herald_oauth_sign_in ("google", "me@example.com", show_url, NULL,
 *                                  300, NULL, &error);      // the browser flow
 *   herald_keyring_store_password (account->name, tokens->refresh_token, …);
 *   …
 *   tokens = herald_oauth_refresh (account, refresh_token, NULL, &error);
 *   herald_smtp_transport_set_bearer_token (transport, tokens->access_token);
 */
#pragma once

#include <gio/gio.h>

#include "herald-account.h"

G_BEGIN_DECLS

#define HERALD_OAUTH_ERROR (herald_oauth_error_quark ())

typedef enum
{
  HERALD_OAUTH_ERROR_CONFIG,     /* no client ID, a bad endpoint, or the provider refused the client */
  HERALD_OAUTH_ERROR_DENIED,     /* the person (or the provider) declined the sign-in */
  HERALD_OAUTH_ERROR_STATE,      /* the answer was not for this sign-in (state, redirect) */
  HERALD_OAUTH_ERROR_REVOKED,    /* the refresh token no longer works: sign in again */
  HERALD_OAUTH_ERROR_NETWORK,    /* the token endpoint cannot be reached, or TLS failed */
  HERALD_OAUTH_ERROR_PROTOCOL,   /* the provider answered something unexpected */
  HERALD_OAUTH_ERROR_TIMED_OUT,  /* nobody finished the sign-in in the browser in time */
  HERALD_OAUTH_ERROR_ONLINE_ACCOUNTS, /* GNOME Online Accounts no longer has the account, or refused a token:
                                       * sign in again in Settings → Online Accounts (herald-goa.c) */
} HeraldOAuthError;

/* A provider: its endpoints and scope, and the client ID in force. */
typedef struct
{
  const char *id;                /* "google", "microsoft" */
  const char *title;             /* "Google", "Microsoft" */
  const char *authorize_url;
  const char *token_url;
  const char *scope;
  const char *client_id;         /* "" when none is configured */
  const char *client_secret;     /* "" when none (Google's desktop clients have one) */
} HeraldOAuthProvider;

typedef struct
{
  char   *access_token;
  char   *refresh_token;         /* NULL when a refresh did not rotate it */
  gint64  expires_at;            /* Unix seconds, on the real clock */
} HeraldOAuthTokens;

/* Called with the address the person opens in a browser. */
typedef void (*HeraldOAuthUrlFunc) (const char *url,
                                    gpointer    user_data);

GQuark               herald_oauth_error_quark        (void);

gboolean             herald_oauth_provider_get       (const char           *id,
                                                      HeraldOAuthProvider  *out_provider,
                                                      GError              **error);
const char          *herald_oauth_provider_for_preset (const char          *preset);

char                *herald_oauth_pkce_challenge     (const char           *verifier);
char                *herald_oauth_random_token       (void);

HeraldOAuthTokens   *herald_oauth_sign_in            (const char           *provider_id,
                                                      const char           *login_hint,
                                                      HeraldOAuthUrlFunc    url_func,
                                                      gpointer              user_data,
                                                      guint                 timeout_seconds,
                                                      GCancellable         *cancellable,
                                                      GError              **error);
HeraldOAuthTokens   *herald_oauth_refresh            (const HeraldAccount  *account,
                                                      const char           *refresh_token,
                                                      GCancellable         *cancellable,
                                                      GError              **error);
HeraldOAuthTokens   *herald_oauth_refresh_and_keep   (const HeraldAccount  *account,
                                                      char                **refresh_token,
                                                      GCancellable         *cancellable,
                                                      GError              **error);
char                *herald_oauth_fresh_access_token (const HeraldAccount *account,
                                                      GCancellable         *cancellable,
                                                      GError              **error);
void                 herald_oauth_tokens_free        (HeraldOAuthTokens    *tokens);

/* For the pieces of the flow (herald-oauth-flow.c, herald-oauth-answer.c). */
HeraldOAuthTokens   *_herald_oauth_token_request     (const HeraldOAuthProvider *provider,
                                                      const char           *account_name,
                                                      GHashTable           *form,
                                                      GCancellable         *cancellable,
                                                      GError              **error);

char                *_herald_oauth_dup_printable     (const char           *text);
HeraldOAuthTokens   *_herald_oauth_parse_token_answer (const HeraldOAuthProvider *provider,
                                                       const char           *account_name,
                                                       guint                 status,
                                                       const char           *data,
                                                       gsize                 len,
                                                       GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldOAuthTokens, herald_oauth_tokens_free)

G_END_DECLS
