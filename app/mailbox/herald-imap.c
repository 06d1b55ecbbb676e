/* herald-imap.c — reads the account's mailbox over IMAP, on libcurl
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One CURL easy handle, one connection kept open between the calls. The
 * folder is opened read-only: libcurl SELECTs the folder of the URL on a
 * new connection, and open() then sends EXAMINE, whose tagged answer must
 * say [READ-ONLY]. On a read-only folder the server does not set \Seen
 * when a message is fetched, so the URL fetch (".../INBOX/;UID=n", which
 * libcurl sends as UID FETCH n BODY[] and reads as a counted literal,
 * byte-exact) leaves the message unread for the person.
 *
 * That only holds on the connection where EXAMINE went out. Between
 * open() and the next open(), the open-socket callback refuses any new
 * connection: libcurl would reconnect by itself and SELECT (read-write)
 * again. A lost connection therefore ends the transfer with "cannot
 * connect" (or a failed send or receive, when libcurl reused it); the call
 * then opens again (SELECT, EXAMINE, UIDVALIDITY compared) and retries
 * once.
 *
 * flag() needs the folder read-write for a moment: SELECT, UID STORE,
 * EXAMINE again. If any step fails, the connection is dropped, so no
 * fetch can ever run on a read-write folder. Nothing is ever deleted or
 * expunged.
 *
 * Every line the server sends (outside a fetched literal) reaches the
 * header callback; the SEARCH, EXISTS, UIDVALIDITY and UIDNEXT answers
 * are read from there.
 */
#define G_LOG_DOMAIN "herald-imap"

#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <curl/curl.h>
#include <glib/gi18n-lib.h>

#include "herald-curl-tls.h"
#include "herald-imap.h"
#include "herald-imap-syntax.h"

#define DEFAULT_CONNECT_TIMEOUT   30
#define DEFAULT_RESPONSE_TIMEOUT  60
#define LOGOUT_TIMEOUT            10
#define MAX_LINES                 (4 * 1024 * 1024)
#define MAX_MESSAGE               (256 * 1024 * 1024)
/* UIDs asked for per UID SEARCH: the answer is one line, and libcurl
 * clips a line longer than half its buffer (5000 UIDs of 10 digits:
 * 55 KB, half of the buffer below is 128 KB). */
#define SEARCH_CHUNK              5000
#define BUFFER_SIZE               (256 * 1024)

struct _HeraldImap
{
  HeraldCurlMail      mail;           /* the handle, its timeouts, cancellable, error text */
  char               *folder_url;     /* imap(s)://host:port/FOLDER (modified UTF-7, escaped) */
  char               *host;
  guint               port;
  HeraldImapSecurity  security;
  char               *user;
  char               *password;       /* wiped when freed */
  char               *folder;         /* as the person wrote it */
  char               *folder_arg;     /* the folder as an IMAP astring */
  char               *ca_file;

  gboolean            opened;         /* the connection has the folder EXAMINEd */
  gboolean            allow_connect;  /* only while opening */
  gboolean            connect_refused;
  guint32             uidvalidity;
  guint64             uidnext;        /* 0: not said */
  guint64             exists;
  GString            *summary;

  /* One transfer's exchange */
  GString            *lines;          /* every line the server sent, "\n"-separated */
  GByteArray         *body;           /* what the write callback got */
  gboolean            body_too_big;
  char                last_cmd[16];   /* the last command's name (never its arguments) */
  char                refused_cmd[16];/* the first command answered NO or BAD */
  GString            *refused_reply;  /* that answer, without the tag */
};

G_DEFINE_QUARK (herald-imap-error-quark, herald_imap_error)

/* ---- libcurl callbacks ------------------------------------------------ */

