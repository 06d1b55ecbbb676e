/* herald-provider-preset.h — a provider's server, sign-in and published
 * sending limits, as a preset for a new account
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The data is the `[provider:NAME]` groups of herald-pacing-presets.ini,
 * read by herald-pacing.c.
 */
#pragma once

#include <glib.h>

#include "herald-pacing.h"

G_BEGIN_DECLS

typedef enum
{
  HERALD_PRESET_AUTH_NONE,          /* the preset says nothing */
  HERALD_PRESET_AUTH_PASSWORD,      /* the mailbox's own password */
  HERALD_PRESET_AUTH_APP_PASSWORD,  /* a password made for one app */
  HERALD_PRESET_AUTH_OAUTH,         /* OAuth sign-in wanted */
} HeraldPresetAuth;

/* The limits a preset may set, in the order the account page shows them. */
typedef enum
{
  HERALD_PRESET_LIMIT_PER_SECOND,
  HERALD_PRESET_LIMIT_PER_MINUTE,
  HERALD_PRESET_LIMIT_PER_HOUR,
  HERALD_PRESET_LIMIT_PER_DAY,
  HERALD_PRESET_LIMIT_CONNECTIONS,
  HERALD_PRESET_N_LIMITS,
} HeraldPresetLimit;

/* One `[provider:NAME]` group that names a label. Owned by its presets. */
typedef struct
{
  char               *name;          /* "gmail": the group's NAME */
  char               *label;         /* "Gmail", localized; "" for "other" */
  char               *host;          /* NULL: each customer has their own */
  char               *host_example;  /* nullable: "sv12345.xserver.jp" */
  guint               port;          /* 0: not given */
  char               *security;      /* nullable: "starttls" or "tls" */
  HeraldPresetAuth    auth;
  HeraldPacingLimits  limits;
  guint               connections;   /* 0: not given */
  guint               published;     /* bit 1 << HeraldPresetLimit: the provider publishes it */
  char               *source;        /* nullable: the provider's help page */
} HeraldProviderPreset;

/* The presets in file order, "other" among them. */
GPtrArray                  *herald_pacing_presets_list_providers (HeraldPacingPresets *self);
const HeraldProviderPreset *herald_pacing_presets_get_provider   (HeraldPacingPresets *self,
                                                                  const char          *name);
char                       *herald_pacing_presets_dup_names      (HeraldPacingPresets *self);

double      herald_provider_preset_get_limit     (const HeraldProviderPreset *preset,
                                                  HeraldPresetLimit           limit);
gboolean    herald_provider_preset_is_published  (const HeraldProviderPreset *preset,
                                                  HeraldPresetLimit           limit);
gboolean    herald_provider_preset_exceeds       (const HeraldProviderPreset *preset,
                                                  HeraldPresetLimit           limit,
                                                  double                      value);
char       *herald_provider_preset_format_limits (const HeraldProviderPreset *preset);
char       *herald_limits_format                 (const double                values[HERALD_PRESET_N_LIMITS]);
char       *herald_preset_limit_describe         (HeraldPresetLimit           limit,
                                                  double                      value);
char       *herald_provider_preset_dup_hint      (const HeraldProviderPreset *preset,
                                                  HeraldPresetLimit           limit);
char       *herald_provider_preset_dup_warning   (const HeraldProviderPreset *preset,
                                                  HeraldPresetLimit           limit,
                                                  double                      value);
const char *herald_provider_preset_auth_hint     (const HeraldProviderPreset *preset);

G_END_DECLS
