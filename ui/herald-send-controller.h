/* herald-send-controller.h — the application's campaigns and their senders
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "herald-campaign-item.h"
#include "herald-session.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SEND_CONTROLLER (herald_send_controller_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSendController, herald_send_controller, HERALD, SEND_CONTROLLER, GObject)

HeraldSendController *herald_send_controller_new          (void);

void                herald_send_controller_set_session    (HeraldSendController  *self,
                                                           HeraldSession         *session);
HeraldSession      *herald_send_controller_get_session    (HeraldSendController  *self);
GListModel         *herald_send_controller_get_campaigns  (HeraldSendController  *self);
HeraldCampaignItem *herald_send_controller_lookup         (HeraldSendController  *self,
                                                           gint64                 campaign_id);
void                herald_send_controller_refresh        (HeraldSendController  *self);
gboolean            herald_send_controller_get_sending    (HeraldSendController  *self);

gboolean            herald_send_controller_start          (HeraldSendController  *self,
                                                           gint64                 campaign_id,
                                                           GError               **error);
gboolean            herald_send_controller_pause          (HeraldSendController  *self,
                                                           gint64                 campaign_id);
gboolean            herald_send_controller_pause_all      (HeraldSendController  *self);
void                herald_send_controller_cancel_async   (HeraldSendController  *self,
                                                           gint64                 campaign_id,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
gboolean            herald_send_controller_cancel_finish  (HeraldSendController  *self,
                                                           GAsyncResult          *result,
                                                           GError               **error);
void                herald_send_controller_stop_all       (HeraldSendController  *self);

gboolean            herald_send_controller_can_pause      (HeraldSendController  *self,
                                                           gint64                 campaign_id);
gboolean            herald_send_controller_can_resume     (HeraldSendController  *self,
                                                           gint64                 campaign_id);
gboolean            herald_send_controller_can_cancel     (HeraldSendController  *self,
                                                           gint64                 campaign_id);

/* For tests: the campaigns as if just read from the store. */
void                herald_send_controller_take_loaded    (HeraldSendController  *self,
                                                           GPtrArray             *infos,
                                                           const guint64         *counts);

G_END_DECLS
