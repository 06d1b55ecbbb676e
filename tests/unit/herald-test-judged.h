/* herald-test-judged.h — what the tests of the HTTP API providers' judges
 * (test-ses.c, test-mailgun.c) share: an answer's outcome and the verdict
 * the journal would draw from it
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-transport.h"
#include "herald-verdict.h"

G_BEGIN_DECLS

typedef struct
{
  HeraldOutcome outcome;  /* what the provider's judge made of the answer */
  HeraldVerdict verdict;  /* herald_verdict_classify() on @outcome */
} HeraldTestJudged;

/* Fills judged->verdict from judged->outcome, as the journal classifies it. */
static inline void
herald_test_classify (HeraldTestJudged *judged)
{
  herald_verdict_classify (judged->outcome.kind, judged->outcome.code, judged->outcome.enhanced,
                           &judged->verdict);
}

G_END_DECLS
