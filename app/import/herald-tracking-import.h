/* herald-tracking-import.h — opens and clicks read back from the user's
 * own web server's log (herald-tracking-import.c)
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
  guint64 opens;        /* new opens kept */
  guint64 clicks;       /* new clicks kept */
  guint64 duplicates;   /* lines read before (the same line imported again) */
  guint64 unmatched;    /* lines that are no open or click of this campaign */
} HeraldTrackingImportCounts;

gboolean herald_tracking_import (HeraldStore                 *store,
                                 const char                  *campaign_name,
                                 GInputStream                *input,
                                 HeraldTrackingImportCounts  *out_counts,
                                 GError                     **error);

G_END_DECLS
