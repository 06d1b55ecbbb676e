/* herald-curl-tls.c — what Herald's libcurl clients share: a handle, TLS
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

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

/* Stops a transfer of @curl once the cancellable in *@cancellable is
 * cancelled. libcurl asks only while progress is on (CURLOPT_NOPROGRESS
 * 0): herald_curl_mail_perform() turns it on for a transfer that has a
 * cancellable. */
static void
watch_cancellable (CURL          *curl,
                   GCancellable **cancellable)
{
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, cancellable);
}

/**
 * herald_curl_mail_start:
 * @mail: the client's handle (%NULL before), with its timeouts set
 * @protocol: the client's protocol, callbacks and error
 * @url: where to connect
 * @user_data: for @protocol's callbacks
 * @error: set in @protocol's error domain, with its code, when libcurl
 *   cannot start a handle
 *
 * A handle for @url, in @mail, with what both mail clients set: no
 * signals (the handles live in worker threads), TCP keep-alive, the
 * timeouts, the header and debug callbacks (verbose on, so that the
 * debug callback sees the commands), a transfer stopped by @mail's
 * cancellable, and the data of answers dropped. The caller adds its other
 * callbacks (its own CURLOPT_WRITEFUNCTION to keep the data), TLS
 * (herald_curl_set_tls()) and sign-in.
 *
 * Returns: %FALSE when libcurl cannot start a handle
 */
gboolean
herald_curl_mail_start (HeraldCurlMail                *mail,
                        const HeraldCurlMailProtocol  *protocol,
                        const char                    *url,
                        void                          *user_data,
                        GError                       **error)
{
  CURL *curl = curl_easy_init ();

  if (curl == NULL)
    {
      g_set_error (error, protocol->error_domain (), protocol->error_code,
                   _("Cannot start the network library (libcurl)."));
      return FALSE;
    }
  curl_easy_setopt (curl, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500   /* 7.85 */
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, protocol->imap ? "imap,imaps" : "smtp,smtps");
#else
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS,
                    protocol->imap ? (long) (CURLPROTO_IMAP | CURLPROTO_IMAPS) : (long) (CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, mail->errbuf);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, mail->connect_timeout);
  curl_easy_setopt (curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, mail->response_timeout);
  curl_easy_setopt (curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_discard_cb);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, protocol->header_cb);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, user_data);
  curl_easy_setopt (curl, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt (curl, CURLOPT_DEBUGFUNCTION, protocol->debug_cb);
  curl_easy_setopt (curl, CURLOPT_DEBUGDATA, user_data);
  watch_cancellable (curl, &mail->cancellable);
  mail->curl = curl;
  return TRUE;
}

/**
 * herald_curl_mail_perform:
 * @cancellable: (nullable): stops this transfer
 *
 * One transfer of @mail's handle, stoppable by @cancellable (progress on
 * only when there is one).
 *
 * Returns: libcurl's result
 */
CURLcode
herald_curl_mail_perform (HeraldCurlMail *mail,
                          GCancellable   *cancellable)
{
  CURLcode rc;

  mail->cancellable = cancellable;
  curl_easy_setopt (mail->curl, CURLOPT_NOPROGRESS, cancellable != NULL ? 0L : 1L);
  rc = curl_easy_perform (mail->curl);
  mail->cancellable = NULL;
  return rc;
}

/**
 * herald_curl_mail_close:
 * @timeout: seconds to wait for the server's answer to QUIT or LOGOUT
 *
 * Closes @mail's handle, if any. libcurl says QUIT (SMTP) or LOGOUT
 * (IMAP) when the handle goes, waiting for the answer as long as the last
 * transfer's response timeout allows; a transfer that fails at once (an
 * empty URL) sets @timeout without touching the connection, so closing
 * never hangs on a server that stopped answering.
 */
void
herald_curl_mail_close (HeraldCurlMail *mail,
                        long            timeout)
{
  if (mail->curl == NULL)
    return;
  curl_easy_setopt (mail->curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout);
  curl_easy_setopt (mail->curl, CURLOPT_TIMEOUT, timeout);
  curl_easy_setopt (mail->curl, CURLOPT_URL, "");
  curl_easy_setopt (mail->curl, CURLOPT_NOPROGRESS, 1L);
  curl_easy_perform (mail->curl);
  g_clear_pointer (&mail->curl, curl_easy_cleanup);
}

/**
 * herald_curl_is_tls_error:
 *
 * Returns: whether @rc says the TLS layer failed (a certificate, the
 *   handshake, the authority file); not CURLE_USE_SSL_FAILED, the server
 *   that offers no STARTTLS, which each client words itself
 */
gboolean
herald_curl_is_tls_error (CURLcode rc)
{
  switch ((int) rc)
    {
    case CURLE_SSL_CONNECT_ERROR:          /* 35 */
    case 51:                               /* CURLE_PEER_FAILED_VERIFICATION before 7.62 */
    case CURLE_SSL_ENGINE_NOTFOUND:        /* 53 */
    case CURLE_SSL_ENGINE_SETFAILED:       /* 54 */
    case CURLE_SSL_CERTPROBLEM:            /* 58 */
    case CURLE_SSL_CIPHER:                 /* 59 */
    case CURLE_PEER_FAILED_VERIFICATION:   /* 60 */
    case CURLE_SSL_ENGINE_INITFAILED:      /* 66 */
    case CURLE_SSL_CACERT_BADFILE:         /* 77 */
    case CURLE_SSL_SHUTDOWN_FAILED:        /* 80 */
    case CURLE_SSL_CRL_BADFILE:            /* 82 */
    case CURLE_SSL_ISSUER_ERROR:           /* 83 */
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:   /* 90 */
    case CURLE_SSL_INVALIDCERTSTATUS:      /* 91 */
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * herald_curl_wipe_secret:
 * @secret: (inout) (nullable): a password or token; %NULL afterwards
 *
 * Overwrites the secret before freeing it, so that it does not linger
 * in freed memory.
 */
void
herald_curl_wipe_secret (char **secret)
{
  if (*secret != NULL)
    {
      memset (*secret, 0, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}
