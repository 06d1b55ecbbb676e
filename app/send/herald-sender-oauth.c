/* herald-sender-oauth.c — access tokens for a campaign of a signed-in account
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An account that signs in with Google or Microsoft has a refresh token
 * in the keyring. Before a campaign the sender trades it for an access
 * token (so a revoked sign-in stops the campaign before anything goes,
 * with "Sign in again"). Once it expires a worker closes its connection
 * and opens a new one with a fresh token; refused by the server with a
 * token (XOAUTH2: 334 then 535), it asks for a fresh one once. Several workers refused at once get the one
 * refresh: the first does it, the others see the token changed.
 *
 * An account whose sign-in is GNOME Online Accounts' (goa_id) has nothing
 * in the keyring: each connection asks GOA for the token (GOA refreshes
 * it), and an account gone from GOA or a token GOA refuses stops the
 * campaign with "Sign in again in Settings → Online Accounts".
 */
#define G_LOG_DOMAIN "herald-sender"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-base.h"
#include "herald-goa.h"
#include "herald-oauth.h"
#include "herald-sender-private.h"

/* Under oauth_lock. */
static gboolean
refresh_from_goa_locked (HeraldSenderSlot  *slot,
                         GError           **error)
{
  gint64 expires_at = 0;
  char *token = herald_goa_get_access_token (slot->account, &expires_at, NULL, error);

  if (token == NULL)
    return FALSE;
  g_clear_pointer (&slot->password, herald_password_free);
  slot->password = token;
  slot->token_expires_at = expires_at;
  g_debug ("access token for “%s” from GNOME Online Accounts", slot->account->name);
  return TRUE;
}

/* Under oauth_lock. */
static gboolean
refresh_locked (HeraldSenderSlot  *slot,
                GError           **error)
{
  g_autoptr(HeraldOAuthTokens) tokens = NULL;

  if (slot->account->goa_id != NULL)
    return refresh_from_goa_locked (slot, error);
  tokens = herald_oauth_refresh_and_keep (slot->account, &slot->refresh_token, NULL, error);
  if (tokens == NULL)
    return FALSE;
  g_clear_pointer (&slot->password, herald_password_free);
  slot->password = g_strdup (tokens->access_token);
  slot->token_expires_at = tokens->expires_at;
  g_debug ("access token for “%s” refreshed, valid for %" G_GINT64_FORMAT " s", slot->account->name,
           tokens->expires_at - g_get_real_time () / G_USEC_PER_SEC);
  return TRUE;
}

/**
 * _herald_sender_sign_in:
 *
 * Before a campaign: @slot's refresh token from the keyring, and a
 * fresh access token for it.
 */
gboolean
_herald_sender_sign_in (HeraldSender      *self,
                        HeraldSenderSlot  *slot,
                        GError           **error)
{
  g_autoptr(GError) local = NULL;
  gboolean ok;

  g_mutex_lock (&self->oauth_lock);
  if (slot->account->goa_id != NULL)
    {
      ok = refresh_locked (slot, error);
      g_mutex_unlock (&self->oauth_lock);
      return ok;
    }
  g_clear_pointer (&slot->refresh_token, herald_password_free);
  slot->refresh_token = herald_keyring_lookup_password (slot->account->name, NULL, &local);
  if (slot->refresh_token == NULL)
    {
      g_mutex_unlock (&self->oauth_lock);
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_REVOKED,
                     _("The account “%s” is not signed in (the keyring has no sign-in for it). "
                       "Sign in again to this account."),
                     slot->account->name);
      return FALSE;
    }
  ok = refresh_locked (slot, error);
  g_mutex_unlock (&self->oauth_lock);
  return ok;
}

/**
 * _herald_sender_dup_access_token:
 * @refused: (nullable): the token the server just refused, or NULL
 *
 * The access token to open a connection with: refreshed when it has
 * expired, or when @refused is still the current one; from GNOME Online
 * Accounts, asked again for every connection.
 *
 * Returns: (transfer full) (nullable): the token, or NULL with @error set
 *   (the campaign must stop: a revoked sign-in is "Sign in again")
 */
char *
_herald_sender_dup_access_token (HeraldSender      *self,
                                 HeraldSenderSlot  *slot,
                                 const char        *refused,
                                 GError           **error)
{
  char *token = NULL;

  g_mutex_lock (&self->oauth_lock);
  if (slot->account->goa_id != NULL ||
      (refused != NULL && g_strcmp0 (refused, slot->password) == 0) ||
      slot->password == NULL ||
      g_get_real_time () / G_USEC_PER_SEC >= slot->token_expires_at)
    {
      if (!refresh_locked (slot, error))
        {
          g_mutex_unlock (&self->oauth_lock);
          return NULL;
        }
    }
  token = g_strdup (slot->password);
  g_mutex_unlock (&self->oauth_lock);
  return token;
}

/* Whether the access token has expired (on the real clock: tokens are
 * the provider's, whatever HERALD_NOW says). */
gboolean
_herald_sender_token_expired (HeraldSender     *self,
                              HeraldSenderSlot *slot)
{
  gboolean expired;

  g_mutex_lock (&self->oauth_lock);
  expired = g_get_real_time () / G_USEC_PER_SEC >= slot->token_expires_at;
  g_mutex_unlock (&self->oauth_lock);
  return expired;
}
