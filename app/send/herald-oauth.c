/* herald-oauth.c — OAuth 2.0 providers, PKCE and the token endpoint
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Google and Microsoft turn away passwords for SMTP more and more; both
 * take an OAuth 2.0 access token instead (SASL XOAUTH2, herald-smtp.c).
 * Herald is a "native app" (RFC 8252): the sign-in happens in the
 * person's browser and comes back to a loopback address Herald serves
 * (herald-oauth-flow.c), with PKCE (RFC 7636, S256) so that an
 * intercepted code is of no use to anyone else.
 *
 * Client IDs are configuration, not code: each distributor registers its
 * own with Google and Microsoft and builds Herald with it (meson options
 * oauth_google_client_id, oauth_google_client_secret and
 * oauth_microsoft_client_id), and the environment can give another
 * (HERALD_OAUTH_GOOGLE_CLIENT_ID …). The endpoints can be moved the same
 * way (HERALD_OAUTH_GOOGLE_AUTHORIZE_URL, …_TOKEN_URL), with
 * HERALD_OAUTH_CA_FILE as the only trusted CA: for tests against a
 * loopback authorization server.
 *
 * The refresh token is a password in all but name: it lives in the
 * keyring only, in the account's password slot. Access tokens live in
 * memory for one run.
 */
#define G_LOG_DOMAIN "herald-oauth"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "herald-goa.h"
#include "herald-oauth.h"

#define TOKEN_TIMEOUT 60

/* The published endpoints and the scopes SMTP submission needs:
 * https://developers.google.com/identity/protocols/oauth2/native-app and
 * https://developers.google.com/gmail/imap/xoauth2-protocol (scope
 * https://mail.google.com/); https://learn.microsoft.com/exchange/
 * client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-
 * application-by-using-oauth (scope SMTP.Send, and offline_access for a
 * refresh token). */
static const struct
{
  const char *id;
  const char *title;
  const char *authorize_url;
  const char *token_url;
  const char *scope;
  const char *client_id;
  const char *client_secret;
} providers[] = {
  { "google", "Google",
    "https://accounts.google.com/o/oauth2/v2/auth",
    "https://oauth2.googleapis.com/token",
    "https://mail.google.com/",
    HERALD_OAUTH_GOOGLE_CLIENT_ID, HERALD_OAUTH_GOOGLE_CLIENT_SECRET },
  { "microsoft", "Microsoft",
    "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
    "https://login.microsoftonline.com/common/oauth2/v2.0/token",
    "https://outlook.office.com/SMTP.Send offline_access",
    HERALD_OAUTH_MICROSOFT_CLIENT_ID, "" },
};

static const char *
env_or (const char *id,
        const char *what,
        const char *fallback)
{
  g_autofree char *upper = g_ascii_strup (id, -1);
  g_autofree char *name = g_strdup_printf ("HERALD_OAUTH_%s_%s", upper, what);
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? value : fallback;
}

/* The preference "oauth-ID-WHAT" ("oauth-google-client-id"), or
 * @fallback when it is empty or Herald's settings are not installed (a
 * command run from the build folder). Kept for the process's life. */
static const char *
setting_or (const char *id,
            const char *what,
            const char *fallback)
{
  static GMutex lock;
  static GHashTable *values;   /* key → string, never freed */
  g_autofree char *key = g_strdup_printf ("oauth-%s-%s", id, what);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  const char *value;

  /* The schema id is Herald's in every build profile (see the schema). */
  if (source == NULL ||
      (schema = g_settings_schema_source_lookup (source, "io.github.heraldmail.Herald", TRUE)) == NULL ||
      !g_settings_schema_has_key (schema, key))
    return fallback;
  g_mutex_lock (&lock);
  if (values == NULL)
    values = g_hash_table_new (g_str_hash, g_str_equal);
  value = g_hash_table_lookup (values, key);
  if (value == NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new_full (schema, NULL, NULL);

      value = g_settings_get_string (settings, key);
      g_hash_table_insert (values, g_steal_pointer (&key), (gpointer) value);
    }
  g_mutex_unlock (&lock);
  return *value != '\0' ? value : fallback;
}

