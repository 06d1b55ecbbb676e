/* herald-account-private.h — the accounts table's files share these
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-account.h"

G_BEGIN_DECLS

gboolean _herald_account_check_ca_file (const HeraldAccount  *account,
                                        GError              **error);
gboolean _herald_account_check_api (const HeraldAccount  *account,
                                    GError              **error);
gboolean _herald_account_api_save  (HeraldStore          *store,
                                    gint64                account_id,
                                    const HeraldAccount  *account,
                                    GError              **error);

gboolean _herald_account_oauth_save (HeraldStore        *store,
                                     gint64              account_id,
                                     const HeraldAccount *account,
                                     GError            **error);

G_END_DECLS
