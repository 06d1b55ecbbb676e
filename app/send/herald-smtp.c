/* herald-smtp.c — the SMTP transport, on libcurl
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One CURL easy handle per transport: libcurl keeps the connection in the
 * handle's cache between transfers, so every message after the first goes
 * straight to MAIL FROM over the open, authenticated connection. libcurl
 * hands each line the server answers to the header callback, which keeps
 * the whole last reply for the results log.
 *
 * libcurl closes the connection after a transfer that failed before the
 * end of data (a refused recipient included); the next message then
 * reconnects and logs in again, transparently.
 */
#define G_LOG_DOMAIN "herald-smtp"

#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <curl/curl.h>
#include <glib/gi18n-lib.h>

#include "herald-curl-tls.h"
#include "herald-message.h"
#include "herald-smtp.h"

#define DEFAULT_CONNECT_TIMEOUT   30
/* RFC 5321 §4.5.3.2.6: wait 10 minutes for the reply to the final dot; a
 * shorter wait makes the client give up on messages the server delivers,
 * and the re-send is a duplicate. */
#define DEFAULT_RESPONSE_TIMEOUT  600
#define OPEN_TIMEOUT              300L
#define QUIT_TIMEOUT              10
#define MAX_REPLY                 4096

typedef struct
{
  HeraldTransport     parent;

  HeraldCurlMail      mail;         /* the handle, its timeouts, cancellable, error text */
  char               *url;
  char               *host;
  guint               port;
  HeraldSecurity      security;
  char               *username;
  char               *password;     /* wiped when freed */
  char               *bearer;       /* XOAUTH2 token, wiped when freed */
  char               *ca_file;
  guint               n_connects;
  gboolean            alive;        /* the last transfer left the connection open */
  curl_socket_t       sock;         /* the connection's socket, or CURL_SOCKET_BAD */
  gboolean            smtputf8;     /* the server's EHLO offered SMTPUTF8 */
  gboolean            awaiting_reply;   /* a command (or the data) went out, no reply yet */

  /* The server's replies, from the header callback */
  GString            *reply;        /* lines of the reply being read */
  GString            *last_reply;   /* the last complete reply */
  int                 last_code;
  GString            *error_reply;  /* the first refusal (4xx/5xx): a QUIT's 221 may follow it */
  int                 error_code;
  gboolean            saw_354;
  int                 code_after_354;

  /* What open() saw */
  gboolean            sent_starttls;
  char                auth_used[32];
  char                tls_version[16];  /* "TLSv1.3", from libcurl's report */
  gboolean            in_ehlo;          /* the last command was EHLO */
  GString            *offered;          /* its keywords: "AUTH PLAIN LOGIN, SIZE 1000, …" */

  /* The message being sent */
  const char         *data;
  gsize               len;
  gsize               pos;
  gboolean            data_done;        /* the last bytes were handed over */
  gboolean            data_end_refused; /* … and the journal said not to */

} HeraldSmtp;

/* ---- libcurl callbacks ------------------------------------------------ */

static size_t
on_header_cb (char   *buffer,
              size_t  size,
              size_t  nitems,
              void   *user_data)
{
  HeraldSmtp *self = user_data;
  size_t n = size * nitems;
  size_t len = n;
  gboolean final;
  int code;

  while (len > 0 && (buffer[len - 1] == '\n' || buffer[len - 1] == '\r'))
    len--;
  if (len < 3 || !g_ascii_isdigit (buffer[0]) || !g_ascii_isdigit (buffer[1]) || !g_ascii_isdigit (buffer[2]))
    return n;

  code = (buffer[0] - '0') * 100 + (buffer[1] - '0') * 10 + (buffer[2] - '0');
  final = len == 3 || buffer[3] != '-';
  /* An EHLO keyword line: "250-SMTPUTF8" or "250 SMTPUTF8" */
  if (code == 250 && len == 12 && g_ascii_strncasecmp (buffer + 4, "SMTPUTF8", 8) == 0)
    self->smtputf8 = TRUE;
  /* Every keyword of EHLO's reply but its first line (the greeting),
   * printable ASCII only, for `account test`. */
  if (self->in_ehlo && code == 250 && self->reply->len > 0 && len > 4 && self->offered->len < 400)
    {
      if (self->offered->len > 0)
        g_string_append (self->offered, ", ");
      for (gsize i = 4; i < len && i < 100; i++)
        g_string_append_c (self->offered, g_ascii_isprint (buffer[i]) ? buffer[i] : '?');
    }

  if (self->reply->len < MAX_REPLY)
    {
      if (self->reply->len > 0)
        g_string_append_c (self->reply, '\n');
      g_string_append_len (self->reply, buffer, MIN (len, MAX_REPLY));
    }

  if (final)
    {
      GString *swap = self->last_reply;

      self->awaiting_reply = FALSE;
      self->last_reply = self->reply;
      self->reply = swap;
      g_string_truncate (self->reply, 0);
      self->last_code = code;
      if (code >= 400 && self->error_code == 0)
        {
          self->error_code = code;
          g_string_assign (self->error_reply, self->last_reply->str);
        }
      if (code == 354)
        self->saw_354 = TRUE;
      else if (self->saw_354 && self->code_after_354 == 0)
        self->code_after_354 = code;
    }
  return n;
}

