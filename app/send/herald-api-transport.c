/* herald-api-transport.c — sending through a provider's HTTP API
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The HTTP half of the API transports (Amazon SES: herald-ses.c). Each
 * message is one HTTPS request on a kept-open connection of the
 * transport's own libsoup session, the certificate verified (the account's
 * CA file, when it has one, is what is trusted). The same guarantees as
 * SMTP:
 *
 * - the body is handed to libsoup by a stream that calls the worker's
 *   data-end hook before its last bytes can leave, as SMTP does before
 *   the final dot;
 * - a request whose body was written whole and that got no answer (the
 *   connection dropped, a timeout) is HERALD_OUTCOME_UNKNOWN: the provider
 *   may have it, and it is never sent again silently;
 * - lost before the body was whole: temporary, tried again later;
 * - no connection at all, or a certificate refused: the account's fault.
 *
 * The request is never repeated by libsoup: it is a POST, and its body a
 * stream that can be read once.
 */
#define G_LOG_DOMAIN "herald-api"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-api-private.h"
#include "herald-message.h"

#define DEFAULT_TIMEOUT 120

/* ---- a body that marks its end ------------------------------------------ */

#define HERALD_TYPE_DATA_END_STREAM (herald_data_end_stream_get_type ())
G_DECLARE_FINAL_TYPE (HeraldDataEndStream, herald_data_end_stream, HERALD, DATA_END_STREAM, GInputStream)

struct _HeraldDataEndStream
{
  GInputStream     parent_instance;
  GBytes          *bytes;
  gsize            pos;
  HeraldTransport *transport;
  gboolean         marked;
  gboolean         refused;
};

G_DEFINE_FINAL_TYPE (HeraldDataEndStream, herald_data_end_stream, G_TYPE_INPUT_STREAM)

static gssize
data_end_stream_read (GInputStream  *stream,
                      void          *buffer,
                      gsize          count,
                      GCancellable  *cancellable,
                      GError       **error)
{
  HeraldDataEndStream *self = HERALD_DATA_END_STREAM (stream);
  gsize len;
  const guint8 *data = g_bytes_get_data (self->bytes, &len);
  gsize n = MIN (count, len - self->pos);

  if (n == 0)
    return 0;
  /* These bytes end the body: the journal notes it before they go. */
  if (self->pos + n == len && !self->marked)
    {
      self->marked = TRUE;
      if (!herald_transport_data_end (self->transport))
        {
          self->refused = TRUE;
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sending was stopped."));
          return -1;
        }
    }
  memcpy (buffer, data + self->pos, n);
  self->pos += n;
  return (gssize) n;
}

static gboolean
data_end_stream_close (GInputStream  *stream,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return TRUE;
}

static void
herald_data_end_stream_finalize (GObject *object)
{
  HeraldDataEndStream *self = HERALD_DATA_END_STREAM (object);

  g_bytes_unref (self->bytes);
  G_OBJECT_CLASS (herald_data_end_stream_parent_class)->finalize (object);
}

static void
herald_data_end_stream_class_init (HeraldDataEndStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_data_end_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = data_end_stream_read;
  G_INPUT_STREAM_CLASS (klass)->close_fn = data_end_stream_close;
}

static void
herald_data_end_stream_init (HeraldDataEndStream *self)
{
}

/* ---- the transport ------------------------------------------------------ */

static void judge_no_answer (HeraldApiTransport *self,
                             const GError       *error,
                             gboolean            body_sent,
                             HeraldOutcome      *out);

/**
 * _herald_api_transport_prepare:
 *
 * The transport's libsoup session, made once: TLS verified against the
 * system's CAs or the account's CA file. Nothing is connected yet.
 */
gboolean
_herald_api_transport_prepare (HeraldApiTransport  *self,
                               GError             **error)
{
  if (self->session == NULL)
    {
      /* A kept-open connection the server has closed meanwhile would take
       * a whole request and answer nothing: the message would be uncertain
       * for nothing. Servers close idle connections after a minute or
       * more, so libsoup closes its own first, after 15 s. */
      self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                     "idle-timeout", 15,
                                                     "max-conns-per-host", 1,
                                                     "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                     NULL);
      if (self->account->ca_file != NULL)
        {
          g_autoptr(GError) local = NULL;
          g_autoptr(GTlsDatabase) db = g_tls_file_database_new (self->account->ca_file, &local);

          if (db == NULL)
            {
              g_set_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_CONFIG,
                           _("The CA certificate file “%s” cannot be read: %s. Give the path of "
                             "a PEM file."), self->account->ca_file, local->message);
              g_clear_object (&self->session);
              return FALSE;
            }
          soup_session_set_tls_database (self->session, db);
        }
    }
  return TRUE;
}

