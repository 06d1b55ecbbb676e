/* herald-sender-worker.c — one sending connection of a HeraldSender
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A worker owns a database connection (its journal) and a transport, and
 * loops: claim a small batch; hand each delivery to the compose pool, which
 * renders the messages ahead while this thread is on the network; then for
 * each delivery, in order: check it may still go, wait for the pacer, write
 * 'sending', send (writing, before the end of the data may leave, that it
 * may: herald-journal.c), and decide what the outcome means.
 *
 * The outcome of message k is written in the same transaction as the
 * 'sending' of message k + 1 whenever k + 1 can go at once: one commit
 * saved per message (the end-of-data mark is the other one), and still at
 * most one 'sending' row per connection at any instant. Whenever the worker is about to wait (pacer,
 * reconnection, claim, end), the outcome is written on its own first, so
 * that a message already sent never waits long as 'sending'.
 */
#define G_LOG_DOMAIN "herald-sender"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "herald-base.h"
#include "herald-journal.h"
#include "herald-quiet-hours.h"
#include "herald-sender-worker-private.h"
#include "herald-smtp.h"
#include "herald-transport.h"

/* ---- rendering ahead ------------------------------------------------------ */

typedef enum
{
  JOB_COMPOSE,
  JOB_SYNC,
} JobKind;

struct _ComposeJob
{
  JobKind          kind;
  gatomicrefcount  ref_count;
  HeraldMerge     *merge;       /* the worker's account's; lives as long as the sender */
  char            *email;
  gint64           contact_id;  /* for the unsubscribe token */
  char            *message_id;
  GHashTable      *fields;
  char            *excluded;    /* why it may not go, or NULL */
  GBytes          *message;
  GError          *error;
  gboolean         done;        /* under the sender's mutex */
  GCond            cond;        /* signalled when done */
};

static void
compose_job_unref (ComposeJob *job)
{
  if (!g_atomic_ref_count_dec (&job->ref_count))
    return;
  g_free (job->email);
  g_free (job->message_id);
  g_hash_table_unref (job->fields);
  g_free (job->excluded);
  g_clear_pointer (&job->message, g_bytes_unref);
  g_clear_error (&job->error);
  g_cond_clear (&job->cond);
  g_free (job);
}

static const char *
lookup_field (const char *field,
              gpointer    user_data)
{
  return g_hash_table_lookup (user_data, field);
}

/* Makes a batch's claim durable (see "Durability" in herald-journal.c):
 * an fsync of the write-ahead log, in the pool, while the worker still
 * sends the batch before. */
struct _SyncJob
{
  JobKind          kind;
  gatomicrefcount  ref_count;
  int              errsv;       /* errno of a failed fsync, or 0 */
  gboolean         done;        /* under the sender's mutex */
  GCond            cond;
};

static void
sync_job_unref (SyncJob *job)
{
  if (job == NULL || !g_atomic_ref_count_dec (&job->ref_count))
    return;
  g_cond_clear (&job->cond);
  g_free (job);
}

static void
run_sync_job (HeraldSender *self,
              SyncJob      *job)
{
  int errsv = 0;

  if (fdatasync (self->wal_fd) != 0)
    errsv = errno;
  g_mutex_lock (&self->mutex);
  job->errsv = errsv;
  job->done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&self->mutex);
  sync_job_unref (job);
}

/* Runs in the compose pool; many at once (the merge is immutable). */
void
_herald_sender_compose_job (gpointer data,
                            gpointer user_data)
{
  ComposeJob *job = data;
  HeraldSender *self = user_data;
  HeraldMergeRecipient to;

  if (job->kind == JOB_SYNC)
    {
      run_sync_job (self, data);
      return;
    }
  to = (HeraldMergeRecipient) { job->email, job->contact_id, lookup_field, job->fields };
  job->message = herald_merge_compose (job->merge, &to, job->message_id, herald_now_seconds (), &job->error);
  g_mutex_lock (&self->mutex);
  job->done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&self->mutex);
  compose_job_unref (job);
}

/* ---- the worker's state: herald-sender-worker-private.h ------------------ */

static void
batch_init (Batch *batch)
{
  batch->claims = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_claim_free);
  batch->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) compose_job_unref);
}

