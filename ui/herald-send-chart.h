/* herald-send-chart.h — messages sent over time, while a campaign sends
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "herald-campaign-item.h"
#include "herald-sender.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SEND_CHART (herald_send_chart_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSendChart, herald_send_chart, HERALD, SEND_CHART, GtkWidget)

GtkWidget *herald_send_chart_new      (void);
void       herald_send_chart_reset    (HeraldSendChart            *self);
void       herald_send_chart_follow   (HeraldSendChart            *self,
                                       HeraldCampaignItem         *item);
guint      herald_send_chart_get_n_intervals (HeraldSendChart     *self);

G_END_DECLS
