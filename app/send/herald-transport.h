/* herald-transport.h — the one way messages leave Herald
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A transport is opened once and then sends many messages, each over the
 * same kept-open connection. It belongs to one thread: a sending thread
 * makes its own transport and never shares it.
 *
 *   transport = herald_transport_new_for_account (account, password, &error);
 *   if (!herald_transport_open (transport, cancellable, &error))
 *     → HERALD_TRANSPORT_ERROR_LATER: the message is deferred
 *       (transport->open_outcome); any other: pause the campaign with
 *       error->message (an account fault)
 *   for each message:
 *     herald_transport_send (transport, from, rcpt, bytes, cancellable, &outcome);
 *     → outcome.kind: sent / deferred / failed / uncertain / pause
 *     herald_outcome_clear (&outcome);
 *   herald_transport_close (transport);     (QUIT)
 *   herald_transport_free (transport);
 */
#pragma once

#include <gio/gio.h>

#include "herald-account.h"

G_BEGIN_DECLS

#define HERALD_TRANSPORT_ERROR (herald_transport_error_quark ())

/* Why a transport could not open, or an ACCOUNT_FAULT outcome's fault.
 * Every one but LATER stops a campaign rather than fail its recipients. */
typedef enum
{
  HERALD_TRANSPORT_ERROR_CONFIG,      /* the account's settings cannot work */
  HERALD_TRANSPORT_ERROR_CONNECT,     /* host not found, connection refused or timed out */
  HERALD_TRANSPORT_ERROR_TLS,         /* no STARTTLS offered, handshake or certificate failed */
  HERALD_TRANSPORT_ERROR_AUTH,        /* the user name or password was refused */
  HERALD_TRANSPORT_ERROR_TIMEOUT,     /* the server stopped answering */
  HERALD_TRANSPORT_ERROR_PROTOCOL,    /* the server said something it should not have */
  HERALD_TRANSPORT_ERROR_REFUSED,     /* the server refused the session (e.g. 421, 554 greeting) */
  HERALD_TRANSPORT_ERROR_LOCAL,       /* the Outbox folder cannot be written */
  HERALD_TRANSPORT_ERROR_LATER,       /* the server asked to come back later (a 4xx while
                                       * opening: 421 greeting, 454 to STARTTLS); not
                                       * campaign-wide: open_outcome says what it means */
} HeraldTransportError;

typedef enum
{
  HERALD_OUTCOME_ACCEPTED,            /* 2xx after the final dot */
  HERALD_OUTCOME_TEMPORARY,           /* 4xx, or connection lost before the end of data */
  HERALD_OUTCOME_PERMANENT,           /* 5xx (enhanced status kept) */
  HERALD_OUTCOME_UNKNOWN,             /* lost after the final dot, before the reply */
  HERALD_OUTCOME_ACCOUNT_FAULT,       /* campaign-wide: the message was not sent */
} HeraldOutcomeKind;

typedef struct
{
  HeraldOutcomeKind kind;
  int               code;             /* the SMTP reply code, 0 when there was none */
  char              enhanced[16];     /* RFC 3463 status such as "5.1.1", or "" */
  char             *reply;            /* the server's whole last reply (lines joined by "\n"), or NULL */
  char             *message;          /* for people, translated: what happened; NULL when accepted */
  int               fault;            /* a HeraldTransportError when kind is ACCOUNT_FAULT */
  char             *provider_id;      /* an HTTP API's id for the message it accepted, or NULL */
} HeraldOutcome;

typedef struct _HeraldTransport HeraldTransport;

/* Called by a transport just before the end of a message's data can leave
 * (SMTP: before the last bytes are handed to the connection, the final dot
 * following them; the Outbox: before the rename into new/). Returns FALSE
 * to stop the message there: then it is not delivered. */
typedef gboolean (*HeraldDataEndFunc) (gpointer user_data);

/* For transport implementations. */
typedef struct
{
  const char *name;
  gboolean  (*open)  (HeraldTransport *self,
                      GCancellable    *cancellable,
                      GError         **error);
  void      (*send)  (HeraldTransport *self,
                      const char      *env_from,
                      const char      *rcpt,
                      GBytes          *message,
                      GCancellable    *cancellable,
                      HeraldOutcome   *out);
  void      (*close) (HeraldTransport *self);
  void      (*free)  (HeraldTransport *self);
} HeraldTransportClass;

struct _HeraldTransport
{
  const HeraldTransportClass *klass;
  GString                    *summary;    /* what open() found, for people */
  gboolean                    is_open;
  HeraldDataEndFunc           data_end;
  gpointer                    data_end_data;
  HeraldOutcome               open_outcome;  /* open() failed with LATER: a temporary
                                              * outcome for the message it was for */
};

GQuark           herald_transport_error_quark      (void);

void             herald_transport_init             (HeraldTransport            *self,
                                                    const HeraldTransportClass *klass);

HeraldTransport *herald_transport_new_for_account  (const HeraldAccount  *account,
                                                    const char           *password,
                                                    GError              **error);
gboolean         herald_transport_open             (HeraldTransport      *self,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
void             herald_transport_send             (HeraldTransport      *self,
                                                    const char           *env_from,
                                                    const char           *rcpt,
                                                    GBytes               *message,
                                                    GCancellable         *cancellable,
                                                    HeraldOutcome        *out);
void             herald_transport_set_data_end_func (HeraldTransport     *self,
                                                    HeraldDataEndFunc     func,
                                                    gpointer              user_data);
gboolean         herald_transport_data_end         (HeraldTransport      *self);
void             herald_transport_close            (HeraldTransport      *self);
void             herald_transport_free             (HeraldTransport      *self);
gboolean         herald_transport_is_open          (HeraldTransport      *self);
const char      *herald_transport_get_summary      (HeraldTransport      *self);

void             herald_outcome_clear              (HeraldOutcome        *outcome);
void             herald_outcome_set                (HeraldOutcome        *outcome,
                                                    HeraldOutcomeKind     kind,
                                                    int                   code,
                                                    const char           *reply,
                                                    const char           *message);
const char      *herald_outcome_kind_to_string     (HeraldOutcomeKind     kind);
gboolean         herald_smtp_parse_enhanced        (const char           *text,
                                                    char                  out[16]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldTransport, herald_transport_free)

G_END_DECLS
