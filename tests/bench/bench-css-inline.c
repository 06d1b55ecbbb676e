/* bench-css-inline.c — what inlining a template's <style> costs a send:
 * the merge compiled once (where the inlining happens), and each
 * recipient's message composed, with and without inlining
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-css-inline HTML-FILE [MESSAGES]
 * (tests/bench/bench-css-inline.sh makes a 50 KB Japanese newsletter with
 * a 5 KB style sheet and runs this). "Without" is the same bytes with the
 * <style> tags renamed, so the inliner finds nothing and the merge is
 * exactly today's; both get the same text part. A third column composes
 * the inliner's output stored as the template: what a message costs when
 * its HTML is that size, with no inlining to do (the per-message
 * difference is the bigger HTML's, not the inliner's). Prints medians of CPU
 * time in milliseconds and the ratios with/without; the runs alternate.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "herald-css-inline.h"
#include "bench-stats.h"
#include "herald-engine.h"
#include "herald-merge.h"
#include "herald-text.h"

#define RUNS 15

/* This thread's CPU time in microseconds: on a machine shared with other
 * work, wall-clock time measures the neighbours as much as Herald. */
static gint64
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

typedef struct
{
  double new_ms[RUNS];      /* herald_merge_new() */
  double message_ms[RUNS];  /* one recipient's message composed, mean of a run */
  gsize  bytes;             /* one message's size */
} Timing;

/* One run: the merge made, then @messages messages composed. */
static gboolean
measure (const HeraldTemplateRecord *record,
         int                         messages,
         int                         run,
         Timing                     *t)
{
  HeraldMergeSender sender = { .from = "ヘラルド文具店 <shop@example.jp>" };
  g_autoptr(GError) error = NULL;
  gint64 t0 = cpu_now (), t1, t2;
  g_autoptr(HeraldMerge) merge = herald_merge_new (record, &sender, NULL, &error);

  t1 = cpu_now ();
  if (merge == NULL)
    {
      fprintf (stderr, "bench-css-inline: %s\n", error->message);
      return FALSE;
    }
  for (int i = 0; i < messages; i++)
    {
      g_autofree char *email = g_strdup_printf ("taro%d@example.jp", i);
      g_autofree char *id = g_strdup_printf ("<%d.bench@example.jp>", i);
      g_autoptr(GBytes) message = herald_merge_compose (merge, &(HeraldMergeRecipient) { email, 0, bench_lookup, NULL }, id, 1796000000, &error);

      if (message == NULL)
        {
          fprintf (stderr, "bench-css-inline: %s\n", error->message);
          return FALSE;
        }
      t->bytes = g_bytes_get_size (message);
    }
  t2 = cpu_now ();
  t->new_ms[run] = (t1 - t0) / 1000.0;
  t->message_ms[run] = (t2 - t1) / 1000.0 / messages;
  return TRUE;
}

/* @html with every "<style" and "</style" renamed: nothing to inline. */
static char *
without_style (const char *html)
{
  GString *s = g_string_new (html);

  g_string_replace (s, "<style", "<xstyle", 0);
  g_string_replace (s, "</style", "</xstyle", 0);
  return g_string_free (s, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *html = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *text = NULL;
  g_autofree char *inlined = NULL;
  g_autoptr(GError) error = NULL;
  int messages = argc > 2 ? MAX (atoi (argv[2]), 1) : 200;
  HeraldTemplateRecord record = { 0 };
  Timing with, without, given;
  gsize length;
  double campaign_with, campaign_without, new_with, new_without, message_with, message_without;

  if (argc < 2 || !g_file_get_contents (argv[1], &html, &length, &error))
    {
      fprintf (stderr, "usage: bench-css-inline HTML-FILE [MESSAGES]%s%s\n",
               error != NULL ? ": " : "", error != NULL ? error->message : "");
      return 2;
    }
  herald_engine_init ();
  plain = without_style (html);
  text = herald_text_from_html (html, -1);
  inlined = herald_css_inline (html);
  if (inlined == NULL)
    {
      fprintf (stderr, "bench-css-inline: %s has no style sheet to inline\n", argv[1]);
      return 1;
    }

  record.name = (char *) "bench";
  record.subject = (char *) "{{ name }}様へ 11月のお知らせ";
  record.text = text;
  /* Runs alternate, so that a machine busy with other work slows both. */
  for (int r = 0; r < RUNS; r++)
    {
      record.html = html;
      if (!measure (&record, messages, r, &with))
        return 1;
      record.html = plain;
      if (!measure (&record, messages, r, &without))
        return 1;
      record.html = inlined;
      if (!measure (&record, messages, r, &given))
        return 1;
    }
  new_with = bench_median (with.new_ms, RUNS);
  new_without = bench_median (without.new_ms, RUNS);
  message_with = bench_median (with.message_ms, RUNS);
  message_without = bench_median (without.message_ms, RUNS);
  campaign_with = new_with + 1000 * message_with;
  campaign_without = new_without + 1000 * message_without;
  printf ("%zu bytes of HTML (%zu once inlined), %d messages a run, median of %d runs:\n",
          length, strlen (inlined), messages, RUNS);
  printf ("                          with inlining   without   ratio   inlined HTML as the template\n");
  printf ("  merge compiled (once)   %10.2f ms %7.2f ms %7.2f %10.2f ms\n", new_with, new_without,
          new_with / new_without, bench_median (given.new_ms, RUNS));
  printf ("  one message composed    %10.3f ms %7.3f ms %7.2f %10.3f ms\n", message_with, message_without,
          message_with / message_without, bench_median (given.message_ms, RUNS));
  printf ("  one message's size      %10zu B  %7zu B  %7.2f %10zu B\n", with.bytes, without.bytes,
          (double) with.bytes / without.bytes, given.bytes);
  printf ("  1000 recipients         %10.1f ms %7.1f ms %7.2f\n", campaign_with, campaign_without,
          campaign_with / campaign_without);
  return 0;
}
