/* herald-import-writer.h — the store's side of an import: contacts and list
 * members written in chunks, inside one transaction
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-consent.h"
#include "herald-store.h"

G_BEGIN_DECLS

/* Rows written by one INSERT of many VALUES: SQLite's cost per statement
 * (opening cursors, starting and ending the statement) is then paid once
 * for this many rows instead of once a row. */
#define HERALD_IMPORT_CHUNK_ROWS 32

/* Imports kept per list for their undo, the last one undone first. */
#define HERALD_IMPORT_UNDO_KEPT 3

typedef struct _HeraldImportWriter HeraldImportWriter;

/* What an import changed (herald_import_writer_finish()). */
typedef struct
{
  guint64   created;               /* contacts it created */
  guint64   changed;               /* known contacts whose values it changed */
  guint64   changed_elsewhere;     /* of those, members of other lists too */
  guint64   blanks_kept;           /* empty cells that left a stored value */
  GStrv     changed_fields;        /* the fields it changed, most contacts first */
  guint64  *changed_field_counts;  /* in how many contacts each */
} HeraldImportWriterStats;

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
                                                      gboolean             list_created,
                                                      gboolean             blank_clears,
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
                                                      gboolean            *out_changed,
                                                      GError             **error);
gboolean            herald_import_writer_update_consent (HeraldImportWriter *self,
                                                      gint64               contact_id,
                                                      gboolean             created,
                                                      const HeraldConsentRow *row,
                                                      gboolean            *out_changed,
                                                      HeraldConsent       *out_consent,
                                                      GError             **error);
gboolean            herald_import_writer_add_members (HeraldImportWriter  *self,
                                                      const gint64        *member_ids,
                                                      const gint64        *contact_ids,
                                                      guint                n,
                                                      guint64             *out_added,
                                                      GError             **error);
gboolean            herald_import_writer_finish      (HeraldImportWriter  *self,
                                                      HeraldImportWriterStats *stats,
                                                      GError             **error);
void                herald_import_writer_stats_clear (HeraldImportWriterStats *stats);
gboolean            herald_import_writer_close       (HeraldImportWriter  *self,
                                                      gboolean             commit,
                                                      GError             **error);

G_END_DECLS
