/* herald-background.h — running on with the window closed: what is left to do, the portal, the notification
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "herald-session.h"

G_BEGIN_DECLS

#define HERALD_BACKGROUND_NOTIFICATION "running-in-background"

void     herald_background_count_pending_async  (HeraldSession        *session,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean herald_background_count_pending_finish (HeraldSession        *session,
                                                 GAsyncResult         *result,
                                                 guint64              *out_n,
                                                 GError              **error);
void     herald_background_request_portal       (void);
void     herald_background_notify               (GApplication         *app);
void     herald_background_withdraw             (GApplication         *app);

G_END_DECLS
