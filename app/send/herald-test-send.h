/* herald-test-send.h — one recipient's message, sent to the user instead
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A test send renders the template for a chosen recipient exactly as a
 * campaign would (herald_merge_compose(), the same sender details), then
 * hands it to the chosen account's transport addressed to the user:
 *
 *   - the envelope recipient and the To: header are the test address;
 *   - the subject, the HTML and the text are the recipient's, unchanged
 *     (no "[Test]" prefix: the user sees what the recipient will see);
 *   - List-Unsubscribe and List-Unsubscribe-Post are left out, so a mail
 *     client's "Unsubscribe" button cannot unsubscribe the real recipient;
 *   - an "X-Herald-Test: <recipient>" header says whose message it is;
 *   - the Message-ID is a fresh random one, never a campaign's.
 *
 *   message = herald_test_message_prepare (store, &spec, &error);   (store locked)
 *   herald_test_message_send (message, cancellable, &error);         (no store: keyring, network)
 */
#pragma once

#include <gio/gio.h>

#include "herald-store.h"
#include "herald-templates.h"

G_BEGIN_DECLS

#define HERALD_TEST_SEND_ERROR (herald_test_send_error_quark ())

typedef enum
{
  HERALD_TEST_SEND_ERROR_NO_RECIPIENT,   /* the address or row is not in the list */
  HERALD_TEST_SEND_ERROR_INVALID,        /* the test address cannot be used */
  HERALD_TEST_SEND_ERROR_REFUSED,        /* the server did not accept the message */
} HeraldTestSendError;

typedef struct
{
  const HeraldTemplateRecord *record;   /* the template, as edited (id 0: never saved) */
  gint64                      list_id;  /* 0: no list; the message gets no field values */
  const char                 *email;    /* nullable: the recipient, by address (any case) */
  gint64                      row;      /* when @email is NULL: the recipient's position, from 1 */
  const char                 *account;  /* the sending account's name */
  const char                 *to;       /* where the test goes: the user's own address */
} HeraldTestSendSpec;

typedef struct _HeraldTestMessage HeraldTestMessage;

GQuark             herald_test_send_error_quark        (void);

HeraldTestMessage *herald_test_message_prepare         (HeraldStore               *store,
                                                        const HeraldTestSendSpec  *spec,
                                                        GError                   **error);
gboolean           herald_test_message_send            (HeraldTestMessage         *self,
                                                        GCancellable              *cancellable,
                                                        GError                   **error);
void               herald_test_message_send_async      (HeraldTestMessage         *self,
                                                        GCancellable              *cancellable,
                                                        GAsyncReadyCallback        callback,
                                                        gpointer                   user_data);
gboolean           herald_test_message_send_finish     (GAsyncResult              *result,
                                                        GError                   **error);

const char        *herald_test_message_get_recipient   (HeraldTestMessage         *self);
const char        *herald_test_message_get_to          (HeraldTestMessage         *self);
const char        *herald_test_message_get_account     (HeraldTestMessage         *self);
GBytes            *herald_test_message_get_bytes       (HeraldTestMessage         *self);

HeraldTestMessage *herald_test_message_ref             (HeraldTestMessage         *self);
void               herald_test_message_unref           (HeraldTestMessage         *self);

GBytes            *herald_test_message_readdress       (GBytes                    *message,
                                                        const char                *to,
                                                        const char                *recipient,
                                                        GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldTestMessage, herald_test_message_unref)

G_END_DECLS
