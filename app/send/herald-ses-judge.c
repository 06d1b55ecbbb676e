/* herald-ses-judge.c — what Amazon SES's answer to a SendEmail means
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same verdicts as SMTP's (herald-verdict.c):
 *   200                      accepted; its MessageId is kept
 *   429, Throttling…         temporary, and the account slows down (as 421:
 *                            the enhanced status 4.7.0)
 *   5xx                      temporary: tried again with backoff
 *   403/401 (the key, the signature), a suspended account, the daily
 *                            quota used up, an address not verified (the
 *                            From, or any while the account is in SES's
 *                            sandbox): the account's fault, the campaign
 *                            pauses with the reason
 *   other 4xx                this message failed (a recipient's problem
 *                            when SES names the recipient)
 *
 * Apart from the transport (herald-ses.c) so that unit tests and a fuzz
 * target (tests/fuzz/fuzz-ses.c) can feed it any answer.
 */
#define G_LOG_DOMAIN "herald-ses"

#include "config.h"

#include <math.h>

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "herald-ses.h"
#include "herald-api-json.h"

/**
 * herald_api_describe:
 * @type: (nullable): the provider's name for the error
 * @text: (nullable): its words
 *
 * Returns: (transfer full): "HTTP 400 MessageRejected: words", one line,
 *   at most about 500 bytes, for the results log
 */
