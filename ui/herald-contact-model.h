/* herald-contact-model.h — a list's contacts, read from the store on demand
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "herald-list-store.h"
#include "herald-session.h"

G_BEGIN_DECLS

/* Rows read at a time, and how many such pages stay in memory. */
#define HERALD_CONTACT_MODEL_PAGE_SIZE 200
#define HERALD_CONTACT_MODEL_MAX_PAGES 16

#define HERALD_TYPE_CONTACT_MODEL (herald_contact_model_get_type ())

G_DECLARE_FINAL_TYPE (HeraldContactModel, herald_contact_model, HERALD, CONTACT_MODEL, GObject)

HeraldContactModel *herald_contact_model_new        (HeraldSession       *session,
                                                     gint64               list_id,
                                                     const char * const  *fields);
HeraldContactModel *herald_contact_model_new_sized  (HeraldSession       *session,
                                                     gint64               list_id,
                                                     const char * const  *fields,
                                                     gint64               n_contacts);
gint64              herald_contact_model_get_list_id (HeraldContactModel *self);
const char * const *herald_contact_model_get_fields (HeraldContactModel  *self);
void                herald_contact_model_set_query  (HeraldContactModel  *self,
                                                     const char          *search,
                                                     HeraldListSort       sort,
                                                     gboolean             descending);
void                herald_contact_model_reload     (HeraldContactModel  *self);
gboolean            herald_contact_model_is_counted (HeraldContactModel  *self);

G_END_DECLS
