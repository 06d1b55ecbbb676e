/* herald-contacts.c — reading a list's contacts in order, streaming
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-contacts"

#include "config.h"

#include "herald-store-private.h"
#include "herald-contacts.h"

/* One query yields a row per (contact, field) pair in list order, so the
 * cursor needs memory for one contact only, whatever the list's size. */
struct _HeraldContactCursor
{
  HeraldStore      *store;
  sqlite3_stmt     *stmt;
  GStrv             fields;
  GHashTable       *field_index;   /* name → index + 1 */
  HeraldContactRow  row;
  char             *email;
  char             *status;
  char            **values;        /* owned copies, aligned with fields */
  gboolean          pending;       /* stmt holds the first pair of the next contact */
  gboolean          done;
};

HeraldContactCursor *
herald_contact_cursor_new (HeraldStore  *store,
                           gint64        list_id,
                           GError      **error)
{
  g_autoptr(HeraldContactCursor) self = g_new0 (HeraldContactCursor, 1);
  guint n;

  self->store = store;
  self->fields = herald_store_dup_list_fields (store, list_id, error);
  if (self->fields == NULL)
    return NULL;
  n = g_strv_length (self->fields);
  self->field_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    g_hash_table_insert (self->field_index, self->fields[i], GUINT_TO_POINTER (i + 1));
  self->values = g_new0 (char *, n + 1);
  self->row.values = (const char **) self->values;

  self->stmt = herald_store_prepare (store,
      "SELECT m.id, c.id, c.email, m.status, j.key, j.value"
      " FROM list_members m JOIN contacts c ON c.id = m.contact_id"
      " LEFT JOIN json_each(c.fields) j"
      " WHERE m.list_id = ? ORDER BY m.id",
      error);
  if (self->stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (self->stmt, 1, list_id);
  return g_steal_pointer (&self);
}

/**
 * herald_contact_cursor_get_fields:
 *
 * Returns: (transfer none): the list's field names, in order
 */
const char * const *
herald_contact_cursor_get_fields (HeraldContactCursor *self)
{
  return (const char * const *) self->fields;
}

static void
take_pair (HeraldContactCursor *self)
{
  const char *key = (const char *) sqlite3_column_text (self->stmt, 4);
  guint index;

  if (key == NULL)
    return;
  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->field_index, key));
  if (index == 0)
    return;   /* a field this list does not show */
  g_free (self->values[index - 1]);
  self->values[index - 1] = g_strdup ((const char *) sqlite3_column_text (self->stmt, 5));
}

/**
 * herald_contact_cursor_next:
 *
 * Returns: (transfer none) (nullable): the next contact, valid until the
 *   next call; %NULL at the end or on error (then @error is set)
 */
const HeraldContactRow *
herald_contact_cursor_next (HeraldContactCursor  *self,
                            GError              **error)
{
  guint n = g_strv_length (self->fields);
  int rc;

  if (self->done)
    return NULL;

  if (!self->pending)
    {
      rc = sqlite3_step (self->stmt);
      if (rc != SQLITE_ROW)
        {
          self->done = TRUE;
          if (rc != SQLITE_DONE)
            herald_store_set_error (self->store, rc, error);
          return NULL;
        }
    }

  for (guint i = 0; i < n; i++)
    g_clear_pointer (&self->values[i], g_free);
  g_free (self->email);
  g_free (self->status);
  self->row.member_id = sqlite3_column_int64 (self->stmt, 0);
  self->row.contact_id = sqlite3_column_int64 (self->stmt, 1);
  self->email = g_strdup ((const char *) sqlite3_column_text (self->stmt, 2));
  self->status = g_strdup ((const char *) sqlite3_column_text (self->stmt, 3));
  take_pair (self);

  self->pending = FALSE;
  while ((rc = sqlite3_step (self->stmt)) == SQLITE_ROW)
    {
      if (sqlite3_column_int64 (self->stmt, 0) != self->row.member_id)
        {
          self->pending = TRUE;
          break;
        }
      take_pair (self);
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      self->done = TRUE;
      herald_store_set_error (self->store, rc, error);
      return NULL;
    }
  /* Stepping past the end would restart the query: remember it ended. */
  if (rc == SQLITE_DONE)
    self->done = TRUE;

  for (guint i = 0; i < n; i++)
    if (self->values[i] == NULL)
      self->values[i] = g_strdup ("");

  self->row.email = self->email;
  self->row.status = self->status;
  return &self->row;
}

/**
 * herald_contact_row_lookup:
 *
 * Returns: (transfer none) (nullable): the row's value of @field, the
 *   address for "email", or %NULL when the list has no such field
 */
const char *
herald_contact_row_lookup (HeraldContactCursor    *self,
                           const HeraldContactRow *row,
                           const char             *field)
{
  guint index;

  if (g_str_equal (field, "email"))
    return row->email;
  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->field_index, field));
  return index > 0 ? row->values[index - 1] : NULL;
}

void
herald_contact_cursor_free (HeraldContactCursor *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->stmt, sqlite3_finalize);
  g_clear_pointer (&self->field_index, g_hash_table_unref);
  for (guint i = 0; self->values != NULL && self->fields[i] != NULL; i++)
    g_free (self->values[i]);
  g_free (self->values);
  g_strfreev (self->fields);
  g_free (self->email);
  g_free (self->status);
  g_free (self);
}
