/* herald-reply.h — what came back: a bounce, a delay, an auto-reply, a
 * complaint, an unsubscribe request, or a person's own mail
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  HERALD_REPLY_OTHER,        /* a person's mail, or nothing Herald knows: for review */
  HERALD_REPLY_BOUNCE,       /* delivery failed (hard: 5.x.x; soft: 4.x.x) */
  HERALD_REPLY_DELAY,        /* still trying: never suppresses */
  HERALD_REPLY_AUTO_REPLY,   /* vacation, out of office, 不在, 自動応答 */
  HERALD_REPLY_COMPLAINT,    /* a feedback report (ARF): marked as spam */
  HERALD_REPLY_UNSUBSCRIBE,  /* a request to the unsubscribe address */
} HeraldReplyKind;

typedef struct
{
  char *recipient;           /* the address that failed */
  char *status;              /* "5.1.1"; from the reply code when no status ("550" → "5.0.0") */
  char *diagnostic;          /* the server's words, one line; nullable */
} HeraldBounceRecipient;

typedef struct
{
  HeraldReplyKind  kind;
  GPtrArray       *recipients;   /* of HeraldBounceRecipient: BOUNCE, DELAY, COMPLAINT */
  char            *original_message_id;  /* of the message it answers, without <>; nullable */
  char            *token;        /* UNSUBSCRIBE: the token it carries, unverified; nullable */
  char            *from;         /* the sender's address; nullable */
  char            *subject;      /* one line; nullable */
} HeraldReply;

const char  *herald_reply_kind_to_string (HeraldReplyKind  kind);
gboolean     herald_bounce_status_is_hard (const char      *status);

HeraldReply *herald_reply_classify       (const char       *data,
                                          gsize             len,
                                          const char       *unsubscribe_address);
void         herald_reply_free           (HeraldReply      *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldReply, herald_reply_free)

G_END_DECLS
