/* herald-pacing.c — the limits providers set: presets by recipient domain
 * and by SMTP host, and how long a send takes within given limits
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure data and arithmetic: the pacer (app/send/herald-pacer.c) enforces
 * the limits while sending; the store uses the estimate for a campaign's
 * pre-send summary.
 */
#define G_LOG_DOMAIN "herald-pacing"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "herald-pacing.h"
#include "herald-provider-preset.h"

#define HEADROOM HERALD_PACING_HEADROOM

#define PRESETS_RESOURCE "/io/github/heraldmail/Herald/samples/pacing-presets.ini"

struct _HeraldPacingPresets
{
  gatomicrefcount  ref_count;
  GHashTable      *domains;     /* lower-case domain → HeraldPacingLimits */
  GPtrArray       *providers;   /* Provider */
};

typedef struct
{
  HeraldProviderPreset  preset;   /* name, limits; the rest for listed ones */
  GStrv                 hosts;    /* glob patterns */
  gboolean              listed;   /* it names a label: a preset for new accounts */
} Provider;

/* ---- presets -------------------------------------------------------- */

static void
provider_free (Provider *provider)
{
  g_free (provider->preset.name);
  g_free (provider->preset.label);
  g_free (provider->preset.host);
  g_free (provider->preset.host_example);
  g_free (provider->preset.security);
  g_free (provider->preset.source);
  g_strfreev (provider->hosts);
  g_free (provider);
}

static void
read_limits (GKeyFile           *file,
             const char         *group,
             HeraldPacingLimits *limits)
{
  if (g_key_file_has_key (file, group, "per-second", NULL))
    limits->per_second = MAX (0.0, g_key_file_get_double (file, group, "per-second", NULL));
  if (g_key_file_has_key (file, group, "per-minute", NULL))
    limits->per_minute = MAX (0, g_key_file_get_integer (file, group, "per-minute", NULL));
  if (g_key_file_has_key (file, group, "per-hour", NULL))
    limits->per_hour = MAX (0, g_key_file_get_integer (file, group, "per-hour", NULL));
  if (g_key_file_has_key (file, group, "per-day", NULL))
    limits->per_day = MAX (0, g_key_file_get_integer (file, group, "per-day", NULL));
}

static void
replace_string (GKeyFile    *file,
                const char  *group,
                const char  *key,
                char       **value)
{
  g_autofree char *text = NULL;

  if (!g_key_file_has_key (file, group, key, NULL))
    return;
  text = g_key_file_get_locale_string (file, group, key, NULL, NULL);
  g_free (*value);
  *value = text != NULL && *g_strstrip (text) != '\0' ? g_steal_pointer (&text) : NULL;
}

static const char * const limit_keys[HERALD_PRESET_N_LIMITS] = {
  "per-second", "per-minute", "per-hour", "per-day", "connections",
};

/* The keys of a preset for a new account, beside its limits. */
static void
read_preset (GKeyFile             *file,
             const char           *group,
             Provider             *provider)
{
  HeraldProviderPreset *preset = &provider->preset;
  g_autofree char *auth = NULL;

  if (g_key_file_has_key (file, group, "label", NULL))
    {
      provider->listed = TRUE;
      replace_string (file, group, "label", &preset->label);
      if (preset->label == NULL)
        preset->label = g_strdup ("");
    }
  replace_string (file, group, "host", &preset->host);
  replace_string (file, group, "host-example", &preset->host_example);
  replace_string (file, group, "security", &preset->security);
  replace_string (file, group, "source", &preset->source);
  if (g_key_file_has_key (file, group, "port", NULL))
    preset->port = (guint) CLAMP (g_key_file_get_integer (file, group, "port", NULL), 0, 65535);
  if (g_key_file_has_key (file, group, "connections", NULL))
    preset->connections = (guint) CLAMP (g_key_file_get_integer (file, group, "connections", NULL), 0, 1000);
  replace_string (file, group, "auth", &auth);
  if (auth != NULL)
    preset->auth = g_str_equal (auth, "oauth") ? HERALD_PRESET_AUTH_OAUTH
                 : g_str_equal (auth, "app-password") ? HERALD_PRESET_AUTH_APP_PASSWORD
                 : g_str_equal (auth, "password") ? HERALD_PRESET_AUTH_PASSWORD
                 : HERALD_PRESET_AUTH_NONE;
  if (g_key_file_has_key (file, group, "published", NULL))
    {
      g_auto(GStrv) published = g_key_file_get_string_list (file, group, "published", NULL, NULL);

      preset->published = 0;
      for (guint i = 0; published != NULL && published[i] != NULL; i++)
        for (guint l = 0; l < HERALD_PRESET_N_LIMITS; l++)
          if (g_str_equal (g_strstrip (published[i]), limit_keys[l]))
            preset->published |= 1u << l;
    }
}

