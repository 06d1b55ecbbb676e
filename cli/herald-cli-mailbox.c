/* herald-cli-mailbox.c — `herald-cli mailbox check ACCOUNT`
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "herald-cli-private.h"
#include "herald-mailbox-check.h"

static int
mailbox_check (HeraldCli  *cli,
               int         argc,
               char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("ACCOUNT"), NULL);
  g_autoptr(GError) error = NULL;
  HeraldMailboxCounts counts = { 0 };
  HeraldStore *store;
  const char *account;
  int status;

  g_option_context_set_summary (context, _("Read the new messages of the account's mailbox: bounces, "
                                           "unsubscribe requests, auto-replies. Nothing is deleted."));
  if ((account = _herald_cli_parse_one (context, argc, argv, _("Which account? Give its NAME."), &status)) == NULL)
    return status;
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      !herald_mailbox_check (store, account, &counts, NULL, &error))
    return _herald_cli_fail (g_steal_pointer (&error));

  /* The summary line is part of herald-cli's contract. */
  g_print ("bounced %" G_GUINT64_FORMAT ", unsubscribed %" G_GUINT64_FORMAT ", auto-replies %" G_GUINT64_FORMAT
           ", unmatched %" G_GUINT64_FORMAT "\n",
           counts.n_bounced, counts.n_unsubscribed, counts.n_auto_replies, counts.n_unmatched);
  /* TRANSLATORS: details after mailbox check's summary line */
  g_printerr (_("Delays %" PRIu64 ", complaints %" PRIu64 ", addresses newly suppressed %" PRIu64 ".\n"),
              counts.n_delays, counts.n_complaints, counts.n_suppressed);
  return HERALD_EXIT_OK;
}

int
_herald_cli_mailbox (HeraldCli  *cli,
                     int         argc,
                     char      **argv)
{
  static const HeraldCliSubcommand subcommands[] = {
    { "check", mailbox_check },
  };
  g_autofree char *help = g_strdup_printf ("  check ACCOUNT\n      %s",
                                           _("Read the new messages of the account's mailbox and print "
                                             "“bounced N, unsubscribed N, auto-replies N, unmatched N”."));

  return _herald_cli_dispatch (cli, argc, argv, subcommands, G_N_ELEMENTS (subcommands),
                               _("Usage: herald-cli mailbox check ACCOUNT"), help);
}
