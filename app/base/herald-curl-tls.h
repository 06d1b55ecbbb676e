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

CURL *herald_curl_new_mail_handle (const char *url,
                                   gboolean    imap,
                                   char       *errbuf,
                                   long        connect_timeout,
                                   long        response_timeout);
void herald_curl_watch_cancellable (CURL          *curl,
                                    GCancellable **cancellable);

G_END_DECLS
