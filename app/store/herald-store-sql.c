/* herald-store-sql.c — the store modules' small SQL helpers: statements
 * with integer arguments, a statement's end, a transaction's end, a write
 * that waits out a busy database
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-store"

#include "config.h"

#include <stdarg.h>

#include "herald-headers.h"
#include "herald-store-private.h"

/**
 * herald_store_step_write:
 *
 * Steps a write statement, waiting out a busy database: an outcome must
 * land however long another program holds the lock.
 */
int
herald_store_step_write (sqlite3_stmt *stmt)
{
  int rc;

  for (guint tries = 0; ; tries++)
    {
      rc = sqlite3_step (stmt);
      if ((rc & 0xff) != SQLITE_BUSY || tries > 600)
        return rc;
      sqlite3_reset (stmt);
      g_usleep (100 * 1000);
    }
}

/**
 * herald_store_finish:
 * @stmt: (transfer full): a statement that has been stepped
 * @rc: what its last step returned
 * @out_changes: (out) (optional): the rows it changed
 *
 * Finalizes @stmt: %FALSE with @error set unless @rc is %SQLITE_DONE.
 */
gboolean
herald_store_finish (HeraldStore   *store,
                     sqlite3_stmt  *stmt,
                     int            rc,
                     guint64       *out_changes,
                     GError       **error)
{
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return herald_store_set_error (store, rc, error);
  if (out_changes != NULL)
    *out_changes = sqlite3_changes (herald_store_get_db (store));
  return TRUE;
}

/**
 * herald_store_finish_insert_new:
 * @stmt: (transfer full): an INSERT … ON CONFLICT DO NOTHING that has been
 *   stepped
 * @rc: what its step returned
 * @out_added: (out) (optional): %FALSE when the row was there already
 *
 * As herald_store_finish(), telling whether the row is new.
 */
gboolean
herald_store_finish_insert_new (HeraldStore   *store,
                                sqlite3_stmt  *stmt,
                                int            rc,
                                gboolean      *out_added,
                                GError       **error)
{
  guint64 changes = 0;

  if (!herald_store_finish (store, stmt, rc, &changes, error))
    return FALSE;
  if (out_added != NULL)
    *out_added = changes > 0;
  return TRUE;
}

/**
 * herald_store_finish_insert_id:
 * @stmt: (transfer full): an INSERT … RETURNING id that has been stepped
 * @rc: what its step returned
 * @out_taken: (out): %TRUE when a constraint refused the row (a name
 *   taken): @error is not set then, the caller says what is taken
 *
 * Returns: the new row's id, or -1 (with @error set unless @out_taken)
 */
gint64
herald_store_finish_insert_id (HeraldStore   *store,
                               sqlite3_stmt  *stmt,
                               int            rc,
                               gboolean      *out_taken,
                               GError       **error)
{
  gint64 id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;

  sqlite3_finalize (stmt);
  *out_taken = FALSE;
  if (id > 0)
    return id;
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    *out_taken = TRUE;
  else
    herald_store_set_error (store, rc, error);
  return -1;
}

/**
 * herald_store_step_reset:
 * @stmt: a prepared statement that returns no row, kept for many uses
 *
 * Steps @stmt once and resets it for the next use (its bindings stay):
 * %FALSE with @error set unless it ran to the end.
 */
gboolean
herald_store_step_reset (HeraldStore   *store,
                         sqlite3_stmt  *stmt,
                         GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return herald_store_set_error (store, rc, error);
  return TRUE;
}

/**
 * herald_store_finish_read:
 * @stmt: (transfer full): a statement stepped once, for one row at the most
 * @rc: what its step returned
 *
 * Finalizes @stmt: %FALSE with @error set unless @rc is %SQLITE_ROW or
 * %SQLITE_DONE (no row is no error).
 */
gboolean
herald_store_finish_read (HeraldStore   *store,
                          sqlite3_stmt  *stmt,
                          int            rc,
                          GError       **error)
{
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return herald_store_set_error (store, rc, error);
  return TRUE;
}

/**
 * herald_store_finish_row:
 * @stmt: (transfer full): a statement stepped once for its one row (an
 *   aggregate's, which is always there)
 * @rc: what its step returned
 *
 * Finalizes @stmt: %FALSE with @error set unless @rc is %SQLITE_ROW.
 */
gboolean
herald_store_finish_row (HeraldStore   *store,
                         sqlite3_stmt  *stmt,
                         int            rc,
                         GError       **error)
{
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return herald_store_set_error (store, rc, error);
  return TRUE;
}

/**
 * herald_store_step_count:
 * @stmt: (transfer full): a prepared count(*) with its values bound
 *
 * Returns: the count, or -1 with @error set
 */
gint64
herald_store_step_count (HeraldStore   *store,
                         sqlite3_stmt  *stmt,
                         GError       **error)
{
  int rc = sqlite3_step (stmt);
  gint64 n = -1;

  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    herald_store_set_error (store, rc, error);
  sqlite3_finalize (stmt);
  return n;
}

/**
 * herald_store_prepare_with_id:
 *
 * Prepares @sql with @id (a campaign's, a list's …) bound to ?1.
 *
 * Returns: (transfer full) (nullable): the statement, or %NULL with @error set
 */
sqlite3_stmt *
herald_store_prepare_with_id (HeraldStore  *store,
                              const char   *sql,
                              gint64        id,
                              GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store, sql, error);

  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, id);
  return stmt;
}

/**
 * herald_store_begin_write:
 *
 * Begins a transaction and prepares @sql in it; on failure nothing is left
 * open. End it with herald_store_end_write().
 *
 * Returns: (transfer full) (nullable): the statement, or %NULL with @error set
 */
