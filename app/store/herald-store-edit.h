/* herald-store-edit.h — lists and templates renamed, duplicated, deleted
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

gboolean herald_store_rename_list     (HeraldStore  *store,
                                       gint64        list_id,
                                       const char   *new_name,
                                       GError      **error);
gint64   herald_store_duplicate_list  (HeraldStore  *store,
                                       gint64        list_id,
                                       const char   *new_name,
                                       GError      **error);
gboolean herald_store_delete_list     (HeraldStore  *store,
                                       gint64        list_id,
                                       GError      **error);
gboolean herald_templates_rename      (HeraldStore  *store,
                                       gint64        template_id,
                                       const char   *new_name,
                                       GError      **error);
gint64   herald_templates_duplicate   (HeraldStore  *store,
                                       gint64        template_id,
                                       const char   *new_name,
                                       GError      **error);
gboolean herald_templates_delete      (HeraldStore  *store,
                                       gint64        template_id,
                                       GError      **error);
char    *herald_store_dup_copy_name   (HeraldStore  *store,
                                       gboolean      is_template,
                                       const char   *name);

G_END_DECLS
