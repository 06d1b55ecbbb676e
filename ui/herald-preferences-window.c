/* herald-preferences-window.c — what can be set in this version
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-preferences-window.h"
#include "herald-store.h"

struct _HeraldPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  GtkButton            *open_outbox_button;
  AdwActionRow         *outbox_row;
  AdwComboRow          *style_row;

  /* owned */
  GSettings            *settings;
  char                 *outbox_path;
};

G_DEFINE_FINAL_TYPE (HeraldPreferencesWindow, herald_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The combo row's positions, in the order of the .ui file's string list. */
static const char * const color_schemes[] = { "default", "light", "dark" };

static gboolean
color_scheme_to_position (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *scheme = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    if (g_str_equal (scheme, color_schemes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
position_to_color_scheme (const GValue       *value,
                          const GVariantType *expected_type,
                          gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (color_schemes))
    return NULL;
  return g_variant_new_string (color_schemes[position]);
}

static void
on_outbox_opened_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(HeraldPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autofree char *title = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        /* The folder is made when the first message is kept there. */
        title = g_strdup (_("The Outbox is empty: no folder yet"));
      else
        title = g_strdup_printf (_("The Outbox folder could not be opened: %s"), error->message);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (title));
    }
}

static void
on_open_outbox_button_clicked_cb (HeraldPreferencesWindow *self,
                                  GtkButton               *button)
{
  g_autoptr(GFile) folder = g_file_new_for_path (self->outbox_path);
  g_autofree char *uri = g_file_get_uri (folder);
  g_autoptr(GdkAppLaunchContext) context = NULL;

  /* Through the OpenURI portal when sandboxed; never waits on the disk. */
  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL,
                                           on_outbox_opened_cb, g_object_ref (self));
}

static void
herald_preferences_window_constructed (GObject *object)
{
  HeraldPreferencesWindow *self = HERALD_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (herald_preferences_window_parent_class)->constructed (object);

  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                color_scheme_to_position,
                                position_to_color_scheme,
                                NULL, NULL);
}

static void
herald_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  HeraldPreferencesWindow *self = HERALD_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  HeraldPreferencesWindow *self = HERALD_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (herald_preferences_window_parent_class)->dispose (object);
}

static void
herald_preferences_window_finalize (GObject *object)
{
  HeraldPreferencesWindow *self = HERALD_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->outbox_path, g_free);

  G_OBJECT_CLASS (herald_preferences_window_parent_class)->finalize (object);
}

static void
herald_preferences_window_class_init (HeraldPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = herald_preferences_window_constructed;
  object_class->dispose = herald_preferences_window_dispose;
  object_class->finalize = herald_preferences_window_finalize;
  object_class->get_property = herald_preferences_window_get_property;
  object_class->set_property = herald_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, open_outbox_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, outbox_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, style_row);
  gtk_widget_class_bind_template_callback (widget_class, on_open_outbox_button_clicked_cb);
}

static void
herald_preferences_window_init (HeraldPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Only the path: computing it touches no disk. */
  self->outbox_path = herald_store_default_outbox ();
  adw_action_row_set_subtitle (self->outbox_row, self->outbox_path);
  adw_action_row_set_subtitle_lines (self->outbox_row, 0);
}

HeraldPreferencesWindow *
herald_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (HERALD_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}
