/* herald-cli.c — the headless command line: global options and commands
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-cli-private.h"
#include "herald-account.h"
#include "herald-campaign.h"
#include "herald-engine.h"
#include "herald-imap.h"
#include "herald-import.h"
#include "herald-mailbox-check.h"
#include "herald-oauth.h"
#include "herald-table-resolver.h"
#include "herald-segment.h"
#include "herald-sequence.h"
#include "herald-transport.h"
#include "herald-suppressions.h"
#include "herald-consent.h"

static const HeraldCliCommand commands[] = {
  { "init",     "[--demo]", N_("Create the database; --demo adds the sample list, template and Outbox account"), _herald_cli_init },
  { "lists",    "", N_("Show each list with its number of contacts"), _herald_cli_lists },
  { "contacts", "--list NAME [--format csv]", N_("Print a list’s contacts as UTF-8 CSV"), _herald_cli_contacts },
  { "import",   "FILE --list NAME [--encoding auto|utf-8|cp932|euc-jp|utf-16] [--delimiter auto|,|;|tab] [--map COLUMN=FIELD]… [--blank-clears] [--consent-source TEXT] [--consent-at DATE] [--dry-run] | undo LIST", N_("Read a CSV file into a list and print what changed; or undo the last import into LIST"), _herald_cli_import },
  { "contact",  "consent ADDR [--given|--declined] [--source TEXT] [--at DATE]", N_("Show or change whether and how a person agreed to marketing mail (people who declined are never mailed)"), _herald_cli_contact },
  { "template", "add NAME --subject TEXT --html FILE [--text FILE] [--attach FILE]… [--attach-field FIELD]… [--embed-remote] [--charset utf-8|iso-2022-jp] | add NAME --subject TEXT --blocks FILE.json [--text FILE] [--attach FILE]… | add NAME --starter STARTER [--lang ja|en] | list | charset NAME [utf-8|iso-2022-jp|account] | starters | map NAME [FIELD=COLUMN]… [--clear] | attach NAME [FILE]… | detach NAME FILENAME… | attach-field NAME [FIELD]… [--folder DIR] | attach-field NAME --clear", N_("Store a template, or make one from a starter template; list the templates, or the starters (name, tab, title); a template’s own charset; match a template’s fields to a list’s columns; attach files for everyone, or each recipient’s own file named by a field"), _herald_cli_template },
  { "business", "set [--name TEXT] [--address TEXT] [--contact TEXT] | show", N_("Set or show your business details (name, postal address, contact), which every newsletter’s footer shows"), _herald_cli_business },
  { "preview",  "--template NAME --list NAME (--email ADDR | --row N) [--account NAME] --out FILE", N_("Write the exact message one contact would get"), _herald_cli_preview },
  { "test-send", "--template NAME --list NAME (--email ADDR | --row N) --account NAME --to ADDR", N_("Send the message one contact would get to your own address, through an account"), _herald_cli_test_send },
  { "account",  "add|list|test|password|sign-in|remove|presets [NAME] … (add NAME --api ses …: Amazon SES's HTTP API; add NAME --preset gmail --oauth …: sign in with Google or Microsoft; --goa[=ID]: with the account of GNOME Online Accounts)", N_("Add, list, test or remove sending accounts; see “herald-cli account add --help”"), _herald_cli_account },
  { "segment",  "add NAME --list L [--any] --where 'FIELD OP VALUE'… | edit NAME [--name NEW] [--any|--all] [--where …] | list | count NAME | remove NAME", N_("Save a part of a list, chosen by conditions; see “herald-cli segment --help”"), _herald_cli_segment },
  { "sequence", "add NAME --list L --account A [--catch-up send|skip] | step NAME --template T --day N [--at HH:MM] | step-edit NAME --step N [--template T] [--day D] [--at HH:MM|joined] | step-move NAME --step N --to M | step-remove NAME --step N | list | status NAME | run-due", N_("Step mail: messages sent a number of days after each contact joined a list; see “herald-cli sequence --help”"), _herald_cli_sequence },
  { "campaign", "create|send|check|pause|status|resend|skip|report|retry-failed|tracking-import NAME …", N_("Prepare, send, pause or resume a campaign; see “herald-cli campaign --help”"), _herald_cli_campaign },
  { "mailbox",  "check ACCOUNT", N_("Read the account's mailbox: bounces, unsubscribe requests, auto-replies"), _herald_cli_mailbox },
  { "suppression", "list [--search TEXT] | add ADDR [--reason R] | remove ADDR | import FILE [--reason R] | export | pull ACCOUNT", N_("The addresses Herald never sends to; see “herald-cli suppression --help”"), _herald_cli_suppression },
  { "report",   "NAME [--format csv]", N_("Each recipient’s delivery as CSV: email,state,attempts,code,response,message_id,updated_at,account"), _herald_cli_report },
  { "run-due",  "", N_("Send every scheduled campaign that is due, then exit (for a timer or cron); see “herald-cli run-due --help”"), _herald_cli_run_due },
};

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: herald-cli [--db FILE] COMMAND [ARGS]"));
  fprintf (out, "%s\n\n", _("Herald’s engine without a window: for scripts, timers and tests."));
  fprintf (out, "%s\n", _("Options:"));
  fprintf (out, "  --db FILE      %s\n", _("The database (default: $HERALD_DB or herald.db in the user data folder)"));
  fprintf (out, "  --help         %s\n", _("Show this help"));
  fprintf (out, "  --version      %s\n\n", _("Show the version"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      fprintf (out, "  %s %s\n      %s\n", commands[i].name, commands[i].args, _(commands[i].summary));
    }
  fprintf (out, "\n%s\n", _("Run “herald-cli COMMAND --help” for a command’s options."));
  fprintf (out, "%s\n", _("Exit status: 0 done, 1 failed, 2 bad usage, 3 campaign stopped before its end."));
  fprintf (out, "%s\n", _("HERALD_NOW (an ISO 8601 time such as 2027-01-10T10:01:00+09:00) sets the engine’s clock, "
                           "to try a schedule; TZ sets the time zone of --at and quiet hours."));
}

/**
 * _herald_cli_open_store:
 *
 * Returns: (transfer none): the store, opened on first use
 */
