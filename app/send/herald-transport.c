/* herald-transport.c — the one way messages leave Herald
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-transport"

#include "config.h"

#include <string.h>

#include "herald-address.h"
#include "herald-message.h"
#include "herald-transport.h"

G_DEFINE_QUARK (herald-transport-error-quark, herald_transport_error)

/**
 * herald_transport_init:
 *
 * For implementations: sets up the common part of a new transport.
 */
void
herald_transport_init (HeraldTransport            *self,
                       const HeraldTransportClass *klass)
{
  self->klass = klass;
  self->summary = g_string_new (NULL);
  self->is_open = FALSE;
}

/**
 * herald_transport_open:
 *
 * Connects and logs in (SMTP: connect, EHLO, STARTTLS, AUTH). On failure
 * @error is in %HERALD_TRANSPORT_ERROR (or %G_IO_ERROR_CANCELLED). Every
 * such error is campaign-wide (pause with its message) but
 * %HERALD_TRANSPORT_ERROR_LATER: the server asked to come back later, and
 * @self's open_outcome is the temporary outcome that means for a message.
 */
gboolean
herald_transport_open (HeraldTransport  *self,
                       GCancellable     *cancellable,
                       GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  g_string_truncate (self->summary, 0);
  herald_outcome_clear (&self->open_outcome);
  self->is_open = self->klass->open (self, cancellable, error);
  return self->is_open;
}

/**
 * herald_transport_send:
 * @env_from: the envelope sender (MAIL FROM), a bare address
 * @rcpt: the one envelope recipient (RCPT TO), a bare address
 * @message: the RFC 5322 bytes; line ends are made CRLF here
 * @out: (out caller-allocates): the outcome; clear it with herald_outcome_clear()
 *
 * Sends one message. Envelope addresses with CR, LF, NUL, spaces, "<" or
 * ">", and a recipient the import would refuse (a quoted part before the
 * @), are refused before anything is written to the server.
 */
void
herald_transport_send (HeraldTransport *self,
                       const char      *env_from,
                       const char      *rcpt,
                       GBytes          *message,
                       GCancellable    *cancellable,
                       HeraldOutcome   *out)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (self != NULL && message != NULL && out != NULL);

  memset (out, 0, sizeof *out);
  if (!herald_envelope_address_is_safe (env_from, &error))
    {
      herald_outcome_set (out, HERALD_OUTCOME_ACCOUNT_FAULT, 0, NULL, error->message);
      out->fault = HERALD_TRANSPORT_ERROR_CONFIG;
      return;
    }
  /* The recipient passes the one address rule the import applies too
   * (app/base/herald-address.c): what was refused there is refused here,
   * with the same words. */
  if (!herald_envelope_address_is_safe (rcpt, &error) ||
      !herald_address_is_acceptable (rcpt, &error))
    {
      herald_outcome_set (out, HERALD_OUTCOME_PERMANENT, 0, NULL, error->message);
      return;
    }
  self->klass->send (self, env_from, rcpt, message, cancellable, out);
}

/**
 * herald_transport_set_data_end_func:
 * @func: (nullable): called before each message's end of data may leave
 *
 * The sender's journal marks that moment (herald-journal.c): a message
 * whose end never left cannot have been delivered.
 */
void
herald_transport_set_data_end_func (HeraldTransport   *self,
                                    HeraldDataEndFunc  func,
                                    gpointer           user_data)
{
  self->data_end = func;
  self->data_end_data = user_data;
}

/**
 * herald_transport_data_end:
 *
 * For transports: the end of the message's data is about to leave.
 *
 * Returns: %FALSE when it must not (the message stops there)
 */
gboolean
herald_transport_data_end (HeraldTransport *self)
{
  return self->data_end == NULL || self->data_end (self->data_end_data);
}

/**
 * herald_transport_close:
 *
 * Says goodbye (SMTP: QUIT) and closes the connection. The transport can
 * be opened again.
 */
