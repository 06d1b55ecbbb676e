/* herald-account.c — sending accounts (their passwords: herald-keyring.c)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-account"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>


#include "herald-store-private.h"
#include "herald-account.h"
#include "herald-account-private.h"
#include "herald-headers.h"
#include "herald-quiet-hours.h"

G_DEFINE_QUARK (herald-account-error-quark, herald_account_error)

#define COLUMNS \
  "id, name, kind, host, port, security, username, from_addr, reply_to, ca_file," \
  " unsubscribe_mailto, unsubscribe_url, rate_per_second, rate_per_minute," \
  " rate_per_hour, daily_cap, connections, created_at, unsubscribe_token_in, charset," \
  " mobile_text_only, dkim_selector, quiet_start, quiet_end, provider, region, key_id, domain, endpoint," \
  " accounts.preset," \
  " account_oauth.goa_id, oauth_provider" /* keep these two last: read from the end */
#define FROM_ACCOUNTS \
  " FROM accounts LEFT JOIN account_apis ON account_apis.account_id = accounts.id" \
  " LEFT JOIN account_oauth ON account_oauth.account_id = accounts.id"

HeraldAccount *
herald_account_new (void)
{
  HeraldAccount *account = g_new0 (HeraldAccount, 1);

  account->kind = HERALD_ACCOUNT_SMTP;
  account->security = HERALD_SECURITY_STARTTLS;
  account->connections = 1;
  return account;
}

HeraldAccount *
herald_account_copy (const HeraldAccount *account)
{
  HeraldAccount *copy = g_memdup2 (account, sizeof *account);

  copy->name = g_strdup (account->name);
  copy->host = g_strdup (account->host);
  copy->username = g_strdup (account->username);
  copy->from = g_strdup (account->from);
  copy->reply_to = g_strdup (account->reply_to);
  copy->ca_file = g_strdup (account->ca_file);
  copy->unsubscribe_mailto = g_strdup (account->unsubscribe_mailto);
  copy->unsubscribe_url = g_strdup (account->unsubscribe_url);
  copy->outbox_dir = g_strdup (account->outbox_dir);
  copy->dkim_selector = g_strdup (account->dkim_selector);
  copy->api_region = g_strdup (account->api_region);
  copy->api_key_id = g_strdup (account->api_key_id);
  copy->api_domain = g_strdup (account->api_domain);
  copy->api_endpoint = g_strdup (account->api_endpoint);
  copy->oauth_provider = g_strdup (account->oauth_provider);
  copy->goa_id = g_strdup (account->goa_id);
  copy->preset = g_strdup (account->preset);
  return copy;
}

void
herald_account_free (HeraldAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->name);
  g_free (account->host);
  g_free (account->username);
  g_free (account->from);
  g_free (account->reply_to);
  g_free (account->ca_file);
  g_free (account->unsubscribe_mailto);
  g_free (account->unsubscribe_url);
  g_free (account->outbox_dir);
  g_free (account->dkim_selector);
  g_free (account->api_region);
  g_free (account->api_key_id);
  g_free (account->api_domain);
  g_free (account->api_endpoint);
  g_free (account->oauth_provider);
  g_free (account->goa_id);
  g_free (account->preset);
  g_free (account);
}

/* ---- settings --------------------------------------------------------- */

const char *
herald_security_to_string (HeraldSecurity security)
{
  switch (security)
    {
    case HERALD_SECURITY_TLS:      return "tls";
    case HERALD_SECURITY_NONE:     return "none";
    case HERALD_SECURITY_STARTTLS:
    default:                       return "starttls";
    }
}

gboolean
herald_security_from_string (const char     *text,
                             HeraldSecurity *out_security)
{
  if (g_strcmp0 (text, "tls") == 0)
    *out_security = HERALD_SECURITY_TLS;
  else if (g_strcmp0 (text, "starttls") == 0)
    *out_security = HERALD_SECURITY_STARTTLS;
  else if (g_strcmp0 (text, "none") == 0)
    *out_security = HERALD_SECURITY_NONE;
  else
    return FALSE;
  return TRUE;
}