/* Notes which commands went out: while opening, to say what the server
 * offered (never keeping more than the command's first words: AUTH lines
 * carry the credentials); and whether a reply is still owed, so that a
 * QUIT on a session out of step is not waited for. */
static int
on_debug_cb (CURL          *curl,
             curl_infotype  type,
             char          *data,
             size_t         size,
             void          *user_data)
{
  HeraldSmtp *self = user_data;

  if (type == CURLINFO_DATA_OUT)
    self->awaiting_reply = TRUE;
  /* libcurl's own report, e.g. "SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384" */
  if (type == CURLINFO_TEXT && size > 21 && strncmp (data, "SSL connection using ", 21) == 0)
    {
      size_t i;

      for (i = 0; i < sizeof self->tls_version - 1 && 21 + i < size; i++)
        {
          char c = data[21 + i];

          if (!g_ascii_isalnum (c) && c != '.' && c != '-' && c != '_')
            break;
          self->tls_version[i] = c;
        }
      self->tls_version[i] = '\0';
    }
  if (type != CURLINFO_HEADER_OUT)
    return 0;
  self->in_ehlo = size >= 4 && g_ascii_strncasecmp (data, "EHLO", 4) == 0;
  if (self->in_ehlo)
    g_string_truncate (self->offered, 0);   /* after STARTTLS the server says again */
  /* libcurl says QUIT after a transfer that failed too, and waits for the
   * answer as long as for any reply: after a reply that never came (a
   * timeout) that is the whole wait again. The socket shut down, the wait
   * ends at once. (libcurl calls this just after sending the line.) */
  if (size >= 4 && g_ascii_strncasecmp (data, "QUIT", 4) == 0 &&
      self->awaiting_reply && self->sock != CURL_SOCKET_BAD)
    shutdown (self->sock, SHUT_RDWR);
  self->awaiting_reply = TRUE;
  if (size >= 8 && g_ascii_strncasecmp (data, "STARTTLS", 8) == 0)
    self->sent_starttls = TRUE;
  else if (size > 5 && g_ascii_strncasecmp (data, "AUTH ", 5) == 0)
    {
      size_t i;

      for (i = 0; i < sizeof self->auth_used - 1 && 5 + i < size; i++)
        {
          char c = data[5 + i];

          if (!g_ascii_isalnum (c) && c != '-' && c != '_')
            break;
          self->auth_used[i] = c;
        }
      self->auth_used[i] = '\0';
    }
  return 0;
}

static int
on_sockopt_cb (void          *user_data,
               curl_socket_t  fd,
               curlsocktype   purpose)
{
  HeraldSmtp *self = user_data;

  self->sock = fd;
  self->awaiting_reply = FALSE;
  self->smtputf8 = FALSE;       /* until this connection's EHLO says */
  return CURL_SOCKOPT_OK;
}

static int
on_close_socket_cb (void          *user_data,
                    curl_socket_t  fd)
{
  HeraldSmtp *self = user_data;

  if (fd == self->sock)
    self->sock = CURL_SOCKET_BAD;
  return close (fd);
}

