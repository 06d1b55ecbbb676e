/* herald-application.h — the Herald application
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-send-controller.h"

G_BEGIN_DECLS

/* The settings schema keeps this id in every build profile. */
#define HERALD_SETTINGS_SCHEMA "io.github.heraldmail.Herald"

#define HERALD_TYPE_APPLICATION (herald_application_get_type ())

G_DECLARE_FINAL_TYPE (HeraldApplication, herald_application, HERALD, APPLICATION, AdwApplication)

HeraldApplication *herald_application_new          (const char        *application_id,
                                                    GApplicationFlags  flags);
GSettings         *herald_application_get_settings (HeraldApplication *self);
HeraldSendController *herald_application_get_send_controller (HeraldApplication *self);

G_END_DECLS
