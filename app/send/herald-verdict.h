/* herald-verdict.h — what a transport's outcome means for a delivery, and
 * when to try a deferred one again
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-delivery.h"

G_BEGIN_DECLS

/* When to try a temporarily refused message again. */
typedef struct
{
  gint64 first_delay;     /* seconds before the first retry */
  gint64 max_delay;       /* the delay doubles up to this */
  gint64 give_up_after;   /* seconds after the first failed try: then failed */
  double jitter;          /* each delay is spread by ± this fraction */
} HeraldRetryPolicy;

void herald_retry_policy_init_default (HeraldRetryPolicy         *policy);
gboolean    herald_retry_next_attempt     (const HeraldRetryPolicy      *policy,
                                           gint64                        attempts,
                                           gint64                        first_attempt_at,
                                           gint64                        now,
                                           double                        random01,
                                           gint64                       *out_next);
void herald_verdict_classify       (int                           outcome_kind,
                                           guint                         code,
                                           const char                   *enhanced,
                                           HeraldVerdict                *out_verdict);

G_END_DECLS
