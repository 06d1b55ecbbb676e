/* herald-session.c — the store a window's pages share, one thread at a time
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-session"

#include "config.h"

#include "herald-demo.h"
#include "herald-session.h"

/* The store's SQLite connection is opened without SQLite's own mutex, so
 * worker threads take turns through @lock. The main thread never takes it:
 * it only starts tasks and receives their results. */
struct _HeraldSession
{
  GObject      parent_instance;

  HeraldStore *store;
  GMutex       lock;
  gboolean     first_run;
  char        *demo_error;
};

G_DEFINE_FINAL_TYPE (HeraldSession, herald_session, G_TYPE_OBJECT)

static void
herald_session_finalize (GObject *object)
{
  HeraldSession *self = HERALD_SESSION (object);

  /* Every task holds a reference, so no thread uses the store any more. */
  g_clear_pointer (&self->store, herald_store_close);
  g_clear_pointer (&self->demo_error, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (herald_session_parent_class)->finalize (object);
}

static void
herald_session_class_init (HeraldSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_session_finalize;
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

  self = g_object_new (HERALD_TYPE_SESSION, NULL);
  self->store = store;
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
 * herald_session_lock:
 *
 * Waits for the store to be free and takes it. Call only from a worker
 * thread, and give it back with herald_session_unlock().
 *
 * Returns: (transfer none): the store
 */
HeraldStore *
herald_session_lock (HeraldSession *self)
{
  g_return_val_if_fail (HERALD_IS_SESSION (self), NULL);

  g_mutex_lock (&self->lock);
  return self->store;
}

void
herald_session_unlock (HeraldSession *self)
{
  g_return_if_fail (HERALD_IS_SESSION (self));

  g_mutex_unlock (&self->lock);
}
