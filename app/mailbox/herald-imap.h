/* herald-imap.h — reads the account's mailbox over IMAP, on libcurl
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HERALD_IMAP_ERROR (herald_imap_error_quark ())

typedef enum
{
  HERALD_IMAP_ERROR_CONFIG,         /* settings that cannot be used (no host, plain text, bad keyword) */
  HERALD_IMAP_ERROR_CONNECT,        /* host not found, connection refused or lost */
  HERALD_IMAP_ERROR_TLS,            /* no STARTTLS offered, certificate not trusted, handshake failed */
  HERALD_IMAP_ERROR_AUTH,           /* user name or password refused */
  HERALD_IMAP_ERROR_TIMEOUT,        /* the server stopped answering */
  HERALD_IMAP_ERROR_FOLDER,         /* the folder does not exist or cannot be opened */
  HERALD_IMAP_ERROR_NO_MESSAGE,     /* no message with that UID (any more) */
  HERALD_IMAP_ERROR_UIDVALIDITY,    /* the folder's UIDs were renumbered since open() */
  HERALD_IMAP_ERROR_REFUSED,        /* a command refused (NO/BAD) */
  HERALD_IMAP_ERROR_PROTOCOL,       /* an answer that cannot be understood */
} HeraldImapError;

typedef enum
{
  HERALD_IMAP_SECURITY_TLS,         /* imaps: TLS from the first byte (port 993) */
  HERALD_IMAP_SECURITY_STARTTLS,    /* imap + STARTTLS, required (port 143) */
} HeraldImapSecurity;

typedef struct
{
  const char         *host;
  guint               port;              /* 0: 993 for TLS, 143 for STARTTLS */
  HeraldImapSecurity  security;
  const char         *user;
  const char         *password;          /* copied; the copy is wiped when freed */
  const char         *folder;            /* nullable: INBOX */
  const char         *ca_file;           /* nullable: a certificate authority trusted besides the system's */
  guint               connect_timeout;   /* seconds; 0: 30 */
  guint               response_timeout;  /* seconds; 0: 60 */
} HeraldImapConfig;

typedef struct _HeraldImap HeraldImap;

GQuark       herald_imap_error_quark     (void);

HeraldImap  *herald_imap_new             (const HeraldImapConfig  *cfg,
                                          GError                 **error);
void         herald_imap_free            (HeraldImap              *self);

gboolean     herald_imap_open            (HeraldImap              *self,
                                          GCancellable            *cancellable,
                                          GError                 **error);
guint32      herald_imap_get_uidvalidity (HeraldImap              *self);
const char  *herald_imap_get_summary     (HeraldImap              *self);

gboolean     herald_imap_list_uids       (HeraldImap              *self,
                                          guint64                  after_uid,
                                          GArray                 **out_uids,
                                          GCancellable            *cancellable,
                                          GError                 **error);
gboolean     herald_imap_fetch           (HeraldImap              *self,
                                          guint64                  uid,
                                          GBytes                 **out,
                                          GCancellable            *cancellable,
                                          GError                 **error);
gboolean     herald_imap_flag            (HeraldImap              *self,
                                          guint64                  uid,
                                          const char              *keyword,
                                          GCancellable            *cancellable,
                                          GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldImap, herald_imap_free)

G_END_DECLS
