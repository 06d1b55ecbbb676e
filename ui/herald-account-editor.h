/* herald-account-editor.h — add or change one sending account
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-account.h"
#include "herald-session.h"

G_BEGIN_DECLS

#define HERALD_TYPE_ACCOUNT_EDITOR (herald_account_editor_get_type ())

G_DECLARE_FINAL_TYPE (HeraldAccountEditor, herald_account_editor, HERALD, ACCOUNT_EDITOR, AdwWindow)

HeraldAccountEditor *herald_account_editor_new (GtkWindow           *parent,
                                                HeraldSession       *session,
                                                const HeraldAccount *account);

G_END_DECLS
