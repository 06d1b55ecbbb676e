/* fuzz-reply.c — libFuzzer target for herald_reply_classify(), the
 * bounce, complaint, auto-reply and unsubscribe reader
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a message as it might sit in a mailbox. Whatever it is,
 * the classification must return, and what it returns must hold: a kind
 * Herald knows; recipients only for bounces, delays and complaints, each
 * valid UTF-8 with an "@" and a status of class 2, 4 or 5; one-line
 * diagnostics; a token only for unsubscribe requests.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <gmime/gmime.h>

#include "herald-reply.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean initialised;
  HeraldReply *reply;

  if (!initialised)
    {
      g_mime_init ();
      initialised = TRUE;
    }
  reply = herald_reply_classify ((const char *) data, size, "unsubscribe@shop.example.jp");
  g_assert_nonnull (reply);
  g_assert_cmpint (reply->kind, <=, HERALD_REPLY_UNSUBSCRIBE);
  if (reply->kind != HERALD_REPLY_BOUNCE && reply->kind != HERALD_REPLY_DELAY &&
      reply->kind != HERALD_REPLY_COMPLAINT)
    g_assert_cmpuint (reply->recipients->len, ==, 0);
  for (guint i = 0; i < reply->recipients->len; i++)
    {
      const HeraldBounceRecipient *r = g_ptr_array_index (reply->recipients, i);

      g_assert_true (g_utf8_validate (r->recipient, -1, NULL));
      g_assert_nonnull (strchr (r->recipient, '@'));
      g_assert_nonnull (r->status);
      g_assert_true (strchr ("245", r->status[0]) != NULL && r->status[1] == '.');
      g_assert_true (r->diagnostic == NULL || strpbrk (r->diagnostic, "\r\n") == NULL);
    }
  g_assert_true (reply->token == NULL || reply->kind == HERALD_REPLY_UNSUBSCRIBE);
  g_assert_true (reply->subject == NULL || g_utf8_validate (reply->subject, -1, NULL));
  herald_reply_free (reply);
  return 0;
}
