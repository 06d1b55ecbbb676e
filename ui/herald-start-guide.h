/* herald-start-guide.h — the getting-started guide above the pages
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-session.h"

G_BEGIN_DECLS

typedef enum
{
  HERALD_START_STEP_LIST,
  HERALD_START_STEP_NEWSLETTER,
  HERALD_START_STEP_SEND,
} HeraldStartStep;

#define HERALD_TYPE_START_GUIDE (herald_start_guide_get_type ())

G_DECLARE_FINAL_TYPE (HeraldStartGuide, herald_start_guide, HERALD, START_GUIDE, AdwBin)

void        herald_start_guide_refresh             (HeraldStartGuide *self,
                                                    HeraldSession    *session);
const char *herald_start_guide_get_newest_list     (HeraldStartGuide *self);
const char *herald_start_guide_get_newest_template (HeraldStartGuide *self);

G_END_DECLS