static size_t
on_read_cb (char   *buffer,
            size_t  size,
            size_t  nitems,
            void   *user_data)
{
  HeraldSmtp *self = user_data;
  size_t n = MIN (size * nitems, self->len - self->pos);

  /* libcurl stops reading at the size it was given, without asking for
   * the 0 that ends the data, and sends the final dot right after these
   * last bytes: the journal marks the end of data before they go. */
  if (self->pos + n == self->len && !self->data_done)
    {
      if (!herald_transport_data_end (&self->parent))
        {
          self->data_end_refused = TRUE;
          return CURL_READFUNC_ABORT;
        }
      self->data_done = TRUE;
    }
  memcpy (buffer, self->data + self->pos, n);
  self->pos += n;
  return n;
}

/* ---- errors ----------------------------------------------------------- */

/* The account-wide faults: the message was not sent, and sending more
 * will not work until the person fixes something. */
static int
classify_fault (CURLcode rc)
{
  if (herald_curl_is_tls_error (rc) || rc == CURLE_USE_SSL_FAILED)
    return HERALD_TRANSPORT_ERROR_TLS;
  switch (rc)
    {
    case CURLE_LOGIN_DENIED:
      return HERALD_TRANSPORT_ERROR_AUTH;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      return HERALD_TRANSPORT_ERROR_CONNECT;
    case CURLE_REMOTE_ACCESS_DENIED:
      return HERALD_TRANSPORT_ERROR_REFUSED;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return HERALD_TRANSPORT_ERROR_CONFIG;
    default:
      return -1;
    }
}

static const char *
detail (HeraldSmtp *self,
        CURLcode    rc)
{
  return self->mail.errbuf[0] != '\0' ? self->mail.errbuf : curl_easy_strerror (rc);
}

/* The reply that matters: the refusal, else the last one. */
static const char *
decisive_reply (HeraldSmtp *self)
{
  if (self->error_reply->len > 0)
    return self->error_reply->str;
  return self->last_reply->len > 0 ? self->last_reply->str : NULL;
}

static const char *
server_said (HeraldSmtp *self)
{
  const char *reply = decisive_reply (self);

  return reply != NULL ? reply : _("nothing");
}

/* A sentence a person can act on, for a failed connect, STARTTLS or login. */
static char *
describe_fault (HeraldSmtp *self,
                CURLcode    rc,
                int        *out_code)
{
  int code = classify_fault (rc);

  /* A 4xx while opening (a 421 greeting, a 454 to STARTTLS or AUTH): the
   * server asks to come back later, like any temporary refusal. */
  if (self->error_code / 100 == 4 && rc != CURLE_OPERATION_TIMEDOUT)
    code = HERALD_TRANSPORT_ERROR_LATER;
  else if (code < 0 && rc == CURLE_OPERATION_TIMEDOUT)
    code = HERALD_TRANSPORT_ERROR_TIMEOUT;
  else if (code < 0 && (rc == CURLE_WEIRD_SERVER_REPLY || rc == CURLE_SEND_ERROR) && self->error_code >= 400)
    code = HERALD_TRANSPORT_ERROR_REFUSED;
  else if (code < 0 && rc == CURLE_WEIRD_SERVER_REPLY)
    code = HERALD_TRANSPORT_ERROR_PROTOCOL;
  else if (code < 0)
    code = HERALD_TRANSPORT_ERROR_CONNECT;
  *out_code = code;

  if (rc == CURLE_USE_SSL_FAILED && self->sent_starttls && code == HERALD_TRANSPORT_ERROR_LATER)
    return g_strdup_printf (_("The server %s cannot start an encrypted connection just now "
                              "(it said: %s); nothing was sent. Try again in a while."),
                            self->host, server_said (self));
  if (rc == CURLE_USE_SSL_FAILED && self->sent_starttls)
    return g_strdup_printf (_("The server %s refused to start an encrypted connection (it "
                              "said: %s); nothing was sent. Ask your provider, or use the "
                              "security “tls” (usually port 465) if the server has it."),
                            self->host, server_said (self));
  if (code == HERALD_TRANSPORT_ERROR_LATER)
    return g_strdup_printf (_("The server %s asked to come back later (it said: %s); nothing "
                              "was sent. Try again in a while."),
                            self->host, server_said (self));
  if (rc == CURLE_USE_SSL_FAILED)
    return g_strdup_printf (_("The server %s does not offer STARTTLS, so the connection "
                              "cannot be encrypted; nothing was sent. Use the security “tls” "
                              "(usually port 465) if the server has it, or ask your provider."),
                            self->host);
  if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == 51)
    return g_strdup_printf (_("The certificate of %s is not trusted (%s); nothing was sent. "
                              "Check the host name. If your provider uses its own "
                              "certificate authority, give its certificate to the account."),
                            self->host, detail (self, rc));
  if (code == HERALD_TRANSPORT_ERROR_TLS)
    return g_strdup_printf (_("The encrypted connection to %s failed (%s); nothing was sent. "
                              "Check the port and the security setting (tls for port 465, "
                              "starttls for 587)."),
                            self->host, detail (self, rc));
  if (code == HERALD_TRANSPORT_ERROR_AUTH && self->bearer != NULL)
    return g_strdup_printf (_("The server %s refused the sign-in (it said: %s). Sign in again "
                              "to this account."),
                            self->host, server_said (self));
  if (code == HERALD_TRANSPORT_ERROR_AUTH)
    return g_strdup_printf (_("The server %s refused the user name or password (it said: %s). "
                              "Check the user name, store the password again, and try again."),
                            self->host, server_said (self));
  if (rc == CURLE_COULDNT_RESOLVE_HOST)
    return g_strdup_printf (_("Cannot find the server “%s”. Check the host name and the "
                              "network connection."),
                            self->host);
  if (rc == CURLE_COULDNT_CONNECT)
    return g_strdup_printf (_("Cannot connect to %s port %u (%s). Check the host and port, "
                              "and that the network allows the connection."),
                            self->host, self->port, detail (self, rc));
  if (code == HERALD_TRANSPORT_ERROR_TIMEOUT)
    return g_strdup_printf (_("The server %s stopped answering (%s). Try again later; if it "
                              "keeps happening, check the port and security setting."),
                            self->host, detail (self, rc));
  if (code == HERALD_TRANSPORT_ERROR_REFUSED)
    return g_strdup_printf (_("The server %s refused the session (it said: %s)."),
                            self->host, server_said (self));
  if (code == HERALD_TRANSPORT_ERROR_PROTOCOL)
    return g_strdup_printf (_("The server %s answered in a way that is not allowed (%s); "
                              "the connection was closed. If this is a security device "
                              "between you and the server, ask your network administrator."),
                            self->host, detail (self, rc));
  return g_strdup_printf (_("The connection to %s failed (%s)."), self->host, detail (self, rc));
}

