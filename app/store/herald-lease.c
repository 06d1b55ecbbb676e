/* herald-lease.c — which sender works on a campaign: leases with the
 * process's identity and a heartbeat, and recovery after a sender died
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A lease is one row of sender_leases. A sender that finds another live
 * lease on its campaign works beside it (claims keep them apart); a dead
 * lease's claimed rows are recovered (herald_journal_recover): back to
 * the queue, or 'uncertain' where the message's end of data may have
 * reached the server (herald-journal.c explains the durability this
 * relies on).
 */
#define G_LOG_DOMAIN "herald-lease"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "herald-base.h"
#include "herald-journal.h"
#include "herald-store-private.h"

/* ---- who we are ------------------------------------------------------- */

static char *
read_trimmed (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return g_strstrip (text);
}

/**
 * herald_process_start_time:
 *
 * Returns: when process @pid started, in clock ticks after boot (field 22
 *   of /proc/PID/stat), or -1 when there is no such process
 */
gint64
herald_process_start_time (gint64 pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;

  if (pid <= 0 || !g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  /* The command name in parentheses may hold spaces: count after it. */
  end = strrchr (text, ')');
  if (end == NULL)
    return -1;
  fields = g_strsplit (end + 2, " ", 0);
  if (g_strv_length (fields) < 20)
    return -1;
  return g_ascii_strtoll (fields[19], NULL, 10);
}

static gpointer
identify_self (gpointer data)
{
  HeraldProcessIdentity *self = g_new0 (HeraldProcessIdentity, 1);
  char ns[256];
  gssize len;

  self->boot_id = read_trimmed ("/proc/sys/kernel/random/boot_id");
  len = readlink ("/proc/self/ns/pid", ns, sizeof ns - 1);
  self->pid_ns = g_strndup (ns, len > 0 ? (gsize) len : 0);
  self->pid = getpid ();
  self->pid_start = herald_process_start_time (self->pid);
  return self;
}

/**
 * herald_process_identity_self:
 *
 * Returns: (transfer none): this process, as its leases record it
 */
const HeraldProcessIdentity *
herald_process_identity_self (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, identify_self, NULL);
}

static gboolean
same_kernel (const HeraldProcessIdentity *a,
             const HeraldProcessIdentity *b)
{
  return *a->boot_id != '\0' && g_str_equal (a->boot_id, b->boot_id);
}

/**
 * herald_lease_is_alive:
 * @now: Unix seconds
 *
 * A lease of this boot and pid namespace lives exactly as long as its
 * process (the pid and its start time, so a reused pid does not count).
 * Any other lease lives while its heartbeat is recent.
 */
gboolean
herald_lease_is_alive (const HeraldLeaseInfo        *lease,
                       const HeraldProcessIdentity  *here,
                       gint64                        now)
{
  const HeraldProcessIdentity *there = &lease->process;

  if (same_kernel (there, here) && *there->pid_ns != '\0' && g_str_equal (there->pid_ns, here->pid_ns))
    {
      if (there->pid == here->pid)
        return there->pid_start == here->pid_start;
      return there->pid_start >= 0 && herald_process_start_time (there->pid) == there->pid_start;
    }
  return now - lease->heartbeat_at < HERALD_LEASE_TIMEOUT_SECONDS;
}

void
herald_lease_info_clear (HeraldLeaseInfo *lease)
{
  g_clear_pointer (&lease->id, g_free);
  g_clear_pointer (&lease->process.boot_id, g_free);
  g_clear_pointer (&lease->process.pid_ns, g_free);
}

/* ---- leases ----------------------------------------------------------- */



/**
 * herald_lease_acquire:
 *
 * Registers a sender of @campaign_id in this process.
 *
 * Returns: (transfer full) (nullable): the lease id, for claimed_by
 */
char *
herald_lease_acquire (HeraldStore  *store,
                      gint64        campaign_id,
                      GError      **error)
{
  const HeraldProcessIdentity *self = herald_process_identity_self ();
  g_autofree char *id = g_uuid_string_random ();
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "INSERT INTO sender_leases (id, campaign_id, boot_id, pid_ns, pid, pid_start, created_at, heartbeat_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
      error);
  gint64 now = herald_now_seconds ();
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, campaign_id);
  sqlite3_bind_text (stmt, 3, self->boot_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, self->pid_ns, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, self->pid);
  sqlite3_bind_int64 (stmt, 6, self->pid_start);
  sqlite3_bind_int64 (stmt, 7, now);
  rc = herald_store_step_write (stmt);
  if (!herald_store_finish (store, stmt, rc, NULL, error))
    return NULL;
  return g_steal_pointer (&id);
}

