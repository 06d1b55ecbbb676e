/* herald-test-send-dialog.h — send the previewed message to yourself
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-session.h"
#include "herald-templates.h"

G_BEGIN_DECLS

#define HERALD_TYPE_TEST_SEND_DIALOG (herald_test_send_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HeraldTestSendDialog, herald_test_send_dialog, HERALD, TEST_SEND_DIALOG, AdwWindow)

HeraldTestSendDialog *herald_test_send_dialog_new (GtkWindow            *parent,
                                                   HeraldSession        *session,
                                                   HeraldTemplateRecord *record,
                                                   gint64                list_id,
                                                   const char           *email);

G_END_DECLS
