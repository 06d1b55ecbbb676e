/* herald-oauth-flow.c — the sign-in in the browser, back to a loopback address
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 8252 §7.3: Herald listens on 127.0.0.1 at a port the system picks,
 * sends the person to the provider's authorization page with
 * redirect_uri=http://127.0.0.1:PORT/, a fresh state and a PKCE S256
 * challenge, and waits for the browser to come back with the code. The
 * answer must carry the same state (else it is not this sign-in's: the
 * sign-in stops); the code is then exchanged, with the verifier, at the
 * token endpoint over TLS.
 */
#define G_LOG_DOMAIN "herald-oauth"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "herald-oauth.h"

typedef struct
{
  const char   *state;
  GMainContext *context;
  gboolean      done;
  char         *code;
  GError       *error;
  const char   *title;
} Wait;

static void
reply_page (SoupServerMessage *msg,
            guint              status,
            const char        *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *page = g_strdup_printf ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                                           "<title>Herald</title></head><body><p>%s</p></body></html>\n",
                                           escaped);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    page, strlen (page));
}

/* The browser comes back: GET /?code=…&state=… or /?error=…&state=… */
static void
on_redirect_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Wait *wait = user_data;
  const char *state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  const char *code = query != NULL ? g_hash_table_lookup (query, "code") : NULL;
  const char *error = query != NULL ? g_hash_table_lookup (query, "error") : NULL;

  if (wait->done || strcmp (path, "/") != 0 ||
      strcmp (soup_server_message_get_method (msg), "GET") != 0 ||
      (code == NULL && error == NULL))
    {
      /* A browser also asks for /favicon.ico; not the answer. */
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  wait->done = TRUE;
  g_main_context_wakeup (wait->context);
  if (state == NULL || strcmp (state, wait->state) != 0)
    {
      g_set_error (&wait->error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_STATE,
                   _("The answer that came back to Herald was not for this sign-in (its “state” "
                     "did not match), so it was refused. Start the sign-in again."));
      reply_page (msg, SOUP_STATUS_BAD_REQUEST, wait->error->message);
      return;
    }
  if (error != NULL)
    {
      g_autofree char *description = _herald_oauth_dup_printable (
          g_hash_table_lookup (query, "error_description") != NULL
          ? g_hash_table_lookup (query, "error_description") : error);

      g_set_error (&wait->error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_DENIED,
                   /* TRANSLATORS: %1$s is Google or Microsoft; %2$s its reason, e.g. access_denied */
                   _("The sign-in with %1$s did not finish (%2$s). Start it again and allow Herald "
                     "to send mail."),
                   wait->title, description);
      reply_page (msg, SOUP_STATUS_OK, wait->error->message);
      return;
    }
  wait->code = g_strdup (code);
  reply_page (msg, SOUP_STATUS_OK, _("Herald is signed in. You can close this page and go back to Herald."));
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Cancelled from another thread (the window's Cancel): wake the wait. */
static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  g_main_context_wakeup (user_data);
}

static char *
build_authorize_url (const HeraldOAuthProvider *provider,
                     const char                *redirect_uri,
                     const char                *state,
                     const char                *challenge,
                     const char                *login_hint)
{
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *query = NULL;

  g_hash_table_insert (params, "response_type", "code");
  g_hash_table_insert (params, "client_id", (gpointer) provider->client_id);
  g_hash_table_insert (params, "redirect_uri", (gpointer) redirect_uri);
  g_hash_table_insert (params, "scope", (gpointer) provider->scope);
  g_hash_table_insert (params, "state", (gpointer) state);
  g_hash_table_insert (params, "code_challenge", (gpointer) challenge);
  g_hash_table_insert (params, "code_challenge_method", "S256");
  if (login_hint != NULL && *login_hint != '\0')
    g_hash_table_insert (params, "login_hint", (gpointer) login_hint);
  if (strcmp (provider->id, "google") == 0)
    {
      /* A refresh token every time, not only at the first consent. */
      g_hash_table_insert (params, "access_type", "offline");
      g_hash_table_insert (params, "prompt", "consent");
    }
  query = soup_form_encode_hash (params);
  return g_strconcat (provider->authorize_url,
                      strchr (provider->authorize_url, '?') != NULL ? "&" : "?", query, NULL);
}

/* Listens on 127.0.0.1, port chosen by the system; returns the port. */
static guint
listen_loopback (SoupServer  *server,
                 GError     **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSList *uris;
  guint port = 0;

  if (!soup_server_listen (server, address, 0, error))
    return 0;
  uris = soup_server_get_uris (server);
  if (uris != NULL)
    port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

/**
 * herald_oauth_sign_in:
 * @provider_id: "google" or "microsoft"
 * @login_hint: (nullable): the address to sign in as, filled in for the person
 * @url_func: shows (or opens) the address the person must visit
 * @timeout_seconds: how long to wait for the browser to come back
 *
 * The whole sign-in: loopback listener, authorization URL (handed to
 * @url_func), the redirect with its state checked, and the code exchanged
 * for tokens. Blocks, running a private main context. The listener is
 * closed before this returns.
 *
 * Returns: (transfer full) (nullable): the tokens, with a refresh token
 */
HeraldOAuthTokens *
herald_oauth_sign_in (const char          *provider_id,
                      const char          *login_hint,
                      HeraldOAuthUrlFunc   url_func,
                      gpointer             user_data,
                      guint                timeout_seconds,
                      GCancellable        *cancellable,
                      GError             **error)
{
  HeraldOAuthProvider provider;
  g_autofree char *verifier = herald_oauth_random_token ();
  g_autofree char *state = herald_oauth_random_token ();
  g_autofree char *challenge = herald_oauth_pkce_challenge (verifier);
  g_autofree char *redirect_uri = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(HeraldOAuthTokens) tokens = NULL;
  Wait wait = { .state = state, .context = context };
  gboolean timed_out = FALSE;
  gulong cancelled_id = 0;
  GSource *timeout;
  guint port;

  if (!herald_oauth_provider_get (provider_id, &provider, error))
    return NULL;
  wait.title = provider.title;

  g_main_context_push_thread_default (context);
  server = soup_server_new ("server-header", PACKAGE_NAME " ", NULL);
  soup_server_add_handler (server, NULL, on_redirect_cb, &wait, NULL);
  port = listen_loopback (server, error);
  if (port == 0)
    {
      g_main_context_pop_thread_default (context);
      return NULL;
    }
  redirect_uri = g_strdup_printf ("http://127.0.0.1:%u/", port);
  url = build_authorize_url (&provider, redirect_uri, state, challenge, login_hint);
  url_func (url, user_data);

  timeout = g_timeout_source_new_seconds (MAX (timeout_seconds, 1));
  g_source_set_callback (timeout, on_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, context);
  if (cancellable != NULL)
    cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb),
                                          g_main_context_ref (context),
                                          (GDestroyNotify) g_main_context_unref);
  while (!wait.done && !timed_out && !g_cancellable_is_cancelled (cancellable))
    g_main_context_iteration (context, TRUE);
  g_cancellable_disconnect (cancellable, cancelled_id);
  /* Let the browser have its page before the listener goes. */
  for (guint i = 0; i < 50 && g_main_context_iteration (context, FALSE); i++)
    ;
  g_source_destroy (timeout);
  g_source_unref (timeout);
  soup_server_disconnect (server);
  g_clear_object (&server);
  g_main_context_pop_thread_default (context);

  if (wait.error != NULL)
    {
      g_propagate_error (error, wait.error);
      g_free (wait.code);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (wait.code == NULL)
    {
      g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_TIMED_OUT,
                   /* TRANSLATORS: %1$s is Google or Microsoft, %2$u minutes or seconds */
                   _("The sign-in with %1$s was not finished within %2$u seconds. Start it again "
                     "and finish it in the browser."),
                   provider.title, timeout_seconds);
      return NULL;
    }

  form = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (form, "grant_type", "authorization_code");
  g_hash_table_insert (form, "code", wait.code);
  g_hash_table_insert (form, "redirect_uri", redirect_uri);
  g_hash_table_insert (form, "client_id", (gpointer) provider.client_id);
  g_hash_table_insert (form, "code_verifier", verifier);
  if (*provider.client_secret != '\0')
    g_hash_table_insert (form, "client_secret", (gpointer) provider.client_secret);
  tokens = _herald_oauth_token_request (&provider, NULL, form, cancellable, error);
  g_free (wait.code);
  if (tokens == NULL)
    return NULL;
  if (tokens->refresh_token == NULL)
    {
      g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_PROTOCOL,
                   _("%s signed in but gave no refresh token, so Herald could send only for an "
                     "hour. Remove Herald from the account’s connected apps and sign in again."),
                   provider.title);
      return NULL;
    }
  return g_steal_pointer (&tokens);
}