/* Groups `[domain:NAME]` and `[provider:NAME]`; a later file overrides the
 * keys it names and keeps the others. */
static void
merge_key_file (HeraldPacingPresets *self,
                GKeyFile            *file)
{
  g_auto(GStrv) groups = g_key_file_get_groups (file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *group = groups[i];

      if (g_str_has_prefix (group, "domain:"))
        {
          g_autofree char *domain = g_ascii_strdown (group + strlen ("domain:"), -1);
          HeraldPacingLimits *limits = g_hash_table_lookup (self->domains, domain);

          if (limits == NULL)
            {
              limits = g_new0 (HeraldPacingLimits, 1);
              g_hash_table_insert (self->domains, g_strdup (domain), limits);
            }
          read_limits (file, group, limits);
        }
      else if (g_str_has_prefix (group, "provider:"))
        {
          const char *name = group + strlen ("provider:");
          Provider *provider = NULL;
          g_auto(GStrv) hosts = NULL;

          for (guint p = 0; p < self->providers->len && provider == NULL; p++)
            if (g_str_equal (((Provider *) g_ptr_array_index (self->providers, p))->preset.name, name))
              provider = g_ptr_array_index (self->providers, p);
          if (provider == NULL)
            {
              provider = g_new0 (Provider, 1);
              provider->preset.name = g_strdup (name);
              provider->hosts = g_new0 (char *, 1);
              g_ptr_array_add (self->providers, provider);
            }
          hosts = g_key_file_get_string_list (file, group, "hosts", NULL, NULL);
          if (hosts != NULL)
            {
              g_strfreev (provider->hosts);
              provider->hosts = g_steal_pointer (&hosts);
            }
          read_limits (file, group, &provider->preset.limits);
          read_preset (file, group, provider);
        }
    }
}

static HeraldPacingPresets *
presets_new (void)
{
  HeraldPacingPresets *self = g_new0 (HeraldPacingPresets, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->providers = g_ptr_array_new_with_free_func ((GDestroyNotify) provider_free);
  return self;
}

/**
 * herald_pacing_presets_new_from_data:
 *
 * Returns: (transfer full) (nullable): presets read from key-file @data
 */
HeraldPacingPresets *
herald_pacing_presets_new_from_data (const char  *data,
                                     gsize        length,
                                     GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  HeraldPacingPresets *self;

  if (!g_key_file_load_from_data (file, data, length, G_KEY_FILE_NONE, error))
    return NULL;
  self = presets_new ();
  merge_key_file (self, file);
  return self;
}

static gpointer
load_default (gpointer data)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (PRESETS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *user_path = g_build_filename (g_get_user_config_dir (), "herald", "pacing-presets.ini", NULL);
  g_autoptr(GKeyFile) user = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  HeraldPacingPresets *self = NULL;

  if (bytes != NULL)
    self = herald_pacing_presets_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL);
  if (self == NULL)
    self = presets_new ();

  if (g_key_file_load_from_file (user, user_path, G_KEY_FILE_NONE, &error))
    merge_key_file (self, user);
  else if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_warning ("Ignoring %s: %s", user_path, error->message);
  return self;
}

/**
 * herald_pacing_presets_dup_default:
 *
 * Returns: (transfer full): the embedded presets, with the user's file
 *   merged over them (read once per process)
 */
HeraldPacingPresets *
herald_pacing_presets_dup_default (void)
{
  static GOnce once = G_ONCE_INIT;

  return herald_pacing_presets_ref (g_once (&once, load_default, NULL));
}

