/* herald-import-dialog.h — importing a CSV file into a list, with a preview
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-session.h"

G_BEGIN_DECLS

#define HERALD_TYPE_IMPORT_DIALOG (herald_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HeraldImportDialog, herald_import_dialog, HERALD, IMPORT_DIALOG, AdwWindow)

HeraldImportDialog *herald_import_dialog_new (GtkWindow     *parent,
                                              HeraldSession *session,
                                              GFile         *file);

G_END_DECLS
