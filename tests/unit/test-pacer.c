/* test-pacer.c — token buckets, windows, slow-down, presets, with a clock
 * the test turns by hand
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "herald-engine.h"
#include "herald-journal.h"
#include "herald-pacer.h"
#include "herald-test-fixture.h"
#include "herald-transport.h"

#define SEC ((gint64) G_USEC_PER_SEC)
#define T0  ((gint64) 1800000000 * SEC)   /* 2027-01-15, a round minute */

typedef struct
{
  gint64 now;
} FakeClock;

static gint64
fake_clock (gpointer user_data)
{
  return ((FakeClock *) user_data)->now;
}

static HeraldPacer *
new_pacer (const HeraldPacingLimits *limits,
           HeraldPacingPresets      *presets,
           FakeClock                *clock)
{
  HeraldPacer *pacer = herald_pacer_new (limits, presets);

  clock->now = T0;
  herald_pacer_set_clock (pacer, fake_clock, clock);
  return pacer;
}

/* Sends @n messages as soon as the pacer allows; returns their times. */
static GArray *
send_all (HeraldPacer *pacer,
          FakeClock   *clock,
          const char  *domain,
          guint        n)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));

  while (times->len < n)
    {
      gint64 ready;

      if (herald_pacer_try_acquire (pacer, domain, &ready) == HERALD_PACER_SCOPE_NONE)
        g_array_append_val (times, clock->now);
      else
        {
          g_assert_cmpint (ready, >, clock->now);
          clock->now = ready;
        }
    }
  return times;
}

static guint
max_in_window (GArray *times,
               gint64  window)
{
  guint best = 0;

  for (guint i = 0; i < times->len; i++)
    {
      guint n = 0;
      for (guint j = i; j < times->len && g_array_index (times, gint64, j) < g_array_index (times, gint64, i) + window; j++)
        n++;
      best = MAX (best, n);
    }
  return best;
}

static void
test_spacing (void)
{
  HeraldPacingLimits limits = { .per_second = 10 };
  FakeClock clock;
  g_autoptr(HeraldPacer) pacer = new_pacer (&limits, NULL, &clock);
  g_autoptr(GArray) times = send_all (pacer, &clock, "example.com", 301);
  double seconds = (g_array_index (times, gint64, 300) - g_array_index (times, gint64, 0)) / (double) SEC;

  /* The first goes at once; then evenly spaced, never 11 in a second. */
  g_assert_cmpint (g_array_index (times, gint64, 0), ==, T0);
  g_assert_cmpuint (max_in_window (times, SEC), ==, 10);
  g_assert_cmpfloat (300 / seconds, <=, 10.0);
  g_assert_cmpfloat (300 / seconds, >=, 9.8);
}

static void
test_late_sender_catches_up (void)
{
  HeraldPacingLimits limits = { .per_second = 10 };
  FakeClock clock;
  g_autoptr(HeraldPacer) pacer = new_pacer (&limits, NULL, &clock);
  guint sent = 0;

  /* A worker that always wakes 2 ms late still averages the rate. */
  while (sent < 300)
    {
      gint64 ready;
      if (herald_pacer_try_acquire (pacer, NULL, &ready) == HERALD_PACER_SCOPE_NONE)
        sent++;
      else
        clock.now = ready + 2000;
    }
  g_assert_cmpfloat (300.0 / ((clock.now - T0) / (double) SEC), >, 9.8);
}

static void
test_per_minute (void)
{
  HeraldPacingLimits limits = { .per_minute = 30 };
  FakeClock clock;
  g_autoptr(HeraldPacer) pacer = new_pacer (&limits, NULL, &clock);
  g_autoptr(GArray) times = send_all (pacer, &clock, NULL, 61);

  g_assert_cmpuint (max_in_window (times, 60 * SEC), <=, 30);
  g_assert_cmpint (g_array_index (times, gint64, 1) - g_array_index (times, gint64, 0), >=, 2 * SEC);
}

