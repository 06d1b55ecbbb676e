/* herald-account-editor-presets.c — the account editor's Provider row:
 * choosing a provider fills in its server, port, security and sending
 * limits, and each limit says where its figure comes from
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The presets are data (app/base/herald-pacing-presets.ini). The user may
 * lower any limit freely; Save asks before keeping one above the chosen
 * provider's (herald-account-editor.c).
 */
#define G_LOG_DOMAIN "herald-account-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-account-editor-private.h"

/* The combo row's positions follow the preset list's order. */
const HeraldProviderPreset *
_herald_account_editor_get_preset (HeraldAccountEditor *self)
{
  guint position = adw_combo_row_get_selected (self->provider_row);
  const HeraldProviderPreset *preset;

  if (self->preset_list == NULL || position >= self->preset_list->len)
    return NULL;
  preset = g_ptr_array_index (self->preset_list, position);
  return g_str_equal (preset->name, "other") ? NULL : preset;
}

static AdwActionRow *
limit_row (HeraldAccountEditor *self,
           HeraldPresetLimit    limit)
{
  AdwActionRow *rows[HERALD_PRESET_N_LIMITS] = {
    self->per_second_row, self->per_minute_row, self->per_hour_row,
    self->daily_cap_row, self->connections_row,
  };

  return rows[limit];
}

static GtkSpinButton *
limit_spin (HeraldAccountEditor *self,
            HeraldPresetLimit    limit)
{
  GtkSpinButton *spins[HERALD_PRESET_N_LIMITS] = {
    self->per_second_spin, self->per_minute_spin, self->per_hour_spin,
    self->daily_cap_spin, self->connections_spin,
  };

  return spins[limit];
}

/* What the provider row says under its title. */
static char *
dup_provider_hint (const HeraldProviderPreset *preset)
{
  GString *hint = g_string_new (NULL);
  const char *auth;

  if (preset == NULL)
    return g_string_free (g_string_append (hint, _("Fill in the server and the limits your provider gives.")), FALSE);
  if (preset->host == NULL && preset->host_example != NULL)
    /* TRANSLATORS: %s is an example server name, e.g. sv12345.xserver.jp */
    g_string_append_printf (hint, _("Type your own server’s name in the Server field, e.g. %s."), preset->host_example);
  auth = herald_provider_preset_auth_hint (preset);
  if (auth != NULL)
    g_string_append_printf (hint, "%s%s", hint->len > 0 ? " " : "", auth);
  if (hint->len == 0)
    g_string_append (hint, _("The server and its sending limits are filled in; lower the limits as you like."));
  return g_string_free (hint, FALSE);
}

static void
show_hints (HeraldAccountEditor        *self,
            const HeraldProviderPreset *preset)
{
  g_autofree char *provider_hint = dup_provider_hint (preset);

  _herald_account_editor_set_provider_hint (self, provider_hint);
  for (guint l = 0; l < HERALD_PRESET_N_LIMITS; l++)
    {
      g_autofree char *hint = preset != NULL ? herald_provider_preset_dup_hint (preset, l) : NULL;

      adw_action_row_set_subtitle (limit_row (self, l), hint != NULL ? hint : "");
    }
}

static void
on_provider_row_selected_cb (HeraldAccountEditor *self)
{
  const HeraldProviderPreset *preset = _herald_account_editor_get_preset (self);
  HeraldSecurity security;

  show_hints (self, preset);
  /* "Other" keeps whatever was typed; an account opened again keeps its
   * own values under its provider. */
  if (preset == NULL || self->loading_preset)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->host_row), preset->host != NULL ? preset->host : "");
  if (preset->security != NULL && herald_security_from_string (preset->security, &security))
    {
      guint position = security == HERALD_SECURITY_TLS ? 1 : 0;   /* the .ui's order */

      adw_combo_row_set_selected (self->security_row, position);
    }
  if (preset->port > 0)
    gtk_spin_button_set_value (self->port_spin, preset->port);
  for (guint l = 0; l < HERALD_PRESET_N_LIMITS; l++)
    {
      double value = herald_provider_preset_get_limit (preset, l);

      gtk_spin_button_set_value (limit_spin (self, l),
                                 l == HERALD_PRESET_LIMIT_CONNECTIONS ? MAX (value, 1) : value);
    }
}

