/* herald-screenshot.h — a PNG of a window, rendered in-process
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean herald_screenshot_save (GtkWidget   *widget,
                                 const char  *path,
                                 GError     **error);

G_END_DECLS
