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

HeraldContactItem *herald_contact_item_new             (const char          *email,
                                                        const char * const  *values);
HeraldContactItem *herald_contact_item_new_full        (gint64               contact_id,
                                                        gint64               member_id,
                                                        const char          *email,
                                                        const char          *status,
                                                        const char * const  *values);
HeraldContactItem *herald_contact_item_new_placeholder (void);
gboolean           herald_contact_item_is_placeholder  (HeraldContactItem   *self);
gint64             herald_contact_item_get_contact_id  (HeraldContactItem   *self);
gint64             herald_contact_item_get_member_id   (HeraldContactItem   *self);
const char        *herald_contact_item_get_email       (HeraldContactItem   *self);
const char        *herald_contact_item_get_status      (HeraldContactItem   *self);
const char        *herald_contact_item_get_value       (HeraldContactItem   *self,
                                                        guint                index);
void               herald_contact_item_set_value       (HeraldContactItem   *self,
                                                        guint                index,
                                                        const char          *value);
void               herald_contact_item_set_status      (HeraldContactItem   *self,
                                                        const char          *status);
const char        *herald_contact_item_get_consent     (HeraldContactItem   *self);
void               herald_contact_item_set_consent     (HeraldContactItem   *self,
                                                        const char          *consent);

G_END_DECLS
