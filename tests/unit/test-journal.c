/* test-journal.c — the journal: claims, the writes around the network step
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "herald-journal.h"
#include "herald-test-fixture.h"
#include "herald-transport.h"
#include "herald-verdict.h"

typedef HeraldTestFixture Fixture;

static void
test_claims_exclusive (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldStore) other = herald_store_open (f->path, &error);
  g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_claim_free);
  g_autoptr(GPtrArray) theirs = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_claim_free);
  g_autofree char *lease_a = NULL, *lease_b = NULL;
  g_autoptr(HeraldJournal) a = NULL;
  g_autoptr(HeraldJournal) b = NULL;
  gint64 id = herald_test_create_campaign (f, "X");
  gboolean ours = FALSE;
  HeraldAttempt attempt = { .code = 550, .enhanced = "5.1.1", .reply = "User unknown" };
  gint64 next_due = 0, held = -1;

  /* Rows never tried are left to send, though due at 0. */
  g_assert_true (herald_journal_read_pending (f->store, id, &next_due, &held, &error));
  g_assert_cmpint (next_due, >, 0);
  g_assert_cmpint (held, ==, 0);

  lease_a = herald_lease_acquire (f->store, id, &error);
  lease_b = herald_lease_acquire (other, id, &error);
  g_assert_no_error (error);
  a = herald_journal_new (f->store, lease_a, id, f->list_id, TRUE, &error);
  b = herald_journal_new (other, lease_b, id, f->list_id, FALSE, &error);
  g_assert_no_error (error);

  g_assert_true (herald_journal_claim (a, 2, 0, mine, &error));
  g_assert_true (herald_journal_claim (b, 5, 0, theirs, &error));
  g_assert_cmpuint (mine->len, ==, 2);
  g_assert_cmpuint (theirs->len, ==, 1);
  for (guint i = 0; i < mine->len; i++)
    g_assert_cmpint (((HeraldClaim *) mine->pdata[i])->id, !=, ((HeraldClaim *) theirs->pdata[0])->id);

  /* Only the claimant may mark it sending. */
  g_assert_true (herald_journal_mark_sending (b, ((HeraldClaim *) mine->pdata[0])->id, 0, 1, &ours, &error));
  g_assert_false (ours);
  g_assert_true (herald_journal_mark_sending (a, ((HeraldClaim *) mine->pdata[0])->id, 7, 1, &ours, &error));
  g_assert_true (ours);
  /* The account that takes it onto the wire is recorded with it. */
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries WHERE account_id = 7"), ==, 1);

  /* An unknown user: failed with the server's words, and suppressed. */
  herald_verdict_classify (HERALD_OUTCOME_PERMANENT, 550, "5.1.1", &attempt.verdict);
  g_assert_true (herald_journal_record (a, mine->pdata[0], &attempt, 2, "X", &error));
  g_assert_no_error (error);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries WHERE state = 'failed' AND last_reply = 'User unknown' AND claimed_by IS NULL"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM suppressions WHERE reason = 'bounced'"), ==, 2);

  /* Stopping gives back what was claimed and not sent. */
  g_assert_true (herald_lease_release (f->store, lease_a, &error));
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries WHERE claimed_by IS NOT NULL"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM sender_leases"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  herald_test_init (&argc, &argv);

  g_test_add ("/campaign/claims-exclusive", Fixture, NULL, herald_test_set_up_customers,
              test_claims_exclusive, herald_test_tear_down);

  return g_test_run ();
}
