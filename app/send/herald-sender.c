/* herald-sender.c — sending a campaign from background threads
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads. herald_sender_start() starts the coordinator thread, which
 * opens its own database connection, recovers what dead senders left,
 * takes a lease, loads the campaign and starts one worker thread per
 * connection (herald-sender-worker.c), and a pool of threads that render
 * messages ahead of the workers. Each worker has its own database
 * connection (herald-journal) and transport. The coordinator meanwhile
 * heartbeats the lease, checkpoints the write-ahead log, watches the
 * campaign's state in the database (a pause from another process), and
 * posts coalesced progress to the main context. Everything the threads
 * share is behind the mutex, or immutable once the workers start (the
 * accounts, their merges, their pacers, which have their own locks). A
 * campaign may go through several accounts, each with its own workers
 * and limits: herald-sender-slots.c.
 */
#define G_LOG_DOMAIN "herald-sender"

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "herald-base.h"
#include "herald-sender-private.h"
#include "herald-ses.h"
#include "herald-templates.h"
#include "herald-tracking.h"
#include "herald-transport.h"

#define TICK_US               (G_USEC_PER_SEC / 10)
#define POLL_STATE_US         (G_USEC_PER_SEC / 2)
#define RECOUNT_US            (10 * G_USEC_PER_SEC)
#define RECOVER_US            (5 * G_USEC_PER_SEC)
#define CHECKPOINT_US         (G_USEC_PER_SEC / 10)
#define N_RATE_SAMPLES        40    /* 10 s at 4 samples a second */

G_DEFINE_FINAL_TYPE (HeraldSender, herald_sender, G_TYPE_OBJECT)

