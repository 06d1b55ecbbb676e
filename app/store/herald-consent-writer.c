/* herald-consent-writer.c — an import's writes of consent records
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inside the import's transaction (herald-import-writer.c): a row's
 * consent merged into its contact's record (herald_consent_merge()), and,
 * for a contact from before the import whose record changes, the record
 * before and after kept in the import's import_changes row, which
 * herald-import-undo.c reads. Four statements, prepared once, only for
 * imports that say something about consent.
 */
#define G_LOG_DOMAIN "herald-import-writer"

#include "config.h"

#include "herald-consent-writer.h"
#include "herald-store-private.h"

struct _HeraldConsentWriter
{
  HeraldStore  *store;
  sqlite3_stmt *get;     /* a contact's record */
  sqlite3_stmt *set;     /* …written */
  sqlite3_stmt *save;    /* the contact as it was, for the undo */
  sqlite3_stmt *mark;    /* the record the import left, for the undo */
};

void
_herald_consent_writer_free (HeraldConsentWriter *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->get, sqlite3_finalize);
  g_clear_pointer (&self->set, sqlite3_finalize);
  g_clear_pointer (&self->save, sqlite3_finalize);
  g_clear_pointer (&self->mark, sqlite3_finalize);
  g_free (self);
}

/**
 * _herald_consent_writer_new:
 * @import_id: the import's row of `imports`
 * @now: the time the import writes on every row
 *
 * Returns: (transfer full): the writer, or %NULL with @error set
 */
HeraldConsentWriter *
_herald_consent_writer_new (HeraldStore  *store,
                            gint64        import_id,
                            gint64        now,
                            GError      **error)
{
  HeraldConsentWriter *self = g_new0 (HeraldConsentWriter, 1);

  self->store = store;
  if ((self->get = herald_store_prepare (store,
         "SELECT consent_at, consent_source, consent_declined FROM contacts WHERE id = ?1",
         error)) == NULL ||
      (self->set = herald_store_prepare (store,
         "UPDATE contacts SET consent_at = ?2, consent_source = ?3, consent_declined = ?4,"
         " updated_at = ?5 WHERE id = ?1", error)) == NULL ||
      /* The contact as it was, unless its fields' change saved it already
       * (the import writer's own statement copies the record too). */
      (self->save = herald_store_prepare (store,
         "INSERT OR IGNORE INTO import_changes (import_id, contact_id, old_fields, old_updated_at,"
         "  changes, old_consent_at, old_consent_source, old_consent_declined)"
         " SELECT ?1, id, fields, updated_at, '{}', consent_at, consent_source, consent_declined"
         " FROM contacts WHERE id = ?2", error)) == NULL ||
      (self->mark = herald_store_prepare (store,
         "UPDATE import_changes SET consent_changed = 1, new_consent_at = ?3,"
         " new_consent_source = ?4, new_consent_declined = ?5"
         " WHERE import_id = ?1 AND contact_id = ?2", error)) == NULL)
    {
      _herald_consent_writer_free (self);
      return NULL;
    }
  sqlite3_bind_int64 (self->save, 1, import_id);
  sqlite3_bind_int64 (self->mark, 1, import_id);
  sqlite3_bind_int64 (self->set, 5, now);
  return self;
}

static void
bind_record (sqlite3_stmt        *stmt,
             int                  first,
             const HeraldConsent *consent)
{
  if (consent->at != 0)
    sqlite3_bind_int64 (stmt, first, consent->at);
  else
    sqlite3_bind_null (stmt, first);
  /* Copied: nothing outlives the call. */
  herald_store_bind_text_or_null (stmt, first + 1, consent->source);
  sqlite3_bind_int (stmt, first + 2, consent->declined);
}

static gboolean
read_record (HeraldConsentWriter  *self,
             gint64                contact_id,
             HeraldConsent        *out,
             GError              **error)
{
  int rc;

  sqlite3_bind_int64 (self->get, 1, contact_id);
  rc = sqlite3_step (self->get);
  if (rc == SQLITE_ROW)
    {
      out->at = sqlite3_column_int64 (self->get, 0);
      out->source = g_strdup ((const char *) sqlite3_column_text (self->get, 1));
      out->declined = sqlite3_column_int (self->get, 2) != 0;
    }
  sqlite3_reset (self->get);
  if (rc != SQLITE_ROW)
    return herald_store_set_error (self->store, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
  return TRUE;
}

/**
 * _herald_consent_writer_apply:
 * @created: the import created the contact (its undo deletes it: nothing
 *   to keep)
 * @out: (out caller-allocates): whether a known contact's record changed,
 *   whether that made a new row of import_changes, and the record it now
 *   has (on success only)
 */
gboolean
_herald_consent_writer_apply (HeraldConsentWriter     *self,
                              gint64                   contact_id,
                              gboolean                 created,
                              const HeraldConsentRow  *row,
                              HeraldConsentApplied    *out,
                              GError                 **error)
{
  g_auto(HeraldConsent) old = { 0 };
  g_auto(HeraldConsent) merged = { 0 };

  *out = (HeraldConsentApplied) { 0 };
  if (!created && !read_record (self, contact_id, &old, error))
    return FALSE;
  herald_consent_merge (&old, row, &merged);
  if (!herald_consent_equal (&old, &merged))
    {
      if (!created)
        {
          sqlite3_bind_int64 (self->save, 2, contact_id);
          if (!herald_store_step_reset (self->store, self->save, error))
            return FALSE;
          out->recorded = sqlite3_changes (herald_store_get_db (self->store)) > 0;
          sqlite3_bind_int64 (self->mark, 2, contact_id);
          bind_record (self->mark, 3, &merged);
          if (!herald_store_step_reset (self->store, self->mark, error))
            return FALSE;
          out->changed = TRUE;
        }
      sqlite3_bind_int64 (self->set, 1, contact_id);
      bind_record (self->set, 2, &merged);
      if (!herald_store_step_reset (self->store, self->set, error))
        return FALSE;
    }
  out->consent = merged;
  merged.source = NULL;
  return TRUE;
}
