/* herald-templates.c — newsletters kept in the store
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-templates"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-store-private.h"
#include "herald-templates.h"

#define COLUMNS "id, coalesce(deleted_name, name), subject, html, text, text_edited, allow_remote, updated_at," \
                " from_addr, reply_to, name_field"

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
  return copy;
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
  return record;
}

/**
 * herald_templates_save:
 *
 * Stores @record under its name, replacing a template of that name.
 *
 * Returns: the template's id, or -1 with @error set
 */
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
      "INSERT INTO templates (name, subject, html, text, text_edited, allow_remote)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
      " ON CONFLICT (name) DO UPDATE SET subject = excluded.subject, html = excluded.html,"
      "   text = excluded.text, text_edited = excluded.text_edited,"
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
  HeraldTemplateRecord *record = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = record_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND,
                 _("There is no template named “%s”. Check the name against your templates."), name);
  else
    herald_store_set_error (store, rc, error);
  sqlite3_finalize (stmt);
  return record;
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
  sqlite3_stmt *stmt = herald_store_prepare (store, "SELECT " COLUMNS " FROM templates WHERE id = ?", error);
  HeraldTemplateRecord *record = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = record_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND,
                 _("The template was deleted."));
  else
    herald_store_set_error (store, rc, error);
  sqlite3_finalize (stmt);
  return record;
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
