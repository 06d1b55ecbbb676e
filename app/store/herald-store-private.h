/* herald-store-private.h — the SQL side of the store, for the modules of
 * app/store/ only: the connection, prepared statements, errors
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing outside app/store/ includes this header (ui/ and cli/ cannot:
 * their builds put a wall header named sqlite3.h first on the include
 * path, see app/walls/).
 */
#pragma once

#include <sqlite3.h>

#include "herald-store.h"

G_BEGIN_DECLS

/* herald-store-schema.c: step N-1 takes the schema from version N-1 to N. */
extern const char * const herald_store_migrations[];

sqlite3      *herald_store_get_db           (HeraldStore  *self);
gboolean      herald_store_exec             (HeraldStore  *self,
                                             const char   *sql,
                                             GError      **error);
sqlite3_stmt *herald_store_prepare          (HeraldStore  *self,
                                             const char   *sql,
                                             GError      **error);
gboolean      herald_store_set_error        (HeraldStore  *self,
                                             int           rc,
                                             GError      **error);

gboolean      herald_store_query_int64      (HeraldStore  *store,
                                             const char   *sql,
                                             gint64        fallback,
                                             gint64       *out,
                                             GError      **error,
                                             guint         n,
                                             ...);
gboolean      herald_store_run_sql          (HeraldStore  *store,
                                             const char   *sql,
                                             guint64      *out_changes,
                                             GError      **error,
                                             guint         n,
                                             ...);
gboolean      herald_store_finish           (HeraldStore  *store,
                                             sqlite3_stmt *stmt,
                                             int           rc,
                                             guint64      *out_changes,
                                             GError      **error);
gboolean      herald_store_finish_insert_new (HeraldStore  *store,
                                             sqlite3_stmt *stmt,
                                             int           rc,
                                             gboolean     *out_added,
                                             GError      **error);
gint64        herald_store_finish_insert_id (HeraldStore  *store,
                                             sqlite3_stmt *stmt,
                                             int           rc,
                                             gboolean     *out_taken,
                                             GError      **error);
gboolean      herald_store_step_reset       (HeraldStore  *store,
                                             sqlite3_stmt *stmt,
                                             GError      **error);
gboolean      herald_store_finish_read      (HeraldStore  *store,
                                             sqlite3_stmt *stmt,
                                             int           rc,
                                             GError      **error);
gboolean      herald_store_run_with_text    (HeraldStore  *store,
                                             const char   *sql,
                                             const char   *text,
                                             guint64      *out_changes,
                                             GError      **error);
gboolean      herald_store_finish_row       (HeraldStore  *store,
                                             sqlite3_stmt *stmt,
                                             int           rc,
                                             GError      **error);
gint64        herald_store_step_count       (HeraldStore  *store,
                                             sqlite3_stmt *stmt,
                                             GError      **error);
sqlite3_stmt *herald_store_prepare_with_id  (HeraldStore  *store,
                                             const char   *sql,
                                             gint64        id,
                                             GError      **error);
sqlite3_stmt *herald_store_begin_write      (HeraldStore  *store,
                                             const char   *sql,
                                             GError      **error);
gboolean      herald_store_end_write        (HeraldStore  *store,
                                             sqlite3_stmt *stmt,
                                             int           rc,
                                             GError      **error);
int           herald_store_step_write       (sqlite3_stmt *stmt);
gboolean      herald_store_register_message_id (HeraldStore  *store,
                                                const char   *from,
                                                GError      **error);
void          herald_store_bind_text_or_null (sqlite3_stmt *stmt,
                                             int           index,
                                             const char   *value);

G_END_DECLS
