/* herald-sequence-edit.c — changing a sequence's steps: their template,
 * day and time, their order, and removing one
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Steps stay in time order (day, then time of day), as
 * herald_sequence_add_step() makes them, and numbered 1, 2, … without
 * gaps; each step's campaign is named after its place ("NAME · step N")
 * and is renamed with it.
 *
 * What editing does to the contacts already in the sequence follows from
 * how a run decides (herald-sequence-due.c): a step is queued for a
 * contact once, when it is due and the step before it is done. So
 *  - a new day or time applies to everyone the step was not queued for
 *    yet; a new template to every message of the step not yet made
 *    (a message is made when it is sent);
 *  - moving a step up or down moves its message, with everything sent
 *    of it, to the other place on the timeline: the places (day and time)
 *    stay where they were, and nobody gets a step twice;
 *  - removing a step takes it out of the sequence: messages of it not
 *    sent yet are not sent (they are marked skipped), those sent stay in
 *    its campaign's report, renamed "NAME · removed step #ID"; the step
 *    after it then follows the one before.
 */
#define G_LOG_DOMAIN "herald-sequence"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-sequence-private.h"
#include "herald-base.h"
#include "herald-store-private.h"
#include "herald-templates.h"

/* Whether a step at @day/@at may go before one at @next_day/@next_at
 * (a step at the time of joining goes with any time of the same day). */
static gboolean
in_order (guint day,
          int   at,
          guint next_day,
          int   next_at)
{
  return day < next_day || (day == next_day && (at < 0 || next_at < 0 || at <= next_at));
}

static const HeraldSequenceStep *
step_at (const HeraldSequence  *sequence,
         guint                  position,
         GError               **error)
{
  if (position >= 1 && position <= sequence->steps->len)
    return g_ptr_array_index (sequence->steps, position - 1);
  g_set_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_NOT_FOUND,
               /* TRANSLATORS: a step's number, a sequence's name, how many steps it has */
               _("The sequence “%s” has no step %u: it has %u. Choose one of them."),
               sequence->name, position, sequence->steps->len);
  return NULL;
}

static gboolean
rename_campaign (HeraldStore  *store,
                 gint64        campaign_id,
                 const char   *name,
                 GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store, "UPDATE campaigns SET name = ?1 WHERE id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, campaign_id);
  return herald_store_finish (store, stmt, sqlite3_step (stmt), NULL, error);
}

static gboolean
name_step_campaign (HeraldStore           *store,
                    const HeraldSequence  *sequence,
                    gint64                 campaign_id,
                    guint                  position,
                    GError               **error)
{
  g_autofree char *name = _herald_sequence_step_campaign_name (sequence, position);

  return rename_campaign (store, campaign_id, name, error);
}

/**
 * herald_sequence_update_step:
 * @position: the step, 1 for the first
 * @plan: its new template (%NULL keeps it), day and time of day
 *
 * Changes a step's template, day and time. The step must stay between the
 * steps before and after it in time.
 */
gboolean
herald_sequence_update_step (HeraldStore                   *store,
                             const char                    *name,
                             guint                          position,
                             const HeraldSequenceStepPlan  *plan,
                             GError                       **error)
{
  g_autoptr(HeraldSequence) sequence = NULL;
  g_autoptr(HeraldTemplateRecord) template = NULL;
  const HeraldSequenceStep *step, *before = NULL, *after = NULL;
  gint64 template_id;
  gboolean ok;

  if (!_herald_sequence_check_step_time (plan->day, plan->at_minute, error) ||
      (sequence = herald_sequence_find (store, name, error)) == NULL ||
      (step = step_at (sequence, position, error)) == NULL)
    return FALSE;
  if (plan->template_name != NULL &&
      (template = herald_templates_find (store, plan->template_name, error)) == NULL)
    return FALSE;
  template_id = template != NULL ? template->id : step->template_id;
  if (position > 1)
    before = g_ptr_array_index (sequence->steps, position - 2);
  if (position < sequence->steps->len)
    after = g_ptr_array_index (sequence->steps, position);
  if (before != NULL && !in_order (before->day, before->at_minute, plan->day, plan->at_minute))
    {
      g_set_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_INVALID,
                   _("Step %u would then come before step %u (day %u). Give it day %u or later, or move it."),
                   position, before->position, before->day, before->day);
      return FALSE;
    }
  if (after != NULL && !in_order (plan->day, plan->at_minute, after->day, after->at_minute))
    {
      g_set_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_INVALID,
                   _("Step %u would then come after step %u (day %u). Give it day %u or earlier, or move it."),
                   position, after->position, after->day, after->day);
      return FALSE;
    }

  if (!herald_store_begin (store, error))
    return FALSE;
  ok = herald_store_run_sql (store,
         "UPDATE sequence_steps SET template_id = ?2, day = ?3,"
         " at_minute = CASE WHEN ?4 < 0 THEN NULL ELSE ?4 END WHERE id = ?1",
         NULL, error, 4, step->id, template_id, (gint64) plan->day, (gint64) plan->at_minute) &&
       herald_store_run_sql (store, "UPDATE campaigns SET template_id = ?2 WHERE id = ?1",
                             NULL, error, 2, step->campaign_id, template_id);
  return herald_store_end (store, ok, error);
}

