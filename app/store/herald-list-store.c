/* herald-list-store.c — browsing and editing one list's contacts page by page
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-list-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-store-private.h"
#include "herald-address.h"
#include "herald-contacts.h"
#include "herald-csv-write.h"
#include "herald-list-store.h"

void
herald_list_row_free (HeraldListRow *row)
{
  if (row == NULL)
    return;
  g_free (row->email);
  g_free (row->status);
  g_strfreev (row->values);
  g_free (row->consent_source);
  g_free (row);
}

void
herald_list_removed_free (HeraldListRemoved *removed)
{
  if (removed == NULL)
    return;
  g_free (removed->status);
  g_free (removed);
}

static gboolean
step_done (HeraldStore   *store,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return herald_store_set_error (store, rc, error);
  return TRUE;
}

/* "ab_c" → "%ab\_c%" for LIKE … ESCAPE '\'. */
static char *
like_pattern (const char *search)
{
  GString *out = g_string_new ("%");

  for (const char *p = search; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '%');
  return g_string_free (out, FALSE);
}

static gboolean
has_search (const char *search)
{
  return search != NULL && *search != '\0';
}

/* The LIKE on the raw JSON text is a cheap filter (it also matches field
 * names and escapes); json_each confirms on the few rows that pass it. */
#define SEARCH_CLAUSE \
  " AND (c.email LIKE ?2 ESCAPE '\\'" \
  "      OR (c.fields LIKE ?2 ESCAPE '\\'" \
  "          AND EXISTS (SELECT 1 FROM json_each(c.fields) j WHERE j.value LIKE ?2 ESCAPE '\\')))"

/**
 * herald_list_store_count:
 * @search: (nullable): only count contacts whose address or a field contains it
 *
 * Returns: the number of contacts, or -1 with @error set
 */