void
_herald_account_editor_presets_init (HeraldAccountEditor *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint other = 0;

  self->presets = herald_pacing_presets_dup_default ();
  self->preset_list = herald_pacing_presets_list_providers (self->presets);
  for (guint i = 0; i < self->preset_list->len; i++)
    {
      const HeraldProviderPreset *preset = g_ptr_array_index (self->preset_list, i);

      if (g_str_equal (preset->name, "other"))
        {
          other = i;
          /* TRANSLATORS: the Provider choice that fills in nothing */
          gtk_string_list_append (labels, _("Other Provider"));
        }
      else
        gtk_string_list_append (labels, *preset->label != '\0' ? preset->label : preset->name);
    }
  adw_combo_row_set_model (self->provider_row, G_LIST_MODEL (labels));
  /* A new dialog starts at "Other": nothing is filled in until chosen. */
  adw_combo_row_set_selected (self->provider_row, other);
  show_hints (self, NULL);
  g_signal_connect_object (self->provider_row, "notify::selected",
                           G_CALLBACK (on_provider_row_selected_cb), self, G_CONNECT_SWAPPED);
}

/* An account opened again: its provider chosen, with the hints and
 * sources of its limits, and nothing filled over its own values. */
void
_herald_account_editor_presets_load (HeraldAccountEditor *self,
                                     const HeraldAccount *account)
{
  for (guint i = 0; account->preset != NULL && i < self->preset_list->len; i++)
    {
      const HeraldProviderPreset *preset = g_ptr_array_index (self->preset_list, i);

      if (g_str_equal (preset->name, account->preset))
        {
          self->loading_preset = TRUE;
          adw_combo_row_set_selected (self->provider_row, i);
          self->loading_preset = FALSE;
          return;
        }
    }
}

/* The chosen provider, remembered with the account. */
void
_herald_account_editor_presets_apply (HeraldAccountEditor *self,
                                      HeraldAccount       *account)
{
  const HeraldProviderPreset *preset = _herald_account_editor_get_preset (self);

  g_free (account->preset);
  account->preset = preset != NULL ? g_strdup (preset->name) : NULL;
}

void
_herald_account_editor_presets_dispose (HeraldAccountEditor *self)
{
  g_clear_pointer (&self->preset_list, g_ptr_array_unref);
  g_clear_pointer (&self->presets, herald_pacing_presets_unref);
}

/**
 * _herald_account_editor_dup_raised:
 *
 * Returns: (transfer full) (nullable): one line for each of @account's
 *   limits above the chosen provider's; %NULL when none is
 */
char *
_herald_account_editor_dup_raised (HeraldAccountEditor *self,
                                   const HeraldAccount *account)
{
  const HeraldProviderPreset *preset = _herald_account_editor_get_preset (self);
  const double values[HERALD_PRESET_N_LIMITS] = {
    account->rate_per_second, (double) account->rate_per_minute, (double) account->rate_per_hour,
    (double) account->daily_cap, (double) MAX (account->connections, 1),
  };
  GString *raised = g_string_new (NULL);

  for (guint l = 0; preset != NULL && l < HERALD_PRESET_N_LIMITS; l++)
    {
      g_autofree char *warning = herald_provider_preset_dup_warning (preset, l, values[l]);

      if (warning != NULL)
        g_string_append_printf (raised, "%s%s", raised->len > 0 ? "\n" : "", warning);
    }
  if (raised->len == 0)
    {
      g_string_free (raised, TRUE);
      return NULL;
    }
  return g_string_free (raised, FALSE);
}
