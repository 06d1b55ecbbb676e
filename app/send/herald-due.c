/* herald-due.c — due work: what `herald-cli run-due` and the open window
 * send when its time comes
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * herald_due_run() goes through each kind of due work in turn (the table
 * due_kinds below: one line a kind), each sending through the one sender
 * and journal, and returns what happened to each item. Two runs at once
 * (two timers, a timer and the window) are safe: the journal's claims give
 * each delivery to one sender only (herald-journal.c).
 *
 * A scheduled campaign never fires hours late by surprise: when its time
 * passed by more than HERALD_DUE_GRACE_SECONDS while nothing ran it, it
 * follows its rule (send, skip), or with none it waits for the user
 * (herald_due_list_waiting(), herald_due_decide()).
 */
#define G_LOG_DOMAIN "herald-due"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-base.h"
#include "herald-due.h"
#include "herald-provider-pull.h"
#include "herald-parts.h"
#include "herald-sequence-run.h"

typedef struct
{
  const char                *db_path;
  HeraldStore               *store;
  const HeraldSenderOptions *options;
  GCancellable              *cancellable;
  gint64                     now;
  GPtrArray                 *items;
} DueRun;

typedef gboolean (*DueKindFunc) (DueRun *run, GError **error);

static gboolean run_due_campaigns (DueRun *run, GError **error);
static gboolean run_due_sequences (DueRun *run, GError **error);

/* Each kind of due work, in the order they run. */
static const DueKindFunc due_kinds[] = {
  run_due_campaigns,
  run_due_sequences,
};

void
herald_due_item_free (HeraldDueItem *item)
{
  if (item == NULL)
    return;
  g_free (item->kind);
  g_free (item->name);
  g_free (item->reason);
  g_free (item);
}

const char *
herald_due_outcome_to_string (HeraldDueOutcome outcome)
{
  static const char * const names[] = { "done", "stopped", "skipped-late", "waiting-decision", "failed" };

  g_return_val_if_fail (outcome <= HERALD_DUE_FAILED, NULL);
  return names[outcome];
}

/**
 * herald_due_classify:
 * @now: the engine's clock
 *
 * Returns: what is to be done with @info now
 */
HeraldDueVerdict
herald_due_classify (const HeraldCampaignInfo *info,
                     gint64                    now)
{
  if (info->scheduled_at == 0 || info->late_skipped_at != 0)
    return HERALD_DUE_NOT_YET;
  if (info->state == HERALD_CAMPAIGN_SENDING)
    return HERALD_DUE_GO;          /* started in time: it goes on */
  if (info->state != HERALD_CAMPAIGN_SCHEDULED || now < info->scheduled_at)
    return HERALD_DUE_NOT_YET;
  if (now - info->scheduled_at <= HERALD_DUE_GRACE_SECONDS)
    return HERALD_DUE_GO;
  switch (info->if_late)
    {
    case HERALD_IF_LATE_SEND: return HERALD_DUE_GO;
    case HERALD_IF_LATE_SKIP: return HERALD_DUE_SKIP_LATE;
    case HERALD_IF_LATE_ASK:
    default:                  return HERALD_DUE_ASK;
    }
}

static HeraldDueItem *
item_new (const HeraldCampaignInfo *info,
          HeraldDueOutcome          outcome)
{
  HeraldDueItem *item = g_new0 (HeraldDueItem, 1);

  item->kind = g_strdup ("campaign");
  item->name = g_strdup (info->name);
  item->id = info->id;
  item->due_at = info->scheduled_at;
  item->outcome = outcome;
  return item;
}

static void
on_finished_cb (HeraldSender *sender,
                gboolean     *finished)
{
  *finished = TRUE;
}

static void
on_cancelled_cb (GCancellable *cancellable,
                 HeraldSender *sender)
{
  herald_sender_stop (sender);
}

/* Runs one sender on @item's campaign to its end, in a main context of
 * this thread's own, so that it can run in any thread. */
