/* herald-manage.h — renaming, duplicating and deleting a list or a template
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-session.h"

G_BEGIN_DECLS

typedef enum
{
  HERALD_MANAGE_RENAME,
  HERALD_MANAGE_DUPLICATE,
  HERALD_MANAGE_DELETE,
} HeraldManageOp;

/* Called with the name typed, or for a deletion confirmed (@name NULL). */
typedef void (*HeraldManageAnswer) (GtkWidget  *page,
                                    const char *name);

void        herald_manage_ask_name   (GtkWidget          *page,
                                      const char         *heading,
                                      const char         *initial,
                                      HeraldManageAnswer  answer);
void        herald_manage_ask_delete (GtkWidget          *page,
                                      const char         *heading,
                                      const char         *body,
                                      HeraldManageAnswer  answer);
/* What to do to which list or template. */
typedef struct
{
  gboolean        is_template;  /* a template, else an address list */
  HeraldManageOp  op;
  gint64          id;
  const char     *name;         /* nullable: the new name (rename), the name the copy's is made from (duplicate) */
} HeraldManageRequest;

void        herald_manage_run_async  (HeraldSession             *session,
                                      const HeraldManageRequest *request,
                                      GCancellable              *cancellable,
                                      GAsyncReadyCallback        callback,
                                      gpointer                   user_data);
/* Returns: (transfer full) (nullable): the name the list or template now
 * has (the copy's, for a duplicate), or NULL with @error set; @out_id:
 * the copy's id. A deletion returns "". */
char       *herald_manage_run_finish (HeraldSession      *session,
                                      GAsyncResult       *result,
                                      gint64             *out_id,
                                      GError            **error);

G_END_DECLS
