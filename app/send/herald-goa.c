/* herald-goa.c — tokens from GNOME Online Accounts
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A person who has their Google or Microsoft account in Settings → Online
 * Accounts has signed in once for the whole desktop: Herald asks GNOME
 * Online Accounts (GOA) for an access token instead of running its own
 * sign-in. GOA's D-Bus API is used directly with GDBus (no libgoa): the
 * service org.gnome.OnlineAccounts on the session bus, an
 * org.freedesktop.DBus.ObjectManager at /org/gnome/OnlineAccounts, one
 * object per account under /org/gnome/OnlineAccounts/Accounts/ with the
 * interfaces Account (ProviderType, Id, PresentationIdentity,
 * MailDisabled, AttentionNeeded), OAuth2Based (GetAccessToken → (s, i))
 * and Mail (EmailAddress, SmtpHost, SmtpUserName, SmtpUseSsl,
 * SmtpUseTls). Herald stores only the account's Id; the object is looked
 * up again each time, so an account removed from Online Accounts is
 * noticed, and a token GOA refuses stops a campaign with "Sign in again
 * in Settings → Online Accounts". Under Flatpak the manifest lets Herald
 * talk to org.gnome.OnlineAccounts.
 */
#define G_LOG_DOMAIN "herald-goa"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-goa.h"
#include "herald-oauth.h"

#define GOA_NAME             "org.gnome.OnlineAccounts"
#define GOA_MANAGER_PATH     "/org/gnome/OnlineAccounts"
#define GOA_ACCOUNT_IFACE    "org.gnome.OnlineAccounts.Account"
#define GOA_OAUTH2_IFACE     "org.gnome.OnlineAccounts.OAuth2Based"
#define GOA_MAIL_IFACE       "org.gnome.OnlineAccounts.Mail"

/* Listing is local; a token may need GOA to reach the provider. */
#define LIST_TIMEOUT_MS      10000
#define TOKEN_TIMEOUT_MS     60000

void
herald_goa_account_free (HeraldGoaAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->id);
  g_free (account->object_path);
  g_free (account->provider_type);
  g_free (account->oauth_provider);
  g_free (account->identity);
  g_free (account->email);
  g_free (account->smtp_host);
  g_free (account->smtp_user);
  g_free (account);
}

/* Herald's provider for GOA's ProviderType: Microsoft's accounts are
 * "ms_graph" in current GOA, "windows_live" in older releases. */
static const char *
oauth_provider_for_type (const char *provider_type)
{
  if (g_strcmp0 (provider_type, "google") == 0)
    return "google";
  if (g_strcmp0 (provider_type, "ms_graph") == 0 || g_strcmp0 (provider_type, "windows_live") == 0)
    return "microsoft";
  return NULL;
}

static char *
dup_string (GVariant   *props,
            const char *name)
{
  const char *value = NULL;

  if (props == NULL || !g_variant_lookup (props, name, "&s", &value) || value[0] == '\0')
    return NULL;
  return g_strdup (value);
}

static gboolean
get_boolean (GVariant   *props,
             const char *name)
{
  gboolean value = FALSE;

  if (props != NULL)
    g_variant_lookup (props, name, "b", &value);
  return value;
}

/* What the person reads when GOA cannot be asked at all. */
static void
set_unreachable_error (GError  *cause,
                       GError **error)
{
  g_autofree char *why = NULL;

  if (g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
      g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT))
    {
      g_set_error_literal (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG,
                           _("GNOME Online Accounts is not running on this desktop. Add the account "
                             "in Settings → Online Accounts, or let Herald sign in by itself."));
      return;
    }
  g_dbus_error_strip_remote_error (cause);
  why = _herald_oauth_dup_printable (cause->message);
  g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG,
               /* TRANSLATORS: %s is the reason D-Bus gave */
               _("GNOME Online Accounts cannot be asked (%s). Check that you are signed in to a "
                 "desktop session, then try again."), why);
}

static HeraldGoaAccount *
account_from_object (const char *path,
                     GVariant   *interfaces)
{
  g_autoptr(GVariant) props = NULL;
  g_autoptr(GVariant) mail = NULL;
  g_autoptr(GVariant) oauth2 = NULL;
  HeraldGoaAccount *account;
  const char *provider_type = NULL;

  props = g_variant_lookup_value (interfaces, GOA_ACCOUNT_IFACE, G_VARIANT_TYPE_VARDICT);
  oauth2 = g_variant_lookup_value (interfaces, GOA_OAUTH2_IFACE, G_VARIANT_TYPE_VARDICT);
  if (props == NULL || oauth2 == NULL ||
      !g_variant_lookup (props, "ProviderType", "&s", &provider_type) ||
      oauth_provider_for_type (provider_type) == NULL)
    return NULL;
  account = g_new0 (HeraldGoaAccount, 1);
  account->object_path = g_strdup (path);
  account->provider_type = g_strdup (provider_type);
  account->oauth_provider = g_strdup (oauth_provider_for_type (provider_type));
  account->id = dup_string (props, "Id");
  account->identity = dup_string (props, "PresentationIdentity");
  account->mail_disabled = get_boolean (props, "MailDisabled");
  account->attention_needed = get_boolean (props, "AttentionNeeded");
  mail = g_variant_lookup_value (interfaces, GOA_MAIL_IFACE, G_VARIANT_TYPE_VARDICT);
  if (mail != NULL)
    {
      account->email = dup_string (mail, "EmailAddress");
      account->smtp_host = dup_string (mail, "SmtpHost");
      account->smtp_user = dup_string (mail, "SmtpUserName");
      account->smtp_use_ssl = get_boolean (mail, "SmtpUseSsl");
      account->smtp_use_tls = get_boolean (mail, "SmtpUseTls");
    }
  if (account->id == NULL)
    g_clear_pointer (&account, herald_goa_account_free);
  return account;
}

