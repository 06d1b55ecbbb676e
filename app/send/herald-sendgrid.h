/* herald-sendgrid.h — SendGrid's request built from Herald's message, and
 * its answers judged (herald-sendgrid.c, herald-sendgrid-judge.c)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-transport.h"

G_BEGIN_DECLS

GBytes *herald_sendgrid_request_body (const char     *rcpt,
                                      GBytes         *message,
                                      GError        **error);
void    herald_sendgrid_judge        (guint           status,
                                      const char     *message_id,
                                      GBytes         *body,
                                      const char     *rcpt,
                                      HeraldOutcome  *out);

gboolean herald_sendgrid_scopes_allow_sending (GBytes *body);

G_END_DECLS
