/* herald-application.c — the Herald application
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application owns the send controller (herald-send-controller.c),
 * made at startup: the campaigns that send belong to the application, not
 * to a window or a page. The window gives it the store it opens.
 */
#define G_LOG_DOMAIN "herald-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "herald-application.h"
#include "herald-renderer.h"
#include "herald-preferences-window.h"
#include "herald-screenshot.h"
#include "herald-send-controller.h"
#include "herald-window.h"

struct _HeraldApplication
{
  AdwApplication  parent_instance;

  /* owned */
  GSettings      *settings;
  HeraldSendController *send_controller;
  char           *db_path;     /* --db, or NULL for $HERALD_DB or the default */
  guint           sigterm_id;
  guint           sigint_id;
  gboolean        terminating;
};

G_DEFINE_FINAL_TYPE (HeraldApplication, herald_application, ADW_TYPE_APPLICATION)

static void
apply_color_scheme (HeraldApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme color_scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (scheme, "light"))
    color_scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    color_scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), color_scheme);
}

static void
on_settings_changed_cb (HeraldApplication *self,
                        const char        *key,
                        GSettings         *settings)
{
  if (g_str_equal (key, "color-scheme"))
    apply_color_scheme (self);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (app));

  /* Closing, rather than quitting outright, lets each window save its size
   * and cancel its work; the application ends with its last window. */
  for (GList *l = windows; l != NULL; l = l->next)
    if (HERALD_IS_WINDOW (l->data))
      herald_window_close_to_quit (HERALD_WINDOW (l->data));
    else
      gtk_window_close (GTK_WINDOW (l->data));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  HeraldApplication *self = HERALD_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  HeraldPreferencesWindow *preferences;

  preferences = herald_preferences_window_new (self->settings);
  /* Share the window's open database, so --db is honoured. */
  if (HERALD_IS_WINDOW (parent) && herald_window_get_session (HERALD_WINDOW (parent)) != NULL)
    herald_preferences_window_set_session (preferences, herald_window_get_session (HERALD_WINDOW (parent)));
  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { _("Herald developers"), NULL };
  /* TRANSLATORS: your name(s), one a line, optionally with <email> or URL */
  const char *translators = _("translator-credits");
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Herald"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("Herald developers"),
                        "developers", developers,
                        "comments", _("Send newsletters to your customers through your own mail account: "
                                      "import an address list, write the message once, and Herald "
                                      "personalizes it for every recipient."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", _("© 2026 Herald developers"),
                        "website", "https://github.com/heraldmail/herald",
                        "issue-url", "https://github.com/heraldmail/herald/issues",
                        NULL);
  /* Not translated (yet): leave the credits out rather than show the msgid. */
  if (!g_str_equal (translators, "translator-credits"))
    adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), translators);
  gtk_window_present (GTK_WINDOW (about));
}

/* The window on top: a dialog shown over the active window (preferences,
 * about, shortcuts), else the active window itself. Without a window
 * manager, as under Xvfb, focus never moves to the dialog. */
static GtkWindow *
find_top_window (GtkApplication *app)
{
  GtkWindow *active = gtk_application_get_active_window (app);
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  gboolean deeper = TRUE;

  /* Down the chain of dialogs: the account editor over Preferences over
   * the main window. */
  for (guint depth = 0; deeper && active != NULL && depth < 8; depth++)
    {
      deeper = FALSE;
      for (GList *l = toplevels; l != NULL; l = l->next)
        {
          GtkWindow *window = l->data;

          if (window != active &&
              gtk_window_get_transient_for (window) == active &&
              gtk_widget_get_mapped (GTK_WIDGET (window)))
            {
              active = window;
              deeper = TRUE;
              break;
            }
        }
    }
  return active;
}

static void
screenshot_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkWindow *window = find_top_window (GTK_APPLICATION (user_data));
  const char *path = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (window == NULL)
    {
      g_warning ("app.screenshot: there is no window to save");
      return;
    }
  if (!herald_screenshot_save (GTK_WIDGET (window), path, &error))
    g_warning ("app.screenshot: %s", error->message);
  else
    g_debug ("Saved a picture of the window to %s", path);
}

