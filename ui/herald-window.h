/* herald-window.h — Herald's main window
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-application.h"

#include "herald-session.h"

G_BEGIN_DECLS

#define HERALD_TYPE_WINDOW (herald_window_get_type ())

G_DECLARE_FINAL_TYPE (HeraldWindow, herald_window, HERALD, WINDOW, AdwApplicationWindow)

HeraldWindow *herald_window_new       (HeraldApplication *application,
                                       const char        *db_path);
HeraldSession *herald_window_get_session (HeraldWindow *self);
void          herald_window_add_toast (HeraldWindow      *self,
                                       AdwToast          *toast);
void          herald_window_show_campaign (HeraldWindow  *self,
                                           const char    *page,
                                           gint64         campaign_id);
void          herald_window_quit      (HeraldWindow      *self);
gboolean      herald_window_decide_late (HeraldWindow    *self,
                                         gint64           campaign_id,
                                         gboolean         send);

void          herald_window_close_to_quit (HeraldWindow *self);

G_END_DECLS
