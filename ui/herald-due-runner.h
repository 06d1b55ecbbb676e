/* herald-due-runner.h — the open window sends due work (scheduled
 * campaigns) through the engine's herald_due_run(), and asks about late ones
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "herald-session.h"

G_BEGIN_DECLS

#define HERALD_TYPE_DUE_RUNNER (herald_due_runner_get_type ())

G_DECLARE_FINAL_TYPE (HeraldDueRunner, herald_due_runner, HERALD, DUE_RUNNER, GObject)

HeraldDueRunner *herald_due_runner_new     (HeraldSession   *session,
                                            GtkWindow       *parent,
                                            GCancellable    *cancellable);
void             herald_due_runner_run_now (HeraldDueRunner *self);
gboolean         herald_due_runner_is_running (HeraldDueRunner *self);
gboolean         herald_due_runner_decide  (HeraldDueRunner *self,
                                            gint64           campaign_id,
                                            gboolean         send);
gboolean         herald_due_runner_has_questions (HeraldDueRunner *self);

G_END_DECLS
