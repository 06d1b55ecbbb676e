/* herald-account.h — sending accounts, and their passwords in the keyring
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "herald-headers.h"
#include "herald-store.h"

G_BEGIN_DECLS

#define HERALD_ACCOUNT_ERROR (herald_account_error_quark ())
#define HERALD_KEYRING_ERROR (herald_keyring_error_quark ())

typedef enum
{
  HERALD_ACCOUNT_ERROR_INVALID,     /* a setting is missing or not allowed */
  HERALD_ACCOUNT_ERROR_NOT_FOUND,
  HERALD_ACCOUNT_ERROR_EXISTS,
  HERALD_ACCOUNT_ERROR_BUILT_IN,    /* the Outbox cannot be removed or renamed */
  HERALD_ACCOUNT_ERROR_NO_PASSWORD, /* none in the keyring for an account that needs one */
} HeraldAccountError;

typedef enum
{
  HERALD_KEYRING_ERROR_NO_KEYRING,  /* no session bus, or no Secret Service on it */
  HERALD_KEYRING_ERROR_LOCKED,      /* locked, and no way to ask for the password */
  HERALD_KEYRING_ERROR_TIMED_OUT,
  HERALD_KEYRING_ERROR_FAILED,
} HeraldKeyringError;

typedef enum
{
  HERALD_ACCOUNT_SMTP,
  HERALD_ACCOUNT_OUTBOX,
  HERALD_ACCOUNT_API,               /* a provider's HTTP API (herald-account-api.c) */
} HeraldAccountKind;

typedef enum
{
  HERALD_API_SES,                   /* Amazon SES, API v2, signed with SigV4 */
  HERALD_API_MAILGUN,
  HERALD_API_SENDGRID,
} HeraldApiProvider;

typedef enum
{
  HERALD_SECURITY_STARTTLS,         /* port 587: STARTTLS, required */
  HERALD_SECURITY_TLS,              /* port 465: TLS from the first byte */
  HERALD_SECURITY_NONE,             /* plain text: loopback hosts only */
} HeraldSecurity;

/* The name of the built-in account that writes into a local Maildir. */
#define HERALD_OUTBOX_ACCOUNT "outbox"
/* Its unsubscribe link: an example, on a domain reserved for examples. */
#define HERALD_OUTBOX_UNSUBSCRIBE_URL "https://example.com/unsubscribe"

/* One row of the accounts table. Never holds a password. */
typedef struct
{
  gint64             id;                  /* 0: not saved yet */
  char              *name;
  HeraldAccountKind  kind;
  char              *host;
  guint              port;                /* 0: the usual port for @security */
  HeraldSecurity     security;
  char              *username;            /* NULL: no AUTH */
  char              *from;                /* "Name <addr>" */
  char              *reply_to;            /* nullable */
  char              *ca_file;             /* nullable: an extra trusted CA (PEM) */
  char              *unsubscribe_mailto;  /* nullable: "mailto:…" */
  char              *unsubscribe_url;     /* nullable: "https://…" */
  gboolean           unsubscribe_token_in_address; /* the mailto's token as "+TOKEN" in the address, not in its subject */
  char              *dkim_selector;       /* nullable: the selector the From domain signs with (checked before sending) */
  double             rate_per_second;     /* 0: no limit */
  gint64             rate_per_minute;     /* 0: no limit */
  gint64             rate_per_hour;       /* 0: no limit */
  gint64             daily_cap;           /* 0: no limit */
  guint              connections;         /* parallel connections, at least 1 */
  HeraldCharset      charset;             /* the messages' charset (herald-message-jis.c) */
  gboolean           mobile_text_only;    /* plain text only to Japanese mobile carriers' addresses */
  int                quiet_start;         /* minutes after midnight, local time: no sending */
  int                quiet_end;           /* from start to end; start == end: none (herald-quiet-hours.h) */
  gint64             created_at;

  /* HERALD_ACCOUNT_API only; the secret (SES's secret access key, an API
   * key) is in the keyring as the account's password. */
  HeraldApiProvider  api;
  char              *api_region;          /* SES: "eu-west-1"; Mailgun: "us" or "eu" */
  char              *api_key_id;          /* SES: the access key id */
  char              *api_domain;          /* Mailgun: the sending domain */
  char              *api_endpoint;        /* nullable: another base URL "https://host[:port]" */

  /* SMTP accounts that sign in (XOAUTH2) instead of a password: "google"
   * or "microsoft" (herald-oauth.c); the refresh token is in the keyring
   * as the account's password. NULL: a password account. */
  char              *oauth_provider;
  /* A signed-in account whose tokens come from GNOME Online Accounts
   * (herald-goa.c): the GOA account's Id; the keyring holds nothing for
   * it. NULL: Herald's own sign-in, or a password account. */
  char              *goa_id;
  /* The provider preset the account was made from ("gmail", "xserver" …,
   * herald-provider-preset.c); NULL: none. */
  char              *preset;

  /* Not stored: set by the program for one run. */
  char              *outbox_dir;          /* Outbox: NULL is herald_store_default_outbox() */
  guint              connect_timeout;     /* seconds; 0: 30 */
  guint              response_timeout;    /* seconds for any server reply; 0: 600 (RFC 5321 §4.5.3.2.6) */
} HeraldAccount;

