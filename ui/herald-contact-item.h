/* herald-contact-item.h — one contact as a list model item
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HERALD_TYPE_CONTACT_ITEM (herald_contact_item_get_type ())

G_DECLARE_FINAL_TYPE (HeraldContactItem, herald_contact_item, HERALD, CONTACT_ITEM, GObject)

HeraldContactItem *herald_contact_item_new       (const char          *email,
                                                  const char * const  *values);
const char        *herald_contact_item_get_email (HeraldContactItem   *self);
const char        *herald_contact_item_get_value (HeraldContactItem   *self,
                                                  guint                index);

G_END_DECLS
