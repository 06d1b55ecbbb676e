/* herald-pacer.h — how fast the sender may go: token buckets per account
 * and per recipient domain
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Limits of one account or one recipient domain; 0 means no limit. */
typedef struct
{
  double per_second;
  guint  per_minute;
  guint  per_hour;
  guint  per_day;
} HeraldPacingLimits;

/* Which limit made try_acquire() say "not yet". */
typedef enum
{
  HERALD_PACER_SCOPE_NONE,      /* nothing: the token was taken */
  HERALD_PACER_SCOPE_ACCOUNT,   /* the account's limits (all messages wait) */
  HERALD_PACER_SCOPE_DOMAIN,    /* the recipient domain's limits (others may go) */
} HeraldPacerScope;

/* The pacer's time: Unix time in microseconds. Tests inject their own. */
typedef gint64 (*HeraldPacerClock) (gpointer user_data);

typedef struct _HeraldPacingPresets HeraldPacingPresets;
typedef struct _HeraldPacer HeraldPacer;

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
HeraldPacingPresets *herald_pacing_presets_ref            (HeraldPacingPresets  *self);
void                 herald_pacing_presets_unref          (HeraldPacingPresets  *self);

/* The pacer is shared by a sender's worker threads: every call is
 * thread-safe. */
HeraldPacer      *herald_pacer_new              (const HeraldPacingLimits *account,
                                                 HeraldPacingPresets      *presets);
void              herald_pacer_free             (HeraldPacer              *self);
void              herald_pacer_set_clock        (HeraldPacer              *self,
                                                 HeraldPacerClock          clock,
                                                 gpointer                  user_data);
gint64            herald_pacer_now              (HeraldPacer              *self);
void              herald_pacer_set_domain_limits (HeraldPacer             *self,
                                                 const char               *domain,
                                                 const HeraldPacingLimits *limits);
void              herald_pacer_record_past      (HeraldPacer              *self,
                                                 const char               *domain,
                                                 gint64                    sent_at,
                                                 guint                     count);
gboolean          herald_pacer_domain_has_limits (HeraldPacer             *self,
                                                 const char               *domain);
HeraldPacerScope  herald_pacer_try_acquire      (HeraldPacer              *self,
                                                 const char               *domain,
                                                 gint64                   *out_ready_at);
HeraldPacerScope  herald_pacer_peek             (HeraldPacer              *self,
                                                 const char               *domain,
                                                 gint64                   *out_ready_at);
void              herald_pacer_slow_down        (HeraldPacer              *self);
double            herald_pacer_get_rate_limit   (HeraldPacer              *self);

gint64            herald_pacing_estimate_seconds (const HeraldPacingLimits *limits,
                                                 guint64                   n_messages);
const char       *herald_pacing_domain_of       (const char               *email);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldPacer, herald_pacer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldPacingPresets, herald_pacing_presets_unref)

G_END_DECLS
