/* herald-tracking-url.h — the user's own tracking URLs: checked, filled in,
 * and read back from what their web server logged
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HERALD_TRACKING_ERROR (herald_tracking_error_quark ())
GQuark herald_tracking_error_quark (void);

typedef enum
{
  HERALD_TRACKING_ERROR_PATTERN,   /* a tracking URL pattern Herald cannot use */
} HeraldTrackingError;

typedef enum
{
  HERALD_TRACKING_NONE,
  HERALD_TRACKING_OPEN,
  HERALD_TRACKING_CLICK,
} HeraldTrackingKind;

gboolean  herald_tracking_check_pattern (const char          *pattern,
                                         HeraldTrackingKind   kind,
                                         GError             **error);
char     *herald_tracking_expand        (const char          *pattern,
                                         const char          *url,
                                         const char          *token);
HeraldTrackingKind herald_tracking_match (const char         *logged,
                                         const char          *click_pattern,
                                         const char          *open_pattern,
                                         char               **out_token,
                                         char               **out_url);
char     *herald_tracking_log_url       (const char          *line);

G_END_DECLS
