/* herald-curl-tls.c — TLS settings shared by Herald's libcurl clients
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
