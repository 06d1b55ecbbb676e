/* herald-journal.h — the deliveries table as a sender sees it: leases,
 * claims, the state written before and after each network step, retries
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-campaign.h"
#include "herald-lease.h"
#include "herald-store.h"

G_BEGIN_DECLS

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

/* What a network step came to, as herald_journal_record() writes it. */
typedef struct
{
  HeraldVerdict  verdict;
  guint          code;              /* the server's reply code; 0: none */
  const char    *enhanced;          /* (nullable): its enhanced status code */
  const char    *reply;             /* (nullable): its words */
  gint64         next_attempt_at;   /* deferred: when it is due again */
  const char    *provider_id;       /* (nullable): an HTTP API's id for the message */
} HeraldAttempt;

typedef struct _HeraldJournal HeraldJournal;

/* Where herald_journal_read_recipient() puts the delivery's tracking
 * token among the recipient's fields: a name no template can write. */
#define HERALD_JOURNAL_TRACK_TOKEN_FIELD "\037track-token"


/* @domain is NULL when the count is an account's. */
typedef void (*HeraldSentMinuteFunc) (const char *domain,
                                      gint64      minute,
                                      int         count,
                                      gpointer    user_data);

gboolean    herald_journal_read_sent_minutes (HeraldStore               *store,
                                           gint64                        account_id,
                                           gint64                        since,
                                           HeraldSentMinuteFunc          func,
                                           gpointer                      user_data,
                                           GError                      **error);
gboolean    herald_journal_read_pending   (HeraldStore                  *store,
                                           gint64                        campaign_id,
                                           gint64                       *out_next_due,
                                           gint64                       *out_held,
                                           GError                      **error);



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
                                           gint64                        account_id,
                                           gint64                        now,
                                           gboolean                     *out_ours,
                                           GError                      **error);
gboolean    herald_journal_mark_data_end  (HeraldJournal                *self,
                                           gint64                        delivery_id,
                                           gint64                        now,
                                           gboolean                     *out_ours,
                                           GError                      **error);
gboolean    herald_journal_record         (HeraldJournal                *self,
                                           const HeraldClaim            *claim,
                                           const HeraldAttempt          *attempt,
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
void        herald_journal_tune_coordinator (HeraldStore                *store);
void        herald_journal_make_room      (HeraldStore                  *store);
void        herald_journal_checkpoint     (HeraldStore                  *store,
                                           GMutex                       *write_lock);
gboolean    herald_journal_begin          (HeraldJournal                *self,
                                           GError                      **error);
gboolean    herald_journal_commit         (HeraldJournal                *self,
                                           GError                      **error);
void        herald_journal_rollback       (HeraldJournal                *self);
void        herald_claim_free             (HeraldClaim                  *claim);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldJournal, herald_journal_free)

G_END_DECLS
