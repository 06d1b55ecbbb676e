/* herald-business.h — the sender's business details, set once
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who sends, as the footer of every newsletter must say it (Japan's Act
 * on Specified Electronic Mail, and CAN-SPAM's postal address): the
 * business's name, its postal address and a contact (an address, a
 * telephone number). Templates show them as {{ sender_name }},
 * {{ sender_address }} and {{ sender_contact }}.
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

typedef struct
{
  char *name;       /* never NULL; "" when not set */
  char *address;    /* the postal address, one line */
  char *contact;    /* an e-mail address and/or a telephone number */
} HeraldBusiness;

HeraldBusiness *herald_business_load      (HeraldStore           *store,
                                           GError               **error);
gboolean        herald_business_save      (HeraldStore           *store,
                                           const HeraldBusiness  *business,
                                           GError               **error);
void            herald_business_free      (HeraldBusiness        *business);
const char     *herald_business_get_value (const HeraldBusiness  *business,
                                           const char            *field);

/* The merge fields that show them, in the order a footer shows them. */
extern const char * const herald_business_fields[];

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldBusiness, herald_business_free)

G_END_DECLS
