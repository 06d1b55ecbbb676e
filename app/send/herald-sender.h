/* herald-sender.h — sending a campaign from background threads
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A HeraldSender runs one campaign: a coordinator thread and one worker
 * thread per SMTP connection, each worker with its own database connection
 * and transport, all sharing one pacer. Nothing here touches GTK. Progress
 * and the end are reported as signals emitted in the GMainContext that was
 * the thread default when herald_sender_start() was called, coalesced to
 * a few a second.
 *
 * The campaign's deliveries are the truth (ARCHITECTURE.md, "The rules":
 * the database is the truth); a sender can be killed at any instant and a
 * new one picks up where it stopped.
 */
#pragma once

#include <gio/gio.h>

#include "herald-campaign.h"
#include "herald-journal.h"
#include "herald-verdict.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SENDER (herald_sender_get_type ())
G_DECLARE_FINAL_TYPE (HeraldSender, herald_sender, HERALD, SENDER, GObject)

typedef enum
{
  HERALD_SENDER_IDLE,        /* not started */
  HERALD_SENDER_RUNNING,
  HERALD_SENDER_WAITING,     /* running, nothing due before wait_until (pacing, retries) */
  /* The end, as "finished" reports it: */
  HERALD_SENDER_DONE,        /* nothing left: every delivery sent, failed, uncertain or skipped */
  HERALD_SENDER_PAUSED,      /* by the user, here or in another process */
  HERALD_SENDER_FAULT,       /* paused by a campaign-wide fault; see reason */
  HERALD_SENDER_CANCELLED,
  HERALD_SENDER_STOPPED,     /* herald_sender_stop(): the campaign stays sending, to resume */
  HERALD_SENDER_POSTPONED,   /* the next due delivery is later than max_wait; see wait_until */
  HERALD_SENDER_FAILED,      /* an error of Herald's own (database, …); see reason */
} HeraldSenderStatus;

typedef struct
{
  gint64              campaign_id;
  HeraldSenderStatus  status;
  guint64             counts[HERALD_DELIVERY_N_STATES];
  guint64             total;
  guint64             sent_now;       /* sent by this sender */
  double              rate;           /* messages a second, last ~10 seconds */
  gint64              eta_seconds;    /* -1: unknown */
  gint64              wait_until;     /* Unix seconds, when WAITING or POSTPONED; else 0 */
  guint               connections;    /* workers running */
  const char         *reason;         /* nullable: why it paused, stopped or failed */
} HeraldSenderProgress;

typedef struct
{
  guint              connections;            /* 0: the account's setting */
  HeraldRetryPolicy  retry;
  guint              max_consecutive_errors; /* pause after this many in a row */
  gint64             max_wait;               /* seconds; longer waits end with POSTPONED; -1: wait */
  guint              claim_batch;            /* deliveries a worker claims at once */
  gboolean           durable_claims;         /* fsync each claim: see herald-journal.c */
  double             progress_interval;      /* seconds between progress signals */
  guint              response_timeout;       /* seconds for each server reply; 0: the account's */
  guint              connect_timeout;        /* seconds; 0: the account's */
} HeraldSenderOptions;

void                 herald_sender_options_init   (HeraldSenderOptions        *options);

HeraldSender        *herald_sender_new            (const char                 *db_path,
                                                   gint64                      campaign_id,
                                                   const HeraldSenderOptions  *options);
gboolean             herald_sender_start          (HeraldSender               *self,
                                                   GError                    **error);
void                 herald_sender_pause          (HeraldSender               *self);
void                 herald_sender_cancel         (HeraldSender               *self);
void                 herald_sender_stop           (HeraldSender               *self);
gboolean             herald_sender_is_running     (HeraldSender               *self);
gint64               herald_sender_get_campaign_id (HeraldSender              *self);
const HeraldSenderProgress *
                     herald_sender_get_progress   (HeraldSender               *self);
HeraldSenderStatus   herald_sender_get_status     (HeraldSender               *self);
const char          *herald_sender_get_reason     (HeraldSender               *self);

const char          *herald_sender_status_to_string (HeraldSenderStatus        status);

G_END_DECLS
