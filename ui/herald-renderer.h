/* herald-renderer.h — choose how GTK draws the window
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean herald_renderer_choose (void);

G_END_DECLS