HeraldStore *
_herald_cli_open_store (HeraldCli  *cli,
                        GError    **error)
{
  if (cli->store == NULL)
    cli->store = herald_store_open (cli->db_path, error);
  return cli->store;
}

/* What to type next, for an engine error that speaks of the window's
 * places or of no place at all: the engine's messages name no command or
 * option, so the command line adds its own. */
static const char *
cli_hint (const GError *error)
{
  if (error == NULL)
    return NULL;
  if (error->domain == HERALD_STORE_ERROR)
    switch (error->code)
      {
      case HERALD_STORE_ERROR_CORRUPT:
      case HERALD_STORE_ERROR_CANNOT_OPEN:
      case HERALD_STORE_ERROR_READ_ONLY:
        return _("“--db FILE” opens another database.");
      case HERALD_STORE_ERROR_NOT_FOUND:
        return _("“herald-cli lists” and “herald-cli template list” show the names.");
      default:
        return NULL;
      }
  if (error->domain == HERALD_ACCOUNT_ERROR)
    switch (error->code)
      {
      case HERALD_ACCOUNT_ERROR_NOT_FOUND:
        return _("“herald-cli account list” shows the accounts.");
      case HERALD_ACCOUNT_ERROR_NO_PASSWORD:
        return _("“herald-cli account password NAME” stores it (it reads the password from standard input).");
      default:
        return NULL;
      }
  if (error->domain == HERALD_OAUTH_ERROR && error->code == HERALD_OAUTH_ERROR_REVOKED)
    return _("“herald-cli account sign-in NAME” signs in again.");
  if ((error->domain == HERALD_TRANSPORT_ERROR && error->code == HERALD_TRANSPORT_ERROR_TLS) ||
      (error->domain == HERALD_IMAP_ERROR && error->code == HERALD_IMAP_ERROR_TLS))
    return _("“herald-cli account add … --ca FILE” gives an account a certificate authority's certificate.");
  if (error->domain == HERALD_IMPORT_ERROR && error->code == HERALD_IMPORT_ERROR_NO_ADDRESS_COLUMN)
    return _("“--map COLUMN=email” names it.");
  if (error->domain == HERALD_MAILBOX_CHECK_ERROR && error->code == HERALD_MAILBOX_CHECK_ERROR_NO_MAILBOX)
    return _("“herald-cli account add … --imap-host H” adds one (remove and add the account again).");
  if (error->domain == HERALD_SUPPRESSION_ERROR && error->code == HERALD_SUPPRESSION_ERROR_NOT_FOUND)
    return _("“herald-cli suppression list” shows the suppressed addresses.");
  if (error->domain == HERALD_CONSENT_ERROR && error->code == HERALD_CONSENT_ERROR_NO_CONTACT)
    return _("“herald-cli contacts --list NAME” shows a list's contacts.");
  if (error->domain == HERALD_SEGMENT_ERROR && error->code == HERALD_SEGMENT_ERROR_NOT_FOUND)
    return _("“herald-cli segment list” shows the segments.");
  if (error->domain == HERALD_SEQUENCE_ERROR && error->code == HERALD_SEQUENCE_ERROR_NOT_FOUND)
    return _("“herald-cli sequence list” shows the sequences.");
  if (error->domain == HERALD_CAMPAIGN_ERROR && error->code == HERALD_CAMPAIGN_ERROR_NOT_FOUND)
    return _("“herald-cli campaign create” makes a campaign.");
  return NULL;
}

