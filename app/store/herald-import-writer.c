/* herald-import-writer.c — the store's side of an import: contacts and
 * list members written in chunks, inside one transaction
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built for a million rows (app/import/herald-import.c sorts and batches
 * them): six prepared statements bound once, many rows a statement, no
 * allocation per row. The import holds the rows' text; statements bind it
 * without copying (SQLITE_STATIC) and are reset before the next batch.
 *
 * Every import leaves a record for its undo (herald-import-undo.c): a row
 * of `imports` with the ranges of the list members and contacts it added,
 * and a row of `import_changes` for each known contact whose values it
 * changed — only those, so a first import of a million new contacts
 * records two numbers. An empty cell leaves a stored value as it is unless
 * the caller asks for blanks to clear.
 */
#define G_LOG_DOMAIN "herald-import-writer"

#include "config.h"

#include <string.h>

#include "herald-consent-writer.h"
#include "herald-import-writer.h"
#include "herald-store-private.h"

#define CHUNK_ROWS HERALD_IMPORT_CHUNK_ROWS

/* SQLite's page cache during an import: big enough for the indexes' hot
 * pages, so that they are not spilled to the WAL and written again. */
#define IMPORT_CACHE_KB 65536

/* A field of a contact or of a row: offsets in the writer's arena. */
typedef struct
{
  gsize key;
  gsize key_len;
  gsize value;
  gsize value_len;
} Pair;

struct _HeraldImportWriter
{
  HeraldStore  *store;
  sqlite3      *db;
  gboolean      savepoint;      /* inside a caller's transaction */
  gboolean      foreign_keys;   /* to turn on again at the end */
  int           cache_size;     /* to set back at the end */

  sqlite3_stmt *insert_contact;
  sqlite3_stmt *insert_contacts;   /* CHUNK_ROWS at once */
  sqlite3_stmt *find_contact;
  sqlite3_stmt *update_contact;
  sqlite3_stmt *add_member;
  sqlite3_stmt *add_members;       /* CHUNK_ROWS at once */
  sqlite3_stmt *diff_fields;
  sqlite3_stmt *get_fields;
  sqlite3_stmt *save_contact;
  HeraldConsentWriter *consent;    /* made when a row first says something */

  gint64        baseline;          /* the largest contact id before */
  gint64        max_contact_id;
  gint64        next_member;
  gboolean      has_suppressions;

  gint64        list_id;
  gint64        import_id;         /* this import's row of `imports` */
  gboolean      blank_clears;
  GString      *patch;             /* one contact's changed fields, as JSON */
  GString      *arena;             /* its fields and the row's, decoded */
  GArray       *old_pairs;         /* Pair */
  GArray       *row_pairs;
  GPtrArray    *patch_keys;        /* the fields in self->patch */
  GHashTable   *field_counts;      /* field → contacts whose field changed */
  guint64       changed;
  guint64       blanks_kept;
  gint64        now;
};

