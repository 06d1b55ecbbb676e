/* herald-suppression-import.h — a file of addresses onto the suppression
 * list
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "herald-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint64    n_added;     /* new on the list */
  guint64    n_known;     /* on it already: left as they were */
  guint64    n_invalid;   /* rows without a valid address */
  GPtrArray *rejected;    /* "line L: reason" for each of those */
} HeraldSuppressionImportCounts;

/* How to read the file, and what to record with each new entry. */
typedef struct
{
  const char *encoding;   /* nullable: the file's encoding; NULL detects it */
  const char *reason;     /* for rows that give none: bounced, unsubscribed,
                           * complaint or manual */
  const char *source;     /* nullable: e.g. the file's name */
} HeraldSuppressionImportOptions;

gboolean herald_suppression_import              (HeraldStore                          *store,
                                                 GInputStream                         *stream,
                                                 const HeraldSuppressionImportOptions *options,
                                                 HeraldSuppressionImportCounts        *out,
                                                 GCancellable                  *cancellable,
                                                 GError                       **error);
void     herald_suppression_import_counts_clear (HeraldSuppressionImportCounts *counts);

G_END_DECLS