/* The default action of the notification at the end of a run: the window
 * (made anew if Herald had none) on the campaign. Target: (page, id). */
static void
show_campaign_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  HeraldApplication *self = HERALD_APPLICATION (user_data);
  GtkWindow *window = NULL;
  const char *page;
  gint64 campaign_id;

  g_variant_get (parameter, "(&sx)", &page, &campaign_id);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL && window == NULL; l = l->next)
    if (HERALD_IS_WINDOW (l->data))
      window = l->data;
  if (window == NULL)
    window = GTK_WINDOW (herald_window_new (self, self->db_path));
  herald_window_show_campaign (HERALD_WINDOW (window), page, campaign_id);
  gtk_window_present (window);
}

/* The notification of a Herald running in the background: its window again. */
static void
show_window_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  g_application_activate (G_APPLICATION (user_data));
}

/* The buttons of the notification about a late scheduled campaign
 * (herald-due-runner.c). Target: the campaign's id. With no window that
 * asked (Herald started anew by the click), the window opens and asks. */
static void
decide_late (HeraldApplication *self,
             GVariant          *parameter,
             gboolean           send)
{
  gint64 campaign_id = g_variant_get_int64 (parameter);
  GtkWindow *window = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL && window == NULL; l = l->next)
    if (HERALD_IS_WINDOW (l->data))
      window = l->data;
  if (window != NULL && herald_window_decide_late (HERALD_WINDOW (window), campaign_id, send))
    return;
  if (window == NULL)
    window = GTK_WINDOW (herald_window_new (self, self->db_path));
  gtk_window_present (window);
}

static void
late_send_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  decide_late (HERALD_APPLICATION (user_data), parameter, TRUE);
}

static void
late_skip_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  decide_late (HERALD_APPLICATION (user_data), parameter, FALSE);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "show-campaign", show_campaign_activated, "(sx)" },
  { "show-window", show_window_activated },
  { "late-send", late_send_activated, "x" },
  { "late-skip", late_skip_activated, "x" },
  { "preferences", preferences_activated },
  { "about", about_activated },
  /* A test hook: `gdbus call … org.gtk.Actions.Activate screenshot "[<'/tmp/x.png'>]" {}` */
  { "screenshot", screenshot_activated, "s" },
};