static int
get_pragma (sqlite3    *db,
            const char *sql,
            int         fallback)
{
  sqlite3_stmt *stmt = NULL;
  int value = fallback;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
set_cache_size (sqlite3 *db,
                int      size)
{
  /* PRAGMA takes no bound parameter; the value is a number of ours. */
  g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = %d", size);

  sqlite3_exec (db, sql, NULL, NULL, NULL);
}

/**
 * herald_import_writer_open:
 *
 * Starts the import's transaction (a savepoint inside a caller's), with a
 * large page cache and, outside a caller's transaction, foreign keys off:
 * the ids the import inserts come from the rows it has just written or
 * read, so checking them again costs two lookups a row for nothing.
 *
 * Returns: (transfer full): the writer; close it with
 *   herald_import_writer_close()
 */
HeraldImportWriter *
herald_import_writer_open (HeraldStore  *store,
                           GError      **error)
{
  HeraldImportWriter *self = g_new0 (HeraldImportWriter, 1);
  gboolean ok;

  self->store = store;
  self->db = herald_store_get_db (store);
  self->savepoint = !sqlite3_get_autocommit (self->db);
  self->cache_size = get_pragma (self->db, "PRAGMA cache_size", -2000);
  set_cache_size (self->db, -IMPORT_CACHE_KB);
  /* The setting can only change outside a transaction. */
  self->foreign_keys = !self->savepoint && get_pragma (self->db, "PRAGMA foreign_keys", 0);
  if (self->foreign_keys)
    sqlite3_exec (self->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
  ok = self->savepoint ? herald_store_exec (store, "SAVEPOINT herald_import", error)
                       : herald_store_begin (store, error);
  if (!ok)
    {
      set_cache_size (self->db, self->cache_size);
      if (self->foreign_keys)
        sqlite3_exec (self->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
      g_free (self);
      return NULL;
    }
  return self;
}

/* "HEAD (…), (…) …" for CHUNK_ROWS rows; @row_format takes the numbers of
 * a row's two own parameters, counted from @first_param. Only our
 * constants and numbers go into it.
 *
 * OR IGNORE instead of ON CONFLICT … DO NOTHING: the only conflict these
 * rows can meet is the address (contacts) or the membership (list
 * members), as with DO NOTHING — new contacts' ids are SQLite's, members'
 * ids follow the largest one, and every value is bound and NOT NULL — but
 * SQLite then knows that the statement can never stop half-way, and keeps
 * no statement journal: copying each page it touches would cost more than
 * the statements save. */
static char *
chunk_sql (const char *head,
           const char *row_format,
           guint       first_param)
{
  GString *sql = g_string_new (head);

  for (guint k = 0; k < CHUNK_ROWS; k++)
    {
      if (k > 0)
        g_string_append_c (sql, ',');
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      g_string_append_printf (sql, row_format, first_param + 2 * k, first_param + 1 + 2 * k);
#pragma GCC diagnostic pop
    }
  return g_string_free (sql, FALSE);
}

/**
 * herald_import_writer_prepare:
 * @list_created: the import has just created the list (its undo removes it)
 * @blank_clears: an empty cell clears the stored value; otherwise it
 *   leaves it as it is
 * @now: the time the import writes on every row
 *
 * Prepares the statements for @list_id, reads where the ids stand and
 * starts the import's record for its undo.
 */
gboolean
herald_import_writer_prepare (HeraldImportWriter  *self,
                              gint64               list_id,
                              gboolean             list_created,
                              gboolean             blank_clears,
                              gint64               now,
                              GError             **error)
{
  g_autofree char *insert_contacts =
    chunk_sql ("INSERT OR IGNORE INTO contacts (email, fields, created_at, updated_at) VALUES ",
               "(?%u,?%u,?1,?1)", 2);
  g_autofree char *add_members =
    chunk_sql ("INSERT OR IGNORE INTO list_members (id, list_id, contact_id, added_at) VALUES ",
               "(?%u,?1,?%u,?2)", 3);
  HeraldStore *store = self->store;
  sqlite3_stmt *any_suppressed;
  sqlite3_stmt *max_id;

  if ((self->insert_contact = herald_store_prepare (store,
         "INSERT INTO contacts (email, fields, created_at, updated_at)"
         " VALUES (?1, ?2, ?3, ?3) ON CONFLICT (email) DO NOTHING", error)) == NULL ||
      (self->find_contact = herald_store_prepare (store,
         "SELECT id FROM contacts WHERE email = ?1", error)) == NULL ||
      (self->update_contact = herald_store_prepare (store,
         "UPDATE contacts SET fields = json_patch (fields, ?2), updated_at = ?3"
         " WHERE id = ?1", error)) == NULL ||
      (self->add_member = herald_store_prepare (store,
         "INSERT INTO list_members (id, list_id, contact_id, added_at) VALUES (?4, ?1, ?2, ?3)"
         " ON CONFLICT (list_id, contact_id) DO NOTHING", error)) == NULL ||
      (self->insert_contacts = herald_store_prepare (store, insert_contacts, error)) == NULL ||
      (self->add_members = herald_store_prepare (store, add_members, error)) == NULL ||
      /* The row's cells whose value differs from the contact's. */
      (self->diff_fields = herald_store_prepare (store,
         "SELECT n.key, n.value, o.key IS NOT NULL, o.value"
         " FROM json_each (?2) AS n"
         " LEFT JOIN json_each ((SELECT fields FROM contacts WHERE id = ?1)) AS o"
         "   ON o.key = n.key"
         " WHERE o.key IS NULL OR o.value IS NOT n.value", error)) == NULL ||
      (self->get_fields = herald_store_prepare (store,
         "SELECT fields FROM contacts WHERE id = ?1", error)) == NULL ||
      (self->save_contact = herald_store_prepare (store,
         "INSERT INTO import_changes (import_id, contact_id, old_fields, old_updated_at, changes,"
         "                            old_consent_at, old_consent_source, old_consent_declined)"
         " SELECT ?1, id, fields, updated_at, ?3, consent_at, consent_source, consent_declined"
         " FROM contacts WHERE id = ?2", error)) == NULL ||
      (any_suppressed = herald_store_prepare (store,
         "SELECT EXISTS (SELECT 1 FROM suppressions)", error)) == NULL)
    return FALSE;
  /* One time for the whole import, bound once: the schema's defaults
   * would compute it again for every row. */
  sqlite3_bind_int64 (self->add_member, 1, list_id);
  sqlite3_bind_int64 (self->add_member, 3, now);
  sqlite3_bind_int64 (self->insert_contact, 3, now);
  sqlite3_bind_int64 (self->update_contact, 3, now);
  sqlite3_bind_int64 (self->insert_contacts, 1, now);
  sqlite3_bind_int64 (self->add_members, 1, list_id);
  sqlite3_bind_int64 (self->add_members, 2, now);
  self->has_suppressions = sqlite3_step (any_suppressed) != SQLITE_ROW ||
                           sqlite3_column_int (any_suppressed, 0) != 0;
  sqlite3_finalize (any_suppressed);

  if ((max_id = herald_store_prepare (store,
         "SELECT (SELECT max (id) FROM contacts), (SELECT max (id) FROM list_members)",
         error)) == NULL)
    return FALSE;
  if (sqlite3_step (max_id) == SQLITE_ROW)
    {
      self->baseline = sqlite3_column_int64 (max_id, 0);
      self->max_contact_id = self->baseline;
      self->next_member = sqlite3_column_int64 (max_id, 1) + 1;
    }
  sqlite3_finalize (max_id);

  self->list_id = list_id;
  self->blank_clears = blank_clears;
  self->now = now;
  self->patch = g_string_sized_new (256);
  self->arena = g_string_sized_new (1024);
  self->old_pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  self->row_pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  self->patch_keys = g_ptr_array_new_with_free_func (g_free);
  self->field_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!herald_store_run_sql (store,
         "INSERT INTO imports (list_id, list_created, list_fields, first_member, last_member,"
         "                     first_contact, last_contact, created_at)"
         " SELECT id, ?2, fields, ?3, ?3 - 1, ?4, ?4 - 1, ?5 FROM lists WHERE id = ?1",
         NULL, error, 5, list_id, (gint64) (list_created != FALSE), self->next_member,
         self->baseline + 1, now))
    return FALSE;
  self->import_id = sqlite3_last_insert_rowid (self->db);
  sqlite3_bind_int64 (self->save_contact, 1, self->import_id);
  return TRUE;
}

/* The largest contact id before the import: contacts it creates get ids
 * above it, in the order they are written. */
gint64
herald_import_writer_get_baseline (HeraldImportWriter *self)
{
  return self->baseline;
}

/* The id the list's next member gets: members' ids rise in file order. */
gint64
herald_import_writer_get_next_member_id (HeraldImportWriter *self)
{
  return self->next_member;
}

gboolean
herald_import_writer_has_suppressions (HeraldImportWriter *self)
{
  return self->has_suppressions;
}

/* Finds the contact of a row whose INSERT has run: one with an id above
 * @before was created by it. */
static gboolean
find_contact (HeraldImportWriter   *self,
              HeraldImportContact  *contact,
              gint64                before,
              GError              **error)
{
  int rc;

  sqlite3_bind_text (self->find_contact, 1, contact->email, contact->email_len, SQLITE_STATIC);
  rc = sqlite3_step (self->find_contact);
  contact->contact_id = rc == SQLITE_ROW ? sqlite3_column_int64 (self->find_contact, 0) : -1;
  sqlite3_reset (self->find_contact);
  if (rc != SQLITE_ROW)
    return herald_store_set_error (self->store, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
  contact->created = contact->contact_id > before;
  if (contact->created)
    self->max_contact_id = MAX (self->max_contact_id, contact->contact_id);
  return TRUE;
}

/* Creates one contact, or finds the one its address has. */
static gboolean
write_contact (HeraldImportWriter   *self,
               HeraldImportContact  *contact,
               GError              **error)
{
  sqlite3_bind_text (self->insert_contact, 1, contact->email, contact->email_len, SQLITE_STATIC);
  sqlite3_bind_text (self->insert_contact, 2, contact->json, contact->json_len, SQLITE_STATIC);
  if (!herald_store_step_reset (self->store, self->insert_contact, error))
    return FALSE;
  if (sqlite3_changes (self->db) > 0)
    {
      contact->contact_id = sqlite3_last_insert_rowid (self->db);
      contact->created = TRUE;
      self->max_contact_id = MAX (self->max_contact_id, contact->contact_id);
      return TRUE;
    }
  return find_contact (self, contact, G_MAXINT64, error);
}

/* CHUNK_ROWS contacts with different addresses in one INSERT. When all of
 * them are new (the common case) SQLite gave them the ids after the
 * largest one, in the order of the VALUES; otherwise each is looked up. */
static gboolean
write_contact_chunk (HeraldImportWriter   *self,
                     HeraldImportContact **chunk,
                     GError              **error)
{
  gint64 before = self->max_contact_id;
  int changes;

  for (guint k = 0; k < CHUNK_ROWS; k++)
    {
      sqlite3_bind_text (self->insert_contacts, 2 + 2 * k, chunk[k]->email, chunk[k]->email_len, SQLITE_STATIC);
      sqlite3_bind_text (self->insert_contacts, 3 + 2 * k, chunk[k]->json, chunk[k]->json_len, SQLITE_STATIC);
    }
  if (!herald_store_step_reset (self->store, self->insert_contacts, error))
    return FALSE;
  changes = sqlite3_changes (self->db);
  if (changes == CHUNK_ROWS && sqlite3_last_insert_rowid (self->db) == before + CHUNK_ROWS)
    {
      for (guint k = 0; k < CHUNK_ROWS; k++)
        {
          chunk[k]->contact_id = before + 1 + k;
          chunk[k]->created = TRUE;
        }
      self->max_contact_id = before + CHUNK_ROWS;
      return TRUE;
    }
  for (guint k = 0; k < CHUNK_ROWS; k++)
    if (!find_contact (self, chunk[k], before, error))
      return FALSE;
  return TRUE;
}

/**
 * herald_import_writer_write_contacts:
 * @contacts: (array length=n_contacts): contacts with different addresses
 *
 * Creates each contact, or finds the one its address already has, and
 * says which. An existing contact's fields are left as they are (see
 * herald_import_writer_update_fields()). CHUNK_ROWS contacts at once go
 * in one statement.
 */
gboolean
herald_import_writer_write_contacts (HeraldImportWriter   *self,
                                     HeraldImportContact **contacts,
                                     guint                 n_contacts,
                                     GError              **error)
{
  if (n_contacts == CHUNK_ROWS)
    return write_contact_chunk (self, contacts, error);
  for (guint i = 0; i < n_contacts; i++)
    if (!write_contact (self, contacts[i], error))
      return FALSE;
  return TRUE;
}

/* ---- a known contact's values against the row's ------------------------ */

/* One cell of the row against the contact's value: a change goes into
 * self->patch; an empty cell changes nothing unless blank_clears. */
static void
note_cell (HeraldImportWriter *self,
           const char         *key,
           gsize               key_len,
           const char         *value,
           gsize               value_len,
           gboolean            had_value)
{
  GString *patch = self->patch;

  if (value_len == 0)
    {
      /* A field the contact lacks, or has empty, is empty already. */
      if (!had_value)
        return;
      if (!self->blank_clears)
        {
          self->blanks_kept++;
          return;
        }
    }
  g_string_append_c (patch, patch->len == 0 ? '{' : ',');
  herald_json_append_string_len (patch, key, key_len);
  g_string_append_c (patch, ':');
  herald_json_append_string_len (patch, value, value_len);
  g_ptr_array_add (self->patch_keys, g_strndup (key, key_len));
}

static inline const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}

static int
hex_value (char c)
{
  return g_ascii_xdigit_value (c);
}

/* A JSON string at *p (its opening quote), decoded into @arena. */
static gboolean
parse_string (const char **pp,
              const char  *end,
              GString     *arena,
              gsize       *out_offset,
              gsize       *out_len)
{
  const char *p = *pp;
  const char *run;

  if (p >= end || *p != '"')
    return FALSE;
  *out_offset = arena->len;
  run = ++p;
  while (p < end && *p != '"')
    {
      gunichar c;

      if (*p != '\\')
        {
          p++;
          continue;
        }
      g_string_append_len (arena, run, p - run);
      if (++p >= end)
        return FALSE;
      switch (*p)
        {
        case '"': case '\\': case '/': g_string_append_c (arena, *p); break;
        case 'b': g_string_append_c (arena, '\b'); break;
        case 'f': g_string_append_c (arena, '\f'); break;
        case 'n': g_string_append_c (arena, '\n'); break;
        case 'r': g_string_append_c (arena, '\r'); break;
        case 't': g_string_append_c (arena, '\t'); break;
        case 'u':
          if (end - p < 5)
            return FALSE;
          c = 0;
          for (int i = 1; i <= 4; i++)
            {
              int v = hex_value (p[i]);
              if (v < 0)
                return FALSE;
              c = (c << 4) | v;
            }
          p += 4;
          if (c >= 0xD800 && c < 0xDC00 && end - p >= 7 && p[1] == '\\' && p[2] == 'u')
            {
              gunichar low = 0;
              for (int i = 3; i <= 6; i++)
                {
                  int v = hex_value (p[i]);
                  if (v < 0)
                    return FALSE;
                  low = (low << 4) | v;
                }
              if (low < 0xDC00 || low > 0xDFFF)
                return FALSE;
              c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
              p += 6;
            }
          else if (c >= 0xD800 && c < 0xE000)
            return FALSE;
          g_string_append_unichar (arena, c);
          break;
        default:
          return FALSE;
        }
      run = ++p;
    }
  if (p >= end)
    return FALSE;
  g_string_append_len (arena, run, p - run);
  *out_len = arena->len - *out_offset;
  *pp = p + 1;
  return TRUE;
}

/* A JSON object whose values are all strings: (key, value) pairs decoded
 * into @arena. FALSE for anything else. */
static gboolean
parse_object (const char *json,
              gsize       len,
              GString    *arena,
              GArray     *pairs)
{
  const char *end = json + len;
  const char *p = skip_space (json, end);

  if (p >= end || *p++ != '{')
    return FALSE;
  p = skip_space (p, end);
  if (p < end && *p == '}')
    return skip_space (p + 1, end) == end;
  for (;;)
    {
      Pair pair;

      if (!parse_string (&p, end, arena, &pair.key, &pair.key_len))
        return FALSE;
      p = skip_space (p, end);
      if (p >= end || *p++ != ':')
        return FALSE;
      p = skip_space (p, end);
      if (!parse_string (&p, end, arena, &pair.value, &pair.value_len))
        return FALSE;
      g_array_append_val (pairs, pair);
      p = skip_space (p, end);
      if (p < end && *p == ',')
        {
          p = skip_space (p + 1, end);
          continue;
        }
      return p < end && *p == '}' && skip_space (p + 1, end) == end;
    }
}

/* The comparison in memory: the contact's fields and the row's, both
 * objects of strings (always, unless something else wrote other values;
 * then *done stays FALSE and SQL compares them). */
static gboolean
diff_in_memory (HeraldImportWriter  *self,
                gint64               contact_id,
                const char          *json,
                gsize                json_len,
                gboolean            *done,
                GError             **error)
{
  GString *arena = self->arena;
  const char *stored;
  Pair *old;
  Pair *row;
  guint n_old;
  gboolean parsed;
  int rc;

  *done = FALSE;
  g_string_truncate (arena, 0);
  g_array_set_size (self->old_pairs, 0);
  g_array_set_size (self->row_pairs, 0);
  sqlite3_bind_int64 (self->get_fields, 1, contact_id);
  rc = sqlite3_step (self->get_fields);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (self->get_fields);
      return herald_store_set_error (self->store, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
    }
  stored = (const char *) sqlite3_column_text (self->get_fields, 0);
  parsed = stored != NULL &&
           parse_object (stored, sqlite3_column_bytes (self->get_fields, 0), arena, self->old_pairs) &&
           parse_object (json, json_len, arena, self->row_pairs);
  sqlite3_reset (self->get_fields);
  if (!parsed)
    return TRUE;

  old = (Pair *) (gpointer) self->old_pairs->data;
  row = (Pair *) (gpointer) self->row_pairs->data;
  n_old = self->old_pairs->len;
  for (guint i = 0; i < self->row_pairs->len; i++)
    {
      const char *key = arena->str + row[i].key;
      const char *value = arena->str + row[i].value;
      const Pair *found = NULL;

      /* The row's fields and the contact's are mostly in the same order. */
      for (guint k = 0; k < n_old && found == NULL; k++)
        {
          guint j = (i + k) % n_old;
          if (old[j].key_len == row[i].key_len &&
              memcmp (arena->str + old[j].key, key, row[i].key_len) == 0)
            found = &old[j];
        }
      if (found != NULL && found->value_len == row[i].value_len &&
          memcmp (arena->str + found->value, value, row[i].value_len) == 0)
        continue;
      note_cell (self, key, row[i].key_len, value, row[i].value_len,
                 found != NULL && found->value_len > 0);
    }
  *done = TRUE;
  return TRUE;
}

/* The same in SQL, for values that are not all strings. */
static gboolean
diff_in_sql (HeraldImportWriter  *self,
             gint64               contact_id,
             const char          *json,
             gsize                json_len,
             GError             **error)
{
  int rc;

  sqlite3_bind_int64 (self->diff_fields, 1, contact_id);
  sqlite3_bind_text (self->diff_fields, 2, json, json_len, SQLITE_STATIC);
  while ((rc = sqlite3_step (self->diff_fields)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (self->diff_fields, 0);
      const char *value = (const char *) sqlite3_column_text (self->diff_fields, 1);
      gboolean had = sqlite3_column_int (self->diff_fields, 2);

      note_cell (self, key != NULL ? key : "", sqlite3_column_bytes (self->diff_fields, 0),
                 value != NULL ? value : "", sqlite3_column_bytes (self->diff_fields, 1),
                 had && sqlite3_column_type (self->diff_fields, 3) != SQLITE_NULL &&
                 sqlite3_column_bytes (self->diff_fields, 3) > 0);
    }
  sqlite3_reset (self->diff_fields);
  if (rc != SQLITE_DONE)
    return herald_store_set_error (self->store, rc, error);
  return TRUE;
}

/**
 * herald_import_writer_update_fields:
 * @json: a JSON object of the fields the file gives, merged into the
 *   contact's (a field the file lacks keeps its value)
 * @out_changed: (out): whether a stored value changed
 *
 * Gives a contact from before the import the row's values. An empty cell
 * leaves the stored value unless the writer was prepared with
 * blank_clears. A contact whose values change is recorded first, as it
 * was, for the undo; one whose values stay is not written at all.
 */
gboolean
herald_import_writer_update_fields (HeraldImportWriter  *self,
                                    gint64               contact_id,
                                    const char          *json,
                                    gsize                json_len,
                                    gboolean            *out_changed,
                                    GError             **error)
{
  GString *patch = self->patch;
  gboolean done = FALSE;

  *out_changed = FALSE;
  g_string_truncate (patch, 0);
  g_ptr_array_set_size (self->patch_keys, 0);
  if (!diff_in_memory (self, contact_id, json, json_len, &done, error) ||
      (!done && !diff_in_sql (self, contact_id, json, json_len, error)))
    return FALSE;
  if (patch->len == 0)
    return TRUE;
  g_string_append_c (patch, '}');
  /* Counted once the contact is written (the statements below). */

  sqlite3_bind_int64 (self->save_contact, 2, contact_id);
  sqlite3_bind_text (self->save_contact, 3, patch->str, patch->len, SQLITE_STATIC);
  if (!herald_store_step_reset (self->store, self->save_contact, error))
    return FALSE;
  sqlite3_bind_int64 (self->update_contact, 1, contact_id);
  sqlite3_bind_text (self->update_contact, 2, patch->str, patch->len, SQLITE_STATIC);
  if (!herald_store_step_reset (self->store, self->update_contact, error))
    return FALSE;
  self->changed++;
  for (guint i = 0; i < self->patch_keys->len; i++)
    {
      char *key = g_ptr_array_index (self->patch_keys, i);
      gpointer count = g_hash_table_lookup (self->field_counts, key);

      g_hash_table_insert (self->field_counts, g_strdup (key),
                           GSIZE_TO_POINTER (GPOINTER_TO_SIZE (count) + 1));
    }
  *out_changed = TRUE;
  return TRUE;
}

/**
 * herald_import_writer_update_consent:
 * @created: the import created the contact (nothing to keep for the undo)
 * @row: what the row says (herald_consent_merge() decides the record)
 * @out_changed: (out): whether a known contact's record changed; such a
 *   contact counts as updated, and the undo puts its record back
 * @out_consent: (out caller-allocates) (optional): the record it now has
 *
 * The writes are herald-consent-writer.c's; the counts are the import's.
 */
gboolean
herald_import_writer_update_consent (HeraldImportWriter      *self,
                                     gint64                   contact_id,
                                     gboolean                 created,
                                     const HeraldConsentRow  *row,
                                     gboolean                *out_changed,
                                     HeraldConsent           *out_consent,
                                     GError                 **error)
{
  HeraldConsentApplied applied = { 0 };
  gpointer count;
  gboolean ok;

  if (self->consent == NULL &&
      (self->consent = _herald_consent_writer_new (self->store, self->import_id, self->now, error)) == NULL)
    return FALSE;
  ok = _herald_consent_writer_apply (self->consent, contact_id, created, row, &applied, error);
  *out_changed = applied.changed;
  if (!ok)
    return FALSE;
  if (out_consent != NULL)
    *out_consent = applied.consent;
  else
    herald_consent_clear (&applied.consent);
  /* A new row of import_changes: the contact's fields stayed, so it was
   * not counted as changed yet. */
  if (applied.recorded)
    self->changed++;
  if (*out_changed)
    {
      count = g_hash_table_lookup (self->field_counts, "consent");
      g_hash_table_insert (self->field_counts, g_strdup ("consent"),
                           GSIZE_TO_POINTER (GPOINTER_TO_SIZE (count) + 1));
    }
  return TRUE;
}

static int
compare_counts (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  GHashTable *counts = user_data;
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;
  gsize nx = GPOINTER_TO_SIZE (g_hash_table_lookup (counts, x));
  gsize ny = GPOINTER_TO_SIZE (g_hash_table_lookup (counts, y));

  if (nx != ny)
    return nx > ny ? -1 : 1;
  return strcmp (x, y);
}

/* The fields the import changed, most contacts first, with their counts. */
static void
count_changed_fields (HeraldImportWriter      *self,
                      HeraldImportWriterStats *stats)
{
  guint n = g_hash_table_size (self->field_counts);
  GStrv names = (GStrv) g_hash_table_get_keys_as_array (self->field_counts, NULL);

  g_qsort_with_data (names, n, sizeof (char *), compare_counts, self->field_counts);
  stats->changed_field_counts = g_new0 (guint64, n + 1);
  for (guint i = 0; i < n; i++)
    {
      stats->changed_field_counts[i] = GPOINTER_TO_SIZE (g_hash_table_lookup (self->field_counts, names[i]));
      names[i] = g_strdup (names[i]);
    }
  stats->changed_fields = names;
}

/**
 * herald_import_writer_finish:
 * @stats: (out caller-allocates): what the import changed; free with
 *   herald_import_writer_stats_clear()
 *
 * Completes the import's record for its undo, or drops it when the import
 * changed nothing (the list's last import that did stays undoable), and
 * says what changed. Call it after the last row, before
 * herald_import_writer_close(), in a dry run too.
 */
gboolean
herald_import_writer_finish (HeraldImportWriter       *self,
                             HeraldImportWriterStats  *stats,
                             GError                  **error)
{
  HeraldStore *store = self->store;
  gint64 last_member = self->next_member - 1;
  gint64 fields_changed = 0;
  gint64 list_created = 0;
  gboolean changed_anything;

  memset (stats, 0, sizeof *stats);
  /* Nothing else writes during the import: the members above
   * next_member are its own (the largest rowid is found at once). */
  if (!herald_store_query_int64 (store, "SELECT max (id) FROM list_members",
         last_member, &last_member, error, 0) ||
      !herald_store_query_int64 (store,
         "SELECT i.list_fields IS NOT l.fields, i.list_created"
         " FROM imports AS i JOIN lists AS l ON l.id = i.list_id WHERE i.id = ?1",
         0, &fields_changed, error, 1, self->import_id) ||
      !herald_store_query_int64 (store, "SELECT list_created FROM imports WHERE id = ?1",
         0, &list_created, error, 1, self->import_id))
    return FALSE;

  stats->created = self->max_contact_id - self->baseline;
  stats->changed = self->changed;
  stats->blanks_kept = self->blanks_kept;
  changed_anything = stats->created > 0 || last_member >= self->next_member ||
                     self->changed > 0 || fields_changed || list_created;
  if (!changed_anything)
    return herald_store_run_sql (store, "DELETE FROM imports WHERE id = ?1", NULL, error,
                                 1, self->import_id);

  /* Only the list's last few imports are kept. */
  if (!herald_store_run_sql (store,
         "UPDATE imports SET last_member = ?2, last_contact = ?3 WHERE id = ?1",
         NULL, error, 3, self->import_id, last_member, self->max_contact_id) ||
      !herald_store_run_sql (store,
         "DELETE FROM import_changes WHERE import_id IN"
         " (SELECT id FROM imports WHERE list_id = ?1 ORDER BY id DESC LIMIT -1 OFFSET ?2)",
         NULL, error, 2, self->list_id, (gint64) HERALD_IMPORT_UNDO_KEPT) ||
      !herald_store_run_sql (store,
         "DELETE FROM imports WHERE id IN"
         " (SELECT id FROM imports WHERE list_id = ?1 ORDER BY id DESC LIMIT -1 OFFSET ?2)",
         NULL, error, 2, self->list_id, (gint64) HERALD_IMPORT_UNDO_KEPT))
    return FALSE;

  if (self->changed == 0)
    return TRUE;
  count_changed_fields (self, stats);
  return herald_store_query_int64 (store,
           "SELECT count(*) FROM import_changes AS c WHERE c.import_id = ?1 AND EXISTS"
           " (SELECT 1 FROM list_members AS m WHERE m.contact_id = c.contact_id"
           "  AND m.list_id <> ?2)",
           0, (gint64 *) &stats->changed_elsewhere, error, 2, self->import_id, self->list_id);
}

void
herald_import_writer_stats_clear (HeraldImportWriterStats *stats)
{
  g_clear_pointer (&stats->changed_fields, g_strfreev);
  g_clear_pointer (&stats->changed_field_counts, g_free);
}

/**
 * herald_import_writer_add_members:
 * @out_added: (out): how many were added; a contact already in the list
 *   adds nothing, and its member id stays unused
 *
 * Adds the contacts to the list with the given member ids (which keep the
 * list in the file's order). CHUNK_ROWS at once go in one statement.
 */
gboolean
herald_import_writer_add_members (HeraldImportWriter  *self,
                                  const gint64        *member_ids,
                                  const gint64        *contact_ids,
                                  guint                n,
                                  guint64             *out_added,
                                  GError             **error)
{
  *out_added = 0;
  if (n == CHUNK_ROWS)
    {
      for (guint i = 0; i < CHUNK_ROWS; i++)
        {
          sqlite3_bind_int64 (self->add_members, 3 + 2 * i, member_ids[i]);
          sqlite3_bind_int64 (self->add_members, 4 + 2 * i, contact_ids[i]);
        }
      if (!herald_store_step_reset (self->store, self->add_members, error))
        return FALSE;
      *out_added = sqlite3_changes (self->db);
      return TRUE;
    }
  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_int64 (self->add_member, 2, contact_ids[i]);
      sqlite3_bind_int64 (self->add_member, 4, member_ids[i]);
      if (!herald_store_step_reset (self->store, self->add_member, error))
        return FALSE;
      *out_added += sqlite3_changes (self->db) > 0;
    }
  return TRUE;
}

/**
 * herald_import_writer_close:
 * @commit: %FALSE rolls back everything the import wrote (a dry run, an
 *   error, a cancel)
 *
 * Ends the transaction and frees the writer, whatever happens.
 *
 * Returns: %FALSE with @error set when the commit failed (nothing then
 *   stays written)
 */
gboolean
herald_import_writer_close (HeraldImportWriter  *self,
                            gboolean             commit,
                            GError             **error)
{
  gboolean ok = TRUE;

  /* Statements must be done before COMMIT or ROLLBACK. */
  g_clear_pointer (&self->insert_contact, sqlite3_finalize);
  g_clear_pointer (&self->insert_contacts, sqlite3_finalize);
  g_clear_pointer (&self->find_contact, sqlite3_finalize);
  g_clear_pointer (&self->update_contact, sqlite3_finalize);
  g_clear_pointer (&self->add_member, sqlite3_finalize);
  g_clear_pointer (&self->add_members, sqlite3_finalize);
  g_clear_pointer (&self->diff_fields, sqlite3_finalize);
  g_clear_pointer (&self->get_fields, sqlite3_finalize);
  g_clear_pointer (&self->save_contact, sqlite3_finalize);
  g_clear_pointer (&self->consent, _herald_consent_writer_free);
  if (self->patch != NULL)
    g_string_free (self->patch, TRUE);
  if (self->arena != NULL)
    g_string_free (self->arena, TRUE);
  g_clear_pointer (&self->old_pairs, g_array_unref);
  g_clear_pointer (&self->row_pairs, g_array_unref);
  g_clear_pointer (&self->patch_keys, g_ptr_array_unref);
  g_clear_pointer (&self->field_counts, g_hash_table_unref);
  if (commit)
    ok = self->savepoint ? herald_store_exec (self->store, "RELEASE herald_import", error)
                         : herald_store_commit (self->store, error);
  if (!commit || !ok)
    {
      if (self->savepoint)
        sqlite3_exec (self->db, "ROLLBACK TO herald_import; RELEASE herald_import",
                      NULL, NULL, NULL);
      else
        herald_store_rollback (self->store);
    }
  set_cache_size (self->db, self->cache_size);
  if (self->foreign_keys)
    sqlite3_exec (self->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  g_free (self);
  return ok;
}
