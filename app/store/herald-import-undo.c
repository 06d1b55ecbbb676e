/* herald-import-undo.c — undoing a list's last import
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The import writer (herald-import-writer.c) keeps, for the last few
 * imports into each list that changed something, the list members and contacts it
 * added (as ranges of ids: nothing else writes during the import's
 * transaction) and each known contact's fields before and after it. The
 * undo puts all of it back in one transaction — or nothing, when a later
 * change would be lost: a contact whose values have changed since, a
 * contact the import created that has since joined another list or been
 * sent a campaign, or a member it added who has unsubscribed since. It
 * then says which contacts stand in the way.
 */
#define G_LOG_DOMAIN "herald-import-undo"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-import-undo.h"
#include "herald-store-private.h"

/* Contacts named in a refusal; the rest are counted. */
#define MAX_NAMED 10

typedef struct
{
  gint64  id;
  gint64  list_id;
  gboolean list_created;
  char   *list_fields;
  gint64  first_member;
  gint64  last_member;
  gint64  first_contact;
  gint64  last_contact;
  gint64  created_at;
} Record;

static void
record_clear (Record *rec)
{
  g_clear_pointer (&rec->list_fields, g_free);
}

static gboolean
read_record (HeraldStore  *store,
             const char   *list_name,
             Record       *rec,
             GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  memset (rec, 0, sizeof *rec);
  if ((rec->list_id = herald_store_find_list (store, list_name, error)) < 0)
    return FALSE;
  stmt = herald_store_prepare (store,
    "SELECT id, list_created, list_fields, first_member, last_member,"
    "       first_contact, last_contact, created_at"
    " FROM imports WHERE list_id = ?1 ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rec->list_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      rec->id = sqlite3_column_int64 (stmt, 0);
      rec->list_created = sqlite3_column_int (stmt, 1);
      rec->list_fields = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      rec->first_member = sqlite3_column_int64 (stmt, 3);
      rec->last_member = sqlite3_column_int64 (stmt, 4);
      rec->first_contact = sqlite3_column_int64 (stmt, 5);
      rec->last_contact = sqlite3_column_int64 (stmt, 6);
      rec->created_at = sqlite3_column_int64 (stmt, 7);
      rc = SQLITE_DONE;
    }
  else if (rc == SQLITE_DONE)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOTHING_TO_UNDO,
                   _("There is no import into “%s” to undo: it was undone already, "
                     "or no import has changed the list."), list_name);
      return FALSE;
    }
  return herald_store_finish (store, stmt, rc, NULL, error);
}

/* Adds "EMAIL (DETAIL, DETAIL)" for each contact a query returns as
 * (email, detail) rows, sorted by email; just "EMAIL" when detail is NULL. */
static gboolean
collect (HeraldStore  *store,
         const char   *sql,
         const gint64 *args,
         guint         n_args,
         GPtrArray    *out,
         GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store, sql, error);
  g_autoptr(GString) item = g_string_new (NULL);
  g_autofree char *email = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_args; i++)
    sqlite3_bind_int64 (stmt, i + 1, args[i]);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *row_email = (const char *) sqlite3_column_text (stmt, 0);
      const char *detail = (const char *) sqlite3_column_text (stmt, 1);

      if (email == NULL || !g_str_equal (email, row_email))
        {
          if (email != NULL)
            g_ptr_array_add (out, g_strdup_printf ("%s%s", item->str, item->len > strlen (email) ? ")" : ""));
          g_free (email);
          email = g_strdup (row_email);
          g_string_assign (item, email);
          if (detail != NULL)
            g_string_append_printf (item, " (%s", detail);
        }
      else if (detail != NULL)
        g_string_append_printf (item, ", %s", detail);
    }
  if (email != NULL)
    g_ptr_array_add (out, g_strdup_printf ("%s%s", item->str, item->len > strlen (email) ? ")" : ""));
  return herald_store_finish (store, stmt, rc, NULL, error);
}

/* What stands in the way of the undo: FALSE with a CONFLICT error naming
 * the contacts, or another error. */
