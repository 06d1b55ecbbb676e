/* herald-base.h — small helpers every layer of the engine uses
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gint64     herald_now_us             (void);
gint64     herald_now_seconds        (void);
GDateTime *herald_now_local          (void);
char      *herald_dup_bare_address   (const char *from);

G_END_DECLS
