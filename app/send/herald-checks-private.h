/* herald-checks-private.h — the checklist's parts, for its own files
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-checks.h"

G_BEGIN_DECLS

void _herald_check_add (GPtrArray           *problems,
                        HeraldCheckKind      kind,
                        HeraldCheckSeverity  severity,
                        const char          *email,
                        const char          *field,
                        const char          *value,
                        const char          *text);

/* herald-checks-dns.c: @addresses are the pending recipients'. */
void _herald_check_recipient_domains (GPtrArray                 *problems,
                                      GPtrArray                 *addresses,
                                      const HeraldCheckOptions  *options,
                                      GCancellable              *cancellable);
void _herald_check_sender_domain     (GPtrArray                 *problems,
                                      const char                *from_address,
                                      const HeraldCheckOptions  *options,
                                      GCancellable              *cancellable);

/* herald-checks-links.c: the http(s) links of @html, but @skip_prefix's. */
void _herald_check_links             (GPtrArray                 *problems,
                                      const char                *html,
                                      const char                *skip_prefix,
                                      const HeraldCheckOptions  *options,
                                      GCancellable              *cancellable);

G_END_DECLS
