/* test-server.h — a test server run as a child: started, its port read,
 * stopped
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSubprocess *herald_test_server_spawn (const char * const *argv,
                                       guint              *out_port);
void         herald_test_server_stop  (GSubprocess       **process);

G_END_DECLS
