/* test-presets.c — the provider presets Herald ships: every value of every
 * preset, as a table; the compact form `account presets` prints; which
 * limits count as raising one; the hints
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "herald-provider-preset.h"

typedef struct
{
  const char       *name;
  const char       *host;          /* NULL: each customer's own */
  const char       *host_example;
  guint             port;
  const char       *security;
  HeraldPresetAuth  auth;
  double            per_second;
  guint             per_minute;
  guint             per_hour;
  guint             per_day;
  guint             connections;
  const char       *published;     /* the limits the provider publishes */
  const char       *source;
  const char       *compact;       /* `account presets` limits column */
} Expected;

#define PASSWORD HERALD_PRESET_AUTH_PASSWORD
#define APP_PASSWORD HERALD_PRESET_AUTH_APP_PASSWORD
#define OAUTH HERALD_PRESET_AUTH_OAUTH

/* In the data's order, which is the order the window lists them in. */
static const Expected expected[] = {
  { "gmail", "smtp.gmail.com", NULL, 587, "starttls", APP_PASSWORD, 0, 0, 0, 500, 1,
    "per-day", "https://support.google.com/mail/answer/22839", "500/day 1 connection" },
  { "google-workspace", "smtp.gmail.com", NULL, 587, "starttls", APP_PASSWORD, 0, 0, 0, 2000, 1,
    "per-day", "https://support.google.com/a/answer/166852", "2000/day 1 connection" },
  { "microsoft-365", "smtp.office365.com", NULL, 587, "starttls", OAUTH, 0, 30, 0, 10000, 3,
    "per-minute per-day connections",
    "https://learn.microsoft.com/office365/servicedescriptions/exchange-online-service-description/exchange-online-limits",
    "30/min 10000/day 3 connections" },
  { "outlook-com", "smtp-mail.outlook.com", NULL, 587, "starttls", OAUTH, 0, 0, 0, 300, 1,
    "", "https://support.microsoft.com/office/sending-limits-in-outlook-com-279ee200-594c-40f0-9ec8-bb6af7735c2e",
    "300/day 1 connection" },
  { "xserver", NULL, "sv12345.xserver.jp", 465, "tls", PASSWORD, 0, 0, 500, 5000, 1,
    "", "https://www.xserver.ne.jp/manual/man_mail_spec.php", "500/h 5000/day 1 connection" },
  { "sakura", NULL, "example.sakura.ne.jp", 587, "starttls", PASSWORD, 0, 0, 100, 1000, 1,
    "", NULL, "100/h 1000/day 1 connection" },
  { "onamae", NULL, "smtp.example.com", 465, "tls", PASSWORD, 0, 0, 100, 1000, 1,
    "", "https://help.onamae.com/answer/9537", "100/h 1000/day 1 connection" },
  { "lolipop", "smtp.lolipop.jp", NULL, 465, "tls", PASSWORD, 0, 0, 100, 1000, 1,
    "per-hour per-day", "https://lolipop.jp/terms/prohibition", "100/h 1000/day 1 connection" },
  { "kagoya", NULL, "smtp.example.com", 587, "starttls", PASSWORD, 0, 0, 100, 1000, 1,
    "", "https://support.kagoya.jp/kir/manual/send_mail/auth-smtp.html", "100/h 1000/day 1 connection" },
  { "other", NULL, NULL, 0, NULL, HERALD_PRESET_AUTH_NONE, 0, 0, 0, 0, 0,
    "", NULL, "-" },
};

static const char * const limit_names[HERALD_PRESET_N_LIMITS] = {
  "per-second", "per-minute", "per-hour", "per-day", "connections",
};