/**
 * herald_host_is_loopback:
 *
 * Whether @host is this computer: "localhost", 127.0.0.0/8 or ::1. Only
 * such a host may be reached without TLS.
 */
gboolean
herald_host_is_loopback (const char *host)
{
  g_autofree char *bare = NULL;
  g_autoptr(GInetAddress) address = NULL;
  gsize len;

  if (host == NULL || *host == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;
  len = strlen (host);
  bare = host[0] == '[' && host[len - 1] == ']' ? g_strndup (host + 1, len - 2) : g_strdup (host);
  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

guint
herald_account_get_port (const HeraldAccount *account)
{
  if (account->port != 0)
    return account->port;
  switch (account->security)
    {
    case HERALD_SECURITY_TLS:  return 465;
    case HERALD_SECURITY_NONE: return 25;
    case HERALD_SECURITY_STARTTLS:
    default:                   return 587;
    }
}

static gboolean
uri_is_plain (const char *uri)
{
  for (const guchar *p = (const guchar *) uri; *p != '\0'; p++)
    if (*p <= ' ' || *p >= 0x7f || *p == '<' || *p == '>' || *p == ',')
      return FALSE;
  return TRUE;
}

/**
 * herald_account_set_unsubscribe:
 * @uri: a "mailto:" or "https://" URI
 *
 * Sets the unsubscribe address or link that goes into List-Unsubscribe.
 */
gboolean
herald_account_set_unsubscribe (HeraldAccount  *account,
                                const char     *uri,
                                GError        **error)
{
  gboolean is_mailto = g_str_has_prefix (uri, "mailto:") && uri[7] != '\0';
  gboolean is_https = g_str_has_prefix (uri, "https://") && uri[8] != '\0';

  if ((!is_mailto && !is_https) || !uri_is_plain (uri))
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   _("“%s” is not an unsubscribe address Herald can use. Give a "
                     "“mailto:” address or an “https://” link, with no spaces, commas "
                     "or non-ASCII characters (percent-encode them)."),
                   uri);
      return FALSE;
    }
  if (is_mailto)
    {
      g_free (account->unsubscribe_mailto);
      account->unsubscribe_mailto = g_strdup (uri);
    }
  else
    {
      g_free (account->unsubscribe_url);
      account->unsubscribe_url = g_strdup (uri);
    }
  return TRUE;
}

/**
 * herald_account_set_rate:
 * @rate: "N/s", "N/min" or "N/h"; N may have a decimal point for "/s"
 *
 * Sets one of the account's rate limits; "0/…" removes it.
 */
gboolean
herald_account_set_rate (HeraldAccount  *account,
                         const char     *rate,
                         GError        **error)
{
  g_autofree char *copy = g_strdup (rate);
  char *slash = strchr (copy, '/');
  char *end = NULL;
  double n;

  if (slash == NULL)
    goto bad;
  *slash = '\0';
  errno = 0;
  n = g_ascii_strtod (copy, &end);
  if (errno != 0 || end == copy || *end != '\0' || n < 0 || n > 1e6)
    goto bad;
  if (g_str_equal (slash + 1, "s"))
    account->rate_per_second = n;
  else if (g_str_equal (slash + 1, "min") && n == (gint64) n)
    account->rate_per_minute = (gint64) n;
  else if (g_str_equal (slash + 1, "h") && n == (gint64) n)
    account->rate_per_hour = (gint64) n;
  else
    goto bad;
  return TRUE;

bad:
  g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
               _("“%s” is not a sending rate. Write it as a number of messages per "
                 "second, minute or hour, e.g. “5/s”, “100/min” or “2000/h”."),
               rate);
  return FALSE;
}

static gboolean
check_text (const char  *what,
            const char  *value,
            GError     **error)
{
  GError *local = NULL;

  if (herald_message_header_is_safe (what, value, &local))
    return TRUE;
  g_set_error_literal (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID, local->message);
  g_error_free (local);
  return FALSE;
}

/* An extra certificate authority (SMTP and API accounts alike) must be a
 * file that is there. */