GQuark          herald_account_error_quark       (void);
GQuark          herald_keyring_error_quark       (void);

HeraldAccount  *herald_account_new               (void);
HeraldAccount  *herald_account_copy              (const HeraldAccount  *account);
void            herald_account_free              (HeraldAccount        *account);
gboolean        herald_account_selector_is_valid (const char           *selector);

guint           herald_account_get_port          (const HeraldAccount  *account);
gboolean        herald_account_validate          (const HeraldAccount  *account,
                                                  GError              **error);
gboolean        herald_account_set_unsubscribe   (HeraldAccount        *account,
                                                  const char           *uri,
                                                  GError              **error);
gboolean        herald_account_set_rate          (HeraldAccount        *account,
                                                  const char           *rate,
                                                  GError              **error);

const char     *herald_api_provider_to_string    (HeraldApiProvider     provider);
gboolean        herald_api_provider_from_string  (const char           *text,
                                                  HeraldApiProvider    *out_provider);
char           *herald_account_dup_api_base_url  (const HeraldAccount  *account);

const char     *herald_security_to_string        (HeraldSecurity        security);
gboolean        herald_security_from_string      (const char           *text,
                                                  HeraldSecurity       *out_security);
gboolean        herald_host_is_loopback          (const char           *host);

/* The accounts table */
gint64          herald_account_save              (HeraldStore          *store,
                                                  const HeraldAccount  *account,
                                                  GError              **error);
HeraldAccount  *herald_account_load              (HeraldStore          *store,
                                                  const char           *name,
                                                  GError              **error);
HeraldAccount  *herald_account_load_by_id        (HeraldStore          *store,
                                                  gint64                id,
                                                  GError              **error);
GPtrArray      *herald_account_list              (HeraldStore          *store,
                                                  GError              **error);
gboolean        herald_account_delete            (HeraldStore          *store,
                                                  const char           *name,
                                                  GError              **error);
gboolean        herald_account_check_name_free   (HeraldStore          *store,
                                                  const char           *name,
                                                  GError              **error);

/* Passwords in the Secret Service (schema io.github.heraldmail.Herald.Account).
 * Each call gives up after the keyring timeout (10 s by default). They
 * block: call them from a worker thread, or use the _async variants. */
gboolean        herald_keyring_store_password    (const char           *account_name,
                                                  const char           *password,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
char           *herald_keyring_require_password  (const char           *account_name,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
char           *herald_keyring_lookup_password   (const char           *account_name,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
gboolean        herald_keyring_clear_password    (const char           *account_name,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
void            herald_keyring_lookup_password_async  (const char          *account_name,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
char           *herald_keyring_lookup_password_finish (GAsyncResult        *result,
                                                       GError             **error);
void            herald_keyring_store_password_async   (const char          *account_name,
                                                       const char          *password,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean        herald_keyring_store_password_finish  (GAsyncResult        *result,
                                                       GError             **error);
/* The mailbox's own password (schema io.github.heraldmail.Herald.Mailbox),
 * when it is not the account's; same rules. */
gboolean        herald_keyring_store_mailbox_password  (const char    *account_name,
                                                        const char    *password,
                                                        GCancellable  *cancellable,
                                                        GError       **error);
char           *herald_keyring_lookup_mailbox_password (const char    *account_name,
                                                        GCancellable  *cancellable,
                                                        GError       **error);
gboolean        herald_keyring_clear_mailbox_password  (const char    *account_name,
                                                        GCancellable  *cancellable,
                                                        GError       **error);
void            herald_keyring_set_timeout       (guint                 milliseconds);
void            herald_password_free             (char                 *password);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldAccount, herald_account_free)

G_END_DECLS
