/* herald-store.c — the SQLite database that is Herald's truth
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "herald-account.h"
#include "herald-base.h"
#include "herald-store-private.h"

struct _HeraldStore
{
  sqlite3      *db;
  char         *path;
  sqlite3_stmt *upsert_contact;
  sqlite3_stmt *add_member;
  sqlite3_stmt *is_suppressed;
};

G_DEFINE_QUARK (herald-store-error-quark, herald_store_error)


/**
 * herald_store_default_path:
 *
 * Returns: (transfer full): `$HERALD_DB`, or herald.db in the user data folder
 */
char *
herald_store_default_path (void)
{
  const char *env = g_getenv ("HERALD_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "herald", "herald.db", NULL);
}

/**
 * herald_store_default_outbox:
 *
 * Returns: (transfer full): `$HERALD_OUTBOX`, or the outbox Maildir in the
 *   user data folder
 */
char *
herald_store_default_outbox (void)
{
  const char *env = g_getenv ("HERALD_OUTBOX");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "herald", "outbox", NULL);
}

static int
store_error_code (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return HERALD_STORE_ERROR_CORRUPT;
    case SQLITE_READONLY:
      return HERALD_STORE_ERROR_READ_ONLY;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return HERALD_STORE_ERROR_BUSY;
    case SQLITE_CANTOPEN:
      return HERALD_STORE_ERROR_CANNOT_OPEN;
    case SQLITE_CONSTRAINT:
      return HERALD_STORE_ERROR_EXISTS;
    case SQLITE_FULL:
      return HERALD_STORE_ERROR_FULL;
    default:
      return HERALD_STORE_ERROR_FAILED;
    }
}

/**
 * herald_store_set_error:
 * @rc: an SQLite result code
 *
 * Sets @error from @rc and the connection's message, in words a person can
 * act on. Always returns %FALSE so callers can `return herald_store_set_error (…)`.
 */
gboolean
herald_store_set_error (HeraldStore  *self,
                        int           rc,
                        GError      **error)
{
  const char *path = self != NULL ? self->path : "";
  const char *detail = self != NULL && self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  int code = store_error_code (rc);

  /* A write the disk had no room for can also come back as an I/O error. */
  if ((rc & 0xff) == SQLITE_IOERR && self != NULL && self->db != NULL &&
      sqlite3_system_errno (self->db) == ENOSPC)
    code = HERALD_STORE_ERROR_FULL;
  switch (code)
    {
    case HERALD_STORE_ERROR_FULL:
      g_set_error (error, HERALD_STORE_ERROR, code,
                   _("The disk that holds the database “%s” is full: free some space on it, "
                     "then resume or try again; nothing was lost (%s)."),
                   path, detail);
      break;
    case HERALD_STORE_ERROR_CORRUPT:
      g_set_error (error, HERALD_STORE_ERROR, code,
                   _("“%s” is not a Herald database or is damaged (%s). "
                     "Restore it from a backup, or open another database."),
                   path, detail);
      break;
    case HERALD_STORE_ERROR_READ_ONLY:
      g_set_error (error, HERALD_STORE_ERROR, code,
                   _("Cannot write to the database “%s” (%s). "
                     "Check that you may write to the file and its folder."),
                   path, detail);
      break;
    case HERALD_STORE_ERROR_BUSY:
      g_set_error (error, HERALD_STORE_ERROR, code,
                   _("The database “%s” is busy in another program (%s). Try again in a moment."),
                   path, detail);
      break;
    case HERALD_STORE_ERROR_CANNOT_OPEN:
      g_set_error (error, HERALD_STORE_ERROR, code,
                   _("Cannot open the database “%s” (%s). "
                     "Check that the folder exists and that you may write to it."),
                   path, detail);
      break;
    default:
      g_set_error (error, HERALD_STORE_ERROR, code,
                   _("Database error in “%s”: %s"), path, detail);
      break;
    }
  return FALSE;
}

gboolean
herald_store_exec (HeraldStore  *self,
                   const char   *sql,
                   GError      **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return herald_store_set_error (self, rc, error);
  return TRUE;
}

/**
 * herald_store_prepare:
 *
 * Returns: (transfer full) (nullable): a statement to finalize, or %NULL
 */
sqlite3_stmt *
herald_store_prepare (HeraldStore  *self,
                      const char   *sql,
                      GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      herald_store_set_error (self, rc, error);
      return NULL;
    }
  return stmt;
}