static void
send_campaign (DueRun        *run,
               HeraldDueItem *item)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(HeraldSender) sender = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  const HeraldSenderProgress *p;
  gboolean finished = FALSE;
  gulong cancel_id = 0;

  if ((problems = herald_campaign_check_attachments (run->store, item->id, &error)) == NULL ||
      problems->len > 0)
    {
      item->outcome = HERALD_DUE_FAILED;
      item->reason = error != NULL ? g_strdup (error->message)
                                   : g_strdup (_("A recipient’s own attachment cannot be read, so nothing was sent. "
                                                 "Check the campaign, fix the files, then send it."));
      return;
    }

  g_main_context_push_thread_default (context);
  sender = herald_sender_new (run->db_path, item->id, run->options);
  g_signal_connect (sender, "finished", G_CALLBACK (on_finished_cb), &finished);
  if (run->cancellable != NULL)
    cancel_id = g_cancellable_connect (run->cancellable, G_CALLBACK (on_cancelled_cb), sender, NULL);
  if (herald_sender_start (sender, &error))
    while (!finished)
      g_main_context_iteration (context, TRUE);
  if (cancel_id != 0)
    g_cancellable_disconnect (run->cancellable, cancel_id);

  if (error != NULL)
    {
      item->outcome = HERALD_DUE_FAILED;
      item->reason = g_strdup (error->message);
    }
  else
    {
      p = herald_sender_get_progress (sender);
      item->status = p->status;
      item->sent_now = p->sent_now;
      item->wait_until = p->wait_until;
      item->reason = g_strdup (p->reason);
      item->outcome = p->status == HERALD_SENDER_DONE ? HERALD_DUE_DONE
                    : p->status == HERALD_SENDER_FAILED ? HERALD_DUE_FAILED
                    : HERALD_DUE_STOPPED;
    }
  g_clear_object (&sender);
  /* Whatever the sender left queued in this context goes with it. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
}

/* After a campaign sent through providers' APIs: what they heard back
 * (bounces, complaints, unsubscribes; Mailgun's opens and clicks) pulled
 * in, as `campaign send` and the window do. A failure is only logged: the
 * campaign went, and the next pull tries again. */
static void
hear_back (DueRun              *run,
           const HeraldDueItem *item)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  HeraldEventCounts events;

  if (item->sent_now == 0 || g_cancellable_is_cancelled (run->cancellable))
    return;
  results = herald_provider_pull_for_campaign (run->store, item->id, run->cancellable, &error);
  if (results == NULL)
    g_message ("After “%s”: %s", item->name, error->message);
  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      const HeraldPullResult *r = g_ptr_array_index (results, i);

      if (r->error != NULL)
        g_message ("After “%s”: the suppressions of %s (account “%s”) were not pulled: %s",
                   item->name, r->provider, r->account, r->error->message);
    }
  g_clear_error (&error);
  if (!herald_provider_pull_events (run->store, item->id, &events, run->cancellable, &error))
    g_message ("After “%s”: the opens and clicks were not read: %s", item->name, error->message);
}

static gboolean
run_due_campaigns (DueRun  *run,
                   GError **error)
{
  g_autoptr(GPtrArray) due = herald_campaign_list_due (run->store, run->now, error);

  if (due == NULL)
    return FALSE;
  for (guint i = 0; i < due->len; i++)
    {
      const HeraldCampaignInfo *info = g_ptr_array_index (due, i);
      HeraldDueItem *item;

      if (g_cancellable_is_cancelled (run->cancellable))
        break;
      switch (herald_due_classify (info, run->now))
        {
        case HERALD_DUE_GO:
          item = item_new (info, HERALD_DUE_DONE);
          g_ptr_array_add (run->items, item);
          send_campaign (run, item);
          hear_back (run, item);
          break;
        case HERALD_DUE_SKIP_LATE:
          if (!herald_campaign_skip_late (run->store, info->id, run->now, error))
            return FALSE;
          g_ptr_array_add (run->items, item_new (info, HERALD_DUE_SKIPPED_LATE));
          break;
        case HERALD_DUE_ASK:
          g_ptr_array_add (run->items, item_new (info, HERALD_DUE_WAITING));
          break;
        case HERALD_DUE_NOT_YET:
        default:
          break;
        }
    }
  return TRUE;
}

/* Step mail (herald-sequence-run.c): every sequence's due steps queued and
 * sent; one item for them all, when there was anything to do. */
