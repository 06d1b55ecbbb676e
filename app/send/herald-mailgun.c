/* herald-mailgun.c — Mailgun: messages.mime with the raw message
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each message is POST /v3/DOMAIN/messages.mime, a multipart/form-data
 * body with "to" (the one recipient) and "message" (Herald's own bytes,
 * so the preview is what is sent), HTTP basic authentication "api:KEY".
 * US accounts at api.mailgun.net, EU ones at api.eu.mailgun.net
 * (herald_account_dup_api_base_url()). Its answers are judged in
 * herald-mailgun-judge.c.
 */
#define G_LOG_DOMAIN "herald-mailgun"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-api-private.h"
#include "herald-mailgun.h"

static SoupMessage *
mailgun_build (HeraldApiTransport   *self,
               const HeraldApiSend  *send,
               GBytes              **out_body,
               GError              **error)
{
  g_autofree char *domain = g_uri_escape_string (self->account->api_domain, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s/v3/%s/messages.mime", self->base_url, domain);
  g_autofree char *credentials = g_strconcat ("api:", self->secret, NULL);
  g_autofree char *basic = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *authz = g_strconcat ("Basic ", basic, NULL);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, error);
  g_autoptr(SoupMultipart) form = NULL;
  SoupMessage *msg;

  memset (credentials, 0, strlen (credentials));
  if (uri == NULL)
    return NULL;
  form = soup_multipart_new ("multipart/form-data");
  soup_multipart_append_form_string (form, "to", send->rcpt);
  soup_multipart_append_form_file (form, "message", "message.mime", "message/rfc822", send->message);
  msg = soup_message_new_from_uri ("POST", uri);
  soup_multipart_to_message (form, soup_message_get_request_headers (msg), out_body);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authz);
  memset (basic, 0, strlen (basic));
  memset (authz, 0, strlen (authz));
  return msg;
}

static void
mailgun_judge (HeraldApiTransport     *self,
               const HeraldApiSend    *send,
               const HeraldApiAnswer  *answer,
               HeraldOutcome          *out)
{
  herald_mailgun_judge (answer->status, answer->body, self->account->api_domain, send->rcpt, out);
}

/* Mailgun has no request that checks a domain sending key without
 * sending (such keys may only send): say so rather than pretend. */
static gboolean
mailgun_probe (HeraldApiTransport  *self,
               GCancellable        *cancellable,
               GError             **error)
{
  g_string_append_printf (self->parent.summary, "; %s",
                          _("the key is not checked until the first message: Mailgun cannot check "
                            "a sending key without sending"));
  return TRUE;
}

const HeraldApiProvider_ _herald_mailgun_provider = {
  .display_name = "Mailgun",
  .build = mailgun_build,
  .probe = mailgun_probe,
  .judge = mailgun_judge,
};
