/* fuzz-provider-pull.c — libFuzzer target for the readers of the
 * providers' suppression lists (herald-provider-parse.c): any page an
 * HTTPS server calling itself SendGrid, Mailgun or Amazon SES might give
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input's first byte chooses the reader, the rest is the page.
 * Mailgun's events too: each event read has its ids (not empty, valid
 * UTF-8), a known kind, a time not before 1970, a link only when clicked.
 * Whatever it is, the reader either fails with an error or gives
 * addresses that are valid (normalised) ones, each with a known reason,
 * no more of them than the page's items, and a next page that is not
 * empty.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "herald-address.h"
#include "herald-provider-parse.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_pulled_address_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  guint n = 0;
  gboolean ok;

  if (size < 1)
    return 0;
  body = g_bytes_new (data + 1, size - 1);
  if (data[0] % 4 == 3)
    {
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_provider_event_free);

      ok = herald_mailgun_parse_events (body, events, &n, &next, &error);
      g_assert_true (ok == (error == NULL));
      g_assert_true (ok || (events->len == 0 && next == NULL));
      g_assert_cmpuint (events->len, <=, n);
      for (guint i = 0; i < events->len; i++)
        {
          const HeraldProviderEvent *e = g_ptr_array_index (events, i);

          g_assert_true (*e->id != '\0' && g_utf8_validate (e->id, -1, NULL));
          g_assert_true (*e->message_id != '\0' && g_utf8_validate (e->message_id, -1, NULL));
          g_assert_true (g_strcmp0 (e->kind, "opened") == 0 || g_strcmp0 (e->kind, "clicked") == 0);
          g_assert_true (e->at >= 0);
          g_assert_true (e->url == NULL || (e->kind[0] == 'c' && g_utf8_validate (e->url, -1, NULL)));
        }
      return 0;
    }
  switch (data[0] % 4)
    {
    case 0:
      ok = herald_sendgrid_parse_suppressions (body, "bounced", "bounce", out, &n, &error);
      break;
    case 1:
      ok = herald_mailgun_parse_suppressions (body, "unsubscribed", "unsubscribe", out, &n, &next, &error);
      break;
    default:
      ok = herald_ses_parse_suppressions (body, out, &n, &next, &error);
      break;
    }
  g_assert_true (ok == (error == NULL));
  g_assert_true (ok || (out->len == 0 && next == NULL));
  g_assert_cmpuint (out->len, <=, n);
  g_assert_true (next == NULL || *next != '\0');
  for (guint i = 0; i < out->len; i++)
    {
      const HeraldPulledAddress *a = g_ptr_array_index (out, i);

      g_assert_true (g_utf8_validate (a->email, -1, NULL));
      g_assert_true (herald_address_is_valid (a->email));
      g_assert_true (g_strcmp0 (a->reason, "bounced") == 0 || g_strcmp0 (a->reason, "complaint") == 0 ||
                     g_strcmp0 (a->reason, "unsubscribed") == 0);
      g_assert_nonnull (a->kind);
    }
  return 0;
}
