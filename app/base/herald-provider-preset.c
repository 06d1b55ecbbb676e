/* herald-provider-preset.c — what a provider preset says, in words
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The presets themselves are read with the pacing presets
 * (herald-pacing.c); this file reads their limits out, compares a chosen
 * limit with the provider's, and says so for the account page and the CLI.
 */
#define G_LOG_DOMAIN "herald-pacing"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-provider-preset.h"

/**
 * herald_provider_preset_get_limit:
 *
 * Returns: the preset's value for @limit; 0 when it sets none
 */
double
herald_provider_preset_get_limit (const HeraldProviderPreset *preset,
                                  HeraldPresetLimit           limit)
{
  switch (limit)
    {
    case HERALD_PRESET_LIMIT_PER_SECOND:
      return preset->limits.per_second;
    case HERALD_PRESET_LIMIT_PER_MINUTE:
      return preset->limits.per_minute;
    case HERALD_PRESET_LIMIT_PER_HOUR:
      return preset->limits.per_hour;
    case HERALD_PRESET_LIMIT_PER_DAY:
      return preset->limits.per_day;
    case HERALD_PRESET_LIMIT_CONNECTIONS:
      return preset->connections;
    case HERALD_PRESET_N_LIMITS:
    default:
      return 0;
    }
}

/* The provider publishes the figure (rather than Herald choosing a cautious one). */
gboolean
herald_provider_preset_is_published (const HeraldProviderPreset *preset,
                                     HeraldPresetLimit           limit)
{
  return limit < HERALD_PRESET_N_LIMITS && (preset->published & (1u << limit)) != 0;
}

/**
 * herald_provider_preset_exceeds:
 * @value: the account's value; 0 is no limit (for connections: 1)
 *
 * Returns: whether @value lets the account send faster than the preset
 *   allows: above its figure, or no limit where it sets one
 */
gboolean
herald_provider_preset_exceeds (const HeraldProviderPreset *preset,
                                HeraldPresetLimit           limit,
                                double                      value)
{
  double allowed = herald_provider_preset_get_limit (preset, limit);

  if (allowed <= 0)
    return FALSE;
  if (limit == HERALD_PRESET_LIMIT_CONNECTIONS)
    return value > allowed;
  return value <= 0 || value > allowed + 1e-9;
}

/* "30/min", as `account presets` prints it: not translated. */
static void
append_compact (GString           *out,
                HeraldPresetLimit  limit,
                double             value)
{
  static const char * const units[HERALD_PRESET_N_LIMITS] = { "/s", "/min", "/h", "/day", " connections" };
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (value <= 0)
    return;
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_ascii_formatd (number, sizeof number, "%g", value);
  g_string_append (out, number);
  if (limit == HERALD_PRESET_LIMIT_CONNECTIONS && value == 1)
    g_string_append (out, " connection");
  else
    g_string_append (out, units[limit]);
}

/**
 * herald_limits_format:
 * @values: one value per #HeraldPresetLimit; 0 for none
 *
 * Returns: (transfer full): the limits in a compact form, e.g.
 *   "30/min 10000/day 3 connections"; "-" when there are none
 */
char *
herald_limits_format (const double values[HERALD_PRESET_N_LIMITS])
{
  GString *out = g_string_new (NULL);

  for (guint l = 0; l < HERALD_PRESET_N_LIMITS; l++)
    append_compact (out, l, values[l]);
  if (out->len == 0)
    g_string_append_c (out, '-');
  return g_string_free (out, FALSE);
}

/**
 * herald_provider_preset_format_limits:
 *
 * Returns: (transfer full): the preset's limits, as herald_limits_format()
 */
char *
herald_provider_preset_format_limits (const HeraldProviderPreset *preset)
{
  double values[HERALD_PRESET_N_LIMITS];

  for (guint l = 0; l < HERALD_PRESET_N_LIMITS; l++)
    values[l] = herald_provider_preset_get_limit (preset, l);
  return herald_limits_format (values);
}

/**
 * herald_preset_limit_describe:
 *
 * Returns: (transfer full): @value of @limit in words, e.g. "500 a day";
 *   "no limit" for 0
 */
