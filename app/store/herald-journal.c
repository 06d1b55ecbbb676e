/* herald-journal.c — the deliveries table as a sender sees it: leases,
 * claims, the state written before and after each network step, retries
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a delivery is sent exactly once (ARCHITECTURE.md, "The rules")
 * ------------------------------------------------------------------
 * 1. A worker claims a small batch: claimed_by = its sender's lease, in one
 *    BEGIN IMMEDIATE transaction, so two processes never claim the same row.
 * 2. Before the network step: state = 'sending' (committed).
 * 3. Before the end of the data can leave (SMTP: the last bytes, which
 *    the final dot follows; the Outbox: the rename into new/): data_end_at
 *    (committed). Until then the server cannot have the whole message.
 * 4. After it: sent / deferred / failed / uncertain (committed).
 * A row found 'sending' whose lease is dead becomes 'uncertain' when its
 * data_end_at is set, and is never sent again unless the user asks;
 * without it, nothing whole reached the server, and it goes back to the
 * queue (herald-lease.c).
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

#include "herald-base.h"
#include "herald-journal.h"
#include "herald-store-private.h"
#include "herald-tracking.h"

/* The write-ahead log while sending (herald_journal_checkpoint()): a
 * restarting checkpoint once it holds this many pages (2 MB), and its file
 * cut back to this size (4 MB) when it starts over. */
#define WAL_RESTART_PAGES 512
#define WAL_SIZE_LIMIT    4194304

struct _HeraldJournal
{
  HeraldStore  *store;
  char         *lease_id;
  gint64        campaign_id;
  gint64        list_id;
  gboolean      durable_claims;
  sqlite3_stmt *claim;
  sqlite3_stmt *recipient;
  sqlite3_stmt *token;          /* NULL: the campaign tracks nothing */
  sqlite3_stmt *sending;
  sqlite3_stmt *data_end;
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
  g_autofree char *track_click = NULL;
  g_autofree char *track_open = NULL;
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
      "  (SELECT status FROM list_members WHERE list_id = ?2 AND contact_id = ?3),"
      "  c.consent_declined"
      " FROM (SELECT 1) LEFT JOIN contacts c ON c.id = ?3 LEFT JOIN json_each(c.fields) j",
      &ok, error);
  /* Each delivery's tracking token (herald-tracking.c), read only for a
   * campaign that tracks clicks or opens: the others' messages have no
   * use for it, and most campaigns are of those. */
  ok = ok && herald_tracking_get (store, campaign_id, &track_click, &track_open, error);
  if (track_click != NULL || track_open != NULL)
    self->token = prepare_or_fail (self, "SELECT track_token FROM deliveries WHERE id = ?1", &ok, error);
  self->sending = prepare_or_fail (self,
      "UPDATE deliveries SET state = 'sending', attempts = attempts + 1, updated_at = ?3,"
      "  data_end_at = NULL, account_id = ?4"
      " WHERE id = ?1 AND claimed_by = ?2 AND state IN ('queued','deferred')",
      &ok, error);
  self->data_end = prepare_or_fail (self,
      "UPDATE deliveries SET data_end_at = ?3"
      " WHERE id = ?1 AND claimed_by = ?2 AND state = 'sending'",
      &ok, error);
  self->record = prepare_or_fail (self,
      "UPDATE deliveries SET state = ?3, last_code = ?4, last_enhanced = ?5, last_reply = ?6,"
      "  next_attempt_at = ?7,"
      "  sent_at = CASE WHEN ?3 = 'sent' THEN ?8 ELSE sent_at END,"
      "  first_attempt_at = CASE WHEN ?3 IN ('deferred','failed') THEN coalesce(first_attempt_at, ?8)"
      "                     ELSE first_attempt_at END,"
      "  provider_message_id = coalesce(?9, provider_message_id),"
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
  herald_store_exec (store, "PRAGMA journal_size_limit = " G_STRINGIFY (WAL_SIZE_LIMIT), NULL);
  return g_steal_pointer (&self);
}

