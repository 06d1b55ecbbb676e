/* herald-outbox.c — the built-in transport that writes into a Maildir
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each message becomes one file, written whole into tmp/ and then renamed
 * into new/ (the Maildir rule), so a reader never sees half a message. The
 * envelope goes in front as Return-Path and X-Original-To, as a delivery
 * agent would write it, so the window and the tests can see who it was for.
 */
#define G_LOG_DOMAIN "herald-outbox"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "herald-message.h"
#include "herald-outbox.h"

typedef struct
{
  HeraldTransport  parent;
  char            *dir;
  char            *host;        /* the host part of file names */
  char            *last_path;
} HeraldOutbox;

static guint counter;

static gboolean
outbox_open (HeraldTransport  *transport,
             GCancellable     *cancellable,
             GError          **error)
{
  HeraldOutbox *self = (HeraldOutbox *) transport;
  static const char * const subdirs[] = { "tmp", "new", "cur" };

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (self->dir, subdirs[i], NULL);

      if (g_mkdir_with_parents (path, 0700) != 0)
        {
          int saved = errno;

          g_set_error (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_LOCAL,
                       _("Cannot create the Outbox folder “%s”: %s. Check that you may "
                         "write there, or set HERALD_OUTBOX to another folder."),
                       path, g_strerror (saved));
          return FALSE;
        }
    }
  g_string_printf (transport->summary, _("Outbox folder %s ready"), self->dir);
  return TRUE;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static void
set_local_fault (HeraldOutcome *out,
                 const char    *path,
                 int            saved_errno)
{
  g_autofree char *message =
    g_strdup_printf (_("Cannot write the message into the Outbox (%s): %s. "
                       "Free some disk space or check the folder’s permissions."),
                     path, g_strerror (saved_errno));

  herald_outcome_set (out, HERALD_OUTCOME_ACCOUNT_FAULT, 0, NULL, message);
  out->fault = HERALD_TRANSPORT_ERROR_LOCAL;
}

static void
outbox_send (HeraldTransport *transport,
             const char      *env_from,
             const char      *rcpt,
             GBytes          *message,
             GCancellable    *cancellable,
             HeraldOutcome   *out)
{
  HeraldOutbox *self = (HeraldOutbox *) transport;
  g_autoptr(GBytes) crlf = herald_message_normalize_crlf (message);
  g_autofree char *envelope = g_strdup_printf ("Return-Path: <%s>\r\nX-Original-To: <%s>\r\n", env_from, rcpt);
  g_autofree char *name = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *new_path = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *saved_as = NULL;
  gint64 now = g_get_real_time ();
  gsize len;
  const char *data = g_bytes_get_data (crlf, &len);
  int fd, saved;

  if (g_cancellable_is_cancelled (cancellable))
    {
      herald_outcome_set (out, HERALD_OUTCOME_TEMPORARY, 0, NULL, _("Sending was stopped."));
      return;
    }

  name = g_strdup_printf ("%" G_GINT64_FORMAT ".M%06dP%dQ%u.%s",
                          now / G_USEC_PER_SEC, (int) (now % G_USEC_PER_SEC),
                          (int) getpid (), g_atomic_int_add (&counter, 1) + 1, self->host);
  tmp_path = g_build_filename (self->dir, "tmp", name, NULL);
  new_path = g_build_filename (self->dir, "new", name, NULL);

  fd = g_open (tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_local_fault (out, tmp_path, errno);
      return;
    }
  if (!write_all (fd, envelope, strlen (envelope)) || !write_all (fd, data, len) || fsync (fd) != 0)
    {
      saved = errno != 0 ? errno : EIO;
      close (fd);
      g_unlink (tmp_path);
      set_local_fault (out, tmp_path, saved);
      return;
    }
  /* The rename is the end of the data: the message is in the Outbox. */
  if (!herald_transport_data_end (transport))
    {
      close (fd);
      g_unlink (tmp_path);
      herald_outcome_set (out, HERALD_OUTCOME_TEMPORARY, 0, NULL, _("Sending was stopped."));
      return;
    }
  if (close (fd) != 0 || g_rename (tmp_path, new_path) != 0)
    {
      saved = errno;
      g_unlink (tmp_path);
      set_local_fault (out, new_path, saved);
      return;
    }

  g_free (self->last_path);
  self->last_path = g_steal_pointer (&new_path);
  /* The reply the results show: in the user's words, since no server
   * wrote it. */
  saved_as = g_strdup_printf (/* TRANSLATORS: %s is a file name in the Outbox folder */
                           _("Saved in the Outbox (not sent to anyone) as new/%s"), name);
  reply = g_strconcat ("250 2.0.0 ", saved_as, NULL);
  herald_outcome_set (out, HERALD_OUTCOME_ACCEPTED, 250, reply, NULL);
}

static void
outbox_close (HeraldTransport *transport)
{
}

static void
outbox_free (HeraldTransport *transport)
{
  HeraldOutbox *self = (HeraldOutbox *) transport;

  g_free (self->dir);
  g_free (self->host);
  g_free (self->last_path);
  g_free (self);
}

static const HeraldTransportClass outbox_class = {
  "outbox", outbox_open, outbox_send, outbox_close, outbox_free,
};

/**
 * herald_outbox_transport_new:
 * @dir: the Maildir; created on open when missing
 *
 * Returns: (transfer full): a transport that writes each message into @dir/new
 */
HeraldTransport *
herald_outbox_transport_new (const char *dir)
{
  HeraldOutbox *self = g_new0 (HeraldOutbox, 1);
  GString *host = g_string_new (NULL);

  herald_transport_init (&self->parent, &outbox_class);
  self->dir = g_strdup (dir);
  /* "/" and ":" would break the Maildir name (RFC-less but universal rule). */
  for (const char *p = g_get_host_name (); *p != '\0'; p++)
    {
      if (*p == '/')
        g_string_append (host, "\\057");
      else if (*p == ':')
        g_string_append (host, "\\072");
      else
        g_string_append_c (host, *p);
    }
  self->host = g_string_free (host, FALSE);
  return &self->parent;
}

/**
 * herald_outbox_transport_get_last_path:
 *
 * Returns: (nullable): the file the last accepted message went to
 */
const char *
herald_outbox_transport_get_last_path (HeraldTransport *self)
{
  g_return_val_if_fail (self->klass == &outbox_class, NULL);
  return ((HeraldOutbox *) self)->last_path;
}
