/* herald-unsubscribe-link.h — a recipient's unsubscribe link and address
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *herald_unsubscribe_link_url    (const char *url,
                                      const char *token);
char *herald_unsubscribe_link_mailto (const char *mailto,
                                      const char *token,
                                      gboolean    in_address);

G_END_DECLS
