/* herald-demo.h — the first-run sample data
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

#define HERALD_DEMO_LIST     "Sample customers"
#define HERALD_DEMO_TEMPLATE "Sample newsletter"

gboolean herald_demo_load (HeraldStore  *store,
                           GError      **error);

G_END_DECLS