char *
herald_api_describe (guint       status,
                     const char *type,
                     const char *text)
{
  GString *out = g_string_new (NULL);
  /* Valid UTF-8 before measuring: made valid later, it would grow. */
  g_autofree char *t = type != NULL ? g_utf8_make_valid (type, -1) : NULL;
  g_autofree char *w = text != NULL ? g_utf8_make_valid (text, -1) : NULL;

  g_string_printf (out, "HTTP %u", status);
  if (t != NULL && *t != '\0')
    g_string_append_printf (out, " %s", t);
  if (w != NULL && *w != '\0')
    g_string_append_printf (out, "%s %s", t != NULL && *t != '\0' ? ":" : "", w);
  for (char *p = out->str; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  if (out->len > 500)
    {
      const char *end = g_utf8_find_prev_char (out->str, out->str + 497);

      g_string_truncate (out, end != NULL ? (gsize) (end - out->str) : 0);
      g_string_append (out, "…");
    }
  return g_string_free (out, FALSE);
}

/* Whether the provider's words name @address (compared without case). */
gboolean
herald_api_names (const char *text,
                  const char *address)
{
  g_autofree char *t = NULL;
  g_autofree char *a = NULL;

  g_autofree char *valid_text = NULL;
  g_autofree char *valid_address = NULL;

  if (text == NULL || address == NULL || *address == '\0')
    return FALSE;
  /* The words are the provider's: any bytes. g_utf8_casefold() takes
   * valid UTF-8 only (it reads past the end of anything else). */
  valid_text = g_utf8_make_valid (text, -1);
  valid_address = g_utf8_make_valid (address, -1);
  t = g_utf8_casefold (valid_text, -1);
  a = g_utf8_casefold (valid_address, -1);
  return strstr (t, a) != NULL;
}

/* The error's name from x-amzn-ErrorType ("Name:http://…") or the
 * body's "__type" ("…#Name") or "code", and its words. */
static void
read_error (const char  *type,
            JsonObject  *obj,
            char       **out_type,
            char       **out_text)
{
  const char *text = NULL;

  if ((type == NULL || *type == '\0') && obj != NULL)
    {
      type = json_object_get_string_member_with_default (obj, "__type", NULL);
      if (type == NULL)
        type = json_object_get_string_member_with_default (obj, "code", NULL);
      if (type == NULL)
        type = json_object_get_string_member_with_default (obj, "Code", NULL);
    }
  if (obj != NULL)
    {
      text = json_object_get_string_member_with_default (obj, "message", NULL);
      if (text == NULL)
        text = json_object_get_string_member_with_default (obj, "Message", NULL);
    }
  if (type != NULL)
    {
      const char *hash = strrchr (type, '#');
      const char *colon;

      if (hash != NULL)
        type = hash + 1;
      colon = strchr (type, ':');
      *out_type = colon != NULL ? g_strndup (type, colon - type) : g_strdup (type);
    }
  *out_text = g_strdup (text);
}

static gboolean
type_is (const char *type,
         const char *name)
{
  return type != NULL && g_str_has_prefix (type, name);
}

/**
 * herald_api_json_object:
 * @parser: holds what the answer is read into
 * @body: (nullable): an HTTP answer's body
 *
 * Returns: (transfer none) (nullable): @body as a JSON object, or %NULL
 *   when it is empty, over 1 MiB, not JSON or not an object
 */
JsonObject *
herald_api_json_object (JsonParser *parser,
                        GBytes     *body)
{
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  JsonNode *root;

  if (data == NULL || len == 0 || len >= 1024 * 1024 ||
      !json_parser_load_from_data (parser, data, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_node_get_object (root);
}

/**
 * herald_api_set:
 * @enhanced: (nullable): an enhanced status code to report ("4.7.0"
 *   slows the account down)
 *
 * herald_outcome_set() for an HTTP answer, with its enhanced code.
 */
void
herald_api_set (HeraldOutcome     *out,
                HeraldOutcomeKind  kind,
                guint              status,
                const char        *reply,
                const char        *message,
                const char        *enhanced)
{
  herald_outcome_set (out, kind, (int) status, reply, message);
  g_strlcpy (out->enhanced, enhanced != NULL ? enhanced : "", sizeof out->enhanced);
}

/**
 * herald_api_accept:
 * @id_name: what the provider calls its message id ("MessageId")
 * @id: (nullable): the id it gave the message
 *
 * @out is an accepted message, with the provider's id kept (made valid
 * UTF-8) for matching its later bounce and complaint events.
 */
void
herald_api_accept (HeraldOutcome *out,
                   guint          status,
                   const char    *id_name,
                   const char    *id)
{
  g_autofree char *reply = herald_api_describe (status, id_name, id);

  herald_api_set (out, HERALD_OUTCOME_ACCEPTED, status, reply, NULL, NULL);
  out->provider_id = id != NULL ? g_utf8_make_valid (id, -1) : NULL;
}

/**
 * herald_ses_judge:
 * @error_type: (nullable): the answer's x-amzn-ErrorType header
 * @body: (nullable): the answer's body
 *
 * What SES's answer to one SendEmail means. Apart from the transport so
 * that a fuzz target and unit tests can feed it any answer.
 */
void
herald_ses_judge (guint                status,
                  const char          *error_type,
                  GBytes              *body,
                  const char          *region,
                  const char          *env_from,
                  const char          *rcpt,
                  HeraldOutcome       *out)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *type = NULL;
  g_autofree char *text = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *why = NULL;
  JsonObject *obj = herald_api_json_object (parser, body);


  if (status >= 200 && status < 300)
    {
      const char *id = obj != NULL ? json_object_get_string_member_with_default (obj, "MessageId", NULL) : NULL;

      herald_api_accept (out, status, "MessageId", id);
      return;
    }
  read_error (error_type, obj, &type, &text);
  reply = herald_api_describe (status, type, text);

  if (status == 429 || type_is (type, "Throttling") || type_is (type, "TooManyRequests"))
    {
      why = g_strdup (_("Amazon SES asks Herald to slow down; the message will be tried again "
                        "later, more slowly."));
      herald_api_set (out, HERALD_OUTCOME_TEMPORARY, status, reply, why, "4.7.0");
    }
  else if (status >= 500)
    {
      why = g_strdup (_("Amazon SES could not take the message now; it will be tried again later."));
      herald_api_set (out, HERALD_OUTCOME_TEMPORARY, status, reply, why, NULL);
    }
  else if (status == 401 || status == 403 || type_is (type, "InvalidSignature") ||
           type_is (type, "SignatureDoesNotMatch") || type_is (type, "UnrecognizedClient") ||
           type_is (type, "InvalidClientTokenId") || type_is (type, "IncompleteSignature") ||
           type_is (type, "AccessDenied"))
    {
      why = g_strdup_printf (_("Amazon SES refused the account’s access key. Check the access key "
                               "id and its secret, and that the key may send e-mail with SES in "
                               "the region “%s”."), region);
      herald_api_set (out, HERALD_OUTCOME_ACCOUNT_FAULT, status, reply, why, NULL);
      out->fault = HERALD_TRANSPORT_ERROR_AUTH;
    }
  else if (type_is (type, "LimitExceeded") || type_is (type, "SendingPaused") ||
           type_is (type, "AccountSuspended") || type_is (type, "MailFromDomainNotVerified") ||
           (type_is (type, "MessageRejected") &&
            (herald_api_names (text, env_from) || herald_api_names (text, "not verified"))))
    {
      why = g_strdup (_("Amazon SES will not send for this account now. Resume the campaign "
                        "once the account may send again (its quota renewed, its addresses "
                        "verified, its sending no longer paused)."));
      herald_api_set (out, HERALD_OUTCOME_ACCOUNT_FAULT, status, reply, why, NULL);
      out->fault = HERALD_TRANSPORT_ERROR_REFUSED;
    }
  else if (status == 404)
    {
      why = g_strdup (_("Amazon SES’s sending address was not found. Check the account’s "
                        "region and API endpoint."));
      herald_api_set (out, HERALD_OUTCOME_ACCOUNT_FAULT, status, reply, why, NULL);
      out->fault = HERALD_TRANSPORT_ERROR_CONFIG;
    }
  else if (herald_api_names (text, rcpt))
    {
      why = g_strdup (_("Amazon SES refused this recipient."));
      herald_api_set (out, HERALD_OUTCOME_PERMANENT, status, reply, why, NULL);
    }
  else
    {
      why = g_strdup (_("Amazon SES refused this message."));
      herald_api_set (out, HERALD_OUTCOME_PERMANENT, status, reply, why, NULL);
    }
}


/**
 * herald_ses_describe_account:
 * @error_type: (nullable): the answer's x-amzn-ErrorType header
 *
 * GetAccount's answer, for people: the sending quota and rate, whether
 * the account is still in SES's sandbox; or, when SES says the key may
 * not read the account (403 AccessDenied: a send-only key), that.
 *
 * Returns: (transfer full) (nullable): %NULL for any other answer
 */
char *
herald_ses_describe_account (guint       status,
                             const char *error_type,
                             GBytes     *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *obj = herald_api_json_object (parser, body), *quota = NULL;
  GString *out;

  if (status == 403)
    {
      const char *type = error_type != NULL ? error_type
                         : obj != NULL ? json_object_get_string_member_with_default (obj, "__type", "") : "";

      if (strstr (type, "AccessDenied") != NULL)
        return g_strdup (_("the key may send but not read the account’s quota"));
    }
  if (status != 200 || obj == NULL)
    return NULL;
  if (json_object_has_member (obj, "SendQuota") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "SendQuota")))
    quota = json_object_get_object_member (obj, "SendQuota");
  out = g_string_new (NULL);
  if (quota != NULL)
    /* TRANSLATORS: SES's quota: messages a day, messages a second, sent in the last 24 hours */
    g_string_append_printf (out, _("sending quota %.0f a day at %.0f a second, %.0f sent in the last 24 hours"),
                            json_object_get_double_member_with_default (quota, "Max24HourSend", 0),
                            json_object_get_double_member_with_default (quota, "MaxSendRate", 0),
                            json_object_get_double_member_with_default (quota, "SentLast24Hours", 0));
  else
    g_string_append (out, _("the account answered"));
  if (!json_object_get_boolean_member_with_default (obj, "ProductionAccessEnabled", TRUE))
    g_string_append_printf (out, "; %s", _("still in SES’s sandbox: only verified addresses get mail"));
  if (!json_object_get_boolean_member_with_default (obj, "SendingEnabled", TRUE))
    g_string_append_printf (out, "; %s", _("sending is paused for this account"));
  return g_string_free (out, FALSE);
}

