/* herald-cli-account-api.c — `account add NAME --api ses …`: accounts that
 * send through a provider's HTTP API
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-account.h"
#include "herald-cli-private.h"
#include "herald-quiet-hours.h"

/* The options every API account shares with SMTP ones. */
static gboolean
apply_common (GOptionContext  *context,
              HeraldAccount   *account,
              char           **rates,
              char           **unsubscribe,
              gint64           daily,
              int              connections,
              int             *status)
{
  g_autoptr(GError) error = NULL;

  if (daily >= 0)
    account->daily_cap = daily;
  account->connections = connections > 0 ? (guint) CLAMP (connections, 1, 1000) : 1;
  for (guint i = 0; rates != NULL && rates[i] != NULL; i++)
    if (!herald_account_set_rate (account, rates[i], &error))
      {
        *status = _herald_cli_usage (context, error->message);
        return FALSE;
      }
  for (guint i = 0; unsubscribe != NULL && unsubscribe[i] != NULL; i++)
    if (!herald_account_set_unsubscribe (account, unsubscribe[i], &error))
      {
        *status = _herald_cli_usage (context, error->message);
        return FALSE;
      }
  return TRUE;
}

/* Which option reads the provider's secret, and whether the provider's
 * other settings are all there. */
static const char *
check_provider (GOptionContext *context,
                HeraldAccount  *account,
                gboolean        secret_stdin,
                gboolean        key_stdin,
                int            *status)
{
  const char *problem = NULL;
  const char *option = account->api == HERALD_API_SES ? "--secret-stdin" : "--key-stdin";

  switch (account->api)
    {
    case HERALD_API_SES:
      if (account->api_region == NULL || account->api_key_id == NULL || !secret_stdin)
        problem = _("--api ses needs --region, --access-key-id and --secret-stdin.");
      else if (key_stdin || account->api_domain != NULL)
        problem = _("--api ses takes its secret with --secret-stdin, and no --domain.");
      break;
    case HERALD_API_MAILGUN:
      if (account->api_domain == NULL || !key_stdin)
        problem = _("--api mailgun needs --domain and --key-stdin.");
      else if (secret_stdin || account->api_key_id != NULL)
        problem = _("--api mailgun takes its key with --key-stdin, and no --access-key-id.");
      break;
    case HERALD_API_SENDGRID:
    default:
      if (!key_stdin)
        problem = _("--api sendgrid needs --key-stdin.");
      else if (secret_stdin || account->api_key_id != NULL || account->api_domain != NULL ||
               account->api_region != NULL)
        problem = _("--api sendgrid takes only its key, with --key-stdin.");
      break;
    }
  if (problem != NULL)
    {
      *status = _herald_cli_usage (context, problem);
      return NULL;
    }
  return option;
}

