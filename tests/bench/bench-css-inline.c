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
 * exactly today's; both get the same text part. Prints medians in
 * milliseconds and the ratios with/without.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "herald-css-inline.h"
#include "herald-engine.h"
#include "herald-merge.h"
#include "herald-text.h"

#define RUNS 15

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        int     n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return values[n / 2];
}

static const char *
lookup (const char *field,
        gpointer    user_data)
{
  if (g_str_equal (field, "name"))
    return "山田 太郎";
  if (g_str_equal (field, "会社名"))
    return "山田商店";
  return NULL;
}

typedef struct
{
  double new_ms;      /* herald_merge_new(), median */
  double message_ms;  /* one recipient's message composed, median over runs of the mean */
  gsize  bytes;       /* one message's size */
} Timing;

static gboolean
measure (const HeraldTemplateRecord *record,
         int                         messages,
         Timing                     *t)
{
  HeraldMergeSender sender = { .from = "ヘラルド文具店 <shop@example.jp>" };
  double new_ms[RUNS], message_ms[RUNS];

  for (int r = 0; r < RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time (), t1, t2;
      g_autoptr(HeraldMerge) merge = herald_merge_new (record, &sender, NULL, &error);

      t1 = g_get_monotonic_time ();
      if (merge == NULL)
        {
          fprintf (stderr, "bench-css-inline: %s\n", error->message);
          return FALSE;
        }
      for (int i = 0; i < messages; i++)
        {
          g_autofree char *email = g_strdup_printf ("taro%d@example.jp", i);
          g_autofree char *id = g_strdup_printf ("<%d.bench@example.jp>", i);
          g_autoptr(GBytes) message = herald_merge_compose (merge, email, 0, lookup, NULL, id, 1796000000, &error);

          if (message == NULL)
            {
              fprintf (stderr, "bench-css-inline: %s\n", error->message);
              return FALSE;
            }
          t->bytes = g_bytes_get_size (message);
        }
      t2 = g_get_monotonic_time ();
      new_ms[r] = (t1 - t0) / 1000.0;
      message_ms[r] = (t2 - t1) / 1000.0 / messages;
    }
  t->new_ms = median (new_ms, RUNS);
  t->message_ms = median (message_ms, RUNS);
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
  Timing with, without;
  gsize length;
  double campaign_with, campaign_without;

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
  record.html = html;
  if (!measure (&record, messages, &with))
    return 1;
  record.html = plain;
  if (!measure (&record, messages, &without))
    return 1;

  campaign_with = with.new_ms + 1000 * with.message_ms;
  campaign_without = without.new_ms + 1000 * without.message_ms;
  printf ("%zu bytes of HTML (%zu once inlined), %d messages a run, median of %d runs:\n",
          length, strlen (inlined), messages, RUNS);
  printf ("                          with inlining   without   ratio\n");
  printf ("  merge compiled (once)   %10.2f ms %7.2f ms %7.2f\n", with.new_ms, without.new_ms, with.new_ms / without.new_ms);
  printf ("  one message composed    %10.3f ms %7.3f ms %7.2f\n", with.message_ms, without.message_ms,
          with.message_ms / without.message_ms);
  printf ("  one message's size      %10zu B  %7zu B  %7.2f\n", with.bytes, without.bytes, (double) with.bytes / without.bytes);
  printf ("  1000 recipients         %10.1f ms %7.1f ms %7.2f\n", campaign_with, campaign_without,
          campaign_with / campaign_without);
  return 0;
}
