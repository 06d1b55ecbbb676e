/* herald-sendgrid.c — SendGrid: v3 mail/send, Herald's message as fields
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SendGrid takes fields, not a raw message: Herald's own composed message
 * (the one the preview shows) is read back with GMime and each part of it
 * becomes SendGrid's field for it, so what SendGrid builds carries what
 * the preview shows:
 *   Subject, From, Reply-To    subject, from, reply_to
 *   the plain text, the HTML   content [text/plain, text/html]
 *   inline images (Content-ID) attachments, disposition inline, content_id
 *   attachments                attachments, disposition attachment
 *   Message-ID, List-Id, List-Unsubscribe, List-Unsubscribe-Post, X-…
 *                              headers
 * The one recipient is personalizations[0].to. Left to SendGrid: Date,
 * MIME-Version and the Content-* headers (it makes its own structure).
 * POST /v3/mail/send, "Authorization: Bearer KEY". Its answers are judged
 * in herald-sendgrid-judge.c.
 */
#define G_LOG_DOMAIN "herald-sendgrid"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>
#include <json-glib/json-glib.h>

#include "herald-api-private.h"
#include "herald-sendgrid.h"

typedef struct
{
  char       *text;
  char       *html;
  JsonArray  *attachments;
} Parts;

static void
add_address (JsonBuilder         *b,
             const char          *member,
             InternetAddressList *list)
{
  InternetAddress *ia;

  if (list == NULL || internet_address_list_length (list) < 1)
    return;
  ia = internet_address_list_get_address (list, 0);
  if (!INTERNET_ADDRESS_IS_MAILBOX (ia))
    return;
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "email");
  json_builder_add_string_value (b, internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (ia)));
  if (internet_address_get_name (ia) != NULL && *internet_address_get_name (ia) != '\0')
    {
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, internet_address_get_name (ia));
    }
  json_builder_end_object (b);
}

static GBytes *
decoded_content (GMimePart *part)
{
  GMimeStream *mem;
  GByteArray *array;
  GBytes *bytes;

  if (g_mime_part_get_content (part) == NULL)
    return g_bytes_new (NULL, 0);
  mem = g_mime_stream_mem_new ();
  g_mime_data_wrapper_write_to_stream (g_mime_part_get_content (part), mem);
  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
  bytes = g_bytes_new (array->data, array->len);
  g_object_unref (mem);
  return bytes;
}

static void
collect_part (GMimeObject *parent,
              GMimeObject *object,
              gpointer     user_data)
{
  Parts *parts = user_data;
  GMimeContentType *type = g_mime_object_get_content_type (object);
  const char *disposition = g_mime_object_get_disposition (object);
  gboolean attachment = g_strcmp0 (disposition, "attachment") == 0;
  g_autofree char *mime_type = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree char *base64 = NULL;
  JsonObject *item;
  GMimePart *part;

  if (!GMIME_IS_PART (object))
    return;
  part = GMIME_PART (object);
  if (GMIME_IS_TEXT_PART (object) && !attachment && g_mime_part_get_content_id (part) == NULL)
    {
      if (g_mime_content_type_is_type (type, "text", "plain") && parts->text == NULL)
        {
          parts->text = g_mime_text_part_get_text (GMIME_TEXT_PART (object));
          return;
        }
      if (g_mime_content_type_is_type (type, "text", "html") && parts->html == NULL)
        {
          parts->html = g_mime_text_part_get_text (GMIME_TEXT_PART (object));
          return;
        }
    }
  mime_type = g_mime_content_type_get_mime_type (type);
  content = decoded_content (part);
  base64 = g_base64_encode (g_bytes_get_data (content, NULL), g_bytes_get_size (content));
  item = json_object_new ();
  json_object_set_string_member (item, "content", base64);
  json_object_set_string_member (item, "type", mime_type);
  json_object_set_string_member (item, "filename", g_mime_part_get_filename (part) != NULL
                                                   ? g_mime_part_get_filename (part) : "attachment");
  if (!attachment && g_mime_part_get_content_id (part) != NULL)
    {
      json_object_set_string_member (item, "disposition", "inline");
      json_object_set_string_member (item, "content_id", g_mime_part_get_content_id (part));
    }
  else
    json_object_set_string_member (item, "disposition", "attachment");
  json_array_add_object_element (parts->attachments, item);
}

