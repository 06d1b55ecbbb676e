/* herald-preview-timing.h — HERALD_DEBUG_TIMING: how fast the preview
 * follows typing, and how long the main loop ever stalls
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean herald_timing_enabled      (void);
void     herald_timing_start_probe  (void);
void     herald_timing_report_shown (gint64 edit_time);
void     herald_timing_report_rendered (gint64 edit_time,
                                        gint64 render_started,
                                        gint64 thread_started,
                                        gint64 store_locked,
                                        gint64 thread_finished);

G_END_DECLS
