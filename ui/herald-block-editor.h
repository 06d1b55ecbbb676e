/* herald-block-editor.h — a template made of blocks: the list, the side pane
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HERALD_TYPE_BLOCK_EDITOR (herald_block_editor_get_type ())
G_DECLARE_FINAL_TYPE (HeraldBlockEditor, herald_block_editor, HERALD, BLOCK_EDITOR, GtkWidget)

GtkWidget  *herald_block_editor_new          (void);
gboolean    herald_block_editor_set_document (HeraldBlockEditor  *self,
                                              const char         *json,
                                              GError            **error);
char       *herald_block_editor_dup_json     (HeraldBlockEditor  *self);
void        herald_block_editor_set_fields   (HeraldBlockEditor  *self,
                                              const char * const *fields);
int         herald_block_editor_get_selected (HeraldBlockEditor  *self);
guint       herald_block_editor_get_n_blocks (HeraldBlockEditor  *self);

G_END_DECLS
