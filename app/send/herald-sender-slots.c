/* herald-sender-slots.c — a campaign sent through several accounts
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each of the campaign's accounts is a slot: its own pacer (rates, daily
 * cap), its own connections (workers), its own message (From,
 * unsubscribe, charset). The deliveries stay one queue in the journal, so
 * each is still claimed and sent once; what the slots decide is whose turn
 * it is to claim. An account claims when its share so far (deliveries
 * taken / weight) is the lowest among the accounts that can send now: not
 * stopped, and not held back by their own limits. So the weights hold
 * while every account keeps up, and an account held back by its limits,
 * or stopped (a refused password or key, a quota reached), leaves its
 * share to the others. With one account this is the sender as it always
 * was: a fault stops the campaign.
 */
#define G_LOG_DOMAIN "herald-sender"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-base.h"
#include "herald-journal.h"
#include "herald-sender-private.h"
#include "herald-transport.h"

void
_herald_sender_slot_free (HeraldSenderSlot *slot)
{
  if (slot == NULL)
    return;
  g_clear_pointer (&slot->account, herald_account_free);
  g_clear_pointer (&slot->password, herald_password_free);
  g_clear_pointer (&slot->refresh_token, herald_password_free);
  g_clear_pointer (&slot->merge, herald_merge_free);
  g_clear_pointer (&slot->pacer, herald_pacer_free);
  g_free (slot->env_from);
  g_free (slot->stop_reason);
  g_free (slot);
}

static HeraldSenderSlot *
slot_at (HeraldSender *self,
         guint         i)
{
  return g_ptr_array_index (self->slots, i);
}

/* Every account stopped: the campaign stops, paused with each account's
 * reason when any had a fault, else postponed (every account at a limit
 * beyond the wait). */
static void
stop_when_all_stopped_locked (HeraldSender *self)
{
  g_autoptr(GString) reasons = g_string_new (NULL);
  HeraldSenderStatus status = HERALD_SENDER_POSTPONED;

  for (guint i = 0; i < self->slots->len; i++)
    {
      HeraldSenderSlot *slot = slot_at (self, i);

      if (!slot->stopped)
        return;
      if (slot->stop_status != HERALD_SENDER_POSTPONED)
        status = slot->stop_status;
      if (slot->stop_reason != NULL && *slot->stop_reason != '\0')
        {
          if (reasons->len > 0)
            g_string_append_c (reasons, ' ');
          /* TRANSLATORS: one account's reason for stopping, among others';
           * %s: the account's name, then the reason */
          g_string_append_printf (reasons, _("“%s”: %s"), slot->account->name, slot->stop_reason);
        }
    }
  if (status == HERALD_SENDER_POSTPONED)
    for (guint i = 0; i < self->slots->len; i++)
      {
        gint64 until = slot_at (self, i)->postponed_until;

        if (until > 0 && (self->postponed_until == 0 || until < self->postponed_until))
          self->postponed_until = until;
      }
  _herald_sender_request_stop_locked (self, status,
                                      status == HERALD_SENDER_POSTPONED || reasons->len == 0 ? NULL : reasons->str);
}

/* An account stops for this run (called with the mutex held); the others
 * go on and take its share. A campaign with one account stops with it. */
void
_herald_sender_slot_stop_locked (HeraldSender       *self,
                                 HeraldSenderSlot   *slot,
                                 HeraldSenderStatus  status,
                                 const char         *reason)
{
  if (self->slots->len <= 1)
    {
      _herald_sender_request_stop_locked (self, status, reason);
      return;
    }
  if (!slot->stopped)
    {
      slot->stopped = TRUE;
      slot->stop_status = status;
      slot->stop_reason = g_strdup (reason);
      self->changed = TRUE;
      if (status != HERALD_SENDER_POSTPONED)
        g_message ("Account “%s” stopped; the campaign’s other accounts go on: %s",
                   slot->account->name, reason != NULL ? reason : "");
      stop_when_all_stopped_locked (self);
    }
  g_cond_broadcast (&self->cond);
}

gboolean
_herald_sender_slot_is_stopped (HeraldSender     *self,
                                HeraldSenderSlot *slot)
{
  gboolean stopped;

  g_mutex_lock (&self->mutex);
  stopped = self->stopping || slot->stopped;
  g_mutex_unlock (&self->mutex);
  return stopped;
}