static void
test_hour_window (void)
{
  HeraldPacingLimits limits = { .per_hour = 100 };
  FakeClock clock;
  g_autoptr(HeraldPacer) pacer = new_pacer (&limits, NULL, &clock);
  gint64 ready = 0;

  /* No per-second limit: a burst of 100, then nothing until the minute
   * that held them has left the hour. */
  for (guint i = 0; i < 100; i++)
    g_assert_cmpint (herald_pacer_try_acquire (pacer, NULL, NULL), ==, HERALD_PACER_SCOPE_NONE);
  g_assert_cmpint (herald_pacer_try_acquire (pacer, NULL, &ready), ==, HERALD_PACER_SCOPE_ACCOUNT);
  g_assert_cmpint (ready, ==, T0 + 3660 * SEC);
  clock.now = ready - 1;
  g_assert_cmpint (herald_pacer_try_acquire (pacer, NULL, NULL), ==, HERALD_PACER_SCOPE_ACCOUNT);
  clock.now = ready;
  g_assert_cmpint (herald_pacer_try_acquire (pacer, NULL, NULL), ==, HERALD_PACER_SCOPE_NONE);
}

static void
test_day_window_from_journal (void)
{
  HeraldPacingLimits limits = { .per_day = 500 };
  FakeClock clock;
  g_autoptr(HeraldPacer) pacer = new_pacer (&limits, NULL, &clock);
  gint64 ready = 0;

  /* What the journal says was sent before a restart still counts: 300
   * twenty-three hours ago, 199 an hour ago. */
  herald_pacer_record_past (pacer, NULL, T0 / SEC - 23 * 3600, 300);
  herald_pacer_record_past (pacer, NULL, T0 / SEC - 3600, 199);
  g_assert_cmpint (herald_pacer_try_acquire (pacer, NULL, NULL), ==, HERALD_PACER_SCOPE_NONE);
  g_assert_cmpint (herald_pacer_try_acquire (pacer, NULL, &ready), ==, HERALD_PACER_SCOPE_ACCOUNT);
  /* Room again when the 300 leave the day: 1 h (+ their minute) later. */
  g_assert_cmpint (ready, ==, T0 + 3660 * SEC);
  clock.now = ready;
  g_assert_cmpint (herald_pacer_try_acquire (pacer, NULL, NULL), ==, HERALD_PACER_SCOPE_NONE);
}

static const char presets_ini[] =
  "[domain:docomo.ne.jp]\n"
  "per-second=1\n"
  "per-hour=60\n"
  "[provider:Example]\n"
  "hosts=smtp.example.*;\n"
  "per-day=300\n";

static void
test_domain_limits (void)
{
  g_autoptr(HeraldPacingPresets) presets = herald_pacing_presets_new_from_data (presets_ini, -1, NULL);
  FakeClock clock;
  g_autoptr(HeraldPacer) pacer = new_pacer (NULL, presets, &clock);
  gint64 ready = 0;

  g_assert_nonnull (presets);
  g_assert_true (herald_pacer_domain_has_limits (pacer, "DoCoMo.ne.jp"));
  g_assert_true (herald_pacer_domain_has_limits (pacer, "mail.docomo.ne.jp"));
  g_assert_false (herald_pacer_domain_has_limits (pacer, "example.com"));

  g_assert_cmpint (herald_pacer_try_acquire (pacer, "docomo.ne.jp", NULL), ==, HERALD_PACER_SCOPE_NONE);
  g_assert_cmpint (herald_pacer_try_acquire (pacer, "docomo.ne.jp", &ready), ==, HERALD_PACER_SCOPE_DOMAIN);
  g_assert_cmpint (ready, >=, T0 + SEC);
  /* Others are not held back by a slow domain. */
  for (guint i = 0; i < 50; i++)
    g_assert_cmpint (herald_pacer_try_acquire (pacer, "example.com", NULL), ==, HERALD_PACER_SCOPE_NONE);
  /* A subdomain shares its parent's bucket. */
  g_assert_cmpint (herald_pacer_try_acquire (pacer, "x.docomo.ne.jp", NULL), ==, HERALD_PACER_SCOPE_DOMAIN);
}

static void
test_domain_hour (void)
{
  g_autoptr(HeraldPacingPresets) presets = herald_pacing_presets_new_from_data (presets_ini, -1, NULL);
  FakeClock clock;
  g_autoptr(HeraldPacer) pacer = new_pacer (NULL, presets, &clock);
  g_autoptr(GArray) times = send_all (pacer, &clock, "docomo.ne.jp", 121);

  g_assert_cmpuint (max_in_window (times, 3600 * SEC), <=, 60);
  g_assert_cmpuint (max_in_window (times, SEC), ==, 1);
}

