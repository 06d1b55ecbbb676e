/* herald-sequence-due.c — which sequence steps are due for whom, and the
 * deliveries made for them
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a step is due. A contact's join date is when they joined the
 * sequence's list (list_members.added_at: set by the import that added
 * them, on the engine's clock, and never changed by a later import). Step
 * N with day D is due D days after that, at the same time of day, or, with
 * a time of day, at that local time D days after the day they joined —
 * but never before they joined (a welcome "on day 0 at 09:00" for someone
 * who joined at 15:00 is due at once).
 *
 * What a run does (herald_sequence_enqueue_due(), one transaction):
 *  1. Contacts who were unsubscribed from the list, or whose address is
 *     on the suppression list (bounced, unsubscribed, complained, by hand),
 *     before their last step leave the sequence for good (sequence_exits).
 *     People who declined marketing mail (herald-consent.c) get no step
 *     while they decline, and stay in the sequence.
 *  2. Steps whose time a contact's sending could no longer keep are
 *     recorded as skipped, in order: under the rule "skip" those more than
 *     a day late; under any rule those whose time passed before the step
 *     was added to the sequence.
 *  3. Due steps are queued, last step first. A step is queued for a
 *     contact only once the previous step was skipped, or its message
 *     has left (sent, failed or uncertain) and was queued at least a
 *     minute before (HERALD_SEQUENCE_STEP_GAP_SECONDS): so steps go in
 *     order, and a
 *     run — or two runs at once — queues at most one step per contact.
 *     Under "send", steps missed while no run happened thus go late, one
 *     a run. Each queued step gets its delivery in the step's campaign in
 *     the same transaction.
 * The key of sequence_sends, (step, contact), makes a second queueing of
 * the same step for the same contact impossible, whoever runs it; the
 * transaction is BEGIN IMMEDIATE, so two runners take turns.
 */
#define G_LOG_DOMAIN "herald-sequence"

#include "config.h"

#include "herald-sequence-private.h"
#include "herald-store-private.h"

/* The members of the list who are in the sequence now and done with the
 * previous step, with the time step ?4/?5 is due for each. ?1 list,
 * ?2 starts_at, ?3 now, ?4 day, ?5 at_minute or NULL, ?6 sequence, ?7 the
 * previous step or NULL, ?8 the step, ?9 the least time between steps,
 * ?13 members_before. */
#define CANDIDATES_SQL \
  "WITH cand AS (" \
  " SELECT m.contact_id AS contact_id," \
  "  max(m.added_at, CASE WHEN ?5 IS NULL" \
  "   THEN unixepoch(m.added_at, 'unixepoch', 'localtime', printf('%+d days', ?4), 'utc')" \
  "   ELSE unixepoch(m.added_at, 'unixepoch', 'localtime', 'start of day'," \
  "                  printf('%+d days', ?4), printf('%+d minutes', ?5), 'utc') END) AS due" \
  " FROM list_members m JOIN contacts c ON c.id = m.contact_id" \
  " WHERE m.list_id = ?1 AND " HERALD_SEQUENCE_ENTERED_SQL ("?2", "?13") \
  "  AND m.added_at <= ?3 AND m.status = 'subscribed'" \
  "  AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.email = c.email)" \
  "  AND NOT c.consent_declined" \
  "  AND NOT EXISTS (SELECT 1 FROM sequence_exits x WHERE x.sequence_id = ?6 AND x.contact_id = m.contact_id)" \
  "  AND NOT EXISTS (SELECT 1 FROM sequence_sends z WHERE z.step_id = ?8 AND z.contact_id = m.contact_id)" \
  "  AND (?7 IS NULL OR EXISTS (SELECT 1 FROM sequence_sends p LEFT JOIN deliveries d ON d.id = p.delivery_id" \
  "    WHERE p.step_id = ?7 AND p.contact_id = m.contact_id AND (p.outcome = 'skipped' OR" \
  "     (d.state IN ('sent','failed','uncertain','skipped') AND p.created_at <= ?3 - ?9))))" \
  ")"

