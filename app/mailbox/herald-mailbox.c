/* herald-mailbox.c — what a message read from the account's mailbox does
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * herald_reply_classify() says what a message is; this file decides what
 * it changes, in one transaction a message, each change recorded with the
 * message that caused it (mailbox_events, and the suppression's source):
 *
 *  - a hard bounce (5.x.x) of a recipient Herald sent to suppresses the
 *    address as "bounced"; a soft one (4.x.x) is counted, and the third
 *    (from three different messages) suppresses; at a Japanese mobile
 *    carrier the first bounce of either kind suppresses;
 *  - a delay changes nothing;
 *  - a complaint suppresses as "complaint";
 *  - an unsubscribe request whose token this database made unsubscribes
 *    that contact from that list and suppresses the address as
 *    "unsubscribed"; one without a valid token changes nothing and is
 *    left for the user to review;
 *  - an auto-reply changes nothing;
 *  - anything else — a person's mail, a bounce of an address Herald never
 *    sent to — is left for the user.
 *
 * The caller flags matched messages in the mailbox; nothing is deleted.
 */
#define G_LOG_DOMAIN "herald-mailbox"

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-address.h"
#include "herald-mailbox.h"
#include "herald-mailbox-store.h"
#include "herald-suppressions.h"
#include "herald-unsubscribe.h"

/* Soft bounces from this many different messages suppress an address. */
#define SOFT_BOUNCES_TO_SUPPRESS 3

typedef struct
{
  const HeraldMailboxContext *context;
  guint64                     uid;
  const HeraldReply          *reply;
  HeraldMailboxCounts        *counts;
} Handling;

static gboolean
record (Handling    *h,
        const char  *email,
        const char  *action,
        GError     **error)
{
  HeraldMailboxEvent event = {
    .account_id = h->context->account_id,
    .uidvalidity = h->context->uidvalidity,
    .uid = h->uid,
    .kind = herald_reply_kind_to_string (h->reply->kind),
    .email = email,
    .action = action,
    .from = h->reply->from,
    .subject = h->reply->subject,
    .original_message_id = h->reply->original_message_id,
  };

  return herald_mailbox_record (h->context->store, &event, error);
}

/* Suppresses @email with @reason, its source naming the message. */
static gboolean
suppress (Handling    *h,
          const char  *email,
          const char  *reason,
          const char  *detail,
          GError     **error)
{
  g_autofree char *source = NULL;
  gboolean added = FALSE;

  /* TRANSLATORS: a suppression's source: what kind of message, the
   * mailbox message's number (UID), and details such as "5.1.1" */
  source = g_strdup_printf (_("mailbox: %s, message UID %" PRIu64 " (%s)"),
                            herald_reply_kind_to_string (h->reply->kind), h->uid,
                            detail != NULL ? detail : (h->reply->subject != NULL ? h->reply->subject : ""));
  if (!herald_suppressions_add (h->context->store, email, reason, source, &added, error))
    return FALSE;
  if (added)
    h->counts->n_suppressed++;
  return record (h, email, added ? "suppressed" : "suppressed already", error);
}

static gboolean
handle_bounce (Handling  *h,
               gboolean  *matched,
               GError   **error)
{
  const HeraldReply *reply = h->reply;

  for (guint i = 0; i < reply->recipients->len; i++)
    {
      const HeraldBounceRecipient *r = g_ptr_array_index (reply->recipients, i);
      HeraldDeliveryMatch match = { 0 };
      g_autofree char *detail = NULL;
      gboolean found;

      found = herald_mailbox_find_delivery (h->context->store, reply->original_message_id, r->recipient,
                                            &match, error);
      if (!found)
        {
          if (error != NULL && *error != NULL)
            return FALSE;
          if (!record (h, r->recipient, "review", error))
            return FALSE;
          continue;
        }
      *matched = TRUE;
      detail = g_strdup_printf ("%s%s%s", r->status, r->diagnostic != NULL ? " " : "",
                                r->diagnostic != NULL ? r->diagnostic : "");
      if (reply->kind == HERALD_REPLY_DELAY)
        {
          if (!record (h, match.email, "counted", error))
            {
              herald_delivery_match_clear (&match);
              return FALSE;
            }
        }
      else if (herald_bounce_status_is_hard (r->status) || herald_address_is_mobile_carrier (match.email))
        {
          if (!suppress (h, match.email, "bounced", detail, error))
            {
              herald_delivery_match_clear (&match);
              return FALSE;
            }
        }
      else
        {
          g_autofree char *key = g_strdup_printf ("%s/%" G_GUINT64_FORMAT,
                                                  reply->original_message_id != NULL ? reply->original_message_id : "",
                                                  reply->original_message_id != NULL ? 0 : h->uid);
          gint64 n = herald_mailbox_soft_bounce (h->context->store, match.email, key, error);

          if (n < 0 ||
              !(n >= SOFT_BOUNCES_TO_SUPPRESS ? suppress (h, match.email, "bounced", detail, error)
                                              : record (h, match.email, "counted", error)))
            {
              herald_delivery_match_clear (&match);
              return FALSE;
            }
        }
      herald_delivery_match_clear (&match);
    }
  return TRUE;
}

