/* herald-cli-test-send.c — `test-send`: one contact's message, to yourself
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-cli-private.h"
#include "herald-test-send.h"

int
_herald_cli_test_send (HeraldCli  *cli,
                       int         argc,
                       char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *template_name = NULL, *list = NULL, *email = NULL, *account = NULL, *to = NULL;
  g_autoptr(HeraldTemplateRecord) record = NULL;
  g_autoptr(HeraldTestMessage) message = NULL;
  HeraldTestSendSpec spec = { 0 };
  HeraldStore *store;
  gint64 list_id;
  int row = 0;
  int status;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, N_("The sending account"), N_("NAME") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Your own address: where the test goes"), N_("ADDR") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Send the message one contact would get to your own address instead, "
                                           "through an account. The subject and body are the contact’s; To: is "
                                           "your address; no unsubscribe headers."));
  _herald_cli_add_contact_options (context, entries, &template_name, &list, &email, &row);
  if (!_herald_cli_parse_no_args (context, &argc, &argv, &status))
    return status;
  if (template_name == NULL || list == NULL || account == NULL || to == NULL)
    return _herald_cli_usage (context, _("test-send needs --template, --list, --account and --to."));
  if ((email == NULL) == (row <= 0))
    return _herald_cli_usage (context, _("test-send needs either --email ADDR or --row N (from 1)."));

  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (record = herald_templates_find (store, template_name, &error)) == NULL ||
      (list_id = herald_store_find_list (store, list, &error)) < 0)
    return _herald_cli_fail (g_steal_pointer (&error));

  spec.record = record;
  spec.list_id = list_id;
  spec.email = email;
  spec.row = row;
  spec.account = account;
  spec.to = to;
  message = herald_test_message_prepare (store, &spec, &error);
  if (message == NULL || !herald_test_message_send (message, NULL, &error))
    return _herald_cli_fail (g_steal_pointer (&error));

  /* TRANSLATORS: 1: the contact's address, 2: the test address, 3: an account name */
  g_print (_("Sent the message for %s to %s through “%s”.\n"),
           herald_test_message_get_recipient (message), herald_test_message_get_to (message),
           herald_test_message_get_account (message));
  return HERALD_EXIT_OK;
}
