/* herald-table-resolver.h — a GResolver that answers from a table, FOR
 * TESTS: it stands in for DNS, which the test machines cannot reach
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HERALD_TYPE_TABLE_RESOLVER (herald_table_resolver_get_type ())
G_DECLARE_FINAL_TYPE (HeraldTableResolver, herald_table_resolver, HERALD, TABLE_RESOLVER, GResolver)

HeraldTableResolver *herald_table_resolver_new           (const char  *table,
                                                          GError     **error);
HeraldTableResolver *herald_table_resolver_new_from_file (const char  *path,
                                                          GError     **error);
gboolean             herald_table_resolver_install_from_env (GError  **error);

G_END_DECLS