static void
test_provider_presets (void)
{
  g_autoptr(HeraldPacingPresets) presets = herald_pacing_presets_new_from_data (presets_ini, -1, NULL);
  g_autoptr(HeraldPacingPresets) defaults = herald_pacing_presets_dup_default ();
  g_autofree char *name = NULL;
  HeraldPacingLimits limits = { 0 };

  g_assert_true (herald_pacing_presets_lookup_provider (presets, "SMTP.example.org", &name, &limits));
  g_assert_cmpstr (name, ==, "Example");
  g_assert_cmpuint (limits.per_day, ==, 300);
  g_assert_false (herald_pacing_presets_lookup_provider (presets, "mail.other.net", NULL, NULL));

  /* The embedded data covers the Japanese carriers. */
  for (guint i = 0; i < 6; i++)
    {
      const char *carriers[] = { "docomo.ne.jp", "ezweb.ne.jp", "au.com", "softbank.ne.jp", "i.softbank.jp", "ymobile.ne.jp" };
      g_assert_true (herald_pacing_presets_lookup_domain (defaults, carriers[i], &limits));
      g_assert_cmpfloat (limits.per_second, >, 0);
      g_assert_cmpfloat (limits.per_second, <=, 1);
    }
  g_assert_false (herald_pacing_presets_lookup_domain (defaults, "example.com", NULL));
}

static void
test_slow_down (void)
{
  HeraldPacingLimits limits = { .per_second = 10 };
  FakeClock clock;
  g_autoptr(HeraldPacer) pacer = new_pacer (&limits, NULL, &clock);

  g_assert_cmpfloat (herald_pacer_get_rate_limit (pacer), ==, 10);
  herald_pacer_slow_down (pacer);
  g_assert_cmpfloat (herald_pacer_get_rate_limit (pacer), ==, 5);
  /* Replies arriving together count once… */
  herald_pacer_slow_down (pacer);
  g_assert_cmpfloat (herald_pacer_get_rate_limit (pacer), ==, 5);
  /* …later ones halve again. */
  clock.now += 2 * SEC;
  herald_pacer_slow_down (pacer);
  g_assert_cmpfloat (herald_pacer_get_rate_limit (pacer), ==, 2.5);

  /* Recovery is additive: a twentieth of the full rate every 30 s. */
  clock.now += 30 * SEC;
  g_assert_cmpfloat (fabs (herald_pacer_get_rate_limit (pacer) - 3.0), <, 1e-9);
  clock.now += 10 * 30 * SEC;
  g_assert_cmpfloat (fabs (herald_pacer_get_rate_limit (pacer) - 8.0), <, 1e-9);
  clock.now += 4 * 30 * SEC;
  g_assert_cmpfloat (herald_pacer_get_rate_limit (pacer), ==, 10);

  /* And the spacing follows the rate in force. */
  herald_pacer_slow_down (pacer);
  {
    g_autoptr(GArray) times = send_all (pacer, &clock, NULL, 11);
    g_assert_cmpuint (max_in_window (times, SEC), ==, 5);
  }
}

static void
test_slow_down_unlimited (void)
{
  FakeClock clock;
  g_autoptr(HeraldPacer) pacer = new_pacer (NULL, NULL, &clock);

  /* No configured rate: the rate observed (100/s) is halved. */
  for (guint i = 0; i < 100; i++)
    {
      g_assert_cmpint (herald_pacer_try_acquire (pacer, NULL, NULL), ==, HERALD_PACER_SCOPE_NONE);
      clock.now += SEC / 100;
    }
  g_assert_cmpfloat (herald_pacer_get_rate_limit (pacer), ==, 0);
  herald_pacer_slow_down (pacer);
  g_assert_cmpfloat (fabs (herald_pacer_get_rate_limit (pacer) - 50), <, 1);
  clock.now += 3600 * SEC;
  g_assert_cmpfloat (herald_pacer_get_rate_limit (pacer), ==, 0);
}

static void
test_estimate (void)
{
  HeraldPacingLimits none = { 0 };
  HeraldPacingLimits per_second = { .per_second = 10 };
  HeraldPacingLimits daily = { .per_second = 10, .per_day = 1000 };

  g_assert_cmpint (herald_pacing_estimate_seconds (&none, 1000000), ==, 0);
  g_assert_cmpint (herald_pacing_estimate_seconds (&per_second, 1), ==, 0);
  g_assert_cmpint (herald_pacing_estimate_seconds (&per_second, 101), ==, 11);   /* 10.1 s with headroom */
  g_assert_cmpint (herald_pacing_estimate_seconds (&daily, 2500), ==, 2 * 86400);
  g_assert_cmpstr (herald_pacing_domain_of ("a@b.example"), ==, "b.example");
}