static void
batch_empty (Batch *batch)
{
  if (batch->claims == NULL)
    return;
  g_ptr_array_set_size (batch->jobs, 0);
  g_ptr_array_set_size (batch->claims, 0);
  g_clear_pointer (&batch->sync, sync_job_unref);
  batch->next = 0;
}

static void
batch_clear (Batch *batch)
{
  batch_empty (batch);
  g_clear_pointer (&batch->jobs, g_ptr_array_unref);
  g_clear_pointer (&batch->claims, g_ptr_array_unref);
}

/* A fault of our own (the database): stop everything, say what. A full
 * disk pauses the campaign with the reason instead: nothing is wrong with
 * Herald, and once there is room it resumes where it stopped (every write
 * is a transaction: the failed one left the rows as they were). */
static void
worker_fail (WorkerRun *run,
             GError    *error)
{
  g_warning ("Sender worker: %s", error->message);
  _herald_sender_request_stop (run->sender,
                               g_error_matches (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_FULL)
                               ? HERALD_SENDER_FAULT : HERALD_SENDER_FAILED,
                               error->message);
  g_error_free (error);
}

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->words, g_free);
  g_clear_pointer (&outcome->provider_id, g_free);
  g_clear_pointer (&outcome->claim.email, g_free);
  g_clear_pointer (&outcome->claim.message_id, g_free);
  outcome->set = FALSE;
}


/* The workers of one sender take turns to write: a mutex hands the turn
 * over at once, where SQLite's busy handler would poll and sleep. (Other
 * processes still meet the busy handler.) */
#define WRITE_LOCK(run)   g_mutex_lock (&(run)->sender->write_lock)
#define WRITE_UNLOCK(run) g_mutex_unlock (&(run)->sender->write_lock)

/* ---- writing: group commit ---------------------------------------------------- */

/* One worker's write: the outcome it holds (if any) and the 'sending' of
 * its next message (if any), or the end-of-data mark of the message it is
 * sending. Workers of a sender that want to write at the same time share
 * one transaction: the first becomes the leader and commits everyone's
 * requests that queued up meanwhile (group commit). With one connection
 * this is two transactions per message. */
typedef struct
{
  const Outcome  *outcome;
  HeraldClaim    *mark;
  gint64          account_id;   /* mark's: the writer may be another account's worker */
  HeraldClaim    *data_end;
  gint64          now;
  gboolean        ours;
  GError         *error;
  gboolean        done;
} Write;

static gboolean
apply_write (HeraldJournal  *journal,
             const char     *suppress_source,
             Write          *w,
             GError        **error)
{
  const Outcome *o = w->outcome;

  if (o != NULL)
    {
      HeraldAttempt attempt = { o->verdict, o->code, o->enhanced, o->words, o->next, o->provider_id };

      if (!herald_journal_record (journal, &o->claim, &attempt, w->now, suppress_source, error))
        return FALSE;
    }
  if (w->data_end != NULL)
    return herald_journal_mark_data_end (journal, w->data_end->id, w->now, &w->ours, error);
  return w->mark == NULL ||
         herald_journal_mark_sending (journal, w->mark->id, w->account_id, w->now, &w->ours, error);
}

/* Commits @batch (Write) on @run's connection, in one transaction. */
static void
commit_batch (WorkerRun *run,
              GPtrArray *batch)
{
  HeraldSender *self = run->sender;
  GError *error = NULL;
  gboolean ok;

  WRITE_LOCK (run);
  ok = herald_journal_begin (run->journal, &error);
  for (guint i = 0; ok && i < batch->len; i++)
    ok = apply_write (run->journal, self->suppress_source, g_ptr_array_index (batch, i), &error);
  if (ok)
    ok = herald_journal_commit (run->journal, &error);
  else
    herald_journal_rollback (run->journal);
  WRITE_UNLOCK (run);

  for (guint i = 0; !ok && i < batch->len; i++)
    ((Write *) g_ptr_array_index (batch, i))->error = g_error_copy (error);
  g_clear_error (&error);
}

