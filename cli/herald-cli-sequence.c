/* herald-cli-sequence.c — `herald-cli sequence add|step|step-edit|step-move|step-remove|list|status|run-due`
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "herald-cli-private.h"
#include "herald-sequence-run.h"
#include "herald-time-of-day.h"

static const char sequence_help[] = N_(
  "Commands:\n"
  "  add NAME --list L --account A [--catch-up send|skip]\n"
  "        Make a sequence (step mail) of list L sent through account A. Contacts who\n"
  "        join the list from now on enter it; those in it already do not.\n"
  "        --catch-up says what happens to steps missed while no run happened (the\n"
  "        computer was off): send (the default) sends them late, one step per contact\n"
  "        a run, in order; skip skips those more than a day late.\n"
  "  step NAME --template T --day N [--at HH:MM]\n"
  "        Add a step: template T, N days after the day the contact joined (0: that\n"
  "        day), at the time of day they joined or at HH:MM local time. Steps are\n"
  "        added in order.\n"
  "  list\n"
  "        One line a sequence: name, list, account, catch-up rule, its steps.\n"
  "  status NAME\n"
  "        Contacts who entered, are in, finished and left; then each step's\n"
  "        messages: sent, pending, failed, uncertain, skipped.\n"
  "  run-due\n"
  "        Send every step that is due now, then exit (herald-cli run-due does this too).\n"
  "        Prints: queued N, skipped N, left N, sent N.\n"
  "A contact leaves a sequence when unsubscribed from its list or suppressed (a\n"
  "bounce, a complaint, an unsubscribe request, by hand), and does not come back.\n");

static const char sequence_edit_help[] = N_(
  "Changing steps (STEP is a step's number, 1 for the first):\n"
  "  step-edit NAME --step STEP [--template T] [--day N] [--at HH:MM|joined]\n"
  "        Change a step's template, day or time of day (joined: the time the contact\n"
  "        joined); it must stay between the steps before and after it. What was sent\n"
  "        stays sent; the change applies to those the step was not sent to yet.\n"
  "  step-move NAME --step STEP --to STEP\n"
  "        Move a step's message one place earlier or later: it takes the other step's\n"
  "        day and time, and that step takes its place.\n"
  "  step-remove NAME --step STEP\n"
  "        Remove a step: its messages not sent yet are never sent, those sent stay in\n"
  "        its campaign (renamed “NAME · removed step #ID”); the steps after it move up.\n");

static int
sequence_add (HeraldCli  *cli,
              int         argc,
              char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME"), _("Make a sequence of a list."));
  g_autoptr(GError) error = NULL;
  g_autofree char *list = NULL, *account = NULL, *catch_up = NULL;
  HeraldSequenceCatchUp rule = HERALD_SEQUENCE_CATCH_UP_SEND;
  HeraldStore *store;
  const char *name;
  int status;
  const GOptionEntry entries[] = {
    { "list", 0, 0, G_OPTION_ARG_STRING, &list, N_("The list whose new contacts enter the sequence"), N_("L") },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, N_("The account that sends it"), N_("A") },
    { "catch-up", 0, 0, G_OPTION_ARG_STRING, &catch_up, N_("Steps missed while no run happened: send (late) or skip"), N_("RULE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((name = _herald_cli_parse_one (context, argc, argv, _("Which sequence? Give its NAME."), &status)) == NULL)
    return status;
  if (list == NULL || account == NULL)
    return _herald_cli_usage (context, _("sequence add needs --list and --account."));
  if (catch_up != NULL && !herald_sequence_catch_up_from_string (catch_up, &rule))
    return _herald_cli_usage (context, _("--catch-up is send or skip."));

  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      herald_sequence_add (store, name, list, account, rule, &error) < 0)
    return _herald_cli_fail (g_steal_pointer (&error));
  /* TRANSLATORS: a sequence's name, then a list's */
  g_printerr (_("Sequence “%s” made: contacts who join “%s” from now on enter it. "
                "Add its steps with “herald-cli sequence step %s”.\n"), name, list, name);
  return HERALD_EXIT_OK;
}