void
herald_journal_free (HeraldJournal *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->claim, sqlite3_finalize);
  g_clear_pointer (&self->recipient, sqlite3_finalize);
  g_clear_pointer (&self->token, sqlite3_finalize);
  g_clear_pointer (&self->sending, sqlite3_finalize);
  g_clear_pointer (&self->data_end, sqlite3_finalize);
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
  int rc = herald_store_step_write (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return herald_store_set_error (self->store, rc, error);
  return TRUE;
}

/* Binds the two parameters every statement on one claimed row starts with:
 * ?1 the delivery, ?2 this sender's lease. */
static sqlite3_stmt *
bind_delivery (HeraldJournal *self,
               sqlite3_stmt  *stmt,
               gint64         delivery_id)
{
  sqlite3_bind_int64 (stmt, 1, delivery_id);
  sqlite3_bind_text (stmt, 2, self->lease_id, -1, SQLITE_STATIC);
  return stmt;
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
 *   list, removed or deleted, or declined marketing mail; %NULL when the
 *   message may go
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
          else if (sqlite3_column_int (stmt, 4) != 0)
            *out_excluded = g_strdup (_("The person declined marketing mail. Record their "
                                        "consent first if they have agreed since."));
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
  /* The delivery's tracking token, for its links (herald-tracking.c). */
  if (self->token != NULL)
    {
      sqlite3_bind_int64 (self->token, 1, claim->id);
      rc = sqlite3_step (self->token);
      if (rc == SQLITE_ROW && sqlite3_column_type (self->token, 0) != SQLITE_NULL)
        g_hash_table_insert (out_fields, g_strdup (HERALD_JOURNAL_TRACK_TOKEN_FIELD),
                             g_strdup ((const char *) sqlite3_column_text (self->token, 0)));
      sqlite3_reset (self->token);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return herald_store_set_error (self->store, rc, error);
    }
  return TRUE;
}

/**
 * herald_journal_mark_sending:
 * @account_id: the account that sends it (the report names it); 0: none
 * @out_ours: (out): %FALSE when the row is no longer ours to send (skipped,
 *   cancelled or recovered meanwhile): then do not send it
 *
 * The write before the network step.
 */
gboolean
herald_journal_mark_sending (HeraldJournal  *self,
                             gint64          delivery_id,
                             gint64          account_id,
                             gint64          now,
                             gboolean       *out_ours,
                             GError        **error)
{
  sqlite3_stmt *stmt = bind_delivery (self, self->sending, delivery_id);

  sqlite3_bind_int64 (stmt, 3, now);
  if (account_id > 0)
    sqlite3_bind_int64 (stmt, 4, account_id);
  else
    sqlite3_bind_null (stmt, 4);
  *out_ours = FALSE;
  if (!run_prepared (self, stmt, error))
    return FALSE;
  *out_ours = sqlite3_changes (herald_store_get_db (self->store)) == 1;
  return TRUE;
}

/**
 * herald_journal_mark_data_end:
 * @out_ours: (out): %FALSE when the row is no longer ours to send: then
 *   the end of the data must not go out
 *
 * The write before the end of the data may leave (see the top of this
 * file): from here on, the server may have the whole message.
 */
gboolean
herald_journal_mark_data_end (HeraldJournal  *self,
                              gint64          delivery_id,
                              gint64          now,
                              gboolean       *out_ours,
                              GError        **error)
{
  sqlite3_stmt *stmt = bind_delivery (self, self->data_end, delivery_id);

  sqlite3_bind_int64 (stmt, 3, now);
  *out_ours = FALSE;
  if (!run_prepared (self, stmt, error))
    return FALSE;
  *out_ours = sqlite3_changes (herald_store_get_db (self->store)) == 1;
  return TRUE;
}

