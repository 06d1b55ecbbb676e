/* herald-sender-gate.c — what a sending worker waits for, and what an
 * outcome means
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Before each delivery a worker (herald-sender-worker.c) waits out the
 * account's quiet hours and the pacer, and opens its transport (with a
 * fresh access token for a signed-in account); after it, judge() decides
 * what the server's answer means: a retry, a slow-down, or a pause of the
 * account. The journal write that follows is the worker's.
 */
#define G_LOG_DOMAIN "herald-sender"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-base.h"
#include "herald-quiet-hours.h"
#include "herald-sender-worker-private.h"
#include "herald-smtp.h"
#include "herald-transport.h"


/* A delivery given back for another account is due at once, on the
 * engine's clock (which claims compare with). */
static gint64
due_now (void)
{
  return herald_now_seconds () * G_USEC_PER_SEC;
}

/* No delivery starts inside the account's quiet hours (on the engine's
 * clock, in the user's time zone). A sender that may wait (`campaign send
 * --wait`, max_wait -1) waits for their end; any other is postponed to it
 * at once, however near it is: the next run (a timer's run-due, the
 * window) goes on then; with several accounts, when another can send,
 * @out_hold says to give the delivery to it. Returns FALSE when the
 * sender stops. */
static gboolean
wait_out_quiet_hours (WorkerRun *run,
                      gboolean  *out_hold)
{
  HeraldSender *self = run->sender;
  int start = run->slot->account->quiet_start, end = run->slot->account->quiet_end;

  for (;;)
    {
      gint64 now = herald_now_seconds (), until = 0;

      if (!herald_quiet_hours_contain (start, end, now, NULL, &until))
        return TRUE;
      if (self->slots->len > 1 && _herald_sender_slot_others_go (self, run->slot))
        {
          /* Another of the campaign's accounts sends meanwhile. */
          _herald_sender_slot_set_waiting (self, run->slot, g_get_real_time () + (until - now) * G_USEC_PER_SEC);
          *out_hold = TRUE;
          return TRUE;
        }
      if (!_herald_worker_flush_pending (run))
        return FALSE;
      if (self->options.max_wait >= 0)
        {
          g_autofree char *span = herald_quiet_hours_format (start, end);
          g_autofree char *reason = g_strdup_printf (_("The account’s quiet hours (%s) have begun: "
                                                       "sending goes on when they end."), span);

          g_mutex_lock (&self->mutex);
          if (self->postponed_until == 0 || until < self->postponed_until)
            self->postponed_until = until;
          _herald_sender_request_stop_locked (self, HERALD_SENDER_POSTPONED, reason);
          g_mutex_unlock (&self->mutex);
          return FALSE;
        }
      /* Looked at again at least every minute: the clock may jump. */
      if (!_herald_sender_sleep_until (self, g_get_real_time () + MIN (until - now, 60) * G_USEC_PER_SEC, TRUE))
        return FALSE;
    }
}

/* Waits until the pacer lets @claim go, taking a token only when @take.
 * A recipient domain that holds it back for long gives it back; an
 * account limit beyond max_wait (a daily cap) postpones the campaign. */