gboolean
herald_lease_heartbeat (HeraldStore  *store,
                        const char   *lease_id,
                        GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "UPDATE sender_leases SET heartbeat_at = ?2 WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, lease_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, herald_now_seconds ());
  rc = sqlite3_step (stmt);
  return herald_store_finish (store, stmt, rc, NULL, error);
}

static gboolean
run_text (HeraldStore  *store,
          const char   *sql,
          const char   *text,
          const char   *text2,
          gint64        number,
          guint64      *out_changes,
          GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store, sql, error);
  guint64 changes = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_text (stmt, 2, text2, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, number);
  if (!herald_store_finish (store, stmt, herald_store_step_write (stmt), &changes, error))
    return FALSE;
  if (out_changes != NULL)
    *out_changes += changes;
  return TRUE;
}

static gboolean recover_lease (HeraldStore *store, const HeraldLeaseInfo *lease, gboolean same_boot,
                               gint64 now, guint64 *n_uncertain, GError **error);

/**
 * herald_lease_release:
 *
 * A sender stops: the rows it claimed and did not send go back to the
 * queue for whoever sends next, and its lease goes. A row still 'sending'
 * (its outcome could not be written: a full disk) is settled as after a
 * crash in this boot: uncertain once its end of data may have left, else
 * queued again.
 */
