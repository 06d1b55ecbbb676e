/* herald-cli-preview.c — `preview`: the exact bytes one contact would get
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-account.h"
#include "herald-cli-private.h"
#include "herald-campaign.h"
#include "herald-merge.h"
#include "herald-message.h"

int
_herald_cli_preview (HeraldCli  *cli,
                     int         argc,
                     char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *template_name = NULL, *list = NULL, *email = NULL, *account_name = NULL, *out = NULL;
  g_autofree char *campaign = NULL;
  g_autoptr(HeraldCampaignInfo) info = NULL;
  g_autoptr(HeraldTemplateRecord) record = NULL;
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldContactCursor) cursor = NULL;
  g_autoptr(HeraldMerge) merge = NULL;
  g_autoptr(GBytes) message = NULL;
  g_autofree char *domain = NULL, *message_id = NULL;
  HeraldMergeRow r = { 0 };
  HeraldMergeRecipient to;
  HeraldStore *store;
  gint64 list_id;
  int row = 0, n = 0;
  int status;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name, N_("The sending account (default: outbox)"), N_("NAME") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Where to write the message"), N_("FILE") },
    { "campaign", 0, 0, G_OPTION_ARG_STRING, &campaign, N_("Tag the links as this campaign does (its UTM tagging)"), N_("NAME") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Write the exact message (RFC 5322 bytes) that one contact would get."));
  _herald_cli_add_contact_options (context, entries, &template_name, &list, &email, &row);
  if (!_herald_cli_parse_no_args (context, &argc, &argv, &status))
    return status;
  if (template_name == NULL || list == NULL || out == NULL)
    return _herald_cli_usage (context, _("preview needs --template, --list and --out."));
  if ((email == NULL) == (row <= 0))
    return _herald_cli_usage (context, _("preview needs either --email ADDR or --row N (from 1)."));

  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (record = herald_templates_find (store, template_name, &error)) == NULL ||
      (account = herald_account_load (store, account_name != NULL ? account_name : "outbox", &error)) == NULL ||
      (list_id = herald_store_find_list (store, list, &error)) < 0 ||
      (cursor = herald_contact_cursor_new (store, list_id, &error)) == NULL ||
      (merge = herald_merge_new_for_account (record, account, herald_contact_cursor_get_fields (cursor), &error)) == NULL ||
      !herald_merge_load_list (merge, store, list_id, &error) ||
      !herald_merge_load_parts (merge, store, record->id, &error) ||
      (campaign != NULL && (info = herald_campaign_find (store, campaign, &error)) == NULL))
    return _herald_cli_fail (g_steal_pointer (&error));
  if (info != NULL && info->utm_source != NULL)
    herald_merge_set_utm (merge, info->utm_source, info->name);

  r.cursor = cursor;
  while ((r.row = herald_contact_cursor_next (cursor, &error)) != NULL)
    {
      n++;
      if (email != NULL ? g_ascii_strcasecmp (r.row->email, email) == 0 : n == row)
        break;
    }
  if (error != NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  if (r.row == NULL)
    {
      if (email != NULL)
        g_printerr (_("herald-cli: “%s” is not in the list “%s”.\n"), email, list);
      else
        g_printerr (_("herald-cli: the list “%s” has %d contacts; there is no row %d.\n"), list, n, row);
      return HERALD_EXIT_FAILED;
    }

  /* Outside a campaign the Message-ID uses campaign 0 and the contact. */
  domain = herald_message_dup_domain (account->from);
  message_id = herald_message_make_id (0, r.row->contact_id, domain);
  to = herald_merge_row_recipient (&r);
  message = herald_merge_compose (merge, &to, message_id, 0, &error);
  if (message == NULL ||
      !g_file_set_contents (out, g_bytes_get_data (message, NULL), g_bytes_get_size (message), &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  return HERALD_EXIT_OK;
}