gint64
herald_list_store_count (HeraldStore  *store,
                         gint64        list_id,
                         const char   *search,
                         GError      **error)
{
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;

  if (has_search (search))
    stmt = herald_store_prepare (store,
        "SELECT count(*) FROM list_members m JOIN contacts c ON c.id = m.contact_id"
        " WHERE m.list_id = ?1" SEARCH_CLAUSE, error);
  else
    stmt = herald_store_prepare (store,
        "SELECT count(*) FROM list_members m WHERE m.list_id = ?1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, list_id);
  if (has_search (search))
    {
      pattern = like_pattern (search);
      sqlite3_bind_text (stmt, 2, pattern, -1, SQLITE_STATIC);
    }
  return herald_store_step_count (store, stmt, error);
}

/* The page queries, by size of list, sort order and direction, with and
 * without a search. Only these constant strings ever reach SQLite.
 *
 * A large list is walked in its order so that no page sorts the whole list
 * in a temporary tree: the import order by list_members' rowid (the unary +
 * keeps SQLite off the list_id index), the address order along the contacts'
 * unique email index, checking membership through UNIQUE (list_id,
 * contact_id). A small list in a large database is found through its index
 * and sorted, which is cheaper than walking everyone. */
#define SMALL_LIST 20000

#define PAGE_COLUMNS "SELECT m.id, c.id, c.email, m.status, c.fields," \
  " c.consent_at, c.consent_source, c.consent_declined"
#define BY_INDEX \
  PAGE_COLUMNS " FROM list_members m JOIN contacts c ON c.id = m.contact_id WHERE m.list_id = ?1"
#define BY_ROWID \
  PAGE_COLUMNS " FROM list_members m JOIN contacts c ON c.id = m.contact_id WHERE +m.list_id = ?1"
#define BY_EMAIL \
  PAGE_COLUMNS " FROM contacts c CROSS JOIN list_members m ON m.contact_id = c.id WHERE m.list_id = ?1"
#define IMPORT_ASC  " ORDER BY m.id LIMIT ?3 OFFSET ?4"
#define IMPORT_DESC " ORDER BY m.id DESC LIMIT ?3 OFFSET ?4"
#define EMAIL_ASC   " ORDER BY c.email LIMIT ?3 OFFSET ?4"
#define EMAIL_DESC  " ORDER BY c.email DESC LIMIT ?3 OFFSET ?4"

/* A jump deep into a large list in import order: the member at the offset
 * is found in list_members alone (a walk of small rows), then the page is
 * read from it along the rowid — not joined with contacts for every row
 * skipped (the end of a million-row list: 60 ms instead of 2.2 s). */
#define JUMP_ASC \
  " AND m.id >= (SELECT id FROM list_members WHERE +list_id = ?1 ORDER BY id LIMIT 1 OFFSET ?4)" \
  " ORDER BY m.id LIMIT ?3"
#define JUMP_DESC \
  " AND m.id <= (SELECT id FROM list_members WHERE +list_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?4)" \
  " ORDER BY m.id DESC LIMIT ?3"

/* [large][sort][descending][search] */
static const char * const page_sql[2][2][2][2] = {
  {
    [HERALD_LIST_SORT_IMPORT] = {
      { BY_INDEX IMPORT_ASC,  BY_INDEX SEARCH_CLAUSE IMPORT_ASC },
      { BY_INDEX IMPORT_DESC, BY_INDEX SEARCH_CLAUSE IMPORT_DESC },
    },
    [HERALD_LIST_SORT_EMAIL] = {
      { BY_INDEX EMAIL_ASC,  BY_INDEX SEARCH_CLAUSE EMAIL_ASC },
      { BY_INDEX EMAIL_DESC, BY_INDEX SEARCH_CLAUSE EMAIL_DESC },
    },
  },
  {
    [HERALD_LIST_SORT_IMPORT] = {
      { BY_ROWID JUMP_ASC,  BY_ROWID SEARCH_CLAUSE IMPORT_ASC },
      { BY_ROWID JUMP_DESC, BY_ROWID SEARCH_CLAUSE IMPORT_DESC },
    },
    [HERALD_LIST_SORT_EMAIL] = {
      { BY_EMAIL EMAIL_ASC,  BY_EMAIL SEARCH_CLAUSE EMAIL_ASC },
      { BY_EMAIL EMAIL_DESC, BY_EMAIL SEARCH_CLAUSE EMAIL_DESC },
    },
  },
};

/* Keyset pages of a large list: the rows after the last one of the page
 * before, found through the index instead of counted past. [sort][desc][search] */
#define AFTER_ID_ASC     " AND m.id > ?5"
#define AFTER_ID_DESC    " AND m.id < ?5"
#define AFTER_EMAIL_ASC  " AND c.email > ?6"
#define AFTER_EMAIL_DESC " AND c.email < ?6"

static const char * const after_sql[2][2][2] = {
  [HERALD_LIST_SORT_IMPORT] = {
    { BY_ROWID AFTER_ID_ASC IMPORT_ASC,  BY_ROWID SEARCH_CLAUSE AFTER_ID_ASC IMPORT_ASC },
    { BY_ROWID AFTER_ID_DESC IMPORT_DESC, BY_ROWID SEARCH_CLAUSE AFTER_ID_DESC IMPORT_DESC },
  },
  [HERALD_LIST_SORT_EMAIL] = {
    { BY_EMAIL AFTER_EMAIL_ASC EMAIL_ASC,  BY_EMAIL SEARCH_CLAUSE AFTER_EMAIL_ASC EMAIL_ASC },
    { BY_EMAIL AFTER_EMAIL_DESC EMAIL_DESC, BY_EMAIL SEARCH_CLAUSE AFTER_EMAIL_DESC EMAIL_DESC },
  },
};

/* Whether the list has more than SMALL_LIST members: reads at most that
 * many index entries (well under a millisecond). */
static int
is_large_list (HeraldStore  *store,
               gint64        list_id,
               GError      **error)
{
  sqlite3_stmt *stmt;
  int large = -1;
  int rc;

  stmt = herald_store_prepare (store,
      "SELECT count(*) FROM (SELECT 1 FROM list_members WHERE list_id = ?1 LIMIT ?2)", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, list_id);
  sqlite3_bind_int (stmt, 2, SMALL_LIST + 1);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    large = sqlite3_column_int (stmt, 0) > SMALL_LIST;
  else
    herald_store_set_error (store, rc, error);
  sqlite3_finalize (stmt);
  return large;
}

static gboolean
fill_values (HeraldStore         *store,
             sqlite3_stmt        *pairs,
             const char          *json,
             const char * const  *fields,
             HeraldListRow       *row,
             GError             **error)
{
  guint n = fields != NULL ? g_strv_length ((char **) fields) : 0;
  int rc;

  row->values = g_new0 (char *, n + 1);
  sqlite3_bind_text (pairs, 1, json, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (pairs)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (pairs, 0);

      for (guint i = 0; i < n && key != NULL; i++)
        if (row->values[i] == NULL && g_str_equal (fields[i], key))
          row->values[i] = g_strdup ((const char *) sqlite3_column_text (pairs, 1));
    }
  sqlite3_reset (pairs);
  for (guint i = 0; i < n; i++)
    if (row->values[i] == NULL)
      row->values[i] = g_strdup ("");
  if (rc != SQLITE_DONE)
    return herald_store_set_error (store, rc, error);
  return TRUE;
}

/**
 * herald_list_store_fetch:
 * @query: the list, its fields, the search, the order and the page
 *
 * Reads the rows [@query->offset, @query->offset + @query->n_rows) of the
 * list in the given order. Given the row before the page
 * (@query->after_member_id or @query->after_email), a large list reads the
 * page along its index instead of counting past the offset's rows
 * (scrolling down reads each page in about a millisecond wherever it is).
 *
 * Returns: (transfer full) (element-type HeraldListRow): the rows, or %NULL
 *   with @error set
 */
GPtrArray *
herald_list_store_fetch (HeraldStore            *store,
                         const HeraldListQuery  *query,
                         GError                **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_list_row_free);
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;
  sqlite3_stmt *pairs;
  gboolean ok = TRUE;
  gboolean keyset;
  int large;
  int rc;

  g_return_val_if_fail (query != NULL && query->sort <= HERALD_LIST_SORT_EMAIL, NULL);

  large = is_large_list (store, query->list_id, error);
  if (large < 0)
    return NULL;
  keyset = large && (query->sort == HERALD_LIST_SORT_IMPORT ? query->after_member_id > 0
                                                            : query->after_email != NULL);
  stmt = herald_store_prepare (store,
      keyset ? after_sql[query->sort][query->descending ? 1 : 0][has_search (query->search) ? 1 : 0]
             : page_sql[large][query->sort][query->descending ? 1 : 0][has_search (query->search) ? 1 : 0], error);
  if (stmt == NULL)
    return NULL;
  pairs = herald_store_prepare (store, "SELECT key, value FROM json_each(?)", error);
  if (pairs == NULL)
    {
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, query->list_id);
  if (has_search (query->search))
    {
      pattern = like_pattern (query->search);
      sqlite3_bind_text (stmt, 2, pattern, -1, SQLITE_STATIC);
    }
  sqlite3_bind_int64 (stmt, 3, query->n_rows);
  sqlite3_bind_int64 (stmt, 4, keyset ? 0 : (gint64) MIN (query->offset, (guint64) G_MAXINT64));
  if (keyset && query->sort == HERALD_LIST_SORT_IMPORT)
    sqlite3_bind_int64 (stmt, 5, query->after_member_id);
  else if (keyset)
    sqlite3_bind_text (stmt, 6, query->after_email, -1, SQLITE_STATIC);

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeraldListRow *row = g_new0 (HeraldListRow, 1);

      row->member_id = sqlite3_column_int64 (stmt, 0);
      row->contact_id = sqlite3_column_int64 (stmt, 1);
      row->email = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      row->status = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      row->consent_at = sqlite3_column_int64 (stmt, 5);
      row->consent_source = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      row->consent_declined = sqlite3_column_int (stmt, 7) != 0;
      g_ptr_array_add (rows, row);
      ok = fill_values (store, pairs, (const char *) sqlite3_column_text (stmt, 4), query->fields, row, error);
    }
  if (ok && rc != SQLITE_DONE)
    ok = herald_store_set_error (store, rc, error);
  sqlite3_finalize (pairs);
  sqlite3_finalize (stmt);
  return ok ? g_steal_pointer (&rows) : NULL;
}

