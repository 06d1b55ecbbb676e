/* fuzz-sendgrid.c — libFuzzer target for herald_sendgrid_judge(): any answer
 * an HTTPS server calling itself SendGrid might give
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input's first two bytes choose the HTTP status (100–599), the rest
 * is the body. Whatever it is, the outcome has a known kind, a reply of
 * valid UTF-8 without control characters and of bounded length, and a
 * provider id only when accepted.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "herald-sendgrid.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = NULL;
  HeraldOutcome out = { 0 };
  guint status;

  if (size < 2)
    return 0;
  status = 100 + ((guint) data[0] << 8 | data[1]) % 500;
  body = g_bytes_new (data + 2, size - 2);
  herald_sendgrid_judge (status, status < 300 ? "id" : NULL, body, "taro@example.jp", &out);
  g_assert_true (out.kind >= HERALD_OUTCOME_ACCEPTED && out.kind <= HERALD_OUTCOME_ACCOUNT_FAULT);
  g_assert_nonnull (out.reply);
  g_assert_true (g_utf8_validate (out.reply, -1, NULL));
  g_assert_cmpuint (strlen (out.reply), <=, 512);
  for (const char *p = out.reply; *p != '\0'; p++)
    g_assert_true ((guchar) *p >= 0x20 && *p != 0x7f);
  g_assert_true (out.provider_id == NULL || out.kind == HERALD_OUTCOME_ACCEPTED);
  g_assert_true (out.kind == HERALD_OUTCOME_ACCEPTED || out.message != NULL);
  herald_outcome_clear (&out);
  return 0;
}