static gboolean
check_conflicts (HeraldStore  *store,
                 const char   *list_name,
                 const Record *rec,
                 GError      **error)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) elsewhere = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) unsubscribed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) names = g_string_new (NULL);
  const gint64 one[] = { rec->id };
  const gint64 created[] = { rec->first_contact, rec->last_contact, rec->list_id };
  const gint64 members[] = { rec->list_id, rec->first_member, rec->last_member };
  guint total;
  guint shown = 0;

  /* Values that differ from what the import left, which is the fields
   * before it patched with the values it wrote (the same function on the
   * same text: the same text), or the fields before when it changed only
   * the consent record (changes '{}'): (email, field). */
  if (!collect (store,
        "WITH e AS (SELECT * FROM (SELECT c.email, c.fields AS now,"
        "                  CASE ic.changes WHEN '{}' THEN ic.old_fields"
        "                  ELSE json_patch (ic.old_fields, ic.changes) END AS left"
        "           FROM import_changes AS ic JOIN contacts AS c ON c.id = ic.contact_id"
        "           WHERE ic.import_id = ?1) WHERE now IS NOT left)"
        " SELECT e.email, k.key FROM e, json_each (e.now) AS k"
        "  WHERE k.value IS NOT (SELECT n.value FROM json_each (e.left) AS n WHERE n.key = k.key)"
        " UNION"
        " SELECT e.email, n.key FROM e, json_each (e.left) AS n"
        "  WHERE NOT EXISTS (SELECT 1 FROM json_each (e.now) AS k WHERE k.key = n.key)"
        /* A consent record that differs from what the import left. */
        " UNION"
        " SELECT c.email, 'consent' FROM import_changes AS ic JOIN contacts AS c"
        "   ON c.id = ic.contact_id WHERE ic.import_id = ?1 AND CASE WHEN ic.consent_changed"
        "   THEN c.consent_at IS NOT ic.new_consent_at OR c.consent_source IS NOT ic.new_consent_source"
        "        OR c.consent_declined IS NOT ic.new_consent_declined"
        "   ELSE c.consent_at IS NOT ic.old_consent_at OR c.consent_source IS NOT ic.old_consent_source"
        "        OR c.consent_declined IS NOT ic.old_consent_declined END"
        " ORDER BY 1, 2", one, 1, changed, error) ||
      /* Contacts it created that are in other lists now: (email, list). */
      !collect (store,
        "SELECT c.email, '“' || l.name || '”' FROM contacts AS c"
        " JOIN list_members AS m ON m.contact_id = c.id JOIN lists AS l ON l.id = m.list_id"
        " WHERE c.id BETWEEN ?1 AND ?2 AND m.list_id <> ?3 ORDER BY 1, 2",
        created, 3, elsewhere, error) ||
      /* …or that a campaign has been made for. */
      !collect (store,
        "SELECT DISTINCT c.email, NULL FROM deliveries AS d JOIN contacts AS c"
        " ON c.id = d.contact_id WHERE d.contact_id BETWEEN ?1 AND ?2 ORDER BY 1",
        created, 2, sent, error) ||
      /* Members it added who unsubscribed from the list since. */
      !collect (store,
        "SELECT c.email, NULL FROM list_members AS m JOIN contacts AS c ON c.id = m.contact_id"
        " WHERE m.list_id = ?1 AND m.id BETWEEN ?2 AND ?3 AND m.status <> 'subscribed'"
        " ORDER BY 1", members, 3, unsubscribed, error))
    return FALSE;

  total = changed->len + elsewhere->len + sent->len + unsubscribed->len;
  if (total == 0)
    return TRUE;
  for (guint i = 0; i < changed->len && shown < MAX_NAMED; i++, shown++)
    {
      g_autofree char *item =
        /* TRANSLATORS: %s is "ADDRESS (FIELD, FIELD)": values changed since an import */
        g_strdup_printf (_("%s, changed since"), (char *) g_ptr_array_index (changed, i));
      g_string_append_printf (names, "%s%s", shown > 0 ? "; " : "", item);
    }
  for (guint i = 0; i < elsewhere->len && shown < MAX_NAMED; i++, shown++)
    {
      g_autofree char *item =
        /* TRANSLATORS: %s is "ADDRESS (“LIST”, “LIST”)": a contact an import
         * created that other lists have now */
        g_strdup_printf (_("%s, now in those lists too"), (char *) g_ptr_array_index (elsewhere, i));
      g_string_append_printf (names, "%s%s", shown > 0 ? "; " : "", item);
    }
  for (guint i = 0; i < sent->len && shown < MAX_NAMED; i++, shown++)
    {
      g_autofree char *item =
        /* TRANSLATORS: %s is an address an import created that a campaign includes since */
        g_strdup_printf (_("%s, in a campaign since"), (char *) g_ptr_array_index (sent, i));
      g_string_append_printf (names, "%s%s", shown > 0 ? "; " : "", item);
    }
  for (guint i = 0; i < unsubscribed->len && shown < MAX_NAMED; i++, shown++)
    {
      g_autofree char *item =
        /* TRANSLATORS: %s is an address an import added to a list that unsubscribed since */
        g_strdup_printf (_("%s, unsubscribed since"), (char *) g_ptr_array_index (unsubscribed, i));
      g_string_append_printf (names, "%s%s", shown > 0 ? "; " : "", item);
    }
  if (total > shown)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "and %u more contact",
                                                            "and %u more contacts",
                                                            total - shown),
                                               total - shown);
      g_string_append_printf (names, "; %s", more);
    }
  g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_CONFLICT,
               _("The last import into “%s” cannot be undone: later changes touched "
                 "contacts it changed or added, and undoing it would lose them. "
                 "Nothing was changed. The contacts: %s."),
               list_name, names->str);
  return FALSE;
}

