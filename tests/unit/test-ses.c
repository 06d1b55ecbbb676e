/* test-ses.c — what Amazon SES's answers mean for a delivery
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * herald_ses_judge() over the answers SES gives (their shapes as SES's
 * API reference documents them), each carried through
 * herald_verdict_classify() to the state the journal would write.
 */
#include "config.h"

#include <string.h>

#include "herald-ses.h"
#include "herald-test-judged.h"

static void
judge (guint             status,
       const char       *type,
       const char       *body,
       HeraldTestJudged *out)
{
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;

  memset (out, 0, sizeof *out);
  herald_ses_judge (status, type, bytes, "eu-west-1", "shop@example.jp", "taro@example.jp", &out->outcome);
  herald_test_classify (out);
}

static void
test_accepted (void)
{
  HeraldTestJudged j;

  judge (200, NULL, "{\"MessageId\":\"0100018c-abc\"}", &j);
  g_assert_cmpint (j.outcome.kind, ==, HERALD_OUTCOME_ACCEPTED);
  g_assert_cmpint (j.verdict.state, ==, HERALD_DELIVERY_SENT);
  g_assert_cmpstr (j.outcome.provider_id, ==, "0100018c-abc");
  g_assert_cmpstr (j.outcome.reply, ==, "HTTP 200 MessageId: 0100018c-abc");
  herald_outcome_clear (&j.outcome);
}

static void
test_slow_down (void)
{
  HeraldTestJudged j;

  judge (429, "TooManyRequestsException:http://internal.amazon.com/coral/", "{\"message\":\"Maximum sending rate exceeded.\"}", &j);
  g_assert_cmpint (j.verdict.state, ==, HERALD_DELIVERY_DEFERRED);
  g_assert_true (j.verdict.slow_down);
  g_assert_cmpstr (j.outcome.reply, ==, "HTTP 429 TooManyRequestsException: Maximum sending rate exceeded.");
  herald_outcome_clear (&j.outcome);

  /* SES's older throttling answer: 400 with the type in the body */
  judge (400, NULL, "{\"__type\":\"com.amazonaws#ThrottlingException\",\"message\":\"Rate exceeded\"}", &j);
  g_assert_cmpint (j.verdict.state, ==, HERALD_DELIVERY_DEFERRED);
  g_assert_true (j.verdict.slow_down);
  herald_outcome_clear (&j.outcome);
}

static void
test_server_errors (void)
{
  HeraldTestJudged j;

  for (guint status = 500; status <= 504; status++)
    {
      judge (status, "InternalFailure", "{\"message\":\"oops\"}", &j);
      g_assert_cmpint (j.verdict.state, ==, HERALD_DELIVERY_DEFERRED);
      g_assert_false (j.verdict.slow_down);
      g_assert_false (j.verdict.account_fault);
      herald_outcome_clear (&j.outcome);
    }
  /* No body at all, or one that is not JSON */
  judge (503, NULL, "<html>Service Unavailable</html>", &j);
  g_assert_cmpint (j.verdict.state, ==, HERALD_DELIVERY_DEFERRED);
  herald_outcome_clear (&j.outcome);
}

