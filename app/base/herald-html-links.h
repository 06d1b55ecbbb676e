/* herald-html-links.h — the web links of a message's HTML
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GStrv herald_html_dup_web_links (const char *html);

G_END_DECLS
