/* herald-templates-page.h — newsletter templates, read-only until the editor
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-session.h"

G_BEGIN_DECLS

#define HERALD_TYPE_TEMPLATES_PAGE (herald_templates_page_get_type ())

G_DECLARE_FINAL_TYPE (HeraldTemplatesPage, herald_templates_page, HERALD, TEMPLATES_PAGE, GtkWidget)

void     herald_templates_page_set_session          (HeraldTemplatesPage  *self,
                                                     HeraldSession        *session);

gboolean herald_templates_page_has_unsaved_changes  (HeraldTemplatesPage  *self);
void     herald_templates_page_confirm_leave_async  (HeraldTemplatesPage  *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean herald_templates_page_confirm_leave_finish (HeraldTemplatesPage  *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
