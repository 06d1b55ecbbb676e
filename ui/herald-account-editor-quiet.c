/* herald-account-editor-quiet.c — the account editor's Quiet Hours group:
 * a switch and the two times of day no message is sent between
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "herald-account-editor-private.h"
#include "herald-quiet-hours.h"

/* The switch and the two times; off shows the default times, ready for
 * turning it on. */
void
_herald_account_editor_set_quiet_hours (HeraldAccountEditor *self,
                                        int                  start,
                                        int                  end)
{
  gboolean on = !herald_quiet_hours_is_off (start, end);

  if (!on)
    {
      start = HERALD_QUIET_HOURS_DEFAULT_START;
      end = HERALD_QUIET_HOURS_DEFAULT_END;
    }
  gtk_switch_set_active (self->quiet_switch, on);
  gtk_spin_button_set_value (self->quiet_start_hour, start / 60);
  gtk_spin_button_set_value (self->quiet_start_minute, start % 60);
  gtk_spin_button_set_value (self->quiet_end_hour, end / 60);
  gtk_spin_button_set_value (self->quiet_end_minute, end % 60);
}

/* Into @account: none when the switch is off. */
gboolean
_herald_account_editor_read_quiet_hours (HeraldAccountEditor  *self,
                                         HeraldAccount        *account,
                                         GError              **error)
{
  account->quiet_start = account->quiet_end = 0;
  if (!gtk_switch_get_active (self->quiet_switch))
    return TRUE;
  account->quiet_start = gtk_spin_button_get_value_as_int (self->quiet_start_hour) * 60 +
                         gtk_spin_button_get_value_as_int (self->quiet_start_minute);
  account->quiet_end = gtk_spin_button_get_value_as_int (self->quiet_end_hour) * 60 +
                       gtk_spin_button_get_value_as_int (self->quiet_end_minute);
  if (herald_quiet_hours_is_off (account->quiet_start, account->quiet_end))
    {
      g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_INVALID,
                   _("Quiet hours that begin and end at the same time are empty. "
                     "Choose two different times, or turn Pause at Night off."));
      return FALSE;
    }
  return TRUE;
}

/* A new account pauses at night (21:00-08:00) unless the user says not;
 * the times can be changed only while the switch is on. */
void
_herald_account_editor_quiet_init (HeraldAccountEditor *self)
{
  _herald_account_editor_set_quiet_hours (self, HERALD_QUIET_HOURS_DEFAULT_START, HERALD_QUIET_HOURS_DEFAULT_END);
  g_object_bind_property (self->quiet_switch, "active", self->quiet_start_row, "sensitive", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->quiet_switch, "active", self->quiet_end_row, "sensitive", G_BINDING_SYNC_CREATE);
}