/* ---- the transport ---------------------------------------------------- */

static void set_outcome (HeraldSmtp        *self,
                         HeraldOutcome     *out,
                         HeraldOutcomeKind  kind,
                         int                code,
                         const char        *message);

static void
reset_exchange (HeraldSmtp *self)
{
  g_string_truncate (self->reply, 0);
  g_string_truncate (self->last_reply, 0);
  self->last_code = 0;
  g_string_truncate (self->error_reply, 0);
  self->error_code = 0;
  self->saw_354 = FALSE;
  self->code_after_354 = 0;
  self->mail.errbuf[0] = '\0';
}

static CURLcode
perform (HeraldSmtp   *self,
         GCancellable *cancellable)
{
  CURLcode rc;
  long n_connects = 0;

  rc = herald_curl_mail_perform (&self->mail, cancellable);
  if (curl_easy_getinfo (self->mail.curl, CURLINFO_NUM_CONNECTS, &n_connects) == CURLE_OK)
    self->n_connects += (guint) n_connects;
  self->alive = rc == CURLE_OK;
  return rc;
}

static void
summarise_open (HeraldSmtp *self)
{
  GString *summary = self->parent.summary;

  /* TRANSLATORS: the start of “account test”’s report, e.g. “connected to smtp.example.com:587” */
  g_string_printf (summary, _("connected to %s:%u"), self->host, self->port);
  if (self->security == HERALD_SECURITY_TLS)
    g_string_append_printf (summary, ", %s", _("TLS"));
  else if (self->sent_starttls)
    g_string_append_printf (summary, ", %s", _("STARTTLS"));
  if (self->tls_version[0] != '\0' && (self->security == HERALD_SECURITY_TLS || self->sent_starttls))
    g_string_append_printf (summary, " (%s)", self->tls_version);
  else
    g_string_append_printf (summary, ", %s", _("no encryption (this computer only)"));
  if (self->auth_used[0] != '\0')
    /* TRANSLATORS: %s is the SASL mechanism, e.g. PLAIN */
    g_string_append_printf (summary, _(", AUTH %s accepted"), self->auth_used);
  else
    g_string_append_printf (summary, ", %s", _("no login"));
  if (self->offered->len > 0)
    /* TRANSLATORS: %s is the list of the server's EHLO keywords, e.g. "AUTH PLAIN LOGIN, SIZE 10240000, PIPELINING" */
    g_string_append_printf (summary, _("; the server offers: %s"), self->offered->str);
}