static gboolean
suppress_address (HeraldJournal  *self,
                  const char     *email,
                  const char     *source,
                  GError        **error)
{
  sqlite3_stmt *stmt = self->suppress;

  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_STATIC);
  herald_store_bind_text_or_null (stmt, 2, source);
  return run_prepared (self, stmt, error);
}

/**
 * herald_journal_record:
 * @attempt: the verdict, the server's reply, and for a deferred delivery
 *   when it is due again
 * @suppress_source: (nullable): what the suppression list records as the
 *   source when the verdict suppresses the address
 *
 * The write after the network step: the outcome, the server's words, and
 * for an unknown user the suppression, in one transaction.
 */
gboolean
herald_journal_record (HeraldJournal        *self,
                       const HeraldClaim    *claim,
                       const HeraldAttempt  *attempt,
                       gint64                now,
                       const char           *suppress_source,
                       GError              **error)
{
  const HeraldVerdict *verdict = &attempt->verdict;
  sqlite3_stmt *stmt = self->record;
  /* Its own transaction, unless the caller has one open already. */
  gboolean transaction = verdict->suppress && sqlite3_get_autocommit (herald_store_get_db (self->store));

  if (transaction && !herald_journal_begin (self, error))
    return FALSE;

  bind_delivery (self, stmt, claim->id);
  sqlite3_bind_text (stmt, 3, herald_delivery_state_to_string (verdict->state), -1, SQLITE_STATIC);
  if (attempt->code > 0)
    sqlite3_bind_int (stmt, 4, attempt->code);
  else
    sqlite3_bind_null (stmt, 4);
  herald_store_bind_text_or_null (stmt, 5, attempt->enhanced);
  herald_store_bind_text_or_null (stmt, 6, attempt->reply);
  sqlite3_bind_int64 (stmt, 7, verdict->state == HERALD_DELIVERY_DEFERRED ? attempt->next_attempt_at : 0);
  sqlite3_bind_int64 (stmt, 8, now);
  herald_store_bind_text_or_null (stmt, 9, attempt->provider_id);
  if (!run_prepared (self, stmt, error))
    {
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
  sqlite3_stmt *stmt = bind_delivery (self, self->unclaim, delivery_id);

  sqlite3_bind_int64 (stmt, 3, next_attempt_at);
  return run_prepared (self, stmt, error);
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
  sqlite3_stmt *stmt = bind_delivery (self, self->skip, delivery_id);

  sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_text (stmt, 5, herald_delivery_state_to_string (state), -1, SQLITE_STATIC);
  return run_prepared (self, stmt, error);
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
  sqlite3_stmt *stmt = bind_delivery (self, self->unmark, claim->id);

  sqlite3_bind_text (stmt, 3, herald_delivery_state_to_string (claim->state), -1, SQLITE_STATIC);
  return run_prepared (self, stmt, error);
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
 * herald_journal_tune_coordinator:
 *
 * The sender's coordinator's connection: waits out a busy database, and
 * keeps the write-ahead log's file from staying large after a checkpoint.
 */
void
herald_journal_tune_coordinator (HeraldStore *store)
{
  herald_journal_tune_connection (store);
  herald_store_exec (store, "PRAGMA journal_size_limit = " G_STRINGIFY (WAL_SIZE_LIMIT), NULL);
}

/**
 * herald_journal_checkpoint:
 * @write_lock: (nullable): the mutex the sender's workers write under
 *
 * Copies what the write-ahead log holds into the database. The sender's
 * coordinator calls it every tenth of a second, since its workers do not
 * checkpoint themselves (that would stall the one holding the write turn).
 * A passive checkpoint runs beside the writers; when the log has grown past
 * 2 MB, a restarting one, holding @write_lock so that the workers wait on a
 * mutex rather than poll, copies the rest and lets the next commit start
 * the log over — with writers never pausing, a log only checkpointed
 * passively would grow without end. At full speed the workers write some
 * 50 MB of log a second; checkpointed every second past 16 MB, the log
 * reached 30–40 MB for a 1 MB database; now it stays near 5 MB.
 */
void
herald_journal_checkpoint (HeraldStore *store,
                           GMutex      *write_lock)
{
  sqlite3 *db = herald_store_get_db (store);
  int log = 0, done = 0;

  if (sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done) != SQLITE_OK ||
      write_lock == NULL || log < WAL_RESTART_PAGES)
    return;
  g_mutex_lock (write_lock);
  /* Other programs' readers or writers may hold it up: do not wait long. */
  sqlite3_busy_timeout (db, 100);
  sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_RESTART, NULL, NULL);
  herald_journal_tune_connection (store);
  g_mutex_unlock (write_lock);
}