static void
submit_write (WorkerRun *run,
              Write     *w)
{
  HeraldSender *self = run->sender;
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();

  g_mutex_lock (&self->journal_mutex);
  g_queue_push_tail (&self->journal_queue, w);
  while (!w->done && self->journal_leader)
    g_cond_wait (&self->journal_done, &self->journal_mutex);
  if (w->done)
    {
      g_mutex_unlock (&self->journal_mutex);
      return;
    }

  self->journal_leader = TRUE;
  while (!g_queue_is_empty (&self->journal_queue))
    {
      g_ptr_array_set_size (batch, 0);
      while (!g_queue_is_empty (&self->journal_queue))
        g_ptr_array_add (batch, g_queue_pop_head (&self->journal_queue));
      g_mutex_unlock (&self->journal_mutex);

      commit_batch (run, batch);

      g_mutex_lock (&self->journal_mutex);
      for (guint i = 0; i < batch->len; i++)
        ((Write *) g_ptr_array_index (batch, i))->done = TRUE;
      g_cond_broadcast (&self->journal_done);
    }
  self->journal_leader = FALSE;
  g_mutex_unlock (&self->journal_mutex);
}

static void
pending_written (WorkerRun *run)
{
  _herald_sender_count_move (run->sender, HERALD_DELIVERY_SENDING, run->pending.verdict.state);
  outcome_clear (&run->pending);
}

/* Writes the pending outcome on its own, before anything that may wait. */
gboolean
_herald_worker_flush_pending (WorkerRun *run)
{
  Write w = { .outcome = &run->pending, .now = herald_now_seconds () };

  if (!run->pending.set)
    return TRUE;
  submit_write (run, &w);
  if (w.error != NULL)
    {
      worker_fail (run, w.error);
      return FALSE;
    }
  pending_written (run);
  return TRUE;
}

/* The write before the network step, with the previous outcome when there
 * is one. @out_ours: %FALSE when the row is no longer ours to send. */
static gboolean
mark_sending (WorkerRun   *run,
              HeraldClaim *claim,
              gboolean    *out_ours)
{
  Write w = { .outcome = run->pending.set ? &run->pending : NULL, .mark = claim,
              .account_id = run->slot->account->id, .now = herald_now_seconds () };

  submit_write (run, &w);
  if (w.error != NULL)
    {
      worker_fail (run, w.error);
      return FALSE;
    }
  if (w.outcome != NULL)
    pending_written (run);
  *out_ours = w.ours;
  if (w.ours)
    _herald_sender_count_move (run->sender, claim->state, HERALD_DELIVERY_SENDING);
  return TRUE;
}

/* The transport is about to let the end of the data go (SMTP: the last
 * bytes, then the final dot): the journal notes it first, committed, so
 * that after a crash a message whose end never left goes back to the
 * queue rather than becoming uncertain. One more small commit per
 * message, shared with other connections' writes (group commit). */
gboolean
_herald_worker_on_data_end (gpointer user_data)
{
  WorkerRun *run = user_data;
  Write w = { .data_end = run->in_flight, .now = herald_now_seconds () };

  if (run->in_flight == NULL)
    return TRUE;
  submit_write (run, &w);
  if (w.error != NULL)
    worker_fail (run, w.error);
  else if (w.ours)
    return TRUE;
  run->data_end_refused = TRUE;
  return FALSE;
}

/* ---- claiming --------------------------------------------------------------- */

/* Nothing claimable now. Returns FALSE when this worker is done: nothing is
 * left, or all that is left is due later than max_wait. */
static gboolean
wait_for_work (WorkerRun *run)
{
  HeraldSender *self = run->sender;
  gint64 now = herald_now_seconds ();
  gint64 next_due = 0, held = 0;
  GError *error = NULL;

  /* Rows others hold (another worker, another process) may come back. */
  if (!herald_journal_read_pending (run->store, self->campaign_id, &next_due, &held, &error))
    {
      worker_fail (run, error);
      return FALSE;
    }

  if (next_due == 0 && held == 0)
    return FALSE;
  if (next_due > now && held == 0 && self->options.max_wait >= 0 &&
      next_due - now > self->options.max_wait)
    {
      g_mutex_lock (&self->mutex);
      if (self->postponed_until == 0 || next_due < self->postponed_until)
        self->postponed_until = next_due;
      g_mutex_unlock (&self->mutex);
      return FALSE;
    }
  if (next_due > now)
    return _herald_sender_sleep_until (self, g_get_real_time () + MIN (next_due - now, 5) * G_USEC_PER_SEC, TRUE);
  return _herald_sender_sleep_until (self, g_get_real_time () + HERALD_SENDER_IDLE_POLL_US, held > 0 && next_due == 0);
}