static gboolean
can_send_now (HeraldSenderSlot *slot,
              gint64            now)
{
  return !slot->stopped && slot->n_running > 0 && slot->waiting_until <= now;
}

/**
 * _herald_sender_slot_turn:
 *
 * Whether @slot's worker may claim deliveries now: its share so far is the
 * lowest (weighted) among the accounts that can send now.
 */
HeraldSlotTurn
_herald_sender_slot_turn (HeraldSender     *self,
                          HeraldSenderSlot *slot)
{
  HeraldSlotTurn turn = HERALD_SLOT_CLAIM;
  gint64 now = g_get_real_time ();

  g_mutex_lock (&self->mutex);
  if (self->stopping || slot->stopped)
    turn = HERALD_SLOT_STOPPED;
  else if (slot->waiting_until > now)
    turn = HERALD_SLOT_NOT_YET;
  else
    for (guint i = 0; i < self->slots->len; i++)
      {
        HeraldSenderSlot *other = slot_at (self, i);

        /* other's share < ours: other.taken / other.weight < taken / weight */
        if (other != slot && can_send_now (other, now) &&
            other->taken * slot->weight < slot->taken * other->weight)
          {
            turn = HERALD_SLOT_NOT_YET;
            break;
          }
      }
  g_mutex_unlock (&self->mutex);
  return turn;
}

void
_herald_sender_slot_took (HeraldSender     *self,
                          HeraldSenderSlot *slot,
                          guint             n)
{
  g_mutex_lock (&self->mutex);
  slot->taken += n;
  g_mutex_unlock (&self->mutex);
}

/* @until: Unix µs until which @slot's limits hold it back; 0: no longer. */
void
_herald_sender_slot_set_waiting (HeraldSender     *self,
                                 HeraldSenderSlot *slot,
                                 gint64            until)
{
  g_mutex_lock (&self->mutex);
  slot->waiting_until = until;
  g_mutex_unlock (&self->mutex);
}

/* Whether another of the campaign's accounts can send now. */
gboolean
_herald_sender_slot_others_go (HeraldSender     *self,
                               HeraldSenderSlot *slot)
{
  gint64 now = g_get_real_time ();
  gboolean go = FALSE;

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->slots->len && !go; i++)
    go = slot_at (self, i) != slot && can_send_now (slot_at (self, i), now);
  g_mutex_unlock (&self->mutex);
  return go;
}

/**
 * _herald_sender_slot_wait_turn:
 * @store: the worker's connection
 *
 * Waits until it is @slot's turn to claim. Returns %FALSE when its worker
 * is done: the account or the sender stopped, or nothing is left for
 * anyone (@error set when that could not be read).
 */
gboolean
_herald_sender_slot_wait_turn (HeraldSender      *self,
                               HeraldSenderSlot  *slot,
                               HeraldStore       *store,
                               GError           **error)
{
  for (;;)
    {
      gint64 next_due = 0, held = 0;

      switch (_herald_sender_slot_turn (self, slot))
        {
        case HERALD_SLOT_CLAIM:
          return TRUE;
        case HERALD_SLOT_STOPPED:
          return FALSE;
        case HERALD_SLOT_NOT_YET:
        default:
          break;
        }
      if (!herald_journal_read_pending (store, self->campaign_id, &next_due, &held, error) ||
          (next_due == 0 && held == 0))
        return FALSE;
      if (!_herald_sender_sleep_until (self, g_get_real_time () + HERALD_SENDER_TURN_POLL_US, FALSE))
        return FALSE;
    }
}

/**
 * _herald_sender_give_back:
 * @claims: (element-type HeraldClaim): a worker's batch
 * @from: the first of @claims not dealt with
 *
 * Unclaims the rest of a batch, due now, when the worker's account stops
 * while the others go on.
 */
gboolean
_herald_sender_give_back (HeraldSender   *self,
                          HeraldJournal  *journal,
                          GPtrArray      *claims,
                          guint           from,
                          GError        **error)
{
  gboolean ok = TRUE;

  g_mutex_lock (&self->write_lock);
  for (guint i = from; ok && i < claims->len; i++)
    ok = herald_journal_unclaim (journal, ((HeraldClaim *) g_ptr_array_index (claims, i))->id,
                                 herald_now_seconds (), error);
  g_mutex_unlock (&self->write_lock);
  return ok;
}
