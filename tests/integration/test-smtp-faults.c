/* test-smtp-faults.c — the SMTP transport against a server that breaks
 * the protocol on purpose (smtp-evil-server.py): classified outcomes,
 * refusals before anything is written, no hang, honest words
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "herald-address.h"
#include "herald-message.h"
#include "herald-smtp.h"
#include "herald-transport.h"
#include "test-smtp-common.h"

static void
test_no_starttls (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  start_evil (&evil, "no-starttls");
  account = make_account (HERALD_SECURITY_STARTTLS, evil.port);
  transport = herald_transport_new_for_account (account, PASSWORD, NULL);
  g_assert_false (herald_transport_open (transport, NULL, &error));
  g_assert_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_TLS);
  g_assert_true (strstr (error->message, "does not offer STARTTLS") != NULL);
  g_clear_pointer (&transport, herald_transport_free);

  log = read_log (&evil);
  g_test_message ("%s", log);
  g_assert_cmpuint (count_lines_with (log, "C: EHLO"), >=, 1);
  g_assert_cmpuint (count_lines_with (log, "C: AUTH"), ==, 0);
  g_assert_cmpuint (count_lines_with (log, "C: MAIL"), ==, 0);
  g_assert_false (strstr (log, PASSWORD) != NULL);
  server_stop (&evil);
}

/* A 454 to STARTTLS: the server cannot start TLS just now. Said as it is
 * (not "does not offer STARTTLS"), and temporary: come back later. */
