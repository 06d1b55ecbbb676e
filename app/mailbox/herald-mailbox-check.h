/* herald-mailbox-check.h — read what is new in an account's mailbox and
 * act on it
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "herald-mailbox.h"
#include "herald-mailbox-store.h"

G_BEGIN_DECLS

#define HERALD_MAILBOX_CHECK_ERROR (herald_mailbox_check_error_quark ())

typedef enum
{
  HERALD_MAILBOX_CHECK_ERROR_NO_MAILBOX,   /* the account has no IMAP server */
  HERALD_MAILBOX_CHECK_ERROR_NO_CAUSE,     /* no mailbox message suppressed the address */
  HERALD_MAILBOX_CHECK_ERROR_GONE,         /* the message is no longer where it was read */
} HeraldMailboxCheckError;

GQuark   herald_mailbox_check_error_quark (void);
gboolean herald_mailbox_check             (HeraldStore          *store,
                                           const char           *account_name,
                                           HeraldMailboxCounts  *counts,
                                           GCancellable         *cancellable,
                                           GError              **error);
gboolean herald_mailbox_check_full        (HeraldStore                  *store,
                                           const char                   *account_name,
                                           const HeraldMailboxSettings  *settings,
                                           const char                   *password,
                                           HeraldMailboxCounts          *counts,
                                           GCancellable                 *cancellable,
                                           GError                      **error);
gboolean herald_mailbox_fetch_cause       (HeraldStore                  *store,
                                           const char                   *email,
                                           GBytes                      **out_message,
                                           GCancellable                 *cancellable,
                                           GError                      **error);

G_END_DECLS