char *
herald_preset_limit_describe (HeraldPresetLimit limit,
                              double            value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  gulong count = (gulong) value;

  if (value <= 0 && limit != HERALD_PRESET_LIMIT_CONNECTIONS)
    return g_strdup (_("no limit"));
  switch (limit)
    {
    case HERALD_PRESET_LIMIT_PER_SECOND:
      g_snprintf (number, sizeof number, "%g", value);
      /* TRANSLATORS: a sending limit; %s is a number, maybe with a fraction */
      return g_strdup_printf (_("%s a second"), number);
    case HERALD_PRESET_LIMIT_PER_MINUTE:
      /* TRANSLATORS: a sending limit */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu a minute", "%lu a minute", count), count);
    case HERALD_PRESET_LIMIT_PER_HOUR:
      /* TRANSLATORS: a sending limit */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu an hour", "%lu an hour", count), count);
    case HERALD_PRESET_LIMIT_PER_DAY:
      /* TRANSLATORS: a sending limit */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu a day", "%lu a day", count), count);
    case HERALD_PRESET_LIMIT_CONNECTIONS:
    case HERALD_PRESET_N_LIMITS:
    default:
      /* TRANSLATORS: how many connections to the server are used at once */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu connection", "%lu connections", count), count);
    }
}

static const char *
display_name (const HeraldProviderPreset *preset)
{
  return preset->label != NULL && *preset->label != '\0' ? preset->label : preset->name;
}

/**
 * herald_provider_preset_dup_hint:
 *
 * Returns: (transfer full) (nullable): where the preset's figure for
 *   @limit comes from, for the account page; %NULL when it sets none
 */
char *
herald_provider_preset_dup_hint (const HeraldProviderPreset *preset,
                                 HeraldPresetLimit           limit)
{
  double value = herald_provider_preset_get_limit (preset, limit);
  g_autofree char *words = NULL;

  if (value <= 0)
    return NULL;
  words = herald_preset_limit_describe (limit, value);
  if (herald_provider_preset_is_published (preset, limit) && preset->source != NULL)
    /* TRANSLATORS: "%1$s publishes %2$s. Source: %3$s", e.g. "Gmail publishes
     * 500 a day. Source: https://…" */
    return g_strdup_printf (_("%s publishes %s. Source: %s"), display_name (preset), words, preset->source);
  if (preset->source != NULL)
    /* TRANSLATORS: e.g. "Xserver publishes no figure for this that Herald
     * could confirm: 500 an hour is a cautious value. See https://…" */
    return g_strdup_printf (_("%s publishes no figure for this that Herald could confirm: %s is a cautious value. See %s"),
                            display_name (preset), words, preset->source);
  /* TRANSLATORS: e.g. "Sakura publishes no figure Herald could confirm: 100 an hour is a cautious value." */
  return g_strdup_printf (_("%s publishes no figure Herald could confirm: %s is a cautious value."),
                          display_name (preset), words);
}

/**
 * herald_provider_preset_dup_warning:
 *
 * Returns: (transfer full) (nullable): why @value for @limit is risky with
 *   this provider; %NULL when it stays within the preset
 */
char *
herald_provider_preset_dup_warning (const HeraldProviderPreset *preset,
                                    HeraldPresetLimit           limit,
                                    double                      value)
{
  g_autofree char *wanted = NULL;
  g_autofree char *allowed = NULL;

  if (!herald_provider_preset_exceeds (preset, limit, value))
    return NULL;
  wanted = herald_preset_limit_describe (limit, value);
  allowed = herald_preset_limit_describe (limit, herald_provider_preset_get_limit (preset, limit));
  if (herald_provider_preset_is_published (preset, limit))
    /* TRANSLATORS: e.g. "1000 a day is above the limit Gmail publishes
     * (500 a day): the provider may block the account." */
    return g_strdup_printf (_("%s is above the limit %s publishes (%s): the provider may block the account."),
                            wanted, display_name (preset), allowed);
  /* TRANSLATORS: e.g. "1000 an hour is above the cautious value for Xserver (500 an hour)…" */
  return g_strdup_printf (_("%s is above the cautious value for %s (%s), whose own limit could not be "
                            "confirmed: the provider may block the account."),
                          wanted, display_name (preset), allowed);
}

/**
 * herald_provider_preset_auth_hint:
 *
 * Returns: (nullable): how the provider wants its users to sign in, when
 *   that is not simply the mailbox's password
 */
const char *
herald_provider_preset_auth_hint (const HeraldProviderPreset *preset)
{
  switch (preset->auth)
    {
    case HERALD_PRESET_AUTH_APP_PASSWORD:
      return _("This provider wants an app password: make one in your account’s security settings "
               "(it needs two-step verification) and type it as the password.");
    case HERALD_PRESET_AUTH_OAUTH:
      return _("This provider wants OAuth sign-in, which Herald cannot do yet. Sending works only "
               "where the account still allows an app password or SMTP password sign-in.");
    case HERALD_PRESET_AUTH_PASSWORD:
    case HERALD_PRESET_AUTH_NONE:
    default:
      return NULL;
    }
}