/**
 * herald_sequence_move_step:
 * @position: the step to move
 * @to: its new place, next to it (@position - 1 or @position + 1)
 *
 * Swaps two neighbouring steps' messages: the step at @position takes
 * the place (day and time) of the one at @to, and that one its place.
 */
gboolean
herald_sequence_move_step (HeraldStore  *store,
                           const char   *name,
                           guint         position,
                           guint         to,
                           GError      **error)
{
  g_autoptr(HeraldSequence) sequence = NULL;
  const HeraldSequenceStep *a, *b;
  gboolean ok;

  if ((sequence = herald_sequence_find (store, name, error)) == NULL ||
      (a = step_at (sequence, position, error)) == NULL ||
      (b = step_at (sequence, to, error)) == NULL)
    return FALSE;
  if (to + 1 != position && position + 1 != to)
    {
      g_set_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_INVALID,
                   _("A step moves one place at a time: step %u can go to %u or %u."),
                   position, position - 1, position + 1);
      return FALSE;
    }

  if (!herald_store_begin (store, error))
    return FALSE;
  /* Through a free position and a free campaign name, as both are unique. */
  ok = herald_store_run_sql (store, "UPDATE sequence_steps SET position = -position WHERE id = ?1",
                             NULL, error, 1, a->id) &&
       rename_campaign (store, a->campaign_id, "", error) &&
       herald_store_run_sql (store,
         "UPDATE sequence_steps SET position = ?2, day = ?3,"
         " at_minute = CASE WHEN ?4 < 0 THEN NULL ELSE ?4 END WHERE id = ?1",
         NULL, error, 4, b->id, (gint64) a->position, (gint64) a->day, (gint64) a->at_minute) &&
       name_step_campaign (store, sequence, b->campaign_id, a->position, error) &&
       herald_store_run_sql (store,
         "UPDATE sequence_steps SET position = ?2, day = ?3,"
         " at_minute = CASE WHEN ?4 < 0 THEN NULL ELSE ?4 END WHERE id = ?1",
         NULL, error, 4, a->id, (gint64) b->position, (gint64) b->day, (gint64) b->at_minute) &&
       name_step_campaign (store, sequence, a->campaign_id, b->position, error);
  return herald_store_end (store, ok, error);
}

/**
 * herald_sequence_remove_step:
 * @position: the step to remove
 *
 * Takes a step out of the sequence; the steps after it move up a place.
 * Its messages not sent yet are not sent (skipped); those sent stay in
 * its campaign, renamed "NAME · removed step #ID".
 */
gboolean
herald_sequence_remove_step (HeraldStore  *store,
                             const char   *name,
                             guint         position,
                             GError      **error)
{
  g_autoptr(HeraldSequence) sequence = NULL;
  g_autofree char *removed = NULL;
  const HeraldSequenceStep *step;
  gboolean ok;

  if ((sequence = herald_sequence_find (store, name, error)) == NULL ||
      (step = step_at (sequence, position, error)) == NULL)
    return FALSE;
  removed = g_strdup_printf ("%s · removed step #%" G_GINT64_FORMAT, sequence->name, step->id);

  if (!herald_store_begin (store, error))
    return FALSE;
  /* As herald_campaign_cancel() does: what was sent stays as it is. */
  ok = herald_store_run_sql (store,
         "UPDATE deliveries SET state = 'skipped', updated_at = ?2, claimed_by = NULL"
         " WHERE campaign_id = ?1 AND state IN ('queued','deferred')",
         NULL, error, 2, step->campaign_id, herald_now_seconds ()) &&
       herald_store_run_sql (store,
         "UPDATE campaigns SET state = 'cancelled', finished_at = ?2"
         " WHERE id = ?1 AND state IN ('draft','scheduled','sending','paused')",
         NULL, error, 2, step->campaign_id, herald_now_seconds ()) &&
       rename_campaign (store, step->campaign_id, removed, error) &&
       herald_store_run_sql (store, "DELETE FROM sequence_steps WHERE id = ?1", NULL, error, 1, step->id);
  for (guint i = position; ok && i < sequence->steps->len; i++)
    {
      const HeraldSequenceStep *later = g_ptr_array_index (sequence->steps, i);

      ok = herald_store_run_sql (store, "UPDATE sequence_steps SET position = ?2 WHERE id = ?1",
                                 NULL, error, 2, later->id, (gint64) later->position - 1) &&
           name_step_campaign (store, sequence, later->campaign_id, later->position - 1, error);
    }
  return herald_store_end (store, ok, error);
}
