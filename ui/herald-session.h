/* herald-session.h — the store a window's pages share, and the threads its work runs in
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "herald-store.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SESSION (herald_session_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSession, herald_session, HERALD, SESSION, GObject)

/**
 * HeraldSessionJobFlags:
 * @HERALD_SESSION_JOB_SHARED: the session's own connection, one job at a
 *   time, in the order they were asked for
 * @HERALD_SESSION_JOB_OWN_STORE: long work (an import, an export) on a
 *   connection of its own to the same file, so that the shared jobs do not
 *   wait behind it; such jobs run one at a time too
 * @HERALD_SESSION_JOB_NO_STORE: work without the store (the network, the
 *   keyring, a file): the job gets %NULL
 * @HERALD_SESSION_JOB_RETURN_ON_CANCEL: the callback runs as soon as the
 *   cancellable is cancelled; the job itself ends in its thread, and its
 *   data must not be read after such a cancel
 *
 * Where a job runs: one of the first three, optionally with the last.
 */
typedef enum
{
  HERALD_SESSION_JOB_SHARED           = 0,
  HERALD_SESSION_JOB_OWN_STORE        = 1 << 0,
  HERALD_SESSION_JOB_NO_STORE         = 1 << 1,
  HERALD_SESSION_JOB_RETURN_ON_CANCEL = 1 << 2,
} HeraldSessionJobFlags;

/**
 * HeraldSessionJob:
 * @store: (nullable): the store to use, %NULL with %HERALD_SESSION_JOB_NO_STORE
 * @data: the data given to herald_session_run_async(), to read and fill in
 * @cancellable: (nullable): the job's cancellable
 * @error: set when the job fails
 *
 * Work done in one of the session's threads.
 *
 * Returns: %FALSE with @error set on failure
 */
typedef gboolean (*HeraldSessionJob) (HeraldStore   *store,
                                      gpointer       data,
                                      GCancellable  *cancellable,
                                      GError       **error);

void           herald_session_open_async      (const char           *path,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
HeraldSession *herald_session_open_finish     (GAsyncResult         *result,
                                               GError              **error);

gboolean       herald_session_get_first_run   (HeraldSession        *self);
const char    *herald_session_get_demo_error  (HeraldSession        *self);
const char    *herald_session_get_path        (HeraldSession        *self);

void           herald_session_run_async       (HeraldSession        *self,
                                               HeraldSessionJobFlags flags,
                                               HeraldSessionJob      func,
                                               gpointer              data,
                                               GDestroyNotify        data_free,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       herald_session_run_finish      (HeraldSession        *self,
                                               GAsyncResult         *result,
                                               gpointer             *out_data,
                                               GError              **error);

void           herald_session_list_accounts_async  (HeraldSession       *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray     *herald_session_list_accounts_finish (HeraldSession       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);


G_END_DECLS