static gboolean
smtp_open (HeraldTransport  *transport,
           GCancellable     *cancellable,
           GError          **error)
{
  HeraldSmtp *self = (HeraldSmtp *) transport;
  CURLcode rc;

  reset_exchange (self);
  self->sent_starttls = FALSE;
  self->auth_used[0] = '\0';

  /* A NOOP needs the whole login first (connect, EHLO, STARTTLS, AUTH)
   * and leaves the connection open in the handle for the messages. */
  curl_easy_setopt (self->mail.curl, CURLOPT_UPLOAD, 0L);
  curl_easy_setopt (self->mail.curl, CURLOPT_MAIL_RCPT, NULL);
  curl_easy_setopt (self->mail.curl, CURLOPT_CUSTOMREQUEST, "NOOP");
  /* RFC 5321 §4.5.3.2: 5 minutes for the greeting; the 10 minutes are for
   * the end of data. */
  curl_easy_setopt (self->mail.curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, MIN (self->mail.response_timeout, OPEN_TIMEOUT));
  rc = perform (self, cancellable);
  curl_easy_setopt (self->mail.curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, self->mail.response_timeout);
  curl_easy_setopt (self->mail.curl, CURLOPT_CUSTOMREQUEST, NULL);

  if (rc == CURLE_OK)
    {
      summarise_open (self);
      return TRUE;
    }
  if (rc == CURLE_ABORTED_BY_CALLBACK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Connecting was stopped."));
      return FALSE;
    }
  {
    int code;
    g_autofree char *message = describe_fault (self, rc, &code);

    if (code == HERALD_TRANSPORT_ERROR_LATER)
      set_outcome (self, &self->parent.open_outcome, HERALD_OUTCOME_TEMPORARY, self->error_code, message);
    g_set_error_literal (error, HERALD_TRANSPORT_ERROR, code, message);
  }
  return FALSE;
}

static void
set_outcome (HeraldSmtp        *self,
             HeraldOutcome     *out,
             HeraldOutcomeKind  kind,
             int                code,
             const char        *message)
{
  /* No code: no reply decided it (a lost connection); the last one seen,
   * often "354 End data", would only mislead in the results. */
  herald_outcome_set (out, kind, code, code != 0 ? decisive_reply (self) : NULL, message);
}

