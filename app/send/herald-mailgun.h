/* herald-mailgun.h — Mailgun's answers, judged (herald-mailgun-judge.c)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-transport.h"

G_BEGIN_DECLS

void herald_mailgun_judge (guint          status,
                           GBytes        *body,
                           const char    *domain,
                           const char    *rcpt,
                           HeraldOutcome *out);

G_END_DECLS
