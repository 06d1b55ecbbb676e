/* test-sequence.c — step mail in the store: making sequences and steps,
 * when each step is due (local time of day, the join date's local day),
 * the order and spacing of steps, the catch-up rules, who leaves, and the
 * counts; and herald_sequences_run_due() sending to the Outbox
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "herald-base.h"
#include "herald-campaign.h"
#include "herald-sequence-run.h"
#include "herald-templates.h"
#include "herald-test-fixture.h"
#include "herald-time-of-day.h"

/* A step's template, day and time of day (-1: when the contact joined). */
#define PLAN(template_name, day, at_minute) \
  (&(HeraldSequenceStepPlan) { (template_name), (day), (at_minute) })

typedef HeraldTestFixture Fixture;

/* Japan Standard Time, +09:00 all year. */
static GTimeZone *tz;

static gint64
jst (int y, int mo, int d, int h, int mi)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, y, mo, d, h, mi, 0);

  return g_date_time_to_unix (dt);
}

static gint64
contact_id (Fixture    *f,
            const char *email)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM contacts WHERE email = '%s'", email);

  return herald_test_query_int (f->store, sql);
}

static void
set_joined (Fixture    *f,
            const char *email,
            gint64      when)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE list_members SET added_at = %" G_GINT64_FORMAT
                                          " WHERE contact_id = %" G_GINT64_FORMAT, when, contact_id (f, email));

  herald_test_exec (f->store, sql);
}

static gint64
due_of (Fixture    *f,
        guint       position,
        const char *email)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT coalesce((SELECT s.due_at FROM sequence_sends s JOIN sequence_steps t ON t.id = s.step_id"
      " WHERE t.position = %u AND s.contact_id = %" G_GINT64_FORMAT "), -1)", position, contact_id (f, email));

  return herald_test_query_int (f->store, sql);
}

static char *
outcome_of (Fixture    *f,
            guint       position,
            const char *email)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT coalesce((SELECT CASE s.outcome WHEN 'queued' THEN 1 ELSE 2 END FROM sequence_sends s"
      " JOIN sequence_steps t ON t.id = s.step_id"
      " WHERE t.position = %u AND s.contact_id = %" G_GINT64_FORMAT "), 0)", position, contact_id (f, email));
  gint64 n = herald_test_query_int (f->store, sql);

  return g_strdup (n == 1 ? "queued" : n == 2 ? "skipped" : "none");
}

/* The sequence "welcome" of the customers (ann, bob, cid; bounced@ is
 * suppressed, left@ unsubscribed), started 2027-01-04 00:00 JST: day 0
 * at the time of joining, day 1 at 09:00, day 3 at 23:30. */
