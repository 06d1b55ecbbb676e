/* herald-account-api.c — accounts that send through a provider's HTTP API
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Amazon SES, Mailgun and SendGrid. The settings are a row of
 * account_apis beside the account's; the secret (SES's secret access key,
 * Mailgun's or SendGrid's API key) is in the keyring as the account's
 * password, never in the database.
 */
#define G_LOG_DOMAIN "herald-account"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-store-private.h"
#include "herald-account-private.h"

const char *
herald_api_provider_to_string (HeraldApiProvider provider)
{
  switch (provider)
    {
    case HERALD_API_MAILGUN:  return "mailgun";
    case HERALD_API_SENDGRID: return "sendgrid";
    case HERALD_API_SES:
    default:                  return "ses";
    }
}

gboolean
herald_api_provider_from_string (const char        *text,
                                 HeraldApiProvider *out_provider)
{
  static const char * const names[] = { "ses", "mailgun", "sendgrid" };

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (names); i++)
    if (strcmp (text, names[i]) == 0)
      {
        *out_provider = (HeraldApiProvider) i;
        return TRUE;
      }
  return FALSE;
}

/* A region name as AWS writes them: "eu-west-1", "us-gov-west-1". */
static gboolean
region_is_plain (const char *region)
{
  if (region == NULL || *region == '\0' || strlen (region) > 32)
    return FALSE;
  for (const char *p = region; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* "https://host[:port]" with nothing after the authority but an optional
 * path, and the host not empty. Plain http only to this computer. */
static gboolean
endpoint_is_acceptable (const char  *endpoint,
                        GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      g_uri_get_userinfo (uri) != NULL ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0))
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   _("The API endpoint “%s” is not an https:// address. Give the service’s "
                     "base address, e.g. “https://api.example.com”."), endpoint);
      return FALSE;
    }
  if (g_strcmp0 (scheme, "http") == 0 && !herald_host_is_loopback (g_uri_get_host (uri)))
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   _("The API endpoint “%s” is not encrypted: over plain http the key and "
                     "every message would be exposed. Use its https:// address."), endpoint);
      return FALSE;
    }
  return TRUE;
}

gboolean
_herald_account_check_api (const HeraldAccount  *account,
                           GError              **error)
{
  if (account->api_endpoint != NULL && !endpoint_is_acceptable (account->api_endpoint, error))
    return FALSE;
  if (!_herald_account_check_ca_file (account, error))
    return FALSE;
  switch (account->api)
    {
    case HERALD_API_SES:
      if (!region_is_plain (account->api_region))
        {
          g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                       _("An Amazon SES account needs its region, as AWS writes it, e.g. “eu-west-1”."));
          return FALSE;
        }
      if (account->api_key_id == NULL || *account->api_key_id == '\0' ||
          strpbrk (account->api_key_id, " \t\r\n/,=") != NULL)
        {
          g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                       _("An Amazon SES account needs its access key id (it starts with “AKIA”), "
                         "from the IAM user that may send."));
          return FALSE;
        }
      return TRUE;

    case HERALD_API_MAILGUN:
      if (account->api_domain == NULL || *account->api_domain == '\0' ||
          strpbrk (account->api_domain, " \t\r\n/\\@?#") != NULL)
        {
          g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                       _("A Mailgun account needs its sending domain, e.g. “mg.example.com”."));
          return FALSE;
        }
      if (account->api_region != NULL && strcmp (account->api_region, "us") != 0 &&
          strcmp (account->api_region, "eu") != 0)
        {
          g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                       _("A Mailgun account’s region is “us” or “eu”."));
          return FALSE;
        }
      return TRUE;

    case HERALD_API_SENDGRID:
    default:
      return TRUE;
    }
}

/**
 * herald_account_dup_api_base_url:
 *
 * Returns: (transfer full): where the account's API is: its endpoint, or
 *   the provider's address for its region, without a trailing "/"
 */
char *
herald_account_dup_api_base_url (const HeraldAccount *account)
{
  g_return_val_if_fail (account->kind == HERALD_ACCOUNT_API, NULL);

  if (account->api_endpoint != NULL)
    {
      gsize len = strlen (account->api_endpoint);

      while (len > 0 && account->api_endpoint[len - 1] == '/')
        len--;
      return g_strndup (account->api_endpoint, len);
    }
  switch (account->api)
    {
    case HERALD_API_MAILGUN:
      return g_strdup (g_strcmp0 (account->api_region, "eu") == 0
                       ? "https://api.eu.mailgun.net" : "https://api.mailgun.net");
    case HERALD_API_SENDGRID:
      return g_strdup ("https://api.sendgrid.com");
    case HERALD_API_SES:
    default:
      return g_strdup_printf ("https://email.%s.amazonaws.com", account->api_region);
    }
}

/* The account_apis row of @account_id: written for an API account,
 * removed for any other. */
gboolean
_herald_account_api_save (HeraldStore          *store,
                          gint64                account_id,
                          const HeraldAccount  *account,
                          GError              **error)
{
  sqlite3_stmt *stmt;

  stmt = herald_store_prepare (store, account->kind == HERALD_ACCOUNT_API
      ? "INSERT OR REPLACE INTO account_apis (account_id, provider, region, key_id, domain, endpoint)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
      : "DELETE FROM account_apis WHERE account_id = ?1",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  if (account->kind == HERALD_ACCOUNT_API)
    {
      sqlite3_bind_text (stmt, 2, herald_api_provider_to_string (account->api), -1, SQLITE_STATIC);
      herald_store_bind_text_or_null (stmt, 3, account->api_region);
      herald_store_bind_text_or_null (stmt, 4, account->api_key_id);
      herald_store_bind_text_or_null (stmt, 5, account->api_domain);
      herald_store_bind_text_or_null (stmt, 6, account->api_endpoint);
    }
  return herald_store_finish (store, stmt, sqlite3_step (stmt), NULL, error);
}

/* The account_oauth row of @account_id: written for an account that signs
 * in (oauth_provider set), removed for any other. Lives beside the API
 * rows: both are a side table that changes what the account's keyring
 * secret is. */
gboolean
_herald_account_oauth_save (HeraldStore          *store,
                            gint64                account_id,
                            const HeraldAccount  *account,
                            GError              **error)
{
  sqlite3_stmt *stmt;

  stmt = herald_store_prepare (store, account->oauth_provider != NULL
      ? "INSERT OR REPLACE INTO account_oauth (account_id, oauth_provider, goa_id) VALUES (?1, ?2, ?3)"
      : "DELETE FROM account_oauth WHERE account_id = ?1",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  if (account->oauth_provider != NULL)
    {
      sqlite3_bind_text (stmt, 2, account->oauth_provider, -1, SQLITE_STATIC);
      herald_store_bind_text_or_null (stmt, 3, account->goa_id);
    }
  return herald_store_finish (store, stmt, sqlite3_step (stmt), NULL, error);
}
