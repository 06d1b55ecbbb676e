/* test-mailgun.c — what Mailgun's answers mean for a delivery
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * herald_mailgun_judge() over the answers Mailgun gives (JSON, and the
 * plain-text "Forbidden"), each carried through herald_verdict_classify()
 * to the state the journal would write.
 */
#include "config.h"

#include <string.h>

#include "herald-mailgun.h"
#include "herald-test-judged.h"

static void
judge (guint             status,
       const char       *body,
       HeraldTestJudged *out)
{
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;

  memset (out, 0, sizeof *out);
  herald_mailgun_judge (status, bytes, "mg.example.jp", "taro@example.jp", &out->outcome);
  herald_test_classify (out);
}

static void
test_answers (void)
{
  static const struct {
    guint status; const char *body; HeraldDeliveryState state; gboolean slow; gboolean fault; int why;
  } cases[] = {
    { 200, "{\"id\":\"<1.2@mg.example.jp>\",\"message\":\"Queued. Thank you.\"}", HERALD_DELIVERY_SENT, FALSE, FALSE, 0 },
    { 429, "{\"message\":\"Too many requests\"}", HERALD_DELIVERY_DEFERRED, TRUE, FALSE, 0 },
    { 500, "{\"message\":\"Internal error\"}", HERALD_DELIVERY_DEFERRED, FALSE, FALSE, 0 },
    { 503, NULL, HERALD_DELIVERY_DEFERRED, FALSE, FALSE, 0 },
    { 401, "Forbidden", HERALD_DELIVERY_QUEUED, FALSE, TRUE, HERALD_TRANSPORT_ERROR_AUTH },
    { 402, "{\"message\":\"Domain mg.example.jp is not allowed to send: Free accounts are for test purposes only\"}",
      HERALD_DELIVERY_QUEUED, FALSE, TRUE, HERALD_TRANSPORT_ERROR_REFUSED },
    { 404, "{\"message\":\"Domain not found: mg.example.jp\"}", HERALD_DELIVERY_QUEUED, FALSE, TRUE, HERALD_TRANSPORT_ERROR_CONFIG },
    { 400, "{\"message\":\"to parameter is not a valid address: taro@example.jp\"}", HERALD_DELIVERY_FAILED, FALSE, FALSE, 0 },
    { 400, "{\"message\":\"Message too large\"}", HERALD_DELIVERY_FAILED, FALSE, FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      HeraldTestJudged j;

      judge (cases[i].status, cases[i].body, &j);
      g_assert_cmpint (j.verdict.state, ==, cases[i].state);
      g_assert_cmpint (j.verdict.slow_down, ==, cases[i].slow);
      g_assert_cmpint (j.verdict.account_fault, ==, cases[i].fault);
      if (cases[i].fault)
        g_assert_cmpint (j.outcome.fault, ==, cases[i].why);
      g_assert_cmpint (j.outcome.code, ==, (int) cases[i].status);
      herald_outcome_clear (&j.outcome);
    }
}

static void
test_id_and_words (void)
{
  HeraldTestJudged j;

  judge (200, "{\"id\":\"<20261206.1@mg.example.jp>\",\"message\":\"Queued. Thank you.\"}", &j);
  g_assert_cmpstr (j.outcome.provider_id, ==, "<20261206.1@mg.example.jp>");
  g_assert_cmpstr (j.outcome.reply, ==, "HTTP 200 id: <20261206.1@mg.example.jp>");
  herald_outcome_clear (&j.outcome);

  judge (401, "Forbidden", &j);
  g_assert_cmpstr (j.outcome.reply, ==, "HTTP 401 Forbidden");
  herald_outcome_clear (&j.outcome);

  judge (400, "{\"message\":\"to parameter is not a valid address: TARO@example.jp\"}", &j);
  g_assert_cmpstr (j.outcome.message, ==, "Mailgun refused this recipient.");
  herald_outcome_clear (&j.outcome);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mailgun/answers", test_answers);
  g_test_add_func ("/mailgun/id-and-words", test_id_and_words);
  return g_test_run ();
}