Paced
_herald_worker_wait_for_pacer (WorkerRun   *run,
                HeraldClaim *claim,
                gboolean     take,
                gint64      *out_ready)
{
  HeraldSender *self = run->sender;
  HeraldSenderSlot *slot = run->slot;
  const char *domain = herald_pacing_domain_of (claim->email);
  gboolean several = self->slots->len > 1;

  for (;;)
    {
      gint64 ready = 0, now;
      HeraldPacerScope scope;
      gboolean slept, hold = FALSE;

      if (several && _herald_sender_slot_is_stopped (self, slot))
        {
          /* This account stopped: the delivery goes back for the others. */
          *out_ready = due_now ();
          return _herald_sender_is_stopping (self) ? PACED_STOP : PACED_HOLD;
        }
      /* Before every try: a wait for the pacer may end inside them. */
      if (!wait_out_quiet_hours (run, &hold))
        return PACED_STOP;
      if (hold)
        {
          *out_ready = due_now ();
          return PACED_HOLD;
        }
      scope = take ? herald_pacer_try_acquire (slot->pacer, domain, &ready)
                   : herald_pacer_peek (slot->pacer, domain, &ready);
      if (scope == HERALD_PACER_SCOPE_NONE)
        return PACED_GO;
      /* About to wait: what was sent must not wait with it. */
      if (!_herald_worker_flush_pending (run))
        return PACED_STOP;
      now = g_get_real_time ();
      *out_ready = ready;
      if (scope == HERALD_PACER_SCOPE_DOMAIN && ready - now > HERALD_SENDER_DOMAIN_HOLD_US)
        return PACED_HOLD;
      if (scope == HERALD_PACER_SCOPE_ACCOUNT && self->options.max_wait >= 0 &&
          ready - now > self->options.max_wait * G_USEC_PER_SEC)
        {
          g_mutex_lock (&self->mutex);
          /* With several accounts, the campaign is postponed only when
           * every one is (herald-sender-slots.c). */
          if (several)
            slot->postponed_until = ready / G_USEC_PER_SEC + 1;
          else if (self->postponed_until == 0 || ready / G_USEC_PER_SEC < self->postponed_until)
            self->postponed_until = ready / G_USEC_PER_SEC + 1;
          _herald_sender_slot_stop_locked (self, slot, HERALD_SENDER_POSTPONED, NULL);
          g_mutex_unlock (&self->mutex);
          *out_ready = due_now ();
          return several && !_herald_sender_is_stopping (self) ? PACED_HOLD : PACED_STOP;
        }
      if (scope == HERALD_PACER_SCOPE_ACCOUNT && several && ready - now > HERALD_SENDER_DOMAIN_HOLD_US &&
          _herald_sender_slot_others_go (self, slot))
        {
          /* Held back for long (an hourly or daily limit): another account
           * takes the delivery now, and this one claims again when ready. */
          _herald_sender_slot_set_waiting (self, slot, ready);
          *out_ready = due_now ();
          return PACED_HOLD;
        }
      if (scope == HERALD_PACER_SCOPE_ACCOUNT && several)
        _herald_sender_slot_set_waiting (self, slot, ready);
      slept = _herald_sender_sleep_until (self, ready, ready - now > G_USEC_PER_SEC);
      if (scope == HERALD_PACER_SCOPE_ACCOUNT && several)
        _herald_sender_slot_set_waiting (self, slot, 0);
      if (!slept)
        return PACED_STOP;
    }
}

/* Signed-in accounts: the worker's access token, fresh when it expired or
 * when @refused (the one the server refused) is still the current one;
 * handed to the transport. */
gboolean
_herald_worker_take_access_token (WorkerRun   *run,
                   const char  *refused,
                   GError     **error)
{
  g_autofree char *refused_copy = g_strdup (refused);
  char *token = _herald_sender_dup_access_token (run->sender, run->slot, refused_copy, error);

  if (token == NULL)
    return FALSE;
  if (g_strcmp0 (token, run->bearer) != 0 && run->transport != NULL)
    herald_smtp_transport_set_bearer_token (run->transport, token);
  g_free (run->bearer);
  run->bearer = token;
  return TRUE;
}

/* Returns FALSE when the transport cannot open: with @out_later set when
 * the server asked to come back later (a temporary refusal, for the
 * message at hand: run->transport->open_outcome), else the campaign
 * stops. */
gboolean
_herald_worker_ensure_open (WorkerRun *run,
             gboolean  *out_later)
{
  HeraldSender *self = run->sender;
  g_autoptr(GError) error = NULL;
  gboolean opened;

  *out_later = FALSE;
  if (run->transport != NULL && herald_transport_is_open (run->transport))
    {
      if (run->slot->account->oauth_provider == NULL || !_herald_sender_token_expired (self, run->slot))
        return TRUE;
      /* The session's token has expired: a fresh one, on a new connection
       * (a server may end a session whose token expired, under the next
       * message). */
      herald_transport_close (run->transport);
    }
  if (!_herald_worker_flush_pending (run))
    return FALSE;
  /* A signed-in account: a fresh access token once the last expired. */
  if (run->slot->account->oauth_provider != NULL && !_herald_worker_take_access_token (run, NULL, &error))
    {
      g_mutex_lock (&self->mutex);
      _herald_sender_slot_stop_locked (self, run->slot, HERALD_SENDER_FAULT, error->message);
      g_mutex_unlock (&self->mutex);
      return FALSE;
    }
  if (run->transport == NULL &&
      (run->transport = herald_transport_new_for_account (run->slot->account,
                                                          run->bearer != NULL ? run->bearer : run->slot->password,
                                                          &error)) != NULL)
    herald_transport_set_data_end_func (run->transport, _herald_worker_on_data_end, run);
  opened = run->transport != NULL && herald_transport_open (run->transport, NULL, &error);
  if (!opened && run->transport != NULL && run->slot->account->oauth_provider != NULL &&
      g_error_matches (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_AUTH))
    {
      /* The server refused the token (XOAUTH2: 334, then 535): one fresh
       * token, one more try; refused again, the campaign stops. */
      g_clear_error (&error);
      if (!_herald_worker_take_access_token (run, run->bearer, &error))
        {
          g_mutex_lock (&self->mutex);
          _herald_sender_slot_stop_locked (self, run->slot, HERALD_SENDER_FAULT, error->message);
          g_mutex_unlock (&self->mutex);
          return FALSE;
        }
      herald_transport_close (run->transport);
      opened = herald_transport_open (run->transport, NULL, &error);
    }
  if (!opened)
    {
      if (run->transport != NULL &&
          g_error_matches (error, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_LATER))
        {
          *out_later = TRUE;
          return FALSE;
        }
      g_mutex_lock (&self->mutex);
      _herald_sender_slot_stop_locked (self, run->slot, HERALD_SENDER_FAULT, error->message);
      g_mutex_unlock (&self->mutex);
      return FALSE;
    }
  return TRUE;
}

