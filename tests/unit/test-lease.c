/* test-lease.c — senders' leases: whether a sender is alive, and recovery
 * from one that died
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/wait.h>
#include <unistd.h>

#include "herald-lease.h"
#include "herald-test-fixture.h"

typedef HeraldTestFixture Fixture;

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
  herald_test_exec (f->store, sql);
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
  herald_test_create_campaign (f, "K");
  herald_test_create_campaign (f, "L");
  /* Campaign K: a sender of this boot died with one message on the wire
   * and two claimed. Campaign L: one of an earlier boot died (power cut),
   * and one is alive (this process) with a message on the wire. */
  insert_lease (f, 1, "dead", here->boot_id, dead, 12345);
  insert_lease (f, 2, "rebooted", "an-earlier-boot", dead, 12345);
  insert_lease (f, 2, "alive", here->boot_id, here->pid, here->pid_start);
  herald_test_exec (f->store, "UPDATE deliveries SET claimed_by = 'dead' WHERE campaign_id = 1");
  /* Ann's end of data had left; another's had not (killed before the
   * final dot): that one never reached the server whole. */
  herald_test_exec (f->store, "UPDATE deliveries SET state = 'sending', attempts = 1, data_end_at = 1"
                              " WHERE campaign_id = 1 AND email = 'ann@example.jp'");
  herald_test_exec (f->store, "UPDATE deliveries SET state = 'sending', attempts = 1"
                              " WHERE id = (SELECT max(id) FROM deliveries WHERE campaign_id = 1)");
  herald_test_exec (f->store, "UPDATE deliveries SET claimed_by = 'rebooted' WHERE campaign_id = 2 AND email != 'ann@example.jp'");
  /* After a reboot, a 'sending' without the mark may have lost its mark
   * with the power: uncertain all the same. */
  herald_test_exec (f->store, "UPDATE deliveries SET state = 'sending'"
                              " WHERE id = (SELECT max(id) FROM deliveries WHERE campaign_id = 2)");
  herald_test_exec (f->store, "UPDATE sender_leases SET heartbeat_at = 0 WHERE id = 'rebooted'");
  herald_test_exec (f->store, "UPDATE deliveries SET claimed_by = 'alive', state = 'sending' WHERE campaign_id = 2 AND email = 'ann@example.jp'");

  g_assert_true (herald_journal_recover (f->store, &n_uncertain, &error));
  g_assert_no_error (error);
  /* K: the one whose end of data left is uncertain; the one killed
   * before it and the others are queued again. */
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries WHERE campaign_id = 1 AND state = 'uncertain'"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries WHERE campaign_id = 1 AND state = 'uncertain' AND email = 'ann@example.jp'"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries WHERE campaign_id = 1 AND state = 'queued' AND claimed_by IS NULL"), ==, 2);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT attempts FROM deliveries WHERE id = (SELECT max(id) FROM deliveries WHERE campaign_id = 1)"), ==, 0);
  /* L: after a reboot, claimed rows may have gone out: uncertain. */
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries WHERE campaign_id = 2 AND state = 'uncertain'"), ==, 2);
  /* The live sender's message on the wire is left alone. */
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries WHERE claimed_by = 'alive' AND state = 'sending'"), ==, 1);
  g_assert_cmpuint (n_uncertain, ==, 3);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM sender_leases"), ==, 1);
  g_assert_true (herald_journal_campaign_has_sender (f->store, 2));
  g_assert_false (herald_journal_campaign_has_sender (f->store, 1));
}

/* A sender that stops with rows still 'sending' (their outcome could not
 * be written: a full disk) settles them by the end-of-data mark. */
static void
test_release_settles_sending (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *lease = NULL;

  herald_test_create_campaign (f, "R");
  lease = herald_lease_acquire (f->store, 1, &error);
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE deliveries SET claimed_by = '%s' WHERE campaign_id = 1", lease);
    herald_test_exec (f->store, sql);
  }
  herald_test_exec (f->store, "UPDATE deliveries SET state = 'sending', attempts = 1, data_end_at = 1"
                              " WHERE email = 'ann@example.jp'");
  herald_test_exec (f->store, "UPDATE deliveries SET state = 'sending', attempts = 1"
                              " WHERE id = (SELECT max(id) FROM deliveries)");

  g_assert_true (herald_lease_release (f->store, lease, &error));
  g_assert_no_error (error);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries WHERE state = 'uncertain' AND email = 'ann@example.jp'"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries WHERE state = 'uncertain'"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries WHERE state = 'queued'"), ==,
                   herald_test_query_int (f->store, "SELECT count(*) FROM deliveries") - 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries WHERE claimed_by IS NOT NULL"), ==, 0);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM sender_leases"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  herald_test_init (&argc, &argv);

  g_test_add ("/campaign/recover", Fixture, NULL, herald_test_set_up_customers, test_recover, herald_test_tear_down);
  g_test_add_func ("/lease/liveness", test_lease_liveness);
  g_test_add ("/lease/release-settles-sending", Fixture, NULL, herald_test_set_up_customers,
              test_release_settles_sending, herald_test_tear_down);

  return g_test_run ();
}
