/* herald-suppressions-page.h — the addresses Herald never sends to
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-session.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SUPPRESSIONS_PAGE (herald_suppressions_page_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSuppressionsPage, herald_suppressions_page, HERALD, SUPPRESSIONS_PAGE, AdwBin)

void herald_suppressions_page_reload      (HeraldSuppressionsPage *self);
void herald_suppressions_page_set_session (HeraldSuppressionsPage *self,
                                           HeraldSession          *session);

G_END_DECLS
