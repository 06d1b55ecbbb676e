/* herald-cli-account-oauth.c — `account add … --oauth`: signing in with Google or Microsoft
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The address to open goes to stderr (a person reads it; a script or a
 * test fetches it); it is also handed to the desktop's URI launcher when
 * there is a desktop, which is never required: on a server, open it in
 * any browser that can reach this computer's 127.0.0.1 (an SSH tunnel).
 */
#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-base.h"
#include "herald-cli-private.h"
#include "herald-goa.h"
#include "herald-oauth.h"

/* How long the browser has to come back. */
#define SIGN_IN_SECONDS 300

/**
 * _herald_cli_oauth_prepare:
 *
 * Makes @account one that signs in with the provider of @preset_name
 * (its user: the --from address unless given). Returns -1, or the exit
 * status of a usage error.
 */
int
_herald_cli_oauth_prepare (GOptionContext *context,
                           HeraldAccount  *account,
                           const char     *preset_name,
                           gboolean        password_stdin)
{
  const char *provider = herald_oauth_provider_for_preset (preset_name);

  if (provider == NULL)
    return _herald_cli_usage (context, _("--oauth needs --preset gmail, google-workspace, microsoft-365 "
                                         "or outlook-com: only Google and Microsoft accounts can sign in."));
  if (password_stdin)
    return _herald_cli_usage (context, _("--oauth signs in instead of a password: leave out --password-stdin."));
  if (account->username == NULL)
    account->username = herald_dup_bare_address (account->from);
  g_free (account->oauth_provider);
  account->oauth_provider = g_strdup (provider);
  return -1;
}

/* GOption's callback for --goa[=ID]: the option given, with or without
 * an Id (an empty string: without). */
gboolean
_herald_cli_goa_option_cb (const char  *option_name,
                           const char  *value,
                           gpointer     data,
                           GError     **error)
{
  char **goa = data;

  g_free (*goa);
  *goa = g_strdup (value != NULL ? value : "");
  return TRUE;
}

/**
 * _herald_cli_goa_prepare:
 * @goa_id: the Id given with --goa, or "" for the one that fits
 *
 * Makes @account one that takes its tokens from the GNOME Online
 * Accounts account of @preset_name's provider for its user (the --from
 * address unless given). Returns -1, or the exit status of an error.
 */
int
_herald_cli_goa_prepare (GOptionContext *context,
                         HeraldAccount  *account,
                         const char     *preset_name,
                         const char     *goa_id,
                         gboolean        password_stdin,
                         gboolean        oauth)
{
  const char *provider = herald_oauth_provider_for_preset (preset_name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autofree char *address = NULL;
  const HeraldGoaAccount *goa;

  if (provider == NULL)
    return _herald_cli_usage (context, _("--goa needs --preset gmail, google-workspace, microsoft-365 "
                                         "or outlook-com: only Google and Microsoft accounts sign in."));
  if (password_stdin || oauth)
    return _herald_cli_usage (context, _("--goa takes the sign-in from GNOME Online Accounts: leave out "
                                         "--password-stdin and --oauth."));
  address = account->username != NULL ? g_strdup (account->username) : herald_dup_bare_address (account->from);
  if ((accounts = herald_goa_list_accounts (NULL, &error)) == NULL ||
      (goa = herald_goa_find (accounts, provider, address, goa_id[0] != '\0' ? goa_id : NULL, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      if (accounts != NULL && accounts->len > 0)
        g_printerr (_("Name the account with --goa=ID, its Id from the list above.\n"));
      return HERALD_EXIT_FAILED;
    }
  if (account->username == NULL)
    account->username = g_strdup (goa->smtp_user != NULL ? goa->smtp_user
                                  : goa->email != NULL ? goa->email : address);
  g_free (account->oauth_provider);
  account->oauth_provider = g_strdup (provider);
  g_free (account->goa_id);
  account->goa_id = g_strdup (goa->id);
  /* TRANSLATORS: %s: the address in Online Accounts, then its Id */
  g_printerr (_("Using %s from GNOME Online Accounts (%s).\n"),
              goa->identity != NULL ? goa->identity : account->username, goa->id);
  return -1;
}

static void
show_url (const char *url,
          gpointer    user_data)
{
  const char *title = user_data;

  /* TRANSLATORS: %s is Google or Microsoft; the address follows on the next line */
  g_printerr (_("To sign in with %s, open this address in a browser on this computer:\n"), title);
  g_printerr ("%s\n", url);
  g_printerr (_("Waiting for the sign-in to finish…\n"));
  fflush (stderr);
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!g_app_info_launch_default_for_uri (url, NULL, &error))
        g_debug ("no browser opened: %s", error->message);
    }
}

/**
 * _herald_cli_oauth_sign_in:
 *
 * The browser sign-in for @account.
 *
 * Returns: (transfer full) (nullable): the refresh token, for the keyring
 */
char *
_herald_cli_oauth_sign_in (const HeraldAccount  *account,
                           GError              **error)
{
  HeraldOAuthProvider provider;
  g_autoptr(HeraldOAuthTokens) tokens = NULL;

  if (!herald_oauth_provider_get (account->oauth_provider, &provider, error))
    return NULL;
  tokens = herald_oauth_sign_in (account->oauth_provider, account->username, show_url,
                                 (gpointer) provider.title, SIGN_IN_SECONDS, NULL, error);
  if (tokens == NULL)
    return NULL;
  /* TRANSLATORS: %s is Google or Microsoft */
  g_printerr (_("Signed in with %s.\n"), provider.title);
  return g_steal_pointer (&tokens->refresh_token);
}

/* `account sign-in NAME`: sign in again (a revoked or expired sign-in
 * pauses campaigns with "Sign in again"), replacing the refresh token. */
int
_herald_cli_account_sign_in (HeraldCli  *cli,
                             int         argc,
                             char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME"));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldAccount) account = NULL;
  g_autofree char *refresh_token = NULL;
  HeraldStore *store;
  int status;
  const GOptionEntry entries[] = { { NULL } };

  g_option_context_set_summary (context, _("Sign in again with Google or Microsoft for an account that "
                                           "signs in (added with --oauth); prints the address to open."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return _herald_cli_usage (context, _("account sign-in needs exactly one NAME."));
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (account = herald_account_load (store, argv[1], &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  if (account->oauth_provider == NULL)
    {
      g_set_error (&error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   _("The account “%s” logs in with a password, not by signing in. Store its "
                     "password again instead."), account->name);
      return _herald_cli_fail (g_steal_pointer (&error));
    }
  if (account->goa_id != NULL)
    {
      g_set_error (&error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   _("The account “%s” takes its sign-in from GNOME Online Accounts. Sign in again "
                     "in Settings → Online Accounts."), account->name);
      return _herald_cli_fail (g_steal_pointer (&error));
    }
  if ((refresh_token = _herald_cli_oauth_sign_in (account, &error)) == NULL ||
      !herald_keyring_store_password (account->name, refresh_token, NULL, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  memset (refresh_token, 0, strlen (refresh_token));
  return HERALD_EXIT_OK;
}
