/* bench-smtp.c — compose and send the same personalised ~20 KB newsletter
 * COUNT times over one SMTP connection, the way the sender does
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-smtp HOST PORT [COUNT] [SIZE]
 * Prints, on stdout: "compose_us=… send_msgs_per_s=… bytes=… accepted=…".
 * Plain SMTP: meant for a local sink (smtp-sink) on loopback.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "herald-account.h"
#include "herald-engine.h"
#include "herald-message.h"
#include "herald-smtp.h"
#include "herald-transport.h"

static const char paragraph[] =
  "<p style=\"margin:0 0 12px;font-family:sans-serif;font-size:15px;line-height:1.6;color:#333\">"
  "This month we have new spring arrivals, a workshop on Saturday and 20% off everything in the "
  "garden section. いつもご利用ありがとうございます。</p>\n";

static const char text_paragraph[] =
  "This month we have new spring arrivals, a workshop on Saturday and 20% off everything in the\n"
  "garden section. いつもご利用ありがとうございます。\n\n";

/* The template's constant parts, with the recipient's name merged in as a
 * renderer would: one linear pass. */
static void
render (GString    *html,
        GString    *text,
        const char *name,
        gsize       size)
{
  g_string_truncate (html, 0);
  g_string_truncate (text, 0);
  g_string_append_printf (html, "<!DOCTYPE html>\n<html><body>\n<h1>Dear %s,</h1>\n", name);
  g_string_append_printf (text, "Dear %s,\n\n", name);
  /* HTML about 2/3 and text 1/3 of the message, as a real newsletter. */
  while (html->len < size * 55 / 100)
    g_string_append (html, paragraph);
  while (text->len < size * 20 / 100)
    g_string_append (text, text_paragraph);
  g_string_append_printf (html, "<p><a href=\"https://example.com/u/%s\">Unsubscribe</a></p>\n</body></html>\n", name);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(HeraldAccount) account = herald_account_new ();
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  guint count = argc > 3 ? (guint) atoi (argv[3]) : 10000;
  gsize size = argc > 4 ? (gsize) atoi (argv[4]) : 20480;
  guint accepted = 0;
  gint64 compose_time = 0, start, elapsed;
  gsize bytes = 0;

  if (argc < 3)
    {
      fprintf (stderr, "usage: bench-smtp HOST PORT [COUNT] [SIZE]\n");
      return 2;
    }
  herald_engine_init ();

  account->name = g_strdup ("bench");
  account->host = g_strdup (argv[1]);
  account->port = (guint) atoi (argv[2]);
  account->security = HERALD_SECURITY_NONE;
  account->from = g_strdup ("Herald Bench <bench@example.com>");
  account->response_timeout = 30;
  transport = herald_transport_new_for_account (account, NULL, &error);
  if (transport == NULL || !herald_transport_open (transport, NULL, &error))
    {
      fprintf (stderr, "bench-smtp: %s\n", error->message);
      return 1;
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *rcpt = g_strdup_printf ("user%u@example.com", i);
      g_autofree char *name = g_strdup_printf ("Customer %u", i);
      g_autofree char *message_id = herald_message_make_id (1, i, "example.com");
      g_autoptr(GBytes) message = NULL;
      HeraldMessageSpec spec = { 0 };
      HeraldOutcome outcome;
      gint64 t0 = g_get_monotonic_time ();

      render (html, text, name, size);
      spec.from = account->from;
      spec.to_addr = rcpt;
      spec.to_name = name;
      spec.subject = "Spring news from the shop — 春のお知らせ";
      spec.html = html->str;
      spec.text = text->str;
      spec.message_id = message_id;
      spec.unsubscribe_mailto = "mailto:unsubscribe@example.com";
      spec.unsubscribe_url = "https://example.com/u/one-click";
      message = herald_message_compose (&spec, &error);
      if (message == NULL)
        {
          fprintf (stderr, "bench-smtp: %s\n", error->message);
          return 1;
        }
      compose_time += g_get_monotonic_time () - t0;
      bytes = g_bytes_get_size (message);

      herald_transport_send (transport, "bounce@example.com", rcpt, message, NULL, &outcome);
      if (outcome.kind == HERALD_OUTCOME_ACCEPTED)
        accepted++;
      else if (accepted == 0 || i < 3)
        fprintf (stderr, "bench-smtp: message %u: %s %s\n", i,
                 herald_outcome_kind_to_string (outcome.kind), outcome.message);
      herald_outcome_clear (&outcome);
    }
  elapsed = g_get_monotonic_time () - start;
  herald_transport_close (transport);

  printf ("compose_us=%.1f send_msgs_per_s=%.1f bytes=%" G_GSIZE_FORMAT " accepted=%u connections=%u\n",
          (double) compose_time / count, count / (elapsed / 1e6), bytes, accepted,
          herald_smtp_transport_get_n_connects (transport));
  return accepted == count ? 0 : 1;
}
