/* herald-import-private.h — what the import's two halves share
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * herald-import-map.c reads the header row (the column mapping);
 * herald-import.c, which uses it, reads the rows and runs the import. Not installed.
 */
#pragma once

#include "herald-csv.h"
#include "herald-import.h"
#include "herald-import-writer.h"
#include "herald-store.h"

G_BEGIN_DECLS

/* The contacts this import has touched, with the line of their first row.
 * Contacts it creates get rising ids above @baseline (SQLite gives a new
 * rowid max + 1), so their lines sit in an array at id - baseline - 1:
 * 4 bytes a row. Contacts that existed before go to a
 * small open-addressing table (id 0 marks a free slot). */
typedef struct
{
  gint64   contact_id;
  guint64  line;
} SeenSlot;

typedef struct
{
  gint64    baseline;
  GArray   *new_lines;   /* guint32, 0 for "not seen" */
  SeenSlot *slots;
  gsize     mask;
  gsize     count;
} Seen;

/* What a row's consent cells say, kept with the row until its contact is
 * written (herald-import-consent.c reads them). */
typedef struct
{
  gint64   at;            /* 0: nothing */
  gsize    source;        /* offset of a NUL-terminated text in the batch's arena, 0: none */
  guint8   answer;        /* HeraldConsentAnswer */
  guint8   clear_at;      /* a blank cell with blank_clears */
  guint8   clear_source;
  guint8   unread;        /* cells not understood, to warn about */
} RowConsent;

typedef struct
{
  HeraldStore                *store;
  HeraldImportWriter         *writer;
  const HeraldImportOptions  *options;
  HeraldImportRejectFunc      reject;
  gpointer                    user_data;
  HeraldImportSummary        *summary;
  HeraldCsvReader            *reader;
  GCancellable               *cancellable;

  gint64                      list_id;
  guint                       n_columns;
  guint                       address_column;
  char                      **names;       /* the header as given, trimmed */
  char                      **fields;      /* field names; NULL: not a field */
  char                      **prefixes;    /* "field": in JSON, or NULL */

  int                         consent_at_column;      /* -1: none */
  int                         consent_source_column;
  int                         consent_answer_column;
  char                       *consent_fallback;  /* a "yes" row's source */
  gboolean                    has_consent;       /* a column or the options */

  gboolean                    check_suppressed;
  GPtrArray                  *sample;      /* rows read ahead with the header */

  GString                    *address;
  GArray                     *pending;     /* Pending, in file order */
  GArray                     *order;       /* SortKey, in address order */
  GString                    *arena;       /* the pending rows' text */
  Seen                        seen;
  gint64                      now;
  gint64                      next_member;
  guint64                     total;
  guint64                     reported;
} Import;

/* A blank line: one empty field. */
static inline gboolean
is_blank (const HeraldCsvRecord *record)
{
  return record->problem == HERALD_CSV_PROBLEM_NONE &&
         record->n_fields == 1 && record->lengths[0] == 0;
}

/* herald-import-map.c */
G_GNUC_INTERNAL
gboolean herald_import_read_header        (Import                 *im,
                                           const HeraldCsvRecord **out_first_row,
                                           GError                **error);
G_GNUC_INTERNAL
gboolean herald_import_merge_list_fields  (Import                 *im,
                                           GError                **error);
G_GNUC_INTERNAL
void     herald_import_find_consent_columns (Import               *im);
G_GNUC_INTERNAL
void     herald_import_read_consent       (Import                 *im,
                                           const HeraldCsvRecord  *record,
                                           RowConsent             *row);
G_GNUC_INTERNAL
const HeraldCsvRecord *herald_import_sample_record (Import        *im,
                                                    guint          index);


G_END_DECLS
