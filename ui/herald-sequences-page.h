/* herald-sequences-page.h — step mail: the sequences and where they stand
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-session.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SEQUENCES_PAGE (herald_sequences_page_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSequencesPage, herald_sequences_page, HERALD, SEQUENCES_PAGE, AdwBin)

void herald_sequences_page_set_session (HeraldSequencesPage *self,
                                        HeraldSession       *session);

G_END_DECLS
