/* test-campaign.c — creating campaigns, their states, the uncertain
 * choice, leases and recovery, claims
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "herald-campaign.h"
#include "herald-engine.h"
#include "herald-journal.h"
#include "herald-verdict.h"
#include "herald-store-private.h"
#include "herald-templates.h"
#include "herald-transport.h"

typedef struct
{
  char        *dir;
  char        *path;
  HeraldStore *store;
  gint64       list_id;
} Fixture;

static void
exec_sql (HeraldStore *store,
          const char  *sql)
{
  g_autoptr(GError) error = NULL;

  herald_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

static gint64
query_int (HeraldStore *store,
           const char  *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = herald_store_prepare (store, sql, &error);
  gint64 value;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
add_contact (Fixture    *f,
             const char *email,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  const char *names[] = { "name", NULL };
  const char *values[] = { name, NULL };

  g_assert_cmpint (herald_store_upsert_contact (f->store, f->list_id, email, names, values, NULL, &error), >, 0);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HeraldTemplateRecord record = { .name = (char *) "news", .subject = (char *) "Hello {{ name }}",
                                  .html = (char *) "<p>Hi {{ name }}</p>" };
  const char *fields[] = { "name", NULL };

  f->dir = g_dir_make_tmp ("herald-campaign-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "herald.db", NULL);
  f->store = herald_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (herald_store_ensure_outbox (f->store, &error));
  f->list_id = herald_store_ensure_list (f->store, "customers", &error);
  g_assert_no_error (error);
  herald_store_set_list_fields (f->store, f->list_id, fields, &error);
  g_assert_no_error (error);
  g_assert_cmpint (herald_templates_save (f->store, &record, &error), >, 0);

  add_contact (f, "ann@example.jp", "Ann");
  add_contact (f, "bob@example.jp", "Bob");
  add_contact (f, "bounced@example.jp", "Gone");
  add_contact (f, "left@example.jp", "Left");
  add_contact (f, "cid@docomo.ne.jp", "Cid");
  g_assert_true (herald_store_suppress (f->store, "BOUNCED@example.jp", "bounced", "test", &error));
  exec_sql (f->store, "UPDATE list_members SET status = 'unsubscribed'"
                      " WHERE contact_id = (SELECT id FROM contacts WHERE email = 'left@example.jp')");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  herald_store_close (f->store);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gint64
create (Fixture    *f,
        const char *name)
{
  g_autoptr(GError) error = NULL;
  HeraldCampaignSpec spec = { .name = name, .template_name = "news", .list_name = "customers", .account_name = "outbox" };
  gint64 id = herald_campaign_create (f->store, &spec, NULL, &error);

  g_assert_no_error (error);
  return id;
}

static void
test_create_counts (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldCampaignInfo) info = NULL;
  HeraldCampaignSpec spec = { .name = "Spring", .template_name = "news", .list_name = "customers", .account_name = "outbox" };
  HeraldCampaignSummary summary, estimate;
  guint64 counts[HERALD_DELIVERY_N_STATES];
  gint64 id = herald_campaign_create (f->store, &spec, &summary, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  /* Suppressed and unsubscribed are left out, and counted. */
  g_assert_cmpuint (summary.n_recipients, ==, 3);
  g_assert_cmpuint (summary.n_suppressed, ==, 1);
  g_assert_cmpuint (summary.n_unsubscribed, ==, 1);
  /* The docomo.ne.jp preset paces that one recipient; nothing else limits. */
  g_assert_cmpint (summary.estimated_seconds, ==, 0);

  info = herald_campaign_find (f->store, "Spring", &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->state, ==, HERALD_CAMPAIGN_DRAFT);
  g_assert_cmpint (info->n_suppressed, ==, 1);
  g_assert_true (herald_campaign_count_states (f->store, id, counts, &error));
  g_assert_cmpuint (counts[HERALD_DELIVERY_QUEUED], ==, 3);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM deliveries WHERE email IN ('bounced@example.jp','left@example.jp')"), ==, 0);

  /* Each has its own stable Message-ID, at the From address's domain. */
  g_assert_cmpint (query_int (f->store, "SELECT count(DISTINCT message_id) FROM deliveries"), ==, 3);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM deliveries WHERE message_id LIKE '<%@localhost>'"), ==, 3);

  g_assert_true (herald_campaign_estimate (f->store, f->list_id, info->account_id, &estimate, &error));
  g_assert_cmpuint (estimate.n_recipients, ==, 3);
  g_assert_cmpuint (estimate.n_suppressed, ==, 1);
}

