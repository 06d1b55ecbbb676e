/* herald-sigv4.h — AWS Signature Version 4, for Amazon SES's HTTP API
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure computation, no network: a request described by its method, path,
 * query, headers and body becomes the canonical request, the string to
 * sign, the signing key and the Authorization header, each step as AWS
 * defines it. tests/data/sigv4/ holds AWS's published test suite, which
 * tests/unit/test-sigv4.c runs through every step.
 *
 *   req = herald_sigv4_request_new ("POST", "/v2/email/outbound-emails", NULL);
 *   herald_sigv4_request_add_header (req, "Host", "email.eu-west-1.amazonaws.com");
 *   herald_sigv4_request_add_header (req, "X-Amz-Date", "20261206T120000Z");
 *   herald_sigv4_request_set_body (req, body, len);
 *   authz = herald_sigv4_authorization (req, &key, "20261206T120000Z");
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *access_key_id;
  const char *secret_access_key;
  const char *region;                 /* "eu-west-1" */
  const char *service;                /* "ses" */
} HeraldSigV4Key;

typedef struct _HeraldSigV4Request HeraldSigV4Request;

HeraldSigV4Request *herald_sigv4_request_new        (const char               *method,
                                                     const char               *path,
                                                     const char               *query);
void                herald_sigv4_request_free       (HeraldSigV4Request       *req);
void                herald_sigv4_request_add_header (HeraldSigV4Request       *req,
                                                     const char               *name,
                                                     const char               *value);
void                herald_sigv4_request_set_body   (HeraldSigV4Request       *req,
                                                     const guint8             *body,
                                                     gsize                     len);

char               *herald_sigv4_canonical_request  (const HeraldSigV4Request *req);
char               *herald_sigv4_signed_headers     (const HeraldSigV4Request *req);
char               *herald_sigv4_scope              (const HeraldSigV4Key     *key,
                                                     const char               *amz_date);
char               *herald_sigv4_string_to_sign     (const char               *canonical_request,
                                                     const char               *amz_date,
                                                     const char               *scope);
void                herald_sigv4_signing_key        (const HeraldSigV4Key     *key,
                                                     const char               *amz_date,
                                                     guint8                    out[32]);
char               *herald_sigv4_authorization      (const HeraldSigV4Request *req,
                                                     const HeraldSigV4Key     *key,
                                                     const char               *amz_date);
char               *herald_sigv4_amz_date           (gint64                    unix_seconds);
char               *herald_sigv4_uri_encode         (const char               *text,
                                                     gboolean                  encode_slash);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldSigV4Request, herald_sigv4_request_free)

G_END_DECLS