static size_t
on_header_cb (char   *buffer,
              size_t  size,
              size_t  nitems,
              void   *user_data)
{
  HeraldImap *self = user_data;
  size_t n = size * nitems;
  size_t len = n;

  while (len > 0 && (buffer[len - 1] == '\n' || buffer[len - 1] == '\r'))
    len--;
  /* A tagged NO or BAD: what libcurl does next (LOGOUT) must not hide
   * which command it answered. */
  if (self->refused_cmd[0] == '\0' && len > 0 && buffer[0] != '*' && buffer[0] != '+')
    {
      const char *space = memchr (buffer, ' ', len);
      size_t rest = space != NULL ? len - (size_t) (space + 1 - buffer) : 0;

      if (rest >= 2 && (g_ascii_strncasecmp (space + 1, "NO", 2) == 0 ||
                        (rest >= 3 && g_ascii_strncasecmp (space + 1, "BAD", 3) == 0)))
        {
          g_strlcpy (self->refused_cmd, self->last_cmd[0] != '\0' ? self->last_cmd : "?", sizeof self->refused_cmd);
          g_string_append_len (self->refused_reply, space + 1, MIN (rest, 300));
        }
    }
  if (self->lines->len + len < MAX_LINES)
    {
      g_string_append_len (self->lines, buffer, len);
      g_string_append_c (self->lines, '\n');
    }
  return n;
}

static size_t
on_write_cb (char   *buffer,
             size_t  size,
             size_t  nitems,
             void   *user_data)
{
  HeraldImap *self = user_data;
  size_t n = size * nitems;

  if (self->body->len + n > MAX_MESSAGE)
    {
      self->body_too_big = TRUE;
      return 0;
    }
  g_byte_array_append (self->body, (const guint8 *) buffer, n);
  return n;
}

/* Notes which commands went out: only their names, never the rest (the
 * LOGIN and AUTHENTICATE lines carry the credentials). */
static int
on_debug_cb (CURL          *curl,
             curl_infotype  type,
             char          *data,
             size_t         size,
             void          *user_data)
{
  HeraldImap *self = user_data;
  const char *space;
  size_t i, rest;

  if (type != CURLINFO_HEADER_OUT)
    return 0;
  /* "A003 SELECT INBOX": skip the tag */
  space = memchr (data, ' ', size);
  if (space == NULL)
    return 0;
  space++;
  rest = size - (size_t) (space - data);
  for (i = 0; i < sizeof self->last_cmd - 1 && i < rest && g_ascii_isalpha (space[i]); i++)
    self->last_cmd[i] = g_ascii_toupper (space[i]);
  self->last_cmd[i] = '\0';
  return 0;
}

static curl_socket_t
on_opensocket_cb (void                 *user_data,
                  curlsocktype          purpose,
                  struct curl_sockaddr *address)
{
  HeraldImap *self = user_data;

  if (!self->allow_connect)
    {
      self->connect_refused = TRUE;
      return CURL_SOCKET_BAD;
    }
  return socket (address->family, address->socktype, address->protocol);
}

/* ---- errors ----------------------------------------------------------- */

static const char *
detail (HeraldImap *self,
        CURLcode    rc)
{
  return self->mail.errbuf[0] != '\0' ? self->mail.errbuf : curl_easy_strerror (rc);
}

/* The server's refusal ("NO [AUTHENTICATIONFAILED] ..."), else its last
 * tagged answer; NULL when there is none. */
static char *
dup_tagged_reply (HeraldImap *self)
{
  if (self->refused_reply->len > 0)
    return g_utf8_make_valid (self->refused_reply->str, -1);
  return herald_imap_last_tagged (self->lines->str);
}

