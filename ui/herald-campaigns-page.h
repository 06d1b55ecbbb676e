/* herald-campaigns-page.h — sending a newsletter to a list
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HERALD_TYPE_CAMPAIGNS_PAGE (herald_campaigns_page_get_type ())

G_DECLARE_FINAL_TYPE (HeraldCampaignsPage, herald_campaigns_page, HERALD, CAMPAIGNS_PAGE, AdwBin)

gboolean herald_campaigns_page_is_sending      (HeraldCampaignsPage *self);
gboolean herald_campaigns_page_pause           (HeraldCampaignsPage *self);
void     herald_campaigns_page_select_campaign (HeraldCampaignsPage *self,
                                                gint64               campaign_id);

G_END_DECLS