gboolean
_herald_account_check_ca_file (const HeraldAccount  *account,
                               GError              **error)
{
  if (account->ca_file != NULL && !g_file_test (account->ca_file, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   _("The CA certificate file “%s” does not exist. Give the path of a PEM file."),
                   account->ca_file);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_smtp (const HeraldAccount  *account,
            GError              **error)
{
  if (account->host == NULL || *account->host == '\0' ||
      strpbrk (account->host, " \t/\\@?#") != NULL || !check_text (_("the host"), account->host, error))
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   _("The account needs the SMTP server’s host name, e.g. “smtp.example.com”."));
      return FALSE;
    }
  if (account->port > 65535)
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   _("The port must be between 1 and 65535 (usually 587 for STARTTLS or 465 for TLS)."));
      return FALSE;
    }
  if (account->security == HERALD_SECURITY_NONE && !herald_host_is_loopback (account->host))
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   _("Sending without encryption is only allowed to this computer "
                     "(localhost, 127.0.0.1 or ::1): to “%s” it would expose the password "
                     "and every message. Use the security “starttls” or “tls”."),
                   account->host);
      return FALSE;
    }
  if (!_herald_account_check_ca_file (account, error))
    return FALSE;
  return check_text (_("the user name"), account->username, error);
}

/**
 * herald_account_selector_is_valid:
 *
 * Whether @selector can be a DKIM selector: DNS labels of letters, digits,
 * hyphens and underscores, separated by dots.
 */
gboolean
herald_account_selector_is_valid (const char *selector)
{
  return selector != NULL &&
         g_regex_match_simple ("^[A-Za-z0-9_-]{1,63}(\\.[A-Za-z0-9_-]{1,63})*$", selector, 0, 0) &&
         strlen (selector) <= 200;
}

/**
 * herald_account_validate:
 *
 * Checks the settings a person gave, with a message that says which one
 * is wrong and how to fix it.
 */
gboolean
herald_account_validate (const HeraldAccount  *account,
                         GError              **error)
{
  GError *local = NULL;

  if (account->name == NULL || *account->name == '\0' || !check_text (_("the account name"), account->name, NULL))
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   _("The account needs a name (one line of text)."));
      return FALSE;
    }
  if ((account->kind == HERALD_ACCOUNT_SMTP && !check_smtp (account, error)) ||
      (account->kind == HERALD_ACCOUNT_API && !_herald_account_check_api (account, error)))
    return FALSE;
  if (account->dkim_selector != NULL && !herald_account_selector_is_valid (account->dkim_selector))
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   /* TRANSLATORS: %s is what the user gave as a DKIM selector */
                   _("“%s” is not a DKIM selector: it is the first part of the name “SELECTOR._domainkey.your-domain” "
                     "(letters, digits, hyphens, dots), as your mail provider names it, e.g. “google” or “selector1”."),
                   account->dkim_selector);
      return FALSE;
    }

  if (!herald_message_check_mailbox (_("The From address"), account->from, &local) ||
      (account->reply_to != NULL && *account->reply_to != '\0' &&
       !herald_message_check_mailbox (_("The Reply-To address"), account->reply_to, &local)))
    {
      g_set_error_literal (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID, local->message);
      g_error_free (local);
      return FALSE;
    }
  if ((account->unsubscribe_mailto != NULL &&
       (!g_str_has_prefix (account->unsubscribe_mailto, "mailto:") || !uri_is_plain (account->unsubscribe_mailto))) ||
      (account->unsubscribe_url != NULL &&
       (!g_str_has_prefix (account->unsubscribe_url, "https://") || !uri_is_plain (account->unsubscribe_url))))
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   _("The unsubscribe address must be a “mailto:” address or an “https://” link."));
      return FALSE;
    }
  if (account->rate_per_second < 0 || account->rate_per_minute < 0 || account->rate_per_hour < 0 ||
      account->daily_cap < 0 || account->connections < 1 || account->connections > 32)
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   _("Rates and the daily limit cannot be negative, and an account uses 1 to 32 connections."));
      return FALSE;
    }
  if (account->quiet_start < 0 || account->quiet_start >= 24 * 60 ||
      account->quiet_end < 0 || account->quiet_end >= 24 * 60)
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   _("Quiet hours begin and end at a time of day from 00:00 to 23:59."));
      return FALSE;
    }
  return TRUE;
}

