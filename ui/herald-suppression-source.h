/* herald-suppression-source.h — show the mailbox message that put an
 * address on the suppression list
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "herald-session.h"

G_BEGIN_DECLS

void herald_suppression_source_show (GtkWindow     *parent,
                                     HeraldSession *session,
                                     const char    *email,
                                     GCancellable  *cancellable);

G_END_DECLS
