/* herald-sequence.c — step mail: making sequences and their steps,
 * reading them, and counting where each step stands
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What is due when, and the run that makes deliveries of it, is in
 * herald-sequence-due.c.
 */
#define G_LOG_DOMAIN "herald-sequence"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-account.h"
#include "herald-base.h"
#include "herald-campaign.h"
#include "herald-sequence-private.h"
#include "herald-store-private.h"
#include "herald-templates.h"

G_DEFINE_QUARK (herald-sequence-error-quark, herald_sequence_error)

const char *
herald_sequence_catch_up_to_string (HeraldSequenceCatchUp rule)
{
  return rule == HERALD_SEQUENCE_CATCH_UP_SKIP ? "skip" : "send";
}

gboolean
herald_sequence_catch_up_from_string (const char            *text,
                                      HeraldSequenceCatchUp *out)
{
  if (g_strcmp0 (text, "send") == 0)
    *out = HERALD_SEQUENCE_CATCH_UP_SEND;
  else if (g_strcmp0 (text, "skip") == 0)
    *out = HERALD_SEQUENCE_CATCH_UP_SKIP;
  else
    return FALSE;
  return TRUE;
}

static void
step_free (HeraldSequenceStep *step)
{
  g_free (step->template_name);
  g_free (step);
}

void
herald_sequence_free (HeraldSequence *sequence)
{
  if (sequence == NULL)
    return;
  g_free (sequence->name);
  g_free (sequence->list_name);
  g_free (sequence->account_name);
  g_clear_pointer (&sequence->steps, g_ptr_array_unref);
  g_free (sequence);
}

void
herald_sequence_status_free (HeraldSequenceStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->steps);
  g_free (status);
}

/* ---- making ------------------------------------------------------------- */

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_INVALID,
                   _("A sequence needs a name."));
      return FALSE;
    }
  return TRUE;
}

/**
 * herald_sequence_add:
 *
 * Makes a sequence of @list_name's contacts sent through @account_name.
 * Contacts who join the list from now on (the engine's clock) enter it;
 * those already in the list do not (not even those who joined in this
 * same second: list_members.id tells them apart).
 *
 * Returns: its id, or -1 with @error set
 */
gint64
herald_sequence_add (HeraldStore            *store,
                     const char             *name,
                     const char             *list_name,
                     const char             *account_name,
                     HeraldSequenceCatchUp   catch_up,
                     GError                **error)
{
  g_autoptr(HeraldAccount) account = NULL;
  sqlite3_stmt *stmt;
  gint64 list_id, id;
  gboolean taken;

  if (!check_name (name, error) ||
      (list_id = herald_store_find_list (store, list_name, error)) < 0 ||
      (account = herald_account_load (store, account_name, error)) == NULL)
    return -1;
  stmt = herald_store_prepare (store,
      "INSERT INTO sequences (name, list_id, account_id, catch_up, starts_at, created_at, members_before)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?5, (SELECT coalesce(max(id), 0) FROM list_members)) RETURNING id", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, list_id);
  sqlite3_bind_int64 (stmt, 3, account->id);
  sqlite3_bind_text (stmt, 4, herald_sequence_catch_up_to_string (catch_up), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, herald_now_seconds ());
  id = herald_store_finish_insert_id (store, stmt, herald_store_step_write (stmt), &taken, error);
  if (taken)
    g_set_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_EXISTS,
                 _("A sequence named “%s” exists already. Choose another name."), name);
  return id;
}

/* The campaign that holds a step's deliveries. Its name shows in
 * `herald-cli report`; it is left out of the campaign list. */
