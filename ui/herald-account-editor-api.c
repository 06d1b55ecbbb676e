/* herald-account-editor-api.c — the account editor's HTTP API accounts:
 * the Provider row also offers Amazon SES, Mailgun and SendGrid; choosing
 * one shows the rows that provider needs (region, access key id, sending
 * domain, another API address) in place of the SMTP server's, and the
 * password row asks for its secret, which goes to the keyring as an SMTP
 * password does
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows are made here and added to the editor's Server group, so that
 * herald-account-editor.c/.ui stay as they were but for four calls. The
 * account is checked by the engine (herald_account_validate(): the
 * region, key id and domain as `herald-cli account add --api` checks
 * them).
 */
#define G_LOG_DOMAIN "herald-account-editor"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "herald-account-editor-private.h"

/* The API choices follow the presets in the Provider row, in this order. */
static const HeraldApiProvider api_choices[] = { HERALD_API_SES, HERALD_API_MAILGUN, HERALD_API_SENDGRID };

static guint
n_presets (HeraldAccountEditor *self)
{
  return self->preset_list != NULL ? self->preset_list->len : 0;
}

/**
 * _herald_account_editor_api_chosen:
 * @out_api: (out) (optional): which provider's API
 *
 * Returns: whether the Provider row names an HTTP API
 */
gboolean
_herald_account_editor_api_chosen (HeraldAccountEditor *self,
                                   HeraldApiProvider   *out_api)
{
  guint position = adw_combo_row_get_selected (self->provider_row);

  if (position == GTK_INVALID_LIST_POSITION || position < n_presets (self) ||
      position - n_presets (self) >= G_N_ELEMENTS (api_choices))
    return FALSE;
  if (out_api != NULL)
    *out_api = api_choices[position - n_presets (self)];
  return TRUE;
}

static void
show (gpointer  widget,
      gboolean  visible)
{
  gtk_widget_set_visible (GTK_WIDGET (widget), visible);
}

/* The rows a choice needs, and what they are called. */
static void
update_rows (HeraldAccountEditor *self)
{
  HeraldApiProvider api = HERALD_API_SES;
  gboolean chosen = _herald_account_editor_api_chosen (self, &api);
  GtkWidget *port_row = gtk_widget_get_ancestor (GTK_WIDGET (self->port_spin), ADW_TYPE_ACTION_ROW);

  show (self->host_row, !chosen);
  show (self->security_row, !chosen);
  show (self->security_hint, !chosen);
  if (port_row != NULL)
    show (port_row, !chosen);
  show (self->user_row, !chosen);
  show (self->api_region_row, chosen && api != HERALD_API_SENDGRID);
  show (self->api_key_id_row, chosen && api == HERALD_API_SES);
  show (self->api_domain_row, chosen && api == HERALD_API_MAILGUN);
  show (self->api_endpoint_row, chosen);
  if (!chosen)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("Password"));
      return;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                 /* TRANSLATORS: the password row of an Amazon SES account */
                                 api == HERALD_API_SES ? _("Secret Access Key")
                                 /* TRANSLATORS: the password row of a Mailgun or SendGrid account */
                                                       : _("API Key"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->api_region_row),
                                 api == HERALD_API_SES ? _("AWS Region")
                                 /* TRANSLATORS: Mailgun's region: us or eu */
                                                       : _("Region (us or eu, optional)"));
  switch (api)
    {
    case HERALD_API_SES:
      _herald_account_editor_set_provider_hint (self,
                                                _("Sends through Amazon SES’s API, each request signed. Give the AWS region, "
                                                  "the access key id of an IAM user that may send, and its secret access key "
                                                  "below: the key goes to the keyring. SES’s quota and rate limit the account "
                                                  "too."));
      break;
    case HERALD_API_MAILGUN:
      _herald_account_editor_set_provider_hint (self,
                                                _("Sends through Mailgun’s API. Give the sending domain and the API key "
                                                  "below: the key goes to the keyring. Opens and clicks Mailgun tracks "
                                                  "appear in the campaign’s report."));
      break;
    case HERALD_API_SENDGRID:
    default:
      _herald_account_editor_set_provider_hint (self,
                                                _("Sends through SendGrid’s API. Give the API key below (it needs the "
                                                  "Mail Send permission): it goes to the keyring."));
      break;
    }
}

static AdwEntryRow *
add_row (AdwPreferencesGroup *group,
         const char          *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_visible (row, FALSE);
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}

/**
 * _herald_account_editor_api_init:
 *
 * After the presets (herald-account-editor-presets.c): the API choices
 * added to the Provider row, their rows to its group.
 */
