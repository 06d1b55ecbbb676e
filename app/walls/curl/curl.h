/* curl/curl.h — a wall, not libcurl's header
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ui/ and cli/ find this file first on their include path. Only the
 * transports (app/send/) talk to servers: go through the sender, the test
 * send or an account test.
 */
#error "ui/ and cli/ do not use libcurl: only app/send/ talks to servers; call the engine"
