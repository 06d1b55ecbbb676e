/* herald-store-edit.c — lists and templates renamed, duplicated, deleted
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list or template that campaigns name is never removed: the campaigns'
 * history would lose what they sent and to whom. Deleting one keeps its
 * row, with its name moved to deleted_name (migration 24) so that past
 * campaigns still show it, and a hidden name in its place so that the
 * name is free again; a deleted list loses its members, segments and
 * import records (the people stay known to Herald: one person across
 * lists, with their history and suppression). One nobody names is
 * removed outright. What still has to send (an unfinished campaign, a
 * sequence) keeps its list and template: deleting them is refused.
 *
 * A copy takes every column of the row but its id and name, whatever
 * columns later migrations add, so a template's copy is the template.
 */
#define G_LOG_DOMAIN "herald-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-store-edit.h"
#include "herald-store-private.h"

typedef struct
{
  const char *table;
  const char *exists_sql;      /* ?1 name → 1 when taken by another row */
  const char *rename_sql;      /* ?1 id, ?2 name */
  const char *in_sequence_sql; /* ?1 id → a sequence's name */
  const char *unfinished_sql;  /* ?1 id → an unfinished campaign's name */
  const char *named_sql;       /* ?1 id → count of campaigns naming it */
  const char *hide_sql;        /* ?1 id */
  const char *remove_sql;      /* ?1 id */
} Kind;

static const Kind lists_kind = {
  "lists",
  "SELECT 1 FROM lists WHERE name = ?1",
  "UPDATE lists SET name = ?2 WHERE id = ?1 AND deleted_name IS NULL",
  "SELECT name FROM sequences WHERE list_id = ?1 ORDER BY name LIMIT 1",
  "SELECT name FROM campaigns WHERE list_id = ?1"
  " AND state IN ('draft','scheduled','sending','paused') ORDER BY name LIMIT 1",
  "SELECT count(*) FROM campaigns WHERE list_id = ?1",
  "UPDATE lists SET deleted_name = name, name = char(31) || 'deleted list ' || id WHERE id = ?1",
  "DELETE FROM lists WHERE id = ?1",
};

static const Kind templates_kind = {
  "templates",
  "SELECT 1 FROM templates WHERE name = ?1",
  "UPDATE templates SET name = ?2, updated_at = strftime('%s','now') WHERE id = ?1 AND deleted_name IS NULL",
  "SELECT q.name FROM sequence_steps s JOIN sequences q ON q.id = s.sequence_id"
  " WHERE s.template_id = ?1 ORDER BY q.name LIMIT 1",
  "SELECT name FROM campaigns WHERE template_id = ?1"
  " AND state IN ('draft','scheduled','sending','paused') ORDER BY name LIMIT 1",
  "SELECT count(*) FROM campaigns WHERE template_id = ?1",
  "UPDATE templates SET deleted_name = name, name = char(31) || 'deleted template ' || id WHERE id = ?1",
  "DELETE FROM templates WHERE id = ?1",
};

/* Runs @sql with ?1 = @id; the first column of its first row, or NULL. */
static char *
query_text (HeraldStore  *store,
            const char   *sql,
            gint64        id,
            const char   *text,
            GError      **error,
            gboolean     *failed)
{
  sqlite3_stmt *stmt = herald_store_prepare (store, sql, error);
  char *result = NULL;
  int rc;

  *failed = stmt == NULL;
  if (stmt == NULL)
    return NULL;
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      *failed = TRUE;
      herald_store_set_error (store, rc, error);
    }
  return result;
}

