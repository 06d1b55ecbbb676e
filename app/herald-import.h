/* herald-import.h — reading a CSV file into a list
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

typedef struct
{
  const char          *encoding;   /* NULL or "auto", "utf-8", "cp932", "euc-jp", "utf-16" */
  const char          *delimiter;  /* NULL or "auto", ",", ";", "tab" */
  const char * const  *map;        /* NULL-terminated "COLUMN=FIELD" pairs, or NULL */
  gboolean             dry_run;
} HeraldImportOptions;

typedef struct
{
  guint64  imported;
  guint64  updated;
  guint64  duplicates;
  guint64  invalid;
  guint64  suppressed;
  char    *encoding;      /* what was used, e.g. "CP932" */
  char     delimiter;
} HeraldImportSummary;

/* Called for each rejected row, in file order. */
typedef void (*HeraldImportRejectFunc) (guint64     line,
                                        const char *reason,
                                        gpointer    user_data);

/* Reads @stream into the list @list_name (created when missing) in one
 * transaction: the whole file lands, or nothing does. */
gboolean herald_import_stream       (HeraldStore                *store,
                                     const char                 *list_name,
                                     GInputStream               *stream,
                                     const HeraldImportOptions  *options,
                                     HeraldImportRejectFunc      reject,
                                     gpointer                    user_data,
                                     HeraldImportSummary        *summary,
                                     GCancellable               *cancellable,
                                     GError                    **error);
gboolean herald_import_file         (HeraldStore                *store,
                                     const char                 *list_name,
                                     const char                 *path,
                                     const HeraldImportOptions  *options,
                                     HeraldImportRejectFunc      reject,
                                     gpointer                    user_data,
                                     HeraldImportSummary        *summary,
                                     GCancellable               *cancellable,
                                     GError                    **error);
void     herald_import_summary_clear (HeraldImportSummary       *summary);

G_END_DECLS