enum { SIGNAL_PROGRESS, SIGNAL_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char * const status_names[] = {
  "idle", "running", "waiting", "done", "paused", "fault", "cancelled", "stopped", "postponed", "failed",
};

const char *
herald_sender_status_to_string (HeraldSenderStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

/**
 * herald_sender_options_init:
 *
 * The defaults: the account's connections, retries from 5 minutes to 4
 * hours for 2 days, a pause after 10 errors in a row, waiting as long as
 * it takes, claims of 16 made durable, progress 4 times a second.
 */
void
herald_sender_options_init (HeraldSenderOptions *options)
{
  memset (options, 0, sizeof *options);
  herald_retry_policy_init_default (&options->retry);
  options->max_consecutive_errors = 10;
  options->max_wait = -1;
  options->claim_batch = 16;
  options->durable_claims = TRUE;
  options->progress_interval = 0.25;
}

/* ---- stopping and waiting ----------------------------------------------- */

/* Asks every thread to stop after the message on the wire; the first
 * reason wins. Called with the mutex held. */
void
_herald_sender_request_stop_locked (HeraldSender       *self,
                                    HeraldSenderStatus  status,
                                    const char         *reason)
{
  if (!self->stopping)
    {
      self->stopping = TRUE;
      self->end_status = status;
      self->end_reason = g_strdup (reason);
    }
  g_cond_broadcast (&self->cond);
}

void
_herald_sender_request_stop (HeraldSender       *self,
                             HeraldSenderStatus  status,
                             const char         *reason)
{
  g_mutex_lock (&self->mutex);
  _herald_sender_request_stop_locked (self, status, reason);
  g_mutex_unlock (&self->mutex);
}

gboolean
_herald_sender_is_stopping (HeraldSender *self)
{
  gboolean stopping;

  g_mutex_lock (&self->mutex);
  stopping = self->stopping;
  g_mutex_unlock (&self->mutex);
  return stopping;
}

/* Sleeps until @until (Unix µs, the pacer's clock) or a stop. Returns
 * FALSE when stopping. */
gboolean
_herald_sender_sleep_until (HeraldSender *self,
                            gint64        until,
                            gboolean      report_waiting)
{
  gint64 now = g_get_real_time ();
  gint64 deadline = g_get_monotonic_time () + MAX (0, until - now);
  gboolean stopping;

  g_mutex_lock (&self->mutex);
  if (report_waiting)
    {
      self->n_waiting++;
      if (self->wait_until == 0 || until < self->wait_until)
        self->wait_until = until;
      self->changed = TRUE;
    }
  while (!self->stopping && g_get_monotonic_time () < deadline)
    if (!g_cond_wait_until (&self->cond, &self->mutex, deadline))
      break;
  if (report_waiting)
    {
      if (--self->n_waiting == 0)
        self->wait_until = 0;
      self->changed = TRUE;
    }
  stopping = self->stopping;
  g_mutex_unlock (&self->mutex);
  return !stopping;
}

/* ---- counting ------------------------------------------------------------ */

/* Every move a worker makes on a delivery passes here, once it is written. */
void
_herald_sender_count_move (HeraldSender        *self,
                           HeraldDeliveryState  from,
                           HeraldDeliveryState  to)
{
  g_return_if_fail (herald_delivery_can_move (from, to));

  g_mutex_lock (&self->mutex);
  if (self->counts[from] > 0)
    self->counts[from]--;
  self->counts[to]++;
  if (to == HERALD_DELIVERY_SENT)
    self->sent_now++;
  self->changed = TRUE;
  g_mutex_unlock (&self->mutex);
}

/* ---- the coordinator ------------------------------------------------------ */

/* "Name <addr@example.jp>" → "addr@example.jp" */

/* The campaign's template, with its own sender if it sets one. */
static HeraldTemplateRecord *
find_template (HeraldStore  *store,
               gint64        template_id,
               GError      **error)
{
  GError *local = NULL;
  HeraldTemplateRecord *record = herald_templates_find_by_id (store, template_id, &local);

  if (record == NULL && g_error_matches (local, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND))
    {
      g_clear_error (&local);
      g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_NOT_FOUND,
                   _("The campaign’s template was deleted."));
      return NULL;
    }
  if (record == NULL)
    g_propagate_error (error, local);
  return record;
}

static void
record_sent_minute (const char *domain,
                    gint64      minute,
                    int         count,
                    gpointer    user_data)
{
  HeraldPacer *pacer = user_data;

  if (domain == NULL || herald_pacer_domain_has_limits (pacer, domain))
    herald_pacer_record_past (pacer, domain, minute, count);
}

/* Hour and day windows remember what was sent before this run, by this
 * account and to each limited domain, in any campaign. A failed read
 * leaves the windows empty, as before a first run. */
static void
seed_pacer (HeraldSenderSlot *slot,
            HeraldStore      *store)
{
  gint64 since = herald_now_seconds () - 86400;

  if (slot->account->rate_per_hour > 0 || slot->account->daily_cap > 0)
    herald_journal_read_sent_minutes (store, slot->account->id, since, record_sent_minute, slot->pacer, NULL);
  herald_journal_read_sent_minutes (store, 0, since, record_sent_minute, slot->pacer, NULL);
}

/* One of the campaign's accounts: its message, its secret, its pacer. */
static HeraldSenderSlot *
load_slot (HeraldSender                *self,
           HeraldStore                 *store,
           const HeraldCampaignInfo    *info,
           const HeraldTemplateRecord  *record,
           const char * const          *fields,
           const HeraldCampaignAccount *which,
           GError                     **error)
{
  g_autoptr(HeraldPacingPresets) presets = NULL;
  HeraldPacingLimits limits = { 0 };
  HeraldSenderSlot *slot = g_new0 (HeraldSenderSlot, 1);

  slot->weight = which->weight;
  if ((slot->account = herald_account_load_by_id (store, which->account_id, error)) == NULL)
    goto fail;
  if (self->options.response_timeout > 0)
    slot->account->response_timeout = self->options.response_timeout;
  if (self->options.connect_timeout > 0)
    slot->account->connect_timeout = self->options.connect_timeout;

  slot->merge = herald_merge_new_for_account (record, slot->account, fields, error);
  /* An unsubscribe link the account cannot give, or a business detail
   * the footer shows that nobody set, pauses the campaign
   * (HERALD_MERGE_ERROR: a fault, with the reason) before anything goes. */
  if (slot->merge == NULL ||
      !herald_merge_check_unsubscribe (slot->merge, slot->account->name, error) ||
      !herald_template_check_business (store, record, NULL, error) ||
      !herald_merge_load_list (slot->merge, store, info->list_id, error) ||
      !herald_merge_load_parts (slot->merge, store, info->template_id, error))
    goto fail;
  if (info->utm_source != NULL)
    herald_merge_set_utm (slot->merge, info->utm_source, info->name);
  {
    g_autofree char *track_click = NULL, *track_open = NULL;

    if (!herald_tracking_get (store, info->id, &track_click, &track_open, error))
      goto fail;
    herald_merge_set_tracking (slot->merge, track_click, track_open);
  }

  if (slot->account->oauth_provider != NULL)
    {
      /* Signed in with Google or Microsoft: a fresh access token now, so a
       * revoked sign-in stops before anything goes ("Sign in again"). */
      if (!_herald_sender_sign_in (self, slot, error))
        goto fail;
    }
  else if (((slot->account->kind == HERALD_ACCOUNT_SMTP && slot->account->username != NULL) ||
            slot->account->kind == HERALD_ACCOUNT_API) &&
           (slot->password = herald_keyring_require_password (slot->account->name, NULL, error)) == NULL)
    goto fail;

  if (slot->account->kind == HERALD_ACCOUNT_API && slot->account->api == HERALD_API_SES)
    {
      g_autoptr(GError) local = NULL;

      /* SES's quota and rate are the limits in force where they are lower. */
      if (!herald_ses_apply_quota (slot->account, slot->password, NULL, &local))
        g_message ("%s: %s", slot->account->name, local->message);
    }
  if (slot->account->kind != HERALD_ACCOUNT_OUTBOX)
    {
      limits.per_second = slot->account->rate_per_second;
      limits.per_minute = slot->account->rate_per_minute;
      limits.per_hour = slot->account->rate_per_hour;
      limits.per_day = slot->account->daily_cap;
      presets = herald_pacing_presets_dup_default ();
    }
  /* The Outbox has no pacing: nothing leaves the machine. */
  slot->pacer = herald_pacer_new (&limits, presets);
  if (presets != NULL)
    seed_pacer (slot, store);

  slot->env_from = herald_dup_bare_address (slot->account->from);
  slot->n_connections = self->options.connections > 0 ? self->options.connections
                                                      : MAX (1, slot->account->connections);
  if (slot->account->kind == HERALD_ACCOUNT_OUTBOX)
    slot->n_connections = 1;
  return slot;

fail:
  _herald_sender_slot_free (slot);
  return NULL;
}

static gboolean
load_sending_parts (HeraldSender              *self,
                    HeraldStore               *store,
                    const HeraldCampaignInfo  *info,
                    GError                   **error)
{
  g_auto(GStrv) fields = NULL;
  g_autoptr(HeraldTemplateRecord) record = NULL;
  g_autoptr(GArray) accounts = NULL;

  if ((accounts = herald_campaign_dup_accounts (store, info->id, error)) == NULL ||
      (record = find_template (store, info->template_id, error)) == NULL ||
      (fields = herald_store_dup_list_fields (store, info->list_id, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < accounts->len; i++)
    {
      HeraldSenderSlot *slot = load_slot (self, store, info, record, (const char * const *) fields,
                                          &g_array_index (accounts, HeraldCampaignAccount, i), error);
      if (slot == NULL)
        return FALSE;
      g_ptr_array_add (self->slots, slot);
    }
  /* A new run tries every account again (the user may have fixed one). */
  if (accounts->len > 1)
    herald_campaign_set_account_pause (store, info->id, 0, NULL, NULL);

  self->suppress_source = g_strdup_printf ("campaign %s", info->name);
  self->list_id = info->list_id;
  return TRUE;
}

/* Notes why each account that stopped while others went on did, for
 * campaign status. */
static void
record_account_stops (HeraldSender *self,
                      HeraldStore  *store)
{
  if (self->slots->len <= 1)
    return;
  for (guint i = 0; i < self->slots->len; i++)
    {
      HeraldSenderSlot *slot = g_ptr_array_index (self->slots, i);
      g_autoptr(GError) error = NULL;
      const char *reason;

      g_mutex_lock (&self->mutex);
      reason = slot->stopped && slot->stop_status != HERALD_SENDER_POSTPONED ? slot->stop_reason : NULL;
      g_mutex_unlock (&self->mutex);
      if (reason != NULL &&
          !herald_campaign_set_account_pause (store, self->campaign_id, slot->account->id, reason, &error))
        g_warning ("Noting why an account stopped: %s", error->message);
    }
}

static guint64
sum_counts (const guint64 counts[HERALD_DELIVERY_N_STATES])
{
  guint64 total = 0;

  for (guint i = 0; i < HERALD_DELIVERY_N_STATES; i++)
    total += counts[i];
  return total;
}

/* Draft, paused or interrupted → sending. Returns the status to end with
 * at once (DONE, FAILED), or RUNNING to go on. */
static HeraldSenderStatus
begin_campaign (HeraldSender  *self,
                HeraldStore   *store,
                GError       **error)
{
  g_autoptr(HeraldCampaignInfo) info = NULL;

  if (!herald_journal_recover (store, NULL, error) ||
      (info = herald_campaign_get (store, self->campaign_id, error)) == NULL)
    return HERALD_SENDER_FAILED;

  if (info->state == HERALD_CAMPAIGN_CANCELLED)
    {
      g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_STATE,
                   _("The campaign “%s” was cancelled: nothing more can be sent."), info->name);
      return HERALD_SENDER_FAILED;
    }
  if (!herald_campaign_count_states (store, self->campaign_id, self->counts, error))
    return HERALD_SENDER_FAILED;
  self->total = sum_counts (self->counts);
  if (info->state == HERALD_CAMPAIGN_DONE &&
      self->counts[HERALD_DELIVERY_QUEUED] + self->counts[HERALD_DELIVERY_DEFERRED] == 0)
    return HERALD_SENDER_DONE;

  if (!load_sending_parts (self, store, info, error))
    return (*error)->domain == HERALD_STORE_ERROR ? HERALD_SENDER_FAILED : HERALD_SENDER_FAULT;

  if (!herald_campaign_begin_sending (store, self->campaign_id, error))
    return HERALD_SENDER_FAILED;
  /* Room for saying, on a full disk, that it stopped the sending. */
  herald_store_keep_room (store);
  if ((self->lease_id = herald_lease_acquire (store, self->campaign_id, error)) == NULL)
    return HERALD_SENDER_FAILED;
  return HERALD_SENDER_RUNNING;
}

static HeraldSenderProgress
snapshot_locked (HeraldSender *self,
                 double        rate)
{
  HeraldSenderProgress p = { 0 };
  guint64 left;

  p.campaign_id = self->campaign_id;
  memcpy (p.counts, self->counts, sizeof p.counts);
  /* The total is the database's (a count moved while a recount ran may
   * make the live counts off by one for a moment). */
  p.total = self->total;
  p.sent_now = self->sent_now;
  p.rate = rate;
  left = p.counts[HERALD_DELIVERY_QUEUED] + p.counts[HERALD_DELIVERY_DEFERRED] + p.counts[HERALD_DELIVERY_SENDING];
  p.eta_seconds = left == 0 ? 0 : rate > 0.01 ? (gint64) (left / rate) : -1;
  p.connections = self->n_workers;
  p.status = HERALD_SENDER_RUNNING;
  if (self->n_workers > 0 && self->n_waiting >= self->n_workers && self->wait_until > 0)
    {
      p.status = HERALD_SENDER_WAITING;
      p.wait_until = self->wait_until / G_USEC_PER_SEC;
    }
  return p;
}

static gboolean
emit_progress_cb (gpointer data)
{
  HeraldSender *self = data;
  gboolean final;

  g_mutex_lock (&self->mutex);
  self->progress = self->pending;
  g_free (self->progress_reason);
  self->progress_reason = g_steal_pointer (&self->pending_reason);
  self->progress.reason = self->progress_reason;
  final = self->pending_final;
  self->pending_posted = FALSE;
  g_mutex_unlock (&self->mutex);

  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, &self->progress);
  if (final && self->running)
    {
      self->running = FALSE;
      if (self->thread != NULL)
        g_thread_join (g_steal_pointer (&self->thread));
      g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
    }
  return G_SOURCE_REMOVE;
}

/* Hands a snapshot to the main context; a snapshot not yet delivered is
 * replaced, so a slow main loop never queues more than one. */
static void
post_progress (HeraldSender               *self,
               const HeraldSenderProgress *progress,
               const char                 *reason,
               gboolean                    final)
{
  gboolean post;

  g_mutex_lock (&self->mutex);
  self->pending = *progress;
  g_free (self->pending_reason);
  self->pending_reason = g_strdup (reason);
  self->pending_final |= final;
  post = !self->pending_posted;
  self->pending_posted = TRUE;
  g_mutex_unlock (&self->mutex);

  /* Always through a source: g_main_context_invoke() would call back at
   * once, in this thread, when no thread iterates the context yet (a
   * campaign that ends before herald-cli's loop runs), and the final
   * callback joins this very thread. */
  if (post)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, emit_progress_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[herald] sender progress");
      g_source_attach (source, self->context);
    }
}

