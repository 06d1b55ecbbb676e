/* herald-sequence-run.c — sending every sequence step that is due
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * herald_sequences_run_due() is the one entry point for timers, the CLI
 * and the window: it makes the deliveries of every step that came due on
 * the engine's clock (herald_sequence_enqueue_due(), herald-sequence-due.c
 * says when what is due), then sends each step's campaign with the usual
 * sender, so a step's message goes through the same journal, leases and
 * retries as a campaign's. Two runs at once take turns making deliveries
 * and share out the sending through the journal's claims: nothing goes
 * twice.
 */
#define G_LOG_DOMAIN "herald-sequence"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-base.h"
#include "herald-campaign.h"
#include "herald-parts.h"
#include "herald-sender.h"
#include "herald-sequence-run.h"

void
herald_sequence_run_clear (HeraldSequenceRun *run)
{
  g_clear_pointer (&run->problem, g_free);
}

static void
note_problem (HeraldSequenceRun *run,
              char              *problem)
{
  run->n_stopped++;
  if (run->problem == NULL)
    run->problem = problem;
  else
    g_free (problem);
}

static void
on_finished_cb (HeraldSender *sender,
                gboolean     *done)
{
  *done = TRUE;
}

static void
on_cancelled_cb (GCancellable *cancellable,
                 HeraldSender *sender)
{
  herald_sender_stop (sender);
}

/* Sends the step's campaign in this thread, in a main context of its own,
 * until the sender ends. */
static void
send_step (HeraldStore              *store,
           const HeraldSequence     *sequence,
           const HeraldSequenceStep *step,
           HeraldSequenceRun        *run,
           GCancellable             *cancellable)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(HeraldSender) sender = NULL;
  g_autoptr(GError) error = NULL;
  const HeraldSenderProgress *p;
  HeraldSenderOptions options;
  gboolean done = FALSE;
  gulong cancel_id = 0;

  herald_sender_options_init (&options);
  /* Retries and daily limits wait for the next run, not in this one. */
  options.max_wait = 60;
  g_main_context_push_thread_default (context);
  sender = herald_sender_new (herald_store_get_path (store), step->campaign_id, &options);
  g_signal_connect (sender, "finished", G_CALLBACK (on_finished_cb), &done);
  if (!herald_sender_start (sender, &error))
    {
      g_main_context_pop_thread_default (context);
      note_problem (run, g_strdup (error->message));
      return;
    }
  if (cancellable != NULL)
    cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), sender, NULL);
  while (!done)
    g_main_context_iteration (context, TRUE);
  g_cancellable_disconnect (cancellable, cancel_id);
  g_main_context_pop_thread_default (context);

  p = herald_sender_get_progress (sender);
  run->sent += p->sent_now;
  if (p->status == HERALD_SENDER_DONE)
    return;
  if (p->status == HERALD_SENDER_POSTPONED)
    {
      /* Retries, or the account's limits: the next run sends them. */
      return;
    }
  /* TRANSLATORS: a sequence's name, a step's number, then why it stopped */
  note_problem (run, g_strdup_printf (_("Sequence “%s”, step %u: %s"), sequence->name, step->position,
                                      p->reason != NULL ? p->reason
                                      : herald_sender_status_to_string (p->status)));
}

/* Whether the step's campaign has something to send now. A campaign the
 * user paused stays paused; one a fault paused is tried again. */
static gboolean
step_has_work (HeraldStore               *store,
               const HeraldSequenceStep  *step,
               GError                   **error)
{
  g_autoptr(HeraldCampaignInfo) info = NULL;
  guint64 counts[HERALD_DELIVERY_N_STATES];
  gint64 next;

  if ((info = herald_campaign_get (store, step->campaign_id, error)) == NULL ||
      !herald_campaign_count_states (store, step->campaign_id, counts, error))
    return FALSE;
  if (info->state == HERALD_CAMPAIGN_CANCELLED ||
      (info->state == HERALD_CAMPAIGN_PAUSED && info->pause_reason == NULL))
    return FALSE;
  if (counts[HERALD_DELIVERY_QUEUED] > 0 || counts[HERALD_DELIVERY_SENDING] > 0)
    return TRUE;
  if (counts[HERALD_DELIVERY_DEFERRED] == 0)
    return FALSE;
  next = herald_campaign_next_attempt_at (store, step->campaign_id, error);
  return next > 0 && next <= herald_now_seconds ();
}

static gboolean
send_sequence (HeraldStore           *store,
               const HeraldSequence  *sequence,
               HeraldSequenceRun     *run,
               GCancellable          *cancellable,
               GError               **error)
{
  for (guint i = 0; i < sequence->steps->len; i++)
    {
      const HeraldSequenceStep *step = g_ptr_array_index (sequence->steps, i);
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) local = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!step_has_work (store, step, &local))
        {
          if (local != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          continue;
        }
      if ((problems = herald_campaign_check_attachments (store, step->campaign_id, error)) == NULL)
        return FALSE;
      if (problems->len > 0)
        {
          /* TRANSLATORS: a sequence's name, a step's number, a template's name */
          note_problem (run, g_strdup_printf (_("Sequence “%s”, step %u: a recipient’s own attachment cannot be "
                                                "read, so the step waits. Check the template “%s” and the "
                                                "files its attachment field names."),
                                              sequence->name, step->position, step->template_name));
          continue;
        }
      send_step (store, sequence, step, run, cancellable);
    }
  return TRUE;
}

/**
 * herald_sequences_run_due:
 * @out: (out caller-allocates) (optional): what the run did; clear it
 *   with herald_sequence_run_clear()
 * @cancellable: (nullable): stops the sending after the messages on the wire
 *
 * Makes the deliveries of every sequence step due at the engine's clock
 * (herald_now_seconds()) and sends them, blocking until done: call it
 * from a worker thread in the window. A step whose sending stops (the
 * account refused the password, the server is down, …) is counted in
 * @out with the reason, and the next run tries it again; the other steps
 * still go.
 *
 * Returns: %FALSE with @error set when the database failed or the run
 *   was cancelled
 */
gboolean
herald_sequences_run_due (HeraldStore        *store,
                          HeraldSequenceRun  *out,
                          GCancellable       *cancellable,
                          GError            **error)
{
  g_autoptr(GPtrArray) sequences = NULL;
  HeraldSequenceRun run = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (store != NULL, FALSE);
  if ((sequences = herald_sequence_list (store, error)) == NULL)
    return FALSE;
  for (guint i = 0; ok && i < sequences->len; i++)
    {
      HeraldSequenceEnqueued counts;

      ok = herald_sequence_enqueue_due (store, g_ptr_array_index (sequences, i),
                                        herald_now_seconds (), &counts, error);
      run.queued += counts.queued;
      run.skipped += counts.skipped;
      run.left += counts.left;
    }
  for (guint i = 0; ok && i < sequences->len; i++)
    ok = send_sequence (store, g_ptr_array_index (sequences, i), &run, cancellable, error);
  if (out != NULL)
    *out = run;
  else
    herald_sequence_run_clear (&run);
  return ok;
}