static void
test_table (void)
{
  g_autoptr(HeraldPacingPresets) presets = herald_pacing_presets_dup_default ();
  g_autoptr(GPtrArray) list = herald_pacing_presets_list_providers (presets);

  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const Expected *e = &expected[i];
      const HeraldProviderPreset *preset = g_ptr_array_index (list, i);
      g_autofree char *compact = herald_provider_preset_format_limits (preset);
      g_auto(GStrv) published = g_strsplit (e->published, " ", -1);

      g_test_message ("preset %s", e->name);
      g_assert_cmpstr (preset->name, ==, e->name);
      g_assert_true (herald_pacing_presets_get_provider (presets, e->name) == preset);
      g_assert_nonnull (preset->label);
      g_assert_cmpstr (preset->host, ==, e->host);
      g_assert_cmpstr (preset->host_example, ==, e->host_example);
      g_assert_cmpuint (preset->port, ==, e->port);
      g_assert_cmpstr (preset->security, ==, e->security);
      g_assert_cmpint (preset->auth, ==, e->auth);
      g_assert_cmpfloat (preset->limits.per_second, ==, e->per_second);
      g_assert_cmpuint (preset->limits.per_minute, ==, e->per_minute);
      g_assert_cmpuint (preset->limits.per_hour, ==, e->per_hour);
      g_assert_cmpuint (preset->limits.per_day, ==, e->per_day);
      g_assert_cmpuint (preset->connections, ==, e->connections);
      g_assert_cmpstr (preset->source, ==, e->source);
      g_assert_cmpstr (compact, ==, e->compact);
      for (guint l = 0; l < HERALD_PRESET_N_LIMITS; l++)
        g_assert_cmpint (herald_provider_preset_is_published (preset, l), ==,
                         g_strv_contains ((const char * const *) published, limit_names[l]));
      /* A preset without its own server says what one looks like. */
      if (!g_str_equal (e->name, "other"))
        g_assert_true (preset->host != NULL || preset->host_example != NULL);
      /* Every figure a provider publishes comes with its source. */
      if (preset->published != 0)
        g_assert_nonnull (preset->source);
    }
  /* Host patterns only: not offered as presets. */
  g_assert_null (herald_pacing_presets_get_provider (presets, "Yahoo"));
  g_assert_null (herald_pacing_presets_get_provider (presets, "nope"));
}

static void
test_names (void)
{
  g_autoptr(HeraldPacingPresets) presets = herald_pacing_presets_dup_default ();
  g_autofree char *names = herald_pacing_presets_dup_names (presets);

  g_assert_cmpstr (names, ==, "gmail, google-workspace, microsoft-365, outlook-com, xserver, "
                              "sakura, onamae, lolipop, kagoya, other");
}

/* Lowering is free; raising, or no limit where the provider has one, is not. */
static void
test_exceeds (void)
{
  g_autoptr(HeraldPacingPresets) presets = herald_pacing_presets_dup_default ();
  const HeraldProviderPreset *gmail = herald_pacing_presets_get_provider (presets, "gmail");
  const HeraldProviderPreset *other = herald_pacing_presets_get_provider (presets, "other");
  g_autofree char *warning = NULL;
  g_autofree char *none = NULL;

  g_assert_false (herald_provider_preset_exceeds (gmail, HERALD_PRESET_LIMIT_PER_DAY, 500));
  g_assert_false (herald_provider_preset_exceeds (gmail, HERALD_PRESET_LIMIT_PER_DAY, 100));
  g_assert_true (herald_provider_preset_exceeds (gmail, HERALD_PRESET_LIMIT_PER_DAY, 501));
  g_assert_true (herald_provider_preset_exceeds (gmail, HERALD_PRESET_LIMIT_PER_DAY, 0));
  /* Gmail sets no hourly or per-second limit: any is within it. */
  g_assert_false (herald_provider_preset_exceeds (gmail, HERALD_PRESET_LIMIT_PER_HOUR, 0));
  g_assert_false (herald_provider_preset_exceeds (gmail, HERALD_PRESET_LIMIT_PER_SECOND, 5));
  g_assert_false (herald_provider_preset_exceeds (gmail, HERALD_PRESET_LIMIT_CONNECTIONS, 1));
  g_assert_true (herald_provider_preset_exceeds (gmail, HERALD_PRESET_LIMIT_CONNECTIONS, 2));
  for (guint l = 0; l < HERALD_PRESET_N_LIMITS; l++)
    g_assert_false (herald_provider_preset_exceeds (other, l, 0));

  warning = herald_provider_preset_dup_warning (gmail, HERALD_PRESET_LIMIT_PER_DAY, 1000);
  g_assert_cmpstr (warning, ==, "1000 a day is above the limit Gmail publishes (500 a day): "
                                "the provider may block the account.");
  none = herald_provider_preset_dup_warning (gmail, HERALD_PRESET_LIMIT_PER_DAY, 400);
  g_assert_null (none);
}