/**
 * herald_goa_list_accounts:
 *
 * The Google and Microsoft accounts of GNOME Online Accounts that sign in
 * with OAuth 2.0. Blocks (a D-Bus call on the session bus).
 *
 * Returns: (transfer full) (element-type HeraldGoaAccount): the accounts,
 *   possibly none; NULL with @error set when GOA cannot be asked
 */
GPtrArray *
herald_goa_list_accounts (GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) objects = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_goa_account_free);
  GVariantIter iter;
  const char *path;
  GVariant *interfaces;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, cancellable, &local);
  if (bus != NULL)
    reply = g_dbus_connection_call_sync (bus, GOA_NAME, GOA_MANAGER_PATH,
                                         "org.freedesktop.DBus.ObjectManager", "GetManagedObjects",
                                         NULL, G_VARIANT_TYPE ("(a{oa{sa{sv}}})"),
                                         G_DBUS_CALL_FLAGS_NONE, LIST_TIMEOUT_MS, cancellable, &local);
  if (reply == NULL)
    {
      set_unreachable_error (local, error);
      return NULL;
    }
  objects = g_variant_get_child_value (reply, 0);
  g_variant_iter_init (&iter, objects);
  while (g_variant_iter_next (&iter, "{&o@a{sa{sv}}}", &path, &interfaces))
    {
      HeraldGoaAccount *account = account_from_object (path, interfaces);

      if (account != NULL)
        g_ptr_array_add (accounts, account);
      g_variant_unref (interfaces);
    }
  return g_steal_pointer (&accounts);
}

static const char *
provider_title (const char *oauth_provider)
{
  return g_strcmp0 (oauth_provider, "microsoft") == 0 ? "Microsoft" : "Google";
}

/* "ID (Google, me@example.com), …" for a message. */
static char *
dup_listing (GPtrArray *accounts)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < accounts->len; i++)
    {
      const HeraldGoaAccount *a = g_ptr_array_index (accounts, i);

      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, "%s (%s, %s)", a->id, provider_title (a->oauth_provider),
                              a->email != NULL ? a->email : a->identity != NULL ? a->identity : "?");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
matches_address (const HeraldGoaAccount *account,
                 const char             *address)
{
  return address != NULL &&
         ((account->email != NULL && g_ascii_strcasecmp (account->email, address) == 0) ||
          (account->identity != NULL && g_ascii_strcasecmp (account->identity, address) == 0));
}

/**
 * herald_goa_find:
 * @oauth_provider: "google" or "microsoft"
 * @address: (nullable): the address the account sends as
 * @id: (nullable): the GOA account's Id, when the person named one
 *
 * The account of @accounts to take tokens from: the one with @id, or the
 * single one of @oauth_provider for @address. An error names the
 * accounts there are (their Ids) when none or several fit.
 *
 * Returns: (transfer none) (nullable): an element of @accounts
 */
