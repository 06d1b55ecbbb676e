/* herald-cli-account.c — `account add|list|test|password|remove|presets`
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-account.h"
#include "herald-cli-private.h"
#include "herald-ses.h"
#include "herald-mailbox-store.h"
#include "herald-oauth.h"
#include "herald-provider-preset.h"
#include "herald-quiet-hours.h"
#include "herald-transport.h"

/* The whole of standard input, less one final line end: what
 * `printf %s "$PW" | herald-cli … --password-stdin` or a here-string gives.
 * @what_option: the option that asked for it, for the message when none came. */
char *
_herald_cli_read_secret_stdin (const char  *what_option,
                               GError     **error)
{
  GString *password = g_string_new (NULL);
  char buffer[256];
  size_t n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (password, buffer, n);
  memset (buffer, 0, sizeof buffer);
  if (password->len > 0 && password->str[password->len - 1] == '\n')
    g_string_truncate (password, password->len - 1);
  if (password->len > 0 && password->str[password->len - 1] == '\r')
    g_string_truncate (password, password->len - 1);
  if (password->len == 0 || memchr (password->str, '\0', password->len) != NULL ||
      !g_utf8_validate (password->str, password->len, NULL))
    {
      memset (password->str, 0, password->len);
      g_string_free (password, TRUE);
      if (g_strcmp0 (what_option, "--password-stdin") == 0)
        g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                     _("No password came on standard input. Pipe it in, e.g. "
                       "“printf %%s \"$PASSWORD\" | herald-cli account add … --password-stdin”."));
      else
        g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                     /* TRANSLATORS: %s is --secret-stdin or --key-stdin */
                     _("No secret came on standard input. Pipe it in, e.g. "
                       "“printf %%s \"$SECRET\" | herald-cli account add … %s”."), what_option);
      return NULL;
    }
  return g_string_free (password, FALSE);
}

void
_herald_cli_free_secret (char *password)
{
  if (password != NULL)
    memset (password, 0, strlen (password));
  g_free (password);
}

/* The account's value for one of a preset's limits. */
static double
account_limit (const HeraldAccount *account,
               HeraldPresetLimit    limit)
{
  switch (limit)
    {
    case HERALD_PRESET_LIMIT_PER_SECOND:
      return account->rate_per_second;
    case HERALD_PRESET_LIMIT_PER_MINUTE:
      return (double) account->rate_per_minute;
    case HERALD_PRESET_LIMIT_PER_HOUR:
      return (double) account->rate_per_hour;
    case HERALD_PRESET_LIMIT_PER_DAY:
      return (double) account->daily_cap;
    case HERALD_PRESET_LIMIT_CONNECTIONS:
    case HERALD_PRESET_N_LIMITS:
    default:
      return MAX (account->connections, 1);
    }
}

/* What the preset fills in; the options given beside it then override. */
static void
apply_preset (HeraldAccount              *account,
              const HeraldProviderPreset *preset)
{
  if (preset->host != NULL)
    account->host = g_strdup (preset->host);
  account->port = preset->port;
  if (preset->security != NULL)
    herald_security_from_string (preset->security, &account->security);
  account->rate_per_second = preset->limits.per_second;
  account->rate_per_minute = preset->limits.per_minute;
  account->rate_per_hour = preset->limits.per_hour;
  account->daily_cap = preset->limits.per_day;
  account->connections = MAX (preset->connections, 1);
  /* Remembered, so the window shows the provider and its limits' sources. */
  g_free (account->preset);
  account->preset = g_str_equal (preset->name, "other") ? NULL : g_strdup (preset->name);
}

