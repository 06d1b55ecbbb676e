/* herald-journal.c — the deliveries table as a sender sees it: leases,
 * claims, the state written before and after each network step, retries
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a delivery is sent exactly once (DESIGN.md rule 1)
 * ------------------------------------------------------
 * 1. A worker claims a small batch: claimed_by = its sender's lease, in one
 *    BEGIN IMMEDIATE transaction, so two processes never claim the same row.
 * 2. Before the network step: state = 'sending' (committed).
 * 3. After it: sent / deferred / failed / uncertain (committed).
 * A row found 'sending' whose lease is dead becomes 'uncertain' and is
 * never sent again unless the user asks.
 *
 * Durability. The store runs in WAL mode with synchronous=NORMAL: a commit
 * reaches the operating system before the network step, so killing Herald
 * at any instant loses nothing. A power cut (or kernel crash) can lose the
 * last commits, though, and a lost 'sending' would let a message go twice.
 * An fsync per message (synchronous=FULL) would close that hole but costs
 * about as much as the message itself (measured here: 2 ms to flush the
 * log behind 16 messages; 0.3–2 ms on an ordinary SSD even for one), which
 * a rate of thousands a second cannot pay. So only the claim is made
 * durable (one fsync per batch of 16), and the lease records the kernel's
 * boot id: at recovery, the claimed-but-unsent rows of a dead sender from
 * the same boot go back to the queue (the OS kept every commit), while
 * those of a sender from an earlier boot become 'uncertain' (their
 * 'sending' or 'sent' may have been lost with the power). A power cut thus
 * costs at most the claimed rows of each connection (the batch being sent
 * and the one claimed ahead: 24 with the defaults), never a duplicate.
 *
 * The sender makes its claims durable itself, with an fsync of the log in
 * its pool while the batch before is still being sent (herald-sender-
 * worker.c); herald_journal_new()'s `durable_claims` makes each claim
 * commit with synchronous=FULL instead, for callers without such a helper.
 * Measured here on one connection: the FULL commit in line cost 2.2 ms a
 * claim (~12 % of the sending rate); the fsync in the pool is off the path
 * and not measurable above run-to-run noise. HeraldSenderOptions.
 * durable_claims (default on) can turn it off, leaving process-crash
 * safety only.
 */
#define G_LOG_DOMAIN "herald-journal"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "herald-journal.h"
#include "herald-transport.h"

struct _HeraldJournal
{
  HeraldStore  *store;
  char         *lease_id;
  gint64        campaign_id;
  gint64        list_id;
  gboolean      durable_claims;
  sqlite3_stmt *claim;
  sqlite3_stmt *recipient;
  sqlite3_stmt *sending;
  sqlite3_stmt *record;
  sqlite3_stmt *suppress;
  sqlite3_stmt *unclaim;
  sqlite3_stmt *skip;
  sqlite3_stmt *unmark;
  sqlite3_stmt *begin;
  sqlite3_stmt *commit;
  sqlite3_stmt *sync_full;
  sqlite3_stmt *sync_normal;
};

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

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Steps a write statement, waiting out a busy database: an outcome must
 * land however long another program holds the lock. */
static int
step_write (sqlite3_stmt *stmt)
{
  int rc;

  for (guint tries = 0; ; tries++)
    {
      rc = sqlite3_step (stmt);
      if ((rc & 0xff) != SQLITE_BUSY || tries > 600)
        return rc;
      sqlite3_reset (stmt);
      g_usleep (100 * 1000);
    }
}

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
  gint64 now = now_seconds ();
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
  rc = step_write (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      return NULL;
    }
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
  sqlite3_bind_int64 (stmt, 2, now_seconds ());
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return herald_store_set_error (store, rc, error);
  return TRUE;
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
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_text (stmt, 2, text2, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, number);
  rc = step_write (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return herald_store_set_error (store, rc, error);
  if (out_changes != NULL)
    *out_changes += sqlite3_changes (herald_store_get_db (store));
  return TRUE;
}

/**
 * herald_lease_release:
 *
 * A sender stops: the rows it claimed and did not send go back to the
 * queue for whoever sends next, and its lease goes.
 */