/* https:// always: the token endpoint gets the code and gives tokens. */
static gboolean
endpoint_is_https (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 &&
         g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

/**
 * herald_oauth_provider_get:
 * @id: "google" or "microsoft"
 *
 * Fills @out_provider with the provider's settings in force (built-in,
 * or moved by the environment). Its strings live as long as the process
 * and its environment. Fails when no client ID is configured.
 */
gboolean
herald_oauth_provider_get (const char           *id,
                           HeraldOAuthProvider  *out_provider,
                           GError              **error)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (providers); i++)
    if (strcmp (providers[i].id, id) == 0)
      {
        HeraldOAuthProvider *p = out_provider;

        p->id = providers[i].id;
        p->title = providers[i].title;
        p->authorize_url = env_or (id, "AUTHORIZE_URL", providers[i].authorize_url);
        p->token_url = env_or (id, "TOKEN_URL", providers[i].token_url);
        p->scope = providers[i].scope;
        /* The environment, else the preference, else the build's own. */
        p->client_id = env_or (id, "CLIENT_ID", setting_or (id, "client-id", providers[i].client_id));
        p->client_secret = env_or (id, "CLIENT_SECRET", setting_or (id, "client-secret", providers[i].client_secret));
        if (*p->client_id == '\0')
          {
            g_autofree char *upper = g_ascii_strup (id, -1);

            g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG,
                         /* TRANSLATORS: %1$s is Google or Microsoft; %2$s GOOGLE or MICROSOFT */
                         _("This copy of Herald has no client ID for signing in with %1$s. Whoever "
                           "built it must register it with %1$s and build it with that client ID, "
                           "or set one in the environment variable HERALD_OAUTH_%2$s_CLIENT_ID. "
                           "Meanwhile, use an app password if the account allows one."),
                         p->title, upper);
            return FALSE;
          }
        if (!endpoint_is_https (p->authorize_url) || !endpoint_is_https (p->token_url))
          {
            g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG,
                         _("The sign-in addresses for %s must start with https:// (“%s”, “%s”). "
                           "Correct the environment variables that change them."),
                         p->title, p->authorize_url, p->token_url);
            return FALSE;
          }
        return TRUE;
      }
  g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG,
               _("Herald cannot sign in with “%s”: only Google and Microsoft accounts can sign in."),
               id != NULL ? id : "");
  return FALSE;
}

/**
 * herald_oauth_provider_for_preset:
 *
 * Returns: (nullable): the sign-in provider of a provider preset
 *   ("gmail" → "google"), or NULL when the preset has none
 */
const char *
herald_oauth_provider_for_preset (const char *preset)
{
  if (g_strcmp0 (preset, "gmail") == 0 || g_strcmp0 (preset, "google-workspace") == 0)
    return "google";
  if (g_strcmp0 (preset, "microsoft-365") == 0 || g_strcmp0 (preset, "outlook-com") == 0)
    return "microsoft";
  return NULL;
}

static char *
base64url (const guint8 *data,
           gsize         len)
{
  char *text = g_base64_encode (data, len);
  char *p;

  for (p = text; *p != '\0'; p++)
    if (*p == '+')
      *p = '-';
    else if (*p == '/')
      *p = '_';
  while (p > text && p[-1] == '=')
    *--p = '\0';
  return text;
}

/**
 * herald_oauth_random_token:
 *
 * Returns: (transfer full): 32 random bytes, base64url without padding
 *   (43 characters): a PKCE code verifier or a state
 */
char *
herald_oauth_random_token (void)
{
  guint8 bytes[32];

  /* The kernel's generator, not GLib's (a Mersenne Twister: predictable). */
  if (getrandom (bytes, sizeof bytes, 0) != (ssize_t) sizeof bytes)
    g_error ("getrandom() failed: %s", g_strerror (errno));
  return base64url (bytes, sizeof bytes);
}

/**
 * herald_oauth_pkce_challenge:
 *
 * Returns: (transfer full): BASE64URL(SHA256(@verifier)), the S256 code
 *   challenge of RFC 7636 §4.2
 */
char *
herald_oauth_pkce_challenge (const char *verifier)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;

  g_checksum_update (sum, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (sum, digest, &len);
  return base64url (digest, len);
}

