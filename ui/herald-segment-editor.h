/* herald-segment-editor.h — a saved segment of a list, with the count of who matches
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-segment.h"
#include "herald-session.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SEGMENT_EDITOR (herald_segment_editor_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSegmentEditor, herald_segment_editor, HERALD, SEGMENT_EDITOR, AdwWindow)

HeraldSegmentEditor *herald_segment_editor_new (GtkWindow     *parent,
                                                HeraldSession *session,
                                                gint64         list_id,
                                                const char    *list_name);
HeraldSegmentEditor *herald_segment_editor_new_for (GtkWindow           *parent,
                                                    HeraldSession       *session,
                                                    const HeraldSegment *segment);

G_END_DECLS