static void
test_starttls_454 (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  start_evil (&evil, "starttls454");
  account = make_account (HERALD_SECURITY_STARTTLS, evil.port);
  transport = herald_transport_new_for_account (account, PASSWORD, NULL);
  g_assert_false (herald_transport_open (transport, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_LATER);
  g_assert_null (strstr (error->message, "does not offer"));
  g_assert_nonnull (strstr (error->message, "454 4.7.0 TLS not available"));
  g_assert_cmpint (transport->open_outcome.kind, ==, HERALD_OUTCOME_TEMPORARY);
  g_assert_cmpint (transport->open_outcome.code, ==, 454);
  g_assert_cmpstr (transport->open_outcome.enhanced, ==, "4.7.0");
  g_clear_pointer (&transport, herald_transport_free);

  log = read_log (&evil);
  g_assert_cmpuint (count_lines_with (log, "C: STARTTLS"), ==, 1);
  g_assert_cmpuint (count_lines_with (log, "C: AUTH"), ==, 0);
  g_assert_cmpuint (count_lines_with (log, "C: MAIL"), ==, 0);
  server_stop (&evil);
}

/* A 421 greeting: the server is busy; a temporary refusal, not a fault of
 * the account. */
static void
test_greeting_421 (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GError) error = NULL;

  start_evil (&evil, "greet421");
  account = make_account (HERALD_SECURITY_NONE, evil.port);
  transport = herald_transport_new_for_account (account, NULL, NULL);
  g_assert_false (herald_transport_open (transport, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_LATER);
  g_assert_nonnull (strstr (error->message, "421 4.3.2 Try again later"));
  g_assert_cmpint (transport->open_outcome.kind, ==, HERALD_OUTCOME_TEMPORARY);
  g_assert_cmpint (transport->open_outcome.code, ==, 421);
  server_stop (&evil);
}

/* "220 Ready" with a second reply in the same packet, before TLS: a
 * man in the middle's injection. libcurl ≥ 7.79 refuses it
 * (CVE-2021-22947); nothing is sent after STARTTLS in the clear. */
static void
test_starttls_injection (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  const char *after;

  start_evil (&evil, "inject");
  account = make_account (HERALD_SECURITY_STARTTLS, evil.port);
  transport = herald_transport_new_for_account (account, PASSWORD, NULL);
  g_assert_false (herald_transport_open (transport, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_PROTOCOL);
  g_clear_pointer (&transport, herald_transport_free);

  log = read_log (&evil);
  g_test_message ("%s", log);
  after = strstr (log, "C: STARTTLS");
  g_assert_nonnull (after);
  g_assert_null (strstr (after, "C: AUTH"));
  g_assert_null (strstr (after, "C: MAIL"));
  g_assert_null (strstr (after, "C: EHLO"));
  server_stop (&evil);
}

static void
test_stall_greeting (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  start_evil (&evil, "stall-greeting");
  account = make_account (HERALD_SECURITY_NONE, evil.port);
  account->response_timeout = 2;
  transport = herald_transport_new_for_account (account, NULL, NULL);
  start = g_get_monotonic_time ();
  g_assert_false (herald_transport_open (transport, NULL, &error));
  g_assert_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 6 * G_USEC_PER_SEC);
  g_clear_pointer (&transport, herald_transport_free);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
  server_stop (&evil);
}

typedef struct
{
  const char        *mode;
  HeraldOutcomeKind  kind;
  int                code;
  const char        *enhanced;
  int                fault;
  gboolean           big;    /* more than the socket buffers can hold */
} FaultCase;

static GBytes *
big_message (void)
{
  GString *raw = g_string_new ("From: a@example.jp\r\nTo: b@example.com\r\nSubject: big\r\n\r\n");

  while (raw->len < 24 * 1024 * 1024)
    g_string_append (raw, "0123456789012345678901234567890123456789012345678901234567890123456789\r\n");
  return g_string_free_to_bytes (raw);
}

static void
test_fault (gconstpointer data)
{
  const FaultCase *fc = data;
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GBytes) message = fc->big ? big_message () : simple_message ("nobody@example.com");
  HeraldOutcome outcome;
  gint64 start;

  start_evil (&evil, fc->mode);
  account = make_account (HERALD_SECURITY_NONE, evil.port);
  account->response_timeout = 2;
  transport = open_transport (account, NULL);
  start = g_get_monotonic_time ();
  herald_transport_send (transport, "bounce@example.jp", "nobody@example.com", message, NULL, &outcome);
  g_test_message ("%s: %s; %s; %s", fc->mode, herald_outcome_kind_to_string (outcome.kind),
                  outcome.reply, outcome.message);
  g_assert_cmpstr (herald_outcome_kind_to_string (outcome.kind), ==, herald_outcome_kind_to_string (fc->kind));
  g_assert_cmpint (outcome.code, ==, fc->code);
  g_assert_cmpstr (outcome.enhanced, ==, fc->enhanced);
  if (fc->kind == HERALD_OUTCOME_ACCOUNT_FAULT)
    g_assert_cmpint (outcome.fault, ==, fc->fault);
  if (fc->kind != HERALD_OUTCOME_ACCEPTED)
    g_assert_nonnull (outcome.message);
  herald_outcome_clear (&outcome);
  /* A reply timeout of 2 s waits 2 s: not 2 more for the QUIT libcurl
   * says on the connection that timed out. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3500 * 1000);

  /* Closing never hangs either, whatever state the server is in. */
  start = g_get_monotonic_time ();
  herald_transport_close (transport);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
  server_stop (&evil);
}

static void
test_dot554_keeps_whole_reply (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GBytes) message = simple_message ("x@example.com");
  HeraldOutcome outcome;

  start_evil (&evil, "dot554");
  account = make_account (HERALD_SECURITY_NONE, evil.port);
  transport = open_transport (account, NULL);
  herald_transport_send (transport, "bounce@example.jp", "x@example.com", message, NULL, &outcome);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_PERMANENT);
  g_assert_cmpstr (outcome.reply, ==, "554-5.7.1 Message refused:\n554 5.7.1 looks like spam");
  g_assert_cmpstr (outcome.enhanced, ==, "5.7.1");
  herald_outcome_clear (&outcome);

  /* The session is still in step after the refusal: the next message
   * gets its own verdict, over the same connection or a new one. */
  herald_transport_send (transport, "bounce@example.jp", "x@example.com", message, NULL, &outcome);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_PERMANENT);
  g_assert_cmpstr (outcome.reply, ==, "554-5.7.1 Message refused:\n554 5.7.1 looks like spam");
  herald_outcome_clear (&outcome);
  g_assert_cmpuint (herald_smtp_transport_get_n_connects (transport), <=, 2);
  server_stop (&evil);
}

