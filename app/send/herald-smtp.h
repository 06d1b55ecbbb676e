/* herald-smtp.h — the SMTP transport, on libcurl
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-transport.h"

G_BEGIN_DECLS

HeraldTransport *herald_smtp_transport_new              (const HeraldAccount  *account,
                                                         const char           *password,
                                                         GError              **error);
void             herald_smtp_transport_set_bearer_token (HeraldTransport      *self,
                                                         const char           *token);
guint            herald_smtp_transport_get_n_connects   (HeraldTransport      *self);

G_END_DECLS