static gboolean
handle_complaint (Handling  *h,
                  gboolean  *matched,
                  GError   **error)
{
  for (guint i = 0; i < h->reply->recipients->len; i++)
    {
      const HeraldBounceRecipient *r = g_ptr_array_index (h->reply->recipients, i);
      HeraldDeliveryMatch match = { 0 };
      gboolean ok;

      if (!herald_mailbox_find_delivery (h->context->store, h->reply->original_message_id, r->recipient,
                                         &match, error))
        {
          if (error != NULL && *error != NULL)
            return FALSE;
          if (!record (h, r->recipient, "review", error))
            return FALSE;
          continue;
        }
      *matched = TRUE;
      ok = suppress (h, match.email, "complaint", NULL, error);
      herald_delivery_match_clear (&match);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
handle_unsubscribe (Handling  *h,
                    gboolean  *matched,
                    GError   **error)
{
  g_autoptr(GError) invalid = NULL;
  g_autofree char *email = NULL;
  gint64 contact_id = 0, list_id = 0;

  if (h->reply->token == NULL ||
      !herald_unsubscribe_token_verify (h->context->store, h->reply->token, &contact_id, &list_id, &invalid))
    return record (h, NULL, "review", error);
  if (!herald_mailbox_unsubscribe_member (h->context->store, contact_id, list_id, &email, &invalid))
    {
      if (invalid != NULL && invalid->domain == HERALD_STORE_ERROR && invalid->code == HERALD_STORE_ERROR_NOT_FOUND)
        return record (h, NULL, "review", error);
      g_propagate_error (error, g_steal_pointer (&invalid));
      return FALSE;
    }
  *matched = TRUE;
  return suppress (h, email, "unsubscribed", NULL, error);
}

/**
 * herald_mailbox_handle:
 * @uid: the message's UID in the folder (for the record)
 * @out_matched: (out): whether it was Herald's business (the caller flags
 *   it in the mailbox); unmatched messages are left untouched
 *
 * Classifies one message and makes the changes it calls for, in one
 * transaction, counting them in @counts.
 */
gboolean
herald_mailbox_handle (const HeraldMailboxContext  *context,
                       guint64                      uid,
                       const char                  *data,
                       gsize                        len,
                       HeraldMailboxCounts         *counts,
                       gboolean                    *out_matched,
                       GError                     **error)
{
  g_autoptr(HeraldReply) reply = herald_reply_classify (data, len, context->unsubscribe_address);
  Handling h = { context, uid, reply, counts };
  gboolean matched = FALSE;
  gboolean ok = TRUE;

  *out_matched = FALSE;
  if (!herald_store_begin (context->store, error))
    return FALSE;
  switch (reply->kind)
    {
    case HERALD_REPLY_BOUNCE:
    case HERALD_REPLY_DELAY:
      ok = handle_bounce (&h, &matched, error);
      break;
    case HERALD_REPLY_COMPLAINT:
      ok = handle_complaint (&h, &matched, error);
      break;
    case HERALD_REPLY_UNSUBSCRIBE:
      ok = handle_unsubscribe (&h, &matched, error);
      break;
    case HERALD_REPLY_AUTO_REPLY:
      matched = TRUE;
      ok = record (&h, NULL, "counted", error);
      break;
    case HERALD_REPLY_OTHER:
    default:
      ok = record (&h, NULL, "review", error);
      break;
    }
  if (!ok || !herald_store_commit (context->store, error))
    {
      herald_store_rollback (context->store);
      return FALSE;
    }

  if (!matched)
    counts->n_unmatched++;
  else
    switch (reply->kind)
      {
      case HERALD_REPLY_BOUNCE: counts->n_bounced++; break;
      case HERALD_REPLY_DELAY: counts->n_delays++; break;
      case HERALD_REPLY_COMPLAINT: counts->n_complaints++; counts->n_unsubscribed++; break;
      case HERALD_REPLY_UNSUBSCRIBE: counts->n_unsubscribed++; break;
      case HERALD_REPLY_AUTO_REPLY: counts->n_auto_replies++; break;
      case HERALD_REPLY_OTHER:
      default: break;
      }
  *out_matched = matched;
  return TRUE;
}
