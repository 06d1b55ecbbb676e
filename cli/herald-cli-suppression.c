/* herald-cli-suppression.c — `herald-cli suppression list|add|remove|import|export`
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "herald-address.h"
#include "herald-cli-private.h"
#include "herald-csv.h"
#include "herald-csv-write.h"
#include "herald-provider-pull.h"
#include "herald-suppression-import.h"
#include "herald-suppressions.h"

static const char suppression_help[] = N_(
  "Commands:\n"
  "  list [--search TEXT] / export\n"
  "        The suppressed addresses as CSV: email,reason,created_at,source.\n"
  "  add ADDR [--reason bounced|unsubscribed|complaint|manual] [--source TEXT]\n"
  "        Never send to ADDR again (reason: manual unless given; source: what caused\n"
  "        it — a bounce's Message-ID there counts it in that campaign's report).\n"
  "  remove ADDR\n"
  "        Take ADDR off the list: later campaigns include it again.\n"
  "  import FILE [--reason R] [--encoding E]\n"
  "        Suppress every address in a CSV file (the column holding addresses; a\n"
  "        “reason” column is used where it holds a known reason). Prints\n"
  "        “added N, already N, invalid N”; each rejected row on standard error.\n"
  "  pull ACCOUNT\n"
  "        Pull the addresses that the provider of an API account (Amazon SES,\n"
  "        Mailgun, SendGrid) has on its own suppression lists (bounces, complaints,\n"
  "        unsubscribes; SendGrid's blocks and invalid emails) into this list, each\n"
  "        with its source. Prints “pulled N, new N”. Done also after each campaign\n"
  "        sent through an API account.\n");

static int
suppression_list (HeraldCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (NULL, _("Print the suppressed addresses as CSV."));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *search = NULL;
  HeraldStore *store;
  int status;
  const GOptionEntry entries[] = {
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only the addresses containing TEXT"), N_("TEXT") },
    { NULL }
  };

  if (g_str_equal (argv[0], "list"))
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return _herald_cli_usage (context, _("Unexpected argument."));
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (all = herald_suppressions_list (store, search, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));

  g_string_append (out, "email,reason,created_at,source\r\n");
  for (guint i = 0; i < all->len; i++)
    {
      const HeraldSuppression *s = g_ptr_array_index (all, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (s->created_at);
      g_autofree char *created = when != NULL ? g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
      const char *row[4] = { s->email, s->reason, created, s->source };

      herald_csv_append_row (out, row, G_N_ELEMENTS (row));
    }
  fwrite (out->str, 1, out->len, stdout);
  return HERALD_EXIT_OK;
}

static int
suppression_add (HeraldCli  *cli,
                 int         argc,
                 char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("ADDR"), _("Never send to an address again."));
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *source = NULL;
  g_autofree char *email = NULL;
  HeraldStore *store;
  const char *address;
  gboolean added;
  int status;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("bounced, unsubscribed, complaint or manual (the default)"), N_("R") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, N_("What caused it, e.g. the Message-ID of the message it answers (counted in that campaign’s report)"), N_("TEXT") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((address = _herald_cli_parse_one (context, argc, argv, _("Which address? Give ADDR."), &status)) == NULL)
    return status;
  if ((email = herald_address_normalize (address, &error)) == NULL ||
      (store = _herald_cli_open_store (cli, &error)) == NULL ||
      !herald_suppressions_add (store, email, reason != NULL ? reason : "manual",
                                source != NULL ? source : _("added with herald-cli"), &added, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  if (added)
    g_printerr (_("“%s” is on the suppression list now.\n"), email);
  else
    g_printerr (_("“%s” was on the suppression list already; its entry is unchanged.\n"), email);
  return HERALD_EXIT_OK;
}

static int
suppression_remove (HeraldCli  *cli,
                    int         argc,
                    char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("ADDR"), _("Take an address off the suppression list."));
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  HeraldStore *store;
  const char *address;
  int status;

  if ((address = _herald_cli_parse_one (context, argc, argv, _("Which address? Give ADDR."), &status)) == NULL)
    return status;
  /* An address stored before the rules were strict may not normalise:
   * remove it as typed then. */
  email = herald_address_normalize (address, NULL);
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      !herald_suppressions_remove (store, email != NULL ? email : address, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  return HERALD_EXIT_OK;
}