/* A list the import created goes too, unless something else uses it now. */
static const char remove_list_sql[] =
  "DELETE FROM lists WHERE id = ?1"
  " AND NOT EXISTS (SELECT 1 FROM list_members WHERE list_id = ?1)"
  " AND NOT EXISTS (SELECT 1 FROM campaigns WHERE list_id = ?1)";

static gboolean
count_undo (HeraldStore      *store,
            const Record     *rec,
            HeraldImportUndo *out,
            GError          **error)
{
  gint64 restored = 0;
  gint64 members = 0;
  gint64 contacts = 0;
  gint64 others = 0;
  gint64 campaigns = 0;

  if (!herald_store_query_int64 (store,
         "SELECT count(*) FROM import_changes WHERE import_id = ?1",
         0, &restored, error, 1, rec->id) ||
      !herald_store_query_int64 (store,
         "SELECT count(*) FROM list_members WHERE list_id = ?1 AND id BETWEEN ?2 AND ?3",
         0, &members, error, 3, rec->list_id, rec->first_member, rec->last_member) ||
      !herald_store_query_int64 (store,
         "SELECT count(*) FROM contacts WHERE id BETWEEN ?1 AND ?2",
         0, &contacts, error, 2, rec->first_contact, rec->last_contact) ||
      !herald_store_query_int64 (store,
         "SELECT count(*) FROM list_members WHERE list_id = ?1 AND id NOT BETWEEN ?2 AND ?3",
         0, &others, error, 3, rec->list_id, rec->first_member, rec->last_member) ||
      !herald_store_query_int64 (store,
         "SELECT count(*) FROM campaigns WHERE list_id = ?1",
         0, &campaigns, error, 1, rec->list_id))
    return FALSE;
  out->imported_at = rec->created_at;
  out->contacts_restored = restored;
  out->members_removed = members;
  out->contacts_deleted = contacts;
  out->list_removed = rec->list_created && others == 0 && campaigns == 0;
  return TRUE;
}

/**
 * herald_import_undo_peek:
 * @out: (out caller-allocates): what herald_import_undo() would do
 *
 * Checks that the last import into @list_name can be undone, without
 * changing anything.
 *
 * Returns: %FALSE with %HERALD_STORE_ERROR_NOTHING_TO_UNDO, or
 *   %HERALD_STORE_ERROR_CONFLICT naming the contacts in the way, or
 *   %HERALD_STORE_ERROR_NOT_FOUND for a list that does not exist
 */
gboolean
herald_import_undo_peek (HeraldStore       *store,
                         const char        *list_name,
                         HeraldImportUndo  *out,
                         GError           **error)
{
  Record rec;
  gboolean ok;

  g_return_val_if_fail (store != NULL && list_name != NULL && out != NULL, FALSE);
  memset (out, 0, sizeof *out);
  ok = read_record (store, list_name, &rec, error) &&
       check_conflicts (store, list_name, &rec, error) &&
       count_undo (store, &rec, out, error);
  record_clear (&rec);
  return ok;
}

