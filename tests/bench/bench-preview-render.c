/* bench-preview-render.c — what the editor's preview worker spends on one
 * render of a large template: the text part made from the HTML, the merge
 * compiled, one recipient rendered
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-preview-render HTML-FILE [RUNS]
 * (tests/bench/bench-preview-render.sh makes a 50 KB Japanese newsletter
 * and runs this). Prints the median of each step in milliseconds.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench-stats.h"
#include "herald-engine.h"
#include "herald-merge.h"
#include "herald-text.h"

int
main (int    argc,
      char **argv)
{
  g_autofree char *html = NULL;
  g_autoptr(GError) error = NULL;
  int runs = argc > 2 ? atoi (argv[2]) : 30;
  double *text_ms, *merge_ms, *merge_text_ms, *render_ms;
  HeraldTemplateRecord record = { 0 };
  gsize length;

  if (argc < 2 || !g_file_get_contents (argv[1], &html, &length, &error))
    {
      fprintf (stderr, "usage: bench-preview-render HTML-FILE [RUNS]%s%s\n",
               error != NULL ? ": " : "", error != NULL ? error->message : "");
      return 2;
    }
  herald_engine_init ();
  runs = MAX (runs, 1);
  text_ms = g_new (double, runs);
  merge_ms = g_new (double, runs);
  merge_text_ms = g_new (double, runs);
  render_ms = g_new (double, runs);

  record.name = (char *) "bench";
  record.subject = (char *) "{{ name }}様へ 大きなお知らせ";
  record.html = html;

  for (int i = 0; i < runs; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autofree char *text = herald_text_from_html (html, -1);
      gint64 t1 = g_get_monotonic_time ();
      g_autoptr(HeraldMerge) merge = NULL;
      g_autoptr(HeraldMerge) merge_with_text = NULL;
      HeraldRendered out = { 0 };
      gint64 t2, t3, t4;

      /* As the worker did: the text made from the HTML a second time inside. */
      record.text = NULL;
      merge = herald_merge_new (&record, NULL, NULL, &error);
      t2 = g_get_monotonic_time ();
      /* The text passed in: compiled, not made again. */
      record.text = text;
      merge_with_text = herald_merge_new (&record, NULL, NULL, &error);
      t3 = g_get_monotonic_time ();
      if (merge == NULL || merge_with_text == NULL ||
          !herald_merge_render (merge_with_text, &(HeraldMergeRecipient) { "taro@example.jp", 0, bench_lookup, (gpointer) "東京" }, &out, &error))
        {
          fprintf (stderr, "bench-preview-render: %s\n", error->message);
          return 1;
        }
      t4 = g_get_monotonic_time ();
      herald_rendered_clear (&out);

      text_ms[i] = (t1 - t0) / 1000.0;
      merge_ms[i] = (t2 - t1) / 1000.0;
      merge_text_ms[i] = (t3 - t2) / 1000.0;
      render_ms[i] = (t4 - t3) / 1000.0;
    }

  printf ("%zu bytes of HTML, median of %d runs:\n", length, runs);
  printf ("  text from HTML                 %7.2f ms\n", bench_median (text_ms, runs));
  printf ("  merge compiled, text made again %6.2f ms\n", bench_median (merge_ms, runs));
  printf ("  merge compiled, text given     %7.2f ms\n", bench_median (merge_text_ms, runs));
  printf ("  one recipient rendered         %7.2f ms\n", bench_median (render_ms, runs));
  g_free (text_ms);
  g_free (merge_ms);
  g_free (merge_text_ms);
  g_free (render_ms);
  return 0;
}