static gint64
insert_step_campaign (HeraldStore           *store,
                      const HeraldSequence  *sequence,
                      guint                  position,
                      gint64                 template_id,
                      GError               **error)
{
  g_autofree char *campaign_name = _herald_sequence_step_campaign_name (sequence, position);
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "INSERT INTO campaigns (name, template_id, list_id, account_id, created_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id", error);
  gboolean taken;
  gint64 id;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, campaign_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, template_id);
  sqlite3_bind_int64 (stmt, 3, sequence->list_id);
  sqlite3_bind_int64 (stmt, 4, sequence->account_id);
  sqlite3_bind_int64 (stmt, 5, herald_now_seconds ());
  id = herald_store_finish_insert_id (store, stmt, sqlite3_step (stmt), &taken, error);
  if (taken)
    g_set_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_EXISTS,
                 _("A step’s messages are kept in a campaign named “%s”, and a campaign of that name "
                   "exists already. Make the sequence again under another name."), campaign_name);
  return id;
}

/* The name of the campaign that holds the deliveries of step @position
 * ("NAME · step N"): given when the step is added, and again when it
 * moves to another place. */
char *
_herald_sequence_step_campaign_name (const HeraldSequence  *sequence,
                                     guint                  position)
{
  return g_strdup_printf ("%s · step %u", sequence->name, position);
}

/* A step's day and time of day (-1: when the contact joined), as a new
 * step and a changed one must have them. */
