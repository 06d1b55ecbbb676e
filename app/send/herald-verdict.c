/* herald-verdict.c — what a transport's outcome means for a delivery, and
 * when to try a deferred one again
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-verdict"

#include "config.h"

#include <string.h>

#include "herald-transport.h"
#include "herald-verdict.h"

/**
 * herald_retry_policy_init_default:
 *
 * 5 minutes, doubling to 4 hours, giving up 2 days after the first
 * failed try, each delay spread by ±20 % so that many deferred messages
 * do not all come back in the same second.
 */
void
herald_retry_policy_init_default (HeraldRetryPolicy *policy)
{
  policy->first_delay = 5 * 60;
  policy->max_delay = 4 * 60 * 60;
  policy->give_up_after = 2 * 24 * 60 * 60;
  policy->jitter = 0.2;
}

/**
 * herald_retry_next_attempt:
 * @attempts: tries made so far, the one that just failed included (≥ 1)
 * @first_attempt_at: the first failed try (Unix seconds); 0 means @now
 * @random01: a random number in [0, 1), for the jitter
 * @out_next: (out): when to try again (Unix seconds)
 *
 * Returns: %FALSE when it is time to give up: the delivery fails
 */
gboolean
herald_retry_next_attempt (const HeraldRetryPolicy *policy,
                           gint64                   attempts,
                           gint64                   first_attempt_at,
                           gint64                   now,
                           double                   random01,
                           gint64                  *out_next)
{
  double delay = MAX (1, policy->first_delay);
  gint64 deadline;

  if (first_attempt_at <= 0)
    first_attempt_at = now;
  deadline = first_attempt_at + policy->give_up_after;
  if (now >= deadline)
    return FALSE;
  for (gint64 i = 1; i < attempts && delay < policy->max_delay; i++)
    delay *= 2;
  delay = MIN (delay, (double) MAX (policy->max_delay, 1));
  delay *= 1.0 + policy->jitter * (2.0 * random01 - 1.0);
  /* The last try comes at the deadline, not after it. */
  *out_next = MIN (now + MAX (1, (gint64) delay), deadline);
  return TRUE;
}

static gboolean
enhanced_is (const char *enhanced,
             const char *prefix)
{
  return enhanced != NULL && g_str_has_prefix (enhanced, prefix);
}

/**
 * herald_verdict_classify:
 * @outcome_kind: a #HeraldOutcomeKind
 * @code: the SMTP reply code (0: none)
 * @enhanced: (nullable): the enhanced status code, e.g. "5.1.1"
 *
 * Maps a transport outcome to what the journal records and what the
 * sender does (ARCHITECTURE.md, "A delivery's life").
 */
void
herald_verdict_classify (int            outcome_kind,
                         guint          code,
                         const char    *enhanced,
                         HeraldVerdict *out)
{
  memset (out, 0, sizeof *out);
  switch (outcome_kind)
    {
    case HERALD_OUTCOME_ACCEPTED:
      out->state = HERALD_DELIVERY_SENT;
      break;

    case HERALD_OUTCOME_TEMPORARY:
      out->state = HERALD_DELIVERY_DEFERRED;
      out->counts_as_error = TRUE;
      /* 421: the server closes on us, typically for rate; 4.7.x: policy,
       * e.g. "too many messages, slow down". */
      out->slow_down = code == 421 || enhanced_is (enhanced, "4.7.");
      break;

    case HERALD_OUTCOME_PERMANENT:
      if (enhanced_is (enhanced, "5.7."))
        {
          /* A policy block (relay denied, not authorised, blocked for
           * spam): the account's trouble, not this recipient's. */
          out->state = HERALD_DELIVERY_QUEUED;
          out->account_fault = TRUE;
          break;
        }
      out->state = HERALD_DELIVERY_FAILED;
      /* 5.1.1 bad mailbox, 5.1.0 other address status, 5.1.10 null MX:
       * the address does not exist, so never mail it again. */
      out->suppress = enhanced_is (enhanced, "5.1.1") || enhanced_is (enhanced, "5.1.0");
      /* A mailbox that does not exist is about the recipient; any other
       * refusal, many times in a row, says something is wrong with us. */
      out->counts_as_error = !enhanced_is (enhanced, "5.1.") && !enhanced_is (enhanced, "5.2.");
      break;

    case HERALD_OUTCOME_UNKNOWN:
      out->state = HERALD_DELIVERY_UNCERTAIN;
      out->counts_as_error = TRUE;
      break;

    case HERALD_OUTCOME_ACCOUNT_FAULT:
    default:
      out->state = HERALD_DELIVERY_QUEUED;
      out->account_fault = TRUE;
      break;
    }
}