HeraldPacingPresets *
herald_pacing_presets_ref (HeraldPacingPresets *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
herald_pacing_presets_unref (HeraldPacingPresets *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_hash_table_unref (self->domains);
  g_ptr_array_unref (self->providers);
  g_free (self);
}

/**
 * herald_pacing_match_domain:
 * @table: lower-case domain → value
 *
 * Walks @domain and its parents ("a.docomo.ne.jp", "docomo.ne.jp", …).
 *
 * Returns: (transfer none) (nullable): the matched key in @table
 */
const char *
herald_pacing_match_domain (GHashTable  *table,
                            const char  *domain,
                            gpointer    *out_value)
{
  char lower[256];
  gsize len = strlen (domain);
  const char *p;
  gpointer key;

  if (len == 0 || len >= sizeof lower)
    return NULL;
  for (gsize i = 0; i <= len; i++)
    lower[i] = g_ascii_tolower (domain[i]);
  for (p = lower; p != NULL; p = strchr (p, '.'), p = p != NULL ? p + 1 : NULL)
    if (g_hash_table_lookup_extended (table, p, &key, out_value))
      return key;
  return NULL;
}

/**
 * herald_pacing_presets_match_domain:
 * @out_limits: (out) (transfer none): the preset's limits
 *
 * Returns: (transfer none) (nullable): the preset's domain that @domain is
 *   or is under, %NULL when no preset limits it
 */
const char *
herald_pacing_presets_match_domain (HeraldPacingPresets       *self,
                                    const char                *domain,
                                    const HeraldPacingLimits **out_limits)
{
  return herald_pacing_match_domain (self->domains, domain, (gpointer *) out_limits);
}

gboolean
herald_pacing_presets_lookup_domain (HeraldPacingPresets *self,
                                     const char          *domain,
                                     HeraldPacingLimits  *out_limits)
{
  gpointer value = NULL;

  if (self == NULL || domain == NULL || herald_pacing_match_domain (self->domains, domain, &value) == NULL)
    return FALSE;
  if (out_limits != NULL)
    *out_limits = *(HeraldPacingLimits *) value;
  return TRUE;
}

/**
 * herald_pacing_presets_lookup_provider:
 * @out_name: (out) (optional) (transfer full): the provider's name
 *
 * Finds suggested account limits for an SMTP host, e.g. for the account page.
 */
gboolean
herald_pacing_presets_lookup_provider (HeraldPacingPresets  *self,
                                       const char           *smtp_host,
                                       char                **out_name,
                                       HeraldPacingLimits   *out_limits)
{
  g_autofree char *host = NULL;

  if (self == NULL || smtp_host == NULL)
    return FALSE;
  host = g_ascii_strdown (smtp_host, -1);
  for (guint i = 0; i < self->providers->len; i++)
    {
      Provider *provider = g_ptr_array_index (self->providers, i);

      for (guint h = 0; provider->hosts[h] != NULL; h++)
        if (g_pattern_match_simple (provider->hosts[h], host))
          {
            if (out_name != NULL)
              *out_name = g_strdup (provider->preset.label != NULL && *provider->preset.label != '\0'
                                    ? provider->preset.label : provider->preset.name);
            if (out_limits != NULL)
              *out_limits = provider->preset.limits;
            return TRUE;
          }
    }
  return FALSE;
}

/**
 * herald_pacing_presets_list_providers:
 *
 * Returns: (transfer container) (element-type HeraldProviderPreset): the
 *   presets for new accounts, in the data's order
 */
GPtrArray *
herald_pacing_presets_list_providers (HeraldPacingPresets *self)
{
  GPtrArray *presets = g_ptr_array_new ();

  for (guint i = 0; self != NULL && i < self->providers->len; i++)
    {
      Provider *provider = g_ptr_array_index (self->providers, i);

      if (provider->listed)
        g_ptr_array_add (presets, &provider->preset);
    }
  return presets;
}

/**
 * herald_pacing_presets_get_provider:
 *
 * Returns: (transfer none) (nullable): the preset called @name
 */
const HeraldProviderPreset *
herald_pacing_presets_get_provider (HeraldPacingPresets *self,
                                    const char          *name)
{
  for (guint i = 0; self != NULL && name != NULL && i < self->providers->len; i++)
    {
      Provider *provider = g_ptr_array_index (self->providers, i);

      if (provider->listed && g_str_equal (provider->preset.name, name))
        return &provider->preset;
    }
  return NULL;
}

/**
 * herald_pacing_presets_dup_names:
 *
 * Returns: (transfer full): the presets' names, "gmail, outlook-com, …"
 */
char *
herald_pacing_presets_dup_names (HeraldPacingPresets *self)
{
  g_autoptr(GPtrArray) presets = herald_pacing_presets_list_providers (self);
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < presets->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                            ((HeraldProviderPreset *) g_ptr_array_index (presets, i))->name);
  return g_string_free (names, FALSE);
}

/**
 * herald_pacing_estimate_seconds:
 *
 * How long @n_messages take at @limits, leaving aside the server's own
 * speed: 0 when nothing limits the account.
 */
gint64
herald_pacing_estimate_seconds (const HeraldPacingLimits *limits,
                                guint64                   n_messages)
{
  double seconds = 0;

  if (limits == NULL || n_messages <= 1)
    return 0;
  if (limits->per_second > 0)
    seconds = MAX (seconds, (n_messages - 1) * HEADROOM / limits->per_second);
  if (limits->per_minute > 0)
    seconds = MAX (seconds, (n_messages - 1) * 60.0 * HEADROOM / limits->per_minute);
  if (limits->per_hour > 0 && n_messages > limits->per_hour)
    seconds = MAX (seconds, (double) ((n_messages - 1) / limits->per_hour) * 3600);
  if (limits->per_day > 0 && n_messages > limits->per_day)
    seconds = MAX (seconds, (double) ((n_messages - 1) / limits->per_day) * 86400);
  return (gint64) ceil (seconds);
}

/**
 * herald_pacing_domain_of:
 *
 * Returns: (transfer none): the part of @email after its last '@' ("" when none)
 */
const char *
herald_pacing_domain_of (const char *email)
{
  const char *at = strrchr (email, '@');

  return at != NULL ? at + 1 : "";
}
