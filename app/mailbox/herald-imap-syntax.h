/* herald-imap-syntax.h — the IMAP client's text, written and read (for
 * herald-imap.c and its tests)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Answers: @text is lines, each ended by "\n". */
char     *herald_imap_last_tagged  (const char *text);
gboolean  herald_imap_find_code    (const char *text,
                                    const char *name,
                                    guint64    *out);
gboolean  herald_imap_find_exists  (const char *text,
                                    guint64    *out);
void      herald_imap_parse_search (const char *text,
                                    guint64     after_uid,
                                    GArray     *uids);

/* Commands */
gboolean  herald_imap_is_keyword   (const char *keyword);
char     *herald_imap_encode_folder (const char *utf8);
char     *herald_imap_quote        (const char *name);

G_END_DECLS