/* Prints one clear line on stderr (with a hint of what to type, where one
 * helps) and returns the "failed" status. */
int
_herald_cli_fail (GError *error)
{
  const char *hint = cli_hint (error);
  const char *message = error != NULL ? error->message : _("Unknown error");
  /* Japanese sentences end in "。" and need no space after it. */
  const char *space = hint == NULL || g_str_has_suffix (message, "。") ? "" : " ";

  /* One line: what happened and what to do, as the contract says. */
  g_printerr ("herald-cli: %s%s%s\n", message, space, hint != NULL ? hint : "");
  g_clear_error (&error);
  return HERALD_EXIT_FAILED;
}

/**
 * _herald_cli_dispatch:
 * @argv: the group's arguments: argv[0] is the group ("campaign"),
 *   argv[1] the subcommand
 * @usage: the group's usage line; @help: its subcommands, translated
 *
 * Runs the subcommand named in argv[1], which sees itself as argv[0];
 * prints the group's help for --help (stdout, exit 0) or no subcommand
 * (stderr, bad usage), and says so for an unknown one.
 */
int
_herald_cli_dispatch (HeraldCli                 *cli,
                      int                        argc,
                      char                     **argv,
                      const HeraldCliSubcommand *subcommands,
                      gsize                      n_subcommands,
                      const char                *usage,
                      const char                *help)
{
  const char *sub = argc > 1 ? argv[1] : NULL;

  if (sub == NULL || g_str_equal (sub, "--help") || g_str_equal (sub, "-h"))
    {
      FILE *out = sub != NULL ? stdout : stderr;

      fprintf (out, "%s\n\n%s\n", usage, help);
      return sub != NULL ? HERALD_EXIT_OK : HERALD_EXIT_USAGE;
    }
  for (gsize i = 0; i < n_subcommands; i++)
    if (g_str_equal (sub, subcommands[i].name))
      return subcommands[i].func (cli, argc - 1, argv + 1);

  g_printerr ("herald-cli: ");
  /* TRANSLATORS: the first %s is what the user typed after the second
   * (a command group such as "campaign") */
  g_printerr (_("Unknown command “%s” of “%s”. Run “herald-cli %s --help” to see them."), sub, argv[0], argv[0]);
  g_printerr ("\n");
  return HERALD_EXIT_USAGE;
}

GOptionContext *
_herald_cli_new_context (const char *parameter,
                         const char *summary)
{
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_summary (context, summary);
  return context;
}

/* Parses the options; returns the one positional argument after them,
 * or NULL with the bad-usage status (saying @missing when there is none). */
const char *
_herald_cli_parse_one (GOptionContext  *context,
                       int              argc,
                       char           **argv,
                       const char      *missing,
                       int             *status)
{
  if (!_herald_cli_parse (context, &argc, &argv, status))
    return NULL;
  if (argc != 2)
    {
      *status = _herald_cli_usage (context, argc < 2 ? missing : _("Unexpected argument."));
      return NULL;
    }
  return argv[1];
}

/* A command that takes no argument and lists everything of a kind
 * ("segment list"): parses the options, opens the store and calls @list;
 * NULL with the exit status when the usage is wrong or the store fails
 * (the failure printed). */
GPtrArray *
_herald_cli_list_all (HeraldCli         *cli,
                      GOptionContext    *context,
                      int                argc,
                      char             **argv,
                      HeraldCliListFunc  list,
                      int               *status)
{
  g_autoptr(GError) error = NULL;
  HeraldStore *store;
  GPtrArray *all;

  if (!_herald_cli_parse (context, &argc, &argv, status))
    return NULL;
  if (argc != 1)
    {
      *status = _herald_cli_usage (context, _("Unexpected argument."));
      return NULL;
    }
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (all = list (store, &error)) == NULL)
    {
      *status = _herald_cli_fail (g_steal_pointer (&error));
      return NULL;
    }
  return all;
}

