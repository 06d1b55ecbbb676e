/* herald-curl-tls.h — what Herald's libcurl clients share: a handle, TLS
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the engine's network layers only (app/send, app/mailbox): ui/ and
 * cli/ cannot include <curl/curl.h>.
 */
#pragma once

#include <gio/gio.h>
#include <curl/curl.h>

G_BEGIN_DECLS

void herald_curl_set_tls (CURL       *curl,
                          gboolean    require_tls,
                          const char *ca_file);

/* What each mail client (herald-smtp.c, herald-imap.c) keeps for its
 * handle. */
typedef struct
{
  CURL         *curl;                    /* NULL until started, after closing */
  long          connect_timeout;         /* seconds */
  long          response_timeout;        /* seconds for each answer */
  GCancellable *cancellable;             /* the transfer's under way, else NULL */
  char          errbuf[CURL_ERROR_SIZE]; /* libcurl's word on a failure */
} HeraldCurlMail;

/* What a mail client is, for its handle: one constant table in each. */
typedef struct
{
  gboolean              imap;              /* IMAP(S), else SMTP(S): the only protocols allowed */
  curl_write_callback   header_cb;         /* the server's lines */
  curl_debug_callback   debug_cb;          /* what goes out */
  GQuark              (*error_domain) (void);
  int                   error_code;        /* for a handle libcurl cannot start */
} HeraldCurlMailProtocol;

gboolean herald_curl_mail_start (HeraldCurlMail                *mail,
                                 const HeraldCurlMailProtocol  *protocol,
                                 const char                    *url,
                                 void                          *user_data,
                                 GError                       **error);
CURLcode herald_curl_mail_perform (HeraldCurlMail *mail,
                                   GCancellable   *cancellable);
void herald_curl_mail_close (HeraldCurlMail *mail,
                             long            timeout);
gboolean herald_curl_is_tls_error (CURLcode rc);
void herald_curl_wipe_secret (char **secret);

G_END_DECLS
