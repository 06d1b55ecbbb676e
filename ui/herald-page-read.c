/* herald-page-read.c — a page's reading of the store: the newest one counts
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Reports and Sequences pages read what they show afresh each time
 * they are shown or changed, in the session's thread. Readings may
 * overlap (the page shown, then changed at once): each is numbered, and
 * one that comes back after a newer one was asked for is dropped, so an
 * older reading never replaces a newer one on screen.
 */
#define G_LOG_DOMAIN "herald-page-read"

#include "config.h"

#include "herald-page-read.h"

/* The job's data: read in the session's thread, freed wherever the
 * session drops the job. */
typedef struct
{
  HeraldPageReadFunc  func;
  gpointer            result;
  GDestroyNotify      result_free;
} Job;

/* The callback's: only ever touched in the main context. */
typedef struct
{
  GtkWidget          *page;         /* owned until the reading is back */
  guint              *generation;   /* the page's count of readings asked for */
  guint               asked;        /* this reading's number */
  HeraldPageReadDone  done;
} Reading;

static void
job_free (gpointer data)
{
  Job *job = data;

  if (job->result != NULL && job->result_free != NULL)
    job->result_free (job->result);
  g_free (job);
}

static gboolean
run_job (HeraldStore   *store,
         gpointer       data,
         GCancellable  *cancellable,
         GError       **error)
{
  Job *job = data;

  job->result = job->func (store, error);
  return job->result != NULL;
}

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Reading *reading = user_data;
  g_autoptr(GError) error = NULL;
  Job *job = NULL;

  herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      *reading->generation == reading->asked)
    reading->done (reading->page, error == NULL ? job->result : NULL, error);
  g_object_unref (reading->page);
  g_free (reading);
}

/**
 * herald_page_read:
 * @page: the page; kept alive until the reading is back
 * @session: (nullable): the window's session; without one nothing is read
 * @cancellable: (nullable): the page's, cancelled when it goes
 * @generation: the page's counter of readings, in its own struct
 * @func: reads the store, in the session's thread
 * @result_free: frees what @func returns
 * @done: shows what was read
 *
 * Reads in the session's shared thread (in order with the page's changes)
 * and calls @done with the result if no newer reading was asked for by
 * then.
 */
void
herald_page_read (GtkWidget          *page,
                  HeraldSession      *session,
                  GCancellable       *cancellable,
                  guint              *generation,
                  HeraldPageReadFunc  func,
                  GDestroyNotify      result_free,
                  HeraldPageReadDone  done)
{
  Reading *reading;
  Job *job;

  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (generation != NULL && func != NULL && done != NULL);

  if (session == NULL)
    return;
  job = g_new0 (Job, 1);
  job->func = func;
  job->result_free = result_free;
  reading = g_new0 (Reading, 1);
  reading->page = g_object_ref (page);
  reading->generation = generation;
  reading->asked = ++*generation;
  reading->done = done;
  herald_session_run_async (session, HERALD_SESSION_JOB_SHARED, run_job, job, job_free,
                            cancellable, on_read_cb, reading);
}