gboolean
herald_store_begin (HeraldStore  *self,
                    GError      **error)
{
  return herald_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
herald_store_commit (HeraldStore  *self,
                     GError      **error)
{
  return herald_store_exec (self, "COMMIT", error);
}

void
herald_store_rollback (HeraldStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
read_user_version (HeraldStore  *self,
                   int          *version,
                   GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *version = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      return TRUE;
    }
  sqlite3_finalize (stmt);
  return herald_store_set_error (self, rc, error);
}

/* Applies migrations @from + 1 … @to in one transaction. */
static gboolean
migrate (HeraldStore  *self,
         int           from,
         int           to,
         GError      **error)
{
  g_autofree char *set_version = NULL;

  if (from >= to)
    return TRUE;

  if (!herald_store_begin (self, error))
    return FALSE;

  for (int v = from; v < to; v++)
    {
      if (!herald_store_exec (self, herald_store_migrations[v], error))
        {
          herald_store_rollback (self);
          return FALSE;
        }
    }

  /* PRAGMA takes no bound parameters; the value is our own constant. */
  set_version = g_strdup_printf ("PRAGMA user_version = %d", to);
  if (!herald_store_exec (self, set_version, error) ||
      !herald_store_commit (self, error))
    {
      herald_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* Files whose pages this process has checked, as they were then (device,
 * inode, size, modification time): the window and a command open the same
 * database several times, and the check reads every page (about 0.5 s
 * for a million contacts). A file changed since is checked again. */
static GMutex checked_lock;
static GHashTable *checked_files;

static char *
file_key (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return NULL;
  return g_strdup_printf ("%ju:%ju:%jd:%jd.%09ld", (uintmax_t) st.st_dev, (uintmax_t) st.st_ino,
                          (intmax_t) st.st_size, (intmax_t) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec);
}

/* Refuses a database whose pages are damaged before anything is written to
 * it: a write into a damaged b-tree can spread the damage, and an import
 * into one would seem to succeed. PRAGMA quick_check reads every page but
 * skips the slower checks of index contents against their tables. */
static gboolean
check_pages (HeraldStore  *self,
             GError      **error)
{
  g_autofree char *key = file_key (self->path);
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (key != NULL)
    {
      g_mutex_lock (&checked_lock);
      if (checked_files != NULL && g_hash_table_contains (checked_files, key))
        {
          g_mutex_unlock (&checked_lock);
          return TRUE;
        }
      g_mutex_unlock (&checked_lock);
    }

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *result = (const char *) sqlite3_column_text (stmt, 0);

      if (result == NULL || g_strcmp0 (result, "ok") != 0)
        {
          const char *prefix = "*** in database main ***";

          if (result != NULL && g_str_has_prefix (result, prefix))
            result += strlen (prefix);
          /* One line: "Page 4: btreeInitPage() returns error code 11". */
          detail = g_strstrip (g_strdelimit (g_strdup (result != NULL ? result : "?"), "\r\n", ' '));
        }
    }
  else
    {
      sqlite3_finalize (stmt);
      return herald_store_set_error (self, rc, error);
    }
  sqlite3_finalize (stmt);

  if (detail != NULL)
    {
      g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_CORRUPT,
                   _("The database “%s” is damaged (%s). Nothing was written to it. "
                     "Restore it from a backup, or open another database."),
                   self->path, detail);
      return FALSE;
    }

  if (key != NULL)
    {
      g_mutex_lock (&checked_lock);
      if (checked_files == NULL)
        checked_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_add (checked_files, g_steal_pointer (&key));
      g_mutex_unlock (&checked_lock);
    }
  return TRUE;
}

static HeraldStore *
open_to (const char  *path,
         int          to,
         GError     **error)
{
  g_autoptr(HeraldStore) self = g_new0 (HeraldStore, 1);
  g_autofree char *dir = NULL;
  int version = 0;
  int rc;

  self->path = path != NULL ? g_strdup (path) : herald_store_default_path ();

  dir = g_path_get_dirname (self->path);
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS) &&
      g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_CANNOT_OPEN,
                   _("Cannot create the folder “%s” for the database (%s). "
                     "Choose another place for the database."),
                   dir, g_strerror (saved));
      return NULL;
    }

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      herald_store_set_error (self, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  /* Read before writing anything: a newer or damaged file stays untouched. */
  if (!read_user_version (self, &version, error))
    return NULL;

  if (version > HERALD_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NEWER_VERSION,
                   _("The database “%s” was written by a newer version of Herald "
                     "(schema %d; this version knows up to %d). "
                     "Update Herald to open it; the file was left unchanged."),
                   self->path, version, HERALD_STORE_SCHEMA_VERSION);
      return NULL;
    }

  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      herald_store_set_error (self, SQLITE_READONLY, error);
      return NULL;
    }

  if (version > 0 && !check_pages (self, error))
    return NULL;

  if (!herald_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !herald_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !herald_store_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !migrate (self, version, to, error))
    return NULL;

  herald_store_keep_room (self);
  return g_steal_pointer (&self);
}