/* The campaign's row may have been paused or cancelled by anyone. */
static void
watch_campaign (HeraldSender *self,
                HeraldStore  *store)
{
  g_autoptr(HeraldCampaignInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gboolean pause, cancel;

  g_mutex_lock (&self->mutex);
  pause = self->pause_asked;
  cancel = self->cancel_asked;
  self->pause_asked = self->cancel_asked = FALSE;
  g_mutex_unlock (&self->mutex);

  if (cancel && !herald_campaign_cancel (store, self->campaign_id, &error))
    g_warning ("Cancelling: %s", error->message);
  else if (pause && !herald_campaign_pause (store, self->campaign_id, NULL, &error))
    g_warning ("Pausing: %s", error->message);
  g_clear_error (&error);

  info = herald_campaign_get (store, self->campaign_id, &error);
  if (info == NULL)
    _herald_sender_request_stop (self, HERALD_SENDER_FAILED, error->message);
  else if (info->state == HERALD_CAMPAIGN_PAUSED)
    _herald_sender_request_stop (self, HERALD_SENDER_PAUSED, info->pause_reason);
  else if (info->state == HERALD_CAMPAIGN_CANCELLED)
    _herald_sender_request_stop (self, HERALD_SENDER_CANCELLED, NULL);
}

/* Runs until every worker has ended, keeping the lease alive, watching
 * the campaign, and posting progress. */
static void
coordinate (HeraldSender *self,
            HeraldStore  *store)
{
  gint64 samples_t[N_RATE_SAMPLES] = { 0 };
  guint64 samples_n[N_RATE_SAMPLES] = { 0 };
  guint n_samples = 0;
  gint64 start = g_get_monotonic_time ();
  gint64 next_watch = start, next_beat = start, next_recount = start + RECOUNT_US;
  gint64 next_recover = start + RECOVER_US, next_sample = start, next_progress = start;
  gint64 next_checkpoint = start + CHECKPOINT_US;
  gint64 progress_us = (gint64) (MAX (0.05, self->options.progress_interval) * G_USEC_PER_SEC);
  double rate = 0;

  g_mutex_lock (&self->mutex);
  while (self->n_workers > 0)
    {
      gint64 now;

      g_cond_wait_until (&self->cond, &self->mutex, g_get_monotonic_time () + TICK_US);
      g_mutex_unlock (&self->mutex);
      now = g_get_monotonic_time ();

      if (now >= next_watch)
        {
          watch_campaign (self, store);
          next_watch = now + POLL_STATE_US;
        }
      if (now >= next_beat)
        {
          herald_lease_heartbeat (store, self->lease_id, NULL);
          next_beat = now + HERALD_LEASE_HEARTBEAT_SECONDS * G_USEC_PER_SEC;
        }
      if (now >= next_checkpoint)
        {
          /* Often: at full speed the workers write ~50 MB of log a second
           * (herald_journal_checkpoint() keeps it to a few MB). */
          herald_journal_checkpoint (store, &self->write_lock);
          next_checkpoint = now + CHECKPOINT_US;
        }
      if (now >= next_recover)
        {
          /* Another process sending this campaign may have died. */
          herald_journal_recover (store, NULL, NULL);
          next_recover = now + RECOVER_US;
        }
      if (now >= next_recount)
        {
          guint64 counts[HERALD_DELIVERY_N_STATES];
          if (herald_campaign_count_states (store, self->campaign_id, counts, NULL))
            {
              g_mutex_lock (&self->mutex);
              memcpy (self->counts, counts, sizeof counts);
              self->total = sum_counts (counts);
              g_mutex_unlock (&self->mutex);
            }
          next_recount = now + RECOUNT_US;
        }

      g_mutex_lock (&self->mutex);
      if (now >= next_sample)
        {
          /* The oldest sample is the one this one replaces, once the ring is full. */
          guint slot = n_samples % N_RATE_SAMPLES;
          guint oldest = n_samples >= N_RATE_SAMPLES ? slot : 0;

          if (n_samples > 0 && now > samples_t[oldest])
            rate = (self->sent_now - samples_n[oldest]) * (double) G_USEC_PER_SEC / (now - samples_t[oldest]);
          samples_t[slot] = now;
          samples_n[slot] = self->sent_now;
          n_samples++;
          next_sample = now + G_USEC_PER_SEC / 4;
        }
      if (now >= next_progress && self->changed)
        {
          HeraldSenderProgress p = snapshot_locked (self, rate);

          self->changed = FALSE;
          g_mutex_unlock (&self->mutex);
          post_progress (self, &p, NULL, FALSE);
          g_mutex_lock (&self->mutex);
          next_progress = now + progress_us;
        }
    }
  g_mutex_unlock (&self->mutex);
}

/* The end: write what it means to the campaign, give the claims back. */
static HeraldSenderStatus
end_campaign (HeraldSender  *self,
              HeraldStore   *store,
              char         **inout_reason)
{
  g_autoptr(GError) error = NULL;
  HeraldSenderStatus status;

  g_mutex_lock (&self->mutex);
  status = self->stopping ? self->end_status : HERALD_SENDER_DONE;
  if (self->stopping && *inout_reason == NULL)
    *inout_reason = g_strdup (self->end_reason);
  if (!self->stopping && self->postponed_until > 0)
    status = HERALD_SENDER_POSTPONED;
  g_mutex_unlock (&self->mutex);

  record_account_stops (self, store);
  if (self->lease_id != NULL && !herald_lease_release (store, self->lease_id, &error))
    g_warning ("Releasing the lease: %s", error->message);
  g_clear_error (&error);

  switch (status)
    {
    case HERALD_SENDER_FAULT:
      if (!herald_campaign_pause (store, self->campaign_id, *inout_reason, &error) &&
          g_error_matches (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_FULL))
        {
          /* The disk is full: the room kept for this, then the log's. */
          g_clear_error (&error);
          if (!herald_store_give_room (store))
            herald_journal_make_room (store);
          herald_campaign_pause (store, self->campaign_id, *inout_reason, &error);
        }
      if (error != NULL)
        g_warning ("Pausing after a fault: %s", error->message);
      break;
    case HERALD_SENDER_DONE:
      if (!herald_campaign_finish_if_complete (store, self->campaign_id, &error))
        {
          g_free (*inout_reason);
          *inout_reason = g_strdup (error->message);
          status = HERALD_SENDER_FAILED;
        }
      break;
    default:
      break;
    }
  return status;
}

static gpointer
coordinator_main (gpointer data)
{
  HeraldSender *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) workers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *reason = NULL;
  HeraldSenderStatus status;
  HeraldSenderProgress progress;
  HeraldStore *store;
  guint n;

  store = herald_store_open (self->db_path, &error);
  status = store != NULL ? begin_campaign (self, store, &error) : HERALD_SENDER_FAILED;
  if (store != NULL)
    herald_journal_tune_coordinator (store);

  if (status == HERALD_SENDER_RUNNING)
    {
      n = 0;
      for (guint i = 0; i < self->slots->len; i++)
        n += ((HeraldSenderSlot *) g_ptr_array_index (self->slots, i))->n_connections;
      self->n_workers = n;
      {
        /* Claims are made durable with an fsync of the log: see
         * herald-sender-worker.c. Another fd on the -wal file is safe:
         * SQLite locks the -shm file, not this one. */
        g_autofree char *wal = g_strconcat (herald_store_get_path (store), "-wal", NULL);
        self->wal_fd = open (wal, O_RDONLY | O_CLOEXEC);
      }
      self->composers = g_thread_pool_new (_herald_sender_compose_job, self,
                                           MAX (1, (int) g_get_num_processors ()), FALSE, NULL);
      /* One worker per connection of each account. */
      for (guint a = 0, i = 0; a < self->slots->len; a++)
        {
          HeraldSenderSlot *slot = g_ptr_array_index (self->slots, a);

          for (guint c = 0; c < slot->n_connections; c++, i++)
            {
              HeraldSenderWorker *worker = g_new0 (HeraldSenderWorker, 1);
              g_autofree char *name = g_strdup_printf ("herald-send-%u", i + 1);

              worker->sender = self;
              worker->slot = slot;
              g_mutex_lock (&self->mutex);
              slot->n_running++;
              g_mutex_unlock (&self->mutex);
              worker->index = i;
              worker->thread = g_thread_new (name, _herald_sender_worker_main, worker);
              g_ptr_array_add (workers, worker);
            }
        }
      coordinate (self, store);
      for (guint i = 0; i < workers->len; i++)
        g_thread_join (((HeraldSenderWorker *) g_ptr_array_index (workers, i))->thread);
      /* Compose jobs the workers left behind finish before the merge goes. */
      g_thread_pool_free (g_steal_pointer (&self->composers), FALSE, TRUE);
      if (self->wal_fd >= 0)
        close (self->wal_fd);
      self->wal_fd = -1;
      status = end_campaign (self, store, &reason);
    }
  else if (error != NULL)
    {
      reason = g_strdup (error->message);
      if (status == HERALD_SENDER_FAULT && store != NULL)
        herald_campaign_pause (store, self->campaign_id, reason, NULL);
    }

  if (store != NULL)
    {
      herald_journal_checkpoint (store, &self->write_lock);
      if (herald_campaign_count_states (store, self->campaign_id, self->counts, NULL))
        self->total = sum_counts (self->counts);
    }
  g_mutex_lock (&self->mutex);
  self->n_workers = 0;
  self->n_waiting = 0;
  progress = snapshot_locked (self, 0);
  g_mutex_unlock (&self->mutex);
  progress.status = status;
  progress.eta_seconds = status == HERALD_SENDER_DONE ? 0 : -1;
  if (status == HERALD_SENDER_POSTPONED)
    progress.wait_until = self->postponed_until;

  g_clear_pointer (&store, herald_store_close);
  post_progress (self, &progress, reason, TRUE);
  g_object_unref (self);
  return NULL;
}