/* POSTs @form to the token endpoint and reads the tokens it answers. */
HeraldOAuthTokens *
_herald_oauth_token_request (const HeraldOAuthProvider  *provider,
                             const char                 *account_name,
                             GHashTable                 *form,
                             GCancellable               *cancellable,
                             GError                    **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local = NULL;
  const char *ca_file = g_getenv ("HERALD_OAUTH_CA_FILE");

  session = soup_session_new_with_options ("timeout", TOKEN_TIMEOUT,
                                           "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION, NULL);
  if (ca_file != NULL && *ca_file != '\0')
    {
      g_autoptr(GTlsDatabase) db = g_tls_file_database_new (ca_file, &local);

      if (db == NULL)
        {
          g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG,
                       _("The CA certificate file “%s” cannot be read: %s. Give the path of a PEM file."),
                       ca_file, local->message);
          return NULL;
        }
      soup_session_set_tls_database (session, db);
    }

  msg = soup_message_new_from_encoded_form ("POST", provider->token_url, soup_form_encode_hash (form));
  if (msg == NULL)
    {
      g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG,
                   _("The sign-in address “%s” is not a valid address."), provider->token_url);
      return NULL;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  body = soup_session_send_and_read (session, msg, cancellable, &local);
  if (body == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_NETWORK,
                     /* TRANSLATORS: %1$s is Google or Microsoft, %2$s an address, %3$s why */
                     _("Cannot reach %1$s’s sign-in server %2$s (%3$s). Check the network "
                       "connection and try again."),
                     provider->title, provider->token_url, local->message);
      return NULL;
    }

  return _herald_oauth_parse_token_answer (provider, account_name, soup_message_get_status (msg),
                                           g_bytes_get_data (body, NULL), g_bytes_get_size (body), error);
}

/**
 * herald_oauth_refresh:
 * @account: an account with an oauth_provider
 * @refresh_token: its refresh token, from the keyring
 *
 * Gets a fresh access token. A revoked or expired refresh token fails
 * with HERALD_OAUTH_ERROR_REVOKED ("Sign in again"). Blocks.
 *
 * Returns: (transfer full) (nullable): the tokens; refresh_token is set
 *   when the provider rotated it (Microsoft does): keep the new one
 */
HeraldOAuthTokens *
herald_oauth_refresh (const HeraldAccount  *account,
                      const char           *refresh_token,
                      GCancellable         *cancellable,
                      GError              **error)
{
  HeraldOAuthProvider provider;
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (account != NULL && refresh_token != NULL, NULL);

  if (!herald_oauth_provider_get (account->oauth_provider, &provider, error))
    return NULL;
  g_hash_table_insert (form, "grant_type", "refresh_token");
  g_hash_table_insert (form, "refresh_token", (gpointer) refresh_token);
  g_hash_table_insert (form, "client_id", (gpointer) provider.client_id);
  if (*provider.client_secret != '\0')
    g_hash_table_insert (form, "client_secret", (gpointer) provider.client_secret);
  if (strcmp (provider.id, "microsoft") == 0)
    g_hash_table_insert (form, "scope", (gpointer) provider.scope);
  return _herald_oauth_token_request (&provider, account->name, form, cancellable, error);
}

/**
 * herald_oauth_refresh_and_keep:
 * @refresh_token: (inout): the refresh token; replaced when rotated
 *
 * herald_oauth_refresh(), then a rotated refresh token goes into the
 * keyring in place of the old one (which the provider no longer takes).
 */
HeraldOAuthTokens *
herald_oauth_refresh_and_keep (const HeraldAccount  *account,
                               char                **refresh_token,
                               GCancellable         *cancellable,
                               GError              **error)
{
  g_autoptr(HeraldOAuthTokens) tokens = herald_oauth_refresh (account, *refresh_token, cancellable, error);

  if (tokens == NULL)
    return NULL;
  if (tokens->refresh_token != NULL && strcmp (tokens->refresh_token, *refresh_token) != 0)
    {
      if (!herald_keyring_store_password (account->name, tokens->refresh_token, cancellable, error))
        return NULL;
      herald_password_free (*refresh_token);
      *refresh_token = g_strdup (tokens->refresh_token);
    }
  return g_steal_pointer (&tokens);
}

/**
 * herald_oauth_fresh_access_token:
 *
 * A fresh access token for a signed-in @account, from its refresh token
 * in the keyring (a rotated refresh token goes back there), or from GNOME
 * Online Accounts when its sign-in is there. Blocks.
 *
 * Returns: (transfer full) (nullable): the access token
 */
char *
herald_oauth_fresh_access_token (const HeraldAccount  *account,
                                 GCancellable         *cancellable,
                                 GError              **error)
{
  char *refresh_token = NULL;
  g_autoptr(HeraldOAuthTokens) tokens = NULL;

  if (account->goa_id != NULL)
    return herald_goa_get_access_token (account, NULL, cancellable, error);
  refresh_token = herald_keyring_lookup_password (account->name, cancellable, error);
  if (refresh_token == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_REVOKED,
                     _("The account “%s” is not signed in (the keyring has no sign-in for it). "
                       "Sign in again to this account."),
                     account->name);
      return NULL;
    }
  tokens = herald_oauth_refresh_and_keep (account, &refresh_token, cancellable, error);
  herald_password_free (refresh_token);
  return tokens != NULL ? g_steal_pointer (&tokens->access_token) : NULL;
}