static void
set_accels (GtkApplication *app)
{
  static const struct { const char *action; const char *accel; } accels[] = {
    { "app.quit", "<Control>q" },
    { "app.preferences", "<Control>comma" },
    { "window.close", "<Control>w" },
    { "win.show-page('lists')", "<Alt>1" },
    { "win.show-page('templates')", "<Alt>2" },
    { "win.show-page('campaigns')", "<Alt>3" },
    { "win.show-page('results')", "<Alt>4" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    {
      const char *list[] = { accels[i].accel, NULL };
      gtk_application_set_accels_for_action (app, accels[i].action, list);
    }
}

/* SIGTERM or SIGINT (a logout, Ctrl+C in a terminal): close every window
 * without asking; a window that is sending pauses through the engine and
 * closes when its sender has journalled what was on the wire. A second
 * signal quits at once (the journal still makes a resume safe; messages
 * on the wire then come back as uncertain). */
static gboolean
on_terminate_cb (gpointer user_data)
{
  HeraldApplication *self = HERALD_APPLICATION (user_data);
  g_autoptr(GList) windows = NULL;

  if (self->terminating)
    {
      g_application_quit (G_APPLICATION (self));
      return G_SOURCE_CONTINUE;
    }
  self->terminating = TRUE;
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    if (!HERALD_IS_WINDOW (l->data))
      gtk_window_destroy (GTK_WINDOW (l->data));
  for (GList *l = windows; l != NULL; l = l->next)
    if (HERALD_IS_WINDOW (l->data))
      herald_window_quit (HERALD_WINDOW (l->data));
  return G_SOURCE_CONTINUE;
}

static void
herald_application_startup (GApplication *app)
{
  HeraldApplication *self = HERALD_APPLICATION (app);

  G_APPLICATION_CLASS (herald_application_parent_class)->startup (app);
  /* Before the first window: GTK reads the choice when it makes its renderer. */
  herald_renderer_choose ();

  g_set_application_name (_("Herald"));
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (HERALD_SETTINGS_SCHEMA);
  self->send_controller = herald_send_controller_new ();
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (on_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  apply_color_scheme (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  set_accels (GTK_APPLICATION (self));

  self->sigterm_id = g_unix_signal_add (SIGTERM, on_terminate_cb, self);
  self->sigint_id = g_unix_signal_add (SIGINT, on_terminate_cb, self);
}

static void
herald_application_shutdown (GApplication *app)
{
  HeraldApplication *self = HERALD_APPLICATION (app);

  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  /* Quitting with a sender running (a second SIGTERM): the campaign stays
   * "sending", and the next Resume, or `herald-cli campaign send`, picks
   * up where it stopped. */
  if (self->send_controller != NULL)
    herald_send_controller_stop_all (self->send_controller);

  G_APPLICATION_CLASS (herald_application_parent_class)->shutdown (app);
}

/* Without its schema, GSettings would abort with a message meant for
 * developers; say what to do instead. */
static gboolean
settings_schema_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, HERALD_SETTINGS_SCHEMA, TRUE);
  return schema != NULL;
}

static int
herald_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  HeraldApplication *self = HERALD_APPLICATION (app);
  g_autofree char *db_path = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("herald %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (!settings_schema_installed ())
    {
      g_printerr (_("Herald’s settings schema “%s” is not installed. Install Herald with "
                    "“meson install”, or start it from the source folder with "
                    "build-aux/run.sh.\n"),
                  HERALD_SETTINGS_SCHEMA);
      return 1;
    }

  /* Like herald-cli's --db. A second instance hands over to the running one,
   * which keeps the database it has open. */
  if (g_variant_dict_lookup (options, "db", "^ay", &db_path))
    {
      g_free (self->db_path);
      self->db_path = g_steal_pointer (&db_path);
    }

  return -1;
}

static void
herald_application_activate (GApplication *app)
{
  HeraldApplication *self = HERALD_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (herald_window_new (self, self->db_path));
  gtk_window_present (window);
}

static void
herald_application_dispose (GObject *object)
{
  HeraldApplication *self = HERALD_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->send_controller);

  G_OBJECT_CLASS (herald_application_parent_class)->dispose (object);
}

static void
herald_application_finalize (GObject *object)
{
  HeraldApplication *self = HERALD_APPLICATION (object);

  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (herald_application_parent_class)->finalize (object);
}

static void
herald_application_class_init (HeraldApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = herald_application_dispose;
  object_class->finalize = herald_application_finalize;
  app_class->handle_local_options = herald_application_handle_local_options;
  app_class->startup = herald_application_startup;
  app_class->shutdown = herald_application_shutdown;
  app_class->activate = herald_application_activate;
}

static void
herald_application_init (HeraldApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "db", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_FILENAME,
                                 _("Open this database instead of the default one"),
                                 /* TRANSLATORS: placeholder in “--db=FILE” */
                                 _("FILE"));
  g_application_add_main_option (G_APPLICATION (self), "version", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE,
                                 _("Print the version and exit"), NULL);
}

HeraldApplication *
herald_application_new (const char        *application_id,
                        GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  /* One resource path for every profile: the .Devel build shares the
   * stable build's help overlay, styles and icons. */
  return g_object_new (HERALD_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", "/io/github/heraldmail/Herald",
                       NULL);
}

/**
 * herald_application_get_settings:
 *
 * Returns: (transfer none): Herald's settings
 */
GSettings *
herald_application_get_settings (HeraldApplication *self)
{
  g_return_val_if_fail (HERALD_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * herald_application_get_send_controller:
 *
 * Returns: (transfer none): the campaigns and their senders, made at
 *   startup
 */
HeraldSendController *
herald_application_get_send_controller (HeraldApplication *self)
{
  g_return_val_if_fail (HERALD_IS_APPLICATION (self), NULL);

  return self->send_controller;
}
