/* herald-mailbox-message.h — a mailbox message made readable: its main
 * headers and its text, for a person to look at
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *from;       /* "" when missing */
  char *to;
  char *date;       /* as the message says it, or "" */
  char *subject;
  char *text;       /* the text parts and reports, in order; others named */
} HeraldMailboxMessage;

HeraldMailboxMessage *herald_mailbox_message_read (const char           *data,
                                                   gsize                 len);
void                  herald_mailbox_message_free (HeraldMailboxMessage *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldMailboxMessage, herald_mailbox_message_free)

G_END_DECLS
