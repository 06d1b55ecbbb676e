/* herald-address.h — normalising and checking email addresses
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HERALD_ADDRESS_ERROR (herald_address_error_quark ())

typedef enum
{
  HERALD_ADDRESS_ERROR_EMPTY,
  HERALD_ADDRESS_ERROR_INVALID,
} HeraldAddressError;

/* The longest address SMTP carries (RFC 5321 4.5.3.1.3, path minus <>). */
#define HERALD_ADDRESS_MAX_LENGTH 254

GQuark    herald_address_error_quark    (void);

gboolean  herald_address_normalize_into (const char  *text,
                                         gssize       length,
                                         GString     *out,
                                         GError     **error);
char     *herald_address_normalize      (const char  *text,
                                         GError     **error);
gboolean  herald_address_is_valid       (const char  *address);
gboolean  herald_address_is_acceptable  (const char  *address,
                                         GError     **error);
char     *herald_address_dup_ascii      (const char  *address);
gboolean  herald_address_is_mobile_carrier (const char *email);

G_END_DECLS
