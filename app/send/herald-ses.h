/* herald-ses.h — Amazon SES's answers, judged (herald-ses-judge.c)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-transport.h"

G_BEGIN_DECLS

void      herald_ses_judge    (guint          status,
                               const char    *error_type,
                               GBytes        *body,
                               const char    *region,
                               const char    *env_from,
                               const char    *rcpt,
                               HeraldOutcome *out);
char     *herald_ses_describe_account (guint       status,
                                       const char *error_type,
                                       GBytes     *body);
char     *herald_api_describe (guint          status,
                               const char    *type,
                               const char    *text);
gboolean  herald_api_names    (const char    *text,
                               const char    *address);
void      herald_api_set      (HeraldOutcome     *out,
                               HeraldOutcomeKind  kind,
                               guint              status,
                               const char        *reply,
                               const char        *message,
                               const char        *enhanced);
void      herald_api_accept   (HeraldOutcome *out,
                               guint          status,
                               const char    *id_name,
                               const char    *id);
gboolean  herald_ses_parse_quota (GBytes     *body,
                                  double     *out_max_24h,
                                  double     *out_max_rate);
gboolean  herald_ses_apply_quota (HeraldAccount  *account,
                                  const char     *secret,
                                  GCancellable   *cancellable,
                                  GError        **error);

G_END_DECLS
