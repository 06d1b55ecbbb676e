/* herald-contacts.h — reading a list's contacts in order, streaming
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

typedef struct _HeraldContactCursor HeraldContactCursor;

typedef struct
{
  gint64        contact_id;
  gint64        member_id;    /* position in the list: import order */
  const char   *email;
  const char   *status;       /* "subscribed" or "unsubscribed" */
  /* Values aligned with herald_contact_cursor_get_fields(); "" when missing. */
  const char  **values;
} HeraldContactRow;

HeraldContactCursor *herald_contact_cursor_new        (HeraldStore          *store,
                                                       gint64                list_id,
                                                       GError              **error);
const char * const  *herald_contact_cursor_get_fields (HeraldContactCursor  *self);
const HeraldContactRow *
                     herald_contact_cursor_next       (HeraldContactCursor  *self,
                                                       GError              **error);
const char          *herald_contact_row_lookup        (HeraldContactCursor  *self,
                                                       const HeraldContactRow *row,
                                                       const char           *field);
void                 herald_contact_cursor_free       (HeraldContactCursor  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldContactCursor, herald_contact_cursor_free)

G_END_DECLS
