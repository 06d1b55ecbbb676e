/* herald-sequences-page.c — step mail: the sequences and where they stand
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One group a sequence: its list, account and catch-up rule, who entered,
 * is in, finished and left; one row a step, in order, with its day, time
 * and template and what became of its messages. Read in the session's
 * threads (herald_sequence_list(), herald_sequence_get_status()) each
 * time the page is shown: runs of `herald-cli sequence run-due` change it
 * from outside.
 */
#define G_LOG_DOMAIN "herald-sequences-page"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "herald-sequence.h"
#include "herald-sequences-page.h"
#include "herald-time-of-day.h"

struct _HeraldSequencesPage
{
  AdwBin          parent_instance;

  GtkStack       *stack;
  GtkBox         *groups_box;

  HeraldSession  *session;
  GCancellable   *cancellable;
  guint           generation;   /* of the newest reading */
};

G_DEFINE_FINAL_TYPE (HeraldSequencesPage, herald_sequences_page, ADW_TYPE_BIN)

typedef struct
{
  GPtrArray *sequences;   /* HeraldSequence */
  GPtrArray *statuses;    /* HeraldSequenceStatus, one a sequence */
  guint      generation;
} ReadJob;

static void
read_job_free (gpointer data)
{
  ReadJob *job = data;

  g_clear_pointer (&job->sequences, g_ptr_array_unref);
  g_clear_pointer (&job->statuses, g_ptr_array_unref);
  g_free (job);
}

static gboolean
read_job (HeraldStore   *store,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  ReadJob *job = data;

  if ((job->sequences = herald_sequence_list (store, error)) == NULL)
    return FALSE;
  job->statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_sequence_status_free);
  for (guint i = 0; i < job->sequences->len; i++)
    {
      HeraldSequenceStatus *status = herald_sequence_get_status (store, g_ptr_array_index (job->sequences, i), error);

      if (status == NULL)
        return FALSE;
      g_ptr_array_add (job->statuses, status);
    }
  return TRUE;
}

/* The step's title: "Day 3 at 10:00 · Welcome guide". */
static char *
step_title (const HeraldSequenceStep *step)
{
  if (step->at_minute >= 0)
    {
      g_autofree char *time = herald_time_of_day_format (step->at_minute);
      /* TRANSLATORS: a sequence step: the day after joining, the time of day, the template's name */
      return g_strdup_printf (_("Day %u at %s · %s"), step->day, time, step->template_name);
    }
  /* TRANSLATORS: a sequence step sent at the time of day the contact joined: the day, the template's name */
  return g_strdup_printf (_("Day %u · %s"), step->day, step->template_name);
}

static GtkWidget *
make_step_row (const HeraldSequenceStep       *step,
               const HeraldSequenceStepCounts *c)
{
  g_autofree char *title = step_title (step);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  /* TRANSLATORS: what became of a sequence step's messages */
  subtitle = g_strdup_printf (_("%" PRIu64 " sent · %" PRIu64 " waiting · %" PRIu64 " failed · %"
                                PRIu64 " uncertain · %" PRIu64 " skipped"),
                              c->sent, c->pending, c->failed, c->uncertain, c->skipped);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
make_group (const HeraldSequence       *sequence,
            const HeraldSequenceStatus *status)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *title = g_markup_escape_text (sequence->name, -1);
  g_autofree char *description = NULL;
  g_autofree char *escaped = NULL;

  /* TRANSLATORS: under a sequence's name: its list, its account, what it
   * does with steps missed while Herald did not run, then counts of contacts */
  description = g_strdup_printf (_("List “%s” · account “%s” · %s\n%" PRIu64 " entered · %" PRIu64 " in it · %"
                                   PRIu64 " finished · %" PRIu64 " left"),
                                 sequence->list_name, sequence->account_name,
                                 sequence->catch_up == HERALD_SEQUENCE_CATCH_UP_SKIP
                                 ? _("steps more than a day late are skipped")
                                 : _("missed steps are sent late"),
                                 status->entered, status->active, status->finished, status->left);
  escaped = g_markup_escape_text (description, -1);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), escaped);
  for (guint i = 0; i < sequence->steps->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               make_step_row (g_ptr_array_index (sequence->steps, i), &status->steps[i]));
  if (sequence->steps->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No steps yet: add them with “herald-cli sequence step”."));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HeraldSequencesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  ReadJob *job = NULL;
  GtkWidget *child;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Reading the sequences: %s", error->message);
      return;
    }
  if (job->generation != self->generation)
    return;   /* a newer reading is on its way */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
  for (guint i = 0; i < job->sequences->len; i++)
    gtk_box_append (self->groups_box, make_group (g_ptr_array_index (job->sequences, i),
                                                  g_ptr_array_index (job->statuses, i)));
  gtk_stack_set_visible_child_name (self->stack, job->sequences->len > 0 ? "list" : "empty");
}

static void
reload (HeraldSequencesPage *self)
{
  ReadJob *job;

  if (self->session == NULL)
    return;
  job = g_new0 (ReadJob, 1);
  job->generation = ++self->generation;
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, read_job, job, read_job_free,
                            self->cancellable, on_read_cb, g_object_ref (self));
}

static void
on_map_cb (HeraldSequencesPage *self)
{
  reload (self);
}

/**
 * herald_sequences_page_set_session:
 *
 * Gives the page the window's session; it reads the sequences when shown.
 */
void
herald_sequences_page_set_session (HeraldSequencesPage *self,
                                   HeraldSession       *session)
{
  g_return_if_fail (HERALD_IS_SEQUENCES_PAGE (self));

  g_set_object (&self->session, session);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
}

static void
herald_sequences_page_dispose (GObject *object)
{
  HeraldSequencesPage *self = HERALD_SEQUENCES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  adw_bin_set_child (ADW_BIN (object), NULL);
  G_OBJECT_CLASS (herald_sequences_page_parent_class)->dispose (object);
}

static void
herald_sequences_page_class_init (HeraldSequencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_sequences_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-sequences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldSequencesPage, groups_box);
  gtk_widget_class_bind_template_child (widget_class, HeraldSequencesPage, stack);
}

static void
herald_sequences_page_init (HeraldSequencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self, "map", G_CALLBACK (on_map_cb), self);
}
