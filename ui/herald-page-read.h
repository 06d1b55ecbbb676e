/* herald-page-read.h — a page's reading of the store: the newest one counts
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "herald-session.h"

G_BEGIN_DECLS

/**
 * HeraldPageReadFunc:
 * @store: the session's store
 * @error: set when the reading fails
 *
 * Reads what a page shows, in the session's thread.
 *
 * Returns: (transfer full) (nullable): what was read, %NULL with @error set
 *   on failure
 */
typedef gpointer (*HeraldPageReadFunc) (HeraldStore  *store,
                                        GError      **error);

/**
 * HeraldPageReadDone:
 * @page: the page that asked
 * @result: (nullable): what was read, %NULL on failure; freed after this
 *   returns (steal from it)
 * @error: (nullable): why the reading failed
 *
 * Called in the main context for the newest reading only, never after a
 * cancel.
 */
typedef void (*HeraldPageReadDone) (GtkWidget    *page,
                                    gpointer      result,
                                    const GError *error);

void herald_page_read (GtkWidget          *page,
                       HeraldSession      *session,
                       GCancellable       *cancellable,
                       guint              *generation,
                       HeraldPageReadFunc  func,
                       GDestroyNotify      result_free,
                       HeraldPageReadDone  done);

G_END_DECLS
