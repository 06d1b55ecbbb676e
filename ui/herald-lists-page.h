/* herald-lists-page.h — address lists and their contacts
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-session.h"

G_BEGIN_DECLS

#define HERALD_TYPE_LISTS_PAGE (herald_lists_page_get_type ())

G_DECLARE_FINAL_TYPE (HeraldListsPage, herald_lists_page, HERALD, LISTS_PAGE, GtkWidget)

void herald_lists_page_set_session  (HeraldListsPage *self,
                                     HeraldSession   *session);
void herald_lists_page_set_settings (HeraldListsPage *self,
                                     GSettings       *settings);

G_END_DECLS