/* ---- the object ----------------------------------------------------------- */

static void
herald_sender_finalize (GObject *object)
{
  HeraldSender *self = HERALD_SENDER (object);

  if (self->thread != NULL)
    g_thread_unref (self->thread);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_free (self->lease_id);
  g_free (self->suppress_source);
  g_free (self->end_reason);
  g_free (self->progress_reason);
  g_free (self->pending_reason);
  g_free (self->db_path);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_mutex_clear (&self->write_lock);
  g_mutex_clear (&self->oauth_lock);
  g_mutex_clear (&self->journal_mutex);
  g_cond_clear (&self->journal_done);

  G_OBJECT_CLASS (herald_sender_parent_class)->finalize (object);
}

static void
herald_sender_class_init (HeraldSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_sender_finalize;

  /**
   * HeraldSender::progress:
   * @progress: (type gpointer): a #HeraldSenderProgress, valid during the emission
   *
   * A few times a second while sending, and once at the end.
   */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  /**
   * HeraldSender::finished:
   *
   * The sender has stopped; herald_sender_get_status() says why.
   */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
herald_sender_init (HeraldSender *self)
{
  self->wal_fd = -1;
  self->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) _herald_sender_slot_free);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  g_mutex_init (&self->write_lock);
  g_mutex_init (&self->oauth_lock);
  g_mutex_init (&self->journal_mutex);
  g_cond_init (&self->journal_done);
  g_queue_init (&self->journal_queue);
  herald_sender_options_init (&self->options);
}

