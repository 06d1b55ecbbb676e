/* herald-template-attach.h — changing a stored template's attachments:
 * files for everyone, and the fields (and their folder) naming each
 * recipient's own file
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-template-parts.h"
#include "herald-store.h"

G_BEGIN_DECLS

gboolean herald_templates_add_attachment    (HeraldStore               *store,
                                             gint64                     template_id,
                                             const HeraldTemplatePart  *part,
                                             GError                   **error);
HeraldTemplatePart *
         herald_templates_remove_attachment (HeraldStore               *store,
                                             gint64                     template_id,
                                             const char                *filename,
                                             GError                   **error);
gboolean herald_templates_set_attach_fields (HeraldStore               *store,
                                             gint64                     template_id,
                                             const char * const        *fields,
                                             const char                *folder,
                                             GError                   **error);

G_END_DECLS
