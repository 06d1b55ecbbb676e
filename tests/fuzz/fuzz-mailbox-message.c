/* fuzz-mailbox-message.c — libFuzzer target for
 * herald_mailbox_message_read(), which makes a mailbox message readable
 * for the Do Not Send page's Open
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a message as it might sit in a mailbox. Whatever it is,
 * reading it must return every field, each valid UTF-8, and text of at
 * most 256 KiB.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <gmime/gmime.h>

#include "herald-mailbox-message.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean initialised;
  HeraldMailboxMessage *message;

  if (!initialised)
    {
      g_mime_init ();
      initialised = TRUE;
    }
  message = herald_mailbox_message_read ((const char *) data, size);
  g_assert_nonnull (message);
  g_assert_true (g_utf8_validate (message->from, -1, NULL));
  g_assert_true (g_utf8_validate (message->to, -1, NULL));
  g_assert_true (g_utf8_validate (message->date, -1, NULL));
  g_assert_true (g_utf8_validate (message->subject, -1, NULL));
  g_assert_true (g_utf8_validate (message->text, -1, NULL));
  g_assert_cmpuint (strlen (message->text), <=, 256 * 1024 + 3);
  herald_mailbox_message_free (message);
  return 0;
}
