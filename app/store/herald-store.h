/* herald-store.h — the SQLite database that is Herald's truth
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HERALD_STORE_ERROR (herald_store_error_quark ())

typedef enum
{
  HERALD_STORE_ERROR_CANNOT_OPEN,
  HERALD_STORE_ERROR_NEWER_VERSION,
  HERALD_STORE_ERROR_CORRUPT,
  HERALD_STORE_ERROR_READ_ONLY,
  HERALD_STORE_ERROR_BUSY,
  HERALD_STORE_ERROR_NOT_FOUND,
  HERALD_STORE_ERROR_EXISTS,
  HERALD_STORE_ERROR_FAILED,
  HERALD_STORE_ERROR_FULL,           /* the disk is full */
  HERALD_STORE_ERROR_NOTHING_TO_UNDO,
  HERALD_STORE_ERROR_CONFLICT,       /* later changes stand in the way */
} HeraldStoreError;

/* The SQL side (the connection, statements) is in herald-store-private.h,
 * for the store's own modules: nothing above the store runs SQL. */

/* The schema version this Herald writes and understands. */
#define HERALD_STORE_SCHEMA_VERSION 26

typedef struct _HeraldStore HeraldStore;

typedef struct
{
  gint64  id;
  char   *name;
  gint64  n_contacts;
} HeraldListInfo;

GQuark        herald_store_error_quark      (void);

char         *herald_store_default_path     (void);
char         *herald_store_default_outbox   (void);

HeraldStore  *herald_store_open             (const char   *path,
                                             GError      **error);
HeraldStore  *herald_store_open_at_version  (const char   *path,
                                             int           version,
                                             GError      **error);
void          herald_store_close            (HeraldStore  *self);
const char   *herald_store_get_path         (HeraldStore  *self);
void          herald_store_keep_room        (HeraldStore  *self);
gboolean      herald_store_give_room        (HeraldStore  *self);
void          herald_store_set_busy_timeout (HeraldStore  *self,
                                             int           milliseconds);

gboolean      herald_store_begin            (HeraldStore  *self,
                                             GError      **error);
gboolean      herald_store_commit           (HeraldStore  *self,
                                             GError      **error);
void          herald_store_rollback         (HeraldStore  *self);
gboolean      herald_store_end              (HeraldStore  *self,
                                             gboolean      ok,
                                             GError      **error);


/* Lists */
gint64        herald_store_ensure_list      (HeraldStore  *self,
                                             const char   *name,
                                             GError      **error);
gint64        herald_store_find_list        (HeraldStore  *self,
                                             const char   *name,
                                             GError      **error);
char         *herald_store_dup_list_name    (HeraldStore  *self,
                                             gint64        list_id,
                                             GError      **error);
GPtrArray    *herald_store_dup_lists        (HeraldStore  *self,
                                             GError      **error);
void          herald_list_info_free         (HeraldListInfo *info);

/* The ordered field names a list's contacts carry (email excluded). */
GStrv         herald_store_dup_list_fields  (HeraldStore  *self,
                                             gint64        list_id,
                                             GError      **error);
gboolean      herald_store_set_list_fields  (HeraldStore  *self,
                                             gint64        list_id,
                                             const char * const *fields,
                                             GError      **error);

/* Contacts */
gint64        herald_store_upsert_contact   (HeraldStore  *self,
                                             gint64        list_id,
                                             const char   *email,
                                             const char * const *names,
                                             const char * const *values,
                                             gboolean     *out_updated,
                                             GError      **error);

/* Suppression */
gboolean      herald_store_is_suppressed    (HeraldStore  *self,
                                             const char   *email);
gboolean      herald_store_suppress         (HeraldStore  *self,
                                             const char   *email,
                                             const char   *reason,
                                             const char   *source,
                                             GError      **error);

/* Accounts: the built-in Outbox */
gboolean      herald_store_ensure_outbox    (HeraldStore  *self,
                                             GError      **error);

/* JSON helpers for the contacts.fields column */
void          herald_json_append_string     (GString      *out,
                                             const char   *value);
void          herald_json_append_string_len (GString      *out,
                                             const char   *s,
                                             gsize         n);
char         *herald_json_object_from_pairs (const char * const *names,
                                             const char * const *values);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldStore, herald_store_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldListInfo, herald_list_info_free)

G_END_DECLS
