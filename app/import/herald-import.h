/* herald-import.h — reading a CSV file into a list
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

#define HERALD_IMPORT_ERROR (herald_import_error_quark ())

typedef enum
{
  HERALD_IMPORT_ERROR_EMPTY,              /* no header row at all */
  HERALD_IMPORT_ERROR_BAD_HEADER,         /* the header row cannot be read */
  HERALD_IMPORT_ERROR_NO_ADDRESS_COLUMN,  /* no column holds addresses */
  HERALD_IMPORT_ERROR_BAD_MAP,            /* a --map that is not COLUMN=FIELD */
  HERALD_IMPORT_ERROR_NO_SUCH_COLUMN,     /* a --map naming a column the file lacks */
} HeraldImportError;

/* Called for each rejected row (invalid or duplicate), in file order; also,
 * through HeraldImportOptions.warning, for rows imported with a remark.
 * Rows are written in batches (64 Ki rows), so the calls for a batch come
 * together, after it has been read; always from the importing thread. */
typedef void (*HeraldImportRejectFunc)   (guint64     line,
                                          const char *reason,
                                          gpointer    user_data);

/* Called from the importing thread, a few times per MiB read and once at
 * the end; @bytes_total is 0 when the size is not known. */
typedef void (*HeraldImportProgressFunc) (guint64     bytes_read,
                                          guint64     bytes_total,
                                          gpointer    user_data);

typedef struct
{
  const char          *encoding;   /* NULL or "auto", "utf-8", "cp932", "euc-jp", "utf-16" */
  const char          *delimiter;  /* NULL or "auto", ",", ";", "tab" */
  const char * const  *map;        /* NULL-terminated "COLUMN=FIELD" pairs, or NULL:
                                    * FIELD "email" picks the address column, an
                                    * empty FIELD leaves the column out */
  gboolean             dry_run;    /* do everything, then roll it back */
  gboolean             blank_clears;  /* an empty cell clears a stored value;
                                       * by default it leaves it as it is */
  /* How this file's people agreed to marketing mail, for those whose
   * record is empty and who did not decline (herald_consent_merge()). */
  const char          *consent_source;  /* NULL: none */
  gint64               consent_at;      /* seconds since 1970; 0: none */
  /* Optional; all three get user_data. */
  HeraldImportRejectFunc    reject;    /* each rejected row: its line (where
                                        * the row starts) and the reason */
  HeraldImportRejectFunc    warning;   /* e.g. "3 extra cells ignored" */
  HeraldImportProgressFunc  progress;
  gpointer                  user_data;
} HeraldImportOptions;

/* The counts of an import (or of a dry run: what it would do). Contacts
 * are shared by all lists (one per address): a row whose address is known
 * gives that contact its values, whichever list it came from. */
typedef struct
{
  guint64  imported;      /* contacts new to this list */
  guint64  updated;       /* known contacts whose stored values it changed */
  guint64  duplicates;    /* seen earlier in the file: the first one wins */
  guint64  invalid;       /* rejected with a reason */
  guint64  suppressed;    /* on the suppression list: kept out */
  guint64  rows;          /* data rows read, blank lines not counted */
  guint64  warnings;
  char    *encoding;      /* what was used, e.g. "CP932" */
  char     delimiter;
  char    *address_column;  /* the header of the column the addresses came from */
  GStrv    other_address_columns;  /* other columns that hold addresses too */
  guint64  created;            /* contacts new to Herald (of imported) */
  guint64  changed_elsewhere;  /* of updated: contacts in other lists too */
  guint64  blanks_kept;        /* empty cells that left a stored value */
  GStrv    changed_fields;     /* the fields it changed, most contacts first… */
  guint64 *changed_field_counts;  /* …and in how many contacts each */
  guint64  declined;           /* of imported and updated: people who
                                * declined marketing mail (never mailed) */
  guint64  consent_unread;     /* consent cells not understood: left as they were */
  char    *consent_column;     /* the column that says whether people accept
                                * marketing mail, or NULL */
} HeraldImportSummary;

GQuark   herald_import_error_quark  (void);

/* Reads @stream into the list @list_name (created when missing) in one
 * transaction: rejected rows are reported and the rest lands; a read or
 * database error, or a cancel, leaves the database as it was. The store's
 * connection is busy until it returns: a thread needs its own HeraldStore. */
gboolean herald_import_stream       (HeraldStore                *store,
                                     const char                 *list_name,
                                     GInputStream               *stream,
                                     const HeraldImportOptions  *options,
                                     HeraldImportSummary        *summary,
                                     GCancellable               *cancellable,
                                     GError                    **error);
gboolean herald_import_file         (HeraldStore                *store,
                                     const char                 *list_name,
                                     const char                 *path,
                                     const HeraldImportOptions  *options,
                                     HeraldImportSummary        *summary,
                                     GCancellable               *cancellable,
                                     GError                    **error);
void     herald_import_summary_clear (HeraldImportSummary       *summary);

G_END_DECLS
