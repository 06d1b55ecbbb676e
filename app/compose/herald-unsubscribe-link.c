/* herald-unsubscribe-link.c — a recipient's unsubscribe link and address
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The account's unsubscribe URL or mailto: address with the recipient's
 * token (herald-unsubscribe.c) written in: never the recipient's address.
 */
#include "config.h"

#include <string.h>

#include "herald-unsubscribe-link.h"

/* @url with "t=TOKEN" added to its query (before any fragment). */
char *
herald_unsubscribe_link_url (const char *url,
                             const char *token)
{
  const char *hash = strchr (url, '#');
  gsize head = hash != NULL ? (gsize) (hash - url) : strlen (url);
  const char *query = memchr (url, '?', head);
  const char *sep = query == NULL ? "?" : (url[head - 1] == '?' || url[head - 1] == '&') ? "" : "&";

  return g_strdup_printf ("%.*s%st=%s%s", (int) head, url, sep, token, hash != NULL ? hash : "");
}

/* @mailto with the token in its subject ("unsubscribe TOKEN"), or as a
 * sub-address ("mailto:unsub+TOKEN@example.jp"). */
char *
herald_unsubscribe_link_mailto (const char *mailto,
                                const char *token,
                                gboolean    in_address)
{
  const char *query = strchr (mailto, '?');
  gsize head = query != NULL ? (gsize) (query - mailto) : strlen (mailto);

  if (in_address)
    {
      const char *at = memchr (mailto, '@', head);

      if (at != NULL)
        return g_strdup_printf ("%.*s+%s%s", (int) (at - mailto), mailto, token, at);
    }
  if (query != NULL)
    {
      /* An own subject keeps its words; the token follows them. */
      for (const char *p = query; p != NULL; p = strchr (p + 1, '&'))
        if (g_ascii_strncasecmp (p + 1, "subject=", 8) == 0)
          {
            gsize end = strcspn (p + 1, "&#") + (p + 1 - mailto);

            return g_strdup_printf ("%.*s%%20%s%s", (int) end, mailto, token, mailto + end);
          }
      return g_strdup_printf ("%s&subject=unsubscribe%%20%s", mailto, token);
    }
  return g_strdup_printf ("%s?subject=unsubscribe%%20%s", mailto, token);
}