/* Headers SendGrid makes itself, or that have a field of their own. */
static gboolean
header_is_sendgrids (const char *name)
{
  static const char * const theirs[] = {
    "From", "To", "Cc", "Bcc", "Subject", "Reply-To", "Date", "MIME-Version",
    "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Content-ID",
  };

  for (guint i = 0; i < G_N_ELEMENTS (theirs); i++)
    if (g_ascii_strcasecmp (name, theirs[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
add_headers (JsonBuilder  *b,
             GMimeMessage *message)
{
  GMimeHeaderList *list = g_mime_object_get_header_list (GMIME_OBJECT (message));
  int n = g_mime_header_list_get_count (list);
  gboolean open = FALSE;

  for (int i = 0; i < n; i++)
    {
      GMimeHeader *header = g_mime_header_list_get_header_at (list, i);
      const char *name = g_mime_header_get_name (header);
      g_autofree char *value = NULL;

      if (header_is_sendgrids (name))
        continue;
      if (!open)
        {
          json_builder_set_member_name (b, "headers");
          json_builder_begin_object (b);
          open = TRUE;
        }
      /* The value as written, unfolded: it is ASCII (encoded words stay encoded). */
      value = g_strstrip (g_strdup (g_mime_header_get_raw_value (header)));
      for (char *p = value; *p != '\0'; p++)
        if (*p == '\r' || *p == '\n' || *p == '\t')
          *p = ' ';
      json_builder_set_member_name (b, name);
      json_builder_add_string_value (b, value);
    }
  if (open)
    json_builder_end_object (b);
}

/**
 * herald_sendgrid_request_body:
 * @message: Herald's composed message (RFC 5322 bytes)
 *
 * The v3 mail/send request for @message to @rcpt.
 *
 * Returns: (transfer full) (nullable): the JSON body, or %NULL when
 *   @message cannot be read
 */
GBytes *
herald_sendgrid_request_body (const char  *rcpt,
                              GBytes      *message,
                              GError     **error)
{
  g_autoptr(GObject) stream = G_OBJECT (g_mime_stream_mem_new_with_buffer (g_bytes_get_data (message, NULL),
                                                                          g_bytes_get_size (message)));
  g_autoptr(GObject) parser = G_OBJECT (g_mime_parser_new_with_stream (GMIME_STREAM (stream)));
  g_autoptr(GObject) message_object = G_OBJECT (g_mime_parser_construct_message (GMIME_PARSER (parser), NULL));
  GMimeMessage *msg = message_object != NULL ? GMIME_MESSAGE (message_object) : NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonArray) attachments = json_array_new ();
  Parts parts = { .attachments = attachments };
  gsize len;
  char *text;

  if (msg == NULL)
    {
      g_set_error_literal (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_LOCAL,
                           _("The message could not be read back to give it to SendGrid."));
      return NULL;
    }
  g_mime_message_foreach (msg, collect_part, &parts);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "personalizations");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "to");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "email");
  json_builder_add_string_value (b, rcpt);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  add_address (b, "from", g_mime_message_get_from (msg));
  add_address (b, "reply_to", g_mime_message_get_reply_to (msg));
  json_builder_set_member_name (b, "subject");
  json_builder_add_string_value (b, g_mime_message_get_subject (msg) != NULL ? g_mime_message_get_subject (msg) : "");
  json_builder_set_member_name (b, "content");
  json_builder_begin_array (b);
  /* SendGrid wants text/plain first, then text/html. */
  for (guint i = 0; i < 2; i++)
    {
      const char *value = i == 0 ? parts.text : parts.html;

      if (value == NULL)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, i == 0 ? "text/plain" : "text/html");
      json_builder_set_member_name (b, "value");
      json_builder_add_string_value (b, value);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (json_array_get_length (attachments) > 0)
    {
      json_builder_set_member_name (b, "attachments");
      json_builder_add_value (b, json_node_init_array (json_node_alloc (), attachments));
    }
  add_headers (b, msg);
  json_builder_end_object (b);
  g_free (parts.text);
  g_free (parts.html);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &len);
  return g_bytes_new_take (text, len);
}

static SoupMessage *
sendgrid_build (HeraldApiTransport   *self,
                const HeraldApiSend  *send,
                GBytes              **out_body,
                GError              **error)
{
  g_autofree char *url = g_strconcat (self->base_url, "/v3/mail/send", NULL);
  g_autofree char *authz = g_strconcat ("Bearer ", self->secret, NULL);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, error);
  g_autoptr(GBytes) body = NULL;
  SoupMessage *msg;

  if (uri == NULL || (body = herald_sendgrid_request_body (send->rcpt, send->message, error)) == NULL)
    {
      memset (authz, 0, strlen (authz));
      return NULL;
    }
  msg = soup_message_new_from_uri ("POST", uri);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Content-Type", "application/json");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authz);
  memset (authz, 0, strlen (authz));
  *out_body = g_steal_pointer (&body);
  return msg;
}

static void
sendgrid_judge (HeraldApiTransport     *self,
                const HeraldApiSend    *send,
                const HeraldApiAnswer  *answer,
                HeraldOutcome          *out)
{
  herald_sendgrid_judge (answer->status, soup_message_headers_get_one (answer->headers, "X-Message-Id"),
                         answer->body, send->rcpt, out);
}

/* GET /v3/scopes: any key may read its own permissions, so this checks
 * the key without sending, and whether it may send mail. */
static gboolean
sendgrid_probe (HeraldApiTransport  *self,
                GCancellable        *cancellable,
                GError             **error)
{
  g_autofree char *url = g_strconcat (self->base_url, "/v3/scopes", NULL);
  g_autofree char *authz = g_strconcat ("Bearer ", self->secret, NULL);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, error);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  HeraldOutcome outcome = { 0 };
  guint status;

  if (uri == NULL)
    return FALSE;
  msg = soup_message_new_from_uri ("GET", uri);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authz);
  memset (authz, 0, strlen (authz));
  if ((answer = _herald_api_fetch (self, msg, cancellable, error)) == NULL)
    return FALSE;
  status = soup_message_get_status (msg);
  if (status == 200)
    {
      if (!herald_sendgrid_scopes_allow_sending (answer))
        {
          g_set_error_literal (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_AUTH,
                               _("SendGrid knows the account’s API key, but the key may not send "
                                 "mail. Give it the Mail Send permission, or use another key."));
          return FALSE;
        }
      g_string_append_printf (self->parent.summary, "; %s", _("the key may send mail"));
      return TRUE;
    }
  herald_sendgrid_judge (status, NULL, answer, "", &outcome);
  return _herald_api_probe_refused (self, &outcome, error);
}

const HeraldApiProvider_ _herald_sendgrid_provider = {
  .display_name = "SendGrid",
  .build = sendgrid_build,
  .probe = sendgrid_probe,
  .judge = sendgrid_judge,
};