/* ---- the accounts table ----------------------------------------------- */

static void
bind_int_or_null (sqlite3_stmt *stmt,
                  int           index,
                  gint64        value)
{
  if (value > 0)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static gint64 save_row (HeraldStore          *store,
                        const HeraldAccount  *account,
                        GError              **error);

static void
set_name_taken (const char  *name,
                GError     **error)
{
  g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_EXISTS,
               _("There is already an account named “%s”. Choose another name, or "
                 "remove the old account first."),
               name);
}

/**
 * herald_account_check_name_free:
 *
 * Whether no account has @name yet: the command line asks before it
 * stores a new account's secret in the keyring, where storing under a
 * taken name would replace the secret of the account that has it.
 *
 * Returns: %FALSE with @error set (HERALD_ACCOUNT_ERROR_EXISTS) when an
 *   account has @name
 */
gboolean
herald_account_check_name_free (HeraldStore  *store,
                                const char   *name,
                                GError      **error)
{
  g_autoptr(HeraldAccount) existing = herald_account_load (store, name, NULL);

  if (existing == NULL)
    return TRUE;
  set_name_taken (name, error);
  return FALSE;
}

/**
 * herald_account_save:
 *
 * Inserts @account (when its id is 0) or updates the row with its id.
 * Never stores a password: see herald_keyring_store_password().
 *
 * Returns: the account's id, or -1 with @error set
 */
gint64
herald_account_save (HeraldStore          *store,
                     const HeraldAccount  *account,
                     GError              **error)
{
  gint64 id;

  if (!herald_account_validate (account, error) ||
      !herald_store_exec (store, "SAVEPOINT account_save", error))
    return -1;
  id = save_row (store, account, error);
  if (id > 0 && (!_herald_account_api_save (store, id, account, error) ||
                 !_herald_account_oauth_save (store, id, account, error)))
    id = -1;
  if (id < 0)
    herald_store_exec (store, "ROLLBACK TO account_save", NULL);
  if (!herald_store_exec (store, "RELEASE account_save", id > 0 ? error : NULL))
    return -1;
  return id;
}