static HeraldSequence *
make_welcome (Fixture               *f,
              HeraldSequenceCatchUp  rule)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  g_assert_cmpint (herald_sequence_add (f->store, "welcome", "customers", "outbox", rule, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (herald_sequence_add_step (f->store, "welcome", PLAN ("news", 0, -1), &error), ==, 1);
  g_assert_cmpuint (herald_sequence_add_step (f->store, "welcome", PLAN ("news", 1, 9 * 60), &error), ==, 2);
  g_assert_cmpuint (herald_sequence_add_step (f->store, "welcome", PLAN ("news", 3, 23 * 60 + 30), &error), ==, 3);
  g_assert_no_error (error);
  sql = g_strdup_printf ("UPDATE sequences SET starts_at = %" G_GINT64_FORMAT ";"
                         " UPDATE sequence_steps SET created_at = %" G_GINT64_FORMAT,
                         jst (2027, 1, 4, 0, 0), jst (2027, 1, 4, 0, 0));
  herald_test_exec (f->store, sql);
  set_joined (f, "ann@example.jp", jst (2027, 1, 4, 15, 0));
  /* 08:00 in Japan is still the day before in UTC: the day counts in local time. */
  set_joined (f, "bob@example.jp", jst (2027, 1, 5, 8, 0));
  /* On the list before the sequence began: never in it. */
  set_joined (f, "cid@docomo.ne.jp", jst (2027, 1, 3, 12, 0));
  set_joined (f, "bounced@example.jp", jst (2027, 1, 4, 12, 0));
  set_joined (f, "left@example.jp", jst (2027, 1, 4, 12, 0));
  return herald_sequence_find (f->store, "welcome", &error);
}

static void
enqueue (Fixture               *f,
         const HeraldSequence  *sequence,
         gint64                 now,
         guint64                want_queued,
         guint64                want_skipped)
{
  g_autoptr(GError) error = NULL;
  HeraldSequenceEnqueued counts;

  g_assert_true (herald_sequence_enqueue_due (f->store, sequence, now, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.queued, ==, want_queued);
  g_assert_cmpuint (counts.skipped, ==, want_skipped);
  /* The sender's part, done here by hand. */
  herald_test_exec (f->store, "UPDATE deliveries SET state = 'sent' WHERE state = 'queued'");
}

static void
test_parse_time (void)
{
  int m = -1;

  g_assert_true (herald_time_of_day_parse ("09:00", &m));
  g_assert_cmpint (m, ==, 540);
  g_assert_true (herald_time_of_day_parse ("9:05", &m));
  g_assert_cmpint (m, ==, 545);
  g_assert_true (herald_time_of_day_parse ("23:59", &m));
  g_assert_cmpint (m, ==, 1439);
  g_assert_false (herald_time_of_day_parse ("24:00", &m));
  g_assert_false (herald_time_of_day_parse ("9:5", &m));
  g_assert_false (herald_time_of_day_parse ("0900", &m));
  g_assert_false (herald_time_of_day_parse ("09:00pm", &m));
  g_assert_false (herald_time_of_day_parse ("", &m));
  g_assert_false (herald_time_of_day_parse (NULL, &m));
  g_assert_true (herald_time_of_day_parse ("０９：３０", &m));
  g_assert_cmpint (m, ==, 570);
  g_assert_false (herald_time_of_day_parse ("009:00", &m));
}

static void
test_make (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldSequence) sequence = make_welcome (f, HERALD_SEQUENCE_CATCH_UP_SEND);
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GPtrArray) all = NULL;
  const HeraldSequenceStep *step;

  g_assert_nonnull (sequence);
  g_assert_cmpstr (sequence->list_name, ==, "customers");
  g_assert_cmpstr (sequence->account_name, ==, "outbox");
  g_assert_cmpuint (sequence->steps->len, ==, 3);
  step = g_ptr_array_index (sequence->steps, 1);
  g_assert_cmpuint (step->day, ==, 1);
  g_assert_cmpint (step->at_minute, ==, 540);
  g_assert_cmpstr (step->template_name, ==, "news");

  /* A step before the last one, a name taken, names unknown: refused. */
  g_assert_cmpuint (herald_sequence_add_step (f->store, "welcome", PLAN ("news", 2, -1), &error), ==, 0);
  g_assert_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (herald_sequence_add_step (f->store, "welcome", PLAN ("news", 3, 23 * 60), &error), ==, 0);
  g_assert_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (herald_sequence_add_step (f->store, "welcome", PLAN ("nope", 9, -1), &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (herald_sequence_add_step (f->store, "nope", PLAN ("news", 9, -1), &error), ==, 0);
  g_assert_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (herald_sequence_add (f->store, "welcome", "customers", "outbox", 0, &error), ==, -1);
  g_assert_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (herald_sequence_add (f->store, "x", "no such list", "outbox", 0, &error), ==, -1);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM sequence_steps"), ==, 3);

  /* The steps' campaigns are the sequence's, not in the campaign list. */
  herald_test_create_campaign (f, "newsletter");
  campaigns = herald_campaign_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (campaigns->len, ==, 1);
  all = herald_sequence_list (f->store, &error);
  g_assert_cmpuint (all->len, ==, 1);
}

/* When each step is due, in order, one step a run. */
static void
test_due (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(HeraldSequence) sequence = make_welcome (f, HERALD_SEQUENCE_CATCH_UP_SEND);
  g_autofree char *outcome = NULL;

  enqueue (f, sequence, jst (2027, 1, 4, 14, 0), 0, 0);
  enqueue (f, sequence, jst (2027, 1, 4, 15, 0), 1, 0);
  g_assert_cmpint (due_of (f, 1, "ann@example.jp"), ==, jst (2027, 1, 4, 15, 0));
  /* Day 1 at 09:00 for ann; bob joins at 08:00 on the 5th. */
  enqueue (f, sequence, jst (2027, 1, 5, 8, 59), 1, 0);
  g_assert_cmpint (due_of (f, 1, "bob@example.jp"), ==, jst (2027, 1, 5, 8, 0));
  enqueue (f, sequence, jst (2027, 1, 5, 9, 0), 1, 0);
  g_assert_cmpint (due_of (f, 2, "ann@example.jp"), ==, jst (2027, 1, 5, 9, 0));
  enqueue (f, sequence, jst (2027, 1, 5, 23, 0), 0, 0);
  /* Bob's day 1 is the 6th in Japan (the 5th 08:00 is the 4th in UTC). */
  enqueue (f, sequence, jst (2027, 1, 6, 8, 59), 0, 0);
  enqueue (f, sequence, jst (2027, 1, 6, 9, 0), 1, 0);
  g_assert_cmpint (due_of (f, 2, "bob@example.jp"), ==, jst (2027, 1, 6, 9, 0));
  /* Ann's day 3 at 23:30. */
  enqueue (f, sequence, jst (2027, 1, 7, 23, 29), 0, 0);
  enqueue (f, sequence, jst (2027, 1, 7, 23, 30), 1, 0);
  g_assert_cmpint (due_of (f, 3, "ann@example.jp"), ==, jst (2027, 1, 7, 23, 30));
  /* Nothing twice, nothing for those who were on the list before. */
  enqueue (f, sequence, jst (2027, 1, 30, 12, 0), 1, 0);
  enqueue (f, sequence, jst (2027, 1, 31, 12, 0), 0, 0);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM sequence_sends"), ==, 6);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries"), ==, 6);
  outcome = outcome_of (f, 1, "cid@docomo.ne.jp");
  g_assert_cmpstr (outcome, ==, "none");
}