void
_herald_account_editor_api_init (HeraldAccountEditor *self)
{
  GListModel *model = adw_combo_row_get_model (self->provider_row);
  GtkWidget *group = gtk_widget_get_ancestor (GTK_WIDGET (self->provider_row), ADW_TYPE_PREFERENCES_GROUP);

  if (GTK_IS_STRING_LIST (model))
    {
      /* TRANSLATORS: Provider choices that send through an HTTP API, not SMTP */
      gtk_string_list_append (GTK_STRING_LIST (model), _("Amazon SES (API)"));
      gtk_string_list_append (GTK_STRING_LIST (model), _("Mailgun (API)"));
      gtk_string_list_append (GTK_STRING_LIST (model), _("SendGrid (API)"));
    }
  g_return_if_fail (group != NULL);
  self->api_region_row = add_row (ADW_PREFERENCES_GROUP (group), _("AWS Region"));
  /* TRANSLATORS: an Amazon SES account's access key id (AKIA…) */
  self->api_key_id_row = add_row (ADW_PREFERENCES_GROUP (group), _("Access Key ID"));
  /* TRANSLATORS: a Mailgun account's sending domain, e.g. mg.example.com */
  self->api_domain_row = add_row (ADW_PREFERENCES_GROUP (group), _("Sending Domain"));
  /* TRANSLATORS: another base address for the API, for compatible services */
  self->api_endpoint_row = add_row (ADW_PREFERENCES_GROUP (group), _("API Address (optional)"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->api_endpoint_row),
                               _("Another address for the API, https://HOST[:PORT], for a compatible service; "
                                 "empty: the provider’s own"));
  g_signal_connect_object (self->provider_row, "notify::selected", G_CALLBACK (update_rows), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static char *
dup_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* An API account being edited: its provider chosen, its settings shown. */
void
_herald_account_editor_api_load (HeraldAccountEditor *self,
                                 const HeraldAccount *account)
{
  if (account->kind != HERALD_ACCOUNT_API)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (api_choices); i++)
    if (api_choices[i] == account->api)
      adw_combo_row_set_selected (self->provider_row, n_presets (self) + i);
  set_text (self->api_region_row, account->api_region);
  set_text (self->api_key_id_row, account->api_key_id);
  set_text (self->api_domain_row, account->api_domain);
  set_text (self->api_endpoint_row, account->api_endpoint);
  update_rows (self);
}

/**
 * _herald_account_editor_api_apply:
 * @account: the account as the dialog shows it (herald-account-editor.c)
 *
 * Makes @account an API account when the Provider row names one (an SMTP
 * one otherwise). A new API account, or one changed to another provider,
 * needs its secret typed.
 */
gboolean
_herald_account_editor_api_apply (HeraldAccountEditor  *self,
                                  HeraldAccount        *account,
                                  GError              **error)
{
  HeraldApiProvider api;
  g_autofree char *typed = NULL;
  gboolean has_secret;

  g_clear_pointer (&account->api_region, g_free);
  g_clear_pointer (&account->api_key_id, g_free);
  g_clear_pointer (&account->api_domain, g_free);
  g_clear_pointer (&account->api_endpoint, g_free);
  if (!_herald_account_editor_api_chosen (self, &api))
    {
      account->kind = HERALD_ACCOUNT_SMTP;
      return TRUE;
    }
  account->kind = HERALD_ACCOUNT_API;
  account->api = api;
  g_clear_pointer (&account->host, g_free);
  g_clear_pointer (&account->username, g_free);
  account->port = 0;
  if (api != HERALD_API_SENDGRID)
    account->api_region = dup_text (self->api_region_row);
  if (api == HERALD_API_SES)
    account->api_key_id = dup_text (self->api_key_id_row);
  if (api == HERALD_API_MAILGUN)
    account->api_domain = dup_text (self->api_domain_row);
  account->api_endpoint = dup_text (self->api_endpoint_row);

  typed = _herald_account_editor_dup_typed_password (self);
  has_secret = typed != NULL ||
               (self->original != NULL && self->original->kind == HERALD_ACCOUNT_API && self->original->api == api);
  if (typed != NULL)
    memset (typed, 0, strlen (typed));
  if (!has_secret)
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   api == HERALD_API_SES
                   ? _("Type the secret access key of the IAM user: Herald keeps it in the keyring.")
                   : _("Type the account’s API key: Herald keeps it in the keyring."));
      return FALSE;
    }
  return TRUE;
}