static void
classify (HeraldSmtp    *self,
          CURLcode       rc,
          HeraldOutcome *out)
{
  curl_off_t uploaded = 0;
  gboolean all_sent;
  int fault;

  curl_easy_getinfo (self->mail.curl, CURLINFO_SIZE_UPLOAD_T, &uploaded);
  all_sent = self->saw_354 && self->data_done && (gsize) uploaded >= self->len;

  /* The server answered the end of data: that answer decides. */
  if (self->code_after_354 != 0)
    {
      int code = self->code_after_354;

      if (code / 100 == 2)
        set_outcome (self, out, HERALD_OUTCOME_ACCEPTED, code, NULL);
      else if (code / 100 == 4)
        set_outcome (self, out, HERALD_OUTCOME_TEMPORARY, code, _("The server asked to try again later."));
      else
        set_outcome (self, out, HERALD_OUTCOME_PERMANENT, code, _("The server refused the message."));
      return;
    }

  /* Everything, final dot included, may have reached the server, but no
   * answer came back: it may have delivered the message. */
  if (all_sent)
    {
      g_autofree char *message =
        g_strdup_printf (_("The connection was lost after the message was sent and before the "
                           "server confirmed it (%s); it may have been delivered. It will not "
                           "be sent again unless you choose to."),
                         detail (self, rc));

      set_outcome (self, out, HERALD_OUTCOME_UNKNOWN, 0, message);
      return;
    }

  if (rc == CURLE_ABORTED_BY_CALLBACK)
    {
      set_outcome (self, out, HERALD_OUTCOME_TEMPORARY, 0, _("Sending was stopped before the message was complete."));
      return;
    }

  /* MAIL, RCPT or DATA refused (libcurl: CURLE_SEND_ERROR with a reply). */
  if (rc == CURLE_SEND_ERROR && self->error_code >= 400)
    {
      int code = self->error_code;

      if (code == 530)
        {
          g_autofree char *message =
            g_strdup_printf (_("The server %s requires a login (it said: %s). Give the account a "
                               "user name and password."),
                             self->host, server_said (self));

          set_outcome (self, out, HERALD_OUTCOME_ACCOUNT_FAULT, code, message);
          out->fault = HERALD_TRANSPORT_ERROR_AUTH;
        }
      else if (code / 100 == 4)
        set_outcome (self, out, HERALD_OUTCOME_TEMPORARY, code, _("The server asked to try again later."));
      else
        set_outcome (self, out, HERALD_OUTCOME_PERMANENT, code, _("The server refused the recipient or the message."));
      return;
    }

  fault = classify_fault (rc);
  if (fault >= 0 || (rc == CURLE_WEIRD_SERVER_REPLY && self->error_code >= 500))
    {
      int code;
      g_autofree char *message = describe_fault (self, rc, &code);

      /* A reconnection the server asked to make later (454 to STARTTLS) */
      if (code == HERALD_TRANSPORT_ERROR_LATER)
        {
          set_outcome (self, out, HERALD_OUTCOME_TEMPORARY, self->error_code, message);
          return;
        }
      set_outcome (self, out, HERALD_OUTCOME_ACCOUNT_FAULT, self->error_code, message);
      out->fault = code;
      return;
    }

  /* Lost, timed out or refused for now before the end of data: nothing
   * was delivered, try again later. */
  {
    g_autofree char *message =
      g_strdup_printf (_("The connection to %s was interrupted before the message was complete (%s); "
                         "it will be tried again."),
                       self->host, detail (self, rc));

    set_outcome (self, out, HERALD_OUTCOME_TEMPORARY, self->error_code, message);
  }
}

/* The address with its domain in A-labels (as it is, when the domain
 * cannot be converted: the server then says what it thinks). */
static char *
dup_a_label_address (const char *address)
{
  const char *at = strrchr (address, '@');
  g_autofree char *domain = at != NULL ? g_hostname_to_ascii (at + 1) : NULL;

  if (domain == NULL)
    return g_strdup (address);
  return g_strdup_printf ("%.*s@%s", (int) (at - address), address, domain);
}

static void
smtp_send (HeraldTransport *transport,
           const char      *env_from,
           const char      *rcpt,
           GBytes          *message,
           GCancellable    *cancellable,
           HeraldOutcome   *out)
{
  HeraldSmtp *self = (HeraldSmtp *) transport;
  g_autoptr(GBytes) crlf = NULL;
  g_autofree char *from_ascii = dup_a_label_address (env_from);
  g_autofree char *rcpt_ascii = dup_a_label_address (rcpt);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  struct curl_slist rcpts = { NULL, NULL };
  CURLcode rc;

  /* Domains go out as A-labels (xn--…), whatever libcurl was built with.
   * A part before the @ beyond ASCII needs the server's SMTPUTF8 (libcurl
   * then adds the SMTPUTF8 parameter to MAIL FROM itself). */
  if (!self->smtputf8 && !g_str_is_ascii (rcpt_ascii))
    {
      g_autofree char *message =
        g_strdup_printf (_("The address “%s” has letters beyond ASCII before the @, and the "
                           "server %s does not accept such addresses (it does not offer "
                           "SMTPUTF8); it was not sent."),
                         rcpt, self->host);

      set_outcome (self, out, HERALD_OUTCOME_PERMANENT, 0, message);
      return;
    }
  if (!self->smtputf8 && !g_str_is_ascii (from_ascii))
    {
      g_autofree char *message =
        g_strdup_printf (_("The sender address “%s” has letters beyond ASCII before the @, and "
                           "the server %s does not accept such addresses (it does not offer "
                           "SMTPUTF8); nothing was sent. Use an ASCII sender address."),
                         env_from, self->host);

      set_outcome (self, out, HERALD_OUTCOME_ACCOUNT_FAULT, 0, message);
      out->fault = HERALD_TRANSPORT_ERROR_CONFIG;
      return;
    }
  crlf = herald_message_normalize_crlf (message);
  from = g_strdup_printf ("<%s>", from_ascii);
  to = g_strdup_printf ("<%s>", rcpt_ascii);
  rcpts.data = to;

  reset_exchange (self);
  self->data = g_bytes_get_data (crlf, &self->len);
  self->pos = 0;
  self->data_done = FALSE;
  self->data_end_refused = FALSE;

  curl_easy_setopt (self->mail.curl, CURLOPT_MAIL_FROM, from);
  curl_easy_setopt (self->mail.curl, CURLOPT_MAIL_RCPT, &rcpts);
  curl_easy_setopt (self->mail.curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (self->mail.curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) self->len);
  rc = perform (self, cancellable);
  curl_easy_setopt (self->mail.curl, CURLOPT_MAIL_RCPT, NULL);
  self->data = NULL;

  if (rc == CURLE_OK)
    set_outcome (self, out, HERALD_OUTCOME_ACCEPTED, self->last_code, NULL);
  else
    classify (self, rc, out);
}

