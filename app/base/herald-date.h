/* herald-date.h — reading the dates people write in their lists
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *herald_date_parse (const char *text);

G_END_DECLS
