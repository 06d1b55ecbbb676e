/* herald-outbox.h — the built-in transport that writes into a Maildir
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-transport.h"

G_BEGIN_DECLS

HeraldTransport *herald_outbox_transport_new           (const char      *dir);
const char      *herald_outbox_transport_get_last_path (HeraldTransport *self);

G_END_DECLS
