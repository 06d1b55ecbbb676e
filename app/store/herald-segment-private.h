/* herald-segment-private.h — a segment's conditions as SQL, for the
 * store's modules that select contacts (app/store/ only)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-segment.h"
#include "herald-store-private.h"

G_BEGIN_DECLS

gboolean  herald_segment_prepare_connection (HeraldStore          *store,
                                             GError              **error);
char     *herald_segment_where_sql          (const HeraldSegment  *segment,
                                             guint                 first_param);
void      herald_segment_bind               (const HeraldSegment  *segment,
                                             sqlite3_stmt         *stmt,
                                             guint                 first_param);
char     *herald_segment_conditions_json    (const HeraldSegment  *segment);

G_END_DECLS
