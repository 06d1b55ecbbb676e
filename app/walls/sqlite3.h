/* sqlite3.h — a wall, not SQLite's header
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ui/ and cli/ find this file first on their include path. Only the store
 * (app/store/) runs SQL: call its functions instead.
 */
#error "ui/ and cli/ do not use SQLite: only app/store/ runs SQL; call the store's functions"
