/* herald-unsubscribe.h — private unsubscribe tokens: who a link or an
 * unsubscribe mail is for, without the recipient's address
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every campaign message's unsubscribe link and address carry a token
 * made from the contact's and the list's ids with HMAC-SHA256, keyed by a
 * random secret made once per database (the `secrets` table). The token
 * holds the ids encrypted and a 128-bit tag over them; only this database
 * can make one or read it back, so nobody can unsubscribe someone else and
 * no address ends up in a web server’s logs. Base64url, 26 to 32
 * characters for a million contacts (50 at most).
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

#define HERALD_UNSUBSCRIBE_ERROR (herald_unsubscribe_error_quark ())

typedef enum
{
  HERALD_UNSUBSCRIBE_ERROR_INVALID,   /* not a token of this database */
} HeraldUnsubscribeError;

/* The database's key, for making and reading tokens without the store
 * (a merge renders in many threads). Immutable. */
typedef struct _HeraldUnsubscribeKey HeraldUnsubscribeKey;

GQuark                herald_unsubscribe_error_quark   (void);

HeraldUnsubscribeKey *herald_unsubscribe_key_load      (HeraldStore                 *store,
                                                        GError                     **error);
HeraldUnsubscribeKey *herald_unsubscribe_key_new       (GBytes                      *secret);
HeraldUnsubscribeKey *herald_unsubscribe_key_ref       (HeraldUnsubscribeKey        *key);
void                  herald_unsubscribe_key_unref     (HeraldUnsubscribeKey        *key);

char                 *herald_unsubscribe_key_make_token (const HeraldUnsubscribeKey *key,
                                                        gint64                       contact_id,
                                                        gint64                       list_id);
gboolean              herald_unsubscribe_key_verify    (const HeraldUnsubscribeKey  *key,
                                                        const char                  *token,
                                                        gint64                      *out_contact_id,
                                                        gint64                      *out_list_id,
                                                        GError                     **error);
char                 *herald_unsubscribe_key_dup_tag   (const HeraldUnsubscribeKey  *key);

gboolean              herald_unsubscribe_token_verify  (HeraldStore                 *store,
                                                        const char                  *token,
                                                        gint64                      *out_contact_id,
                                                        gint64                      *out_list_id,
                                                        GError                     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldUnsubscribeKey, herald_unsubscribe_key_unref)

G_END_DECLS
