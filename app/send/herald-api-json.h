/* herald-api-json.h — an HTTP API's JSON answer, read (herald-ses-judge.c)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonObject *herald_api_json_object (JsonParser *parser,
                                    GBytes     *body);

G_END_DECLS
