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

static void
judge (guint          status,
       GBytes        *body,
       HeraldOutcome *out)
{
  herald_sendgrid_judge (status, status < 300 ? "id" : NULL, body, "taro@example.jp", out);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return fuzz_api_judge_input (data, size, judge);
}
