/* herald-sender-private.h — what the sender's coordinator and workers share
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-account.h"
#include "herald-merge.h"
#include "herald-pacer.h"
#include "herald-sender.h"

G_BEGIN_DECLS

/* A recipient domain that is held back longer than this gives its message
 * back to the queue, so that one slow domain does not hold up the rest. */
#define HERALD_SENDER_DOMAIN_HOLD_US  (2 * G_USEC_PER_SEC)
#define HERALD_SENDER_IDLE_POLL_US    (G_USEC_PER_SEC / 2)

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
  HeraldAccount        *account;
  char                 *password;
  HeraldMerge          *merge;
  HeraldPacer          *pacer;
  char                 *lease_id;
  char                 *env_from;
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
  guint                 consecutive_errors;
  gboolean              changed;
  GMutex                write_lock;    /* one worker writes to the journal at a time */

  /* Signed-in accounts (herald-sender-oauth.c): under oauth_lock, the
   * refresh token and the access token (in password) with its expiry. */
  GMutex                oauth_lock;
  char                 *refresh_token;
  gint64                token_expires_at;  /* Unix seconds */
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

typedef struct
{
  HeraldSender *sender;
  guint         index;
  GThread      *thread;
} HeraldSenderWorker;

void      _herald_sender_request_stop_locked (HeraldSender        *self,
                                              HeraldSenderStatus   status,
                                              const char          *reason);
void      _herald_sender_request_stop        (HeraldSender        *self,
                                              HeraldSenderStatus   status,
                                              const char          *reason);
gboolean  _herald_sender_is_stopping         (HeraldSender        *self);
gboolean  _herald_sender_sign_in             (HeraldSender        *self,
                                              GError             **error);
gboolean  _herald_sender_token_expired       (HeraldSender        *self);
char     *_herald_sender_dup_access_token    (HeraldSender        *self,
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

G_END_DECLS
