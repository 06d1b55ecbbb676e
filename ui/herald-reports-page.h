/* herald-reports-page.h — every campaign's numbers and rates, side by side
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-session.h"

G_BEGIN_DECLS

#define HERALD_TYPE_REPORTS_PAGE (herald_reports_page_get_type ())

G_DECLARE_FINAL_TYPE (HeraldReportsPage, herald_reports_page, HERALD, REPORTS_PAGE, AdwBin)

void herald_reports_page_set_session (HeraldReportsPage *self,
                                      HeraldSession     *session);

G_END_DECLS
