/* herald-mailbox-store.h — what the store keeps of an account's mailbox:
 * its IMAP settings, how far it has been read, what each message did
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *host;
  guint   port;        /* 0: the usual one for @security */
  char   *security;    /* "tls" or "starttls" */
  char   *username;    /* NULL: the account's user name */
  char   *folder;      /* NULL: INBOX */
} HeraldMailboxSettings;

/* A delivery a bounce or complaint answers. */
typedef struct
{
  gint64  delivery_id;
  gint64  campaign_id;
  gint64  contact_id;     /* 0: the contact is gone */
  gint64  list_id;
  char   *email;
} HeraldDeliveryMatch;

/* One message read from the mailbox and what it did. */
typedef struct
{
  gint64       account_id;
  guint64      uidvalidity;
  guint64      uid;
  const char  *kind;                 /* herald_reply_kind_to_string() */
  const char  *email;                /* nullable: the address it was about */
  const char  *action;               /* "suppressed", "counted", "review", … */
  const char  *from;                 /* nullable */
  const char  *subject;              /* nullable */
  const char  *original_message_id;  /* nullable */
} HeraldMailboxEvent;

void      herald_mailbox_settings_free   (HeraldMailboxSettings *settings);
void      herald_delivery_match_clear    (HeraldDeliveryMatch   *match);

gboolean  herald_mailbox_settings_save   (HeraldStore                  *store,
                                          gint64                        account_id,
                                          const HeraldMailboxSettings  *settings,
                                          GError                      **error);
HeraldMailboxSettings *herald_mailbox_settings_load (HeraldStore        *store,
                                          gint64                        account_id,
                                          GError                      **error);

gboolean  herald_mailbox_position_get    (HeraldStore  *store,
                                          gint64        account_id,
                                          const char   *folder,
                                          guint64       uidvalidity,
                                          guint64      *out_last_uid,
                                          GError      **error);
gboolean  herald_mailbox_position_set    (HeraldStore  *store,
                                          gint64        account_id,
                                          const char   *folder,
                                          guint64       uidvalidity,
                                          guint64       last_uid,
                                          GError      **error);

gboolean  herald_mailbox_find_delivery   (HeraldStore          *store,
                                          const char           *message_id,
                                          const char           *email,
                                          HeraldDeliveryMatch  *out,
                                          GError              **error);
gint64    herald_mailbox_soft_bounce     (HeraldStore  *store,
                                          const char   *email,
                                          const char   *message_id,
                                          GError      **error);
gboolean  herald_mailbox_unsubscribe_member (HeraldStore *store,
                                          gint64        contact_id,
                                          gint64        list_id,
                                          char        **out_email,
                                          GError      **error);
gboolean  herald_mailbox_record          (HeraldStore               *store,
                                          const HeraldMailboxEvent  *event,
                                          GError                   **error);

gboolean  herald_mailbox_event_find_cause (HeraldStore  *store,
                                          const char   *email,
                                          gboolean     *out_found,
                                          gint64       *out_account_id,
                                          guint64      *out_uidvalidity,
                                          guint64      *out_uid,
                                          GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldMailboxSettings, herald_mailbox_settings_free)

G_END_DECLS
