/* herald-import-undo.h — undoing a list's last import
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

/* What an undo put back (or, from herald_import_undo_peek(), would). */
typedef struct
{
  gint64    imported_at;        /* when the import ran, Unix time */
  guint64   contacts_restored;  /* known contacts whose values went back */
  guint64   members_removed;    /* list members it had added */
  guint64   contacts_deleted;   /* contacts it had created */
  gboolean  list_removed;       /* it had created the list */
} HeraldImportUndo;

gboolean herald_import_undo_peek (HeraldStore       *store,
                                  const char        *list_name,
                                  HeraldImportUndo  *out,
                                  GError           **error);
gboolean herald_import_undo      (HeraldStore       *store,
                                  const char        *list_name,
                                  HeraldImportUndo  *out,
                                  GError           **error);

G_END_DECLS