/**
 * herald_store_open:
 * @path: (nullable): the database file, or %NULL for herald_store_default_path()
 *
 * Opens (creating when missing) and migrates the database. A database from
 * a newer Herald, a damaged file or an unwritable place is refused with a
 * clear error before anything is written to it.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
HeraldStore *
herald_store_open (const char  *path,
                   GError     **error)
{
  return open_to (path, HERALD_STORE_SCHEMA_VERSION, error);
}

/**
 * herald_store_open_at_version:
 * @path: the database file
 * @version: the schema version to stop at, 1 … HERALD_STORE_SCHEMA_VERSION
 *
 * For tests of upgrades: opens (creating when missing) the database and
 * migrates it only up to @version, as an older Herald left it. Nothing
 * but the schema of that version is there; herald_store_open() upgrades
 * it the way it upgrades a user's file.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
HeraldStore *
herald_store_open_at_version (const char  *path,
                              int          version,
                              GError     **error)
{
  g_return_val_if_fail (version >= 1 && version <= HERALD_STORE_SCHEMA_VERSION, NULL);
  return open_to (path, version, error);
}

/* Bytes kept free beside the database for the writes that say a full
 * disk stopped the sending. */
#define RESERVE_BYTES (1024 * 1024)

static char *
reserve_path (HeraldStore *self)
{
  return g_strconcat (self->path, "-reserve", NULL);
}

/**
 * herald_store_keep_room:
 *
 * Makes sure a file of 1 MiB stands beside the database (DB-reserve), to
 * be given up by herald_store_give_room() when the disk fills: the few
 * writes that then pause a campaign with its reason need somewhere to
 * go. Cheap when the file exists; quiet when it cannot be made.
 */
void
herald_store_keep_room (HeraldStore *self)
{
  g_autofree char *path = reserve_path (self);
  GStatBuf st;
  int fd;

  if (g_stat (path, &st) == 0 && st.st_size >= RESERVE_BYTES)
    return;
  fd = g_open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return;
  if (posix_fallocate (fd, 0, RESERVE_BYTES) != 0)
    {
      close (fd);
      g_unlink (path);
      return;
    }
  close (fd);
}

/**
 * herald_store_give_room:
 *
 * Deletes the reserve herald_store_keep_room() made, on a full disk.
 *
 * Returns: whether there was one to give
 */
gboolean
herald_store_give_room (HeraldStore *self)
{
  g_autofree char *path = reserve_path (self);

  return g_unlink (path) == 0;
}

void
herald_store_close (HeraldStore *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->upsert_contact, sqlite3_finalize);
  g_clear_pointer (&self->add_member, sqlite3_finalize);
  g_clear_pointer (&self->is_suppressed, sqlite3_finalize);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_free (self);
}

/**
 * herald_store_set_busy_timeout:
 *
 * How long a statement waits for another connection's write transaction
 * (an import in its own connection, another process) before it fails with
 * "busy"; 5 seconds unless set.
 */
void
herald_store_set_busy_timeout (HeraldStore *self,
                               int          milliseconds)
{
  g_return_if_fail (self != NULL);

  sqlite3_busy_timeout (self->db, milliseconds);
}

const char *
herald_store_get_path (HeraldStore *self)
{
  return self->path;
}

/**
 * herald_store_get_db:
 *
 * Returns: (transfer none): the connection, for engine modules only
 */
sqlite3 *
herald_store_get_db (HeraldStore *self)
{
  return self->db;
}

/* ---- lists ---------------------------------------------------------- */

gint64
herald_store_find_list (HeraldStore  *self,
                        const char   *name,
                        GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (self, "SELECT id FROM lists WHERE name = ?", error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      herald_store_set_error (self, rc, error);
      id = -1;
    }
  else
    {
      g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND,
                   _("There is no list named “%s”. Check the name against your lists."),
                   name);
      id = -1;
    }
  sqlite3_finalize (stmt);
  return id;
}

/**
 * herald_store_dup_list_name:
 *
 * Returns: (transfer full) (nullable): the list's name, or %NULL when
 *   there is no such list (without @error) or on an error (with it)
 */