/* A sentence a person can act on, for a failed transfer. */
static void
set_fault (HeraldImap  *self,
           CURLcode     rc,
           GError     **error)
{
  g_autofree char *said = dup_tagged_reply (self);
  const char *server_said = said != NULL ? said : _("nothing");

  if (rc == CURLE_ABORTED_BY_CALLBACK)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Reading the mailbox was stopped."));
  else if (rc == CURLE_USE_SSL_FAILED)
    g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_TLS,
                 _("The mail server %s does not offer STARTTLS, so the connection cannot be "
                   "encrypted; the password was not sent. Use the security “tls” (usually "
                   "port 993) if the server has it, or ask your provider."),
                 self->host);
  else if (rc == CURLE_PEER_FAILED_VERIFICATION)
    g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_TLS,
                 _("The certificate of %s is not trusted (%s); the password was not sent. "
                   "Check the host name. If your provider uses its own certificate "
                   "authority, give its certificate to the account."),
                 self->host, detail (self, rc));
  else if (herald_curl_is_tls_error (rc))
    g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_TLS,
                 _("The encrypted connection to %s failed (%s). Check the port and the "
                   "security setting (tls for port 993, starttls for 143)."),
                 self->host, detail (self, rc));
  else if (rc == CURLE_LOGIN_DENIED && strcmp (self->refused_cmd, "SELECT") == 0)
    g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_FOLDER,
                 _("The mail server %s cannot open the folder “%s” (it said: %s). Check the "
                   "folder's name."),
                 self->host, self->folder, server_said);
  else if (rc == CURLE_LOGIN_DENIED)
    g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_AUTH,
                 _("The mail server %s refused the user name or password (it said: %s). "
                   "Check the user name, store the password again, and try again."),
                 self->host, server_said);
  else if (rc == CURLE_COULDNT_RESOLVE_HOST)
    g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_CONNECT,
                 _("Cannot find the mail server “%s”. Check the host name and the network "
                   "connection."),
                 self->host);
  else if (rc == CURLE_COULDNT_CONNECT)
    g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_CONNECT,
                 _("Cannot connect to %s port %u (%s). Check the host and port, and that "
                   "the network allows the connection."),
                 self->host, self->port, detail (self, rc));
  else if (rc == CURLE_OPERATION_TIMEDOUT)
    g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_TIMEOUT,
                 _("The mail server %s stopped answering (%s). Try again later; if it keeps "
                   "happening, check the port and the security setting."),
                 self->host, detail (self, rc));
  else if (rc == CURLE_REMOTE_FILE_NOT_FOUND)
    g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_NO_MESSAGE,
                 _("The message is no longer in the folder “%s” on %s."),
                 self->folder, self->host);
  else if (rc == CURLE_QUOTE_ERROR)
    g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_REFUSED,
                 _("The mail server %s refused a request (it said: %s)."),
                 self->host, server_said);
  else if (rc == CURLE_WRITE_ERROR && self->body_too_big)
    g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_PROTOCOL,
                 _("A message in the folder “%s” on %s is larger than %u MB; it was not read."),
                 self->folder, self->host, (guint) (MAX_MESSAGE / (1024 * 1024)));
  else if (rc == CURLE_WEIRD_SERVER_REPLY)
    g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_PROTOCOL,
                 _("The mail server %s answered in a way Herald does not understand (%s)."),
                 self->host, detail (self, rc));
  else
    g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_CONNECT,
                 _("The connection to %s failed (%s)."), self->host, detail (self, rc));
}

/* ---- the handle ------------------------------------------------------- */

static const HeraldCurlMailProtocol imap_protocol = {
  .imap = TRUE,
  .header_cb = on_header_cb,
  .debug_cb = on_debug_cb,
  .error_domain = herald_imap_error_quark,
  .error_code = HERALD_IMAP_ERROR_CONFIG,
};

static gboolean
setup_handle (HeraldImap  *self,
              GError     **error)
{
  if (!herald_curl_mail_start (&self->mail, &imap_protocol, self->folder_url, self, error))
    return FALSE;
  curl_easy_setopt (self->mail.curl, CURLOPT_BUFFERSIZE, (long) BUFFER_SIZE);
  curl_easy_setopt (self->mail.curl, CURLOPT_WRITEFUNCTION, on_write_cb);
  curl_easy_setopt (self->mail.curl, CURLOPT_WRITEDATA, self);
  curl_easy_setopt (self->mail.curl, CURLOPT_OPENSOCKETFUNCTION, on_opensocket_cb);
  curl_easy_setopt (self->mail.curl, CURLOPT_OPENSOCKETDATA, self);

  herald_curl_set_tls (self->mail.curl, TRUE, self->ca_file);
  curl_easy_setopt (self->mail.curl, CURLOPT_USERNAME, self->user);
  curl_easy_setopt (self->mail.curl, CURLOPT_PASSWORD, self->password);
  curl_easy_setopt (self->mail.curl, CURLOPT_SASL_IR, 1L);
  return TRUE;
}

