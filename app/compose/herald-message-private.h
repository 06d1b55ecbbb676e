/* herald-message-private.h — what the message's files share
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-message.h"

G_BEGIN_DECLS

gboolean _herald_message_append_headers (GString                  *out,
                                         const HeraldMessageSpec  *spec,
                                         GError                  **error);

gboolean _herald_message_prepare_jis    (const HeraldMessageSpec  *spec,
                                         HeraldMessageSpec        *copy,
                                         GPtrArray                *owned);
char    *_herald_message_to_jis         (const char               *text,
                                         gsize                    *out_len);

G_END_DECLS
