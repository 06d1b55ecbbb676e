/* herald-segment.h — part of a list, chosen by conditions
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

#define HERALD_SEGMENT_ERROR (herald_segment_error_quark ())
GQuark herald_segment_error_quark (void);

typedef enum
{
  HERALD_SEGMENT_ERROR_INVALID,     /* a condition that cannot be read or used */
  HERALD_SEGMENT_ERROR_NOT_FOUND,
  HERALD_SEGMENT_ERROR_EXISTS,
} HeraldSegmentError;

typedef enum
{
  HERALD_SEGMENT_OP_EQUALS,
  HERALD_SEGMENT_OP_NOT_EQUALS,
  HERALD_SEGMENT_OP_CONTAINS,
  HERALD_SEGMENT_OP_STARTS_WITH,
  HERALD_SEGMENT_OP_EMPTY,
  HERALD_SEGMENT_OP_NOT_EMPTY,
  HERALD_SEGMENT_OP_BEFORE,
  HERALD_SEGMENT_OP_AFTER,
  HERALD_SEGMENT_OP_IN,
} HeraldSegmentOp;

/* Fields every contact has besides its list's own, by these names. */
#define HERALD_SEGMENT_FIELD_EMAIL        "email"
#define HERALD_SEGMENT_FIELD_SUBSCRIPTION "subscription"   /* subscribed, unsubscribed */
#define HERALD_SEGMENT_FIELD_SUPPRESSION  "suppression"    /* "", bounced, unsubscribed, complaint, manual */
#define HERALD_SEGMENT_FIELD_JOINED       "joined"         /* the day the contact joined the list */
#define HERALD_SEGMENT_FIELD_CONSENT      "consent"        /* given, declined, unknown (herald-consent.h) */
#define HERALD_SEGMENT_FIELD_CONSENT_AT   "consent_at"     /* the day they agreed, or "" */

typedef struct
{
  char            *field;
  HeraldSegmentOp  op;
  char            *value;    /* NULL for empty and not-empty; before/after: YYYY-MM-DD */
} HeraldSegmentCondition;

typedef struct
{
  gint64     id;             /* 0 until saved */
  char      *name;
  gint64     list_id;
  char      *list_name;      /* when read from the store */
  gboolean   match_any;      /* any condition, rather than all */
  GPtrArray *conditions;     /* of HeraldSegmentCondition */
} HeraldSegment;

const char    *herald_segment_op_to_string    (HeraldSegmentOp       op);
gboolean       herald_segment_op_from_string  (const char           *text,
                                               HeraldSegmentOp      *out);

HeraldSegment *herald_segment_new             (const char           *name,
                                               gint64                list_id,
                                               gboolean              match_any);
void           herald_segment_free            (HeraldSegment        *segment);
gboolean       herald_segment_add_condition   (HeraldSegment        *segment,
                                               const char           *field,
                                               HeraldSegmentOp       op,
                                               const char           *value,
                                               GError              **error);
gboolean       herald_segment_add_condition_text (HeraldSegment     *segment,
                                               const char           *text,
                                               GError              **error);
char          *herald_segment_describe        (const HeraldSegment  *segment);

gint64         herald_segment_count           (HeraldStore          *store,
                                               const HeraldSegment  *segment,
                                               GError              **error);
gint64         herald_segment_save            (HeraldStore          *store,
                                               const HeraldSegment  *segment,
                                               GError              **error);
HeraldSegment *herald_segment_find            (HeraldStore          *store,
                                               const char           *name,
                                               GError              **error);
GPtrArray     *herald_segment_list            (HeraldStore          *store,
                                               GError              **error);
gboolean       herald_segment_remove          (HeraldStore          *store,
                                               const char           *name,
                                               GError              **error);
gboolean       herald_segment_update          (HeraldStore          *store,
                                               gint64                id,
                                               const HeraldSegment  *segment,
                                               GError              **error);
GStrv          herald_segment_dup_waiting_campaigns (HeraldStore    *store,
                                               const char           *name,
                                               GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldSegment, herald_segment_free)

G_END_DECLS
