/* herald-charset-check.h — which messages of a campaign ISO-2022-JP
 * cannot carry
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-merge.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean  template_fits;       /* the template's own text fits ISO-2022-JP */
  char     *template_example;    /* nullable: a character of it that does not */
  guint     n_recipients;        /* recipients still to send whose values do not fit */
  char     *recipient_example;   /* nullable: a character of theirs that does not */
} HeraldCharsetCheck;

gboolean herald_campaign_check_charset (HeraldStore         *store,
                                        gint64               campaign_id,
                                        HeraldCharsetCheck  *out,
                                        GError             **error);
void     herald_charset_check_clear    (HeraldCharsetCheck  *check);

G_END_DECLS
