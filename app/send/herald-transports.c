/* herald-transports.c — the transport an account sends through
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Apart from herald-transport.c, which the transports build on, so that
 * the base knows none of them.
 */
#define G_LOG_DOMAIN "herald-transport"

#include "config.h"

#include "herald-api-private.h"
#include "herald-outbox.h"
#include "herald-smtp.h"
#include "herald-transport.h"

/**
 * herald_transport_new_for_account:
 * @password: (nullable): the account's password, from the keyring; for an
 *   account that signs in (oauth_provider), its current access token
 *
 * Makes the transport for @account: SMTP, a provider's HTTP API (@password
 * is then its secret), or the Outbox Maildir. Nothing
 * is connected until herald_transport_open().
 *
 * Returns: (transfer full) (nullable): a transport for one thread
 */
HeraldTransport *
herald_transport_new_for_account (const HeraldAccount  *account,
                                  const char           *password,
                                  GError              **error)
{
  g_return_val_if_fail (account != NULL, NULL);

  if (account->kind == HERALD_ACCOUNT_OUTBOX)
    {
      g_autofree char *dir = account->outbox_dir != NULL
                             ? g_strdup (account->outbox_dir)
                             : herald_store_default_outbox ();

      return herald_outbox_transport_new (dir);
    }
  if (account->kind == HERALD_ACCOUNT_API)
    {
      switch (account->api)
        {
        case HERALD_API_SES:
          return _herald_api_transport_new (&_herald_ses_provider, account, password, error);
        case HERALD_API_MAILGUN:
          return _herald_api_transport_new (&_herald_mailgun_provider, account, password, error);
        case HERALD_API_SENDGRID:
        default:
          return _herald_api_transport_new (&_herald_sendgrid_provider, account, password, error);
        }
    }
  if (account->oauth_provider != NULL)
    {
      /* Signed in: @password is the access token, for XOAUTH2. */
      HeraldTransport *transport = herald_smtp_transport_new (account, NULL, error);

      if (transport != NULL)
        herald_smtp_transport_set_bearer_token (transport, password);
      return transport;
    }
  return herald_smtp_transport_new (account, password, error);
}
