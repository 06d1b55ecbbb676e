/* herald-session.c — the store a window's pages share, and the threads its work runs in
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pages and dialogs never start threads: they hand the session a job
 * (herald_session_run_async()) and get the result back in the main
 * context. Jobs run in three small pools kept by the session class:
 *
 *  - shared: one thread, on the session's connection. One thread keeps
 *    the jobs in the order they were asked for, which the pages rely on
 *    (a reload after a change sees the change).
 *  - own store: one thread, each job on a connection of its own. An import
 *    holds its transaction for as long as it reads the file; on its own
 *    connection (the database is in WAL mode) the window's reads go on
 *    meanwhile. One at a time, as before: a dry run still rolling back
 *    when the import starts would otherwise make it wait for the lock.
 *  - no store: two threads, for the network, the keyring and files, which
 *    can take long without holding anything the others need.
 *
 * The pools belong to the class, not to a session: a session may be
 * released by the worker that drops a finished job's task, and a pool
 * cannot be freed from one of its own threads.
 */
#define G_LOG_DOMAIN "herald-session"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-account.h"
#include "herald-demo.h"
#include "herald-session.h"

/* Ten minutes: longer than any import of a list that fits on a disk. */
#define SHARED_BUSY_TIMEOUT_MS (10 * 60 * 1000)

/* The store's SQLite connection is opened without SQLite's own mutex, so
 * the shared jobs take turns through @lock. The main thread never takes
 * it: it only starts jobs and receives their results. */
struct _HeraldSession
{
  GObject      parent_instance;

  HeraldStore *store;
  char        *path;        /* for the connections of long jobs */
  GMutex       lock;
  gboolean     first_run;
  char        *demo_error;
};

typedef struct
{
  HeraldSessionJobFlags  flags;
  HeraldSessionJob       func;
  gpointer               data;
  GDestroyNotify         data_free;
  gulong                 cancelled_id;
  gint                   returned;     /* atomic: the task has its result */
} Job;

static GThreadPool *shared_pool;
static GThreadPool *own_store_pool;
static GThreadPool *no_store_pool;

G_DEFINE_FINAL_TYPE (HeraldSession, herald_session, G_TYPE_OBJECT)

