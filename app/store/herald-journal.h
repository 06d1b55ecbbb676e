/* herald-journal.h — the deliveries table as a sender sees it: leases,
 * claims, the state written before and after each network step, retries
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-campaign.h"
#include "herald-store.h"

G_BEGIN_DECLS

/* A live sender refreshes its lease this often; a lease that cannot be
 * checked by its process id (another machine or pid namespace) is dead
 * when its heartbeat is older than the timeout. */
#define HERALD_LEASE_HEARTBEAT_SECONDS 5
#define HERALD_LEASE_TIMEOUT_SECONDS   60

/* Where a process runs, as a lease records it. */
typedef struct
{
  char   *boot_id;     /* the kernel's boot id; "" when unknown */
  char   *pid_ns;      /* the pid namespace; "" when unknown */
  gint64  pid;
  gint64  pid_start;   /* start time in clock ticks after boot; -1 unknown */
} HeraldProcessIdentity;

typedef struct
{
  char                  *id;
  gint64                 campaign_id;
  HeraldProcessIdentity  process;
  gint64                 heartbeat_at;
} HeraldLeaseInfo;

/* What a delivery attempt's outcome means for the journal and the sender. */
typedef struct
{
  HeraldDeliveryState state;      /* SENT, DEFERRED, FAILED, UNCERTAIN, or QUEUED (not tried) */
  gboolean            suppress;   /* the address does not exist: suppress as bounced */
  gboolean            slow_down;  /* the server asked us to go slower */
  gboolean            account_fault;    /* stop the campaign: no recipient is to blame */
  gboolean            counts_as_error;  /* toward the consecutive-error pause */
} HeraldVerdict;

/* When to try a temporarily refused message again. */
typedef struct
{
  gint64 first_delay;     /* seconds before the first retry */
  gint64 max_delay;       /* the delay doubles up to this */
  gint64 give_up_after;   /* seconds after the first failed try: then failed */
  double jitter;          /* each delay is spread by ± this fraction */
} HeraldRetryPolicy;

/* A claimed delivery, as the worker needs it. */
typedef struct
{
  gint64               id;
  HeraldDeliveryState  state;   /* queued or deferred */
  gint64  contact_id;     /* 0: the contact was deleted */
  char   *email;
  char   *message_id;
  gint64  attempts;
  gint64  first_attempt_at;
} HeraldClaim;

typedef struct _HeraldJournal HeraldJournal;

const HeraldProcessIdentity *herald_process_identity_self (void);
gint64      herald_process_start_time     (gint64                        pid);
gboolean    herald_lease_is_alive         (const HeraldLeaseInfo        *lease,
                                           const HeraldProcessIdentity  *here,
                                           gint64                        now);

char       *herald_lease_acquire          (HeraldStore                  *store,
                                           gint64                        campaign_id,
                                           GError                      **error);
gboolean    herald_lease_heartbeat        (HeraldStore                  *store,
                                           const char                   *lease_id,
                                           GError                      **error);
gboolean    herald_lease_release          (HeraldStore                  *store,
                                           const char                   *lease_id,
                                           GError                      **error);
gboolean    herald_journal_recover        (HeraldStore                  *store,
                                           guint64                      *out_n_uncertain,
                                           GError                      **error);
gboolean    herald_journal_campaign_has_sender (HeraldStore             *store,
                                           gint64                        campaign_id);

void        herald_retry_policy_init_default (HeraldRetryPolicy         *policy);
gboolean    herald_retry_next_attempt     (const HeraldRetryPolicy      *policy,
                                           gint64                        attempts,
                                           gint64                        first_attempt_at,
                                           gint64                        now,
                                           double                        random01,
                                           gint64                       *out_next);
void        herald_verdict_classify       (int                           outcome_kind,
                                           guint                         code,
                                           const char                   *enhanced,
                                           HeraldVerdict                *out_verdict);

/* One per worker thread, on the worker's own connection. */
HeraldJournal *herald_journal_new         (HeraldStore                  *store,
                                           const char                   *lease_id,
                                           gint64                        campaign_id,
                                           gint64                        list_id,
                                           gboolean                      durable_claims,
                                           GError                      **error);
void        herald_journal_free           (HeraldJournal                *self);
gboolean    herald_journal_claim          (HeraldJournal                *self,
                                           guint                         max,
                                           gint64                        now,
                                           GPtrArray                    *out_claims,
                                           GError                      **error);
gboolean    herald_journal_read_recipient (HeraldJournal                *self,
                                           const HeraldClaim            *claim,
                                           GHashTable                   *out_fields,
                                           char                        **out_excluded,
                                           GError                      **error);
gboolean    herald_journal_mark_sending   (HeraldJournal                *self,
                                           gint64                        delivery_id,
                                           gint64                        now,
                                           gboolean                     *out_ours,
                                           GError                      **error);
gboolean    herald_journal_record         (HeraldJournal                *self,
                                           const HeraldClaim            *claim,
                                           const HeraldVerdict          *verdict,
                                           guint                         code,
                                           const char                   *enhanced,
                                           const char                   *reply,
                                           gint64                        next_attempt_at,
                                           gint64                        now,
                                           const char                   *suppress_source,
                                           GError                      **error);
gboolean    herald_journal_unclaim        (HeraldJournal                *self,
                                           gint64                        delivery_id,
                                           gint64                        next_attempt_at,
                                           GError                      **error);
gboolean    herald_journal_skip           (HeraldJournal                *self,
                                           gint64                        delivery_id,
                                           HeraldDeliveryState           state,
                                           const char                   *reason,
                                           gint64                        now,
                                           GError                      **error);
gboolean    herald_journal_unmark_sending (HeraldJournal                *self,
                                           const HeraldClaim            *claim,
                                           GError                      **error);
void        herald_journal_tune_connection (HeraldStore                 *store);
void        herald_journal_checkpoint     (HeraldStore                  *store,
                                           GMutex                       *write_lock);
gboolean    herald_journal_begin          (HeraldJournal                *self,
                                           GError                      **error);
gboolean    herald_journal_commit         (HeraldJournal                *self,
                                           GError                      **error);
void        herald_journal_rollback       (HeraldJournal                *self);
void        herald_claim_free             (HeraldClaim                  *claim);
void        herald_lease_info_clear       (HeraldLeaseInfo              *lease);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldJournal, herald_journal_free)

G_END_DECLS