/**
 * herald_list_store_set_field:
 *
 * Sets one field of a contact (in every list it belongs to).
 */
gboolean
herald_list_store_set_field (HeraldStore  *store,
                             gint64        contact_id,
                             const char   *field,
                             const char   *value,
                             GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (field != NULL && value != NULL, FALSE);

  /* json_object() quotes the name: a field called "a.b" or "x\"y" is safe. */
  stmt = herald_store_prepare (store,
      "UPDATE contacts SET fields = json_patch(fields, json_object(?1, ?2)),"
      " updated_at = strftime('%s','now') WHERE id = ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, field, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, contact_id);
  if (!step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (herald_store_get_db (store)) == 0)
    {
      g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND,
                   _("The contact no longer exists. Reload the list and try again."));
      return FALSE;
    }
  return TRUE;
}

/**
 * herald_list_store_add:
 * @address: as typed: it is normalised and checked
 *
 * Adds one contact to a list, as an import of one row would.
 *
 * Returns: the contact id, or -1 with @error set
 */
gint64
herald_list_store_add (HeraldStore         *store,
                       gint64               list_id,
                       const char          *address,
                       const char * const  *names,
                       const char * const  *values,
                       GError             **error)
{
  const char * const empty[] = { NULL };
  g_autofree char *email = NULL;

  email = herald_address_normalize (address, error);
  if (email == NULL)
    return -1;
  if (herald_store_is_suppressed (store, email))
    {
      g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_EXISTS,
                   _("%s is on the suppression list, so it cannot be added. "
                     "Remove it from the suppression list first."), email);
      return -1;
    }
  return herald_store_upsert_contact (store, list_id, email,
                                      names != NULL ? names : empty,
                                      values != NULL ? values : empty,
                                      NULL, error);
}