int
_herald_cli_usage (GOptionContext *context,
                   const char     *message)
{
  g_printerr ("herald-cli: %s\n", message);
  if (context != NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", help);
    }
  return HERALD_EXIT_USAGE;
}

/* Parses a command's options; on failure prints why and sets the
 * bad-usage status. */
gboolean
_herald_cli_parse (GOptionContext   *context,
                   int              *argc,
                   char           ***argv,
                   int              *exit_status)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_status = _herald_cli_usage (NULL, error->message);
      return FALSE;
    }
  return TRUE;
}

/* _herald_cli_parse() for a command that takes options only. */
gboolean
_herald_cli_parse_no_args (GOptionContext   *context,
                           int              *argc,
                           char           ***argv,
                           int              *exit_status)
{
  if (!_herald_cli_parse (context, argc, argv, exit_status))
    return FALSE;
  if (*argc > 1)
    {
      *exit_status = _herald_cli_usage (context, _("Unexpected argument."));
      return FALSE;
    }
  return TRUE;
}

/* Adds the options that choose one contact's message (--template, --list,
 * and --email or --row), then the command's own @entries. */
void
_herald_cli_add_contact_options (GOptionContext      *context,
                                 const GOptionEntry  *entries,
                                 char               **template_name,
                                 char               **list,
                                 char               **email,
                                 int                 *row)
{
  const GOptionEntry contact_entries[] = {
    { "template", 0, 0, G_OPTION_ARG_STRING, template_name, N_("The template"), N_("NAME") },
    { "list", 0, 0, G_OPTION_ARG_STRING, list, N_("The list holding the contact"), N_("NAME") },
    { "email", 0, 0, G_OPTION_ARG_STRING, email, N_("The contact’s address"), N_("ADDR") },
    { "row", 0, 0, G_OPTION_ARG_INT, row, N_("The contact’s position in the list, from 1"), N_("N") },
    { NULL }
  };

  g_option_context_add_main_entries (context, contact_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

int
main (int    argc,
      char **argv)
{
  HeraldCli cli = { 0 };
  int status = HERALD_EXIT_USAGE;
  int i;

  herald_engine_protect_process ();
  setlocale (LC_ALL, "");
  herald_engine_init ();
  /* FOR TESTS ONLY: HERALD_TEST_DNS names a table that answers DNS
   * questions in place of DNS (app/base/herald-table-resolver.c). */
  {
    g_autoptr(GError) error = NULL;

    if (!herald_table_resolver_install_from_env (&error))
      {
        g_printerr ("herald-cli: HERALD_TEST_DNS: %s\n", error->message);
        return HERALD_EXIT_USAGE;
      }
  }

  for (i = 1; i < argc && argv[i][0] == '-'; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_help (stdout);
          return HERALD_EXIT_OK;
        }
      else if (g_str_equal (arg, "--version"))
        {
          g_print ("herald-cli %s\n", PACKAGE_VERSION);
          return HERALD_EXIT_OK;
        }
      else if (g_str_equal (arg, "--db") && i + 1 < argc)
        cli.db_path = g_strdup (argv[++i]);
      else if (g_str_has_prefix (arg, "--db="))
        cli.db_path = g_strdup (arg + strlen ("--db="));
      else
        {
          g_printerr ("herald-cli: %s\n", arg[1] == '-' && g_str_equal (arg, "--db")
                      ? _("--db needs a file name.")
                      : _("Unknown option. Run “herald-cli --help” to see the options."));
          return HERALD_EXIT_USAGE;
        }
    }

  if (i >= argc)
    {
      print_help (stderr);
      return HERALD_EXIT_USAGE;
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    {
      if (g_str_equal (argv[i], commands[c].name))
        {
          /* The command sees itself as argv[0], as GOptionContext expects. */
          status = commands[c].func (&cli, argc - i, argv + i);
          goto out;
        }
    }

  g_printerr ("herald-cli: ");
  /* TRANSLATORS: %s is what the user typed as a command */
  g_printerr (_("Unknown command “%s”. Run “herald-cli --help” to see the commands."), argv[i]);
  g_printerr ("\n");

out:
  g_clear_pointer (&cli.store, herald_store_close);
  g_free (cli.db_path);
  return status;
}