static gboolean
apply (HeraldStore      *store,
       const char       *list_name,
       HeraldImportUndo *out,
       GError          **error)
{
  Record rec;
  guint64 n;
  gboolean ok;
  sqlite3_stmt *fields;
  int rc;

  if (!read_record (store, list_name, &rec, error))
    return FALSE;
  ok = check_conflicts (store, list_name, &rec, error) &&
       count_undo (store, &rec, out, error) &&
       herald_store_run_sql (store,
         "UPDATE contacts SET"
         " fields = (SELECT old_fields FROM import_changes"
         "           WHERE import_id = ?1 AND contact_id = contacts.id),"
         " updated_at = (SELECT old_updated_at FROM import_changes"
         "               WHERE import_id = ?1 AND contact_id = contacts.id),"
         " (consent_at, consent_source, consent_declined) ="
         "   (SELECT old_consent_at, old_consent_source, old_consent_declined FROM import_changes"
         "    WHERE import_id = ?1 AND contact_id = contacts.id)"
         " WHERE id IN (SELECT contact_id FROM import_changes WHERE import_id = ?1)",
         &n, error, 1, rec.id) &&
       herald_store_run_sql (store,
         "DELETE FROM list_members WHERE list_id = ?1 AND id BETWEEN ?2 AND ?3",
         NULL, error, 3, rec.list_id, rec.first_member, rec.last_member) &&
       /* What refers to the contacts it created goes first, by hand: the
        * foreign keys may be off (see herald_import_undo()). */
       herald_store_run_sql (store,
         "DELETE FROM list_members WHERE contact_id BETWEEN ?1 AND ?2",
         NULL, error, 2, rec.first_contact, rec.last_contact) &&
       herald_store_run_sql (store,
         "DELETE FROM import_changes WHERE contact_id BETWEEN ?1 AND ?2",
         NULL, error, 2, rec.first_contact, rec.last_contact) &&
       herald_store_run_sql (store, "DELETE FROM contacts WHERE id BETWEEN ?1 AND ?2",
         NULL, error, 2, rec.first_contact, rec.last_contact) &&
       herald_store_run_sql (store, "DELETE FROM import_changes WHERE import_id = ?1",
         NULL, error, 1, rec.id) &&
       herald_store_run_sql (store, "DELETE FROM imports WHERE id = ?1",
         NULL, error, 1, rec.id);
  if (ok && (fields = herald_store_prepare (store,
               "UPDATE lists SET fields = ?2 WHERE id = ?1", error)) != NULL)
    {
      sqlite3_bind_int64 (fields, 1, rec.list_id);
      sqlite3_bind_text (fields, 2, rec.list_fields, -1, SQLITE_STATIC);
      rc = sqlite3_step (fields);
      ok = herald_store_finish (store, fields, rc, NULL, error);
    }
  else
    ok = FALSE;
  if (ok && rec.list_created)
    {
      ok = herald_store_run_sql (store, remove_list_sql, &n, error, 1, rec.list_id);
      if (ok && n > 0)
        ok = herald_store_run_sql (store,
               "DELETE FROM import_changes WHERE import_id IN"
               " (SELECT id FROM imports WHERE list_id = ?1)", NULL, error, 1, rec.list_id) &&
             herald_store_run_sql (store, "DELETE FROM imports WHERE list_id = ?1",
               NULL, error, 1, rec.list_id);
    }
  record_clear (&rec);
  return ok;
}

/**
 * herald_import_undo:
 * @out: (out caller-allocates) (optional): what was put back
 *
 * Undoes the last import into @list_name, in one transaction: every value
 * it replaced goes back, the list members and contacts it added go, and so
 * does the list when the import created it (and nothing else uses it now).
 * When a later change would be lost, nothing is changed and the error
 * names the contacts.
 *
 * Returns: %FALSE with @error set as herald_import_undo_peek() says
 */
gboolean
herald_import_undo (HeraldStore       *store,
                    const char        *list_name,
                    HeraldImportUndo  *out,
                    GError           **error)
{
  HeraldImportUndo scratch;

  sqlite3 *db;
  gboolean foreign_keys = FALSE;
  gboolean ok;

  g_return_val_if_fail (store != NULL && list_name != NULL, FALSE);
  db = herald_store_get_db (store);
  if (out == NULL)
    out = &scratch;
  memset (out, 0, sizeof *out);

  /* Deleting the contacts it created would otherwise look for
   * deliveries of each (no index has deliveries by contact): apply()
   * has checked there are none, and deletes what else refers to them.
   * The setting can only change outside a transaction. */
  if (sqlite3_get_autocommit (db))
    {
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (db, "PRAGMA foreign_keys", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        foreign_keys = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      if (foreign_keys)
        sqlite3_exec (db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
    }
  ok = herald_store_begin (store, error);
  if (ok && !(ok = apply (store, list_name, out, error) && herald_store_commit (store, error)))
    herald_store_rollback (store);
  if (foreign_keys)
    sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  return ok;
}
