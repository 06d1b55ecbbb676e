/* herald-cli-mailbox.c — `herald-cli mailbox check ACCOUNT`
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "herald-cli-private.h"
#include "herald-mailbox-check.h"

static int
mailbox_check (HeraldCli  *cli,
               int         argc,
               char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ACCOUNT"));
  g_autoptr(GError) error = NULL;
  HeraldMailboxCounts counts = { 0 };
  HeraldStore *store;
  int status;

  g_option_context_set_summary (context, _("Read the new messages of the account's mailbox: bounces, "
                                           "unsubscribe requests, auto-replies. Nothing is deleted."));
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return _herald_cli_usage (context, argc < 2 ? _("Which account? Give its NAME.") : _("Unexpected argument."));
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      !herald_mailbox_check (store, argv[1], &counts, NULL, &error))
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
  const char *sub = argc > 1 ? argv[1] : NULL;

  if (sub == NULL || g_str_equal (sub, "--help") || g_str_equal (sub, "-h"))
    {
      FILE *out = sub != NULL ? stdout : stderr;
      fprintf (out, "%s\n\n  check ACCOUNT\n      %s\n", _("Usage: herald-cli mailbox check ACCOUNT"),
               _("Read the new messages of the account's mailbox and print "
                 "“bounced N, unsubscribed N, auto-replies N, unmatched N”."));
      return sub != NULL ? HERALD_EXIT_OK : HERALD_EXIT_USAGE;
    }
  if (g_str_equal (sub, "check"))
    return mailbox_check (cli, argc - 1, argv + 1);
  g_printerr ("herald-cli: ");
  /* TRANSLATORS: %s is what the user typed after "mailbox" */
  g_printerr (_("Unknown mailbox command “%s”. Run “herald-cli mailbox --help” to see them."), sub);
  g_printerr ("\n");
  return HERALD_EXIT_USAGE;
}
