/* herald-ses.c — Amazon SES: API v2 SendEmail with the raw message
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each message is POST /v2/email/outbound-emails with
 *   {"FromEmailAddress": FROM, "Destination": {"ToAddresses": [RCPT]},
 *    "Content": {"Raw": {"Data": base64 of Herald's own message}}}
 * signed with AWS Signature Version 4 (app/base/herald-sigv4.c), so the
 * bytes SES sends on are the bytes the preview shows.
 *
 * What SES's answers mean is in herald-ses-judge.c.
 */
#define G_LOG_DOMAIN "herald-ses"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "herald-api-private.h"
#include "herald-ses.h"
#include "herald-sigv4.h"

#define SES_PATH "/v2/email/outbound-emails"
#define SES_ACCOUNT_PATH "/v2/email/account"

static char *
host_header (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  int port = g_uri_get_port (uri);
  gboolean v6 = strchr (host, ':') != NULL;
  gboolean usual = port < 0 || (port == 443 && g_strcmp0 (g_uri_get_scheme (uri), "https") == 0) ||
                   (port == 80 && g_strcmp0 (g_uri_get_scheme (uri), "http") == 0);

  if (usual)
    return v6 ? g_strdup_printf ("[%s]", host) : g_strdup (host);
  return v6 ? g_strdup_printf ("[%s]:%d", host, port) : g_strdup_printf ("%s:%d", host, port);
}

static GBytes *
request_body (const char *env_from,
              const char *rcpt,
              GBytes     *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = g_base64_encode (g_bytes_get_data (message, NULL), g_bytes_get_size (message));
  gsize len;
  char *text;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "FromEmailAddress");
  json_builder_add_string_value (b, env_from);
  json_builder_set_member_name (b, "Destination");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ToAddresses");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, rcpt);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "Content");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Raw");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Data");
  json_builder_add_string_value (b, data);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &len);
  return g_bytes_new_take (text, len);
}

/* @method @path?@query (@query encoded, nullable) on the account's
 * endpoint, signed; @body may be NULL. */
SoupMessage *
_herald_ses_signed_request (HeraldApiTransport  *self,
                            const char          *method,
                            const char          *path,
                            const char          *query,
                            GBytes              *body,
                            GError             **error)
{
  g_autofree char *url = g_strconcat (self->base_url, path, query != NULL ? "?" : "", query, NULL);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, error);
  g_autoptr(HeraldSigV4Request) req = NULL;
  g_autofree char *host = NULL;
  g_autofree char *date = NULL;
  g_autofree char *authz = NULL;
  HeraldSigV4Key key = {
    .access_key_id = self->account->api_key_id,
    .secret_access_key = self->secret,
    .region = self->account->api_region,
    .service = "ses",
  };
  SoupMessage *msg;
  SoupMessageHeaders *headers;

  if (uri == NULL)
    return NULL;
  host = host_header (uri);
  /* The signature's time is the wall clock's, not the engine's
   * (HERALD_NOW): AWS refuses a request more than minutes away from it. */
  date = herald_sigv4_amz_date (g_get_real_time () / G_USEC_PER_SEC);
  req = herald_sigv4_request_new (method, g_uri_get_path (uri), g_uri_get_query (uri));
  if (body != NULL)
    herald_sigv4_request_add_header (req, "Content-Type", "application/json");
  herald_sigv4_request_add_header (req, "Host", host);
  herald_sigv4_request_add_header (req, "X-Amz-Date", date);
  if (body != NULL)
    herald_sigv4_request_set_body (req, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  authz = herald_sigv4_authorization (req, &key, date);

  msg = soup_message_new_from_uri (method, uri);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Host", host);
  if (body != NULL)
    soup_message_headers_replace (headers, "Content-Type", "application/json");
  soup_message_headers_replace (headers, "X-Amz-Date", date);
  soup_message_headers_replace (headers, "Authorization", authz);
  return msg;
}

static SoupMessage *
ses_build (HeraldApiTransport   *self,
           const HeraldApiSend  *send,
           GBytes              **out_body,
           GError              **error)
{
  g_autoptr(GBytes) body = request_body (send->env_from, send->rcpt, send->message);
  SoupMessage *msg = _herald_ses_signed_request (self, "POST", SES_PATH, NULL, body, error);

  if (msg != NULL)
    *out_body = g_steal_pointer (&body);
  return msg;
}