static int
account_add (HeraldCli  *cli,
             int         argc,
             char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME"));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldAccount) account = herald_account_new ();
  g_autofree char *host = NULL, *security = NULL, *user = NULL, *from = NULL, *reply_to = NULL, *ca = NULL;
  g_autofree char *preset_name = NULL;
  g_autoptr(HeraldPacingPresets) presets = NULL;
  const HeraldProviderPreset *preset = NULL;
  g_autofree char *token_in = NULL;
  g_autofree char *charset = NULL;
  gboolean mobile_text_only = FALSE;
  g_autofree char *dkim_selector = NULL;
  g_autofree char *imap_security = NULL;
  g_autofree char *quiet_hours = NULL;
  g_autoptr(HeraldMailboxSettings) mailbox = g_new0 (HeraldMailboxSettings, 1);
  int imap_port = -1;
  gint64 account_id;
  g_auto(GStrv) rates = NULL;
  g_auto(GStrv) unsubscribe = NULL;
  g_auto(HeraldPassword) password = NULL;
  gboolean password_stdin = FALSE;
  gboolean oauth = FALSE;
  g_autofree char *goa_id = NULL;
  int port = -1, connections = -1;
  gint64 daily = -1;
  HeraldStore *store;
  int status;
  const GOptionEntry entries[] = {
    { "preset", 0, 0, G_OPTION_ARG_STRING, &preset_name, N_("Start from a provider’s server and published limits (see “account presets”)"), N_("PRESET") },
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, N_("The SMTP server"), N_("HOST") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_("The port (default: 465 for tls, 587 for starttls)"), N_("PORT") },
    { "security", 0, 0, G_OPTION_ARG_STRING, &security, N_("tls, starttls (required) or none (this computer only)"), N_("MODE") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("The user name to log in with"), N_("USER") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The sender, e.g. \"Shop <news@example.com>\""), N_("ADDRESS") },
    { "reply-to", 0, 0, G_OPTION_ARG_STRING, &reply_to, N_("Where replies go, when not to the sender"), N_("ADDRESS") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, N_("Read the password from standard input and keep it in the keyring"), NULL },
    { "oauth", 0, 0, G_OPTION_ARG_NONE, &oauth, N_("Sign in with Google or Microsoft (with --preset) instead of a password: prints the address to open in a browser"), NULL },
    { "goa", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, _herald_cli_goa_option_cb, N_("Take the sign-in from GNOME Online Accounts (with --preset): the Google or Microsoft account there for this address, or the one with this Id"), N_("ID") },
    { "rate", 0, 0, G_OPTION_ARG_STRING_ARRAY, &rates, N_("A sending limit: N/s, N/min or N/h (may be repeated)"), N_("RATE") },
    { "daily", 0, 0, G_OPTION_ARG_INT64, &daily, N_("At most this many messages a day"), N_("N") },
    { "connections", 0, 0, G_OPTION_ARG_INT, &connections, N_("Parallel connections (default 1)"), N_("N") },
    { "unsubscribe", 0, 0, G_OPTION_ARG_STRING_ARRAY, &unsubscribe, N_("A mailto: or https: unsubscribe address (may be repeated)"), N_("URI") },
    { "unsubscribe-token-in", 0, 0, G_OPTION_ARG_STRING, &token_in, N_("Where the mailto: unsubscribe address carries the recipient's token: subject (default) or address (unsubscribe+TOKEN@…)"), N_("WHERE") },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &ca, N_("Also trust this CA certificate (PEM) for this account"), N_("FILE") },
    { "charset", 0, 0, G_OPTION_ARG_STRING, &charset, N_("The messages' charset: utf-8 (default) or iso-2022-jp, for older Japanese mail programs and phones"), N_("CHARSET") },
    { "mobile-text-only", 0, 0, G_OPTION_ARG_NONE, &mobile_text_only, N_("Send plain text only to addresses at Japanese mobile carriers (docomo, au, SoftBank)"), NULL },
    { "dkim-selector", 0, 0, G_OPTION_ARG_STRING, &dkim_selector, N_("The DKIM selector the From domain signs with, for “campaign check” (default: the common providers’)"), N_("NAME") },
    { "quiet-hours", 0, 0, G_OPTION_ARG_STRING, &quiet_hours, N_("No sending from the first time to the second, in your time zone, or off (default 21:00-08:00)"), N_("HH:MM-HH:MM|off") },
    { "imap-host", 0, 0, G_OPTION_ARG_STRING, &mailbox->host, N_("The account's mailbox (IMAP), where bounces and unsubscribe requests arrive"), N_("HOST") },
    { "imap-port", 0, 0, G_OPTION_ARG_INT, &imap_port, N_("The mailbox's port (default: 993 for tls, 143 for starttls)"), N_("PORT") },
    { "imap-security", 0, 0, G_OPTION_ARG_STRING, &imap_security, N_("tls (default) or starttls"), N_("MODE") },
    { "imap-user", 0, 0, G_OPTION_ARG_STRING, &mailbox->username, N_("The mailbox's user name (default: the account's)"), N_("USER") },
    { "imap-folder", 0, 0, G_OPTION_ARG_STRING, &mailbox->folder, N_("The folder to read (default: INBOX)"), N_("FOLDER") },
    { NULL }
  };

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--api") || g_str_has_prefix (argv[i], "--api="))
      return _herald_cli_account_add_api (cli, argc, argv);

  g_option_context_set_summary (context, _("Add an SMTP account. The password goes to the keyring, never to the database."));
  g_option_context_set_description (context, _("With --api ses|mailgun|sendgrid, an account that sends through a "
                                               "provider’s HTTP API instead: see “herald-cli account add NAME "
                                               "--api ses --help”."));
  {
    GOptionGroup *group = g_option_group_new (NULL, NULL, NULL, &goa_id, NULL);

    g_option_group_add_entries (group, entries);
    g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
    g_option_context_set_main_group (context, group);
  }
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return _herald_cli_usage (context, _("account add needs exactly one NAME."));
  if (preset_name != NULL)
    {
      presets = herald_pacing_presets_dup_default ();
      preset = herald_pacing_presets_get_provider (presets, preset_name);
      if (preset == NULL)
        {
          g_autofree char *names = herald_pacing_presets_dup_names (presets);
          g_autofree char *message =
            /* TRANSLATORS: %s is the unknown preset, then the list of the presets' names */
            g_strdup_printf (_("There is no preset “%s”. The presets are: %s."), preset_name, names);
          return _herald_cli_usage (context, message);
        }
      apply_preset (account, preset);
    }
  if (host == NULL && account->host == NULL && preset != NULL && preset->host_example != NULL)
    {
      g_autofree char *message =
        /* TRANSLATORS: %s is an example host, e.g. sv12345.xserver.jp */
        g_strdup_printf (_("This provider gives each customer their own server: add --host with yours, e.g. %s."),
                         preset->host_example);
      return _herald_cli_usage (context, message);
    }
  if ((host == NULL && account->host == NULL) || from == NULL)
    return _herald_cli_usage (context, _("account add needs --host and --from."));

  account->name = g_strdup (argv[1]);
  if (host != NULL)
    {
      g_free (account->host);
      account->host = g_steal_pointer (&host);
    }
  if (port >= 0)
    account->port = (guint) CLAMP (port, 0, 65536);
  if (security != NULL && !herald_security_from_string (security, &account->security))
    return _herald_cli_usage (context, _("--security must be tls, starttls or none."));
  account->username = g_steal_pointer (&user);
  account->from = g_steal_pointer (&from);
  account->reply_to = g_steal_pointer (&reply_to);
  account->dkim_selector = g_steal_pointer (&dkim_selector);
  account->ca_file = ca != NULL ? g_canonicalize_filename (ca, NULL) : NULL;
  if (daily >= 0)
    account->daily_cap = daily;
  if (connections >= 0)
    account->connections = (guint) CLAMP (connections, 0, 1000);
  else if (preset == NULL)
    account->connections = 1;
  for (guint i = 0; rates != NULL && rates[i] != NULL; i++)
    if (!herald_account_set_rate (account, rates[i], &error))
      return _herald_cli_usage (context, error->message);
  for (guint i = 0; unsubscribe != NULL && unsubscribe[i] != NULL; i++)
    if (!herald_account_set_unsubscribe (account, unsubscribe[i], &error))
      return _herald_cli_usage (context, error->message);
  if (token_in != NULL && !g_str_equal (token_in, "subject") && !g_str_equal (token_in, "address"))
    return _herald_cli_usage (context, _("--unsubscribe-token-in must be subject or address."));
  account->unsubscribe_token_in_address = g_strcmp0 (token_in, "address") == 0;
  if (charset != NULL && !herald_charset_from_string (charset, &account->charset))
    return _herald_cli_usage (context, _("--charset must be utf-8 or iso-2022-jp."));
  account->mobile_text_only = mobile_text_only;
  account->quiet_start = HERALD_QUIET_HOURS_DEFAULT_START;
  account->quiet_end = HERALD_QUIET_HOURS_DEFAULT_END;
  if (quiet_hours != NULL &&
      !herald_quiet_hours_parse (quiet_hours, &account->quiet_start, &account->quiet_end, &error))
    return _herald_cli_usage (context, error->message);
  if (goa_id != NULL &&
      (status = _herald_cli_goa_prepare (context, account, preset_name, goa_id, password_stdin, oauth)) >= 0)
    return status;
  if (oauth && (status = _herald_cli_oauth_prepare (context, account, preset_name, password_stdin)) >= 0)
    return status;
  if (password_stdin && account->username == NULL)
    return _herald_cli_usage (context, _("--password-stdin needs --user."));
  if (mailbox->host == NULL && (imap_port >= 0 || imap_security != NULL || mailbox->username != NULL ||
                                mailbox->folder != NULL))
    return _herald_cli_usage (context, _("The mailbox options need --imap-host."));
  if (imap_security != NULL && !g_str_equal (imap_security, "tls") && !g_str_equal (imap_security, "starttls"))
    return _herald_cli_usage (context, _("--imap-security must be tls or starttls: Herald reads a mailbox only over TLS."));
  mailbox->security = g_strdup (imap_security != NULL ? imap_security : "tls");
  mailbox->port = imap_port > 0 ? (guint) CLAMP (imap_port, 1, 65535) : 0;

  /* Allowed, but said: a limit above the provider's is how accounts get blocked. */
  for (guint l = 0; preset != NULL && l < HERALD_PRESET_N_LIMITS; l++)
    {
      g_autofree char *warning = herald_provider_preset_dup_warning (preset, l, account_limit (account, l));

      if (warning != NULL)
        /* TRANSLATORS: %s says which limit is above the provider's and why that is risky */
        g_printerr (_("Warning: %s\n"), warning);
    }

  if (!herald_account_validate (account, &error) ||
      (password_stdin && (password = _herald_cli_read_secret_stdin ("--password-stdin", &error)) == NULL) ||
      (store = _herald_cli_open_store (cli, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));

  /* Refuse a taken name before the keyring: storing first would replace
   * the password of the account that has it. */
  if (!herald_account_check_name_free (store, account->name, &error))
    return _herald_cli_fail (g_steal_pointer (&error));

  /* Signed in: the refresh token is the account's secret in the keyring. */
  if (oauth && (password = _herald_cli_oauth_sign_in (account, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  if (password != NULL && !herald_keyring_store_password (account->name, password, NULL, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  if ((account_id = herald_account_save (store, account, &error)) < 0)
    {
      if (password != NULL)
        herald_keyring_clear_password (account->name, NULL, NULL);
      return _herald_cli_fail (g_steal_pointer (&error));
    }
  if (mailbox->host != NULL && !herald_mailbox_settings_save (store, account_id, mailbox, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  g_printerr (_("Account “%s” added. Check it with “herald-cli account test %s”.\n"),
              account->name, account->name);
  if (!oauth && goa_id == NULL && preset != NULL && herald_provider_preset_auth_hint (preset) != NULL)
    g_printerr ("%s\n", herald_provider_preset_auth_hint (preset));
  return HERALD_EXIT_OK;
}

static int
account_presets (HeraldCli  *cli,
                 int         argc,
                 char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(HeraldPacingPresets) presets = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int status;

  g_option_context_set_summary (context, _("Show each provider preset: name, server, port, security and "
                                           "sending limits, separated by tabs; “-” where the preset has none."));
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return _herald_cli_usage (context, _("account presets takes no arguments."));

  presets = herald_pacing_presets_dup_default ();
  list = herald_pacing_presets_list_providers (presets);
  for (guint i = 0; i < list->len; i++)
    {
      const HeraldProviderPreset *preset = g_ptr_array_index (list, i);
      g_autofree char *limits = herald_provider_preset_format_limits (preset);
      g_autofree char *port = preset->port > 0 ? g_strdup_printf ("%u", preset->port) : g_strdup ("-");

      g_print ("%s\t%s\t%s\t%s\t%s\n", preset->name,
               preset->host != NULL ? preset->host : "-", port,
               preset->security != NULL ? preset->security : "-", limits);
    }
  return HERALD_EXIT_OK;
}

static int
account_list (HeraldCli  *cli,
              int         argc,
              char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  HeraldStore *store;
  int status;

  g_option_context_set_summary (context, _("Show each account: name, host:port, security and sender, "
                                           "separated by tabs. The Outbox shows its folder."));
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return _herald_cli_usage (context, _("account list takes no arguments."));

  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (accounts = herald_account_list (store, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  for (guint i = 0; i < accounts->len; i++)
    {
      HeraldAccount *account = g_ptr_array_index (accounts, i);

      if (account->kind == HERALD_ACCOUNT_OUTBOX)
        {
          g_autofree char *dir = herald_store_default_outbox ();
          g_print ("%s\t%s\t%s\t%s\n", account->name, dir, "maildir", account->from);
        }
      else if (account->kind == HERALD_ACCOUNT_API)
        {
          g_autofree char *url = herald_account_dup_api_base_url (account);
          g_print ("%s\t%s\t%s\t%s\n", account->name, url, herald_api_provider_to_string (account->api),
                   account->from);
        }
      else
        g_print ("%s\t%s:%u\t%s\t%s\n", account->name, account->host, herald_account_get_port (account),
                 herald_security_to_string (account->security), account->from);
    }
  return HERALD_EXIT_OK;
}

static int
account_test (HeraldCli  *cli,
              int         argc,
              char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME"));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  char *password = NULL;
  int timeout = 0;
  HeraldStore *store;
  int status;
  const GOptionEntry entries[] = {
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Give up when the server does not answer within this many seconds (default 60)"), N_("SECONDS") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Connect, encrypt, log in and say goodbye, then report what the "
                                           "server offered. Sends no message."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return _herald_cli_usage (context, _("account test needs exactly one NAME."));

  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (account = herald_account_load (store, argv[1], &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  account->response_timeout = timeout > 0 ? (guint) timeout : 60;
  account->connect_timeout = MIN (account->response_timeout, 30);

  if (account->oauth_provider != NULL)
    {
      /* Signed in: refresh, then log in with the fresh access token. */
      password = herald_oauth_fresh_access_token (account, NULL, &error);
      if (password == NULL)
        return _herald_cli_fail (g_steal_pointer (&error));
    }
  else if ((account->kind == HERALD_ACCOUNT_SMTP && account->username != NULL) ||
           account->kind == HERALD_ACCOUNT_API)
    {
      password = herald_keyring_require_password (account->name, NULL, &error);
      if (password == NULL)
        return _herald_cli_fail (g_steal_pointer (&error));
    }

  transport = herald_transport_new_for_account (account, password, &error);
  herald_password_free (password);
  if (transport == NULL || !herald_transport_open (transport, NULL, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  herald_transport_close (transport);
  g_print ("%s\n", herald_transport_get_summary (transport));
  if (account->kind == HERALD_ACCOUNT_API && account->api == HERALD_API_SES)
    {
      g_autofree char *secret = herald_keyring_require_password (account->name, NULL, &error);

      /* SES's quota and rate, where lower than the account's own, are the
       * limits in force (as when sending). */
      if (secret == NULL || !herald_ses_apply_quota (account, secret, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          g_clear_error (&error);
        }
      if (secret != NULL)
        memset (secret, 0, strlen (secret));
    }
  {
    double values[HERALD_PRESET_N_LIMITS];
    g_autofree char *limits = NULL;

    for (guint l = 0; l < HERALD_PRESET_N_LIMITS; l++)
      values[l] = account_limit (account, l);
    limits = herald_limits_format (values);
    /* TRANSLATORS: %s is the account's sending limits, e.g. "30/min 10000/day 3 connections" */
    g_print (_("limits in force: %s"), limits);
    g_print ("\n");
  }
  return HERALD_EXIT_OK;
}

static int
account_password (HeraldCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME"));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldAccount) account = NULL;
  g_auto(HeraldPassword) password = NULL;
  HeraldStore *store;
  int status;

  g_option_context_set_summary (context, _("Read the account’s new password from standard input and keep it in the keyring."));
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return _herald_cli_usage (context, _("account password needs exactly one NAME."));

  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (account = herald_account_load (store, argv[1], &error)) == NULL ||
      (password = _herald_cli_read_secret_stdin ("--password-stdin", &error)) == NULL ||
      !herald_keyring_store_password (account->name, password, NULL, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  return HERALD_EXIT_OK;
}

static int
account_remove (HeraldCli  *cli,
                int         argc,
                char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) keyring_error = NULL;
  HeraldStore *store;
  int status;

  g_option_context_set_summary (context, _("Remove an account and its password from the keyring."));
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return _herald_cli_usage (context, _("account remove needs exactly one NAME."));

  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      !herald_account_delete (store, argv[1], &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  if (!herald_keyring_clear_password (argv[1], NULL, &keyring_error) ||
      !herald_keyring_clear_mailbox_password (argv[1], NULL, &keyring_error))
    /* TRANSLATORS: %s says why the keyring could not be reached */
    g_printerr (_("The account was removed, but its password may still be in the keyring: %s\n"),
                keyring_error->message);
  return HERALD_EXIT_OK;
}

/* `account quiet-hours NAME [HH:MM-HH:MM|off]`: print or change them */
static int
account_quiet_hours (HeraldCli  *cli,
                     int         argc,
                     char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME [HH:MM-HH:MM|off]"),
      _("Print the account’s quiet hours, or change them: no delivery starts from the first time "
        "to the second, in your time zone."));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldAccount) account = NULL;
  g_autofree char *span = NULL;
  HeraldStore *store;
  int status;

  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2 && argc != 3)
    return _herald_cli_usage (context, _("account quiet-hours needs the account’s NAME, and the hours to set."));
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (account = herald_account_load (store, argv[1], &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  if (argc == 3)
    {
      if (!herald_quiet_hours_parse (argv[2], &account->quiet_start, &account->quiet_end, &error))
        return _herald_cli_usage (context, error->message);
      if (herald_account_save (store, account, &error) < 0)
        return _herald_cli_fail (g_steal_pointer (&error));
    }
  span = herald_quiet_hours_format (account->quiet_start, account->quiet_end);
  g_print ("%s\n", span);
  return HERALD_EXIT_OK;
}

int
_herald_cli_account (HeraldCli  *cli,
                     int         argc,
                     char      **argv)
{
  static const struct {
    const char *name;
    int (*func) (HeraldCli *, int, char **);
  } subcommands[] = {
    { "add", account_add },
    { "list", account_list },
    { "test", account_test },
    { "password", account_password },
    { "remove", account_remove },
    { "presets", account_presets },
    { "quiet-hours", account_quiet_hours },
    { "sign-in", _herald_cli_account_sign_in },
  };

  for (guint i = 0; argc >= 2 && i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].func (cli, argc - 1, argv + 1);
  return _herald_cli_usage (NULL, _("Use “account add NAME --host H --from ADDRESS …”, “account list”, "
                                    "“account test NAME”, “account password NAME”, “account sign-in NAME”, "
                                    "“account remove NAME”, “account quiet-hours NAME [HH:MM-HH:MM|off]” or “account presets”."));
}