static void
test_create_refusals (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HeraldCampaignSpec spec = { .name = "A", .template_name = "news", .list_name = "customers", .account_name = "outbox" };

  create (f, "A");
  g_assert_cmpint (herald_campaign_create (f->store, &spec, NULL, &error), ==, -1);
  g_assert_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_EXISTS);
  g_clear_error (&error);

  spec.name = "B";
  spec.segment = "city = 'Osaka'";
  g_assert_cmpint (herald_campaign_create (f->store, &spec, NULL, &error), ==, -1);
  g_assert_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  spec.segment = NULL;
  spec.account_name = "nobody";
  g_assert_cmpint (herald_campaign_create (f->store, &spec, NULL, &error), ==, -1);
  g_assert_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Nothing half-made is left behind. */
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM campaigns"), ==, 1);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM deliveries"), ==, 3);
}

static void
test_states (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldCampaignInfo) info = NULL;
  gint64 id = create (f, "S");

  /* A draft is not sending: it cannot be paused. */
  g_assert_false (herald_campaign_pause (f->store, id, NULL, &error));
  g_assert_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_STATE);
  g_clear_error (&error);

  exec_sql (f->store, "UPDATE campaigns SET state = 'sending'");
  g_assert_true (herald_campaign_pause (f->store, id, "Authentication refused", &error));
  g_assert_true (herald_campaign_pause (f->store, id, NULL, &error));
  info = herald_campaign_get (f->store, id, &error);
  g_assert_cmpint (info->state, ==, HERALD_CAMPAIGN_PAUSED);
  g_assert_cmpstr (info->pause_reason, ==, "Authentication refused");

  g_assert_true (herald_campaign_cancel (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM deliveries WHERE state = 'skipped'"), ==, 3);
  g_assert_false (herald_campaign_cancel (f->store, id, &error));
  g_assert_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_STATE);
}

static void
test_resend_skip (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldCampaignInfo) info = NULL;
  gint64 id = create (f, "R");
  guint64 changed = 0;
  gint64 ann;

  exec_sql (f->store, "UPDATE campaigns SET state = 'done'");
  exec_sql (f->store, "UPDATE deliveries SET state = 'uncertain', attempts = 1 WHERE email = 'ann@example.jp'");
  exec_sql (f->store, "UPDATE deliveries SET state = 'failed', attempts = 3, last_code = 550 WHERE email = 'bob@example.jp'");
  exec_sql (f->store, "UPDATE deliveries SET state = 'sent' WHERE email = 'cid@docomo.ne.jp'");
  ann = query_int (f->store, "SELECT id FROM deliveries WHERE email = 'ann@example.jp'");

  /* Re-sending a sent one does nothing; an uncertain one is queued again,
   * with the same Message-ID and its attempts kept. */
  {
    gint64 ids[] = { ann, query_int (f->store, "SELECT id FROM deliveries WHERE email = 'cid@docomo.ne.jp'") };
    g_assert_true (herald_campaign_resend (f->store, id, ids, 2, &changed, &error));
  }
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM deliveries WHERE state = 'queued' AND attempts = 1"), ==, 1);
  /* The finished campaign has work again: paused, to be sent on. */
  info = herald_campaign_get (f->store, id, &error);
  g_assert_cmpint (info->state, ==, HERALD_CAMPAIGN_PAUSED);

  g_assert_true (herald_campaign_resend_all (f->store, id, HERALD_DELIVERY_FAILED, &changed, &error));
  g_assert_cmpuint (changed, ==, 1);

  /* Skipping the rest leaves nothing to send: done again. */
  g_assert_true (herald_campaign_skip (f->store, id, &ann, 1, &changed, &error));
  g_assert_cmpuint (changed, ==, 1);
  exec_sql (f->store, "UPDATE deliveries SET state = 'uncertain' WHERE email = 'bob@example.jp'");
  g_assert_true (herald_campaign_skip_all (f->store, id, HERALD_DELIVERY_UNCERTAIN, &changed, &error));
  g_assert_cmpuint (changed, ==, 1);
  g_clear_pointer (&info, herald_campaign_info_free);
  info = herald_campaign_get (f->store, id, &error);
  g_assert_cmpint (info->state, ==, HERALD_CAMPAIGN_DONE);
}