/* The computer was off: "send" sends what was missed late, one step a
 * run, and only once the previous step was sent; "skip" skips what is
 * more than a day late and sends the rest in the same run. */
static void
test_catch_up (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(HeraldSequence) sequence = make_welcome (f, HERALD_SEQUENCE_CATCH_UP_SEND);
  g_autoptr(GError) error = NULL;
  g_autofree char *outcome = NULL;

  /* Off from before ann joined until the 8th at 10:00: all three due. */
  g_assert_true (herald_sequence_enqueue_due (f->store, sequence, jst (2027, 1, 8, 10, 0), NULL, &error));
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM sequence_sends"), ==, 2);
  /* Not sent yet: the next step waits. */
  enqueue (f, sequence, jst (2027, 1, 8, 10, 5), 0, 0);
  /* Sent a minute ago or more: the next goes. */
  enqueue (f, sequence, jst (2027, 1, 8, 10, 6), 2, 0);
  enqueue (f, sequence, jst (2027, 1, 8, 10, 6), 0, 0);
  enqueue (f, sequence, jst (2027, 1, 8, 10, 7), 1, 0);
  g_assert_cmpint (due_of (f, 3, "ann@example.jp"), ==, jst (2027, 1, 7, 23, 30));

  /* The same under "skip". */
  herald_test_exec (f->store, "DELETE FROM sequence_sends; DELETE FROM deliveries;"
                              " UPDATE sequences SET catch_up = 'skip'");
  g_clear_pointer (&sequence, herald_sequence_free);
  sequence = herald_sequence_find (f->store, "welcome", &error);
  /* Ann: day 0 (65 h late) and day 1 (49 h) skipped, day 3 (10.5 h) goes;
   * bob: day 0 (50 h) skipped, day 1 (25 h) skipped, day 3 not yet due. */
  enqueue (f, sequence, jst (2027, 1, 8, 10, 0), 1, 4);
  outcome = outcome_of (f, 3, "ann@example.jp");
  g_assert_cmpstr (outcome, ==, "queued");
  g_clear_pointer (&outcome, g_free);
  outcome = outcome_of (f, 2, "bob@example.jp");
  g_assert_cmpstr (outcome, ==, "skipped");
}