/* LOGOUT, waited for briefly (herald_curl_mail_close()). */
static void
drop_connection (HeraldImap *self)
{
  self->opened = FALSE;
  herald_curl_mail_close (&self->mail, MIN ((long) LOGOUT_TIMEOUT, self->mail.response_timeout));
}

static CURLcode
perform (HeraldImap   *self,
         const char   *url,
         const char   *command,
         GCancellable *cancellable)
{
  g_string_truncate (self->lines, 0);
  g_byte_array_set_size (self->body, 0);
  self->body_too_big = FALSE;
  self->last_cmd[0] = '\0';
  self->refused_cmd[0] = '\0';
  g_string_truncate (self->refused_reply, 0);
  self->mail.errbuf[0] = '\0';
  self->connect_refused = FALSE;
  if (g_cancellable_is_cancelled (cancellable))
    return CURLE_ABORTED_BY_CALLBACK;
  curl_easy_setopt (self->mail.curl, CURLOPT_URL, url);
  curl_easy_setopt (self->mail.curl, CURLOPT_CUSTOMREQUEST, command);
  return herald_curl_mail_perform (&self->mail, cancellable);
}

/* ---- answers ---------------------------------------------------------- */

/* The EXAMINE's tagged answer said [READ-ONLY]. */
static gboolean
examined_read_only (HeraldImap *self)
{
  g_autofree char *tagged = herald_imap_last_tagged (self->lines->str);

  return tagged != NULL && g_ascii_strncasecmp (tagged, "OK", 2) == 0 &&
         strstr (tagged, "[READ-ONLY]") != NULL;
}

static gboolean
examine (HeraldImap    *self,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autofree char *command = g_strdup_printf ("EXAMINE %s", self->folder_arg);
  guint64 uidvalidity = 0;
  CURLcode rc;

  rc = perform (self, self->folder_url, command, cancellable);
  if (rc != CURLE_OK)
    {
      if (rc == CURLE_QUOTE_ERROR)
        {
          g_autofree char *said = dup_tagged_reply (self);

          g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_FOLDER,
                       _("The mail server %s cannot open the folder “%s” (it said: %s). "
                         "Check the folder's name."),
                       self->host, self->folder, said != NULL ? said : _("nothing"));
        }
      else
        set_fault (self, rc, error);
      return FALSE;
    }
  if (!examined_read_only (self))
    {
      g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_PROTOCOL,
                   _("The mail server %s did not open the folder “%s” read-only; Herald "
                     "reads nothing there so that no message is marked as read."),
                   self->host, self->folder);
      return FALSE;
    }
  if (!herald_imap_find_code (self->lines->str, "UIDVALIDITY", &uidvalidity) || uidvalidity == 0 || uidvalidity > G_MAXUINT32)
    {
      g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_PROTOCOL,
                   _("The mail server %s did not say the folder's UIDVALIDITY, so its "
                     "messages cannot be told apart from one check to the next."),
                   self->host);
      return FALSE;
    }
  self->uidvalidity = (guint32) uidvalidity;
  self->uidnext = 0;
  herald_imap_find_code (self->lines->str, "UIDNEXT", &self->uidnext);
  herald_imap_find_exists (self->lines->str, &self->exists);
  return TRUE;
}

/**
 * herald_imap_open:
 *
 * Connects, logs in and opens the folder read-only (EXAMINE), reading its
 * UIDVALIDITY. Called again, it starts a new connection. The caller
 * compares herald_imap_get_uidvalidity() with the value it stored with its
 * last UID: when they differ, the UIDs it knows mean other messages now.
 * (The other calls open by themselves when needed, and fail with
 * %HERALD_IMAP_ERROR_UIDVALIDITY if the value changed since the last
 * open.)
 */
