/* herald-cli-business.c — `herald-cli business set|show`
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sender's business details (app/store/herald-business.h), the same
 * ones as the window's Preferences: templates show them in their footer
 * as {{ sender_name }}, {{ sender_address }} and {{ sender_contact }}.
 */
#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-business.h"
#include "herald-cli-private.h"

/* Says on stderr which details are still empty, and how to set them. */
static void
warn_missing (const HeraldBusiness *business)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  const char *options[] = { "--name", "--address", "--contact" };
  const char *values[] = { business->name, business->address, business->contact };

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    if (*values[i] == '\0')
      g_string_append_printf (missing, "%s%s", missing->len > 0 ? " " : "", options[i]);
  if (missing->len > 0)
    /* TRANSLATORS: %s: the options still to give, e.g. "--address --contact" */
    g_printerr (_("Not set yet: %s. Every newsletter must say who sends it; "
                  "set them with “herald-cli business set”.\n"), missing->str);
}

/**
 * _herald_cli_warn_business_missing:
 *
 * After a template that shows them is made: says on stderr which business
 * details are not set yet, and how to set them (nothing when all are).
 */
void
_herald_cli_warn_business_missing (HeraldStore *store)
{
  g_autoptr(HeraldBusiness) business = herald_business_load (store, NULL);

  if (business != NULL)
    warn_missing (business);
}

static void
replace (char **value,
         char **with)
{
  g_free (*value);
  *value = g_steal_pointer (with);
}

static int
business_set (HeraldCli  *cli,
              int         argc,
              char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (NULL,
      _("Set your business details, shown in the footer of every newsletter; "
        "the details not given keep their value."));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldBusiness) business = NULL;
  g_autofree char *name = NULL, *address = NULL, *contact = NULL;
  HeraldStore *store;
  int status;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The business’s name, as recipients know it"), N_("TEXT") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, N_("Its postal address, on one line"), N_("TEXT") },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact, N_("How to reach it: an e-mail address and/or a telephone number"), N_("TEXT") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return _herald_cli_usage (context, _("Unexpected argument."));
  if (name == NULL && address == NULL && contact == NULL)
    return _herald_cli_usage (context, _("business set needs --name, --address or --contact."));

  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (business = herald_business_load (store, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  if (name != NULL)
    replace (&business->name, &name);
  if (address != NULL)
    replace (&business->address, &address);
  if (contact != NULL)
    replace (&business->contact, &contact);
  if (!herald_business_save (store, business, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  g_clear_pointer (&business, herald_business_free);
  if ((business = herald_business_load (store, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  warn_missing (business);
  return HERALD_EXIT_OK;
}

static int
business_show (HeraldCli  *cli,
               int         argc,
               char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (NULL,
      _("Show your business details: “name”, “address” and “contact”, each with a tab and its value."));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldBusiness) business = NULL;
  HeraldStore *store;
  int status;

  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return _herald_cli_usage (context, _("business show takes no arguments."));
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (business = herald_business_load (store, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  g_print ("name\t%s\naddress\t%s\ncontact\t%s\n", business->name, business->address, business->contact);
  warn_missing (business);
  return HERALD_EXIT_OK;
}

int
_herald_cli_business (HeraldCli  *cli,
                      int         argc,
                      char      **argv)
{
  static const HeraldCliSubcommand subcommands[] = {
    { "set", business_set },
    { "show", business_show },
  };
  g_autofree char *help = g_strdup_printf ("  set [--name TEXT] [--address TEXT] [--contact TEXT]\n      %s\n"
                                           "  show\n      %s",
                                           _("Set your business details, shown in the footer of every newsletter "
                                             "as {{ sender_name }}, {{ sender_address }} and {{ sender_contact }}."),
                                           _("Print “name”, “address” and “contact”, each with a tab and its value."));

  return _herald_cli_dispatch (cli, argc, argv, subcommands, G_N_ELEMENTS (subcommands),
                               _("Usage: herald-cli business set|show …"), help);
}
