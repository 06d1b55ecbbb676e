/* herald-starter-gallery.h — choose how a new template begins
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HERALD_TYPE_STARTER_GALLERY (herald_starter_gallery_get_type ())

G_DECLARE_FINAL_TYPE (HeraldStarterGallery, herald_starter_gallery, HERALD, STARTER_GALLERY, AdwWindow)

HeraldStarterGallery *herald_starter_gallery_new (GtkWindow *parent);

G_END_DECLS
