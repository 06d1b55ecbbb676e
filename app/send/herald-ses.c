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
#include <json-glib/json-glib.h>

#include "herald-api-private.h"
#include "herald-ses.h"
#include "herald-sigv4.h"

#define SES_PATH "/v2/email/outbound-emails"

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

static SoupMessage *
ses_build (HeraldApiTransport  *self,
           const char          *env_from,
           const char          *rcpt,
           GBytes              *message,
           GBytes             **out_body,
           GError             **error)
{
  g_autofree char *url = g_strconcat (self->base_url, SES_PATH, NULL);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, error);
  g_autoptr(HeraldSigV4Request) req = NULL;
  g_autoptr(GBytes) body = NULL;
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
  body = request_body (env_from, rcpt, message);
  host = host_header (uri);
  /* The signature's time is the wall clock's, not the engine's
   * (HERALD_NOW): AWS refuses a request more than minutes away from it. */
  date = herald_sigv4_amz_date (g_get_real_time () / G_USEC_PER_SEC);
  req = herald_sigv4_request_new ("POST", g_uri_get_path (uri), NULL);
  herald_sigv4_request_add_header (req, "Content-Type", "application/json");
  herald_sigv4_request_add_header (req, "Host", host);
  herald_sigv4_request_add_header (req, "X-Amz-Date", date);
  herald_sigv4_request_set_body (req, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  authz = herald_sigv4_authorization (req, &key, date);

  msg = soup_message_new_from_uri ("POST", uri);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Host", host);
  soup_message_headers_replace (headers, "Content-Type", "application/json");
  soup_message_headers_replace (headers, "X-Amz-Date", date);
  soup_message_headers_replace (headers, "Authorization", authz);
  *out_body = g_steal_pointer (&body);
  return msg;
}

static void
ses_judge (HeraldApiTransport  *self,
           guint                status,
           SoupMessageHeaders  *headers,
           GBytes              *body,
           const char          *env_from,
           const char          *rcpt,
           HeraldOutcome       *out)
{
  herald_ses_judge (status, soup_message_headers_get_one (headers, "x-amzn-ErrorType"), body,
                    self->account->api_region, env_from, rcpt, out);
}

const HeraldApiProvider_ _herald_ses_provider = {
  .display_name = "Amazon SES",
  .build = ses_build,
  .judge = ses_judge,
};
