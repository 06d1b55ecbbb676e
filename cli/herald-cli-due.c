/* herald-cli-due.c — `herald-cli run-due`: send everything that is due,
 * then exit (for a systemd timer or cron)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <signal.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "herald-cli-private.h"
#include "herald-due.h"

static char *
format_local (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_seconds);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M %Z") : g_strdup ("?");
}

/* Says what happened to one item on stderr; returns whether it left
 * something undone (exit 3). */
static gboolean
report_item (const HeraldDueItem *item)
{
  g_autofree char *due = format_local (item->due_at);

  if (g_str_equal (item->kind, "sequences"))
    {
      if (item->outcome == HERALD_DUE_DONE)
        /* TRANSLATORS: %s is "queued N, skipped N, left N, sent N" */
        g_printerr (_("Sequence steps: %s.\n"), item->name);
      else
        g_printerr (_("Sequence steps: %s; a step stopped before its end: %s The next run tries again "
                      "(see “herald-cli sequence status”).\n"),
                    item->name, item->reason != NULL ? item->reason : "");
      return item->outcome != HERALD_DUE_DONE;
    }
  switch (item->outcome)
    {
    case HERALD_DUE_DONE:
      g_printerr (_("“%s” (due %s) is done: this run sent %" PRIu64 ".\n"), item->name, due, item->sent_now);
      return FALSE;
    case HERALD_DUE_SKIPPED_LATE:
      g_printerr (_("“%s” was due at %s and nothing sent it then; by its rule it is not sent now. "
                    "It is kept: send it with “herald-cli campaign send %s”.\n"), item->name, due, item->name);
      return FALSE;
    case HERALD_DUE_WAITING:
      g_printerr (_("“%s” was due at %s and nothing sent it then, so it was not sent now. Decide: send it "
                    "with “herald-cli campaign send %s”, or keep it unsent with “herald-cli campaign skip %s --late” "
                    "(the window asks too).\n"), item->name, due, item->name, item->name);
      return TRUE;
    case HERALD_DUE_STOPPED:
      if (item->status == HERALD_SENDER_POSTPONED)
        {
          g_autofree char *until = format_local (item->wait_until);
          g_printerr (_("“%s” sent %" PRIu64 " and stopped: %s The rest goes in a run-due after %s.\n"),
                      item->name, item->sent_now,
                      item->reason != NULL ? item->reason : _("what is left is due later (retries or the account’s limits)."),
                      until);
        }
      else
        g_printerr (_("“%s” stopped before its end (%s)%s%s See “herald-cli campaign status %s”.\n"),
                    item->name, herald_sender_status_to_string (item->status),
                    item->reason != NULL ? ": " : ".", item->reason != NULL ? item->reason : "", item->name);
      return TRUE;
    case HERALD_DUE_FAILED:
    default:
      g_printerr (_("“%s” could not be sent: %s\n"), item->name, item->reason != NULL ? item->reason : "");
      return TRUE;
    }
}

static gboolean
on_signal_cb (gpointer user_data)
{
  g_printerr (_("\nStopping after the messages on the wire…\n"));
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  char         *db_path;
  GCancellable *cancellable;
  GPtrArray    *items;
  GError       *error;
  GMainLoop    *loop;
} DueJob;

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gpointer
due_thread (gpointer data)
{
  DueJob *job = data;

  job->items = herald_due_run (job->db_path, NULL, job->cancellable, &job->error);
  /* An idle source in the main context, not g_main_context_invoke(): the
   * loop may not run yet, and then that would quit it here, before. */
  g_idle_add (quit_cb, job->loop);
  return NULL;
}

int
_herald_cli_run_due (HeraldCli  *cli,
                     int         argc,
                     char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (NULL,
      _("Send every scheduled campaign that is due, then exit: for a systemd timer or cron. "
        "Deliveries inside an account’s quiet hours wait for the next run. Prints one line a "
        "due item on stdout: “campaign<TAB>NAME<TAB>OUTCOME” (done, stopped, skipped-late, "
        "waiting-decision, failed). Exit 0 when all of it is done, 3 when any is left (quiet "
        "hours, a late campaign waiting for your decision, a pause), 1 on an error."));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  HeraldStore *store;
  DueJob job = { 0 };
  gboolean left = FALSE;
  GThread *thread;
  guint sigint, sigterm;
  int status;

  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return _herald_cli_usage (context, _("run-due takes no arguments."));
  /* Opening the store here creates or migrates it before the run. */
  if ((store = _herald_cli_open_store (cli, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));

  /* The run blocks; the main loop here hears SIGINT and SIGTERM. */
  job.db_path = g_strdup (herald_store_get_path (store));
  job.cancellable = cancellable;
  job.loop = loop;
  sigint = g_unix_signal_add (SIGINT, on_signal_cb, cancellable);
  sigterm = g_unix_signal_add (SIGTERM, on_signal_cb, cancellable);
  thread = g_thread_new ("run-due", due_thread, &job);
  g_main_loop_run (loop);
  g_thread_join (thread);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_free (job.db_path);
  if (job.items == NULL)
    return _herald_cli_fail (job.error);
  items = job.items;

  for (guint i = 0; i < items->len; i++)
    {
      const HeraldDueItem *item = g_ptr_array_index (items, i);

      g_print ("%s\t%s\t%s\n", item->kind, item->name, herald_due_outcome_to_string (item->outcome));
      left |= report_item (item);
    }
  if (items->len == 0)
    g_printerr (_("Nothing is due.\n"));
  return left ? HERALD_EXIT_STOPPED : HERALD_EXIT_OK;
}