static void
test_report_cursor (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldDeliveryCursor) cursor = NULL;
  const HeraldDeliveryRow *row;
  gint64 id = create (f, "C");
  guint n = 0;

  exec_sql (f->store, "UPDATE deliveries SET state = 'failed', last_code = 550, last_enhanced = '5.1.1',"
                      " last_reply = 'User unknown' WHERE email = 'bob@example.jp'");
  cursor = herald_delivery_cursor_new (f->store, id, HERALD_DELIVERY_FAILED, &error);
  while ((row = herald_delivery_cursor_next (cursor, &error)) != NULL)
    {
      g_assert_cmpstr (row->email, ==, "bob@example.jp");
      g_assert_cmpint (row->code, ==, 550);
      g_assert_cmpstr (row->enhanced, ==, "5.1.1");
      g_assert_cmpstr (row->reply, ==, "User unknown");
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
}

/* ---- leases ----------------------------------------------------------- */

static gint64
dead_pid (void)
{
  pid_t pid = fork ();

  if (pid == 0)
    _exit (0);
  waitpid (pid, NULL, 0);
  return pid;
}

static void
test_lease_liveness (void)
{
  const HeraldProcessIdentity *here = herald_process_identity_self ();
  HeraldLeaseInfo lease = { .id = (char *) "x", .process = *here, .heartbeat_at = 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (*here->boot_id == '\0' || here->pid_start < 0)
    {
      g_test_skip ("No /proc here");
      return;
    }
  /* This process: alive, however old its heartbeat. */
  g_assert_true (herald_lease_is_alive (&lease, here, now));
  /* The parent (the test runner): alive. */
  lease.process.pid = getppid ();
  lease.process.pid_start = herald_process_start_time (lease.process.pid);
  g_assert_true (herald_lease_is_alive (&lease, here, now));
  /* A pid reused by another process: dead. */
  lease.process.pid_start += 1;
  g_assert_false (herald_lease_is_alive (&lease, here, now));
  /* A process that exited: dead at once, heartbeat or not. */
  lease.process.pid = dead_pid ();
  lease.heartbeat_at = now;
  g_assert_false (herald_lease_is_alive (&lease, here, now));

  /* Another machine (or boot, or pid namespace): the heartbeat decides. */
  lease.process.boot_id = (char *) "another-boot";
  lease.heartbeat_at = now - 5;
  g_assert_true (herald_lease_is_alive (&lease, here, now));
  lease.heartbeat_at = now - HERALD_LEASE_TIMEOUT_SECONDS - 1;
  g_assert_false (herald_lease_is_alive (&lease, here, now));
  lease.process = *here;
  lease.process.pid_ns = (char *) "pid:[1]";
  lease.process.pid = dead_pid ();
  lease.heartbeat_at = now;
  g_assert_true (herald_lease_is_alive (&lease, here, now));
}

static void
insert_lease (Fixture    *f,
              gint64      campaign_id,
              const char *id,
              const char *boot_id,
              gint64      pid,
              gint64      pid_start)
{
  const HeraldProcessIdentity *here = herald_process_identity_self ();
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO sender_leases (id, campaign_id, boot_id, pid_ns, pid, pid_start, created_at, heartbeat_at)"
      " VALUES ('%s', %" G_GINT64_FORMAT ", '%s', '%s', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 0, strftime('%%s','now'))",
      id, campaign_id, boot_id, here->pid_ns, pid, pid_start);
  exec_sql (f->store, sql);
}