/**
 * herald_ses_parse_quota:
 * @out_max_24h: (out): SendQuota.Max24HourSend (≤ 0: none given, or no limit)
 * @out_max_rate: (out): SendQuota.MaxSendRate (≤ 0: likewise)
 *
 * GetAccount's quota, as numbers.
 *
 * Returns: %FALSE when @body is not GetAccount's answer with a SendQuota
 */
gboolean
herald_ses_parse_quota (GBytes *body,
                        double *out_max_24h,
                        double *out_max_rate)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root = herald_api_json_object (parser, body), *q;
  JsonNode *quota;
  const char *names[] = { "Max24HourSend", "MaxSendRate" };
  double *outs[] = { out_max_24h, out_max_rate };

  *out_max_24h = *out_max_rate = 0;
  if (root == NULL ||
      (quota = json_object_get_member (root, "SendQuota")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (quota))
    return FALSE;
  q = json_node_get_object (quota);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *n = json_object_get_member (q, names[i]);
      GType type = n != NULL && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_value_type (n) : G_TYPE_INVALID;
      double v;

      if (type == G_TYPE_DOUBLE)
        v = json_node_get_double (n);
      else if (type == G_TYPE_INT64)
        v = (double) json_node_get_int (n);
      else
        continue;
      /* -1 is SES's "no limit"; nonsense is none given. */
      *outs[i] = isfinite (v) && v > 0 && v < 1e12 ? v : 0;
    }
  return TRUE;
}
