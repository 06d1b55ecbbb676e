/* herald-campaign-format.h — campaign and delivery words and numbers for people
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "herald-campaign.h"
#include "herald-session.h"

G_BEGIN_DECLS

const char *herald_campaign_state_label   (HeraldCampaignState  state);
const char *herald_delivery_state_label   (HeraldDeliveryState  state);
char       *herald_format_duration        (gint64               seconds);
char       *herald_format_delivery_counts (const guint64        counts[HERALD_DELIVERY_N_STATES]);
char       *herald_format_attachment_problems (GPtrArray     *problems);
char       *herald_format_check_problems  (GPtrArray            *problems);

G_END_DECLS
