/* herald-sequence.h — step mail: sequences, their steps, who is in them
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sequence sends its steps (a template each, a day offset and an
 * optional time of day) to every contact who joins its list from the
 * moment it was made, relative to the day that contact joined. Each step
 * is backed by a campaign of its own: making a step due for a contact
 * adds one delivery to that campaign, and the usual sender sends it, with
 * the journal's exactly-once guarantees. Which step went to whom is a row
 * of sequence_sends, whose key (step, contact) makes "once per contact" a
 * fact of the database. herald_sequences_run_due() (app/send) does a run.
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

#define HERALD_SEQUENCE_ERROR (herald_sequence_error_quark ())
GQuark herald_sequence_error_quark (void);

typedef enum
{
  HERALD_SEQUENCE_ERROR_INVALID,
  HERALD_SEQUENCE_ERROR_NOT_FOUND,
  HERALD_SEQUENCE_ERROR_EXISTS,
} HeraldSequenceError;

/* What happens to a step whose time passed while no run happened (the
 * computer was off): see herald_sequence_enqueue_due(). */
typedef enum
{
  HERALD_SEQUENCE_CATCH_UP_SEND,   /* send it late, one step per contact a run, in order */
  HERALD_SEQUENCE_CATCH_UP_SKIP,   /* skip it when more than a day late */
} HeraldSequenceCatchUp;

/* How late a step may be under HERALD_SEQUENCE_CATCH_UP_SKIP. */
#define HERALD_SEQUENCE_SKIP_AFTER_SECONDS (24 * 60 * 60)
/* The least time between two steps to one contact: the next step waits
 * for the previous one's message to be sent, and this long after it was
 * queued, so that two runs at once do not send two steps together. */
#define HERALD_SEQUENCE_STEP_GAP_SECONDS 60

typedef struct
{
  gint64   id;
  guint    position;        /* 1, 2, …: the order steps go in */
  gint64   template_id;
  char    *template_name;
  guint    day;             /* days after the day the contact joined */
  int      at_minute;       /* minutes after local midnight; -1: the time of joining */
  gint64   campaign_id;     /* the deliveries behind this step */
  gint64   created_at;
} HeraldSequenceStep;

typedef struct
{
  gint64                 id;
  char                  *name;
  gint64                 list_id;
  char                  *list_name;
  gint64                 account_id;
  char                  *account_name;
  HeraldSequenceCatchUp  catch_up;
  gint64                 starts_at;       /* contacts who joined after then enter, */
  gint64                 members_before;  /* and those with a list_members.id above this */
  gint64                 created_at;
  GPtrArray             *steps;       /* (element-type HeraldSequenceStep) in order */
} HeraldSequence;

/* A step's deliveries by what became of them. */
typedef struct
{
  guint64 sent;
  guint64 pending;      /* queued, sending or deferred (waiting for a retry) */
  guint64 failed;
  guint64 uncertain;
  guint64 skipped;      /* by the catch-up rule, or not sent because the contact left */
} HeraldSequenceStepCounts;

typedef struct
{
  guint64                   entered;    /* joined the list since the sequence started */
  guint64                   active;     /* entered, neither left nor past the last step */
  guint64                   finished;   /* the last step is theirs (sent, pending or skipped) */
  guint64                   left;       /* unsubscribed, suppressed or bounced before the end */
  guint                     n_steps;
  HeraldSequenceStepCounts *steps;      /* n_steps, in order */
} HeraldSequenceStatus;

/* What one run of herald_sequence_enqueue_due() did. */
typedef struct
{
  guint64 queued;       /* deliveries made */
  guint64 skipped;      /* steps skipped by the catch-up rule */
  guint64 left;         /* contacts who left the sequence */
} HeraldSequenceEnqueued;

/* What a step sends and when: herald_sequence_add_step() and
 * herald_sequence_update_step(). */
typedef struct
{
  const char  *template_name;  /* adding: the template; changing: NULL keeps it */
  guint        day;            /* days after the day a contact joined (0: that day) */
  int          at_minute;      /* local time of day in minutes after midnight, or -1
                                * for the time of day the contact joined */
} HeraldSequenceStepPlan;

const char        *herald_sequence_catch_up_to_string   (HeraldSequenceCatchUp   rule);
gboolean           herald_sequence_catch_up_from_string (const char             *text,
                                                         HeraldSequenceCatchUp  *out);

gint64             herald_sequence_add        (HeraldStore             *store,
                                               const char              *name,
                                               const char              *list_name,
                                               const char              *account_name,
                                               HeraldSequenceCatchUp    catch_up,
                                               GError                 **error);
guint              herald_sequence_add_step   (HeraldStore                   *store,
                                               const char                    *name,
                                               const HeraldSequenceStepPlan  *plan,
                                               GError                       **error);
gboolean           herald_sequence_update_step (HeraldStore                  *store,
                                               const char                    *name,
                                               guint                          position,
                                               const HeraldSequenceStepPlan  *plan,
                                               GError                       **error);
gboolean           herald_sequence_move_step  (HeraldStore             *store,
                                               const char              *name,
                                               guint                    position,
                                               guint                    to,
                                               GError                 **error);
gboolean           herald_sequence_remove_step (HeraldStore            *store,
                                               const char              *name,
                                               guint                    position,
                                               GError                 **error);
HeraldSequence    *herald_sequence_find       (HeraldStore             *store,
                                               const char              *name,
                                               GError                 **error);
GPtrArray         *herald_sequence_list       (HeraldStore             *store,
                                               GError                 **error);
void               herald_sequence_free       (HeraldSequence          *sequence);

HeraldSequenceStatus *herald_sequence_get_status (HeraldStore          *store,
                                               const HeraldSequence    *sequence,
                                               GError                 **error);
void               herald_sequence_status_free (HeraldSequenceStatus   *status);

gboolean           herald_sequence_enqueue_due (HeraldStore            *store,
                                               const HeraldSequence    *sequence,
                                               gint64                   now,
                                               HeraldSequenceEnqueued  *out,
                                               GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldSequence, herald_sequence_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldSequenceStatus, herald_sequence_status_free)

G_END_DECLS
