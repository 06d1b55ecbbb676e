/* herald-api-private.h — what the HTTP API transports share
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * herald-api-transport.c does the HTTP (libsoup, TLS verified, the end
 * of the data marked, no answer after a whole body = unknown); each
 * provider's file builds its request and judges its answers.
 */
#pragma once

#include <libsoup/soup.h>

#include "herald-transport.h"

G_BEGIN_DECLS

typedef struct _HeraldApiTransport HeraldApiTransport;

/* One message to one recipient, as the sender hands it over. */
typedef struct
{
  const char  *env_from;
  const char  *rcpt;
  GBytes      *message;             /* RFC 5322 bytes, CRLF line ends */
} HeraldApiSend;

/* The provider's HTTP answer to a send. */
typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
} HeraldApiAnswer;

typedef struct
{
  const char  *display_name;        /* "Amazon SES", for messages */
  /* The request for one message, and the body it carries. */
  SoupMessage *(*build) (HeraldApiTransport   *self,
                         const HeraldApiSend  *send,
                         GBytes              **out_body,
                         GError              **error);
  /* (nullable) Checks the account with a request that sends nothing
   * (when the transport opens: `account test`, a campaign's start) and
   * describes what it found in the transport's summary. */
  gboolean     (*probe) (HeraldApiTransport  *self,
                         GCancellable        *cancellable,
                         GError             **error);
  /* What an HTTP answer means. */
  void         (*judge) (HeraldApiTransport     *self,
                         const HeraldApiSend    *send,
                         const HeraldApiAnswer  *answer,
                         HeraldOutcome          *out);
} HeraldApiProvider_;

struct _HeraldApiTransport
{
  HeraldTransport            parent;
  const HeraldApiProvider_  *provider;
  HeraldAccount             *account;
  char                      *secret;
  char                      *base_url;     /* no trailing "/" */
  SoupSession               *session;
  guint                      timeout;      /* seconds for connecting and for each read */
};

HeraldTransport *_herald_api_transport_new (const HeraldApiProvider_  *provider,
                                            const HeraldAccount       *account,
                                            const char                *secret,
                                            GError                   **error);

gboolean         _herald_api_transport_prepare (HeraldApiTransport  *self,
                                                GError             **error);
SoupMessage     *_herald_ses_signed_request (HeraldApiTransport  *self,
                                             const char          *method,
                                             const char          *path,
                                             const char          *query,
                                             GBytes              *body,
                                             GError             **error);

GBytes          *_herald_api_fetch         (HeraldApiTransport        *self,
                                            SoupMessage               *msg,
                                            GCancellable              *cancellable,
                                            GError                   **error);

gboolean         _herald_api_probe_refused (HeraldApiTransport  *self,
                                            HeraldOutcome       *outcome,
                                            GError             **error);

extern const HeraldApiProvider_ _herald_ses_provider;
extern const HeraldApiProvider_ _herald_mailgun_provider;
extern const HeraldApiProvider_ _herald_sendgrid_provider;

G_END_DECLS