/**
 * herald_list_store_remove:
 *
 * Takes contacts out of a list (the contacts themselves stay, for other
 * lists and the journal), in one transaction.
 *
 * Returns: (transfer full) (element-type HeraldListRemoved): what was taken
 *   out, for herald_list_store_restore(); %NULL with @error set
 */
GPtrArray *
herald_list_store_remove (HeraldStore   *store,
                          gint64         list_id,
                          const gint64  *contact_ids,
                          guint          n_contacts,
                          GError       **error)
{
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_list_removed_free);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  stmt = herald_store_begin_write (store,
      "DELETE FROM list_members WHERE list_id = ?1 AND contact_id = ?2"
      " RETURNING id, contact_id, status, added_at", error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < n_contacts && (rc == SQLITE_DONE); i++)
    {
      sqlite3_bind_int64 (stmt, 1, list_id);
      sqlite3_bind_int64 (stmt, 2, contact_ids[i]);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          HeraldListRemoved *r = g_new0 (HeraldListRemoved, 1);

          r->member_id = sqlite3_column_int64 (stmt, 0);
          r->contact_id = sqlite3_column_int64 (stmt, 1);
          r->status = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          r->added_at = sqlite3_column_int64 (stmt, 3);
          g_ptr_array_add (removed, r);
        }
      sqlite3_reset (stmt);
    }
  if (!herald_store_end_write (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&removed);
}

/**
 * herald_list_store_restore:
 * @removed: (element-type HeraldListRemoved): from herald_list_store_remove()
 *
 * Undoes herald_list_store_remove(): the members come back with their
 * place in the import order, status and date.
 */