static int
sequence_step (HeraldCli  *cli,
               int         argc,
               char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME"), _("Add a step to a sequence."));
  g_autoptr(GError) error = NULL;
  g_autofree char *template_name = NULL, *at = NULL;
  HeraldSequenceStepPlan plan;
  HeraldStore *store;
  const char *name;
  int day = -1, minute = -1;
  guint position;
  int status;
  const GOptionEntry entries[] = {
    { "template", 0, 0, G_OPTION_ARG_STRING, &template_name, N_("The template this step sends"), N_("T") },
    { "day", 0, 0, G_OPTION_ARG_INT, &day, N_("Days after the day the contact joined (0: that day)"), N_("N") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("The time of day, local time (default: the time they joined)"), N_("HH:MM") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((name = _herald_cli_parse_one (context, argc, argv, _("Which sequence? Give its NAME."), &status)) == NULL)
    return status;
  if (template_name == NULL || day < 0)
    return _herald_cli_usage (context, _("sequence step needs --template and --day (0 or more)."));
  if (at != NULL && !herald_time_of_day_parse (at, &minute))
    return _herald_cli_usage (context, _("--at takes a time of day as HH:MM, such as 09:00."));

  plan = (HeraldSequenceStepPlan) { template_name, (guint) day, minute };
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (position = herald_sequence_add_step (store, name, &plan, &error)) == 0)
    return _herald_cli_fail (g_steal_pointer (&error));
  /* TRANSLATORS: a step's number, then a sequence's name */
  g_printerr (_("Step %u of “%s” added.\n"), position, name);
  return HERALD_EXIT_OK;
}

/* `sequence step-edit NAME --step N [--template T] [--day D] [--at HH:MM|joined]` */
static int
sequence_step_edit (HeraldCli  *cli,
                    int         argc,
                    char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME"), _("Change a step of a sequence."));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldSequence) sequence = NULL;
  g_autofree char *template_name = NULL, *at = NULL;
  const HeraldSequenceStep *step;
  HeraldSequenceStepPlan plan;
  HeraldStore *store;
  const char *name;
  int position = 0, day = -1, minute;
  int status;
  const GOptionEntry entries[] = {
    { "step", 0, 0, G_OPTION_ARG_INT, &position, N_("The step's number, 1 for the first"), N_("STEP") },
    { "template", 0, 0, G_OPTION_ARG_STRING, &template_name, N_("The template this step sends"), N_("T") },
    { "day", 0, 0, G_OPTION_ARG_INT, &day, N_("Days after the day the contact joined (0: that day)"), N_("N") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("The time of day, local time, or joined: the time they joined"), N_("HH:MM") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((name = _herald_cli_parse_one (context, argc, argv, _("Which sequence? Give its NAME."), &status)) == NULL)
    return status;
  if (position < 1)
    return _herald_cli_usage (context, _("sequence step-edit needs --step (1 for the first step)."));
  if (at != NULL && !g_str_equal (at, "joined") && !herald_time_of_day_parse (at, &minute))
    return _herald_cli_usage (context, _("--at takes a time of day as HH:MM, such as 09:00, or joined."));

  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (sequence = herald_sequence_find (store, name, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  if ((guint) position > sequence->steps->len)
    return _herald_cli_usage (context, _("There is no such step: “sequence list” shows the steps."));
  step = g_ptr_array_index (sequence->steps, position - 1);
  if (at == NULL)
    minute = step->at_minute;
  else if (g_str_equal (at, "joined"))
    minute = -1;
  plan = (HeraldSequenceStepPlan) { template_name, day >= 0 ? (guint) day : step->day, minute };
  if (!herald_sequence_update_step (store, name, (guint) position, &plan, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  /* TRANSLATORS: a step's number, then a sequence's name */
  g_printerr (_("Step %u of “%s” changed.\n"), (guint) position, name);
  return HERALD_EXIT_OK;
}

/* `sequence step-move NAME --step N --to M` and `sequence step-remove NAME --step N` */
static int
step_move_or_remove (HeraldCli  *cli,
                     int         argc,
                     char      **argv,
                     gboolean    move)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME"), move ? _("Move a step of a sequence.")
                                                                             : _("Remove a step of a sequence."));
  g_autoptr(GError) error = NULL;
  HeraldStore *store;
  const char *name;
  int position = 0, to = 0;
  int status;
  const GOptionEntry entries[] = {
    { "step", 0, 0, G_OPTION_ARG_INT, &position, N_("The step's number, 1 for the first"), N_("STEP") },
    { "to", 0, 0, G_OPTION_ARG_INT, &to, N_("Its new place, next to it"), N_("STEP") },
    { NULL }
  };
  const GOptionEntry remove_entries[] = { entries[0], { NULL } };

  g_option_context_add_main_entries (context, move ? entries : remove_entries, GETTEXT_PACKAGE);
  if ((name = _herald_cli_parse_one (context, argc, argv, _("Which sequence? Give its NAME."), &status)) == NULL)
    return status;
  if (position < 1 || (move && to < 1))
    return _herald_cli_usage (context, move ? _("sequence step-move needs --step and --to (1 for the first step).")
                                            : _("sequence step-remove needs --step (1 for the first step)."));
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      !(move ? herald_sequence_move_step (store, name, (guint) position, (guint) to, &error)
             : herald_sequence_remove_step (store, name, (guint) position, &error)))
    return _herald_cli_fail (g_steal_pointer (&error));
  if (move)
    /* TRANSLATORS: a step's number, a sequence's name, the step's new number */
    g_printerr (_("Step %u of “%s” is now step %u.\n"), (guint) position, name, (guint) to);
  else
    /* TRANSLATORS: a step's number, then a sequence's name */
    g_printerr (_("Step %u of “%s” removed.\n"), (guint) position, name);
  return HERALD_EXIT_OK;
}

static int
sequence_step_move (HeraldCli  *cli,
                    int         argc,
                    char      **argv)
{
  return step_move_or_remove (cli, argc, argv, TRUE);
}

static int
sequence_step_remove (HeraldCli  *cli,
                      int         argc,
                      char      **argv)
{
  return step_move_or_remove (cli, argc, argv, FALSE);
}

static char *
describe_time (const HeraldSequenceStep *step)
{
  if (step->at_minute < 0)
    return g_strdup ("-");
  return herald_time_of_day_format (step->at_minute);
}

static int
sequence_list (HeraldCli  *cli,
               int         argc,
               char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (NULL, _("List the sequences."));
  g_autoptr(GPtrArray) all = NULL;
  int status;

  if ((all = _herald_cli_list_all (cli, context, argc, argv, herald_sequence_list, &status)) == NULL)
    return status;
  for (guint i = 0; i < all->len; i++)
    {
      const HeraldSequence *sequence = g_ptr_array_index (all, i);
      g_autoptr(GString) steps = g_string_new (NULL);

      for (guint j = 0; j < sequence->steps->len; j++)
        {
          const HeraldSequenceStep *step = g_ptr_array_index (sequence->steps, j);
          g_autofree char *time = describe_time (step);

          g_string_append_printf (steps, "%sday %u %s %s", j > 0 ? ", " : "", step->day, time, step->template_name);
        }
      g_print ("%s\t%s\t%s\t%s\t%s\n", sequence->name, sequence->list_name, sequence->account_name,
               herald_sequence_catch_up_to_string (sequence->catch_up), steps->str);
    }
  return HERALD_EXIT_OK;
}

static int
sequence_status (HeraldCli  *cli,
                 int         argc,
                 char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME"), _("Show where a sequence stands."));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldSequence) sequence = NULL;
  g_autoptr(HeraldSequenceStatus) st = NULL;
  HeraldStore *store;
  const char *name;
  int status;

  if ((name = _herald_cli_parse_one (context, argc, argv, _("Which sequence? Give its NAME."), &status)) == NULL)
    return status;
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (sequence = herald_sequence_find (store, name, &error)) == NULL ||
      (st = herald_sequence_get_status (store, sequence, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  g_print ("entered\t%" PRIu64 "\nin\t%" PRIu64 "\nfinished\t%" PRIu64 "\nleft\t%" PRIu64 "\n",
           st->entered, st->active, st->finished, st->left);
  for (guint i = 0; i < st->n_steps; i++)
    {
      const HeraldSequenceStep *step = g_ptr_array_index (sequence->steps, i);
      const HeraldSequenceStepCounts *c = &st->steps[i];
      g_autofree char *time = describe_time (step);

      g_print ("step %u\tday %u\t%s\t%s\tsent %" PRIu64 "\tpending %" PRIu64 "\tfailed %" PRIu64
               "\tuncertain %" PRIu64 "\tskipped %" PRIu64 "\n",
               step->position, step->day, time, step->template_name,
               c->sent, c->pending, c->failed, c->uncertain, c->skipped);
    }
  return HERALD_EXIT_OK;
}

static int
sequence_run_due (HeraldCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (NULL, _("Send every sequence step that is due now."));
  g_autoptr(GError) error = NULL;
  HeraldSequenceRun run = { 0 };
  HeraldStore *store;
  int status;

  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return _herald_cli_usage (context, _("Unexpected argument."));
  if ((store = _herald_cli_open_store (cli, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  if (!herald_sequences_run_due (store, &run, NULL, &error))
    {
      herald_sequence_run_clear (&run);
      return _herald_cli_fail (g_steal_pointer (&error));
    }
  g_print ("queued %" PRIu64 ", skipped %" PRIu64 ", left %" PRIu64 ", sent %" PRIu64 "\n",
           run.queued, run.skipped, run.left, run.sent);
  if (run.n_stopped > 0)
    {
      g_printerr ("herald-cli: %s\n", run.problem);
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "%u step stopped before its end; the next run tries it again.\n",
                               "%u steps stopped before their end; the next run tries them again.\n",
                               run.n_stopped), run.n_stopped);
      herald_sequence_run_clear (&run);
      return HERALD_EXIT_STOPPED;
    }
  herald_sequence_run_clear (&run);
  return HERALD_EXIT_OK;
}

int
_herald_cli_sequence (HeraldCli  *cli,
                      int         argc,
                      char      **argv)
{
  static const HeraldCliSubcommand subcommands[] = {
    { "add", sequence_add },
    { "step", sequence_step },
    { "step-edit", sequence_step_edit },
    { "step-move", sequence_step_move },
    { "step-remove", sequence_step_remove },
    { "list", sequence_list },
    { "status", sequence_status },
    { "run-due", sequence_run_due },
  };

  g_autofree char *help = g_strconcat (_(sequence_help), _(sequence_edit_help), NULL);

  return _herald_cli_dispatch (cli, argc, argv, subcommands, G_N_ELEMENTS (subcommands),
                               _("Usage: herald-cli sequence COMMAND [NAME] [OPTIONS]"), help);
}
