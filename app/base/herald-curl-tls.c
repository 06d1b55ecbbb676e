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

/* The data of an answer nobody asked to keep (a NOOP's text): dropped,
 * not printed as libcurl would by default. */
static size_t
on_discard_cb (char   *buffer,
               size_t  size,
               size_t  nitems,
               void   *user_data)
{
  return size * nitems;
}

static int
on_progress_cb (void       *user_data,
                curl_off_t  dltotal,
                curl_off_t  dlnow,
                curl_off_t  ultotal,
                curl_off_t  ulnow)
{
  GCancellable **cancellable = user_data;

  return g_cancellable_is_cancelled (*cancellable) ? 1 : 0;
}

/**
 * herald_curl_watch_cancellable:
 * @cancellable: where the client keeps the cancellable of the transfer
 *   under way (%NULL between transfers)
 *
 * Stops a transfer of @curl once the cancellable in *@cancellable is
 * cancelled. libcurl asks only while progress is on (CURLOPT_NOPROGRESS
 * 0): the client turns it on for a transfer that has a cancellable.
 */
void
herald_curl_watch_cancellable (CURL          *curl,
                               GCancellable **cancellable)
{
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, cancellable);
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
 * handles live in worker threads), TCP keep-alive, the timeouts, and
 * the data of answers dropped. The caller adds its callbacks (its own
 * CURLOPT_WRITEFUNCTION to keep the data), TLS (herald_curl_set_tls())
 * and sign-in.
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
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_discard_cb);
  return curl;
}
