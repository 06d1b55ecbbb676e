/* herald-session.h — the store a window's pages share, one thread at a time
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

void           herald_session_open_async      (const char           *path,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
HeraldSession *herald_session_open_finish     (GAsyncResult         *result,
                                               GError              **error);

gboolean       herald_session_get_first_run   (HeraldSession        *self);
const char    *herald_session_get_demo_error  (HeraldSession        *self);

HeraldStore   *herald_session_lock            (HeraldSession        *self);
void           herald_session_unlock          (HeraldSession        *self);

G_END_DECLS
