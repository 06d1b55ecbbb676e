/* herald-delivery.c — a delivery's states and the moves between them
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-delivery"

#include "config.h"

#include "herald-delivery.h"

static const char * const delivery_states[] = {
  "queued", "sending", "sent", "deferred", "failed", "uncertain", "skipped",
};
G_STATIC_ASSERT (G_N_ELEMENTS (delivery_states) == HERALD_DELIVERY_N_STATES);

const char *
herald_delivery_state_to_string (HeraldDeliveryState state)
{
  g_return_val_if_fail (state < HERALD_DELIVERY_N_STATES, NULL);
  return delivery_states[state];
}

gboolean
herald_delivery_state_from_string (const char          *text,
                                   HeraldDeliveryState *out_state)
{
  for (guint i = 0; text != NULL && i < HERALD_DELIVERY_N_STATES; i++)
    if (g_str_equal (text, delivery_states[i]))
      {
        *out_state = i;
        return TRUE;
      }
  return FALSE;
}

/* moves[from] has bit `to` set when the move is allowed. */
#define TO(s) (1u << HERALD_DELIVERY_##s)
static const guint moves[HERALD_DELIVERY_N_STATES] = {
  [HERALD_DELIVERY_QUEUED]    = TO (SENDING) | TO (SKIPPED) | TO (FAILED),
  [HERALD_DELIVERY_SENDING]   = TO (SENT) | TO (DEFERRED) | TO (FAILED) | TO (UNCERTAIN) | TO (QUEUED),
  [HERALD_DELIVERY_SENT]      = 0,
  [HERALD_DELIVERY_DEFERRED]  = TO (SENDING) | TO (SKIPPED) | TO (FAILED),
  [HERALD_DELIVERY_FAILED]    = TO (QUEUED),
  [HERALD_DELIVERY_UNCERTAIN] = TO (QUEUED) | TO (SKIPPED),
  [HERALD_DELIVERY_SKIPPED]   = 0,
};
#undef TO

/**
 * herald_delivery_can_move:
 *
 * Returns: whether a delivery may go from @from to @to
 */
gboolean
herald_delivery_can_move (HeraldDeliveryState from,
                          HeraldDeliveryState to)
{
  g_return_val_if_fail (from < HERALD_DELIVERY_N_STATES && to < HERALD_DELIVERY_N_STATES, FALSE);
  return (moves[from] & (1u << to)) != 0;
}