static void
ses_judge (HeraldApiTransport     *self,
           const HeraldApiSend    *send,
           const HeraldApiAnswer  *answer,
           HeraldOutcome          *out)
{
  herald_ses_judge (answer->status, soup_message_headers_get_one (answer->headers, "x-amzn-ErrorType"),
                    answer->body, self->account->api_region, send->env_from, send->rcpt, out);
}

/* GetAccount: the key works (or at least is known: a key that may send but
 * not read the account gets AccessDenied, which is fine), and the
 * account's quota and rate for the summary. */
static gboolean
ses_probe (HeraldApiTransport  *self,
           GCancellable        *cancellable,
           GError             **error)
{
  g_autoptr(SoupMessage) msg = _herald_ses_signed_request (self, "GET", SES_ACCOUNT_PATH, NULL, NULL, error);
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *found = NULL;
  HeraldOutcome outcome = { 0 };
  const char *type;
  guint status;

  if (msg == NULL || (answer = _herald_api_fetch (self, msg, cancellable, error)) == NULL)
    return FALSE;
  status = soup_message_get_status (msg);
  type = soup_message_headers_get_one (soup_message_get_response_headers (msg), "x-amzn-ErrorType");
  found = herald_ses_describe_account (status, type, answer);
  if (found != NULL)
    {
      g_string_append_printf (self->parent.summary, "; %s", found);
      return TRUE;
    }
  herald_ses_judge (status, type, answer, self->account->api_region, self->account->from, "", &outcome);
  return _herald_api_probe_refused (self, &outcome, error);
}

const HeraldApiProvider_ _herald_ses_provider = {
  .display_name = "Amazon SES",
  .build = ses_build,
  .probe = ses_probe,
  .judge = ses_judge,
};

/**
 * herald_ses_apply_quota:
 * @account: an Amazon SES account; its limits are changed
 * @secret: its secret access key
 *
 * SES's quota as the account's limits in force: GetAccount's
 * SendQuota.MaxSendRate and Max24HourSend, each taking the place of the
 * account's own per-second and daily limit when it is lower (or when the
 * account has none). Other accounts are left as they are.
 *
 * Returns: %FALSE with @error set when the quota could not be read (the
 *   account's own limits then stay: a key that may only send cannot read
 *   it); the caller says so and goes on
 */
gboolean
herald_ses_apply_quota (HeraldAccount  *account,
                        const char     *secret,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_autoptr(HeraldTransport) transport = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  HeraldApiTransport *self;
  double max_24h, max_rate;
  guint status;

  if (account->kind != HERALD_ACCOUNT_API || account->api != HERALD_API_SES)
    return TRUE;
  if ((transport = _herald_api_transport_new (&_herald_ses_provider, account, secret, error)) == NULL)
    return FALSE;
  self = (HeraldApiTransport *) transport;
  if (!_herald_api_transport_prepare (self, error) ||
      (msg = _herald_ses_signed_request (self, "GET", SES_ACCOUNT_PATH, NULL, NULL, error)) == NULL ||
      (answer = _herald_api_fetch (self, msg, cancellable, error)) == NULL)
    return FALSE;
  status = soup_message_get_status (msg);
  if (status != 200 || !herald_ses_parse_quota (answer, &max_24h, &max_rate))
    {
      g_autofree char *words = herald_api_describe (status, soup_message_headers_get_one (
                                                      soup_message_get_response_headers (msg), "x-amzn-ErrorType"),
                                                    NULL);

      g_set_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_PROTOCOL,
                   /* TRANSLATORS: %s is SES's answer, e.g. "HTTP 403 AccessDenied" */
                   _("Amazon SES did not give the account’s sending quota (%s), so only the account’s "
                     "own limits apply. Give its key the permission ses:GetAccount to use the quota."),
                   words);
      return FALSE;
    }
  if (max_rate > 0 && (account->rate_per_second <= 0 || max_rate < account->rate_per_second))
    account->rate_per_second = max_rate;
  if (max_24h > 0 && (account->daily_cap <= 0 || max_24h < (double) account->daily_cap))
    account->daily_cap = (gint64) max_24h;
  herald_transport_close (transport);
  return TRUE;
}
