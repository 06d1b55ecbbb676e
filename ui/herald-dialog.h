/* herald-dialog.h — what every message dialog of Herald's needs
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void herald_dialog_name_buttons (GtkWidget *dialog);

G_END_DECLS