gboolean
herald_lease_release (HeraldStore  *store,
                      const char   *lease_id,
                      GError      **error)
{
  HeraldLeaseInfo lease = { .id = (char *) lease_id };

  if (!herald_store_begin (store, error))
    return FALSE;
  if (!recover_lease (store, &lease, TRUE, herald_now_seconds (), NULL, error) ||
      !run_text (store, "DELETE FROM sender_leases WHERE id = ?1", lease_id, NULL, 0, NULL, error) ||
      !herald_store_commit (store, error))
    {
      herald_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

static GArray *
read_leases (HeraldStore  *store,
             GError      **error)
{
  g_autoptr(GArray) leases = g_array_new (FALSE, TRUE, sizeof (HeraldLeaseInfo));
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT id, campaign_id, boot_id, pid_ns, pid, pid_start, heartbeat_at FROM sender_leases", error);
  int rc;

  g_array_set_clear_func (leases, (GDestroyNotify) herald_lease_info_clear);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeraldLeaseInfo lease = {
        .id = g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
        .campaign_id = sqlite3_column_int64 (stmt, 1),
        .process.boot_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
        .process.pid_ns = g_strdup ((const char *) sqlite3_column_text (stmt, 3)),
        .process.pid = sqlite3_column_int64 (stmt, 4),
        .process.pid_start = sqlite3_column_int64 (stmt, 5),
        .heartbeat_at = sqlite3_column_int64 (stmt, 6),
      };
      g_array_append_val (leases, lease);
    }
  if (!herald_store_finish (store, stmt, rc, NULL, error))
    return NULL;
  return g_steal_pointer (&leases);
}

static gboolean
recover_lease (HeraldStore            *store,
               const HeraldLeaseInfo  *lease,
               gboolean                same_boot,
               gint64                  now,
               guint64                *n_uncertain,
               GError                **error)
{
  const char *stopped = _("Herald stopped while this message was being sent: it may or may not "
                          "have been delivered. Re-send it (same Message-ID) or skip it.");
  const char *power = _("The computer stopped while Herald was sending this campaign: this message "
                        "may have been delivered. Re-send it (same Message-ID) or skip it.");

  const char *unsent = _("Herald stopped before this message was complete: the server did not "
                         "get all of it, so it will be sent again.");

  /* In this boot every commit survived (herald-journal.c): a message whose
   * end of data was never handed to the connection cannot have reached
   * the server whole, and goes back to the queue. */
  if (same_boot &&
      !run_text (store,
                 "UPDATE deliveries SET state = 'queued', claimed_by = NULL, attempts = max(0, attempts - 1),"
                 "  last_code = NULL, last_enhanced = NULL, last_reply = ?2, updated_at = ?3"
                 " WHERE claimed_by = ?1 AND state = 'sending' AND data_end_at IS NULL",
                 lease->id, unsent, now, NULL, error))
    return FALSE;
  if (!run_text (store,
                 "UPDATE deliveries SET state = 'uncertain', claimed_by = NULL, last_code = NULL,"
                 "  last_enhanced = NULL, last_reply = ?2, updated_at = ?3"
                 " WHERE claimed_by = ?1 AND state = 'sending'",
                 lease->id, stopped, now, n_uncertain, error))
    return FALSE;
  if (same_boot)
    return run_text (store,
                     "UPDATE deliveries SET claimed_by = NULL WHERE claimed_by = ?1",
                     lease->id, NULL, 0, NULL, error);
  return run_text (store,
                   "UPDATE deliveries SET state = 'uncertain', claimed_by = NULL, last_code = NULL,"
                   "  last_enhanced = NULL, last_reply = ?2, updated_at = ?3"
                   " WHERE claimed_by = ?1 AND state IN ('queued','deferred')",
                   lease->id, power, now, n_uncertain, error) &&
         run_text (store, "UPDATE deliveries SET claimed_by = NULL WHERE claimed_by = ?1",
                   lease->id, NULL, 0, NULL, error);
}

/**
 * herald_journal_recover:
 * @out_n_uncertain: (out) (optional): deliveries that became uncertain
 *
 * Cleans up after senders that died (killed, crashed, power cut): their
 * 'sending' rows whose end of data may have left become 'uncertain', the
 * ones whose end never left and their other claims go back to the queue
 * (or, after a reboot, all become uncertain: see the top of
 * herald-journal.c). Live senders, in this process or another, are left alone.
 */
/* Whether there is anything to recover, without taking the write lock. */
static gboolean
needs_recovery (HeraldStore *store)
{
  const HeraldProcessIdentity *here = herald_process_identity_self ();
  g_autoptr(GArray) leases = read_leases (store, NULL);
  sqlite3_stmt *stmt;
  gint64 now = herald_now_seconds ();
  gboolean orphans;

  if (leases == NULL)
    return TRUE;
  for (guint i = 0; i < leases->len; i++)
    if (!herald_lease_is_alive (&g_array_index (leases, HeraldLeaseInfo, i), here, now))
      return TRUE;
  stmt = herald_store_prepare (store,
      "SELECT 1 FROM deliveries WHERE claimed_by IS NOT NULL"
      " AND claimed_by NOT IN (SELECT id FROM sender_leases) LIMIT 1", NULL);
  if (stmt == NULL)
    return TRUE;
  orphans = sqlite3_step (stmt) != SQLITE_DONE;
  sqlite3_finalize (stmt);
  return orphans;
}

gboolean
herald_journal_recover (HeraldStore  *store,
                        guint64      *out_n_uncertain,
                        GError      **error)
{
  const HeraldProcessIdentity *here = herald_process_identity_self ();
  g_autoptr(GArray) leases = NULL;
  guint64 n_uncertain = 0;
  gint64 now = herald_now_seconds ();

  if (out_n_uncertain != NULL)
    *out_n_uncertain = 0;
  if (!needs_recovery (store))
    return TRUE;
  if (!herald_store_begin (store, error))
    return FALSE;
  if ((leases = read_leases (store, error)) == NULL)
    goto fail;
  for (guint i = 0; i < leases->len; i++)
    {
      HeraldLeaseInfo *lease = &g_array_index (leases, HeraldLeaseInfo, i);

      if (herald_lease_is_alive (lease, here, now))
        continue;
      g_debug ("Lease %s (pid %" G_GINT64_FORMAT ") is dead", lease->id, lease->process.pid);
      if (!recover_lease (store, lease, same_kernel (&lease->process, here), now, &n_uncertain, error) ||
          !run_text (store, "DELETE FROM sender_leases WHERE id = ?1", lease->id, NULL, 0, NULL, error))
        goto fail;
    }
  /* Claims without a lease cannot be told apart: treat them as the
   * reboot case. */
  {
    HeraldLeaseInfo orphan = { .id = NULL, .process.boot_id = (char *) "", .process.pid_ns = (char *) "" };
    sqlite3_stmt *stmt = herald_store_prepare (store,
        "SELECT DISTINCT claimed_by FROM deliveries WHERE claimed_by IS NOT NULL"
        " AND claimed_by NOT IN (SELECT id FROM sender_leases)", error);
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
    int rc;

    if (stmt == NULL)
      goto fail;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    sqlite3_finalize (stmt);
    for (guint i = 0; i < ids->len; i++)
      {
        orphan.id = g_ptr_array_index (ids, i);
        if (!recover_lease (store, &orphan, FALSE, now, &n_uncertain, error))
          goto fail;
      }
  }
  if (!herald_store_commit (store, error))
    goto fail;
  if (out_n_uncertain != NULL)
    *out_n_uncertain = n_uncertain;
  return TRUE;

fail:
  herald_store_rollback (store);
  return FALSE;
}

/**
 * herald_journal_campaign_has_sender:
 *
 * Returns: whether a live sender (in any process) works on @campaign_id
 */
gboolean
herald_journal_campaign_has_sender (HeraldStore *store,
                                    gint64       campaign_id)
{
  g_autoptr(GArray) leases = read_leases (store, NULL);
  gint64 now = herald_now_seconds ();

  for (guint i = 0; leases != NULL && i < leases->len; i++)
    {
      HeraldLeaseInfo *lease = &g_array_index (leases, HeraldLeaseInfo, i);
      if (lease->campaign_id == campaign_id &&
          herald_lease_is_alive (lease, herald_process_identity_self (), now))
        return TRUE;
    }
  return FALSE;
}
