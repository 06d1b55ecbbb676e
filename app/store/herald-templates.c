/* herald-templates.c — newsletters kept in the store
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-templates"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-headers.h"
#include "herald-store-private.h"
#include "herald-templates.h"

#define COLUMNS "id, coalesce(deleted_name, name), subject, html, text, text_edited, allow_remote, updated_at," \
                " from_addr, reply_to, name_field, charset, blocks"

void
herald_template_record_free (HeraldTemplateRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->name);
  g_free (record->subject);
  g_free (record->html);
  g_free (record->text);
  g_free (record->from);
  g_free (record->reply_to);
  g_free (record->name_field);
  g_clear_pointer (&record->field_map, g_hash_table_unref);
  g_free (record->charset);
  g_free (record->blocks);
  g_free (record);
}

/**
 * herald_template_record_copy:
 *
 * Returns: (transfer full): a deep copy of @record
 */
HeraldTemplateRecord *
herald_template_record_copy (const HeraldTemplateRecord *record)
{
  HeraldTemplateRecord *copy = g_memdup2 (record, sizeof *record);

  copy->name = g_strdup (record->name);
  copy->subject = g_strdup (record->subject);
  copy->html = g_strdup (record->html);
  copy->text = g_strdup (record->text);
  copy->from = g_strdup (record->from);
  copy->reply_to = g_strdup (record->reply_to);
  copy->name_field = g_strdup (record->name_field);
  copy->field_map = NULL;
  if (record->field_map != NULL)
    {
      GHashTableIter iter;
      gpointer field, column;

      copy->field_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, record->field_map);
      while (g_hash_table_iter_next (&iter, &field, &column))
        g_hash_table_insert (copy->field_map, g_strdup (field), g_strdup (column));
    }
  copy->charset = g_strdup (record->charset);
  copy->blocks = g_strdup (record->blocks);
  return copy;
}

/* Reads @record's field map; FALSE with @error set when the store fails. */
static gboolean
load_field_map (HeraldStore           *store,
                HeraldTemplateRecord  *record,
                GError               **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT field, list_column FROM template_field_map WHERE template_id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, record->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (record->field_map == NULL)
        record->field_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (record->field_map,
                           g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                           g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return herald_store_set_error (store, rc, error);
  return TRUE;
}

/* A found record with its field map, or NULL (freed) with @error set. */
static HeraldTemplateRecord *
with_field_map (HeraldStore           *store,
                HeraldTemplateRecord  *record,
                GError               **error)
{
  if (record != NULL && !load_field_map (store, record, error))
    g_clear_pointer (&record, herald_template_record_free);
  return record;
}

/**
 * herald_templates_set_field_map:
 * @field_map: (nullable): field → list column; %NULL or empty clears it
 *
 * Replaces the template's field map. A field mapped to itself is not
 * kept.
 *
 * Returns: %FALSE with @error set when the store fails (nothing changed)
 */
gboolean
herald_templates_set_field_map (HeraldStore  *store,
                                gint64        template_id,
                                GHashTable   *field_map,
                                GError      **error)
{
  GHashTableIter iter;
  gpointer field, column;

  if (!herald_store_begin (store, error))
    return FALSE;
  if (!herald_store_run_sql (store, "DELETE FROM template_field_map WHERE template_id = ?", NULL, error, 1, template_id))
    goto fail;
  if (field_map != NULL)
    {
      g_hash_table_iter_init (&iter, field_map);
      while (g_hash_table_iter_next (&iter, &field, &column))
        {
          sqlite3_stmt *stmt;
          int rc;

          if (column == NULL || *(const char *) column == '\0' || g_str_equal (field, column))
            continue;
          stmt = herald_store_prepare (store,
              "INSERT INTO template_field_map (template_id, field, list_column) VALUES (?, ?, ?)", error);
          if (stmt == NULL)
            goto fail;
          sqlite3_bind_int64 (stmt, 1, template_id);
          sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, column, -1, SQLITE_STATIC);
          rc = sqlite3_step (stmt);
          sqlite3_finalize (stmt);
          if (rc != SQLITE_DONE)
            {
              herald_store_set_error (store, rc, error);
              goto fail;
            }
        }
    }
  return herald_store_commit (store, error);

fail:
  herald_store_rollback (store);
  return FALSE;
}