const HeraldGoaAccount *
herald_goa_find (GPtrArray   *accounts,
                 const char  *oauth_provider,
                 const char  *address,
                 const char  *id,
                 GError     **error)
{
  const HeraldGoaAccount *found = NULL;
  guint matches = 0;
  g_autofree char *listing = dup_listing (accounts);

  for (guint i = 0; i < accounts->len; i++)
    {
      const HeraldGoaAccount *a = g_ptr_array_index (accounts, i);

      if (id != NULL ? g_strcmp0 (a->id, id) == 0
                     : g_strcmp0 (a->oauth_provider, oauth_provider) == 0 && matches_address (a, address))
        {
          found = a;
          matches++;
        }
    }
  if (id != NULL && found != NULL && g_strcmp0 (found->oauth_provider, oauth_provider) != 0)
    {
      g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG,
                   /* TRANSLATORS: %s: an Online Accounts Id; Google or Microsoft; Microsoft or Google */
                   _("The Online Accounts account %s is a %s account, not a %s one. Choose the "
                     "provider that matches it."),
                   id, provider_title (found->oauth_provider), provider_title (oauth_provider));
      return NULL;
    }
  if (matches == 1 && found->mail_disabled)
    {
      g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG,
                   /* TRANSLATORS: %s is the account's address or name in Online Accounts */
                   _("Mail is turned off for %s in Settings → Online Accounts. Turn it on there, then "
                     "try again."), found->identity != NULL ? found->identity : found->id);
      return NULL;
    }
  if (matches == 1)
    return found;
  if (accounts->len == 0)
    g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG,
                 /* TRANSLATORS: %s is Google or Microsoft */
                 _("GNOME Online Accounts has no Google or Microsoft account. Add your %s account in "
                   "Settings → Online Accounts first, or let Herald sign in by itself."),
                 provider_title (oauth_provider));
  else if (id != NULL)
    g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG,
                 /* TRANSLATORS: %s: the Id asked for, then the accounts there are */
                 _("GNOME Online Accounts has no account %s. Its accounts are: %s."), id, listing);
  else if (matches == 0)
    g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG,
                 /* TRANSLATORS: %s: Google or Microsoft, an address, then the accounts there are */
                 _("GNOME Online Accounts has no %s account for %s. Its accounts are: %s. Choose one "
                   "of them by its Id, or add yours in Settings → Online Accounts."),
                 provider_title (oauth_provider), address != NULL ? address : "?", listing);
  else
    g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_CONFIG,
                 /* TRANSLATORS: %s: Google or Microsoft, an address, then the accounts there are */
                 _("GNOME Online Accounts has several %s accounts for %s: %s. Choose one of them by "
                   "its Id."),
                 provider_title (oauth_provider), address != NULL ? address : "?", listing);
  return NULL;
}

/**
 * herald_goa_get_access_token:
 * @account: a Herald account with goa_id set
 * @out_expires_at: (out) (optional): when the token expires, Unix seconds
 *   on the real clock (GOA saying "unknown": in ten minutes, so that a
 *   long campaign asks again)
 *
 * A fresh access token from GNOME Online Accounts (GOA caches and
 * refreshes it itself). An account gone from Online Accounts, turned off
 * for mail, or whose token GOA refuses is HERALD_OAUTH_ERROR_ONLINE_ACCOUNTS,
 * saying "Sign in again in Settings → Online Accounts". Blocks.
 *
 * Returns: (transfer full) (nullable): the token
 */
char *
herald_goa_get_access_token (const HeraldAccount  *account,
                             gint64               *out_expires_at,
                             GCancellable         *cancellable,
                             GError              **error)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) local = NULL;
  const HeraldGoaAccount *goa = NULL;
  const char *token = NULL;
  gint32 expires_in = 0;

  g_return_val_if_fail (account != NULL && account->goa_id != NULL, NULL);

  if ((accounts = herald_goa_list_accounts (cancellable, error)) == NULL)
    return NULL;
  for (guint i = 0; i < accounts->len && goa == NULL; i++)
    if (g_strcmp0 (((HeraldGoaAccount *) g_ptr_array_index (accounts, i))->id, account->goa_id) == 0)
      goa = g_ptr_array_index (accounts, i);
  if (goa == NULL)
    {
      g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_ONLINE_ACCOUNTS,
                   /* TRANSLATORS: %s is Herald's account name */
                   _("The account “%s” takes its sign-in from GNOME Online Accounts, which no longer "
                     "has it. Sign in again in Settings → Online Accounts."), account->name);
      return NULL;
    }
  if (goa->mail_disabled)
    {
      g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_ONLINE_ACCOUNTS,
                   /* TRANSLATORS: %s: Herald's account name, then the address in Online Accounts */
                   _("Mail is turned off for the account “%s” (%s) in Settings → Online Accounts. "
                     "Turn it on there, or sign in again in Settings → Online Accounts."),
                   account->name, goa->identity != NULL ? goa->identity : goa->id);
      return NULL;
    }
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, cancellable, &local);
  if (bus != NULL)
    reply = g_dbus_connection_call_sync (bus, GOA_NAME, goa->object_path, GOA_OAUTH2_IFACE, "GetAccessToken",
                                         NULL, G_VARIANT_TYPE ("(si)"), G_DBUS_CALL_FLAGS_NONE,
                                         TOKEN_TIMEOUT_MS, cancellable, &local);
  if (reply != NULL)
    g_variant_get (reply, "(&si)", &token, &expires_in);
  if (reply == NULL || token == NULL || token[0] == '\0')
    {
      g_autofree char *why = NULL;

      if (local != NULL)
        g_dbus_error_strip_remote_error (local);
      why = _herald_oauth_dup_printable (local != NULL ? local->message : "");
      g_set_error (error, HERALD_OAUTH_ERROR, HERALD_OAUTH_ERROR_ONLINE_ACCOUNTS,
                   /* TRANSLATORS: %s: Herald's account name, the address in Online Accounts, GOA's reason */
                   _("GNOME Online Accounts gave no sign-in for the account “%s” (%s): %s. Sign in "
                     "again in Settings → Online Accounts."),
                   account->name, goa->identity != NULL ? goa->identity : goa->id, why);
      return NULL;
    }
  if (out_expires_at != NULL)
    *out_expires_at = g_get_real_time () / G_USEC_PER_SEC + (expires_in > 0 ? expires_in : 600);
  return g_strdup (token);
}