static gint64
save_row (HeraldStore          *store,
          const HeraldAccount  *account,
          GError              **error)
{
  sqlite3_stmt *stmt;
  gint64 id = -1;
  int rc;

  stmt = herald_store_prepare (store, account->id > 0
      ? "UPDATE accounts SET name = ?1, kind = ?2, host = ?3, port = ?4, security = ?5,"
        " username = ?6, from_addr = ?7, reply_to = ?8, ca_file = ?9, unsubscribe_mailto = ?10,"
        " unsubscribe_url = ?11, rate_per_second = ?12, rate_per_minute = ?13,"
        " rate_per_hour = ?14, daily_cap = ?15, connections = ?16, unsubscribe_token_in = ?18,"
        " charset = ?19, mobile_text_only = ?20, dkim_selector = ?21, quiet_start = ?22, quiet_end = ?23,"
        " preset = ?24"
        " WHERE id = ?17 RETURNING id"
      : "INSERT INTO accounts (name, kind, host, port, security, username, from_addr, reply_to,"
        " ca_file, unsubscribe_mailto, unsubscribe_url, rate_per_second, rate_per_minute,"
        " rate_per_hour, daily_cap, connections, unsubscribe_token_in, charset, mobile_text_only,"
        " dkim_selector, quiet_start, quiet_end, preset)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?18, ?19, ?20, ?21,"
        " ?22, ?23, ?24) RETURNING id",
      error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_text (stmt, 1, account->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account->kind == HERALD_ACCOUNT_OUTBOX ? "outbox" : "smtp", -1, SQLITE_STATIC);
  if (account->kind == HERALD_ACCOUNT_SMTP)
    {
      herald_store_bind_text_or_null (stmt, 3, account->host);
      bind_int_or_null (stmt, 4, account->port);
      sqlite3_bind_text (stmt, 5, herald_security_to_string (account->security), -1, SQLITE_STATIC);
    }
  herald_store_bind_text_or_null (stmt, 6, account->username);
  sqlite3_bind_text (stmt, 7, account->from, -1, SQLITE_TRANSIENT);
  herald_store_bind_text_or_null (stmt, 8, account->reply_to);
  herald_store_bind_text_or_null (stmt, 9, account->ca_file);
  herald_store_bind_text_or_null (stmt, 10, account->unsubscribe_mailto);
  herald_store_bind_text_or_null (stmt, 24, account->preset);
  herald_store_bind_text_or_null (stmt, 11, account->unsubscribe_url);
  if (account->rate_per_second > 0)
    sqlite3_bind_double (stmt, 12, account->rate_per_second);
  bind_int_or_null (stmt, 13, account->rate_per_minute);
  bind_int_or_null (stmt, 14, account->rate_per_hour);
  bind_int_or_null (stmt, 15, account->daily_cap);
  sqlite3_bind_int (stmt, 16, MAX (account->connections, 1));
  if (account->id > 0)
    sqlite3_bind_int64 (stmt, 17, account->id);
  sqlite3_bind_text (stmt, 18, account->unsubscribe_token_in_address ? "address" : "subject", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 19, herald_charset_to_string (account->charset), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 20, account->mobile_text_only ? 1 : 0);
  herald_store_bind_text_or_null (stmt, 21, account->dkim_selector);
  if (!herald_quiet_hours_is_off (account->quiet_start, account->quiet_end))   /* off: NULL */
    {
      sqlite3_bind_int (stmt, 22, account->quiet_start);
      sqlite3_bind_int (stmt, 23, account->quiet_end);
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);

  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      set_name_taken (account->name, error);
      return -1;
    }
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      return -1;
    }
  if (id <= 0)
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_NOT_FOUND,
                   _("The account “%s” no longer exists."), account->name);
      return -1;
    }
  return id;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static HeraldAccount *
account_from_row (sqlite3_stmt *stmt)
{
  HeraldAccount *account = herald_account_new ();

  account->id = sqlite3_column_int64 (stmt, 0);
  account->name = dup_column (stmt, 1);
  account->kind = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "outbox") == 0
                  ? HERALD_ACCOUNT_OUTBOX : HERALD_ACCOUNT_SMTP;
  account->host = dup_column (stmt, 3);
  account->port = (guint) CLAMP (sqlite3_column_int64 (stmt, 4), 0, 65535);
  if (!herald_security_from_string ((const char *) sqlite3_column_text (stmt, 5), &account->security))
    account->security = HERALD_SECURITY_STARTTLS;
  account->username = dup_column (stmt, 6);
  account->from = dup_column (stmt, 7);
  account->reply_to = dup_column (stmt, 8);
  account->ca_file = dup_column (stmt, 9);
  account->unsubscribe_mailto = dup_column (stmt, 10);
  account->unsubscribe_url = dup_column (stmt, 11);
  account->rate_per_second = sqlite3_column_double (stmt, 12);
  account->rate_per_minute = sqlite3_column_int64 (stmt, 13);
  account->rate_per_hour = sqlite3_column_int64 (stmt, 14);
  account->daily_cap = sqlite3_column_int64 (stmt, 15);
  account->connections = (guint) MAX (sqlite3_column_int64 (stmt, 16), 1);
  account->created_at = sqlite3_column_int64 (stmt, 17);
  account->unsubscribe_token_in_address = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 18), "address") == 0;
  if (!herald_charset_from_string ((const char *) sqlite3_column_text (stmt, 19), &account->charset))
    account->charset = HERALD_CHARSET_UTF8;
  account->mobile_text_only = sqlite3_column_int (stmt, 20) != 0;
  account->dkim_selector = dup_column (stmt, 21);
  if (sqlite3_column_type (stmt, 22) != SQLITE_NULL && sqlite3_column_type (stmt, 23) != SQLITE_NULL)
    {
      account->quiet_start = sqlite3_column_int (stmt, 22);
      account->quiet_end = sqlite3_column_int (stmt, 23);
    }
  if (herald_api_provider_from_string ((const char *) sqlite3_column_text (stmt, 24), &account->api))
    {
      account->kind = HERALD_ACCOUNT_API;
      account->api_region = dup_column (stmt, 25);
      account->api_key_id = dup_column (stmt, 26);
      account->api_domain = dup_column (stmt, 27);
      account->api_endpoint = dup_column (stmt, 28);
    }
  account->preset = dup_column (stmt, 29);
  /* The last two of COLUMNS (kept last, so that columns added before them
   * do not move them). */
  account->oauth_provider = dup_column (stmt, sqlite3_column_count (stmt) - 1);
  if (account->oauth_provider != NULL)
    account->goa_id = dup_column (stmt, sqlite3_column_count (stmt) - 2);
  return account;
}