static void
test_hints (void)
{
  g_autoptr(HeraldPacingPresets) presets = herald_pacing_presets_dup_default ();
  const HeraldProviderPreset *lolipop = herald_pacing_presets_get_provider (presets, "lolipop");
  const HeraldProviderPreset *sakura = herald_pacing_presets_get_provider (presets, "sakura");
  g_autofree char *published = herald_provider_preset_dup_hint (lolipop, HERALD_PRESET_LIMIT_PER_HOUR);
  g_autofree char *cautious = herald_provider_preset_dup_hint (lolipop, HERALD_PRESET_LIMIT_CONNECTIONS);
  g_autofree char *unsourced = herald_provider_preset_dup_hint (sakura, HERALD_PRESET_LIMIT_PER_DAY);
  g_autofree char *unset = herald_provider_preset_dup_hint (lolipop, HERALD_PRESET_LIMIT_PER_MINUTE);

  g_assert_cmpstr (published, ==, "Lolipop! publishes 100 an hour. Source: https://lolipop.jp/terms/prohibition");
  g_assert_cmpstr (cautious, ==, "Lolipop! publishes no figure for this that Herald could confirm: "
                             "1 connection is a cautious value. See https://lolipop.jp/terms/prohibition");
  g_assert_nonnull (strstr (unsourced, "1000 a day is a cautious value"));
  g_assert_null (unset);
  g_assert_nonnull (herald_provider_preset_auth_hint (herald_pacing_presets_get_provider (presets, "gmail")));
  g_assert_null (herald_provider_preset_auth_hint (lolipop));
}

/* The user's file may add a preset or change one's figures. */
static void
test_user_data (void)
{
  static const char data[] =
    "[provider:mine]\n"
    "label=My Server\n"
    "host=mail.example.org\n"
    "port=2525\n"
    "security=starttls\n"
    "per-second=0.5\n"
    "published=per-second;\n"
    "source=https://example.org/limits\n";
  g_autoptr(HeraldPacingPresets) presets = herald_pacing_presets_new_from_data (data, strlen (data), NULL);
  const HeraldProviderPreset *mine = herald_pacing_presets_get_provider (presets, "mine");
  g_autofree char *compact = NULL;

  g_assert_nonnull (mine);
  g_assert_cmpstr (mine->label, ==, "My Server");
  g_assert_cmpuint (mine->port, ==, 2525);
  compact = herald_provider_preset_format_limits (mine);
  g_assert_cmpstr (compact, ==, "0.5/s");
  g_assert_true (herald_provider_preset_is_published (mine, HERALD_PRESET_LIMIT_PER_SECOND));
  g_assert_true (herald_provider_preset_exceeds (mine, HERALD_PRESET_LIMIT_PER_SECOND, 0.6));
  g_assert_false (herald_provider_preset_exceeds (mine, HERALD_PRESET_LIMIT_PER_SECOND, 0.5));
}

int
main (int   argc,
      char *argv[])
{
  /* A user's presets file must not change what is tested here. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/presets/table", test_table);
  g_test_add_func ("/presets/names", test_names);
  g_test_add_func ("/presets/exceeds", test_exceeds);
  g_test_add_func ("/presets/hints", test_hints);
  g_test_add_func ("/presets/user-data", test_user_data);
  return g_test_run ();
}