char *
herald_store_dup_list_name (HeraldStore  *self,
                            gint64        list_id,
                            GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (self, "SELECT coalesce(deleted_name, name) FROM lists WHERE id = ?", error);
  char *name = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, list_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    herald_store_set_error (self, rc, error);
  sqlite3_finalize (stmt);
  return name;
}

gint64
herald_store_ensure_list (HeraldStore  *self,
                          const char   *name,
                          GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_FAILED,
                   _("A list needs a name."));
      return -1;
    }

  stmt = herald_store_prepare (self, "INSERT INTO lists (name) VALUES (?) ON CONFLICT (name) DO NOTHING", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (self, rc, error);
      return -1;
    }
  return herald_store_find_list (self, name, error);
}

void
herald_list_info_free (HeraldListInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info);
}

/**
 * herald_store_dup_lists:
 *
 * Returns: (transfer full) (element-type HeraldListInfo): the lists by name
 */
GPtrArray *
herald_store_dup_lists (HeraldStore  *self,
                        GError      **error)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_list_info_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = herald_store_prepare (self,
                               "SELECT l.id, l.name,"
                               "  (SELECT count(*) FROM list_members m WHERE m.list_id = l.id)"
                               " FROM lists l WHERE l.deleted_name IS NULL ORDER BY l.name",
                               error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeraldListInfo *info = g_new0 (HeraldListInfo, 1);
      info->id = sqlite3_column_int64 (stmt, 0);
      info->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      info->n_contacts = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (lists, info);
    }
  if (!herald_store_finish (self, stmt, rc, NULL, error))
    return NULL;
  return g_steal_pointer (&lists);
}

/**
 * herald_store_dup_list_fields:
 *
 * Returns: (transfer full): the list's field names in order
 */
GStrv
herald_store_dup_list_fields (HeraldStore  *self,
                              gint64        list_id,
                              GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = herald_store_prepare (self,
                               "SELECT j.value FROM lists l, json_each(l.fields) j"
                               " WHERE l.id = ? ORDER BY j.key",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, list_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (self, rc, error);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

gboolean
herald_store_set_list_fields (HeraldStore         *self,
                              gint64               list_id,
                              const char * const  *fields,
                              GError             **error)
{
  g_autoptr(GString) json = g_string_new ("[");
  sqlite3_stmt *stmt;
  int rc;

  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (json, ',');
      herald_json_append_string (json, fields[i]);
    }
  g_string_append_c (json, ']');

  stmt = herald_store_prepare (self, "UPDATE lists SET fields = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, json->str, json->len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, list_id);
  rc = sqlite3_step (stmt);
  return herald_store_finish (self, stmt, rc, NULL, error);
}

/* ---- contacts ------------------------------------------------------- */

/**
 * herald_store_upsert_contact:
 * @names: (array zero-terminated=1): field names
 * @values: (array zero-terminated=1): their values, same length as @names
 * @out_updated: (out) (optional): set to %TRUE when the contact was already
 *   in this list (its fields were updated)
 *
 * Adds @email to the list @list_id, creating the contact or merging the
 * given fields into the ones it has. Call inside a transaction for speed.
 *
 * Returns: the contact id, or -1 with @error set
 */
gint64
herald_store_upsert_contact (HeraldStore         *self,
                             gint64               list_id,
                             const char          *email,
                             const char * const  *names,
                             const char * const  *values,
                             gboolean            *out_updated,
                             GError             **error)
{
  g_autofree char *fields = herald_json_object_from_pairs (names, values);
  gint64 contact_id;
  int rc;

  if (self->upsert_contact == NULL &&
      (self->upsert_contact = herald_store_prepare (self,
          "INSERT INTO contacts (email, fields) VALUES (?1, ?2)"
          " ON CONFLICT (email) DO UPDATE SET"
          "   fields = json_patch(contacts.fields, excluded.fields),"
          "   updated_at = strftime('%s','now')"
          " RETURNING id", error)) == NULL)
    return -1;
  if (self->add_member == NULL &&
      (self->add_member = herald_store_prepare (self,
          "INSERT INTO list_members (list_id, contact_id, added_at) VALUES (?1, ?2, ?3)"
          " ON CONFLICT (list_id, contact_id) DO NOTHING", error)) == NULL)
    return -1;

  sqlite3_bind_text (self->upsert_contact, 1, email, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->upsert_contact, 2, fields, -1, SQLITE_STATIC);
  rc = sqlite3_step (self->upsert_contact);
  contact_id = rc == SQLITE_ROW ? sqlite3_column_int64 (self->upsert_contact, 0) : -1;
  if (rc == SQLITE_ROW)
    rc = sqlite3_step (self->upsert_contact);
  sqlite3_reset (self->upsert_contact);
  sqlite3_clear_bindings (self->upsert_contact);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (self, rc, error);
      return -1;
    }

  sqlite3_bind_int64 (self->add_member, 1, list_id);
  sqlite3_bind_int64 (self->add_member, 2, contact_id);
  /* The join date, on the engine's clock: sequences count from it. */
  sqlite3_bind_int64 (self->add_member, 3, herald_now_seconds ());
  rc = sqlite3_step (self->add_member);
  sqlite3_reset (self->add_member);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (self, rc, error);
      return -1;
    }
  if (out_updated != NULL)
    *out_updated = sqlite3_changes (self->db) == 0;
  return contact_id;
}