/* With several accounts: waits for this account's turn to claim
 * (herald-sender-slots.c). Returns FALSE when this worker is done. */
static gboolean
wait_for_turn (WorkerRun *run)
{
  GError *error = NULL;

  if (_herald_sender_slot_wait_turn (run->sender, run->slot, run->store, &error))
    return TRUE;
  if (error != NULL)
    worker_fail (run, error);
  return FALSE;
}

/* Claims a batch into @batch (empty) and hands its fsync and its messages
 * to the pool. @batch stays empty when nothing is due. */
static gboolean
fill_batch (WorkerRun *run,
            Batch     *batch)
{
  HeraldSender *self = run->sender;
  GError *error = NULL;

  WRITE_LOCK (run);
  if (!herald_journal_claim (run->journal, run->claim_max, herald_now_seconds (), batch->claims, &error))
    {
      WRITE_UNLOCK (run);
      worker_fail (run, error);
      return FALSE;
    }
  WRITE_UNLOCK (run);
  if (batch->claims->len == 0)
    return TRUE;
  _herald_sender_slot_took (self, run->slot, batch->claims->len);

  if (self->options.durable_claims && self->wal_fd >= 0)
    {
      batch->sync = g_new0 (SyncJob, 1);
      batch->sync->kind = JOB_SYNC;
      g_atomic_ref_count_init (&batch->sync->ref_count);
      g_cond_init (&batch->sync->cond);
      g_atomic_ref_count_inc (&batch->sync->ref_count);   /* the pool's */
      g_thread_pool_push (self->composers, batch->sync, NULL);
    }

  for (guint i = 0; i < batch->claims->len; i++)
    {
      HeraldClaim *claim = g_ptr_array_index (batch->claims, i);
      ComposeJob *job = g_new0 (ComposeJob, 1);

      job->kind = JOB_COMPOSE;
      job->merge = run->slot->merge;
      g_atomic_ref_count_init (&job->ref_count);
      g_cond_init (&job->cond);
      job->email = g_strdup (claim->email);
      job->contact_id = claim->contact_id;
      job->message_id = g_strdup (claim->message_id);
      job->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      if (!herald_journal_read_recipient (run->journal, claim, job->fields, &job->excluded, &error))
        {
          compose_job_unref (job);
          worker_fail (run, error);
          return FALSE;
        }
      g_ptr_array_add (batch->jobs, job);
      if (job->excluded != NULL)
        {
          job->done = TRUE;   /* nothing to render */
          continue;
        }
      g_atomic_ref_count_inc (&job->ref_count);   /* the pool's */
      g_thread_pool_push (self->composers, job, NULL);
    }
  return TRUE;
}

/* Nothing of a batch may go on the network before its claim is durable. */
static gboolean
wait_synced (WorkerRun *run,
             Batch     *batch)
{
  HeraldSender *self = run->sender;
  int errsv;

  if (batch->sync == NULL)
    return TRUE;
  g_mutex_lock (&self->mutex);
  while (!batch->sync->done)
    g_cond_wait (&batch->sync->cond, &self->mutex);
  errsv = batch->sync->errsv;
  g_mutex_unlock (&self->mutex);
  if (errsv != 0)
    {
      worker_fail (run, g_error_new (HERALD_STORE_ERROR,
                                     errsv == ENOSPC ? HERALD_STORE_ERROR_FULL : HERALD_STORE_ERROR_FAILED,
                                     _("Cannot write the database’s journal to the disk (%s). "
                                       "Check that the disk is not full or failing."),
                                     g_strerror (errsv)));
      return FALSE;
    }
  return TRUE;
}

/* Makes @run->current the next batch to send. Returns FALSE when the
 * worker is done. */