gboolean
herald_lease_release (HeraldStore  *store,
                      const char   *lease_id,
                      GError      **error)
{
  if (!herald_store_begin (store, error))
    return FALSE;
  if (!run_text (store,
                 "UPDATE deliveries SET claimed_by = NULL"
                 " WHERE claimed_by = ?1 AND state IN ('queued','deferred','skipped')",
                 lease_id, NULL, 0, NULL, error) ||
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
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      return NULL;
    }
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
 * 'sending' rows become 'uncertain', their other claims go back to the
 * queue (or, after a reboot, become uncertain too: see the top of this
 * file). Live senders, in this process or another, are left alone.
 */
/* Whether there is anything to recover, without taking the write lock. */
static gboolean
needs_recovery (HeraldStore *store)
{
  const HeraldProcessIdentity *here = herald_process_identity_self ();
  g_autoptr(GArray) leases = read_leases (store, NULL);
  sqlite3_stmt *stmt;
  gint64 now = now_seconds ();
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
  gint64 now = now_seconds ();

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
  gint64 now = now_seconds ();

  for (guint i = 0; leases != NULL && i < leases->len; i++)
    {
      HeraldLeaseInfo *lease = &g_array_index (leases, HeraldLeaseInfo, i);
      if (lease->campaign_id == campaign_id &&
          herald_lease_is_alive (lease, herald_process_identity_self (), now))
        return TRUE;
    }
  return FALSE;
}

/* ---- retries and outcomes --------------------------------------------- */

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
 * sender does (see DESIGN.md, "Sending, in detail").
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

/* ---- a worker's journal ----------------------------------------------- */

void
herald_claim_free (HeraldClaim *claim)
{
  if (claim == NULL)
    return;
  g_free (claim->email);
  g_free (claim->message_id);
  g_free (claim);
}

static sqlite3_stmt *
prepare_or_fail (HeraldJournal  *self,
                 const char     *sql,
                 gboolean       *ok,
                 GError        **error)
{
  sqlite3_stmt *stmt;

  if (!*ok)
    return NULL;
  stmt = herald_store_prepare (self->store, sql, error);
  *ok = stmt != NULL;
  return stmt;
}

/**
 * herald_journal_new:
 * @store: a connection of the worker's own (not shared with other threads)
 * @durable_claims: fsync each claim (see the top of this file)
 *
 * Returns: (transfer full) (nullable): the worker's journal
 */
HeraldJournal *
herald_journal_new (HeraldStore  *store,
                    const char   *lease_id,
                    gint64        campaign_id,
                    gint64        list_id,
                    gboolean      durable_claims,
                    GError      **error)
{
  g_autoptr(HeraldJournal) self = g_new0 (HeraldJournal, 1);
  gboolean ok = TRUE;

  self->store = store;
  self->lease_id = g_strdup (lease_id);
  self->campaign_id = campaign_id;
  self->list_id = list_id;
  self->durable_claims = durable_claims;

  /* Queued rows first (the index gives them in list order), then deferred
   * ones that are due. */
  self->claim = prepare_or_fail (self,
      "UPDATE deliveries SET claimed_by = ?1"
      " WHERE id IN (SELECT id FROM deliveries"
      "   WHERE campaign_id = ?2 AND state = ?3 AND next_attempt_at <= ?4 AND claimed_by IS NULL"
      "   LIMIT ?5)"
      " RETURNING id, contact_id, email, message_id, attempts, first_attempt_at",
      &ok, error);
  /* At least one row, even for a contact without fields. */
  self->recipient = prepare_or_fail (self,
      "SELECT j.key, j.value,"
      "  (SELECT reason FROM suppressions WHERE email = ?1),"
      "  (SELECT status FROM list_members WHERE list_id = ?2 AND contact_id = ?3)"
      " FROM (SELECT 1) LEFT JOIN contacts c ON c.id = ?3 LEFT JOIN json_each(c.fields) j",
      &ok, error);
  self->sending = prepare_or_fail (self,
      "UPDATE deliveries SET state = 'sending', attempts = attempts + 1, updated_at = ?3"
      " WHERE id = ?1 AND claimed_by = ?2 AND state IN ('queued','deferred')",
      &ok, error);
  self->record = prepare_or_fail (self,
      "UPDATE deliveries SET state = ?3, last_code = ?4, last_enhanced = ?5, last_reply = ?6,"
      "  next_attempt_at = ?7,"
      "  sent_at = CASE WHEN ?3 = 'sent' THEN ?8 ELSE sent_at END,"
      "  first_attempt_at = CASE WHEN ?3 IN ('deferred','failed') THEN coalesce(first_attempt_at, ?8)"
      "                     ELSE first_attempt_at END,"
      "  claimed_by = NULL, updated_at = ?8"
      " WHERE id = ?1 AND claimed_by = ?2 AND state = 'sending'",
      &ok, error);
  self->suppress = prepare_or_fail (self,
      "INSERT INTO suppressions (email, reason, source) VALUES (?1, 'bounced', ?2)"
      " ON CONFLICT (email) DO NOTHING",
      &ok, error);
  self->unclaim = prepare_or_fail (self,
      "UPDATE deliveries SET claimed_by = NULL, next_attempt_at = max(next_attempt_at, ?3)"
      " WHERE id = ?1 AND claimed_by = ?2 AND state IN ('queued','deferred')",
      &ok, error);
  self->skip = prepare_or_fail (self,
      "UPDATE deliveries SET state = ?5, last_code = NULL, last_enhanced = NULL,"
      "  last_reply = ?3, claimed_by = NULL, updated_at = ?4"
      " WHERE id = ?1 AND claimed_by = ?2 AND state IN ('queued','deferred')",
      &ok, error);
  self->unmark = prepare_or_fail (self,
      "UPDATE deliveries SET state = ?3, attempts = max(0, attempts - 1)"
      " WHERE id = ?1 AND claimed_by = ?2 AND state = 'sending'",
      &ok, error);
  /* Statements rather than sqlite3_exec(): nothing is parsed per message. */
  self->begin = prepare_or_fail (self, "BEGIN IMMEDIATE", &ok, error);
  self->commit = prepare_or_fail (self, "COMMIT", &ok, error);
  self->sync_full = prepare_or_fail (self, "PRAGMA synchronous = FULL", &ok, error);
  self->sync_normal = prepare_or_fail (self, "PRAGMA synchronous = NORMAL", &ok, error);
  if (!ok)
    return NULL;
  herald_journal_tune_connection (store);
  /* Checkpoints are the coordinator's (herald_journal_checkpoint()), off
   * the workers' path to the network. */
  herald_store_exec (store, "PRAGMA wal_autocheckpoint = 0", NULL);
  herald_store_exec (store, "PRAGMA journal_size_limit = 67108864", NULL);
  return g_steal_pointer (&self);
}

void
herald_journal_free (HeraldJournal *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->claim, sqlite3_finalize);
  g_clear_pointer (&self->recipient, sqlite3_finalize);
  g_clear_pointer (&self->sending, sqlite3_finalize);
  g_clear_pointer (&self->record, sqlite3_finalize);
  g_clear_pointer (&self->suppress, sqlite3_finalize);
  g_clear_pointer (&self->unclaim, sqlite3_finalize);
  g_clear_pointer (&self->skip, sqlite3_finalize);
  g_clear_pointer (&self->unmark, sqlite3_finalize);
  g_clear_pointer (&self->begin, sqlite3_finalize);
  g_clear_pointer (&self->commit, sqlite3_finalize);
  g_clear_pointer (&self->sync_full, sqlite3_finalize);
  g_clear_pointer (&self->sync_normal, sqlite3_finalize);
  g_free (self->lease_id);
  g_free (self);
}