int
_herald_cli_account_add_api (HeraldCli  *cli,
                             int         argc,
                             char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME"));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldAccount) account = herald_account_new ();
  g_autofree char *api = NULL, *from = NULL, *reply_to = NULL, *ca = NULL;
  g_auto(GStrv) rates = NULL;
  g_auto(GStrv) unsubscribe = NULL;
  g_auto(HeraldPassword) secret = NULL;
  gboolean secret_stdin = FALSE, key_stdin = FALSE;
  int connections = -1;
  gint64 daily = -1;
  g_autofree char *quiet_hours = NULL;
  const char *secret_option;
  HeraldStore *store;
  int status;
  const GOptionEntry entries[] = {
    { "api", 0, 0, G_OPTION_ARG_STRING, &api, N_("Send through this provider's HTTP API: ses, mailgun or sendgrid"), N_("PROVIDER") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &account->api_region, N_("SES: the AWS region, e.g. eu-west-1; Mailgun: us (default) or eu"), N_("REGION") },
    { "access-key-id", 0, 0, G_OPTION_ARG_STRING, &account->api_key_id, N_("SES: the access key id of an IAM user that may send"), N_("ID") },
    { "secret-stdin", 0, 0, G_OPTION_ARG_NONE, &secret_stdin, N_("SES: read the secret access key from standard input and keep it in the keyring"), NULL },
    { "domain", 0, 0, G_OPTION_ARG_STRING, &account->api_domain, N_("Mailgun: the sending domain"), N_("DOMAIN") },
    { "key-stdin", 0, 0, G_OPTION_ARG_NONE, &key_stdin, N_("Mailgun, SendGrid: read the API key from standard input and keep it in the keyring"), NULL },
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &account->api_endpoint, N_("Another address for the API (a compatible service), https://HOST[:PORT]"), N_("URL") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The sender, e.g. \"Shop <news@example.com>\""), N_("ADDRESS") },
    { "reply-to", 0, 0, G_OPTION_ARG_STRING, &reply_to, N_("Where replies go, when not to the sender"), N_("ADDRESS") },
    { "rate", 0, 0, G_OPTION_ARG_STRING_ARRAY, &rates, N_("A sending limit: N/s, N/min or N/h (may be repeated)"), N_("RATE") },
    { "daily", 0, 0, G_OPTION_ARG_INT64, &daily, N_("At most this many messages a day"), N_("N") },
    { "connections", 0, 0, G_OPTION_ARG_INT, &connections, N_("Parallel connections (default 1)"), N_("N") },
    { "unsubscribe", 0, 0, G_OPTION_ARG_STRING_ARRAY, &unsubscribe, N_("A mailto: or https: unsubscribe address (may be repeated)"), N_("URI") },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &ca, N_("Trust this CA certificate (PEM) for the API's address"), N_("FILE") },
    { "quiet-hours", 0, 0, G_OPTION_ARG_STRING, &quiet_hours, N_("No sending from the first time to the second, in your time zone, or off (default 21:00-08:00)"), N_("HH:MM-HH:MM|off") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Add an account that sends through a provider’s HTTP API "
                                           "(Amazon SES, Mailgun or SendGrid). Its secret goes "
                                           "to the keyring, never to the database."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return _herald_cli_usage (context, _("account add needs exactly one NAME."));
  if (!herald_api_provider_from_string (api, &account->api))
    return _herald_cli_usage (context, _("--api must be ses, mailgun or sendgrid."));
  if (from == NULL)
    return _herald_cli_usage (context, _("account add needs --from."));
  if ((secret_option = check_provider (context, account, secret_stdin, key_stdin, &status)) == NULL)
    return status;
  if (!apply_common (context, account, rates, unsubscribe, daily, connections, &status))
    return status;
  account->quiet_start = HERALD_QUIET_HOURS_DEFAULT_START;
  account->quiet_end = HERALD_QUIET_HOURS_DEFAULT_END;
  if (quiet_hours != NULL &&
      !herald_quiet_hours_parse (quiet_hours, &account->quiet_start, &account->quiet_end, &error))
    return _herald_cli_usage (context, error->message);

  account->kind = HERALD_ACCOUNT_API;
  account->name = g_strdup (argv[1]);
  account->from = g_steal_pointer (&from);
  account->reply_to = g_steal_pointer (&reply_to);
  account->ca_file = ca != NULL ? g_canonicalize_filename (ca, NULL) : NULL;

  if (!herald_account_validate (account, &error) ||
      (secret = _herald_cli_read_secret_stdin (secret_option, &error)) == NULL ||
      (store = _herald_cli_open_store (cli, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));

  /* Refuse a taken name before the keyring: storing first would replace
   * the secret of the account that has it. */
  if (!herald_account_check_name_free (store, account->name, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  if (!herald_keyring_store_password (account->name, secret, NULL, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  if (herald_account_save (store, account, &error) < 0)
    {
      herald_keyring_clear_password (account->name, NULL, NULL);
      return _herald_cli_fail (g_steal_pointer (&error));
    }
  g_printerr (_("Account “%s” added. Check it with “herald-cli account test %s”.\n"),
              account->name, account->name);
  return HERALD_EXIT_OK;
}
