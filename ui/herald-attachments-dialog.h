/* herald-attachments-dialog.h — a template's attachments: files for
 * everyone, each recipient's own file, and the check of the list's files
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-session.h"

G_BEGIN_DECLS

#define HERALD_TYPE_ATTACHMENTS_DIALOG (herald_attachments_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HeraldAttachmentsDialog, herald_attachments_dialog, HERALD, ATTACHMENTS_DIALOG, AdwWindow)

HeraldAttachmentsDialog *herald_attachments_dialog_new (GtkWindow     *parent,
                                                        HeraldSession *session,
                                                        gint64         template_id,
                                                        const char    *template_name,
                                                        gint64         list_id,
                                                        const char    *list_name);

G_END_DECLS
