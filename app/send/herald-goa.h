/* herald-goa.h — tokens from GNOME Online Accounts
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   accounts = herald_goa_list_accounts (NULL, &error);   // Google and Microsoft ones
 *   goa = herald_goa_find (accounts, "google", "me@example.com", NULL, &error);
 *   account->oauth_provider = g_strdup (goa->oauth_provider);
 *   account->goa_id = g_strdup (goa->id);
 *   …
 *   token = herald_goa_get_access_token (account, &expires_at, NULL, &error);
 */
#pragma once

#include <gio/gio.h>

#include "herald-account.h"

G_BEGIN_DECLS

/* One Google or Microsoft account of GNOME Online Accounts. */
typedef struct
{
  char     *id;                 /* the Account interface's Id */
  char     *object_path;
  char     *provider_type;      /* "google", "ms_graph", "windows_live" */
  char     *oauth_provider;     /* Herald's name for it: "google", "microsoft" */
  char     *identity;           /* PresentationIdentity */
  char     *email;              /* the Mail interface's EmailAddress; NULL: mail turned off */
  char     *smtp_host;          /* nullable */
  char     *smtp_user;          /* nullable */
  gboolean  smtp_use_ssl;       /* implicit TLS */
  gboolean  smtp_use_tls;       /* STARTTLS */
  gboolean  mail_disabled;
  gboolean  attention_needed;
} HeraldGoaAccount;

void              herald_goa_account_free     (HeraldGoaAccount   *account);
GPtrArray        *herald_goa_list_accounts    (GCancellable       *cancellable,
                                               GError            **error);
const HeraldGoaAccount *herald_goa_find       (GPtrArray          *accounts,
                                               const char         *oauth_provider,
                                               const char         *address,
                                               const char         *id,
                                               GError            **error);
char             *herald_goa_get_access_token (const HeraldAccount *account,
                                               gint64             *out_expires_at,
                                               GCancellable       *cancellable,
                                               GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldGoaAccount, herald_goa_account_free)

G_END_DECLS