sqlite3_stmt *
herald_store_begin_write (HeraldStore  *store,
                          const char   *sql,
                          GError      **error)
{
  sqlite3_stmt *stmt;

  if (!herald_store_begin (store, error))
    return NULL;
  if ((stmt = herald_store_prepare (store, sql, error)) == NULL)
    herald_store_rollback (store);
  return stmt;
}

/**
 * herald_store_end:
 * @ok: whether the transaction's work succeeded (@error is set when not)
 *
 * Ends a transaction of herald_store_begin(): commits when @ok, and rolls
 * back when not or when the commit fails.
 *
 * Returns: whether the transaction was committed
 */
gboolean
herald_store_end (HeraldStore  *self,
                  gboolean      ok,
                  GError      **error)
{
  if (ok && herald_store_commit (self, error))
    return TRUE;
  herald_store_rollback (self);
  return FALSE;
}

/**
 * herald_store_end_write:
 * @stmt: (transfer full): the statement of a transaction's writes
 * @rc: what its last step returned
 *
 * Ends a transaction of herald_store_begin(): finalizes @stmt, and commits
 * when @rc is %SQLITE_DONE, or else rolls back with @error set.
 */
gboolean
herald_store_end_write (HeraldStore   *store,
                        sqlite3_stmt  *stmt,
                        int            rc,
                        GError       **error)
{
  return herald_store_end (store, herald_store_finish (store, stmt, rc, NULL, error), error);
}

/**
 * herald_store_bind_text_or_null:
 *
 * Binds @text (copied), or NULL when it is %NULL or empty.
 */
void
herald_store_bind_text_or_null (sqlite3_stmt *stmt,
                                int           index,
                                const char   *text)
{
  if (text != NULL && *text != '\0')
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* Runs @sql with @n gint64 arguments from @args bound to ?1…?n. With
 * @out_first, reads only the first row and stores its first column's
 * integer there (@fallback when there is no row or it is NULL); without,
 * steps to the end and stores in @out_changes (optional) the rows it
 * changed. */
static gboolean
run_bound (HeraldStore   *store,
           const char    *sql,
           gint64         fallback,
           gint64        *out_first,
           guint64       *out_changes,
           GError       **error,
           guint          n,
           va_list        args)
{
  sqlite3_stmt *stmt = herald_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
  rc = sqlite3_step (stmt);
  if (out_first != NULL)
    {
      *out_first = rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL
        ? sqlite3_column_int64 (stmt, 0) : fallback;
      if (rc == SQLITE_ROW)
        rc = SQLITE_DONE;
    }
  while (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  return herald_store_finish (store, stmt, rc, out_changes, error);
}

/* Runs @sql with @n gint64 arguments bound to ?1…?n; returns its first
 * column's integer (@fallback when there is no row or it is NULL). */
gboolean
herald_store_query_int64 (HeraldStore   *store,
                          const char    *sql,
                          gint64         fallback,
                          gint64        *out,
                          GError       **error,
                          guint          n,
                          ...)
{
  va_list args;
  gboolean ok;

  va_start (args, n);
  ok = run_bound (store, sql, fallback, out, NULL, error, n, args);
  va_end (args);
  return ok;
}

/* Runs @sql with @n gint64 arguments; @out_changes: rows it changed. */
gboolean
herald_store_run_sql (HeraldStore  *store,
                      const char   *sql,
                      guint64      *out_changes,
                      GError      **error,
                      guint         n,
                      ...)
{
  va_list args;
  gboolean ok;

  va_start (args, n);
  ok = run_bound (store, sql, 0, NULL, out_changes, error, n, args);
  va_end (args);
  return ok;
}

/**
 * herald_store_run_with_text:
 * @sql: one statement with one parameter, ?1
 * @text: bound to ?1
 * @out_changes: (out) (optional): the rows it changed
 *
 * Runs @sql with @text bound: a delete or an update by name or address.
 */
gboolean
herald_store_run_with_text (HeraldStore  *store,
                            const char   *sql,
                            const char   *text,
                            guint64      *out_changes,
                            GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  return herald_store_finish (store, stmt, sqlite3_step (stmt), out_changes, error);
}

/* herald_message_id(campaign_id, contact_id) in SQL, so that one
 * INSERT … SELECT writes every delivery with its stable Message-ID. */
static void
message_id_sql (sqlite3_context  *context,
                int               argc,
                sqlite3_value   **argv)
{
  const char *domain = sqlite3_user_data (context);
  char *id = herald_message_make_id (sqlite3_value_int64 (argv[0]),
                                     sqlite3_value_int64 (argv[1]),
                                     domain);

  sqlite3_result_text (context, id, -1, g_free);
}

/**
 * herald_store_register_message_id:
 * @from: (nullable): the sender's address, whose domain the Message-IDs get
 *
 * Makes herald_message_id(campaign_id, contact_id) callable in this
 * connection's SQL (campaigns' and sequence steps' deliveries alike).
 */
gboolean
herald_store_register_message_id (HeraldStore  *store,
                                  const char   *from,
                                  GError      **error)
{
  /* The connection owns the domain from here and frees it when the
   * function is registered again or the connection closes. */
  int rc = sqlite3_create_function_v2 (herald_store_get_db (store), "herald_message_id", 2,
                                       SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                       herald_message_dup_domain (from), message_id_sql, NULL, NULL, g_free);

  if (rc != SQLITE_OK)
    return herald_store_set_error (store, rc, error);
  return TRUE;
}