/* Workers that wake up, one time in ten, late by a random 0-100 ms (up to an interval)
 * and take 0-2 ms more (the journal) before they take the token: the (n+10)th start is
 * never less than 1 s (+ the guard) after the nth, and the mean rate does
 * not drift: it stays within 3 % of 10/s. */
static void
test_sliding_window_late_workers (void)
{
  HeraldPacingLimits limits = { .per_second = 10 };
  FakeClock clock;
  g_autoptr(HeraldPacer) pacer = new_pacer (&limits, NULL, &clock);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  GRand *rand = g_rand_new_with_seed (6);
  double seconds;

  while (times->len < 301)
    {
      gint64 ready;

      /* Peek, wake late, work, then take. */
      if (herald_pacer_peek (pacer, NULL, &ready) != HERALD_PACER_SCOPE_NONE)
        clock.now = ready + (g_rand_int_range (rand, 0, 10) == 0 ? g_rand_int_range (rand, 0, 100000) : 0);
      clock.now += g_rand_int_range (rand, 0, 2000);
      if (herald_pacer_try_acquire (pacer, NULL, &ready) == HERALD_PACER_SCOPE_NONE)
        g_array_append_val (times, clock.now);
    }
  for (guint i = 0; i + 10 < times->len; i++)
    g_assert_cmpint (g_array_index (times, gint64, i + 10) - g_array_index (times, gint64, i), >=, SEC + 5000);
  g_assert_cmpuint (max_in_window (times, SEC + 5000), <=, 10);
  seconds = (g_array_index (times, gint64, 300) - g_array_index (times, gint64, 0)) / (double) SEC;
  g_test_message ("mean %.4f/s", 300 / seconds);
  g_assert_cmpfloat (300 / seconds, >=, 9.7);
  g_assert_cmpfloat (300 / seconds, <=, 10.0);
  g_rand_free (rand);
}

/* Two connections share the account's limit: interleaved takes from two
 * "workers" still never put 11 in a second, and the mean holds. */
static void
test_two_connections (void)
{
  HeraldPacingLimits limits = { .per_second = 10 };
  FakeClock clock;
  g_autoptr(HeraldPacer) pacer = new_pacer (&limits, NULL, &clock);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 wake[2] = { T0, T0 + 3000 };

  while (times->len < 301)
    {
      guint w = wake[0] <= wake[1] ? 0 : 1;
      gint64 ready;

      clock.now = MAX (clock.now, wake[w]);
      if (herald_pacer_try_acquire (pacer, NULL, &ready) == HERALD_PACER_SCOPE_NONE)
        {
          g_array_append_val (times, clock.now);
          wake[w] = clock.now + 7000;      /* the send itself */
        }
      else
        wake[w] = ready + 500;
    }
  g_assert_cmpuint (max_in_window (times, SEC + 5000), <=, 10);
  g_assert_cmpfloat (300.0 / ((g_array_index (times, gint64, 300) - g_array_index (times, gint64, 0)) / (double) SEC), >=, 9.7);
}

int
main (int    argc,
      char **argv)
{
  herald_test_init (&argc, &argv);

  g_test_add_func ("/pacer/spacing", test_spacing);
  g_test_add_func ("/pacer/late-sender-catches-up", test_late_sender_catches_up);
  g_test_add_func ("/pacer/sliding-window-late-workers", test_sliding_window_late_workers);
  g_test_add_func ("/pacer/two-connections", test_two_connections);
  g_test_add_func ("/pacer/per-minute", test_per_minute);
  g_test_add_func ("/pacer/hour-window", test_hour_window);
  g_test_add_func ("/pacer/day-window-from-journal", test_day_window_from_journal);
  g_test_add_func ("/pacer/domain-limits", test_domain_limits);
  g_test_add_func ("/pacer/domain-hour", test_domain_hour);
  g_test_add_func ("/pacer/provider-presets", test_provider_presets);
  g_test_add_func ("/pacer/slow-down", test_slow_down);
  g_test_add_func ("/pacer/slow-down-unlimited", test_slow_down_unlimited);
  g_test_add_func ("/pacer/estimate", test_estimate);

  return g_test_run ();
}
