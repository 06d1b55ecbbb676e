/* herald-page-common.h — what the window's pages, dialogs and models share
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-session.h"

G_BEGIN_DECLS

/**
 * HeraldSessionPropSetter:
 * @object: the object the property belongs to
 * @session: the session, never %NULL
 *
 * Takes the session in, once, and notifies the property itself.
 */
typedef void (*HeraldSessionPropSetter) (gpointer       object,
                                         HeraldSession *session);

GParamSpec *herald_session_prop_new (gsize                    offset,
                                     HeraldSessionPropSetter  setter);
void        herald_session_prop_get (GObject                 *object,
                                     guint                    prop_id,
                                     GValue                  *value,
                                     GParamSpec              *pspec);
void        herald_session_prop_set (GObject                 *object,
                                     guint                    prop_id,
                                     const GValue            *value,
                                     GParamSpec              *pspec);

void        herald_status_page_show (GtkStack                *stack,
                                     AdwStatusPage           *page,
                                     const char              *icon_name,
                                     const char              *title,
                                     const char              *description);

G_END_DECLS
