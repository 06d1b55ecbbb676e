/* herald-campaigns-page.h — sending a newsletter to a list
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-send-controller.h"

G_BEGIN_DECLS

#define HERALD_TYPE_CAMPAIGNS_PAGE (herald_campaigns_page_get_type ())

G_DECLARE_FINAL_TYPE (HeraldCampaignsPage, herald_campaigns_page, HERALD, CAMPAIGNS_PAGE, AdwBin)

void herald_campaigns_page_set_controller  (HeraldCampaignsPage  *self,
                                           HeraldSendController *controller);
void herald_campaigns_page_select_campaign (HeraldCampaignsPage  *self,
                                           gint64                campaign_id);
void herald_campaigns_page_prefer          (HeraldCampaignsPage  *self,
                                           const char           *list_name,
                                           const char           *template_name);
void herald_campaigns_page_add_toast       (HeraldCampaignsPage  *self,
                                           AdwToast             *toast);

G_END_DECLS
