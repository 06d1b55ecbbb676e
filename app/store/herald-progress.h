/* herald-progress.h — how far the user is on the first steps
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean  has_list;        /* a list of their own (not the sample's) */
  gboolean  has_template;    /* a template of their own */
  gboolean  has_sent;        /* a campaign started, to the test outbox or for real */
  char     *newest_list;     /* nullable: their newest list's name */
  char     *newest_template; /* nullable: their newest template's name */
} HeraldProgress;

gboolean herald_store_get_progress  (HeraldStore    *store,
                                     const char     *sample_list,
                                     const char     *sample_template,
                                     HeraldProgress *out,
                                     GError        **error);
void     herald_progress_clear      (HeraldProgress *progress);

G_END_DECLS