static HeraldTemplateRecord *
record_from_row (sqlite3_stmt *stmt)
{
  HeraldTemplateRecord *record = g_new0 (HeraldTemplateRecord, 1);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  record->subject = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  record->html = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  record->text = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  record->text_edited = sqlite3_column_int (stmt, 5) != 0;
  record->allow_remote = sqlite3_column_int (stmt, 6) != 0;
  record->updated_at = sqlite3_column_int64 (stmt, 7);
  record->from = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  record->reply_to = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  record->name_field = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
  record->charset = g_strdup ((const char *) sqlite3_column_text (stmt, 11));
  record->blocks = g_strdup ((const char *) sqlite3_column_text (stmt, 12));
  return record;
}

/**
 * herald_templates_save:
 *
 * Stores @record under its name, replacing a template of that name.
 *
 * Returns: the template's id, or -1 with @error set
 */
/* The stored spelling of a charset, or NULL for "the account's". */
static const char *
charset_or_null (const char *charset)
{
  HeraldCharset value;

  return herald_charset_from_string (charset, &value) ? herald_charset_to_string (value) : NULL;
}

/**
 * herald_templates_set_charset:
 * @charset: (nullable): "utf-8" or "iso-2022-jp"; NULL: the account's
 *
 * Sets the charset the template's messages are written in, whatever
 * their account's.
 *
 * Returns: %FALSE with @error set when there is no such template
 */
gboolean
herald_templates_set_charset (HeraldStore  *store,
                              gint64        id,
                              const char   *charset,
                              GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = herald_store_prepare (store, "UPDATE templates SET charset = ?2, updated_at = strftime('%s','now')"
                                      " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  herald_store_bind_text_or_null (stmt, 2, charset_or_null (charset));
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      return FALSE;
    }
  if (sqlite3_changes (herald_store_get_db (store)) == 0)
    {
      g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND,
                   _("The template is no longer there. Choose another one."));
      return FALSE;
    }
  return TRUE;
}

gint64
herald_templates_save (HeraldStore                 *store,
                       const HeraldTemplateRecord  *record,
                       GError                     **error)
{
  sqlite3_stmt *stmt;
  gint64 id = -1;
  int rc;

  g_return_val_if_fail (record->name != NULL && record->subject != NULL && record->html != NULL, -1);

  if (*record->name == '\0')
    {
      g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_FAILED, _("A template needs a name."));
      return -1;
    }

  stmt = herald_store_prepare (store,
      "INSERT INTO templates (name, subject, html, text, text_edited, allow_remote, charset, blocks)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
      " ON CONFLICT (name) DO UPDATE SET subject = excluded.subject, html = excluded.html,"
      "   text = excluded.text, text_edited = excluded.text_edited, blocks = excluded.blocks,"
      "   allow_remote = excluded.allow_remote, updated_at = strftime('%s','now')"
      " RETURNING id",
      error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, record->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record->subject, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, record->html, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, record->text, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, record->text_edited);
  sqlite3_bind_int (stmt, 6, record->allow_remote);
  herald_store_bind_text_or_null (stmt, 7, charset_or_null (record->charset));
  sqlite3_bind_text (stmt, 8, record->blocks, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      return -1;
    }
  return id;
}

/* The template @stmt (a SELECT of COLUMNS, bound; %NULL when it could not
 * be prepared, @error set) reads, or %NULL with @error set: @missing
 * (owned) says so when there is none. */