void
herald_transport_close (HeraldTransport *self)
{
  g_return_if_fail (self != NULL);

  self->klass->close (self);
  self->is_open = FALSE;
}

void
herald_transport_free (HeraldTransport *self)
{
  if (self == NULL)
    return;
  if (self->is_open)
    herald_transport_close (self);
  g_string_free (self->summary, TRUE);
  herald_outcome_clear (&self->open_outcome);
  self->klass->free (self);
}

gboolean
herald_transport_is_open (HeraldTransport *self)
{
  return self->is_open;
}

/**
 * herald_transport_get_summary:
 *
 * Returns: what the last open() found, e.g. "connected to smtp.example.com:587,
 *   STARTTLS, AUTH PLAIN accepted"
 */
const char *
herald_transport_get_summary (HeraldTransport *self)
{
  return self->summary->str;
}

/* ---- outcomes --------------------------------------------------------- */

void
herald_outcome_clear (HeraldOutcome *outcome)
{
  g_clear_pointer (&outcome->reply, g_free);
  g_clear_pointer (&outcome->message, g_free);
  g_clear_pointer (&outcome->provider_id, g_free);
}

/**
 * herald_smtp_parse_enhanced:
 * @text: a reply line's text after the code, e.g. "5.1.1 No such user"
 *
 * Copies an RFC 3463 status code ("class.subject.detail") that starts
 * @text into @out.
 */
gboolean
herald_smtp_parse_enhanced (const char *text,
                            char        out[16])
{
  const char *p = text;
  int parts = 0;

  out[0] = '\0';
  if (p == NULL || (*p != '2' && *p != '4' && *p != '5') || p[1] != '.')
    return FALSE;
  p += 2;
  while (parts < 2)
    {
      int digits = 0;

      while (g_ascii_isdigit (*p) && digits < 3)
        p++, digits++;
      if (digits == 0)
        return FALSE;
      parts++;
      if (parts < 2)
        {
          if (*p != '.')
            return FALSE;
          p++;
        }
    }
  if (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
    return FALSE;
  memcpy (out, text, p - text);
  out[p - text] = '\0';
  return TRUE;
}

/**
 * herald_outcome_set:
 * @reply: (nullable): the server's reply, "250 2.0.0 Ok" or several lines
 * @message: (nullable): for people
 *
 * Fills @outcome; the enhanced status is taken from @reply's last line.
 */
void
herald_outcome_set (HeraldOutcome     *outcome,
                    HeraldOutcomeKind  kind,
                    int                code,
                    const char        *reply,
                    const char        *message)
{
  herald_outcome_clear (outcome);
  outcome->kind = kind;
  outcome->code = code;
  /* A server's words go into the results log and onto terminals: valid
   * UTF-8, and no control characters but line breaks. */
  outcome->reply = reply != NULL ? g_utf8_make_valid (reply, -1) : NULL;
  for (char *p = outcome->reply; p != NULL && *p != '\0'; p++)
    if (((guchar) *p < 0x20 && *p != '\n') || *p == 0x7f)
      *p = '?';
  outcome->message = g_strdup (message);
  outcome->enhanced[0] = '\0';
  if (reply != NULL)
    {
      const char *last = strrchr (reply, '\n');

      last = last != NULL ? last + 1 : reply;
      if (strlen (last) > 4 && g_ascii_isdigit (last[0]))
        herald_smtp_parse_enhanced (last + 4, outcome->enhanced);
    }
}

const char *
herald_outcome_kind_to_string (HeraldOutcomeKind kind)
{
  switch (kind)
    {
    case HERALD_OUTCOME_ACCEPTED:      return "accepted";
    case HERALD_OUTCOME_TEMPORARY:     return "temporary";
    case HERALD_OUTCOME_PERMANENT:     return "permanent";
    case HERALD_OUTCOME_UNKNOWN:       return "unknown";
    case HERALD_OUTCOME_ACCOUNT_FAULT: return "account-fault";
    default:                           return "invalid";
    }
}