static char *
fault_reason (const HeraldOutcome *outcome)
{
  if (outcome->message != NULL && outcome->reply != NULL && strstr (outcome->message, outcome->reply) == NULL)
    /* TRANSLATORS: %s: what happened; then the server's reply, verbatim */
    return g_strdup_printf (_("%s The server said: %s"), outcome->message, outcome->reply);
  if (outcome->reply != NULL || outcome->message != NULL)
    return g_strdup (outcome->reply != NULL ? outcome->reply : outcome->message);
  return g_strdup (_("The server refused to send for this account."));
}

/* Decides what an outcome means: retries, slow-downs, pauses. The journal
 * write follows (see mark_sending() and _herald_worker_flush_pending()). */
void
_herald_worker_judge (WorkerRun           *run,
       HeraldClaim         *claim,
       const HeraldOutcome *outcome)
{
  HeraldSender *self = run->sender;
  Outcome *o = &run->pending;

  g_assert (!o->set);
  o->set = TRUE;
  o->claim = *claim;
  o->claim.email = g_strdup (claim->email);
  o->claim.message_id = NULL;
  o->code = outcome->code;
  g_strlcpy (o->enhanced, outcome->enhanced, sizeof o->enhanced);
  o->words = g_strdup (outcome->reply != NULL ? outcome->reply : outcome->message);
  o->provider_id = g_strdup (outcome->provider_id);
  o->next = 0;

  herald_verdict_classify (outcome->kind, outcome->code, outcome->enhanced, &o->verdict);
  if (o->verdict.state == HERALD_DELIVERY_DEFERRED &&
      !herald_retry_next_attempt (&self->options.retry, claim->attempts + 1, claim->first_attempt_at,
                                  herald_now_seconds (), g_random_double (), &o->next))
    o->verdict.state = HERALD_DELIVERY_FAILED;   /* gave up: the last reply stays */
  if (o->verdict.slow_down)
    herald_pacer_slow_down (run->slot->pacer);

  g_mutex_lock (&self->mutex);
  if (o->verdict.account_fault)
    {
      g_autofree char *reason = fault_reason (outcome);
      _herald_sender_slot_stop_locked (self, run->slot, HERALD_SENDER_FAULT, reason);
    }
  else if (o->verdict.counts_as_error)
    {
      guint errors = ++run->slot->consecutive_errors;

      if (self->options.max_consecutive_errors > 0 && errors >= self->options.max_consecutive_errors)
        {
          g_autofree char *reason = g_strdup_printf (
              /* TRANSLATORS: %u is a number ≥ 2; %s is the server's last reply */
              _("%u messages in a row could not be sent; the last reply was: %s"),
              errors, o->words != NULL ? o->words : "");
          _herald_sender_slot_stop_locked (self, run->slot, HERALD_SENDER_FAULT, reason);
        }
    }
  else
    run->slot->consecutive_errors = 0;
  g_mutex_unlock (&self->mutex);

  /* After a lost connection, a timeout or a 421 the session is gone. */
  if (outcome->kind != HERALD_OUTCOME_ACCEPTED && (outcome->code == 0 || outcome->code == 421))
    herald_transport_close (run->transport);
}
