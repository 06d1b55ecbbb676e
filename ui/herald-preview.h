/* herald-preview.h — a rendered message shown safely: no script, no remote
 * content unless allowed, links opened in the user's browser
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HERALD_TYPE_PREVIEW (herald_preview_get_type ())

G_DECLARE_FINAL_TYPE (HeraldPreview, herald_preview, HERALD, PREVIEW, GtkWidget)

/* The widths a message is shown at: a desktop mail client, a phone. */
#define HERALD_PREVIEW_DESKTOP_WIDTH 640
#define HERALD_PREVIEW_MOBILE_WIDTH  375

GtkWidget  *herald_preview_new              (void);
void        herald_preview_show_html        (HeraldPreview *self,
                                             const char    *html,
                                             gboolean       allow_remote);
const char *herald_preview_get_html         (HeraldPreview *self);
void        herald_preview_set_mobile       (HeraldPreview *self,
                                             gboolean       mobile);
gboolean    herald_preview_get_mobile       (HeraldPreview *self);
gboolean    herald_preview_get_loaded       (HeraldPreview *self);
void        herald_preview_set_images       (HeraldPreview *self,
                                             GHashTable    *images);
guint       herald_preview_get_images_served (HeraldPreview *self);

char       *herald_preview_dup_safe_html    (const char    *html,
                                             gboolean       allow_remote);

G_END_DECLS
