/* herald-block-editor-private.h — what the block editor's files share
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * herald-block-editor.c: the document, the list of blocks and what is done
 * to them (add, reorder by drag and by Alt+Up / Alt+Down, duplicate,
 * delete with Undo); herald-block-editor-form.c: the side pane editing the
 * selected block, with its field picker.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "herald-block-editor.h"

G_BEGIN_DECLS

struct _HeraldBlockEditor
{
  GtkWidget     parent_instance;

  /* widgets (made in code) */
  GtkWidget    *paned;
  GtkListBox   *list;
  GtkWidget    *form_scroller;
  GtkWidget    *form;          /* the selected block's side pane, remade on selection */

  /* owned */
  JsonNode     *document;
  GStrv         fields;        /* the chosen list's columns, for the field picker */
  GtkFileChooserNative *chooser;
  char         *chooser_member;

  /* borrowed: in the side pane */
  GtkWidget    *field_target;  /* the entry or text view a picked field goes into */
  GtkMenuButton *field_button;

  int           selected;      /* the block shown in the side pane, or -1 */
  guint         loading : 1;   /* widgets being filled in by the program */
};

/* herald-block-editor.c */
JsonArray  *_herald_block_editor_get_blocks   (HeraldBlockEditor *self);
JsonObject *_herald_block_editor_get_block    (HeraldBlockEditor *self,
                                               int                index);
void        _herald_block_editor_block_edited (HeraldBlockEditor *self);

/* herald-block-editor-form.c */
void        _herald_block_editor_build_form   (HeraldBlockEditor *self);
void        _herald_block_editor_fill_field_menu (HeraldBlockEditor *self);
char       *_herald_block_editor_summary      (JsonObject        *block);
void        _herald_block_editor_insert_field (HeraldBlockEditor *self,
                                               const char        *field);
void        _herald_block_editor_format       (HeraldBlockEditor *self,
                                               const char        *how);
void        _herald_block_editor_choose_image (HeraldBlockEditor *self,
                                               const char        *member);

G_END_DECLS
