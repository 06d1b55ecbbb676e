/* herald-sendgrid-judge.c — what SendGrid's answer to a mail/send means
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same verdicts as SMTP's (herald-verdict.c):
 *   202                      accepted; its X-Message-Id is kept
 *   429                      temporary, and the account slows down (4.7.0)
 *   5xx                      temporary: tried again with backoff
 *   401                      the key was refused: the campaign pauses
 *   403                      the key may not send, or the From is not a
 *                            verified sender: pauses
 *   other 4xx                this message failed (a recipient's problem
 *                            when SendGrid names the recipient)
 * SendGrid's errors are {"errors": [{"message": …, "field": …}, …]}.
 */
#define G_LOG_DOMAIN "herald-sendgrid"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "herald-sendgrid.h"
#include "herald-ses.h"
#include "herald-api-json.h"

/* Every error's message (and field), joined by "; ". */
static char *
read_errors (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  GString *out = g_string_new (NULL);
  JsonObject *obj = herald_api_json_object (parser, body);
  JsonArray *errors;
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  if (obj == NULL)
    {
      if (data != NULL && len > 0)
        g_string_append_len (out, data, MIN (len, 1000));
      return g_string_free (out, FALSE);
    }
  if (!json_object_has_member (obj, "errors") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "errors")))
    return g_string_free (out, FALSE);
  errors = json_object_get_array_member (obj, "errors");
  for (guint i = 0; i < json_array_get_length (errors) && i < 10; i++)
    {
      JsonNode *node = json_array_get_element (errors, i);
      JsonObject *e;
      const char *message, *field;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      e = json_node_get_object (node);
      message = json_object_get_string_member_with_default (e, "message", NULL);
      field = json_object_get_string_member_with_default (e, "field", NULL);
      if (message == NULL)
        continue;
      g_string_append_printf (out, "%s%s", out->len > 0 ? "; " : "", message);
      if (field != NULL)
        g_string_append_printf (out, " (%s)", field);
    }
  return g_string_free (out, FALSE);
}

/**
 * herald_sendgrid_judge:
 * @message_id: (nullable): the answer's X-Message-Id header
 * @body: (nullable): the answer's body
 *
 * What SendGrid's answer to one mail/send means.
 */
void
herald_sendgrid_judge (guint          status,
                       const char    *message_id,
                       GBytes        *body,
                       const char    *rcpt,
                       HeraldOutcome *out)
{
  g_autofree char *text = NULL;
  g_autofree char *reply = NULL;

  if (status >= 200 && status < 300)
    {
      herald_api_accept (out, status, "X-Message-Id", message_id);
      return;
    }
  text = read_errors (body);
  reply = herald_api_describe (status, NULL, text);
  if (status == 429)
    herald_api_set (out, HERALD_OUTCOME_TEMPORARY, status, reply,
                    _("SendGrid asks Herald to slow down; the message will be tried again later, more slowly."),
                    "4.7.0");
  else if (status >= 500)
    herald_api_set (out, HERALD_OUTCOME_TEMPORARY, status, reply,
                    _("SendGrid could not take the message now; it will be tried again later."), NULL);
  else if (status == 401 || status == 403)
    {
      herald_api_set (out, HERALD_OUTCOME_ACCOUNT_FAULT, status, reply,
                      _("SendGrid refused the account’s API key, or the key may not send from this address. "
                        "Check the key (it needs the Mail Send permission) and that the From address is a "
                        "verified sender."), NULL);
      out->fault = HERALD_TRANSPORT_ERROR_AUTH;
    }
  else if (herald_api_names (text, rcpt))
    herald_api_set (out, HERALD_OUTCOME_PERMANENT, status, reply, _("SendGrid refused this recipient."), NULL);
  else
    herald_api_set (out, HERALD_OUTCOME_PERMANENT, status, reply, _("SendGrid refused this message."), NULL);
}

/**
 * herald_sendgrid_scopes_allow_sending:
 * @body: GET /v3/scopes's answer, {"scopes": ["mail.send", …]}
 *
 * Returns: whether the key has the Mail Send permission
 */
gboolean
herald_sendgrid_scopes_allow_sending (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *obj = herald_api_json_object (parser, body);
  JsonArray *scopes;

  if (obj == NULL)
    return FALSE;
  if (!json_object_has_member (obj, "scopes") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "scopes")))
    return FALSE;
  scopes = json_object_get_array_member (obj, "scopes");
  for (guint i = 0; i < json_array_get_length (scopes); i++)
    {
      JsonNode *node = json_array_get_element (scopes, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (node), "mail.send") == 0)
        return TRUE;
    }
  return FALSE;
}
