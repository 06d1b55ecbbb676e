/* herald-pacing.h — the limits providers set, and how long a send takes
 * within them
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Spacing runs this much slower than a limit (2 %): see herald-pacer.c. */
#define HERALD_PACING_HEADROOM 1.02

/* Limits of one account or one recipient domain; 0 means no limit. */
typedef struct
{
  double per_second;
  guint  per_minute;
  guint  per_hour;
  guint  per_day;
} HeraldPacingLimits;

typedef struct _HeraldPacingPresets HeraldPacingPresets;

/* Presets: data in herald-pacing-presets.ini (embedded), overridden by the
 * user's $XDG_CONFIG_HOME/herald/pacing-presets.ini. */
HeraldPacingPresets *herald_pacing_presets_new_from_data  (const char           *data,
                                                           gsize                 length,
                                                           GError              **error);
HeraldPacingPresets *herald_pacing_presets_dup_default    (void);
gboolean             herald_pacing_presets_lookup_domain  (HeraldPacingPresets  *self,
                                                           const char           *domain,
                                                           HeraldPacingLimits   *out_limits);
gboolean             herald_pacing_presets_lookup_provider (HeraldPacingPresets *self,
                                                           const char           *smtp_host,
                                                           char                **out_name,
                                                           HeraldPacingLimits   *out_limits);
const char          *herald_pacing_presets_match_domain   (HeraldPacingPresets  *self,
                                                           const char           *domain,
                                                           const HeraldPacingLimits **out_limits);
const char          *herald_pacing_match_domain           (GHashTable           *table,
                                                           const char           *domain,
                                                           gpointer             *out_value);
HeraldPacingPresets *herald_pacing_presets_ref            (HeraldPacingPresets  *self);
void                 herald_pacing_presets_unref          (HeraldPacingPresets  *self);

gint64            herald_pacing_estimate_seconds (const HeraldPacingLimits *limits,
                                                 guint64                   n_messages);
const char       *herald_pacing_domain_of       (const char               *email);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldPacingPresets, herald_pacing_presets_unref)

G_END_DECLS