gboolean
herald_imap_open (HeraldImap    *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  drop_connection (self);
  if (!setup_handle (self, error))
    return FALSE;
  self->allow_connect = TRUE;
  ok = examine (self, cancellable, error);
  self->allow_connect = FALSE;
  if (!ok)
    {
      drop_connection (self);
      return FALSE;
    }
  self->opened = TRUE;

  g_string_printf (self->summary, _("connected to %s:%u"), self->host, self->port);
  g_string_append_printf (self->summary, ", %s",
                          self->security == HERALD_IMAP_SECURITY_TLS ? _("TLS") : _("STARTTLS"));
  /* TRANSLATORS: e.g. “, folder INBOX: 12 messages” */
  g_string_append_printf (self->summary, g_dngettext (GETTEXT_PACKAGE, ", folder %s: %u message", ", folder %s: %u messages",
                                                   (gulong) MIN (self->exists, G_MAXUINT)),
                          self->folder, (guint) MIN (self->exists, G_MAXUINT));
  return TRUE;
}

/* Opens if needed; after a transfer that found the connection gone,
 * opens again, refusing to go on if the folder was renumbered. */
static gboolean
ensure_open (HeraldImap    *self,
             GCancellable  *cancellable,
             GError       **error)
{
  guint32 before = self->uidvalidity;

  if (self->opened)
    return TRUE;
  if (!herald_imap_open (self, cancellable, error))
    return FALSE;
  if (before != 0 && before != self->uidvalidity)
    {
      g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_UIDVALIDITY,
                   _("The folder “%s” on %s was renumbered (its UIDVALIDITY changed); its "
                     "messages must be read again from the start."),
                   self->folder, self->host);
      return FALSE;
    }
  return TRUE;
}

/* The server closed the connection (it logged the session out, it
 * restarted, it was idle too long), found when libcurl reuses it or when
 * libcurl would make a new one. */
static gboolean
is_connection_lost (CURLcode rc)
{
  return rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR || rc == CURLE_GOT_NOTHING;
}

/* One transfer on the open connection; once more on a new one if the
 * connection was lost. */
static CURLcode
perform_opened (HeraldImap    *self,
                const char    *url,
                const char    *command,
                GCancellable  *cancellable,
                GError       **error)
{
  CURLcode rc;

  for (int attempt = 0; attempt < 2; attempt++)
    {
      if (!ensure_open (self, cancellable, error))
        return CURLE_ABORTED_BY_CALLBACK;  /* @error is set */
      rc = perform (self, url, command, cancellable);
      if (rc == CURLE_OK)
        return rc;
      if (!self->connect_refused && !is_connection_lost (rc))
        break;
      drop_connection (self);
    }
  /* Whatever happened, the connection may be in any state now. */
  if (rc != CURLE_REMOTE_FILE_NOT_FOUND && rc != CURLE_QUOTE_ERROR)
    drop_connection (self);
  set_fault (self, rc, error);
  return rc;
}

/* ---- the calls -------------------------------------------------------- */

static int
compare_uid (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/**
 * herald_imap_list_uids:
 * @after_uid: 0 for all the folder's messages
 * @out_uids: (out): the UIDs (guint64) greater than @after_uid, ascending
 */
gboolean
herald_imap_list_uids (HeraldImap    *self,
                       guint64        after_uid,
                       GArray       **out_uids,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GArray) uids = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint64 from = after_uid + 1;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out_uids != NULL, FALSE);

  /* A server looks for new mail between commands, not during a SEARCH:
   * a NOOP first lets the SEARCH see what arrived since the last call. */
  if (perform_opened (self, self->folder_url, "NOOP", cancellable, error) != CURLE_OK)
    return FALSE;
  herald_imap_find_exists (self->lines->str, &self->exists);

  /* One SEARCH when the answer cannot be too long for one line, else
   * SEARCH_CHUNK UIDs at a time up to the UIDNEXT open() read, then the
   * rest. */
  while (from <= G_MAXUINT32)
    {
      g_autofree char *command = NULL;
      gboolean last = self->uidnext == 0 || self->exists <= SEARCH_CHUNK || from + SEARCH_CHUNK >= self->uidnext;

      if (last)
        command = g_strdup_printf ("UID SEARCH UID %" G_GUINT64_FORMAT ":*", from);
      else
        command = g_strdup_printf ("UID SEARCH UID %" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                                   from, from + SEARCH_CHUNK - 1);
      if (perform_opened (self, self->folder_url, command, cancellable, error) != CURLE_OK)
        return FALSE;
      herald_imap_parse_search (self->lines->str, after_uid, uids);
      if (last)
        break;
      from += SEARCH_CHUNK;
    }

  g_array_sort (uids, compare_uid);
  for (guint i = 1; i < uids->len; )
    {
      if (g_array_index (uids, guint64, i) == g_array_index (uids, guint64, i - 1))
        g_array_remove_index (uids, i);
      else
        i++;
    }
  *out_uids = g_steal_pointer (&uids);
  return TRUE;
}

