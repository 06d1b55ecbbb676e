/* herald-segment-edit.c — changing a saved segment, and who uses it
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A campaign chooses its recipients once, when it is made: one delivery
 * row each (herald_campaign_create()), scheduled or not. Changing or
 * removing a segment afterwards therefore changes no campaign's
 * recipients — a scheduled campaign sends to those it chose, a running
 * one goes on with them. The campaign keeps the segment's name as a
 * record (and "send again to those it failed for" reuses it): a rename
 * carries over to the campaigns made with it, in the same transaction.
 */
#define G_LOG_DOMAIN "herald-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-segment-private.h"

static gboolean
check_segment (const HeraldSegment  *segment,
               GError              **error)
{
  if (segment->name == NULL || *segment->name == '\0' || !g_utf8_validate (segment->name, -1, NULL))
    {
      g_set_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_INVALID,
                   _("A segment needs a name."));
      return FALSE;
    }
  if (segment->conditions->len == 0)
    {
      g_set_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_INVALID,
                   _("A segment needs at least one condition."));
      return FALSE;
    }
  return TRUE;
}

/* The segment's name now, or NULL with @error set when it is gone. */
static char *
dup_name (HeraldStore  *store,
          gint64        id,
          GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store, "SELECT name FROM segments WHERE id = ?1", error);
  char *name = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc == SQLITE_DONE)
    g_set_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_NOT_FOUND,
                 _("The segment was removed meanwhile. Save it as a new one, or close the editor."));
  else
    herald_store_set_error (store, rc, error);
  sqlite3_finalize (stmt);
  return name;
}

static gboolean
write_segment (HeraldStore          *store,
               gint64                id,
               const HeraldSegment  *segment,
               GError              **error)
{
  g_autofree char *json = herald_segment_conditions_json (segment);
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "UPDATE segments SET name = ?2, match_any = ?3, conditions = json (?4) WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, segment->name, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, segment->match_any ? 1 : 0);
  sqlite3_bind_text (stmt, 4, json, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    rc = sqlite3_reset (stmt);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    g_set_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_EXISTS,
                 _("A segment named “%s” exists already. Choose another name."), segment->name);
  else
    herald_store_set_error (store, rc, error);
  return FALSE;
}

static gboolean
rename_in_campaigns (HeraldStore  *store,
                     const char   *old_name,
                     const char   *new_name,
                     GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store, "UPDATE campaigns SET segment = ?2 WHERE segment = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, old_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, new_name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  herald_store_set_error (store, rc, error);
  return FALSE;
}

/**
 * herald_segment_update:
 * @id: the saved segment to change
 * @segment: its new name, all/any and conditions (its list stays)
 *
 * Replaces a saved segment's name and conditions. Campaigns already made
 * with it keep their recipients; those that name it follow a rename.
 *
 * Returns: %FALSE with @error set (%HERALD_SEGMENT_ERROR_EXISTS when the
 *   new name is another segment's, %HERALD_SEGMENT_ERROR_NOT_FOUND when
 *   @id is gone)
 */
gboolean
herald_segment_update (HeraldStore          *store,
                       gint64                id,
                       const HeraldSegment  *segment,
                       GError              **error)
{
  g_autofree char *old_name = NULL;

  g_return_val_if_fail (segment != NULL, FALSE);

  if (!check_segment (segment, error) || !herald_store_begin (store, error))
    return FALSE;
  if ((old_name = dup_name (store, id, error)) == NULL ||
      !write_segment (store, id, segment, error) ||
      !rename_in_campaigns (store, old_name, segment->name, error) ||
      !herald_store_commit (store, error))
    {
      herald_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/**
 * herald_segment_dup_waiting_campaigns:
 * @name: a segment's name
 *
 * The campaigns made with the segment that have not finished: scheduled,
 * sending, paused or still drafts. What the window says before the
 * segment changes or goes (they keep their recipients either way).
 *
 * Returns: (transfer full): their names, by name (empty when none); %NULL
 *   with @error set
 */
GStrv
herald_segment_dup_waiting_campaigns (HeraldStore  *store,
                                      const char   *name,
                                      GError      **error)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT name FROM campaigns WHERE segment = ?1"
      " AND state IN ('draft','scheduled','sending','paused') ORDER BY name", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (names, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      return NULL;
    }
  return g_strv_builder_end (names);
}
