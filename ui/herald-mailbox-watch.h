/* herald-mailbox-watch.h — the window's automatic mailbox checks
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "herald-mailbox.h"
#include "herald-session.h"

G_BEGIN_DECLS

#define HERALD_TYPE_MAILBOX_WATCH (herald_mailbox_watch_get_type ())

G_DECLARE_FINAL_TYPE (HeraldMailboxWatch, herald_mailbox_watch, HERALD, MAILBOX_WATCH, GObject)

HeraldMailboxWatch *herald_mailbox_watch_new         (GSettings          *settings);
void                herald_mailbox_watch_set_session (HeraldMailboxWatch *self,
                                                      HeraldSession      *session);
gboolean            herald_mailbox_watch_check_now   (HeraldMailboxWatch *self);
gboolean            herald_mailbox_watch_check_after (HeraldMailboxWatch *self,
                                                      gint64              campaign_id);
gboolean            herald_mailbox_watch_get_running (HeraldMailboxWatch *self);
gboolean            herald_mailbox_watch_get_failed  (HeraldMailboxWatch *self);
guint64             herald_mailbox_watch_get_pulled  (HeraldMailboxWatch *self);
char               *herald_mailbox_watch_describe    (const HeraldMailboxCounts *counts);

G_END_DECLS