/* QUIT, waited for briefly (herald_curl_mail_close()). */
static void
smtp_close (HeraldTransport *transport)
{
  HeraldSmtp *self = (HeraldSmtp *) transport;

  herald_curl_mail_close (&self->mail, MIN ((long) QUIT_TIMEOUT, self->mail.response_timeout));
  self->alive = FALSE;
}

static void
smtp_free (HeraldTransport *transport)
{
  HeraldSmtp *self = (HeraldSmtp *) transport;

  smtp_close (transport);
  g_free (self->url);
  g_free (self->host);
  g_free (self->username);
  herald_curl_wipe_secret (&self->password);
  herald_curl_wipe_secret (&self->bearer);
  g_free (self->ca_file);
  g_string_free (self->reply, TRUE);
  g_string_free (self->last_reply, TRUE);
  g_string_free (self->error_reply, TRUE);
  g_string_free (self->offered, TRUE);
  g_free (self);
}

static gboolean smtp_reopen (HeraldTransport *transport, GCancellable *cancellable, GError **error);

static const HeraldTransportClass smtp_class = {
  "smtp", smtp_reopen, smtp_send, smtp_close, smtp_free,
};

/* The EHLO name: this machine's name when it is a full one, else the
 * domain of the From address (libcurl takes it from the URL's path). */
