/* fuzz-ses.c — libFuzzer target for herald_ses_judge(): any answer an
 * HTTPS server calling itself Amazon SES might give
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input's first two bytes choose the HTTP status (100–599), the first
 * line after them the x-amzn-ErrorType header, the rest the body. Whatever
 * it is, the outcome has a known kind, a reply of valid UTF-8 without
 * control characters and of bounded length, and a provider id only when
 * accepted. The body read as GetAccount's quota (herald_ses_parse_quota())
 * gives positive, finite limits or none.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "herald-ses.h"
#include "fuzz-api-outcome.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *type = NULL;
  g_autoptr(GBytes) body = NULL;
  const uint8_t *nl;
  HeraldOutcome out = { 0 };
  guint status;

  if (size < 2)
    return 0;
  status = fuzz_api_status (data);
  nl = memchr (data + 2, '\n', size - 2);
  if (nl != NULL)
    {
      type = g_strndup ((const char *) data + 2, nl - data - 2);
      body = g_bytes_new (nl + 1, size - (nl + 1 - data));
    }
  else
    body = g_bytes_new (data + 2, size - 2);

  herald_ses_judge (status, type, body, "eu-west-1", "shop@example.jp", "taro@example.jp", &out);
  fuzz_check_api_outcome (&out);

  /* The same body as GetAccount's: a quota is positive and finite, or 0. */
  {
    double max_24h = -1, max_rate = -1;

    herald_ses_parse_quota (body, &max_24h, &max_rate);
    g_assert_true (max_24h == 0 || (max_24h > 0 && max_24h < 1e12));
    g_assert_true (max_rate == 0 || (max_rate > 0 && max_rate < 1e12));
  }
  return 0;
}