static gboolean
api_open (HeraldTransport  *transport,
          GCancellable     *cancellable,
          GError          **error)
{
  HeraldApiTransport *self = (HeraldApiTransport *) transport;

  if (!_herald_api_transport_prepare (self, error))
    return FALSE;
  /* TRANSLATORS: %s is a service, e.g. Amazon SES; the second its address */
  g_string_printf (transport->summary, _("%s at %s, over HTTPS"), self->provider->display_name,
                   self->base_url);
  return self->provider->probe == NULL || self->provider->probe (self, cancellable, error);
}

/**
 * _herald_api_fetch:
 *
 * Sends @msg, which carries no message, and reads the answer; no answer
 * is an error of HERALD_TRANSPORT_ERROR (TLS, CONNECT or TIMEOUT) that
 * says what to do.
 *
 * Returns: (transfer full) (nullable): the answer's body
 */
GBytes *
_herald_api_fetch (HeraldApiTransport  *self,
                   SoupMessage         *msg,
                   GCancellable        *cancellable,
                   GError             **error)
{
  g_autoptr(GError) local = NULL;
  HeraldOutcome outcome = { 0 };
  GBytes *answer = soup_session_send_and_read (self->session, msg, cancellable, &local);

  if (answer != NULL)
    return answer;
  judge_no_answer (self, local, FALSE, &outcome);
  if (outcome.kind == HERALD_OUTCOME_ACCOUNT_FAULT)
    g_set_error_literal (error, HERALD_TRANSPORT_ERROR, outcome.fault, outcome.message);
  else
    /* TRANSLATORS: %s is a service, e.g. Amazon SES; then its address and what went wrong */
    g_set_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_TIMEOUT,
                 _("%s (%s) did not answer: %s. Check the network, then try again."),
                 self->provider->display_name, self->base_url, local->message);
  herald_outcome_clear (&outcome);
  return NULL;
}

/**
 * _herald_api_probe_refused:
 * @outcome: (transfer full): the judged answer to a probe that did not
 *   find what it looked for
 *
 * Turns a probe's refusal into @error: a temporary outcome is kept as the
 * transport's open_outcome (the campaign tries again later) and is
 * HERALD_TRANSPORT_ERROR_LATER; an account's fault keeps its own code;
 * anything else is a protocol error.
 *
 * Returns: FALSE, always (for `return _herald_api_probe_refused (…);`)
 */
gboolean
_herald_api_probe_refused (HeraldApiTransport  *self,
                           HeraldOutcome       *outcome,
                           GError             **error)
{
  if (outcome->kind == HERALD_OUTCOME_TEMPORARY)
    {
      self->parent.open_outcome = *outcome;
      g_set_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_LATER, "%s %s",
                   outcome->message, outcome->reply);
      return FALSE;
    }
  g_set_error (error, HERALD_TRANSPORT_ERROR,
               outcome->kind == HERALD_OUTCOME_ACCOUNT_FAULT ? outcome->fault : HERALD_TRANSPORT_ERROR_PROTOCOL,
               "%s %s", outcome->message != NULL ? outcome->message : "", outcome->reply);
  herald_outcome_clear (outcome);
  return FALSE;
}

static gboolean
error_is_tls (const GError *error)
{
  return error->domain == G_TLS_ERROR ||
         (error->domain == G_IO_ERROR && error->code == G_IO_ERROR_CONNECTION_CLOSED &&
          strstr (error->message, "TLS") != NULL);
}