static gboolean
check_new_name (HeraldStore  *store,
                const Kind   *kind,
                const char   *new_name,
                GError      **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (new_name != NULL ? new_name : ""));
  g_autofree char *taken = NULL;
  gboolean failed;

  if (*stripped == '\0' || strchr (stripped, '\x1f') != NULL)
    {
      g_set_error_literal (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_FAILED,
                           kind == &lists_kind ? _("A list needs a name. Type one.")
                                               : _("A template needs a name. Type one."));
      return FALSE;
    }
  taken = query_text (store, kind->exists_sql, 0, stripped, error, &failed);
  if (failed)
    return FALSE;
  if (taken != NULL)
    {
      g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_EXISTS,
                   kind == &lists_kind ? _("There already is a list named “%s”. Choose another name.")
                                       : _("There already is a template named “%s”. Choose another name."),
                   stripped);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_exists (HeraldStore  *store,
              const Kind   *kind,
              gint64        id,
              GError      **error)
{
  gint64 n = 0;

  if (!herald_store_query_int64 (store,
                                 kind == &lists_kind
                                 ? "SELECT count(*) FROM lists WHERE id = ?1 AND deleted_name IS NULL"
                                 : "SELECT count(*) FROM templates WHERE id = ?1 AND deleted_name IS NULL",
                                 0, &n, error, 1, id))
    return FALSE;
  if (n == 0)
    {
      g_set_error_literal (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND,
                           kind == &lists_kind ? _("The list was deleted meanwhile.")
                                               : _("The template was deleted."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
rename_row (HeraldStore  *store,
            const Kind   *kind,
            gint64        id,
            const char   *new_name,
            GError      **error)
{
  g_autofree char *name = g_strstrip (g_strdup (new_name != NULL ? new_name : ""));
  sqlite3_stmt *stmt;
  int rc;

  if (!herald_store_begin (store, error))
    return FALSE;
  if (!check_exists (store, kind, id, error) || !check_new_name (store, kind, name, error) ||
      (stmt = herald_store_prepare (store, kind->rename_sql, error)) == NULL)
    {
      herald_store_rollback (store);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  rc = herald_store_step_write (stmt);
  return herald_store_end_write (store, stmt, rc, error);
}

/* The columns of @table but @skip, comma-separated: names from the
 * schema itself, never from data. */
static char *
dup_columns (HeraldStore        *store,
             const char         *table_info_sql,
             const char * const *skip,
             GError            **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store, table_info_sql, error);
  g_autoptr(GString) columns = g_string_new (NULL);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *column = (const char *) sqlite3_column_text (stmt, 1);

      if (g_strv_contains (skip, column))
        continue;
      if (columns->len > 0)
        g_string_append (columns, ", ");
      g_string_append_printf (columns, "\"%s\"", column);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&columns), FALSE);
}

/* Copies the rows of @table whose @key is @from to @key = @to. */
static gboolean
copy_children (HeraldStore  *store,
               const char   *table_info_sql,
               const char   *table,
               const char   *key,
               gint64        from,
               gint64        to,
               GError      **error)
{
  const char *skip[] = { "id", key, NULL };
  g_autofree char *columns = dup_columns (store, table_info_sql, skip, error);
  g_autofree char *sql = NULL;

  if (columns == NULL)
    return FALSE;
  sql = g_strdup_printf ("INSERT INTO %s (%s, %s) SELECT ?2, %s FROM %s WHERE %s = ?1 ORDER BY rowid",
                         table, key, columns, columns, table, key);
  return herald_store_run_sql (store, sql, NULL, error, 2, from, to);
}

static gint64
duplicate_row (HeraldStore  *store,
               const Kind   *kind,
               gint64        id,
               const char   *new_name,
               GError      **error)
{
  const char *skip[] = { "id", "name", "deleted_name", "created_at", "updated_at", NULL };
  g_autofree char *name = g_strstrip (g_strdup (new_name != NULL ? new_name : ""));
  g_autofree char *columns = NULL;
  g_autofree char *sql = NULL;
  gboolean is_list = kind == &lists_kind;
  sqlite3_stmt *stmt;
  gint64 copy;
  int rc;

  if (!herald_store_begin (store, error))
    return -1;
  if (!check_exists (store, kind, id, error) || !check_new_name (store, kind, name, error) ||
      (columns = dup_columns (store, is_list ? "PRAGMA table_info(lists)" : "PRAGMA table_info(templates)",
                              skip, error)) == NULL)
    goto failed;
  sql = g_strdup_printf ("INSERT INTO %s (name, %s) SELECT ?2, %s FROM %s WHERE id = ?1",
                         kind->table, columns, columns, kind->table);
  if ((stmt = herald_store_prepare (store, sql, error)) == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  rc = herald_store_step_write (stmt);
  if (!herald_store_finish (store, stmt, rc, NULL, error))
    goto failed;
  copy = sqlite3_last_insert_rowid (herald_store_get_db (store));
  if (is_list
      ? !copy_children (store, "PRAGMA table_info(list_members)", "list_members", "list_id", id, copy, error)
      : (!copy_children (store, "PRAGMA table_info(template_parts)", "template_parts", "template_id", id, copy, error) ||
         !copy_children (store, "PRAGMA table_info(template_attachments)", "template_attachments", "template_id",
                         id, copy, error) ||
         !copy_children (store, "PRAGMA table_info(template_field_map)", "template_field_map", "template_id",
                         id, copy, error)))
    goto failed;
  if (!herald_store_commit (store, error))
    goto failed;
  return copy;

failed:
  herald_store_rollback (store);
  return -1;
}

static gboolean
delete_row (HeraldStore  *store,
            const Kind   *kind,
            gint64        id,
            GError      **error)
{
  gboolean is_list = kind == &lists_kind;
  g_autofree char *sequence = NULL;
  g_autofree char *campaign = NULL;
  gboolean failed = FALSE;
  gint64 named = 0;

  if (!herald_store_begin (store, error))
    return FALSE;
  if (!check_exists (store, kind, id, error))
    goto failed;
  sequence = query_text (store, kind->in_sequence_sql, id, NULL, error, &failed);
  if (!failed && sequence == NULL)
    campaign = query_text (store, kind->unfinished_sql, id, NULL, error, &failed);
  if (failed)
    goto failed;
  if (sequence != NULL || campaign != NULL)
    {
      if (sequence != NULL)
        g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_CONFLICT,
                     is_list ? _("The sequence “%s” sends to this list, so it cannot be deleted.")
                             : _("A step of the sequence “%s” sends this template, so it cannot be deleted."),
                     sequence);
      else
        g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_CONFLICT,
                     is_list ? _("The campaign “%s” has not finished sending to this list. "
                                 "Let it finish or cancel it, then delete the list.")
                             : _("The campaign “%s” has not finished sending this template. "
                                 "Let it finish or cancel it, then delete the template."),
                     campaign);
      goto failed;
    }
  if (!herald_store_query_int64 (store, kind->named_sql, 0, &named, error, 1, id))
    goto failed;
  if (named == 0)
    {
      /* Nothing names it: gone, with what cascades from it. */
      if (!herald_store_run_sql (store, kind->remove_sql, NULL, error, 1, id))
        goto failed;
    }
  else if ((is_list &&
            (!herald_store_run_sql (store, "DELETE FROM list_members WHERE list_id = ?1", NULL, error, 1, id) ||
             !herald_store_run_sql (store, "DELETE FROM segments WHERE list_id = ?1", NULL, error, 1, id) ||
             !herald_store_run_sql (store, "DELETE FROM imports WHERE list_id = ?1", NULL, error, 1, id))) ||
           !herald_store_run_sql (store, kind->hide_sql, NULL, error, 1, id))
    goto failed;
  return herald_store_commit (store, error) || (herald_store_rollback (store), FALSE);

failed:
  herald_store_rollback (store);
  return FALSE;
}

/**
 * herald_store_rename_list:
 *
 * Gives the list @new_name (trimmed); refused when it is empty or another
 * list has it. Campaigns made from the list show the new name.
 */
gboolean
herald_store_rename_list (HeraldStore  *store,
                          gint64        list_id,
                          const char   *new_name,
                          GError      **error)
{
  return rename_row (store, &lists_kind, list_id, new_name, error);
}

/**
 * herald_store_duplicate_list:
 *
 * A new list called @new_name with the same fields and the same members,
 * in the same order and with the same status (the people are the same
 * contacts); its segments and import history are not copied.
 *
 * Returns: the new list's id, or -1 with @error set
 */
gint64
herald_store_duplicate_list (HeraldStore  *store,
                             gint64        list_id,
                             const char   *new_name,
                             GError      **error)
{
  return duplicate_row (store, &lists_kind, list_id, new_name, error);
}

/**
 * herald_store_delete_list:
 *
 * Deletes the list: its members, segments and import records go; the
 * contacts stay. Past campaigns keep showing its name. Refused while a
 * sequence or an unfinished campaign sends to it.
 */
gboolean
herald_store_delete_list (HeraldStore  *store,
                          gint64        list_id,
                          GError      **error)
{
  return delete_row (store, &lists_kind, list_id, error);
}

/**
 * herald_templates_rename:
 *
 * Gives the template @new_name (trimmed); refused when it is empty or
 * another template has it.
 */
gboolean
herald_templates_rename (HeraldStore  *store,
                         gint64        template_id,
                         const char   *new_name,
                         GError      **error)
{
  return rename_row (store, &templates_kind, template_id, new_name, error);
}

/**
 * herald_templates_duplicate:
 *
 * A new template called @new_name: the same subject, HTML, text, sender
 * settings, images, attachments and field matches (every column but the
 * name and dates).
 *
 * Returns: the new template's id, or -1 with @error set
 */
gint64
herald_templates_duplicate (HeraldStore  *store,
                            gint64        template_id,
                            const char   *new_name,
                            GError      **error)
{
  return duplicate_row (store, &templates_kind, template_id, new_name, error);
}

/**
 * herald_templates_delete:
 *
 * Deletes the template; past campaigns keep showing its name (and keep
 * it, hidden, for their history). Refused while a sequence step or an
 * unfinished campaign sends it.
 */
gboolean
herald_templates_delete (HeraldStore  *store,
                         gint64        template_id,
                         GError      **error)
{
  return delete_row (store, &templates_kind, template_id, error);
}

/**
 * herald_store_dup_copy_name:
 *
 * Returns: (transfer full): a free name for a copy of @name: “NAME (copy)”,
 *   else “NAME (copy 2)”, “NAME (copy 3)”…
 */
char *
herald_store_dup_copy_name (HeraldStore *store,
                            gboolean     is_template,
                            const char  *name)
{
  const Kind *kind = is_template ? &templates_kind : &lists_kind;

  for (guint i = 1; ; i++)
    {
      /* TRANSLATORS: the name of a copy of a list or template; %s is the original's name */
      g_autofree char *copy = i == 1 ? g_strdup_printf (_("%s (copy)"), name)
      /* TRANSLATORS: the name of another copy; %s is the original's name, %u a number */
                                     : g_strdup_printf (_("%s (copy %u)"), name, i);
      g_autofree char *taken = NULL;
      gboolean failed;

      taken = query_text (store, kind->exists_sql, 0, copy, NULL, &failed);
      if (failed || taken == NULL)
        return g_steal_pointer (&copy);
    }
}