/* ?10: skip what is more than ?12 seconds late; ?11: the step's created_at. */
#define SKIP_SQL \
  CANDIDATES_SQL \
  " INSERT INTO sequence_sends (step_id, contact_id, outcome, due_at, created_at)" \
  " SELECT ?8, contact_id, 'skipped', due, ?3 FROM cand" \
  " WHERE due <= ?3 AND ((?10 AND due < ?3 - ?12) OR due < ?11)" \
  " ON CONFLICT DO NOTHING"

#define QUEUE_SQL \
  CANDIDATES_SQL \
  " INSERT INTO sequence_sends (step_id, contact_id, outcome, due_at, created_at)" \
  " SELECT ?8, contact_id, 'queued', due, ?3 FROM cand WHERE due <= ?3" \
  " ON CONFLICT DO NOTHING"

typedef struct
{
  const HeraldSequence     *sequence;
  const HeraldSequenceStep *step;
  const HeraldSequenceStep *previous;   /* nullable */
  gint64                    now;
} Pass;

static gboolean
run_pass (HeraldStore  *store,
          const Pass   *pass,
          const char   *sql,
          gboolean      skip_late,
          guint64      *out_changes,
          GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pass->sequence->list_id);
  sqlite3_bind_int64 (stmt, 2, pass->sequence->starts_at);
  sqlite3_bind_int64 (stmt, 3, pass->now);
  sqlite3_bind_int64 (stmt, 4, pass->step->day);
  if (pass->step->at_minute >= 0)
    sqlite3_bind_int (stmt, 5, pass->step->at_minute);
  sqlite3_bind_int64 (stmt, 6, pass->sequence->id);
  if (pass->previous != NULL)
    sqlite3_bind_int64 (stmt, 7, pass->previous->id);
  sqlite3_bind_int64 (stmt, 8, pass->step->id);
  sqlite3_bind_int64 (stmt, 9, HERALD_SEQUENCE_STEP_GAP_SECONDS);
  /* ?10–?12 are the skips' only; a number left unused may still be bound. */
  sqlite3_bind_int (stmt, 10, skip_late);
  sqlite3_bind_int64 (stmt, 11, pass->step->created_at);
  sqlite3_bind_int64 (stmt, 12, HERALD_SEQUENCE_SKIP_AFTER_SECONDS);
  sqlite3_bind_int64 (stmt, 13, pass->sequence->members_before);
  return herald_store_finish (store, stmt, sqlite3_step (stmt), out_changes, error);
}

/* The domain of the step's sender: the template's own, or the account's. */
static gboolean
register_message_id (HeraldStore               *store,
                     const HeraldSequenceStep  *step,
                     GError                   **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT coalesce(t.from_addr, a.from_addr) FROM campaigns k"
      " JOIN templates t ON t.id = k.template_id JOIN accounts a ON a.id = k.account_id"
      " WHERE k.id = ?1", error);
  g_autofree char *from = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, step->campaign_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    from = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return herald_store_set_error (store, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
  return herald_store_register_message_id (store, from, error);
}

/* The deliveries of the step's rows queued in this run. */
static gboolean
make_deliveries (HeraldStore               *store,
                 const HeraldSequenceStep  *step,
                 GError                   **error)
{
  return register_message_id (store, step, error) &&
         herald_store_run_sql (store,
           "INSERT INTO deliveries (campaign_id, contact_id, email, message_id)"
           " SELECT ?1, c.id, c.email, herald_message_id(?1, c.id)"
           " FROM sequence_sends s JOIN contacts c ON c.id = s.contact_id"
           " WHERE s.step_id = ?2 AND s.outcome = 'queued' AND s.delivery_id IS NULL"
           " ORDER BY s.due_at, c.id"
           " ON CONFLICT (campaign_id, email) DO NOTHING",
           NULL, error, 2, step->campaign_id, step->id) &&
         herald_store_run_sql (store,
           "UPDATE sequence_sends SET delivery_id ="
           "  (SELECT d.id FROM deliveries d WHERE d.campaign_id = ?1 AND d.contact_id = sequence_sends.contact_id)"
           " WHERE step_id = ?2 AND outcome = 'queued' AND delivery_id IS NULL",
           NULL, error, 2, step->campaign_id, step->id);
}