static char *
dup_ehlo_name (const HeraldAccount *account)
{
  const char *host = g_get_host_name ();

  if (strchr (host, '.') != NULL && g_hostname_is_ascii_encoded (host) &&
      strspn (host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") == strlen (host))
    return g_strdup (host);
  return herald_message_dup_domain (account->from);
}

/* The debug callback follows the commands (on_debug_cb()); the text of a
 * NOOP's reply is dropped: the header callback has it already. */
static const HeraldCurlMailProtocol smtp_protocol = {
  .imap = FALSE,
  .header_cb = on_header_cb,
  .debug_cb = on_debug_cb,
  .error_domain = herald_transport_error_quark,
  .error_code = HERALD_TRANSPORT_ERROR_CONFIG,
};

static gboolean
setup_handle (HeraldSmtp  *self,
              GError     **error)
{
  if (!herald_curl_mail_start (&self->mail, &smtp_protocol, self->url, self, error))
    return FALSE;
  curl_easy_setopt (self->mail.curl, CURLOPT_FORBID_REUSE, 0L);
  curl_easy_setopt (self->mail.curl, CURLOPT_READFUNCTION, on_read_cb);
  curl_easy_setopt (self->mail.curl, CURLOPT_READDATA, self);
  /* The socket callbacks: which socket is the connection's. */
  curl_easy_setopt (self->mail.curl, CURLOPT_SOCKOPTFUNCTION, on_sockopt_cb);
  curl_easy_setopt (self->mail.curl, CURLOPT_SOCKOPTDATA, self);
  curl_easy_setopt (self->mail.curl, CURLOPT_CLOSESOCKETFUNCTION, on_close_socket_cb);
  curl_easy_setopt (self->mail.curl, CURLOPT_CLOSESOCKETDATA, self);

  herald_curl_set_tls (self->mail.curl, self->security != HERALD_SECURITY_NONE, self->ca_file);

  if (self->username != NULL)
    {
      curl_easy_setopt (self->mail.curl, CURLOPT_USERNAME, self->username);
      curl_easy_setopt (self->mail.curl, CURLOPT_PASSWORD, self->password != NULL ? self->password : "");
    }
  if (self->bearer != NULL)
    curl_easy_setopt (self->mail.curl, CURLOPT_XOAUTH2_BEARER, self->bearer);
  curl_easy_setopt (self->mail.curl, CURLOPT_SASL_IR, 1L);
  return TRUE;
}

/* open() after close() needs a new handle. */
static gboolean
smtp_reopen (HeraldTransport  *transport,
             GCancellable     *cancellable,
             GError          **error)
{
  HeraldSmtp *self = (HeraldSmtp *) transport;

  if (self->mail.curl == NULL && !setup_handle (self, error))
    return FALSE;
  return smtp_open (transport, cancellable, error);
}

/**
 * herald_smtp_transport_new:
 * @password: (nullable): for AUTH PLAIN/LOGIN, when the account has a user name
 *
 * Returns: (transfer full) (nullable): an SMTP transport for one thread, or
 *   %NULL when the account's settings cannot be used safely
 */
HeraldTransport *
herald_smtp_transport_new (const HeraldAccount  *account,
                           const char           *password,
                           GError              **error)
{
  HeraldSmtp *self;
  g_autofree char *ehlo = NULL;
  g_autofree char *ehlo_escaped = NULL;
  g_autofree char *url_host = NULL;
  GError *local = NULL;

  g_return_val_if_fail (account != NULL, NULL);

  if (!herald_account_validate (account, &local))
    {
      g_set_error_literal (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_CONFIG, local->message);
      g_error_free (local);
      return NULL;
    }

  self = g_new0 (HeraldSmtp, 1);
  herald_transport_init (&self->parent, &smtp_class);
  self->host = g_strdup (account->host);
  self->port = herald_account_get_port (account);
  self->security = account->security;
  self->username = g_strdup (account->username);
  self->password = g_strdup (password);
  self->ca_file = g_strdup (account->ca_file);
  self->mail.connect_timeout = account->connect_timeout > 0 ? (long) account->connect_timeout : DEFAULT_CONNECT_TIMEOUT;
  self->mail.response_timeout = account->response_timeout > 0 ? (long) account->response_timeout : DEFAULT_RESPONSE_TIMEOUT;
  self->sock = CURL_SOCKET_BAD;
  self->reply = g_string_sized_new (256);
  self->last_reply = g_string_sized_new (256);
  self->error_reply = g_string_sized_new (256);
  self->offered = g_string_new (NULL);

  ehlo = dup_ehlo_name (account);
  ehlo_escaped = g_uri_escape_string (ehlo, NULL, FALSE);
  url_host = strchr (account->host, ':') != NULL && account->host[0] != '['
             ? g_strdup_printf ("[%s]", account->host) : g_strdup (account->host);
  self->url = g_strdup_printf ("%s://%s:%u/%s",
                               account->security == HERALD_SECURITY_TLS ? "smtps" : "smtp",
                               url_host, self->port, ehlo_escaped);

  if (!setup_handle (self, error))
    {
      smtp_free (&self->parent);
      return NULL;
    }
  return &self->parent;
}

/**
 * herald_smtp_transport_set_bearer_token:
 * @token: (nullable): an OAuth 2.0 access token for XOAUTH2
 *
 * Logs in with XOAUTH2 instead of the password from the next connection on.
 */
void
herald_smtp_transport_set_bearer_token (HeraldTransport *transport,
                                        const char      *token)
{
  HeraldSmtp *self = (HeraldSmtp *) transport;

  g_return_if_fail (transport->klass == &smtp_class);
  herald_curl_wipe_secret (&self->bearer);
  self->bearer = g_strdup (token);
  if (self->mail.curl != NULL)
    curl_easy_setopt (self->mail.curl, CURLOPT_XOAUTH2_BEARER, self->bearer);
}

/**
 * herald_smtp_transport_get_n_connects:
 *
 * Returns: how many connections the transport has made (one while the
 *   connection is reused)
 */
guint
herald_smtp_transport_get_n_connects (HeraldTransport *transport)
{
  g_return_val_if_fail (transport->klass == &smtp_class, 0);
  return ((HeraldSmtp *) transport)->n_connects;
}