static void
test_stall_quit (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  gint64 start;

  start_evil (&evil, "stall-quit");
  account = make_account (HERALD_SECURITY_NONE, evil.port);
  account->response_timeout = 2;
  transport = open_transport (account, NULL);
  start = g_get_monotonic_time ();
  herald_transport_close (transport);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
  server_stop (&evil);
}

/* One address rule for the import and the send: a quoted part before the
 * @ is refused at the import, and at the send too, with the same words,
 * before anything is written to the server. */
static void
test_quoted_local_refused (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GBytes) message = simple_message ("x@example.com");
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  HeraldOutcome outcome;

  g_assert_null (herald_address_normalize ("\"ab\"@example.com", &error));
  start_evil (&evil, "ok");
  account = make_account (HERALD_SECURITY_NONE, evil.port);
  transport = open_transport (account, NULL);
  herald_transport_send (transport, "bounce@example.jp", "\"ab\"@example.com", message, NULL, &outcome);
  g_test_message ("%s", outcome.message);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_PERMANENT);
  g_assert_cmpstr (outcome.message, ==, error->message);
  herald_outcome_clear (&outcome);

  log = read_log (&evil);
  g_assert_cmpuint (count_lines_with (log, "C: MAIL"), ==, 0);
  server_stop (&evil);
}

/* Letters beyond ASCII before the @ go only to a server that offers
 * SMTPUTF8, and then with the SMTPUTF8 parameter; an IDN domain goes out
 * in A-labels. */
static void
test_utf8_addresses (void)
{
  Server plain = { 0 }, utf8 = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GBytes) message = simple_message ("x@example.com");
  g_autofree char *log = NULL;
  HeraldOutcome outcome;

  start_evil (&plain, "ok");
  account = make_account (HERALD_SECURITY_NONE, plain.port);
  transport = open_transport (account, NULL);
  herald_transport_send (transport, "bounce@example.jp", "ユーザー@example.com", message, NULL, &outcome);
  g_test_message ("%s", outcome.message);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_PERMANENT);
  g_assert_nonnull (strstr (outcome.message, "SMTPUTF8"));
  herald_outcome_clear (&outcome);
  herald_transport_send (transport, "bounce@example.jp", "user@例え.jp", message, NULL, &outcome);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_ACCEPTED);
  herald_outcome_clear (&outcome);
  log = read_log (&plain);
  g_test_message ("%s", log);
  g_assert_cmpuint (count_lines_with (log, "C: MAIL"), ==, 1);
  g_assert_cmpuint (count_lines_with (log, "C: RCPT TO:<user@xn--r8jz45g.jp>"), ==, 1);
  g_assert_cmpuint (count_lines_with (log, "SMTPUTF8"), ==, 0);
  g_clear_pointer (&transport, herald_transport_free);
  g_clear_pointer (&log, g_free);
  server_stop (&plain);

  start_evil (&utf8, "smtputf8");
  g_clear_pointer (&account, herald_account_free);
  account = make_account (HERALD_SECURITY_NONE, utf8.port);
  transport = open_transport (account, NULL);
  herald_transport_send (transport, "bounce@example.jp", "ユーザー@example.com", message, NULL, &outcome);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_ACCEPTED);
  herald_outcome_clear (&outcome);
  log = read_log (&utf8);
  g_test_message ("%s", log);
  g_assert_cmpuint (count_lines_with (log, "C: MAIL FROM:<bounce@example.jp> SIZE="), ==, 1);
  g_assert_nonnull (strstr (log, " SMTPUTF8\n"));
  server_stop (&utf8);
}