static HeraldTemplateRecord *
find_one (HeraldStore   *store,
          sqlite3_stmt  *stmt,
          char          *missing,
          GError       **error)
{
  g_autofree char *message = missing;
  HeraldTemplateRecord *record = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = record_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error_literal (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND, message);
  else
    herald_store_set_error (store, rc, error);
  sqlite3_finalize (stmt);
  return with_field_map (store, record, error);
}

/**
 * herald_templates_find:
 *
 * Returns: (transfer full) (nullable): the template, or %NULL with @error set
 */
HeraldTemplateRecord *
herald_templates_find (HeraldStore  *store,
                       const char   *name,
                       GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store, "SELECT " COLUMNS " FROM templates WHERE name = ?", error);

  if (stmt != NULL)
    sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  return find_one (store, stmt,
                   g_strdup_printf (_("There is no template named “%s”. Check the name against your templates."),
                                    name),
                   error);
}

/**
 * herald_templates_find_by_id:
 *
 * Returns: (transfer full) (nullable): the template, or %NULL with @error
 *   set (%HERALD_STORE_ERROR_NOT_FOUND when there is none)
 */
HeraldTemplateRecord *
herald_templates_find_by_id (HeraldStore  *store,
                             gint64        id,
                             GError      **error)
{
  return find_one (store, herald_store_prepare_with_id (store, "SELECT " COLUMNS " FROM templates WHERE id = ?", id, error),
                   g_strdup (_("The template was deleted.")), error);
}

/**
 * herald_templates_list:
 *
 * Returns: (transfer full) (element-type HeraldTemplateRecord): all
 *   templates by name
 */
GPtrArray *
herald_templates_list (HeraldStore  *store,
                       GError      **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_template_record_free);
  sqlite3_stmt *stmt = herald_store_prepare (store, "SELECT " COLUMNS " FROM templates WHERE deleted_name IS NULL ORDER BY name", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, record_from_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      return NULL;
    }
  for (guint i = 0; i < records->len; i++)
    if (!load_field_map (store, g_ptr_array_index (records, i), error))
      return NULL;
  return g_steal_pointer (&records);
}

/**
 * herald_templates_load_parts:
 *
 * Reads a template's images, its attachments for everyone and the fields
 * naming each recipient's own attachment. Load them once per campaign.
 *
 * Returns: (transfer full) (nullable): the parts (maybe none), or %NULL
 *   with @error set
 */
