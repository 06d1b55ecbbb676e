/* herald-sender-worker-private.h — a sending worker's state, shared by
 * herald-sender-worker.c (claiming, writing, delivering) and
 * herald-sender-gate.c (waiting, connecting, judging)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-journal.h"
#include "herald-sender-private.h"
#include "herald-transport.h"

G_BEGIN_DECLS

typedef struct _ComposeJob ComposeJob;
typedef struct _SyncJob    SyncJob;

/* An outcome decided but not yet written. */
typedef struct
{
  gboolean       set;
  HeraldClaim    claim;         /* a copy: the batch may go first */
  HeraldVerdict  verdict;
  int            code;
  char           enhanced[16];
  char          *words;
  gint64         next;
  char          *provider_id;   /* an HTTP API's id for the message */
} Outcome;

/* Claimed deliveries, with their messages being rendered. */
typedef struct
{
  GPtrArray        *claims;       /* HeraldClaim */
  GPtrArray        *jobs;         /* ComposeJob, aligned with claims */
  SyncJob          *sync;         /* nullable: the claim's fsync */
  guint             next;
} Batch;

typedef struct
{
  HeraldSender     *sender;
  HeraldSenderSlot *slot;         /* the account this worker sends through */
  guint             claim_max;    /* the most it claims at once */
  HeraldStore      *store;
  HeraldJournal    *journal;
  HeraldTransport  *transport;
  Batch             current;
  Batch             ahead;        /* claimed before the current one ends */
  Outcome           pending;
  HeraldClaim      *in_flight;    /* the delivery the transport is sending */
  gboolean          data_end_refused;   /* its end of data was not to go */
  char             *bearer;       /* a signed-in account: the access token the transport has */
} WorkerRun;

typedef enum
{
  PACED_GO,      /* may go now */
  PACED_HOLD,    /* held back for long: give the delivery back, due at ready */
  PACED_STOP,    /* the sender stops (or postpones) */
} Paced;

gboolean _herald_worker_on_data_end    (gpointer      user_data);
gboolean _herald_worker_flush_pending  (WorkerRun    *run);
Paced    _herald_worker_wait_for_pacer (WorkerRun    *run,
                                        HeraldClaim  *claim,
                                        gboolean      take,
                                        gint64       *out_ready);
gboolean _herald_worker_take_access_token (WorkerRun    *run,
                                            const char   *refused,
                                            GError      **error);
gboolean _herald_worker_ensure_open    (WorkerRun    *run,
                                        gboolean     *out_later);
void     _herald_worker_judge          (WorkerRun           *run,
                                        HeraldClaim         *claim,
                                        const HeraldOutcome *outcome);

G_END_DECLS
