/* herald-pacer.h — how fast the sender may go: token buckets per account
 * and per recipient domain
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "herald-pacing.h"

G_BEGIN_DECLS

/* Which limit made try_acquire() say "not yet". */
typedef enum
{
  HERALD_PACER_SCOPE_NONE,      /* nothing: the token was taken */
  HERALD_PACER_SCOPE_ACCOUNT,   /* the account's limits (all messages wait) */
  HERALD_PACER_SCOPE_DOMAIN,    /* the recipient domain's limits (others may go) */
} HeraldPacerScope;

/* The pacer's time: Unix time in microseconds. Tests inject their own. */
typedef gint64 (*HeraldPacerClock) (gpointer user_data);

typedef struct _HeraldPacer HeraldPacer;

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


G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldPacer, herald_pacer_free)

G_END_DECLS