/* Unsubscribed or suppressed before the last step: out for good. */
static void
test_leave (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(HeraldSequence) sequence = make_welcome (f, HERALD_SEQUENCE_CATCH_UP_SEND);
  g_autoptr(HeraldSequenceStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  HeraldSequenceEnqueued counts;

  enqueue (f, sequence, jst (2027, 1, 5, 9, 30), 2, 0);
  g_assert_true (herald_store_suppress (f->store, "ann@example.jp", "bounced", "test", &error));
  herald_test_exec (f->store, "UPDATE list_members SET status = 'unsubscribed'"
                              " WHERE contact_id = (SELECT id FROM contacts WHERE email = 'bob@example.jp')");
  g_assert_true (herald_sequence_enqueue_due (f->store, sequence, jst (2027, 1, 9, 0, 0), &counts, &error));
  g_assert_no_error (error);
  /* Ann and bob; the two who were out from the start left in the first run. */
  g_assert_cmpuint (counts.left, ==, 2);
  g_assert_cmpuint (counts.queued, ==, 0);
  g_assert_cmpint (herald_test_query_int (f->store,
                     "SELECT count(*) FROM sequence_exits WHERE reason = 'bounced'"), ==, 2);
  g_assert_cmpint (herald_test_query_int (f->store,
                     "SELECT count(*) FROM sequence_exits WHERE reason = 'unsubscribed'"), ==, 2);
  /* Back on the list: still out of the sequence. */
  herald_test_exec (f->store, "UPDATE list_members SET status = 'subscribed'");
  enqueue (f, sequence, jst (2027, 1, 10, 0, 0), 0, 0);

  status = herald_sequence_get_status (f->store, sequence, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status->entered, ==, 4);
  g_assert_cmpuint (status->left, ==, 4);
  g_assert_cmpuint (status->active, ==, 0);
  g_assert_cmpuint (status->finished, ==, 0);
  g_assert_cmpuint (status->steps[0].sent, ==, 2);
  g_assert_cmpuint (status->steps[1].sent, ==, 0);
}

/* Someone who declined marketing mail gets no step while they decline,
 * and is not out of the sequence for it. */
static void
test_declined (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(HeraldSequence) sequence = make_welcome (f, HERALD_SEQUENCE_CATCH_UP_SEND);
  g_autofree char *bob = NULL, *ann = NULL;

  herald_test_exec (f->store, "UPDATE contacts SET consent_declined = 1 WHERE email = 'bob@example.jp'");
  enqueue (f, sequence, jst (2027, 1, 5, 9, 30), 1, 0);
  bob = outcome_of (f, 1, "bob@example.jp");
  g_assert_cmpstr (bob, ==, "none");
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM sequence_exits"), ==, 2);   /* bounced@, left@ */

  herald_test_exec (f->store, "UPDATE contacts SET consent_declined = 0 WHERE email = 'bob@example.jp'");
  enqueue (f, sequence, jst (2027, 1, 5, 9, 40), 2, 0);
  g_free (bob);
  bob = outcome_of (f, 1, "bob@example.jp");
  ann = outcome_of (f, 2, "ann@example.jp");
  g_assert_cmpstr (bob, ==, "queued");
  g_assert_cmpstr (ann, ==, "queued");
}

/* The whole run: due steps made and sent to the Outbox. */
static void
test_run_due (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(HeraldSequence) sequence = make_welcome (f, HERALD_SEQUENCE_CATCH_UP_SEND);
  g_autoptr(HeraldSequenceStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *outbox = g_build_filename (f->dir, "outbox", NULL);
  HeraldSequenceRun run = { 0 };
  gint64 now = herald_now_seconds ();
  g_autofree char *sql = g_strdup_printf (
      "UPDATE sequences SET starts_at = %" G_GINT64_FORMAT ";"
      " UPDATE sequence_steps SET created_at = %" G_GINT64_FORMAT ";"
      " UPDATE list_members SET added_at = %" G_GINT64_FORMAT
      "  WHERE contact_id IN (SELECT id FROM contacts WHERE email IN ('ann@example.jp', 'bob@example.jp'))",
      now - 10 * 86400, now - 10 * 86400, now - 3600);

  g_setenv ("HERALD_OUTBOX", outbox, TRUE);
  /* On the engine's clock: ann and bob joined an hour ago. */
  herald_test_exec (f->store, sql);
  g_assert_true (herald_sequences_run_due (f->store, &run, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (run.queued, ==, 2);
  g_assert_cmpuint (run.sent, ==, 2);
  g_assert_cmpuint (run.n_stopped, ==, 0);
  herald_sequence_run_clear (&run);
  status = herald_sequence_get_status (f->store, sequence, &error);
  g_assert_cmpuint (status->steps[0].sent, ==, 2);
  g_assert_cmpint (herald_test_query_int (f->store,
                     "SELECT count(*) FROM deliveries d JOIN sequence_sends s ON s.delivery_id = d.id"
                     " WHERE d.state = 'sent'"), ==, 2);
}

/* A step whose sending stops (here: its template uses a field the list
 * lacks) is counted with the reason, paused, and tried again next run;
 * nothing of it went. */
static void
test_run_due_fault (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *outbox = g_build_filename (f->dir, "outbox", NULL);
  HeraldTemplateRecord record = { .name = (char *) "bad", .subject = (char *) "Hi",
                                  .html = (char *) "<p>{{ no_such_field }}</p>" };
  HeraldSequenceRun run = { 0 };
  const char *names[] = { "name", NULL };
  const char *values[] = { "Dan", NULL };

  g_setenv ("HERALD_OUTBOX", outbox, TRUE);
  g_assert_cmpint (herald_templates_save (f->store, &record, &error), >, 0);
  g_assert_cmpint (herald_sequence_add (f->store, "broken", "customers", "outbox",
                                        HERALD_SEQUENCE_CATCH_UP_SEND, &error), >, 0);
  g_assert_cmpuint (herald_sequence_add_step (f->store, "broken", PLAN ("bad", 0, -1), &error), ==, 1);
  g_assert_no_error (error);
  /* Dan joins now, maybe in the second the sequence was made: he enters,
   * those on the list before do not. */
  g_assert_cmpint (herald_store_upsert_contact (f->store, f->list_id, "dan@example.jp", names, values,
                                                NULL, &error), >, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (herald_sequences_run_due (f->store, &run, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (run.queued, ==, i == 0 ? 1 : 0);
      g_assert_cmpuint (run.sent, ==, 0);
      g_assert_cmpuint (run.n_stopped, ==, 1);
      g_assert_nonnull (strstr (run.problem, "“broken”, step 1"));
      herald_sequence_run_clear (&run);
    }
  g_assert_cmpint (herald_test_query_int (f->store,
                     "SELECT count(*) FROM campaigns WHERE state = 'paused' AND pause_reason IS NOT NULL"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store,
                     "SELECT count(*) FROM deliveries WHERE state = 'queued'"), ==, 1);
}

static gint64
campaign_template (Fixture    *f,
                   const char *campaign)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce((SELECT t.name = 'other' FROM campaigns k"
                                          " JOIN templates t ON t.id = k.template_id WHERE k.name = '%s'), -1)",
                                          campaign);

  return herald_test_query_int (f->store, sql);
}

/* Editing the steps: a new template, day and time within the neighbours'
 * times; moving a step's message to the next place (the places stay);
 * removing one, whose unsent message is then never sent, while the steps
 * after it move up and follow the one before; the campaigns named after
 * the places all along. */
static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldSequence) sequence = make_welcome (f, HERALD_SEQUENCE_CATCH_UP_SEND);
  g_autoptr(HeraldSequence) moved = NULL;
  g_autoptr(HeraldSequence) removed = NULL;
  HeraldTemplateRecord record = { .name = (char *) "other", .subject = (char *) "Other", .html = (char *) "<p>x</p>" };
  const HeraldSequenceStep *step;
  gint64 first_id, third_id;

  g_assert_cmpint (herald_templates_save (f->store, &record, &error), >, 0);
  first_id = ((HeraldSequenceStep *) g_ptr_array_index (sequence->steps, 0))->id;
  third_id = ((HeraldSequenceStep *) g_ptr_array_index (sequence->steps, 2))->id;

  /* Out of order, out of range, no such step or template: refused, nothing changed. */
  g_assert_false (herald_sequence_update_step (f->store, "welcome", 2, PLAN (NULL, 4, -1), &error));
  g_assert_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "day 3 or earlier"));
  g_clear_error (&error);
  g_assert_false (herald_sequence_update_step (f->store, "welcome", 3, PLAN (NULL, 0, 8 * 60), &error));
  g_assert_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (herald_sequence_update_step (f->store, "welcome", 9, PLAN (NULL, 9, -1), &error));
  g_assert_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (herald_sequence_update_step (f->store, "welcome", 2, PLAN ("no such", 1, -1), &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (herald_sequence_move_step (f->store, "welcome", 1, 3, &error));
  g_assert_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (herald_sequence_move_step (f->store, "welcome", 3, 4, &error));
  g_assert_error (error, HERALD_SEQUENCE_ERROR, HERALD_SEQUENCE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Step 2: day 2 at 10:00 with the other template, its campaign's too. */
  g_assert_true (herald_sequence_update_step (f->store, "welcome", 2, PLAN ("other", 2, 10 * 60), &error));
  g_assert_no_error (error);
  g_assert_cmpint (campaign_template (f, "welcome · step 2"), ==, 1);
  g_assert_cmpint (campaign_template (f, "welcome · step 1"), ==, 0);
  /* Back to the time of joining, template kept. */
  g_assert_true (herald_sequence_update_step (f->store, "welcome", 2, PLAN (NULL, 2, -1), &error));
  g_assert_no_error (error);

  /* Move step 3 up: its message goes at step 2's place (day 2), step 2's
   * at day 3 23:30; the campaigns follow their places' names. */
  g_assert_true (herald_sequence_move_step (f->store, "welcome", 3, 2, &error));
  g_assert_no_error (error);
  moved = herald_sequence_find (f->store, "welcome", &error);
  step = g_ptr_array_index (moved->steps, 1);
  g_assert_cmpint (step->id, ==, third_id);
  g_assert_cmpuint (step->day, ==, 2);
  g_assert_cmpint (step->at_minute, ==, -1);
  g_assert_cmpstr (step->template_name, ==, "news");
  step = g_ptr_array_index (moved->steps, 2);
  g_assert_cmpuint (step->day, ==, 3);
  g_assert_cmpint (step->at_minute, ==, 23 * 60 + 30);
  g_assert_cmpstr (step->template_name, ==, "other");
  g_assert_cmpint (campaign_template (f, "welcome · step 3"), ==, 1);
  g_assert_cmpint (campaign_template (f, "welcome · step 2"), ==, 0);

  /* Ann (joined day 0 15:00) is queued step 1; then step 1 is removed:
   * its message is never sent, and the step after it goes to her on its
   * day, once. */
  enqueue (f, moved, jst (2027, 1, 4, 16, 0), 1, 0);
  herald_test_exec (f->store, "UPDATE deliveries SET state = 'queued' WHERE state = 'sent'");
  g_assert_true (herald_sequence_remove_step (f->store, "welcome", 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (herald_test_query_int (f->store,
                     "SELECT count(*) FROM deliveries d JOIN campaigns k ON k.id = d.campaign_id"
                     " WHERE k.name LIKE 'welcome · removed step #%' AND k.state = 'cancelled'"
                     " AND d.state = 'skipped'"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries WHERE state = 'queued'"), ==, 0);
  removed = herald_sequence_find (f->store, "welcome", &error);
  g_assert_cmpuint (removed->steps->len, ==, 2);
  step = g_ptr_array_index (removed->steps, 0);
  g_assert_cmpint (step->id, ==, third_id);
  g_assert_cmpuint (step->position, ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM sequence_steps WHERE id = 0"), ==, 0);
  g_assert_cmpint (first_id, !=, third_id);
  g_assert_cmpint (campaign_template (f, "welcome · step 2"), ==, 1);
  g_assert_cmpint (campaign_template (f, "welcome · step 3"), ==, -1);
  enqueue (f, removed, jst (2027, 1, 5, 16, 0), 0, 0);
  enqueue (f, removed, jst (2027, 1, 6, 16, 0), 1, 0);
  {
    g_autofree char *ann = outcome_of (f, 1, "ann@example.jp");

    g_assert_cmpstr (ann, ==, "queued");
  }
  /* A step added now takes the next place and its name. */
  g_assert_cmpuint (herald_sequence_add_step (f->store, "welcome", PLAN ("news", 5, -1), &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpint (campaign_template (f, "welcome · step 3"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  /* SQLite's and GLib's local time both follow TZ. */
  g_setenv ("TZ", "Asia/Tokyo", TRUE);
  tzset ();
  tz = g_time_zone_new_identifier ("Asia/Tokyo");
  herald_test_init (&argc, &argv);
  g_test_add_func ("/sequence/parse-time", test_parse_time);
  g_test_add ("/sequence/make", Fixture, NULL, herald_test_set_up_customers, test_make, herald_test_tear_down);
  g_test_add ("/sequence/due", Fixture, NULL, herald_test_set_up_customers, test_due, herald_test_tear_down);
  g_test_add ("/sequence/catch-up", Fixture, NULL, herald_test_set_up_customers, test_catch_up, herald_test_tear_down);
  g_test_add ("/sequence/declined", Fixture, NULL, herald_test_set_up_customers, test_declined, herald_test_tear_down);
  g_test_add ("/sequence/leave", Fixture, NULL, herald_test_set_up_customers, test_leave, herald_test_tear_down);
  g_test_add ("/sequence/run-due", Fixture, NULL, herald_test_set_up_customers, test_run_due, herald_test_tear_down);
  g_test_add ("/sequence/edit", Fixture, NULL, herald_test_set_up_customers, test_edit, herald_test_tear_down);
  g_test_add ("/sequence/run-due-fault", Fixture, NULL, herald_test_set_up_customers, test_run_due_fault,
              herald_test_tear_down);
  return g_test_run ();
}