/* No answer to a request: what it means depends on how far it went. */
static void
judge_no_answer (HeraldApiTransport *self,
                 const GError       *error,
                 gboolean            body_sent,
                 HeraldOutcome      *out)
{
  const char *name = self->provider->display_name;
  g_autofree char *text = NULL;

  if (body_sent)
    {
      text = g_strdup_printf (_("The whole message reached %s, but no answer came (%s): it may "
                                "have been sent. Check the provider’s sending log before sending "
                                "it again."), name, error->message);
      herald_outcome_set (out, HERALD_OUTCOME_UNKNOWN, 0, NULL, text);
    }
  else if (error_is_tls (error))
    {
      text = g_strdup_printf (_("The secure connection to %s (%s) failed: %s. Check the "
                                "address and, for a private certificate, the account’s CA file."),
                              name, self->base_url, error->message);
      herald_outcome_set (out, HERALD_OUTCOME_ACCOUNT_FAULT, 0, NULL, text);
      out->fault = HERALD_TRANSPORT_ERROR_TLS;
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
           error->domain == G_RESOLVER_ERROR ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    {
      text = g_strdup_printf (_("Cannot connect to %s (%s): %s. Check the address and the "
                                "network, then resume the campaign."),
                              name, self->base_url, error->message);
      herald_outcome_set (out, HERALD_OUTCOME_ACCOUNT_FAULT, 0, NULL, text);
      out->fault = HERALD_TRANSPORT_ERROR_CONNECT;
    }
  else
    {
      text = g_strdup_printf (_("The connection to %s was lost before the message was sent "
                                "whole (%s); it will be tried again."), name, error->message);
      herald_outcome_set (out, HERALD_OUTCOME_TEMPORARY, 0, NULL, text);
    }
}

static void
on_wrote_body_cb (SoupMessage *msg,
                  gpointer     user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
api_send (HeraldTransport *transport,
          const char      *env_from,
          const char      *rcpt,
          GBytes          *message,
          GCancellable    *cancellable,
          HeraldOutcome   *out)
{
  HeraldApiTransport *self = (HeraldApiTransport *) transport;
  g_autoptr(GBytes) crlf = herald_message_normalize_crlf (message);
  HeraldApiSend send = { env_from, rcpt, crlf };
  HeraldApiAnswer reply;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(HeraldDataEndStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  gboolean body_sent = FALSE;

  msg = self->provider->build (self, &send, &body, &error);
  if (msg == NULL)
    {
      herald_outcome_set (out, HERALD_OUTCOME_PERMANENT, 0, NULL, error->message);
      return;
    }
  stream = g_object_new (HERALD_TYPE_DATA_END_STREAM, NULL);
  stream->bytes = g_bytes_ref (body);
  stream->transport = transport;
  soup_message_set_request_body (msg, NULL, G_INPUT_STREAM (stream), (gssize) g_bytes_get_size (body));
  g_signal_connect (msg, "wrote-body", G_CALLBACK (on_wrote_body_cb), &body_sent);

  answer = soup_session_send_and_read (self->session, msg, cancellable, &error);
  g_signal_handlers_disconnect_by_func (msg, on_wrote_body_cb, &body_sent);
  if (stream->refused)
    {
      herald_outcome_set (out, HERALD_OUTCOME_TEMPORARY, 0, NULL, _("Sending was stopped."));
      return;
    }
  if (answer == NULL)
    {
      judge_no_answer (self, error, body_sent, out);
      return;
    }
  reply = (HeraldApiAnswer) { soup_message_get_status (msg), soup_message_get_response_headers (msg), answer };
  self->provider->judge (self, &send, &reply, out);
}

static void
api_close (HeraldTransport *transport)
{
  HeraldApiTransport *self = (HeraldApiTransport *) transport;

  if (self->session != NULL)
    soup_session_abort (self->session);
}

static void
api_free (HeraldTransport *transport)
{
  HeraldApiTransport *self = (HeraldApiTransport *) transport;

  g_clear_object (&self->session);
  herald_account_free (self->account);
  if (self->secret != NULL)
    memset (self->secret, 0, strlen (self->secret));
  g_free (self->secret);
  g_free (self->base_url);
}

static const HeraldTransportClass api_class = {
  .name = "api",
  .open = api_open,
  .send = api_send,
  .close = api_close,
  .free = api_free,
};

HeraldTransport *
_herald_api_transport_new (const HeraldApiProvider_  *provider,
                           const HeraldAccount       *account,
                           const char                *secret,
                           GError                   **error)
{
  HeraldApiTransport *self;

  if (secret == NULL || *secret == '\0')
    {
      g_set_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_CONFIG,
                   _("The account “%s” has no API secret in the keyring. Store it again for this "
                     "account."), account->name);
      return NULL;
    }
  self = g_new0 (HeraldApiTransport, 1);
  herald_transport_init (&self->parent, &api_class);
  self->provider = provider;
  self->account = herald_account_copy (account);
  self->secret = g_strdup (secret);
  self->base_url = herald_account_dup_api_base_url (account);
  self->timeout = account->response_timeout > 0 ? account->response_timeout : DEFAULT_TIMEOUT;
  return &self->parent;
}
