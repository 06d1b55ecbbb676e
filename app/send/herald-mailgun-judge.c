/* herald-mailgun-judge.c — what Mailgun's answer to a messages.mime means
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same verdicts as SMTP's (herald-verdict.c):
 *   200                      accepted; its id ("<…@DOMAIN>") is kept
 *   429                      temporary, and the account slows down (4.7.0)
 *   5xx                      temporary: tried again with backoff
 *   401, 403                 the key was refused: the campaign pauses
 *   402                      the account may not send (its plan): pauses
 *   404                      the domain is not the account's: pauses
 *   other 4xx                this message failed (a recipient's problem
 *                            when Mailgun names the recipient)
 * Mailgun answers JSON ({"message": …, "id": …}), and plain text for
 * some refusals ("Forbidden"): both are read.
 */
#define G_LOG_DOMAIN "herald-mailgun"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "herald-mailgun.h"
#include "herald-ses.h"
#include "herald-api-json.h"

/**
 * herald_mailgun_judge:
 * @body: (nullable): the answer's body
 *
 * What Mailgun's answer to one messages.mime means.
 */
void
herald_mailgun_judge (guint          status,
                      GBytes        *body,
                      const char    *domain,
                      const char    *rcpt,
                      HeraldOutcome *out)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *plain = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *why = NULL;
  const char *text = NULL;
  JsonObject *obj = herald_api_json_object (parser, body);
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  if (obj != NULL)
    text = json_object_get_string_member_with_default (obj, "message", NULL);
  else if (data != NULL && len > 0)
    text = plain = g_strndup (data, MIN (len, 1000));

  if (status >= 200 && status < 300)
    {
      const char *id = obj != NULL ? json_object_get_string_member_with_default (obj, "id", NULL) : NULL;

      herald_api_accept (out, status, "id", id);
      return;
    }
  reply = herald_api_describe (status, NULL, text);
  if (status == 429)
    {
      herald_api_set (out, HERALD_OUTCOME_TEMPORARY, status, reply,
                      _("Mailgun asks Herald to slow down; the message will be tried again later, more slowly."),
                      "4.7.0");
    }
  else if (status >= 500)
    herald_api_set (out, HERALD_OUTCOME_TEMPORARY, status, reply,
                    _("Mailgun could not take the message now; it will be tried again later."), NULL);
  else if (status == 401 || status == 403)
    {
      herald_api_set (out, HERALD_OUTCOME_ACCOUNT_FAULT, status, reply,
                      _("Mailgun refused the account’s API key. Check the key (a private API key, or a "
                        "sending key of this domain) and the account’s region."), NULL);
      out->fault = HERALD_TRANSPORT_ERROR_AUTH;
    }
  else if (status == 402)
    {
      herald_api_set (out, HERALD_OUTCOME_ACCOUNT_FAULT, status, reply,
                      _("Mailgun will not send for this account now (its plan or its limits). Resume the "
                        "campaign once it may send again."), NULL);
      out->fault = HERALD_TRANSPORT_ERROR_REFUSED;
    }
  else if (status == 404)
    {
      why = g_strdup_printf (_("Mailgun does not know the domain “%s” for this key. Check the "
                               "account’s domain and region."), domain);
      herald_api_set (out, HERALD_OUTCOME_ACCOUNT_FAULT, status, reply, why, NULL);
      out->fault = HERALD_TRANSPORT_ERROR_CONFIG;
    }
  else if (herald_api_names (text, rcpt))
    herald_api_set (out, HERALD_OUTCOME_PERMANENT, status, reply, _("Mailgun refused this recipient."), NULL);
  else
    herald_api_set (out, HERALD_OUTCOME_PERMANENT, status, reply, _("Mailgun refused this message."), NULL);
}
