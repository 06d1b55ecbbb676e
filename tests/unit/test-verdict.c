/* test-verdict.c — what a delivery attempt's outcome means: the retry
 * schedule, and the verdict on each kind of server reply
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "herald-test-fixture.h"
#include "herald-transport.h"
#include "herald-verdict.h"

static void
test_retry_schedule (void)
{
  HeraldRetryPolicy policy;
  const gint64 first = 1800000000;
  gint64 now = first, next = 0;
  gint64 expected[] = { 300, 600, 1200, 2400, 4800, 9600, 14400, 14400 };
  guint tries = 0;

  herald_retry_policy_init_default (&policy);
  /* random01 = 0.5: no jitter. */
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_true (herald_retry_next_attempt (&policy, i + 1, first, now, 0.5, &next));
      g_assert_cmpint (next - now, ==, expected[i]);
      now = next;
    }
  /* Jitter: ±20 %. */
  g_assert_true (herald_retry_next_attempt (&policy, 1, first, first, 0.0, &next));
  g_assert_cmpint (next - first, ==, 240);
  g_assert_true (herald_retry_next_attempt (&policy, 1, first, first, 0.999999, &next));
  g_assert_cmpint (next - first, ==, 359);

  /* It gives up two days after the first failure; the last try comes at
   * the deadline. */
  now = first;
  while (herald_retry_next_attempt (&policy, ++tries, first, now, 0.5, &next))
    {
      g_assert_cmpint (next, <=, first + 2 * 86400);
      now = next;
    }
  g_assert_cmpint (now, ==, first + 2 * 86400);
  g_assert_cmpuint (tries, >, 10);
  g_assert_cmpuint (tries, <, 25);
}

static void
test_classify (void)
{
  struct {
    int kind; guint code; const char *enhanced;
    HeraldDeliveryState state; gboolean suppress, slow, fault, error;
  } cases[] = {
    { HERALD_OUTCOME_ACCEPTED, 250, "2.0.0", HERALD_DELIVERY_SENT, FALSE, FALSE, FALSE, FALSE },
    { HERALD_OUTCOME_TEMPORARY, 421, "4.7.0", HERALD_DELIVERY_DEFERRED, FALSE, TRUE, FALSE, TRUE },
    { HERALD_OUTCOME_TEMPORARY, 421, NULL, HERALD_DELIVERY_DEFERRED, FALSE, TRUE, FALSE, TRUE },
    { HERALD_OUTCOME_TEMPORARY, 451, "4.7.1", HERALD_DELIVERY_DEFERRED, FALSE, TRUE, FALSE, TRUE },
    { HERALD_OUTCOME_TEMPORARY, 451, "4.3.0", HERALD_DELIVERY_DEFERRED, FALSE, FALSE, FALSE, TRUE },
    { HERALD_OUTCOME_TEMPORARY, 452, "4.2.2", HERALD_DELIVERY_DEFERRED, FALSE, FALSE, FALSE, TRUE },
    { HERALD_OUTCOME_TEMPORARY, 0, NULL, HERALD_DELIVERY_DEFERRED, FALSE, FALSE, FALSE, TRUE },
    { HERALD_OUTCOME_PERMANENT, 550, "5.1.1", HERALD_DELIVERY_FAILED, TRUE, FALSE, FALSE, FALSE },
    { HERALD_OUTCOME_PERMANENT, 550, "5.1.0", HERALD_DELIVERY_FAILED, TRUE, FALSE, FALSE, FALSE },
    { HERALD_OUTCOME_PERMANENT, 552, "5.2.2", HERALD_DELIVERY_FAILED, FALSE, FALSE, FALSE, FALSE },
    { HERALD_OUTCOME_PERMANENT, 554, "5.6.0", HERALD_DELIVERY_FAILED, FALSE, FALSE, FALSE, TRUE },
    { HERALD_OUTCOME_PERMANENT, 554, "5.7.1", HERALD_DELIVERY_QUEUED, FALSE, FALSE, TRUE, FALSE },
    { HERALD_OUTCOME_UNKNOWN, 0, NULL, HERALD_DELIVERY_UNCERTAIN, FALSE, FALSE, FALSE, TRUE },
    { HERALD_OUTCOME_ACCOUNT_FAULT, 535, "5.7.8", HERALD_DELIVERY_QUEUED, FALSE, FALSE, TRUE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      HeraldVerdict v;

      herald_verdict_classify (cases[i].kind, cases[i].code, cases[i].enhanced, &v);
      g_test_message ("case %u: %u %s", i, cases[i].code, cases[i].enhanced != NULL ? cases[i].enhanced : "-");
      g_assert_cmpint (v.state, ==, cases[i].state);
      g_assert_cmpint (v.suppress, ==, cases[i].suppress);
      g_assert_cmpint (v.slow_down, ==, cases[i].slow);
      g_assert_cmpint (v.account_fault, ==, cases[i].fault);
      g_assert_cmpint (v.counts_as_error, ==, cases[i].error);
    }
}

int
main (int    argc,
      char **argv)
{
  herald_test_init (&argc, &argv);

  g_test_add_func ("/retry/schedule", test_retry_schedule);
  g_test_add_func ("/verdict/classify", test_classify);

  return g_test_run ();
}
