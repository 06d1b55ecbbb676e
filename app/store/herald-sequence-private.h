/* herald-sequence-private.h — SQL shared by the sequence modules of the store
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-sequence.h"

/* Whether the list member `m` is in the sequence: joined after it began
 * (@starts, its starts_at) — or in the very second it began but after it,
 * as list_members.id tells (@before, its members_before): those who were
 * on the list already never enter. Both are parameter names, e.g. "?2". */
#define HERALD_SEQUENCE_ENTERED_SQL(starts, before) \
  "(m.added_at > " starts " OR m.id > " before ")"

gboolean _herald_sequence_check_step_time (guint     day,
                                           int       at_minute,
                                           GError  **error);
char    *_herald_sequence_step_campaign_name (const HeraldSequence *sequence,
                                              guint                 position);
