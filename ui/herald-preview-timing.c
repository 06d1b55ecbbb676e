/* herald-preview-timing.c — HERALD_DEBUG_TIMING: how fast the preview
 * follows typing, and how long the main loop ever stalls
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With HERALD_DEBUG_TIMING set (to anything but "" or "0"), Herald prints
 * on stderr, with g_get_monotonic_time() in seconds (the clock Python's
 * time.monotonic() reads, so a test can match the lines with what it did):
 *
 *   herald-timing: shown 87.3 ms after the last edit (edit at 1234.567890)
 *     when WebKit finished loading a preview that holds the newest edit;
 *   herald-timing: rendered 70.1 ms after the last edit (edit at 1234.567890, worker 9.8 ms:
 *     queued 0.2, store lock 0.1, work 8.9, back 0.6)
 *     when the worker's render of the newest edit is back on the UI
 *     thread, about to be given to WebKit: how long the render waited for
 *     a thread, for the store, worked, and waited for the UI thread;
 *   herald-timing: stall 41.2 ms at 1234.612345
 *     when a 1 ms main-loop probe ran that much later than due (gaps of
 *     STALL_REPORT_MS and more), i.e. the UI thread was busy that long.
 *
 * Nothing is measured, and no probe runs, without the variable.
 */
#define G_LOG_DOMAIN "herald-timing"

#include "config.h"

#include <stdio.h>

#include "herald-preview-timing.h"

#define PROBE_MS        1
#define STALL_REPORT_MS 20

static gint64 probe_last;

gboolean
herald_timing_enabled (void)
{
  static gsize enabled_once;
  static gboolean enabled;

  if (g_once_init_enter (&enabled_once))
    {
      const char *value = g_getenv ("HERALD_DEBUG_TIMING");

      enabled = value != NULL && *value != '\0' && g_strcmp0 (value, "0") != 0;
      g_once_init_leave (&enabled_once, 1);
    }
  return enabled;
}

static gboolean
on_probe_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  double gap_ms = (now - probe_last) / 1000.0;

  if (probe_last != 0 && gap_ms >= STALL_REPORT_MS)
    {
      fprintf (stderr, "herald-timing: stall %.1f ms at %.6f\n", gap_ms, now / 1e6);
      fflush (stderr);
    }
  probe_last = now;
  return G_SOURCE_CONTINUE;
}

/**
 * herald_timing_start_probe:
 *
 * Starts the 1 ms main-loop probe, once, when timing is on.
 */
void
herald_timing_start_probe (void)
{
  static gboolean started;

  if (!herald_timing_enabled () || started)
    return;
  started = TRUE;
  probe_last = 0;
  g_timeout_add (PROBE_MS, on_probe_cb, NULL);
}

/**
 * herald_timing_report_shown:
 * @edit_time: g_get_monotonic_time() of the last edit the preview shows
 */
void
herald_timing_report_shown (gint64 edit_time)
{
  gint64 now = g_get_monotonic_time ();

  if (!herald_timing_enabled () || edit_time <= 0)
    return;
  fprintf (stderr, "herald-timing: shown %.1f ms after the last edit (edit at %.6f)\n",
           (now - edit_time) / 1000.0, edit_time / 1e6);
  fflush (stderr);
}

/**
 * herald_timing_report_rendered:
 * @edit_time: g_get_monotonic_time() of the edit rendered
 * @render_started: when the worker was asked to render it
 */
void
herald_timing_report_rendered (gint64 edit_time,
                               gint64 render_started,
                               gint64 thread_started,
                               gint64 store_locked,
                               gint64 thread_finished)
{
  gint64 now = g_get_monotonic_time ();

  if (!herald_timing_enabled () || edit_time <= 0)
    return;
  fprintf (stderr, "herald-timing: rendered %.1f ms after the last edit (edit at %.6f, worker %.1f ms: "
           "queued %.1f, store lock %.1f, work %.1f, back %.1f)\n",
           (now - edit_time) / 1000.0, edit_time / 1e6, (now - render_started) / 1000.0,
           (thread_started - render_started) / 1000.0, (store_locked - thread_started) / 1000.0,
           (thread_finished - store_locked) / 1000.0, (now - thread_finished) / 1000.0);
  fflush (stderr);
}