static HeraldAccount *
load_one (HeraldStore  *store,
          const char   *name,
          gint64        id,
          GError      **error)
{
  sqlite3_stmt *stmt;
  HeraldAccount *account = NULL;
  int rc;

  if (name != NULL && g_str_equal (name, HERALD_OUTBOX_ACCOUNT) &&
      !herald_store_ensure_outbox (store, error))
    return NULL;

  stmt = herald_store_prepare (store, name != NULL
                               ? "SELECT " COLUMNS FROM_ACCOUNTS " WHERE name = ?1"
                               : "SELECT " COLUMNS FROM_ACCOUNTS " WHERE id = ?2",
                               error);
  if (stmt == NULL)
    return NULL;
  if (name != NULL)
    sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    account = account_from_row (stmt);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    herald_store_set_error (store, rc, error);
  else if (account == NULL && name != NULL)
    g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_NOT_FOUND,
                 _("There is no account named “%s”. Check the name against your accounts."),
                 name);
  else if (account == NULL)
    g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_NOT_FOUND,
                 _("The campaign’s sending account no longer exists. Choose another account."));
  return account;
}

/**
 * herald_account_load:
 *
 * Returns: (transfer full) (nullable): the account named @name
 */
HeraldAccount *
herald_account_load (HeraldStore  *store,
                     const char   *name,
                     GError      **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  return load_one (store, name, 0, error);
}

/**
 * herald_account_load_by_id:
 *
 * Returns: (transfer full) (nullable): the account with @id
 */
HeraldAccount *
herald_account_load_by_id (HeraldStore  *store,
                           gint64        id,
                           GError      **error)
{
  return load_one (store, NULL, id, error);
}

/**
 * herald_account_list:
 *
 * Returns: (transfer full) (element-type HeraldAccount): every account by
 *   name, the built-in Outbox included
 */
GPtrArray *
herald_account_list (HeraldStore  *store,
                     GError      **error)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_account_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!herald_store_ensure_outbox (store, error))
    return NULL;
  stmt = herald_store_prepare (store, "SELECT " COLUMNS FROM_ACCOUNTS " ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (accounts, account_from_row (stmt));
  if (!herald_store_finish (store, stmt, rc, NULL, error))
    return NULL;
  return g_steal_pointer (&accounts);
}

/**
 * herald_account_delete:
 *
 * Removes the account's row. Its password stays in the keyring until
 * herald_keyring_clear_password() is called.
 */
gboolean
herald_account_delete (HeraldStore  *store,
                       const char   *name,
                       GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (g_strcmp0 (name, HERALD_OUTBOX_ACCOUNT) == 0)
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_BUILT_IN,
                   _("The Outbox is built in and cannot be removed."));
      return FALSE;
    }
  stmt = herald_store_prepare (store, "DELETE FROM accounts WHERE name = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   _("The account “%s” is used by campaigns. Delete those campaigns or "
                     "move them to another account first."),
                   name);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return herald_store_set_error (store, rc, error);
  if (sqlite3_changes (herald_store_get_db (store)) == 0)
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_NOT_FOUND,
                   _("There is no account named “%s”. Check the name against your accounts."),
                   name);
      return FALSE;
    }
  return TRUE;
}