/* An address with CR/LF or angle brackets is refused before anything is
 * written to the server. */
static void
test_envelope_injection (void)
{
  Server evil = { 0 };
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GBytes) message = simple_message ("x@example.com");
  g_autofree char *log = NULL;
  static const char * const bad_rcpts[] = {
    "x@example.com>\r\nRCPT TO:<evil@example.net",
    "x@example.com\nDATA",
    "x@example.com\r",
    "<x@example.com>",
    "x y@example.com",
    "",
  };
  HeraldOutcome outcome;

  start_evil (&evil, "ok");
  account = make_account (HERALD_SECURITY_NONE, evil.port);
  transport = open_transport (account, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (bad_rcpts); i++)
    {
      herald_transport_send (transport, "bounce@example.jp", bad_rcpts[i], message, NULL, &outcome);
      g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_PERMANENT);
      g_assert_cmpint (outcome.code, ==, 0);
      g_assert_nonnull (outcome.message);
      herald_outcome_clear (&outcome);
    }
  herald_transport_send (transport, "bounce@example.jp>\r\nRSET", "x@example.com", message, NULL, &outcome);
  g_assert_cmpint (outcome.kind, ==, HERALD_OUTCOME_ACCOUNT_FAULT);
  g_assert_cmpint (outcome.fault, ==, HERALD_TRANSPORT_ERROR_CONFIG);
  herald_outcome_clear (&outcome);

  log = read_log (&evil);
  g_assert_cmpuint (count_lines_with (log, "C: NOOP"), ==, 1);
  g_assert_cmpuint (count_lines_with (log, "C: MAIL"), ==, 0);
  g_assert_cmpuint (count_lines_with (log, "C: RCPT"), ==, 0);
  g_assert_null (strstr (log, "evil@example.net"));
  server_stop (&evil);
}
static const FaultCase fault_cases[] = {
  { "stall-mail", HERALD_OUTCOME_TEMPORARY,     0,   "", 0 },
  { "stall-dot",  HERALD_OUTCOME_UNKNOWN,       0,   "", 0 },
  { "reset-dot",  HERALD_OUTCOME_UNKNOWN,       0,   "", 0 },
  { "reset-data", HERALD_OUTCOME_TEMPORARY,     0,   "", 0, TRUE },
  { "rcpt550",    HERALD_OUTCOME_PERMANENT,     550, "5.1.1", 0 },
  { "dot451",     HERALD_OUTCOME_TEMPORARY,     451, "4.7.1", 0 },
  { "mail530",    HERALD_OUTCOME_ACCOUNT_FAULT, 530, "5.7.0", HERALD_TRANSPORT_ERROR_AUTH },
  { "ok",         HERALD_OUTCOME_ACCEPTED,      250, "2.0.0", 0 },
};

static void
add_tests (void)
{
  g_test_add_func ("/smtp/fault/no-starttls", test_no_starttls);
  g_test_add_func ("/smtp/fault/starttls-injection", test_starttls_injection);
  g_test_add_func ("/smtp/fault/starttls-454", test_starttls_454);
  g_test_add_func ("/smtp/fault/greeting-421", test_greeting_421);
  g_test_add_func ("/smtp/fault/stall-greeting", test_stall_greeting);
  g_test_add_func ("/smtp/fault/stall-quit", test_stall_quit);
  g_test_add_func ("/smtp/fault/dot554-whole-reply", test_dot554_keeps_whole_reply);
  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/smtp/fault/%s", fault_cases[i].mode);

      g_test_add_data_func (path, &fault_cases[i], test_fault);
    }
  g_test_add_func ("/smtp/injection/envelope", test_envelope_injection);
  g_test_add_func ("/smtp/address/quoted-local", test_quoted_local_refused);
  g_test_add_func ("/smtp/address/utf8", test_utf8_addresses);
}

int
main (int    argc,
      char **argv)
{
  return smtp_test_main (&argc, &argv, add_tests, NULL);
}
