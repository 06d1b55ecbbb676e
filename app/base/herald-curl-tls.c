/* herald-curl-tls.c — what Herald's libcurl clients share: a handle, TLS
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "herald-curl-tls.h"

/**
 * herald_curl_set_tls:
 * @curl: a handle of SMTP (herald-smtp.c) or IMAP (herald-imap.c)
 * @require_tls: %FALSE only for an account set to no security
 * @ca_file: (nullable): a PEM file of an extra authority to trust
 *
 * Never falls back to plain text when TLS is asked for, and always checks
 * the server's certificate and name. @ca_file adds an authority: the
 * system's stay trusted as well (CAINFO alone would replace them).
 */
void
herald_curl_set_tls (CURL       *curl,
                     gboolean    require_tls,
                     const char *ca_file)
{
  char *capath = NULL;

  curl_easy_setopt (curl, CURLOPT_USE_SSL, require_tls ? (long) CURLUSESSL_ALL : (long) CURLUSESSL_NONE);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (ca_file == NULL)
    return;
  curl_easy_setopt (curl, CURLOPT_CAINFO, ca_file);
#if LIBCURL_VERSION_NUM >= 0x075400   /* 7.84: CURLINFO_CAPATH */
  if (curl_easy_getinfo (curl, CURLINFO_CAPATH, &capath) == CURLE_OK && capath != NULL)
    curl_easy_setopt (curl, CURLOPT_CAPATH, capath);
#else
  if (g_file_test ("/etc/ssl/certs", G_FILE_TEST_IS_DIR))
    curl_easy_setopt (curl, CURLOPT_CAPATH, "/etc/ssl/certs");
#endif
}

/**
 * herald_curl_new_mail_handle:
 * @imap: %TRUE for IMAP(S) (herald-imap.c), %FALSE for SMTP(S)
 *   (herald-smtp.c): the only protocols the handle may speak
 * @errbuf: (out caller-allocates): CURL_ERROR_SIZE bytes for libcurl's
 *   word on a failure
 * @connect_timeout: seconds for connecting
 * @response_timeout: seconds for each answer of the server
 *
 * A handle for @url with what both mail clients set: no signals (the
 * handles live in worker threads), TCP keep-alive and the timeouts. The
 * caller adds its callbacks, TLS (herald_curl_set_tls()) and sign-in.
 *
 * Returns: (transfer full) (nullable): the handle, or %NULL when libcurl
 *   cannot start one
 */
CURL *
herald_curl_new_mail_handle (const char *url,
                             gboolean    imap,
                             char       *errbuf,
                             long        connect_timeout,
                             long        response_timeout)
{
  CURL *curl = curl_easy_init ();

  if (curl == NULL)
    return NULL;
  curl_easy_setopt (curl, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500   /* 7.85 */
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, imap ? "imap,imaps" : "smtp,smtps");
#else
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS,
                    imap ? (long) (CURLPROTO_IMAP | CURLPROTO_IMAPS) : (long) (CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, connect_timeout);
  curl_easy_setopt (curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, response_timeout);
  curl_easy_setopt (curl, CURLOPT_TCP_KEEPALIVE, 1L);
  return curl;
}