static gboolean
record_exits (HeraldStore           *store,
              const HeraldSequence  *sequence,
              gint64                 now,
              guint64               *out_left,
              GError               **error)
{
  const HeraldSequenceStep *last = g_ptr_array_index (sequence->steps, sequence->steps->len - 1);

  return herald_store_run_sql (store,
      "INSERT INTO sequence_exits (sequence_id, contact_id, reason, left_at)"
      " SELECT ?1, m.contact_id, coalesce(s.reason, 'unsubscribed'), ?4"
      " FROM list_members m JOIN contacts c ON c.id = m.contact_id"
      " LEFT JOIN suppressions s ON s.email = c.email"
      " WHERE m.list_id = ?2 AND " HERALD_SEQUENCE_ENTERED_SQL ("?3", "?6") " AND m.added_at <= ?4"
      "  AND (m.status = 'unsubscribed' OR s.email IS NOT NULL)"
      "  AND NOT EXISTS (SELECT 1 FROM sequence_sends z WHERE z.step_id = ?5 AND z.contact_id = m.contact_id)"
      " ON CONFLICT DO NOTHING",
      out_left, error, 6, sequence->id, sequence->list_id, sequence->starts_at, now, last->id,
      sequence->members_before);
}

static gboolean
enqueue (HeraldStore            *store,
         const HeraldSequence   *sequence,
         gint64                  now,
         HeraldSequenceEnqueued *counts,
         GError                **error)
{
  GPtrArray *steps = sequence->steps;
  gboolean skip_late = sequence->catch_up == HERALD_SEQUENCE_CATCH_UP_SKIP;

  if (!record_exits (store, sequence, now, &counts->left, error))
    return FALSE;
  /* Skips first, in order: a skip sends nothing, so the next step may be
   * skipped or queued after it in this same run. */
  for (guint i = 0; i < steps->len; i++)
    {
      Pass pass = { sequence, g_ptr_array_index (steps, i), i > 0 ? g_ptr_array_index (steps, i - 1) : NULL, now };
      guint64 n = 0;

      if (!run_pass (store, &pass, SKIP_SQL, skip_late, &n, error))
        return FALSE;
      counts->skipped += n;
    }
  /* Then what goes, last step first: a step queued in this run does not
   * let the next one go in the same run. */
  for (guint i = steps->len; i-- > 0;)
    {
      Pass pass = { sequence, g_ptr_array_index (steps, i), i > 0 ? g_ptr_array_index (steps, i - 1) : NULL, now };
      guint64 n = 0;

      if (!run_pass (store, &pass, QUEUE_SQL, FALSE, &n, error))
        return FALSE;
      if (n > 0 && !make_deliveries (store, pass.step, error))
        return FALSE;
      counts->queued += n;
    }
  return TRUE;
}

/**
 * herald_sequence_enqueue_due:
 * @now: the engine's clock (herald_now_seconds())
 * @out: (out) (optional): what the run did
 *
 * Records who left @sequence, skips what its catch-up rule skips, and
 * makes a delivery in each step's campaign for every contact whose step
 * is due (see the top of this file), in one transaction. Sending them is
 * the sender's (herald_sequences_run_due() does both).
 */
gboolean
herald_sequence_enqueue_due (HeraldStore             *store,
                             const HeraldSequence    *sequence,
                             gint64                   now,
                             HeraldSequenceEnqueued  *out,
                             GError                 **error)
{
  HeraldSequenceEnqueued counts = { 0 };

  if (out != NULL)
    *out = counts;
  if (sequence->steps->len == 0)
    return TRUE;
  if (!herald_store_begin (store, error))
    return FALSE;
  if (!enqueue (store, sequence, now, &counts, error))
    {
      herald_store_rollback (store);
      return FALSE;
    }
  if (!herald_store_commit (store, error))
    {
      herald_store_rollback (store);
      return FALSE;
    }
  if (out != NULL)
    *out = counts;
  return TRUE;
}