static gboolean
run_due_sequences (DueRun  *run,
                   GError **error)
{
  HeraldSequenceRun seq = { 0 };
  HeraldDueItem *item;

  if (!herald_sequences_run_due (run->store, &seq, run->cancellable, error))
    return FALSE;
  if (seq.queued == 0 && seq.skipped == 0 && seq.left == 0 && seq.sent == 0 && seq.n_stopped == 0)
    {
      herald_sequence_run_clear (&seq);
      return TRUE;
    }
  item = g_new0 (HeraldDueItem, 1);
  item->kind = g_strdup ("sequences");
  /* as `herald-cli sequence run-due` says it */
  item->name = g_strdup_printf ("queued %" G_GUINT64_FORMAT ", skipped %" G_GUINT64_FORMAT
                                ", left %" G_GUINT64_FORMAT ", sent %" G_GUINT64_FORMAT,
                                seq.queued, seq.skipped, seq.left, seq.sent);
  item->due_at = run->now;
  item->sent_now = seq.sent;
  item->outcome = seq.n_stopped > 0 ? HERALD_DUE_STOPPED : HERALD_DUE_DONE;
  item->status = seq.n_stopped > 0 ? HERALD_SENDER_PAUSED : HERALD_SENDER_DONE;
  item->reason = g_strdup (seq.problem);
  g_ptr_array_add (run->items, item);
  herald_sequence_run_clear (&seq);
  return TRUE;
}

/**
 * herald_due_run:
 * @db_path: the database; the run opens its own connections
 * @options: (nullable): for the senders; %NULL: herald_sender_options_init()
 *   with a minute's wait at most (longer waits, such as quiet hours, are
 *   left for the next run)
 * @cancellable: (nullable): stops the senders after the messages on the wire
 *
 * Sends everything that is due now and returns. Blocks: call it from a
 * thread of its own, or from a program with nothing else to do.
 *
 * Returns: (transfer full) (element-type HeraldDueItem): what was due and
 *   what happened to each, or %NULL with @error set (the database)
 */
GPtrArray *
herald_due_run (const char                 *db_path,
                const HeraldSenderOptions  *options,
                GCancellable               *cancellable,
                GError                    **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_due_item_free);
  HeraldSenderOptions defaults;
  DueRun run = { 0 };

  if (options == NULL)
    {
      herald_sender_options_init (&defaults);
      defaults.max_wait = 60;
      options = &defaults;
    }
  if ((run.store = herald_store_open (db_path, error)) == NULL)
    return NULL;
  run.db_path = db_path;
  run.options = options;
  run.cancellable = cancellable;
  run.now = herald_now_seconds ();
  run.items = items;
  for (guint i = 0; i < G_N_ELEMENTS (due_kinds); i++)
    if (!due_kinds[i] (&run, error))
      {
        herald_store_close (run.store);
        return NULL;
      }
  herald_store_close (run.store);
  return g_steal_pointer (&items);
}

/**
 * herald_due_list_waiting:
 *
 * Returns: (transfer full) (element-type HeraldCampaignInfo): the late
 *   scheduled campaigns with no rule, waiting for the user to decide
 */
GPtrArray *
herald_due_list_waiting (HeraldStore  *store,
                         gint64        now,
                         GError      **error)
{
  g_autoptr(GPtrArray) due = herald_campaign_list_due (store, now, error);

  if (due == NULL)
    return NULL;
  for (guint i = due->len; i > 0; i--)
    if (herald_due_classify (g_ptr_array_index (due, i - 1), now) != HERALD_DUE_ASK)
      g_ptr_array_remove_index (due, i - 1);
  return g_steal_pointer (&due);
}

/**
 * herald_due_decide:
 * @send: %TRUE: send it now (the next due run sends it); %FALSE: skip it
 *
 * The user's answer for a late scheduled campaign.
 */
gboolean
herald_due_decide (HeraldStore  *store,
                   gint64        campaign_id,
                   gboolean      send,
                   GError      **error)
{
  if (send)
    return herald_campaign_set_if_late (store, campaign_id, HERALD_IF_LATE_SEND, error);
  return herald_campaign_skip_late (store, campaign_id, herald_now_seconds (), error);
}