gboolean
_herald_sequence_check_step_time (guint     day,
                                  int       at_minute,
                                  GError  **error)
{
  if (day > 3650 || at_minute > 24 * 60 - 1)
    {
      g_set_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_INVALID,
                   _("A step’s day is a number from 0 to 3650, and its time of day HH:MM from 00:00 to 23:59."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_step_order (const HeraldSequence  *sequence,
                  guint                  day,
                  int                    at_minute,
                  GError               **error)
{
  const HeraldSequenceStep *last;

  if (sequence->steps->len == 0)
    return TRUE;
  last = g_ptr_array_index (sequence->steps, sequence->steps->len - 1);
  if (day > last->day ||
      (day == last->day && (at_minute < 0 || last->at_minute < 0 || at_minute >= last->at_minute)))
    return TRUE;
  g_set_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_INVALID,
               _("Steps go in the order they are added: this one would come before step %u (day %u). "
                 "Give it day %u or later."),
               last->position, last->day, last->day);
  return FALSE;
}

/**
 * herald_sequence_add_step:
 * @plan: the template (required), the day and the time of day
 *
 * Appends a step to the sequence @name. A step is never sent to a
 * contact whose time for it passed before the step was added.
 *
 * Returns: its position (1 for the first), or 0 with @error set
 */
guint
herald_sequence_add_step (HeraldStore                   *store,
                          const char                    *name,
                          const HeraldSequenceStepPlan  *plan,
                          GError                       **error)
{
  g_autoptr(HeraldSequence) sequence = NULL;
  g_autoptr(HeraldTemplateRecord) template = NULL;
  sqlite3_stmt *stmt;
  gint64 campaign_id;
  guint position;
  int rc;

  if (!_herald_sequence_check_step_time (plan->day, plan->at_minute, error) ||
      (sequence = herald_sequence_find (store, name, error)) == NULL ||
      (template = herald_templates_find (store, plan->template_name, error)) == NULL ||
      !check_step_order (sequence, plan->day, plan->at_minute, error))
    return 0;
  position = sequence->steps->len + 1;

  if (!herald_store_begin (store, error))
    return 0;
  if ((campaign_id = insert_step_campaign (store, sequence, position, template->id, error)) < 0 ||
      (stmt = herald_store_prepare (store,
         "INSERT INTO sequence_steps (sequence_id, position, template_id, day, at_minute, campaign_id, created_at)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error)) == NULL)
    {
      herald_store_rollback (store);
      return 0;
    }
  sqlite3_bind_int64 (stmt, 1, sequence->id);
  sqlite3_bind_int64 (stmt, 2, position);
  sqlite3_bind_int64 (stmt, 3, template->id);
  sqlite3_bind_int64 (stmt, 4, plan->day);
  if (plan->at_minute >= 0)
    sqlite3_bind_int (stmt, 5, plan->at_minute);
  sqlite3_bind_int64 (stmt, 6, campaign_id);
  sqlite3_bind_int64 (stmt, 7, herald_now_seconds ());
  rc = sqlite3_step (stmt);
  if (!herald_store_end_write (store, stmt, rc, error))
    return 0;
  return position;
}

/* ---- reading ------------------------------------------------------------ */

static gboolean
read_steps (HeraldStore     *store,
            HeraldSequence  *sequence,
            GError         **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT s.id, s.position, s.template_id, t.name, s.day, coalesce(s.at_minute, -1),"
      "  s.campaign_id, s.created_at"
      " FROM sequence_steps s JOIN templates t ON t.id = s.template_id"
      " WHERE s.sequence_id = ?1 ORDER BY s.position", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sequence->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeraldSequenceStep *step = g_new0 (HeraldSequenceStep, 1);

      step->id = sqlite3_column_int64 (stmt, 0);
      step->position = (guint) sqlite3_column_int64 (stmt, 1);
      step->template_id = sqlite3_column_int64 (stmt, 2);
      step->template_name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      step->day = (guint) sqlite3_column_int64 (stmt, 4);
      step->at_minute = sqlite3_column_int (stmt, 5);
      step->campaign_id = sqlite3_column_int64 (stmt, 6);
      step->created_at = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (sequence->steps, step);
    }
  return herald_store_finish (store, stmt, rc, NULL, error);
}

#define SEQUENCE_SQL \
  "SELECT q.id, q.name, q.list_id, l.name, q.account_id, a.name, q.catch_up, q.starts_at, q.created_at," \
  " q.members_before" \
  " FROM sequences q JOIN lists l ON l.id = q.list_id JOIN accounts a ON a.id = q.account_id"

static HeraldSequence *
sequence_from_row (sqlite3_stmt *stmt)
{
  HeraldSequence *sequence = g_new0 (HeraldSequence, 1);

  sequence->id = sqlite3_column_int64 (stmt, 0);
  sequence->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sequence->list_id = sqlite3_column_int64 (stmt, 2);
  sequence->list_name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  sequence->account_id = sqlite3_column_int64 (stmt, 4);
  sequence->account_name = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  herald_sequence_catch_up_from_string ((const char *) sqlite3_column_text (stmt, 6), &sequence->catch_up);
  sequence->starts_at = sqlite3_column_int64 (stmt, 7);
  sequence->created_at = sqlite3_column_int64 (stmt, 8);
  sequence->members_before = sqlite3_column_int64 (stmt, 9);
  sequence->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  return sequence;
}

/* Every sequence (@name NULL) or the one named @name, with their steps. */
static GPtrArray *
read_sequences (HeraldStore  *store,
                const char   *name,
                GError      **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_sequence_free);
  sqlite3_stmt *stmt = herald_store_prepare (store,
      SEQUENCE_SQL " WHERE ?1 IS NULL OR q.name = ?1 ORDER BY q.name", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (all, sequence_from_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      return NULL;
    }
  for (guint i = 0; i < all->len; i++)
    if (!read_steps (store, g_ptr_array_index (all, i), error))
      return NULL;
  return g_steal_pointer (&all);
}

/**
 * herald_sequence_find:
 *
 * Returns: (transfer full) (nullable): the sequence named @name with its
 *   steps, or %NULL with @error set
 */
HeraldSequence *
herald_sequence_find (HeraldStore  *store,
                      const char   *name,
                      GError      **error)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  if ((found = read_sequences (store, name, error)) == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_NOT_FOUND,
                   _("There is no sequence named “%s”. Check the name against your sequences."), name);
      return NULL;
    }
  return g_ptr_array_steal_index (found, 0);
}

/**
 * herald_sequence_list:
 *
 * Returns: (transfer full) (element-type HeraldSequence): every sequence
 *   with its steps, by name
 */
GPtrArray *
herald_sequence_list (HeraldStore  *store,
                      GError      **error)
{
  return read_sequences (store, NULL, error);
}

/* ---- counting ----------------------------------------------------------- */

static gboolean
count_step (HeraldStore               *store,
            const HeraldSequenceStep  *step,
            HeraldSequenceStepCounts  *counts,
            GError                   **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT s.outcome, d.state, count(*) FROM sequence_sends s"
      " LEFT JOIN deliveries d ON d.id = s.delivery_id"
      " WHERE s.step_id = ?1 GROUP BY s.outcome, d.state", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, step->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *outcome = (const char *) sqlite3_column_text (stmt, 0);
      const char *state = (const char *) sqlite3_column_text (stmt, 1);
      guint64 n = (guint64) sqlite3_column_int64 (stmt, 2);

      if (g_strcmp0 (outcome, "skipped") == 0 || state == NULL || g_str_equal (state, "skipped"))
        counts->skipped += n;
      else if (g_str_equal (state, "sent"))
        counts->sent += n;
      else if (g_str_equal (state, "failed"))
        counts->failed += n;
      else if (g_str_equal (state, "uncertain"))
        counts->uncertain += n;
      else
        counts->pending += n;
    }
  return herald_store_finish (store, stmt, rc, NULL, error);
}

/**
 * herald_sequence_get_status:
 *
 * Counts who entered @sequence, who is still in it, who finished it and
 * who left it, and where each step's deliveries stand.
 *
 * Returns: (transfer full) (nullable): the counts, or %NULL with @error set
 */
HeraldSequenceStatus *
herald_sequence_get_status (HeraldStore           *store,
                            const HeraldSequence  *sequence,
                            GError               **error)
{
  g_autoptr(HeraldSequenceStatus) status = g_new0 (HeraldSequenceStatus, 1);
  gint64 last_step = 0, entered = 0, active = 0, finished = 0, left = 0;

  status->n_steps = sequence->steps->len;
  status->steps = g_new0 (HeraldSequenceStepCounts, MAX (1, status->n_steps));
  if (sequence->steps->len > 0)
    last_step = ((HeraldSequenceStep *) g_ptr_array_index (sequence->steps, sequence->steps->len - 1))->id;

  if (!herald_store_query_int64 (store,
         "SELECT count(*) FROM list_members m WHERE m.list_id = ?1 AND " HERALD_SEQUENCE_ENTERED_SQL ("?2", "?5"),
         0, &entered, error, 5, sequence->list_id, sequence->starts_at, G_GINT64_CONSTANT (0),
         G_GINT64_CONSTANT (0), sequence->members_before) ||
      !herald_store_query_int64 (store,
         "SELECT count(*) FROM sequence_exits WHERE sequence_id = ?1", 0, &left, error, 1, sequence->id) ||
      !herald_store_query_int64 (store,
         "SELECT count(*) FROM sequence_sends WHERE step_id = ?1", 0, &finished, error, 1, last_step) ||
      !herald_store_query_int64 (store,
         "SELECT count(*) FROM list_members m JOIN contacts c ON c.id = m.contact_id"
         " WHERE m.list_id = ?1 AND " HERALD_SEQUENCE_ENTERED_SQL ("?2", "?5") " AND m.status = 'subscribed'"
         "   AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.email = c.email)"
         "   AND NOT EXISTS (SELECT 1 FROM sequence_exits x WHERE x.sequence_id = ?3 AND x.contact_id = m.contact_id)"
         "   AND NOT EXISTS (SELECT 1 FROM sequence_sends z WHERE z.step_id = ?4 AND z.contact_id = m.contact_id)",
         0, &active, error, 5, sequence->list_id, sequence->starts_at, sequence->id, last_step,
         sequence->members_before))
    return NULL;
  status->entered = entered;
  status->active = sequence->steps->len > 0 ? active : 0;
  status->finished = finished;
  status->left = left;
  for (guint i = 0; i < sequence->steps->len; i++)
    if (!count_step (store, g_ptr_array_index (sequence->steps, i), &status->steps[i], error))
      return NULL;
  return g_steal_pointer (&status);
}
