/* herald-due.h — due work: scheduled campaigns (and, beside them, any
 * other kind of work that falls due), for `herald-cli run-due` and the
 * open window alike
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-campaign.h"
#include "herald-sender.h"

G_BEGIN_DECLS

/* A scheduled campaign whose time passed by more than this while nothing
 * ran it is late: it follows its rule (send, skip) or waits for the user. */
#define HERALD_DUE_GRACE_SECONDS (15 * 60)

typedef enum
{
  HERALD_DUE_NOT_YET,     /* its time has not come */
  HERALD_DUE_GO,          /* on time (within the grace), late with "send", or started */
  HERALD_DUE_SKIP_LATE,   /* late with "skip" */
  HERALD_DUE_ASK,         /* late with no rule: the user decides */
} HeraldDueVerdict;

typedef enum
{
  HERALD_DUE_DONE,             /* everything of it is sent (or failed, uncertain, skipped) */
  HERALD_DUE_STOPPED,          /* stopped before its end: see status and reason */
  HERALD_DUE_SKIPPED_LATE,     /* late, skipped by its rule; kept to send by hand */
  HERALD_DUE_WAITING,          /* late, waiting for the user's decision */
  HERALD_DUE_FAILED,           /* could not start; see reason */
} HeraldDueOutcome;

typedef struct
{
  char               *kind;        /* "campaign" */
  char               *name;
  gint64              id;
  gint64              due_at;      /* Unix seconds */
  HeraldDueOutcome    outcome;
  HeraldSenderStatus  status;      /* the sender's end, when one ran */
  guint64             sent_now;
  gint64              wait_until;  /* POSTPONED: when it can go on */
  char               *reason;      /* nullable */
} HeraldDueItem;

HeraldDueVerdict  herald_due_classify         (const HeraldCampaignInfo   *info,
                                               gint64                      now);
const char       *herald_due_outcome_to_string (HeraldDueOutcome          outcome);
GPtrArray        *herald_due_run              (const char                 *db_path,
                                               const HeraldSenderOptions  *options,
                                               GCancellable               *cancellable,
                                               GError                    **error);
GPtrArray        *herald_due_list_waiting     (HeraldStore                *store,
                                               gint64                      now,
                                               GError                    **error);
gboolean          herald_due_decide           (HeraldStore                *store,
                                               gint64                      campaign_id,
                                               gboolean                    send,
                                               GError                    **error);
void              herald_due_item_free        (HeraldDueItem              *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldDueItem, herald_due_item_free)

G_END_DECLS