static void
test_account_faults (void)
{
  static const struct { guint status; const char *type; const char *message; int fault; } cases[] = {
    { 403, "SignatureDoesNotMatch", "The request signature we calculated does not match", HERALD_TRANSPORT_ERROR_AUTH },
    { 403, "UnrecognizedClientException", "The security token included in the request is invalid.", HERALD_TRANSPORT_ERROR_AUTH },
    { 400, "InvalidSignatureException", "Signature expired", HERALD_TRANSPORT_ERROR_AUTH },
    { 400, "LimitExceededException", "Daily message quota exceeded.", HERALD_TRANSPORT_ERROR_REFUSED },
    { 400, "SendingPausedException", "Sending is paused for this account.", HERALD_TRANSPORT_ERROR_REFUSED },
    { 400, "MessageRejected", "Email address is not verified. The following identities failed the check in region EU-WEST-1: shop@example.jp", HERALD_TRANSPORT_ERROR_REFUSED },
    { 404, "NotFoundException", "Not found", HERALD_TRANSPORT_ERROR_CONFIG },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"message\":\"%s\"}", cases[i].message);
      HeraldTestJudged j;

      judge (cases[i].status, cases[i].type, body, &j);
      g_assert_cmpint (j.outcome.kind, ==, HERALD_OUTCOME_ACCOUNT_FAULT);
      g_assert_cmpint (j.outcome.fault, ==, cases[i].fault);
      g_assert_true (j.verdict.account_fault);
      g_assert_cmpint (j.verdict.state, ==, HERALD_DELIVERY_QUEUED);
      g_assert_nonnull (strstr (j.outcome.reply, cases[i].type));
      herald_outcome_clear (&j.outcome);
    }
}

static void
test_recipient_and_message (void)
{
  HeraldTestJudged j;

  judge (400, "BadRequestException", "{\"message\":\"Illegal address: TARO@example.jp\"}", &j);
  g_assert_cmpint (j.outcome.kind, ==, HERALD_OUTCOME_PERMANENT);
  g_assert_cmpint (j.verdict.state, ==, HERALD_DELIVERY_FAILED);
  g_assert_false (j.verdict.account_fault);
  g_assert_cmpstr (j.outcome.message, ==, "Amazon SES refused this recipient.");
  herald_outcome_clear (&j.outcome);

  judge (400, "MessageRejected", "{\"message\":\"Email contains a virus.\"}", &j);
  g_assert_cmpint (j.verdict.state, ==, HERALD_DELIVERY_FAILED);
  g_assert_cmpstr (j.outcome.message, ==, "Amazon SES refused this message.");
  herald_outcome_clear (&j.outcome);
}

static void
test_describe (void)
{
  g_autofree char *long_text = g_strnfill (2000, 'x');
  g_autofree char *a = herald_api_describe (400, "T", "line\r\nbreak\ttab");
  g_autofree char *b = herald_api_describe (500, NULL, NULL);
  g_autofree char *c = herald_api_describe (400, "T", long_text);

  g_assert_cmpstr (a, ==, "HTTP 400 T: line  break tab");
  g_assert_cmpstr (b, ==, "HTTP 500");
  g_assert_cmpuint (strlen (c), <=, 500);
  g_assert_true (g_str_has_suffix (c, "…"));
}

static void
test_account (void)
{
  g_autoptr(GBytes) ok = g_bytes_new_static (
      "{\"ProductionAccessEnabled\":false,\"SendingEnabled\":true,"
      "\"SendQuota\":{\"Max24HourSend\":200.0,\"MaxSendRate\":1.0,\"SentLast24Hours\":3.0}}", 131);
  g_autoptr(GBytes) denied = g_bytes_new_static ("{\"message\":\"not authorized\"}", 28);
  g_autofree char *a = herald_ses_describe_account (200, NULL, ok);
  g_autofree char *b = herald_ses_describe_account (403, "AccessDeniedException:http://x/", denied);
  g_autofree char *c = herald_ses_describe_account (403, "SignatureDoesNotMatch", denied);

  g_assert_cmpstr (a, ==, "sending quota 200 a day at 1 a second, 3 sent in the last 24 hours; "
                          "still in SES’s sandbox: only verified addresses get mail");
  g_assert_cmpstr (b, ==, "the key may send but not read the account’s quota");
  g_assert_null (c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ses/accepted", test_accepted);
  g_test_add_func ("/ses/slow-down", test_slow_down);
  g_test_add_func ("/ses/server-errors", test_server_errors);
  g_test_add_func ("/ses/account-faults", test_account_faults);
  g_test_add_func ("/ses/recipient-and-message", test_recipient_and_message);
  g_test_add_func ("/ses/describe", test_describe);
  g_test_add_func ("/ses/account", test_account);
  return g_test_run ();
}