gboolean
herald_list_store_restore (HeraldStore  *store,
                           gint64        list_id,
                           GPtrArray    *removed,
                           GError      **error)
{
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  stmt = herald_store_begin_write (store,
      "INSERT INTO list_members (id, list_id, contact_id, status, added_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < removed->len && rc == SQLITE_DONE; i++)
    {
      const HeraldListRemoved *r = g_ptr_array_index (removed, i);

      sqlite3_bind_int64 (stmt, 1, r->member_id);
      sqlite3_bind_int64 (stmt, 2, list_id);
      sqlite3_bind_int64 (stmt, 3, r->contact_id);
      sqlite3_bind_text (stmt, 4, r->status, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, r->added_at);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  return herald_store_end_write (store, stmt, rc, error);
}

/**
 * herald_list_store_unsubscribe:
 *
 * Marks a contact unsubscribed from one list: campaigns to this list skip it.
 */
gboolean
herald_list_store_unsubscribe (HeraldStore  *store,
                               gint64        list_id,
                               gint64        contact_id,
                               GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = herald_store_prepare (store,
      "UPDATE list_members SET status = 'unsubscribed' WHERE list_id = ?1 AND contact_id = ?2",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, list_id);
  sqlite3_bind_int64 (stmt, 2, contact_id);
  return step_done (store, stmt, error);
}

/**
 * herald_list_store_suppress:
 *
 * Puts a contact's address on the suppression list (no campaign sends to it
 * again, whatever the list) and unsubscribes it from @list_id.
 */
gboolean
herald_list_store_suppress (HeraldStore  *store,
                            gint64        list_id,
                            gint64        contact_id,
                            GError      **error)
{
  g_autofree char *email = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = herald_store_prepare (store, "SELECT email FROM contacts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, contact_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    email = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (email == NULL)
    {
      if (rc != SQLITE_DONE)
        return herald_store_set_error (store, rc, error);
      g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND,
                   _("The contact no longer exists. Reload the list and try again."));
      return FALSE;
    }
  return herald_store_suppress (store, email, "manual", "window", error) &&
         herald_list_store_unsubscribe (store, list_id, contact_id, error);
}

/**
 * herald_list_store_export:
 *
 * Writes the list as UTF-8 CSV with a byte order mark, for spreadsheets
 * (header "email" then the fields), to @file, replacing it only once
 * everything was written.
 *
 * Returns: the number of contacts written, or -1 with @error set
 */
gint64
herald_list_store_export (HeraldStore   *store,
                          gint64         list_id,
                          GFile         *file,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(HeraldContactCursor) cursor = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GString) buffer = g_string_sized_new (65536);
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  const HeraldContactRow *row;
  const char * const *fields;
  GError *local_error = NULL;
  gint64 n = 0;
  guint n_fields;

  cursor = herald_contact_cursor_new (store, list_id, error);
  if (cursor == NULL)
    return -1;
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, error);
  if (out == NULL)
    return -1;

  fields = herald_contact_cursor_get_fields (cursor);
  n_fields = g_strv_length ((char **) fields);
  g_string_append (buffer, HERALD_CSV_UTF8_BOM);
  g_ptr_array_add (cells, "email");
  for (guint i = 0; i < n_fields; i++)
    g_ptr_array_add (cells, (gpointer) fields[i]);
  herald_csv_append_row (buffer, (const char * const *) cells->pdata, cells->len);

  while ((row = herald_contact_cursor_next (cursor, &local_error)) != NULL)
    {
      g_ptr_array_set_size (cells, 0);
      g_ptr_array_add (cells, (gpointer) row->email);
      for (guint i = 0; i < n_fields; i++)
        g_ptr_array_add (cells, (gpointer) row->values[i]);
      herald_csv_append_row (buffer, (const char * const *) cells->pdata, cells->len);
      n++;
      if (buffer->len >= 60000)
        {
          if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), buffer->str, buffer->len,
                                          NULL, cancellable, &local_error))
            break;
          g_string_truncate (buffer, 0);
        }
    }
  if (local_error == NULL)
    g_output_stream_write_all (G_OUTPUT_STREAM (out), buffer->str, buffer->len,
                               NULL, cancellable, &local_error);
  if (local_error != NULL)
    {
      /* Closing after a cancel leaves the old file in place. */
      g_autoptr(GCancellable) cancelled = g_cancellable_new ();

      g_cancellable_cancel (cancelled);
      g_output_stream_close (G_OUTPUT_STREAM (out), cancelled, NULL);
      g_propagate_error (error, local_error);
      return -1;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error))
    return -1;
  return n;
}