/**
 * herald_imap_fetch:
 * @out: (out): the whole message, as the server holds it (CRLF line ends)
 *
 * Reads one message without marking it as read.
 */
gboolean
herald_imap_fetch (HeraldImap    *self,
                   guint64        uid,
                   GBytes       **out,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (uid == 0 || uid > G_MAXUINT32)
    {
      g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_NO_MESSAGE,
                   _("The message is no longer in the folder “%s” on %s."),
                   self->folder, self->host);
      return FALSE;
    }
  url = g_strdup_printf ("%s/;UID=%" G_GUINT64_FORMAT, self->folder_url, uid);
  if (perform_opened (self, url, NULL, cancellable, error) != CURLE_OK)
    return FALSE;
  *out = g_bytes_new (self->body->data, self->body->len);
  g_byte_array_set_size (self->body, 0);
  return TRUE;
}

/**
 * herald_imap_flag:
 * @keyword: an IMAP keyword such as "$HeraldRead"
 *
 * Adds @keyword to the message's flags. Opens the folder read-write for
 * this alone and read-only again after it.
 */
gboolean
herald_imap_flag (HeraldImap    *self,
                  guint64        uid,
                  const char    *keyword,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *select = NULL;
  g_autofree char *store = NULL;
  CURLcode rc;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!herald_imap_is_keyword (keyword))
    {
      g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_CONFIG,
                   _("“%s” cannot be a mail keyword: use letters, digits and “$”, without spaces."),
                   keyword != NULL ? keyword : "");
      return FALSE;
    }
  if (uid == 0 || uid > G_MAXUINT32)
    {
      g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_NO_MESSAGE,
                   _("The message is no longer in the folder “%s” on %s."),
                   self->folder, self->host);
      return FALSE;
    }

  select = g_strdup_printf ("SELECT %s", self->folder_arg);
  if (perform_opened (self, self->folder_url, select, cancellable, error) != CURLE_OK)
    {
      /* A refused SELECT leaves no folder open at all. */
      drop_connection (self);
      return FALSE;
    }
  /* From here the folder is read-write: any failure drops the connection. */
  self->opened = FALSE;
  store = g_strdup_printf ("UID STORE %" G_GUINT64_FORMAT " +FLAGS.SILENT (%s)", uid, keyword);
  rc = perform (self, self->folder_url, store, cancellable);
  if (rc != CURLE_OK)
    {
      set_fault (self, rc, error);
      drop_connection (self);
      return FALSE;
    }
  if (!examine (self, cancellable, error))
    {
      drop_connection (self);
      return FALSE;
    }
  self->opened = TRUE;
  return TRUE;
}

/* ---- life ------------------------------------------------------------- */

static gboolean
has_control (const char *s)
{
  for (; s != NULL && *s != '\0'; s++)
    if ((guchar) *s < 0x20 || *s == 0x7f)
      return TRUE;
  return FALSE;
}

/**
 * herald_imap_new:
 *
 * Returns: (transfer full) (nullable): a client for one thread, not
 *   connected yet, or %NULL when the settings cannot be used
 */
