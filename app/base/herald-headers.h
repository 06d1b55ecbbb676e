/* herald-headers.h — what may go into a message's header: safe values,
 * one mailbox, the Message-ID and its domain
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <gmime/gmime.h>

G_BEGIN_DECLS

#define HERALD_MESSAGE_ERROR (herald_message_error_quark ())

typedef enum
{
  HERALD_MESSAGE_ERROR_INVALID_HEADER,   /* CR, LF, NUL or bad UTF-8 in a header value */
  HERALD_MESSAGE_ERROR_INVALID_ADDRESS,  /* a From/To/Reply-To or envelope address */
  HERALD_MESSAGE_ERROR_PART,             /* an image or attachment could not be read */
} HeraldMessageError;

/* The charset of a message's text. ISO-2022-JP (RFC 1468) is for older
 * Japanese mail programs and phones; a message whose text it cannot carry
 * (髙, ①, emoji…) is written in UTF-8 instead. */
typedef enum
{
  HERALD_CHARSET_UTF8,
  HERALD_CHARSET_ISO_2022_JP,
} HeraldCharset;

GQuark             herald_message_error_quark       (void);
gboolean           herald_charset_from_string       (const char               *name,
                                                     HeraldCharset            *out);
const char        *herald_charset_to_string         (HeraldCharset             charset);
char              *herald_message_make_id           (gint64                    campaign_id,
                                                     gint64                    recipient_id,
                                                     const char               *from_domain);
char              *herald_message_dup_domain        (const char               *from);
gboolean           herald_message_header_is_safe    (const char               *what,
                                                     const char               *value,
                                                     GError                  **error);
gboolean           herald_message_check_mailbox     (const char               *what,
                                                     const char               *value,
                                                     GError                  **error);
gboolean           herald_envelope_address_is_safe  (const char               *addr,
                                                     GError                  **error);
InternetAddress   *herald_message_parse_mailbox     (const char               *what,
                                                     const char               *value,
                                                     GError                  **error);

G_END_DECLS
