/* herald-domain-hints.h — what an address's parts suggest: a mistyped
 * provider domain, a role address, a free-mail provider
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *herald_domain_suggest        (const char *domain);
gboolean  herald_domain_is_provider    (const char *domain);
gboolean  herald_address_is_role       (const char *address);
guint     herald_edit_distance         (const char *a,
                                        const char *b,
                                        guint       limit);

G_END_DECLS
