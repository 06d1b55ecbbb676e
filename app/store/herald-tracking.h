/* herald-tracking.h — a campaign's own tracking addresses and each
 * delivery's token (herald-tracking.c)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

gboolean herald_tracking_store          (HeraldStore  *store,
                                         gint64        campaign_id,
                                         const char   *click_pattern,
                                         const char   *open_pattern,
                                         GError      **error);
gboolean herald_tracking_get            (HeraldStore  *store,
                                         gint64        campaign_id,
                                         char        **out_click,
                                         char        **out_open,
                                         GError      **error);
gint64   herald_tracking_find_delivery  (HeraldStore  *store,
                                         gint64        campaign_id,
                                         const char   *token,
                                         GError      **error);

G_END_DECLS