HeraldImap *
herald_imap_new (const HeraldImapConfig  *cfg,
                 GError                 **error)
{
  HeraldImap *self;
  g_autofree char *mutf7 = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *url_host = NULL;
  const char *folder;

  g_return_val_if_fail (cfg != NULL, NULL);

  folder = cfg->folder != NULL && cfg->folder[0] != '\0' ? cfg->folder : "INBOX";
  if (cfg->host == NULL || cfg->host[0] == '\0' || has_control (cfg->host) ||
      strpbrk (cfg->host, "/@ ") != NULL)
    {
      g_set_error_literal (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_CONFIG,
                           _("The mail server's host name is missing or not valid."));
      return NULL;
    }
  if (cfg->user == NULL || cfg->user[0] == '\0' || cfg->password == NULL)
    {
      g_set_error_literal (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_CONFIG,
                           _("Reading the mailbox needs a user name and a password."));
      return NULL;
    }
  if (cfg->security != HERALD_IMAP_SECURITY_TLS && cfg->security != HERALD_IMAP_SECURITY_STARTTLS)
    {
      g_set_error_literal (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_CONFIG,
                           _("The mailbox can only be read over an encrypted connection: "
                             "choose the security “tls” or “starttls”."));
      return NULL;
    }
  if (!g_utf8_validate (folder, -1, NULL) || has_control (folder))
    {
      g_set_error (error, HERALD_IMAP_ERROR, HERALD_IMAP_ERROR_CONFIG,
                   _("The folder name “%s” is not valid."), folder);
      return NULL;
    }

  self = g_new0 (HeraldImap, 1);
  self->host = g_strdup (cfg->host);
  self->security = cfg->security;
  self->port = cfg->port != 0 ? cfg->port : cfg->security == HERALD_IMAP_SECURITY_TLS ? 993 : 143;
  self->user = g_strdup (cfg->user);
  self->password = g_strdup (cfg->password);
  self->folder = g_strdup (folder);
  self->ca_file = g_strdup (cfg->ca_file);
  self->mail.connect_timeout = cfg->connect_timeout > 0 ? (long) cfg->connect_timeout : DEFAULT_CONNECT_TIMEOUT;
  self->mail.response_timeout = cfg->response_timeout > 0 ? (long) cfg->response_timeout : DEFAULT_RESPONSE_TIMEOUT;
  self->lines = g_string_sized_new (1024);
  self->refused_reply = g_string_new (NULL);
  self->body = g_byte_array_new ();
  self->summary = g_string_new (NULL);

  mutf7 = herald_imap_encode_folder (folder);
  self->folder_arg = herald_imap_quote (mutf7);
  escaped = g_uri_escape_string (mutf7, NULL, FALSE);
  url_host = strchr (cfg->host, ':') != NULL && cfg->host[0] != '['
             ? g_strdup_printf ("[%s]", cfg->host) : g_strdup (cfg->host);
  self->folder_url = g_strdup_printf ("%s://%s:%u/%s",
                                      cfg->security == HERALD_IMAP_SECURITY_TLS ? "imaps" : "imap",
                                      url_host, self->port, escaped);
  return self;
}

void
herald_imap_free (HeraldImap *self)
{
  if (self == NULL)
    return;
  drop_connection (self);
  g_free (self->folder_url);
  g_free (self->host);
  g_free (self->user);
  herald_curl_wipe_secret (&self->password);
  g_free (self->folder);
  g_free (self->folder_arg);
  g_free (self->ca_file);
  g_string_free (self->lines, TRUE);
  g_string_free (self->refused_reply, TRUE);
  g_byte_array_unref (self->body);
  g_string_free (self->summary, TRUE);
  g_free (self);
}

/**
 * herald_imap_get_uidvalidity:
 *
 * Returns: the folder's UIDVALIDITY as open() read it; 0 before
 */
guint32
herald_imap_get_uidvalidity (HeraldImap *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->uidvalidity;
}

/**
 * herald_imap_get_summary:
 *
 * Returns: what open() found, for a person: "connected to host:993, TLS,
 *   folder INBOX: 12 messages"; "" before
 */
const char *
herald_imap_get_summary (HeraldImap *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->summary->str;
}
