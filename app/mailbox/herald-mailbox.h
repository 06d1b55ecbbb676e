/* herald-mailbox.h — what a message read from the account's mailbox does
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-reply.h"
#include "herald-store.h"

G_BEGIN_DECLS

/* Japanese mobile carriers stop accepting mail from a sender after very
 * few errors: an address there is suppressed after one bounce. */

typedef struct
{
  guint64 n_bounced;        /* bounce reports that matched a recipient */
  guint64 n_unsubscribed;   /* valid unsubscribe requests, and complaints */
  guint64 n_auto_replies;
  guint64 n_unmatched;      /* for the user to review: left untouched */
  guint64 n_delays;
  guint64 n_complaints;
  guint64 n_suppressed;     /* addresses put on the suppression list */
} HeraldMailboxCounts;

typedef struct
{
  HeraldStore *store;
  gint64       account_id;
  const char  *unsubscribe_address;  /* "local@domain" of the account's mailto, or NULL */
  guint64      uidvalidity;
} HeraldMailboxContext;

gboolean herald_mailbox_handle (const HeraldMailboxContext  *context,
                                guint64                      uid,
                                const char                  *data,
                                gsize                        len,
                                HeraldMailboxCounts         *counts,
                                gboolean                    *out_matched,
                                GError                     **error);

G_END_DECLS
