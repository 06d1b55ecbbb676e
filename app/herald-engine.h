/* herald-engine.h — process-wide set-up of the engine
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void    herald_engine_init            (void);
void    herald_engine_protect_process (void);
const char *herald_engine_get_localedir (void);
GBytes *herald_engine_dup_sample      (const char  *name,
                                       GError     **error);

G_END_DECLS