/* ---- suppression ---------------------------------------------------- */

gboolean
herald_store_is_suppressed (HeraldStore *self,
                            const char  *email)
{
  gboolean found;

  if (self->is_suppressed == NULL &&
      (self->is_suppressed = herald_store_prepare (self,
          "SELECT 1 FROM suppressions WHERE email = ?", NULL)) == NULL)
    return FALSE;
  sqlite3_bind_text (self->is_suppressed, 1, email, -1, SQLITE_STATIC);
  found = sqlite3_step (self->is_suppressed) == SQLITE_ROW;
  sqlite3_reset (self->is_suppressed);
  return found;
}

gboolean
herald_store_suppress (HeraldStore  *self,
                       const char   *email,
                       const char   *reason,
                       const char   *source,
                       GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (self,
      "INSERT INTO suppressions (email, reason, source) VALUES (?, ?, ?)"
      " ON CONFLICT (email) DO UPDATE SET reason = excluded.reason, source = excluded.source",
      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, source, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  return herald_store_finish (self, stmt, rc, NULL, error);
}

/* ---- accounts ------------------------------------------------------- */

/**
 * herald_store_ensure_outbox:
 *
 * Makes sure the built-in account `outbox` exists: it writes each message
 * into a local Maildir, so Herald works with no server at all. Its
 * unsubscribe link is an example (HERALD_OUTBOX_UNSUBSCRIBE_URL): nothing
 * it writes leaves the computer.
 */
gboolean
herald_store_ensure_outbox (HeraldStore  *self,
                            GError      **error)
{
  return herald_store_exec (self,
      "INSERT INTO accounts (name, kind, from_addr, unsubscribe_url, rate_per_second, connections)"
      " VALUES ('outbox', 'outbox', 'Herald Outbox <outbox@localhost>', '" HERALD_OUTBOX_UNSUBSCRIBE_URL "', 0, 1)"
      " ON CONFLICT (name) DO NOTHING",
      error);
}

/* ---- JSON ----------------------------------------------------------- */

/**
 * herald_json_append_string_len:
 * @n: the length of @s in bytes
 *
 * Appends @s as a JSON string literal (RFC 8259), quotes included, copying
 * the runs that need no escape whole: an import writes one per field.
 */
void
herald_json_append_string_len (GString    *out,
                               const char *s,
                               gsize       n)
{
  static const char hex[] = "0123456789abcdef";
  const guchar *p = (const guchar *) s;
  const guchar *e = p + n;
  const guchar *run = p;

  g_string_append_c (out, '"');
  for (; p < e; p++)
    {
      guchar c = *p;

      if (G_LIKELY (c >= 0x20 && c != '"' && c != '\\'))
        continue;
      g_string_append_len (out, (const char *) run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 0xf]);
          break;
        }
    }
  g_string_append_len (out, (const char *) run, p - run);
  g_string_append_c (out, '"');
}

/**
 * herald_json_append_string:
 *
 * Appends @value as a JSON string literal (RFC 8259), quotes included.
 */
void
herald_json_append_string (GString    *out,
                           const char *value)
{
  herald_json_append_string_len (out, value, strlen (value));
}

/**
 * herald_json_object_from_pairs:
 *
 * Returns: (transfer full): a JSON object of the name/value pairs
 */
char *
herald_json_object_from_pairs (const char * const *names,
                               const char * const *values)
{
  GString *json = g_string_sized_new (128);

  g_string_append_c (json, '{');
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (json, ',');
      herald_json_append_string (json, names[i]);
      g_string_append_c (json, ':');
      herald_json_append_string (json, values[i] != NULL ? values[i] : "");
    }
  g_string_append_c (json, '}');
  return g_string_free (json, FALSE);
}
