/* herald-results-page.h — what happened to each sent message
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-send-controller.h"

G_BEGIN_DECLS

#define HERALD_TYPE_RESULTS_PAGE (herald_results_page_get_type ())

G_DECLARE_FINAL_TYPE (HeraldResultsPage, herald_results_page, HERALD, RESULTS_PAGE, AdwBin)

void herald_results_page_set_controller  (HeraldResultsPage    *self,
                                          HeraldSendController *controller);
void herald_results_page_select_campaign (HeraldResultsPage    *self,
                                          gint64                campaign_id);

G_END_DECLS
