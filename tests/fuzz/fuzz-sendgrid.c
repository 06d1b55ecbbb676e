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
#include "fuzz-api-outcome.h"

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
  status = fuzz_api_status (data);
  body = g_bytes_new (data + 2, size - 2);
  herald_sendgrid_judge (status, status < 300 ? "id" : NULL, body, "taro@example.jp", &out);
  fuzz_check_api_outcome (&out);
  return 0;
}
