/* test-delivery.c — a delivery's states and the moves between them
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "herald-delivery.h"

#define Q HERALD_DELIVERY_QUEUED
#define SG HERALD_DELIVERY_SENDING
#define ST HERALD_DELIVERY_SENT
#define D HERALD_DELIVERY_DEFERRED
#define F HERALD_DELIVERY_FAILED
#define U HERALD_DELIVERY_UNCERTAIN
#define SK HERALD_DELIVERY_SKIPPED

static void
test_moves (void)
{
  /* Each move the sender, the journal's recovery and the user's choices make. */
  const HeraldDeliveryState allowed[][2] = {
    { Q, SG }, { D, SG },                               /* claimed and written 'sending' */
    { SG, ST }, { SG, D }, { SG, F }, { SG, U },        /* the verdict */
    { SG, Q },                                          /* a campaign-wide fault: not tried */
    { Q, SK }, { D, SK }, { Q, F }, { D, F },           /* settled without the network */
    { U, Q }, { U, SK }, { F, Q },                      /* campaign resend / skip */
  };
  /* A sent message never goes anywhere: no second send, no rewrite. */
  const HeraldDeliveryState refused[][2] = {
    { Q, ST }, { D, ST }, { Q, U }, { ST, Q }, { ST, SG }, { ST, F }, { ST, U },
    { SK, Q }, { SK, SG }, { U, SG }, { F, SG }, { U, ST },
  };

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    g_assert_true (herald_delivery_can_move (allowed[i][0], allowed[i][1]));
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    g_assert_false (herald_delivery_can_move (refused[i][0], refused[i][1]));
  for (guint to = 0; to < HERALD_DELIVERY_N_STATES; to++)
    {
      g_assert_false (herald_delivery_can_move (ST, to));
      g_assert_false (herald_delivery_can_move (SK, to));
    }
}

static void
test_names (void)
{
  for (guint i = 0; i < HERALD_DELIVERY_N_STATES; i++)
    {
      HeraldDeliveryState back;

      g_assert_true (herald_delivery_state_from_string (herald_delivery_state_to_string (i), &back));
      g_assert_cmpint (back, ==, i);
    }
  g_assert_cmpstr (herald_delivery_state_to_string (U), ==, "uncertain");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/delivery/moves", test_moves);
  g_test_add_func ("/delivery/names", test_names);
  return g_test_run ();
}