static void
test_recover (Fixture       *f,
              gconstpointer  data)
{
  const HeraldProcessIdentity *here = herald_process_identity_self ();
  g_autoptr(GError) error = NULL;
  guint64 n_uncertain = 0;
  gint64 dead = dead_pid ();

  if (*here->boot_id == '\0')
    {
      g_test_skip ("No /proc here");
      return;
    }
  create (f, "K");
  create (f, "L");
  /* Campaign K: a sender of this boot died with one message on the wire
   * and two claimed. Campaign L: one of an earlier boot died (power cut),
   * and one is alive (this process) with a message on the wire. */
  insert_lease (f, 1, "dead", here->boot_id, dead, 12345);
  insert_lease (f, 2, "rebooted", "an-earlier-boot", dead, 12345);
  insert_lease (f, 2, "alive", here->boot_id, here->pid, here->pid_start);
  exec_sql (f->store, "UPDATE deliveries SET claimed_by = 'dead' WHERE campaign_id = 1");
  exec_sql (f->store, "UPDATE deliveries SET state = 'sending' WHERE campaign_id = 1 AND email = 'ann@example.jp'");
  exec_sql (f->store, "UPDATE deliveries SET claimed_by = 'rebooted' WHERE campaign_id = 2 AND email != 'ann@example.jp'");
  exec_sql (f->store, "UPDATE sender_leases SET heartbeat_at = 0 WHERE id = 'rebooted'");
  exec_sql (f->store, "UPDATE deliveries SET claimed_by = 'alive', state = 'sending' WHERE campaign_id = 2 AND email = 'ann@example.jp'");

  g_assert_true (herald_journal_recover (f->store, &n_uncertain, &error));
  g_assert_no_error (error);
  /* K: the one on the wire is uncertain; the others are queued again. */
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM deliveries WHERE campaign_id = 1 AND state = 'uncertain'"), ==, 1);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM deliveries WHERE campaign_id = 1 AND state = 'queued' AND claimed_by IS NULL"), ==, 2);
  /* L: after a reboot, claimed rows may have gone out: uncertain. */
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM deliveries WHERE campaign_id = 2 AND state = 'uncertain'"), ==, 2);
  /* The live sender's message on the wire is left alone. */
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM deliveries WHERE claimed_by = 'alive' AND state = 'sending'"), ==, 1);
  g_assert_cmpuint (n_uncertain, ==, 3);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM sender_leases"), ==, 1);
  g_assert_true (herald_journal_campaign_has_sender (f->store, 2));
  g_assert_false (herald_journal_campaign_has_sender (f->store, 1));
}

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
  gint64 id = create (f, "X");
  gboolean ours = FALSE;
  HeraldAttempt attempt = { .code = 550, .enhanced = "5.1.1", .reply = "User unknown" };

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
  g_assert_true (herald_journal_mark_sending (b, ((HeraldClaim *) mine->pdata[0])->id, 1, &ours, &error));
  g_assert_false (ours);
  g_assert_true (herald_journal_mark_sending (a, ((HeraldClaim *) mine->pdata[0])->id, 1, &ours, &error));
  g_assert_true (ours);

  /* An unknown user: failed with the server's words, and suppressed. */
  herald_verdict_classify (HERALD_OUTCOME_PERMANENT, 550, "5.1.1", &attempt.verdict);
  g_assert_true (herald_journal_record (a, mine->pdata[0], &attempt, 2, "X", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM deliveries WHERE state = 'failed' AND last_reply = 'User unknown' AND claimed_by IS NULL"), ==, 1);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM suppressions WHERE reason = 'bounced'"), ==, 2);

  /* Stopping gives back what was claimed and not sent. */
  g_assert_true (herald_lease_release (f->store, lease_a, &error));
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM deliveries WHERE claimed_by IS NOT NULL"), ==, 1);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM sender_leases"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  herald_engine_init ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/campaign/create-counts", test_create_counts);
  ADD ("/campaign/create-refusals", test_create_refusals);
  ADD ("/campaign/states", test_states);
  ADD ("/campaign/resend-skip", test_resend_skip);
  ADD ("/campaign/report-cursor", test_report_cursor);
  ADD ("/campaign/recover", test_recover);
  ADD ("/campaign/claims-exclusive", test_claims_exclusive);
#undef ADD
  g_test_add_func ("/lease/liveness", test_lease_liveness);

  return g_test_run ();
}