static gboolean
next_batch (WorkerRun *run)
{
  Batch swap;

  batch_empty (&run->current);
  if (run->ahead.claims->len > 0)
    {
      swap = run->current;
      run->current = run->ahead;
      run->ahead = swap;
    }
  else
    {
      /* Claiming may come up empty and wait: what was sent must not. */
      if (!_herald_worker_flush_pending (run) || !wait_for_turn (run) || !fill_batch (run, &run->current))
        return FALSE;
      if (run->current.claims->len == 0)
        return wait_for_work (run);
    }
  return wait_synced (run, &run->current);
}

static void
wait_composed (HeraldSender *self,
               ComposeJob   *job)
{
  g_mutex_lock (&self->mutex);
  while (!job->done)
    g_cond_wait (&job->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
}

/* Settles a delivery that never reaches the network. */
static void
settle_unsent (WorkerRun           *run,
               HeraldClaim         *claim,
               HeraldDeliveryState  state,
               const char          *why)
{
  GError *error = NULL;

  if (!_herald_worker_flush_pending (run))
    return;
  WRITE_LOCK (run);
  if (!herald_journal_skip (run->journal, claim->id, state, why, herald_now_seconds (), &error))
    {
      WRITE_UNLOCK (run);
      worker_fail (run, error);
      return;
    }
  WRITE_UNLOCK (run);
  _herald_sender_count_move (run->sender, claim->state, state);
}

/* ---- one delivery ------------------------------------------------------------ */

static void
deliver (WorkerRun   *run,
         HeraldClaim *claim,
         ComposeJob  *job)
{
  HeraldSender *self = run->sender;
  HeraldOutcome outcome = { 0 };
  GError *error = NULL;
  gboolean ours = FALSE;
  gint64 ready = 0;
  Paced paced;

  /* Whether it may still go was read with its fields, at the claim. */
  if (job->excluded != NULL)
    {
      settle_unsent (run, claim, HERALD_DELIVERY_SKIPPED, job->excluded);
      return;
    }
  wait_composed (self, job);
  /* A value that cannot go into a message (a line break in a header, an
   * unreadable attachment) fails this recipient alone. */
  if (job->message == NULL)
    {
      if (job->error != NULL && job->error->domain == HERALD_STORE_ERROR)
        worker_fail (run, g_error_copy (job->error));
      else
        settle_unsent (run, claim, HERALD_DELIVERY_FAILED, job->error != NULL ? job->error->message : "");
      return;
    }

  /* Wait for the pacer, write 'sending', then take the token and go at
   * once: the receiver sees the pacer's spacing, not the database's. A
   * lost race for the token makes a 'sending' row wait briefly; it is set
   * back if nothing is sent after all. */
  paced = _herald_worker_wait_for_pacer (run, claim, FALSE, &ready);
  if (paced == PACED_GO)
    {
      gboolean later;

      if (!_herald_worker_ensure_open (run, &later))
        {
          /* A 421 greeting, a 454 to STARTTLS: this message is deferred
           * like any temporary refusal (retry, back-off, slower pace). */
          if (later && mark_sending (run, claim, &ours) && ours)
            _herald_worker_judge (run, claim, &run->transport->open_outcome);
          return;
        }
      if (!mark_sending (run, claim, &ours) || !ours)
        return;
      paced = _herald_worker_wait_for_pacer (run, claim, TRUE, &ready);
      if (paced != PACED_GO)
        {
          gboolean ok;

          WRITE_LOCK (run);
          ok = herald_journal_unmark_sending (run->journal, claim, &error);
          WRITE_UNLOCK (run);
          if (!ok)
            {
              worker_fail (run, error);
              return;
            }
          _herald_sender_count_move (self, HERALD_DELIVERY_SENDING, claim->state);
        }
    }
  if (paced == PACED_HOLD)
    {
      gboolean ok;

      WRITE_LOCK (run);
      ok = herald_journal_unclaim (run->journal, claim->id, (ready + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, &error);
      WRITE_UNLOCK (run);
      if (!ok)
        worker_fail (run, error);
    }
  if (paced != PACED_GO)
    return;

  run->in_flight = claim;
  run->data_end_refused = FALSE;
  herald_transport_send (run->transport, run->slot->env_from, claim->email, job->message, NULL, &outcome);
  if (outcome.kind == HERALD_OUTCOME_ACCOUNT_FAULT && outcome.fault == HERALD_TRANSPORT_ERROR_AUTH &&
      run->slot->account->oauth_provider != NULL && !run->data_end_refused)
    {
      g_autoptr(GError) error = NULL;

      /* The connection was made again under the message (the server had
       * closed it) and the token had expired: refused before MAIL, so
       * nothing went. One fresh token, one more try. */
      if (_herald_worker_take_access_token (run, run->bearer, &error))
        {
          /* libcurl connects again with the new token (set on its handle). */
          herald_outcome_clear (&outcome);
          herald_transport_send (run->transport, run->slot->env_from, claim->email, job->message, NULL, &outcome);
        }
      else
        {
          g_mutex_lock (&self->mutex);
          _herald_sender_slot_stop_locked (self, run->slot, HERALD_SENDER_FAULT, error->message);
          g_mutex_unlock (&self->mutex);
        }
    }
  run->in_flight = NULL;
  if (run->data_end_refused)
    {
      /* Taken from us meanwhile (or the journal failed): nothing went,
       * nothing is ours to record. */
      herald_transport_close (run->transport);
      herald_outcome_clear (&outcome);
      return;
    }
  _herald_worker_judge (run, claim, &outcome);
  herald_outcome_clear (&outcome);
}

/* Unclaims what is left of @batch, due now, for the other accounts. */
static void
give_back (WorkerRun *run,
           Batch     *batch)
{
  GError *error = NULL;

  if (run->journal == NULL || batch->claims == NULL)
    return;
  if (!_herald_sender_give_back (run->sender, run->journal, batch->claims, batch->next, &error))
    worker_fail (run, error);
  batch->next = batch->claims->len;
}

gpointer
_herald_sender_worker_main (gpointer data)
{
  HeraldSenderWorker *worker = data;
  HeraldSender *self = worker->sender;
  WorkerRun run = { .sender = self, .slot = worker->slot };
  GError *error = NULL;

  run.store = herald_store_open (self->db_path, &error);
  if (run.store != NULL)
    run.journal = herald_journal_new (run.store, self->lease_id, self->campaign_id, self->list_id,
                                      /* without the log's fd, the claim syncs itself */
                                      self->options.durable_claims && self->wal_fd < 0, &error);
  if (run.journal == NULL)
    {
      worker_fail (&run, error);
      goto out;
    }
  /* Several accounts take turns by claims: smaller ones keep the shares
   * close to the weights, even for a short list. */
  run.claim_max = MAX (1, self->options.claim_batch / self->slots->len);
  batch_init (&run.current);
  batch_init (&run.ahead);

  while (!_herald_sender_slot_is_stopped (self, run.slot))
    {
      Batch *batch = &run.current;
      guint left = batch->claims->len - batch->next;

      if (left == 0)
        {
          if (!next_batch (&run))
            break;
          continue;
        }
      /* Claim the next batch half-way through this one, so that its fsync
       * and its first messages are ready when it is its turn. */
      if (left == (run.claim_max + 1) / 2 && run.ahead.claims->len == 0 &&
          _herald_sender_slot_turn (self, run.slot) == HERALD_SLOT_CLAIM &&
          !fill_batch (&run, &run.ahead))
        break;
      deliver (&run, g_ptr_array_index (batch->claims, batch->next), g_ptr_array_index (batch->jobs, batch->next));
      batch->next++;
    }
  _herald_worker_flush_pending (&run);
  outcome_clear (&run.pending);   /* when even that write failed */
  /* Its account stopped while the others go on: what it claimed is theirs. */
  if (!_herald_sender_is_stopping (self))
    {
      give_back (&run, &run.current);
      give_back (&run, &run.ahead);
    }

out:
  g_clear_pointer (&run.transport, herald_transport_free);
  g_clear_pointer (&run.bearer, g_free);
  g_clear_pointer (&run.journal, herald_journal_free);
  g_clear_pointer (&run.store, herald_store_close);
  batch_clear (&run.current);
  batch_clear (&run.ahead);

  g_mutex_lock (&self->mutex);
  run.slot->n_running--;
  self->n_workers--;
  self->changed = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
  return NULL;
}