static void
herald_session_finalize (GObject *object)
{
  HeraldSession *self = HERALD_SESSION (object);

  /* Every task holds a reference, so no thread uses the store any more. */
  g_clear_pointer (&self->store, herald_store_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->demo_error, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (herald_session_parent_class)->finalize (object);
}

static void job_thread (gpointer item,
                        gpointer pool_data);

static void
herald_session_class_init (HeraldSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_session_finalize;

  /* Not exclusive: idle threads are shared with GLib's other pools. */
  shared_pool = g_thread_pool_new (job_thread, NULL, 1, FALSE, NULL);
  own_store_pool = g_thread_pool_new (job_thread, NULL, 1, FALSE, NULL);
  no_store_pool = g_thread_pool_new (job_thread, NULL, 2, FALSE, NULL);
}

static void
herald_session_init (HeraldSession *self)
{
  g_mutex_init (&self->lock);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *requested = task_data;
  g_autofree char *path = requested != NULL ? g_strdup (requested) : herald_store_default_path ();
  g_autoptr(HeraldSession) self = NULL;
  g_autoptr(GError) error = NULL;
  gboolean existed = g_file_test (path, G_FILE_TEST_EXISTS);
  HeraldStore *store;

  store = herald_store_open (path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* An import or an export holds a write transaction on a connection of
   * its own for as long as the file takes: the shared jobs' writes wait
   * for it (in the shared thread, never the UI's), as they waited behind
   * it when it ran on this connection. */
  herald_store_set_busy_timeout (store, SHARED_BUSY_TIMEOUT_MS);

  self = g_object_new (HERALD_TYPE_SESSION, NULL);
  self->store = store;
  self->path = g_strdup (herald_store_get_path (store));
  self->first_run = !existed;

  /* A new database starts with the sample list and newsletter, so a first
   * look at Herald shows something real. The database itself is usable
   * even when that fails, so the failure is reported, not fatal. */
  if (self->first_run && !herald_demo_load (store, &error))
    {
      g_warning ("Could not load the sample data: %s", error->message);
      self->demo_error = g_strdup (error->message);
    }

  g_task_return_pointer (task, g_steal_pointer (&self), g_object_unref);
}

/**
 * herald_session_open_async:
 * @path: (nullable): the database file, or %NULL for `$HERALD_DB` or the
 *   default path
 *
 * Opens (creating when missing) the database in a worker thread. A database
 * that did not exist before gets the sample data.
 */
void
herald_session_open_async (const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, herald_session_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * herald_session_open_finish:
 *
 * Returns: (transfer full) (nullable): the session, or %NULL with @error
 *   set to the store's translated message
 */
HeraldSession *
herald_session_open_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
herald_session_get_first_run (HeraldSession *self)
{
  g_return_val_if_fail (HERALD_IS_SESSION (self), FALSE);

  return self->first_run;
}

/**
 * herald_session_get_demo_error:
 *
 * Returns: (nullable): why the sample data could not be loaded on first
 *   run, or %NULL
 */
const char *
herald_session_get_demo_error (HeraldSession *self)
{
  g_return_val_if_fail (HERALD_IS_SESSION (self), NULL);

  return self->demo_error;
}

/**
 * herald_session_get_path:
 *
 * Returns: the database file
 */
const char *
herald_session_get_path (HeraldSession *self)
{
  g_return_val_if_fail (HERALD_IS_SESSION (self), NULL);

  return self->path;
}

/* ---- jobs --------------------------------------------------------------- */

static void
job_free (Job *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_free (job);
}

/* The first result wins: with HERALD_SESSION_JOB_RETURN_ON_CANCEL a cancel
 * may have answered already while the job was still running. */
static void
job_return (GTask   *task,
            gboolean ok,
            GError  *error)
{
  Job *job = g_task_get_task_data (task);

  if (!g_atomic_int_compare_and_exchange (&job->returned, 0, 1))
    {
      g_clear_error (&error);
      return;
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_job_cancelled (GCancellable *cancellable,
                  gpointer      user_data)
{
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  job_return (G_TASK (user_data), FALSE, error);
}

static gboolean
run_on_own_store (HeraldSession  *self,
                  Job            *job,
                  GCancellable   *cancellable,
                  GError        **error)
{
  HeraldStore *store = herald_store_open (self->path, error);
  gboolean ok;

  if (store == NULL)
    return FALSE;
  ok = job->func (store, job->data, cancellable, error);
  herald_store_close (store);
  return ok;
}

static void
job_thread (gpointer item,
            gpointer pool_data)
{
  g_autoptr(GTask) task = item;
  HeraldSession *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;
  gboolean ok;

  /* Asked for and given up before its turn came. */
  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    ok = FALSE;
  else if (job->flags & HERALD_SESSION_JOB_NO_STORE)
    ok = job->func (NULL, job->data, cancellable, &error);
  else if (job->flags & HERALD_SESSION_JOB_OWN_STORE)
    ok = run_on_own_store (self, job, cancellable, &error);
  else
    {
      g_mutex_lock (&self->lock);
      ok = job->func (self->store, job->data, cancellable, &error);
      g_mutex_unlock (&self->lock);
    }

  if (!ok && error == NULL)
    {
      g_critical ("A job of the session failed without saying why");
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                   _("Herald could not read or change its data. Try again; if it keeps "
                                     "failing, restart Herald."));
    }
  /* Waits for a cancel handler still running in another thread, so the
   * task it was given is still there. */
  if (job->cancelled_id != 0)
    g_cancellable_disconnect (cancellable, job->cancelled_id);
  job_return (task, ok, error);
}

/**
 * herald_session_run_async:
 * @flags: where the job runs: see #HeraldSessionJobFlags
 * @func: the job, run in one of the session's threads
 * @data: (transfer full) (nullable): handed to @func, and back by
 *   herald_session_run_finish()
 * @data_free: (nullable): frees @data once the result is dropped
 * @callback: called in the calling thread's main context, with the
 *   session as its source
 *
 * Runs @func in one of the session's threads. Pages fill @data in @func
 * and read it in @callback.
 */
void
herald_session_run_async (HeraldSession         *self,
                          HeraldSessionJobFlags  flags,
                          HeraldSessionJob       func,
                          gpointer               data,
                          GDestroyNotify         data_free,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  GThreadPool *pool;
  Job *job;

  g_return_if_fail (HERALD_IS_SESSION (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (Job, 1);
  job->flags = flags;
  job->func = func;
  job->data = data;
  job->data_free = data_free;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_session_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  if ((flags & HERALD_SESSION_JOB_RETURN_ON_CANCEL) && cancellable != NULL)
    job->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_job_cancelled), task, NULL);

  if (flags & HERALD_SESSION_JOB_NO_STORE)
    pool = no_store_pool;
  else if (flags & HERALD_SESSION_JOB_OWN_STORE)
    pool = own_store_pool;
  else
    pool = shared_pool;
  /* The pool's thread owns the task until the job has run. */
  g_thread_pool_push (pool, g_steal_pointer (&task), NULL);
}

/**
 * herald_session_run_finish:
 * @out_data: (out) (transfer none) (optional): the data given to
 *   herald_session_run_async(), as the job left it; valid during the
 *   callback
 *
 * Returns: %FALSE with @error set when the job failed or was cancelled
 */
gboolean
herald_session_run_finish (HeraldSession  *self,
                           GAsyncResult   *result,
                           gpointer       *out_data,
                           GError        **error)
{
  Job *job;

  g_return_val_if_fail (HERALD_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == herald_session_run_async, FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (out_data != NULL)
    *out_data = job->data;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- typed jobs --------------------------------------------------------- */

static gboolean
list_accounts_job (HeraldStore   *store,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  GPtrArray **accounts = data;

  *accounts = herald_account_list (store, error);
  return *accounts != NULL;
}

static void
accounts_free (GPtrArray **accounts)
{
  g_clear_pointer (accounts, g_ptr_array_unref);
  g_free (accounts);
}

/**
 * herald_session_list_accounts_async:
 *
 * Reads the sending accounts, the Outbox included.
 */
void
herald_session_list_accounts_async (HeraldSession       *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  herald_session_run_async (self, HERALD_SESSION_JOB_SHARED, list_accounts_job,
                            g_new0 (GPtrArray *, 1), (GDestroyNotify) accounts_free,
                            cancellable, callback, user_data);
}

/**
 * herald_session_list_accounts_finish:
 *
 * Returns: (transfer full) (element-type HeraldAccount) (nullable): the
 *   accounts, or %NULL with @error set
 */
GPtrArray *
herald_session_list_accounts_finish (HeraldSession  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  GPtrArray **accounts = NULL;

  if (!herald_session_run_finish (self, result, (gpointer *) &accounts, error))
    return NULL;
  return g_steal_pointer (accounts);
}