/**
 * herald_sender_new:
 * @db_path: the database; the sender opens its own connections to it
 * @options: (nullable): %NULL for herald_sender_options_init()'s defaults
 *
 * Returns: (transfer full): a sender for one run of @campaign_id
 */
HeraldSender *
herald_sender_new (const char                 *db_path,
                   gint64                      campaign_id,
                   const HeraldSenderOptions  *options)
{
  HeraldSender *self = g_object_new (HERALD_TYPE_SENDER, NULL);

  self->db_path = g_strdup (db_path);
  self->campaign_id = campaign_id;
  if (options != NULL)
    self->options = *options;
  if (self->options.claim_batch == 0)
    self->options.claim_batch = 16;
  self->progress.campaign_id = campaign_id;
  return self;
}

/**
 * herald_sender_start:
 *
 * Starts sending in the background. Signals come in the thread-default
 * main context of the caller. A sender runs once: make a new one to send
 * again.
 */
gboolean
herald_sender_start (HeraldSender  *self,
                     GError       **error)
{
  g_return_val_if_fail (HERALD_IS_SENDER (self), FALSE);
  g_return_val_if_fail (self->thread == NULL && !self->running, FALSE);

  self->context = g_main_context_ref_thread_default ();
  self->running = TRUE;
  self->progress.status = HERALD_SENDER_RUNNING;
  self->thread = g_thread_try_new ("herald-sender", coordinator_main, g_object_ref (self), error);
  if (self->thread == NULL)
    {
      self->running = FALSE;
      g_object_unref (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * herald_sender_pause:
 *
 * Pauses the campaign (for every sender of it, in any process) and stops
 * after the messages on the wire.
 */
void
herald_sender_pause (HeraldSender *self)
{
  g_mutex_lock (&self->mutex);
  self->pause_asked = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/**
 * herald_sender_cancel:
 *
 * Cancels the campaign: what is not sent yet is skipped.
 */
void
herald_sender_cancel (HeraldSender *self)
{
  g_mutex_lock (&self->mutex);
  self->cancel_asked = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/**
 * herald_sender_stop:
 *
 * Stops this sender after the messages on the wire, leaving the campaign
 * as it is ('sending'), to be resumed later — e.g. when the application
 * quits.
 */
void
herald_sender_stop (HeraldSender *self)
{
  _herald_sender_request_stop (self, HERALD_SENDER_STOPPED, NULL);
}

gboolean
herald_sender_is_running (HeraldSender *self)
{
  return self->running;
}

gint64
herald_sender_get_campaign_id (HeraldSender *self)
{
  return self->campaign_id;
}

/**
 * herald_sender_get_progress:
 *
 * Returns: (transfer none): the last progress the main context received
 */
const HeraldSenderProgress *
herald_sender_get_progress (HeraldSender *self)
{
  return &self->progress;
}

HeraldSenderStatus
herald_sender_get_status (HeraldSender *self)
{
  return self->progress.status;
}

/**
 * herald_sender_get_reason:
 *
 * Returns: (nullable): why it paused, stopped or failed, for people
 */
const char *
herald_sender_get_reason (HeraldSender *self)
{
  return self->progress_reason;
}
