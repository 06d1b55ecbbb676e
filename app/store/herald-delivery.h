/* herald-delivery.h — a delivery's life: its states and the moves
 * between them, in one place
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   queued ──claim──> sending ──> sent
 *                        │ ├────> deferred ──(retry time)──> sending
 *                        │ │         (and back to deferred, not tried,
 *                        │ │          when the sender stops first)
 *                        │ ├────> failed
 *                        │ ├────> uncertain ──(user: resend)──> queued
 *                        │ │                 ──(user: skip)────> skipped
 *                        │ └────> queued (not tried: a campaign-wide fault;
 *                        │          or its sender died before the end of
 *                        │          the data left: recovery)
 *   queued, deferred ──> skipped (suppressed meanwhile, contact deleted)
 *   queued, deferred ──> failed (the message cannot be composed)
 *   failed ──(user: resend)──> queued
 *
 * The journal (herald-journal.c) writes the moves, the verdict
 * (herald-verdict.c) chooses them from a transport's outcome, the sender
 * coordinates. Every move the code makes is in herald_delivery_can_move()'s
 * table.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Keep in the order of the CHECK in the schema (herald-store.c). */
typedef enum
{
  HERALD_DELIVERY_QUEUED,
  HERALD_DELIVERY_SENDING,
  HERALD_DELIVERY_SENT,
  HERALD_DELIVERY_DEFERRED,
  HERALD_DELIVERY_FAILED,
  HERALD_DELIVERY_UNCERTAIN,
  HERALD_DELIVERY_SKIPPED,
  HERALD_DELIVERY_N_STATES
} HeraldDeliveryState;

/* What a delivery attempt's outcome means for the journal and the sender. */
typedef struct
{
  HeraldDeliveryState state;      /* SENT, DEFERRED, FAILED, UNCERTAIN, or QUEUED (not tried) */
  gboolean            suppress;   /* the address does not exist: suppress as bounced */
  gboolean            slow_down;  /* the server asked us to go slower */
  gboolean            account_fault;    /* stop the campaign: no recipient is to blame */
  gboolean            counts_as_error;  /* toward the consecutive-error pause */
} HeraldVerdict;

const char         *herald_delivery_state_to_string  (HeraldDeliveryState  state);
gboolean            herald_delivery_state_from_string (const char          *text,
                                                      HeraldDeliveryState *out_state);
gboolean    herald_delivery_can_move      (HeraldDeliveryState  from,
                                           HeraldDeliveryState  to);

G_END_DECLS