HeraldTemplateParts *
herald_templates_load_parts (HeraldStore  *store,
                             gint64        template_id,
                             GError      **error)
{
  g_autoptr(HeraldTemplateParts) parts = herald_template_parts_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = herald_store_prepare (store,
      "SELECT kind, cid, filename, content_type, data, source FROM template_parts"
      " WHERE template_id = ? ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, template_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GBytes) data = g_bytes_new (sqlite3_column_blob (stmt, 4), sqlite3_column_bytes (stmt, 4));
      gboolean is_inline = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "inline") == 0;

      g_ptr_array_add (parts->parts,
                       herald_template_part_new (is_inline ? HERALD_PART_INLINE : HERALD_PART_ATTACHMENT,
                                                 (const char *) sqlite3_column_text (stmt, 1),
                                                 (const char *) sqlite3_column_text (stmt, 2),
                                                 (const char *) sqlite3_column_text (stmt, 3),
                                                 data,
                                                 (const char *) sqlite3_column_text (stmt, 5)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      return NULL;
    }

  stmt = herald_store_prepare (store,
      "SELECT field FROM template_attachments WHERE template_id = ? AND field IS NOT NULL ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, template_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (parts->attach_fields, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      return NULL;
    }

  if ((stmt = herald_store_prepare (store, "SELECT attach_folder FROM templates WHERE id = ?", error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, template_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    parts->attach_folder = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&parts);
}

static gboolean
step_done (HeraldStore   *store,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return herald_store_set_error (store, rc, error);
  return TRUE;
}

static gboolean
replace_parts (HeraldStore                *store,
               gint64                      template_id,
               const HeraldTemplateParts  *parts,
               GError                    **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  if ((stmt = herald_store_prepare (store, "DELETE FROM template_parts WHERE template_id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, template_id);
  ok = step_done (store, stmt, error);
  sqlite3_finalize (stmt);
  if (!ok || (stmt = herald_store_prepare (store, "DELETE FROM template_attachments WHERE template_id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, template_id);
  ok = step_done (store, stmt, error);
  sqlite3_finalize (stmt);
  if (!ok)
    return FALSE;

  stmt = herald_store_prepare (store,
      "INSERT INTO template_parts (template_id, kind, cid, filename, content_type, data, source)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; ok && i < parts->parts->len; i++)
    {
      const HeraldTemplatePart *part = g_ptr_array_index (parts->parts, i);
      gsize len;
      gconstpointer data = g_bytes_get_data (part->data, &len);

      sqlite3_bind_int64 (stmt, 1, template_id);
      sqlite3_bind_text (stmt, 2, part->kind == HERALD_PART_INLINE ? "inline" : "attachment", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, part->kind == HERALD_PART_INLINE ? part->cid : NULL, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, part->filename != NULL ? part->filename : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, part->content_type != NULL ? part->content_type : "application/octet-stream", -1, SQLITE_STATIC);
      sqlite3_bind_blob64 (stmt, 6, len > 0 ? data : "", len, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, part->source, -1, SQLITE_STATIC);
      ok = step_done (store, stmt, error);
    }
  sqlite3_finalize (stmt);
  if (!ok)
    return FALSE;

  stmt = herald_store_prepare (store, "INSERT INTO template_attachments (template_id, field) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; ok && i < parts->attach_fields->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, template_id);
      sqlite3_bind_text (stmt, 2, g_ptr_array_index (parts->attach_fields, i), -1, SQLITE_STATIC);
      ok = step_done (store, stmt, error);
    }
  sqlite3_finalize (stmt);
  if (!ok || (stmt = herald_store_prepare (store, "UPDATE templates SET attach_folder = ?1 WHERE id = ?2", error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, parts->attach_folder, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, template_id);
  ok = step_done (store, stmt, error);
  sqlite3_finalize (stmt);
  return ok;
}

/**
 * herald_templates_save_parts:
 *
 * Replaces, in one transaction, a stored template's images, attachments
 * and per-recipient attachment fields with @parts.
 */
gboolean
herald_templates_save_parts (HeraldStore                *store,
                             gint64                      template_id,
                             const HeraldTemplateParts  *parts,
                             GError                    **error)
{
  if (!herald_store_exec (store, "SAVEPOINT template_parts", error))
    return FALSE;
  if (!replace_parts (store, template_id, parts, error))
    {
      herald_store_exec (store, "ROLLBACK TO template_parts", NULL);
      herald_store_exec (store, "RELEASE template_parts", NULL);
      return FALSE;
    }
  return herald_store_exec (store, "RELEASE template_parts", error);
}

/**
 * herald_templates_save_with_parts:
 *
 * herald_templates_save() and herald_templates_save_parts() in one
 * transaction: both are stored, or neither.
 *
 * Returns: the template's id, or -1 with @error set
 */
gint64
herald_templates_save_with_parts (HeraldStore                 *store,
                                  const HeraldTemplateRecord  *record,
                                  const HeraldTemplateParts   *parts,
                                  GError                     **error)
{
  gint64 id;

  if (!herald_store_exec (store, "SAVEPOINT template_embed", error))
    return -1;
  /* A RELEASE that fails (a busy database at commit) rolls back too:
   * nothing is left half-saved or inside an open transaction. */
  if ((id = herald_templates_save (store, record, error)) < 0 ||
      !herald_templates_save_parts (store, id, parts, error) ||
      !herald_store_exec (store, "RELEASE template_embed", error))
    {
      herald_store_exec (store, "ROLLBACK TO template_embed", NULL);
      herald_store_exec (store, "RELEASE template_embed", NULL);
      return -1;
    }
  return id;
}
