/* herald-campaign-item.h — one campaign, as the send controller keeps it
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "herald-campaign.h"
#include "herald-sender.h"

G_BEGIN_DECLS

/* How many deliveries of a campaign are in each state, as one value. */
typedef struct
{
  guint64 n[HERALD_DELIVERY_N_STATES];
} HeraldDeliveryCounts;

#define HERALD_TYPE_DELIVERY_COUNTS (herald_delivery_counts_get_type ())

GType herald_delivery_counts_get_type (void) G_GNUC_CONST;

#define HERALD_TYPE_CAMPAIGN_ITEM (herald_campaign_item_get_type ())

G_DECLARE_FINAL_TYPE (HeraldCampaignItem, herald_campaign_item, HERALD, CAMPAIGN_ITEM, GObject)

HeraldCampaignItem  *herald_campaign_item_new              (gint64                      id);

gint64               herald_campaign_item_get_id           (HeraldCampaignItem         *self);
const char          *herald_campaign_item_get_name         (HeraldCampaignItem         *self);
gint64               herald_campaign_item_get_account_id   (HeraldCampaignItem         *self);
HeraldCampaignState  herald_campaign_item_get_state        (HeraldCampaignItem         *self);
const char          *herald_campaign_item_get_pause_reason (HeraldCampaignItem         *self);
const char          *herald_campaign_item_get_list_name    (HeraldCampaignItem         *self);
const char          *herald_campaign_item_get_template_name (HeraldCampaignItem        *self);
gint64               herald_campaign_item_get_scheduled_at (HeraldCampaignItem         *self);
const guint64       *herald_campaign_item_get_counts       (HeraldCampaignItem         *self);
gboolean             herald_campaign_item_get_sending      (HeraldCampaignItem         *self);
HeraldSenderStatus   herald_campaign_item_get_sender_status (HeraldCampaignItem        *self);
guint64              herald_campaign_item_get_sent_now     (HeraldCampaignItem         *self);
double               herald_campaign_item_get_rate         (HeraldCampaignItem         *self);
gint64               herald_campaign_item_get_eta_seconds  (HeraldCampaignItem         *self);
gboolean             herald_campaign_item_is_live          (HeraldCampaignItem         *self);

/* What the send controller tells it. */
void                 herald_campaign_item_apply_info       (HeraldCampaignItem         *self,
                                                            const HeraldCampaignInfo   *info,
                                                            const guint64               counts[HERALD_DELIVERY_N_STATES]);
void                 herald_campaign_item_begin_run        (HeraldCampaignItem         *self);
void                 herald_campaign_item_apply_progress   (HeraldCampaignItem         *self,
                                                            const HeraldSenderProgress *progress);
void                 herald_campaign_item_end_run          (HeraldCampaignItem         *self,
                                                            const HeraldSenderProgress *progress);

/* What can be done with it. */
gboolean             herald_campaign_item_can_pause        (HeraldCampaignItem         *self);
gboolean             herald_campaign_item_can_resume       (HeraldCampaignItem         *self,
                                                            gboolean                    any_sending);
gboolean             herald_campaign_item_can_cancel       (HeraldCampaignItem         *self,
                                                            gboolean                    any_sending);

HeraldCampaignState  herald_campaign_state_after_run       (HeraldSenderStatus          status,
                                                            HeraldCampaignState         before);

G_END_DECLS