/**
 * herald_journal_make_room:
 *
 * On a full disk: copies the write-ahead log into the database and
 * truncates it, so that the few writes that say what happened (the
 * campaign paused, and why) find room again.
 */
void
herald_journal_make_room (HeraldStore *store)
{
  sqlite3 *db = herald_store_get_db (store);

  sqlite3_busy_timeout (db, 1000);
  sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  herald_journal_tune_connection (store);
}

/**
 * herald_journal_read_sent_minutes:
 * @account_id: > 0: what this account sent (in any campaign), @func gets a
 *   %NULL domain; 0: what was sent to each recipient domain, by any account
 * @since: Unix seconds
 *
 * Calls @func with the number of messages sent in each minute since
 * @since, so that hour and day limits remember the sending before a
 * restart.
 */
gboolean
herald_journal_read_sent_minutes (HeraldStore           *store,
                                  gint64                 account_id,
                                  gint64                 since,
                                  HeraldSentMinuteFunc   func,
                                  gpointer               user_data,
                                  GError               **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (account_id > 0)
    stmt = herald_store_prepare (store,
        "SELECT NULL, d.sent_at / 60 * 60, count(*) FROM deliveries d"
        " JOIN campaigns c ON c.id = d.campaign_id"
        " WHERE coalesce(d.account_id, c.account_id) = ?1 AND d.sent_at > ?2 GROUP BY 2", error);
  else
    stmt = herald_store_prepare (store,
        "SELECT lower(substr(email, instr(email, '@') + 1)), sent_at / 60 * 60, count(*)"
        " FROM deliveries WHERE sent_at > ?2 GROUP BY 1, 2", error);
  if (stmt == NULL)
    return FALSE;
  if (account_id > 0)
    sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, since);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func ((const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int64 (stmt, 1),
          sqlite3_column_int (stmt, 2), user_data);
  return herald_store_finish (store, stmt, rc, NULL, error);
}

/**
 * herald_journal_read_pending:
 * @out_next_due: (out): the earliest next attempt of the rows no one holds
 *   (0: none)
 * @out_held: (out): how many rows a sender holds (claimed or sending)
 *
 * What is left of a campaign, for a worker with nothing to claim now.
 */
gboolean
herald_journal_read_pending (HeraldStore  *store,
                             gint64        campaign_id,
                             gint64       *out_next_due,
                             gint64       *out_held,
                             GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare_with_id (store,
      /* max(…, 1): a queued row never tried (next_attempt_at 0) still
       * counts as left to send. */
      "SELECT min(CASE WHEN claimed_by IS NULL AND state != 'sending' THEN max(next_attempt_at, 1) END),"
      "       count(CASE WHEN claimed_by IS NOT NULL OR state = 'sending' THEN 1 END)"
      " FROM deliveries WHERE campaign_id = ?1 AND state IN ('queued','deferred','sending')",
      campaign_id, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_next_due = sqlite3_column_int64 (stmt, 0);
      *out_held = sqlite3_column_int64 (stmt, 1);
    }
  return herald_store_finish_row (store, stmt, rc, error);
}
