/* fuzz-api-outcome.h — what the HTTP API judges' fuzz targets (SES,
 * Mailgun, SendGrid) hold of any outcome
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "herald-transport.h"

/* The HTTP status (100–599) that an input's first two bytes choose. */
static inline guint
fuzz_api_status (const uint8_t *data)
{
  return 100 + ((guint) data[0] << 8 | data[1]) % 500;
}

/* Whatever the answer, the outcome has a known kind, a reply of valid
 * UTF-8 without control characters and of bounded length, a provider id
 * only when accepted, and a message unless accepted; then it is cleared. */
static inline void
fuzz_check_api_outcome (HeraldOutcome *out)
{
  g_assert_true (out->kind >= HERALD_OUTCOME_ACCEPTED && out->kind <= HERALD_OUTCOME_ACCOUNT_FAULT);
  g_assert_nonnull (out->reply);
  g_assert_true (g_utf8_validate (out->reply, -1, NULL));
  g_assert_cmpuint (strlen (out->reply), <=, 512);
  for (const char *p = out->reply; *p != '\0'; p++)
    g_assert_true ((guchar) *p >= 0x20 && *p != 0x7f);
  g_assert_true (out->provider_id == NULL || out->kind == HERALD_OUTCOME_ACCEPTED);
  g_assert_true (out->kind == HERALD_OUTCOME_ACCEPTED || out->message != NULL);
  herald_outcome_clear (out);
}

/* A judge of the Mailgun or SendGrid kind: an HTTP status and a body. */
typedef void (*FuzzApiJudge) (guint status, GBytes *body, HeraldOutcome *out);

/* One input: the status its first two bytes choose and the rest as the
 * body, given to @judge; its outcome checked as above. */
static inline int
fuzz_api_judge_input (const uint8_t *data,
                      size_t         size,
                      FuzzApiJudge   judge)
{
  g_autoptr(GBytes) body = NULL;
  HeraldOutcome out = { 0 };

  if (size < 2)
    return 0;
  body = g_bytes_new (data + 2, size - 2);
  judge (fuzz_api_status (data), body, &out);
  fuzz_check_api_outcome (&out);
  return 0;
}
