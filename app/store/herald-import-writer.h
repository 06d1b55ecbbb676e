/* herald-import-writer.h — the store's side of an import: contacts and list
 * members written in chunks, inside one transaction
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

/* Rows written by one INSERT of many VALUES: SQLite's cost per statement
 * (opening cursors, starting and ending the statement) is then paid once
 * for this many rows instead of once a row. */
#define HERALD_IMPORT_CHUNK_ROWS 32

typedef struct _HeraldImportWriter HeraldImportWriter;

/* One contact to write: the normalised address and its fields as a JSON
 * object, not NUL-terminated; the writer fills in the rest. */
typedef struct
{
  const char *email;
  gsize       email_len;
  const char *json;
  gsize       json_len;
  gint64      contact_id;   /* out */
  gboolean    created;      /* out: this write created the contact */
} HeraldImportContact;

HeraldImportWriter *herald_import_writer_open        (HeraldStore         *store,
                                                      GError             **error);
gboolean            herald_import_writer_prepare     (HeraldImportWriter  *self,
                                                      gint64               list_id,
                                                      gint64               now,
                                                      GError             **error);
gint64              herald_import_writer_get_baseline (HeraldImportWriter *self);
gint64              herald_import_writer_get_next_member_id (HeraldImportWriter *self);
gboolean            herald_import_writer_has_suppressions (HeraldImportWriter *self);
gboolean            herald_import_writer_write_contacts (HeraldImportWriter  *self,
                                                      HeraldImportContact **contacts,
                                                      guint                n_contacts,
                                                      GError             **error);
gboolean            herald_import_writer_update_fields (HeraldImportWriter  *self,
                                                      gint64               contact_id,
                                                      const char          *json,
                                                      gsize                json_len,
                                                      GError             **error);
gboolean            herald_import_writer_add_members (HeraldImportWriter  *self,
                                                      const gint64        *member_ids,
                                                      const gint64        *contact_ids,
                                                      guint                n,
                                                      guint64             *out_added,
                                                      GError             **error);
gboolean            herald_import_writer_close       (HeraldImportWriter  *self,
                                                      gboolean             commit,
                                                      GError             **error);

G_END_DECLS
