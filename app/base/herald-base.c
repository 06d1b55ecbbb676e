/* herald-base.c — small helpers every layer of the engine uses
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-base"

#include "config.h"

#include <string.h>

#include "herald-base.h"

/**
 * herald_now_seconds:
 *
 * Returns: the wall-clock time in Unix seconds, as the database stores it
 */
gint64
herald_now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/**
 * herald_dup_bare_address:
 * @from: (nullable): "Name <addr>" or a bare "addr"
 *
 * Returns: (transfer full): the address between the last `<` and the `>`
 *   after it, or @from trimmed when it has none
 */
char *
herald_dup_bare_address (const char *from)
{
  const char *open = from != NULL ? strrchr (from, '<') : NULL;
  const char *close = open != NULL ? strchr (open, '>') : NULL;

  if (open != NULL && close != NULL)
    return g_strndup (open + 1, close - open - 1);
  return g_strstrip (g_strdup (from != NULL ? from : ""));
}