static gboolean
run_prepared (HeraldJournal  *self,
              sqlite3_stmt   *stmt,
              GError        **error)
{
  int rc = step_write (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return herald_store_set_error (self->store, rc, error);
  return TRUE;
}

/**
 * herald_journal_begin:
 *
 * Opens a write transaction (BEGIN IMMEDIATE) on the journal's connection.
 */
gboolean
herald_journal_begin (HeraldJournal  *self,
                      GError        **error)
{
  return run_prepared (self, self->begin, error);
}

gboolean
herald_journal_commit (HeraldJournal  *self,
                       GError        **error)
{
  return run_prepared (self, self->commit, error);
}

void
herald_journal_rollback (HeraldJournal *self)
{
  herald_store_rollback (self->store);
}

static gboolean
claim_state (HeraldJournal  *self,
             const char     *state,
             guint           max,
             gint64          now,
             GPtrArray      *out_claims,
             GError        **error)
{
  sqlite3_stmt *stmt = self->claim;
  int rc;

  sqlite3_bind_text (stmt, 1, self->lease_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, self->campaign_id);
  sqlite3_bind_text (stmt, 3, state, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, max);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeraldClaim *claim = g_new0 (HeraldClaim, 1);

      claim->id = sqlite3_column_int64 (stmt, 0);
      herald_delivery_state_from_string (state, &claim->state);
      claim->contact_id = sqlite3_column_int64 (stmt, 1);
      claim->email = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      claim->message_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      claim->attempts = sqlite3_column_int64 (stmt, 4);
      claim->first_attempt_at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (out_claims, claim);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return herald_store_set_error (self->store, rc, error);
  return TRUE;
}

/**
 * herald_journal_claim:
 * @now: Unix seconds: deliveries due by then
 * @out_claims: (element-type HeraldClaim): where the claimed rows go
 *
 * Claims up to @max due deliveries for this sender, atomically with
 * respect to every other sender in any process.
 */
gboolean
herald_journal_claim (HeraldJournal  *self,
                      guint           max,
                      gint64          now,
                      GPtrArray      *out_claims,
                      GError        **error)
{
  guint before = out_claims->len;
  gboolean ok;

  if (self->durable_claims && !run_prepared (self, self->sync_full, error))
    return FALSE;
  ok = herald_journal_begin (self, error) &&
       claim_state (self, "queued", max, now, out_claims, error) &&
       (out_claims->len - before >= max ||
        claim_state (self, "deferred", max - (out_claims->len - before), now, out_claims, error)) &&
       herald_journal_commit (self, error);
  if (!ok)
    {
      herald_store_rollback (self->store);
      g_ptr_array_set_size (out_claims, before);
    }
  if (self->durable_claims)
    run_prepared (self, self->sync_normal, NULL);
  return ok;
}

/**
 * herald_journal_read_recipient:
 * @out_fields: field name → value, both owned by the table
 * @out_excluded: (out) (transfer full) (nullable): why not to send, for
 *   people, when the recipient left since the campaign was created:
 *   suppressed (bounced, unsubscribed, complaint …), unsubscribed from the
 *   list, removed or deleted; %NULL when the message may go
 *
 * Reads a claimed delivery's merge fields, and whether it may still go,
 * in one query.
 */
gboolean
herald_journal_read_recipient (HeraldJournal      *self,
                               const HeraldClaim  *claim,
                               GHashTable         *out_fields,
                               char              **out_excluded,
                               GError            **error)
{
  sqlite3_stmt *stmt = self->recipient;
  const char *reason = NULL, *status = NULL;
  gboolean first = TRUE;
  int rc;

  g_hash_table_remove_all (out_fields);
  *out_excluded = NULL;
  if (claim->contact_id <= 0)
    {
      *out_excluded = g_strdup (_("The contact was deleted before the message was sent."));
      return TRUE;
    }
  sqlite3_bind_text (stmt, 1, claim->email, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, self->list_id);
  sqlite3_bind_int64 (stmt, 3, claim->contact_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (first)
        {
          reason = (const char *) sqlite3_column_text (stmt, 2);
          status = (const char *) sqlite3_column_text (stmt, 3);
          if (reason != NULL)
            /* TRANSLATORS: %s is a suppression reason: bounced, unsubscribed, complaint, manual */
            *out_excluded = g_strdup_printf (_("The address is on the suppression list (%s)."), reason);
          else if (status == NULL)
            *out_excluded = g_strdup (_("The contact was removed from the list before the message was sent."));
          else if (!g_str_equal (status, "subscribed"))
            *out_excluded = g_strdup (_("The contact unsubscribed before the message was sent."));
          first = FALSE;
        }
      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        g_hash_table_insert (out_fields,
                             g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                             g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (out_excluded, g_free);
      return herald_store_set_error (self->store, rc, error);
    }
  return TRUE;
}

/**
 * herald_journal_mark_sending:
 * @out_ours: (out): %FALSE when the row is no longer ours to send (skipped,
 *   cancelled or recovered meanwhile): then do not send it
 *
 * The write before the network step.
 */
gboolean
herald_journal_mark_sending (HeraldJournal  *self,
                             gint64          delivery_id,
                             gint64          now,
                             gboolean       *out_ours,
                             GError        **error)
{
  sqlite3_stmt *stmt = self->sending;
  int rc;

  sqlite3_bind_int64 (stmt, 1, delivery_id);
  sqlite3_bind_text (stmt, 2, self->lease_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now);
  rc = step_write (stmt);
  sqlite3_reset (stmt);
  *out_ours = rc == SQLITE_DONE && sqlite3_changes (herald_store_get_db (self->store)) == 1;
  if (rc != SQLITE_DONE)
    return herald_store_set_error (self->store, rc, error);
  return TRUE;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL && *text != '\0')
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
suppress_address (HeraldJournal  *self,
                  const char     *email,
                  const char     *source,
                  GError        **error)
{
  sqlite3_stmt *stmt = self->suppress;
  int rc;

  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 2, source);
  rc = step_write (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return herald_store_set_error (self->store, rc, error);
  return TRUE;
}

/**
 * herald_journal_record:
 * @next_attempt_at: for a deferred delivery: when it is due again
 * @suppress_source: (nullable): what the suppression list records as the
 *   source when @verdict suppresses the address
 *
 * The write after the network step: the outcome, the server's words, and
 * for an unknown user the suppression, in one transaction.
 */
gboolean
herald_journal_record (HeraldJournal        *self,
                       const HeraldClaim    *claim,
                       const HeraldVerdict  *verdict,
                       guint                 code,
                       const char           *enhanced,
                       const char           *reply,
                       gint64                next_attempt_at,
                       gint64                now,
                       const char           *suppress_source,
                       GError              **error)
{
  sqlite3_stmt *stmt = self->record;
  /* Its own transaction, unless the caller has one open already. */
  gboolean transaction = verdict->suppress && sqlite3_get_autocommit (herald_store_get_db (self->store));
  int rc;

  if (transaction && !herald_journal_begin (self, error))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, claim->id);
  sqlite3_bind_text (stmt, 2, self->lease_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, herald_delivery_state_to_string (verdict->state), -1, SQLITE_STATIC);
  if (code > 0)
    sqlite3_bind_int (stmt, 4, code);
  else
    sqlite3_bind_null (stmt, 4);
  bind_text_or_null (stmt, 5, enhanced);
  bind_text_or_null (stmt, 6, reply);
  sqlite3_bind_int64 (stmt, 7, verdict->state == HERALD_DELIVERY_DEFERRED ? next_attempt_at : 0);
  sqlite3_bind_int64 (stmt, 8, now);
  rc = step_write (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (self->store, rc, error);
      if (transaction)
        herald_store_rollback (self->store);
      return FALSE;
    }
  if (sqlite3_changes (herald_store_get_db (self->store)) == 0)
    g_warning ("Delivery %" G_GINT64_FORMAT " was taken from this sender while it was sending; "
               "its outcome (%s) was not recorded", claim->id,
               herald_delivery_state_to_string (verdict->state));

  if (verdict->suppress &&
      (!suppress_address (self, claim->email, suppress_source, error) ||
       (transaction && !herald_journal_commit (self, error))))
    {
      if (transaction)
        herald_store_rollback (self->store);
      return FALSE;
    }
  return TRUE;
}

/**
 * herald_journal_unclaim:
 *
 * Gives back a claimed, unsent delivery, due again at @next_attempt_at
 * (its domain's pacing holds it back; another may send it then).
 */
gboolean
herald_journal_unclaim (HeraldJournal  *self,
                        gint64          delivery_id,
                        gint64          next_attempt_at,
                        GError        **error)
{
  sqlite3_stmt *stmt = self->unclaim;
  int rc;

  sqlite3_bind_int64 (stmt, 1, delivery_id);
  sqlite3_bind_text (stmt, 2, self->lease_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, next_attempt_at);
  rc = step_write (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return herald_store_set_error (self->store, rc, error);
  return TRUE;
}

/**
 * herald_journal_skip:
 * @state: %HERALD_DELIVERY_SKIPPED (it need not go) or
 *   %HERALD_DELIVERY_FAILED (it cannot be made)
 * @reason: why, for people
 *
 * Settles a claimed delivery that never reached the network.
 */
gboolean
herald_journal_skip (HeraldJournal        *self,
                     gint64                delivery_id,
                     HeraldDeliveryState   state,
                     const char           *reason,
                     gint64                now,
                     GError              **error)
{
  sqlite3_stmt *stmt = self->skip;
  int rc;

  sqlite3_bind_int64 (stmt, 1, delivery_id);
  sqlite3_bind_text (stmt, 2, self->lease_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_text (stmt, 5, herald_delivery_state_to_string (state), -1, SQLITE_STATIC);
  rc = step_write (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return herald_store_set_error (self->store, rc, error);
  return TRUE;
}

/**
 * herald_journal_unmark_sending:
 *
 * Takes back herald_journal_mark_sending() when nothing was sent after
 * all (the sender stopped, or the pacer held the message back).
 */
gboolean
herald_journal_unmark_sending (HeraldJournal      *self,
                               const HeraldClaim  *claim,
                               GError            **error)
{
  sqlite3_stmt *stmt = self->unmark;
  int rc;

  sqlite3_bind_int64 (stmt, 1, claim->id);
  sqlite3_bind_text (stmt, 2, self->lease_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, herald_delivery_state_to_string (claim->state), -1, SQLITE_STATIC);
  rc = step_write (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return herald_store_set_error (self->store, rc, error);
  return TRUE;
}

/* SQLite's own busy handler sleeps in steps of up to 100 ms; a worker
 * waiting for another's commit (tens of microseconds, or one fsync) would
 * then send late and bunch up with the next message at a paced receiver.
 * Poll briefly first, then every millisecond, for up to 30 s. */
static int
on_busy_cb (void *data,
            int   count)
{
  if (count >= 200 + 30000)
    return 0;
  g_usleep (count < 200 ? 50 : 1000);
  return 1;
}

/**
 * herald_journal_tune_connection:
 *
 * Sets a sender connection's busy handler: see on_busy_cb().
 */
void
herald_journal_tune_connection (HeraldStore *store)
{
  sqlite3_busy_handler (herald_store_get_db (store), on_busy_cb, NULL);
}

/**
 * herald_journal_checkpoint:
 * @write_lock: (nullable): the mutex the sender's workers write under
 *
 * Copies what the write-ahead log holds into the database. The sender's
 * coordinator calls it every second, since its workers do not checkpoint
 * themselves (that would stall the one holding the write turn). A passive
 * checkpoint runs beside the writers; when the log has grown past 16 MB, a
 * restarting one, holding @write_lock so that the workers wait on a mutex
 * rather than poll, copies the rest and lets the next commit start the log
 * over — with writers never pausing, a log only checkpointed passively
 * would grow without end.
 */
void
herald_journal_checkpoint (HeraldStore *store,
                           GMutex      *write_lock)
{
  sqlite3 *db = herald_store_get_db (store);
  int log = 0, done = 0;

  if (sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done) != SQLITE_OK ||
      write_lock == NULL || log < 4096)
    return;
  g_mutex_lock (write_lock);
  /* Other programs' readers or writers may hold it up: do not wait long. */
  sqlite3_busy_timeout (db, 100);
  sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_RESTART, NULL, NULL);
  herald_journal_tune_connection (store);
  g_mutex_unlock (write_lock);
}
