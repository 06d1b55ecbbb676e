/* herald-sequence-run.h — sending every sequence step that is due
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "herald-sequence.h"

G_BEGIN_DECLS

/* What one herald_sequences_run_due() did. */
typedef struct
{
  guint64  queued;      /* deliveries made for steps that came due */
  guint64  skipped;     /* steps skipped by a catch-up rule */
  guint64  left;        /* contacts who left a sequence */
  guint64  sent;        /* messages this run sent */
  guint    n_stopped;   /* steps whose sending stopped before its end */
  char    *problem;     /* nullable: why the first of them stopped, for people */
} HeraldSequenceRun;

gboolean herald_sequences_run_due  (HeraldStore        *store,
                                    HeraldSequenceRun  *out,
                                    GCancellable       *cancellable,
                                    GError            **error);
void     herald_sequence_run_clear (HeraldSequenceRun  *run);

G_END_DECLS
