/* herald-due-timer.h — the systemd user timer that runs `herald-cli
 * run-due` while the window is closed: installed, enabled, removed
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean  herald_due_timer_is_installed (void);
char     *herald_due_timer_find_cli     (void);
gboolean  herald_due_timer_install      (const char    *cli_path,
                                         GCancellable  *cancellable,
                                         GError       **error);
gboolean  herald_due_timer_remove       (GCancellable  *cancellable,
                                         GError       **error);

G_END_DECLS