static int
suppression_import (HeraldCli  *cli,
                    int         argc,
                    char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("FILE"), _("Suppress every address in a CSV file."));
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *source = NULL;
  HeraldSuppressionImportCounts counts = { 0 };
  HeraldSuppressionImportOptions options = { 0 };
  const char *canonical = NULL;
  HeraldStore *store;
  const char *path;
  int status;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("For rows that give none: bounced, unsubscribed, complaint or manual (the default)"), N_("R") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding, N_("auto (the default), utf-8, cp932, euc-jp or utf-16"), N_("ENC") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((path = _herald_cli_parse_one (context, argc, argv, _("Which file? Give FILE."), &status)) == NULL)
    return status;
  if (encoding != NULL && !herald_csv_parse_encoding (encoding, &canonical, &error))
    return _herald_cli_usage (context, error->message);

  file = g_file_new_for_commandline_arg (path);
  basename = g_file_get_basename (file);
  /* TRANSLATORS: the source of suppressions read from a file; %s is its name */
  source = g_strdup_printf (_("imported from %s"), basename);
  if ((stream = g_file_read (file, NULL, &error)) == NULL ||
      (store = _herald_cli_open_store (cli, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  options.encoding = canonical;
  options.reason = reason != NULL ? reason : "manual";
  options.source = source;
  ok = herald_suppression_import (store, G_INPUT_STREAM (stream), &options, &counts, NULL, &error);
  for (guint i = 0; counts.rejected != NULL && i < counts.rejected->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (counts.rejected, i));
  herald_suppression_import_counts_clear (&counts);
  if (!ok)
    return _herald_cli_fail (g_steal_pointer (&error));
  g_print ("added %" G_GUINT64_FORMAT ", already %" G_GUINT64_FORMAT ", invalid %" G_GUINT64_FORMAT "\n",
           counts.n_added, counts.n_known, counts.n_invalid);
  return HERALD_EXIT_OK;
}

static int
suppression_pull (HeraldCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("ACCOUNT"),
      _("Pull the suppression lists of an API account's provider into Herald's."));
  g_autoptr(GError) error = NULL;
  HeraldPullCounts counts = { 0 };
  const char *account;
  HeraldStore *store;
  int status;

  if ((account = _herald_cli_parse_one (context, argc, argv, _("Which account? Give ACCOUNT."), &status)) == NULL)
    return status;
  if ((store = _herald_cli_open_store (cli, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  if (!herald_provider_pull_suppressions (store, account, &counts, NULL, &error))
    {
      if (counts.n_pulled > 0)
        /* TRANSLATORS: said before the error when a pull stopped halfway */
        g_printerr (_("Kept what was pulled before the failure: %" PRIu64 " addresses, %" PRIu64
                      " of them new.\n"), counts.n_pulled, counts.n_new);
      return _herald_cli_fail (g_steal_pointer (&error));
    }
  g_print ("pulled %" PRIu64 ", new %" PRIu64 "\n", counts.n_pulled, counts.n_new);
  return HERALD_EXIT_OK;
}

int
_herald_cli_suppression (HeraldCli  *cli,
                         int         argc,
                         char      **argv)
{
  static const HeraldCliSubcommand subcommands[] = {
    { "list", suppression_list },
    { "export", suppression_list },
    { "add", suppression_add },
    { "remove", suppression_remove },
    { "import", suppression_import },
    { "pull", suppression_pull },
  };

  return _herald_cli_dispatch (cli, argc, argv, subcommands, G_N_ELEMENTS (subcommands),
                               _("Usage: herald-cli suppression COMMAND [ARGS]"), _(suppression_help));
}
