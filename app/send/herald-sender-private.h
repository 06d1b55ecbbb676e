/* herald-sender-private.h — what the sender's coordinator and workers share
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-account.h"
#include "herald-journal.h"
#include "herald-merge.h"
#include "herald-pacer.h"
#include "herald-sender.h"

G_BEGIN_DECLS

/* A recipient domain that is held back longer than this gives its message
 * back to the queue, so that one slow domain does not hold up the rest. */
#define HERALD_SENDER_DOMAIN_HOLD_US  (2 * G_USEC_PER_SEC)
#define HERALD_SENDER_IDLE_POLL_US    (G_USEC_PER_SEC / 2)
/* How often an account waiting for its turn to claim looks again. */
#define HERALD_SENDER_TURN_POLL_US    (G_USEC_PER_SEC / 50)

struct _HeraldSender
{
  GObject               parent_instance;

  /* Set before start, then read only. */
  char                 *db_path;
  gint64                campaign_id;
  HeraldSenderOptions   options;
  GMainContext         *context;
  GThread              *thread;

  /* Owned by the coordinator; read only by workers once they run. */
  GPtrArray            *slots;         /* HeraldSenderSlot: one per account, in order */
  char                 *lease_id;
  char                 *suppress_source;
  gint64                list_id;
  GThreadPool          *composers;     /* renders messages ahead of the workers, syncs claims */
  int                   wal_fd;        /* the write-ahead log, for fsync; -1: none */

  /* Shared: under mutex. */
  GMutex                mutex;
  GCond                 cond;
  gboolean              stopping;
  HeraldSenderStatus    end_status;    /* why it stops, once stopping */
  char                 *end_reason;
  gboolean              pause_asked;
  gboolean              cancel_asked;
  guint                 n_workers;
  guint                 n_waiting;
  gint64                wait_until;    /* Unix µs: the earliest a waiting worker wakes */
  gint64                postponed_until;
  guint64               counts[HERALD_DELIVERY_N_STATES];
  guint64               total;
  guint64               sent_now;
  gboolean              changed;
  GMutex                write_lock;    /* one worker writes to the journal at a time */

  /* Signed-in accounts (herald-sender-oauth.c): guards each slot's
   * refresh token, access token (its password) and expiry. */
  GMutex                oauth_lock;
  GMutex                journal_mutex; /* group commit (herald-sender-worker.c) */
  GCond                 journal_done;
  GQueue                journal_queue;
  gboolean              journal_leader;

  /* Main context only. */
  HeraldSenderProgress  progress;
  char                 *progress_reason;
  gboolean              running;

  /* Coalescing: the latest snapshot waiting for the main context. */
  HeraldSenderProgress  pending;
  char                 *pending_reason;
  gboolean              pending_posted;
  gboolean              pending_final;
};

/* One of the campaign's accounts, with its own limits, message and
 * workers (herald-sender-slots.c). A campaign has one or several. */
typedef struct
{
  /* Set before the workers start, then read only. */
  HeraldAccount        *account;
  char                 *password;
  HeraldMerge          *merge;         /* this account's From, unsubscribe, charset */
  HeraldPacer          *pacer;         /* this account's limits; has its own lock */
  char                 *env_from;
  guint                 weight;
  guint                 n_connections;

  /* A signed-in account (herald-sender-oauth.c), under the sender's
   * oauth_lock: its refresh token; password holds the access token. */
  char                 *refresh_token;
  gint64                token_expires_at;  /* Unix seconds */

  /* Under the sender's mutex. */
  guint64               taken;         /* deliveries its workers claimed in this run */
  gint64                waiting_until; /* Unix µs: its limits hold it back until then; 0: not */
  guint                 consecutive_errors;
  guint                 n_running;     /* its workers still running */
  gboolean              stopped;       /* it stopped for this run: the others go on */
  gint64                postponed_until; /* stopped at a limit: when it could go again */
  HeraldSenderStatus    stop_status;
  char                 *stop_reason;
} HeraldSenderSlot;

typedef struct
{
  HeraldSender     *sender;
  HeraldSenderSlot *slot;
  guint             index;
  GThread          *thread;
} HeraldSenderWorker;

typedef enum
{
  HERALD_SLOT_CLAIM,     /* its turn: claim */
  HERALD_SLOT_NOT_YET,   /* another account's turn, or this one waits */
  HERALD_SLOT_STOPPED,   /* this account stopped (or the sender): end the worker */
} HeraldSlotTurn;

void      _herald_sender_request_stop_locked (HeraldSender        *self,
                                              HeraldSenderStatus   status,
                                              const char          *reason);
void      _herald_sender_request_stop        (HeraldSender        *self,
                                              HeraldSenderStatus   status,
                                              const char          *reason);
gboolean  _herald_sender_is_stopping         (HeraldSender        *self);
gboolean  _herald_sender_sign_in             (HeraldSender        *self,
                                              HeraldSenderSlot    *slot,
                                              GError             **error);
gboolean  _herald_sender_token_expired       (HeraldSender        *self,
                                              HeraldSenderSlot    *slot);
char     *_herald_sender_dup_access_token    (HeraldSender        *self,
                                              HeraldSenderSlot    *slot,
                                              const char          *refused,
                                              GError             **error);
gboolean  _herald_sender_sleep_until         (HeraldSender        *self,
                                              gint64               until,
                                              gboolean             report_waiting);
void      _herald_sender_count_move          (HeraldSender        *self,
                                              HeraldDeliveryState  from,
                                              HeraldDeliveryState  to);
void      _herald_sender_compose_job         (gpointer             job,
                                              gpointer             sender);
gpointer  _herald_sender_worker_main         (gpointer             worker);

void      _herald_sender_slot_free           (HeraldSenderSlot    *slot);
void      _herald_sender_slot_stop_locked    (HeraldSender        *self,
                                              HeraldSenderSlot    *slot,
                                              HeraldSenderStatus   status,
                                              const char          *reason);
gboolean  _herald_sender_slot_is_stopped     (HeraldSender        *self,
                                              HeraldSenderSlot    *slot);
HeraldSlotTurn _herald_sender_slot_turn      (HeraldSender        *self,
                                              HeraldSenderSlot    *slot);
void      _herald_sender_slot_took           (HeraldSender        *self,
                                              HeraldSenderSlot    *slot,
                                              guint                n);
void      _herald_sender_slot_set_waiting    (HeraldSender        *self,
                                              HeraldSenderSlot    *slot,
                                              gint64               until);
gboolean  _herald_sender_slot_others_go      (HeraldSender        *self,
                                              HeraldSenderSlot    *slot);
gboolean  _herald_sender_slot_wait_turn      (HeraldSender        *self,
                                              HeraldSenderSlot    *slot,
                                              HeraldStore         *store,
                                              GError             **error);
gboolean  _herald_sender_give_back           (HeraldSender        *self,
                                              HeraldJournal       *journal,
                                              GPtrArray           *claims,
                                              guint                from,
                                              GError             **error);

G_END_DECLS
