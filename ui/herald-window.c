/* herald-window.c — Herald's main window
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-window"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-campaigns-page.h"
#include "herald-lists-page.h"
#include "herald-results-page.h"
#include "herald-session.h"
#include "herald-templates-page.h"
#include "herald-window.h"

struct _HeraldWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  GtkStack             *content_stack;
  AdwStatusPage        *error_page;
  HeraldListsPage      *lists_page;
  GtkSpinner           *loading_spinner;
  AdwViewSwitcherBar   *switcher_bar;
  AdwViewSwitcherTitle *switcher_title;
  HeraldTemplatesPage  *templates_page;
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;

  /* owned */
  GSettings            *settings;
  GCancellable         *cancellable;
  HeraldSession        *session;
};

G_DEFINE_FINAL_TYPE (HeraldWindow, herald_window, ADW_TYPE_APPLICATION_WINDOW)

static const char * const page_names[] = { "lists", "templates", "campaigns", "results" };

/* The view switcher is for the pages only: while the database opens, or
 * when it cannot be opened, the header shows just the title. */
static void
show_content (HeraldWindow *self,
              const char   *name)
{
  gboolean pages = g_str_equal (name, "pages");

  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (name, "loading"));
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, pages);
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), pages);
  gtk_stack_set_visible_child_name (self->content_stack, name);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", pages);
}

static void
on_session_opened_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(HeraldWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  HeraldSession *session;
  const char *demo_error;

  session = herald_session_open_finish (result, &error);
  if (session == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The store's message is translated and says what to do. */
      adw_status_page_set_description (self->error_page, error->message);
      show_content (self, "error");
      return;
    }

  self->session = session;
  herald_lists_page_set_session (self->lists_page, session);
  herald_templates_page_set_session (self->templates_page, session);
  show_content (self, "pages");

  demo_error = herald_session_get_demo_error (session);
  if (demo_error != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("The sample data could not be loaded: %s"), demo_error);
      AdwToast *toast = adw_toast_new (title);

      adw_toast_set_timeout (toast, 0);
      herald_window_add_toast (self, toast);
    }
}

static void
show_page_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (!g_strv_contains (page_names, name))
    {
      g_warning ("win.show-page: there is no page “%s”", name);
      return;
    }
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static gboolean
herald_window_close_request (GtkWindow *window)
{
  HeraldWindow *self = HERALD_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  /* The unmaximized size, so leaving maximized later restores it. */
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (herald_window_parent_class)->close_request (window);
}

static void
herald_window_dispose (GObject *object)
{
  HeraldWindow *self = HERALD_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_WINDOW);

  G_OBJECT_CLASS (herald_window_parent_class)->dispose (object);
}

static void
herald_window_finalize (GObject *object)
{
  HeraldWindow *self = HERALD_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (herald_window_parent_class)->finalize (object);
}

static void
herald_window_class_init (HeraldWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = herald_window_dispose;
  object_class->finalize = herald_window_finalize;
  window_class->close_request = herald_window_close_request;

  g_type_ensure (HERALD_TYPE_CAMPAIGNS_PAGE);
  g_type_ensure (HERALD_TYPE_LISTS_PAGE);
  g_type_ensure (HERALD_TYPE_RESULTS_PAGE);
  g_type_ensure (HERALD_TYPE_TEMPLATES_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, lists_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, templates_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, view_stack);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_activated);
}

static void
herald_window_init (HeraldWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (HERALD_SETTINGS_SCHEMA);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  herald_lists_page_set_settings (self->lists_page, self->settings);
  show_content (self, "loading");
}

/**
 * herald_window_new:
 * @db_path: (nullable): the database, or %NULL for `$HERALD_DB` or the
 *   default path
 *
 * Returns: (transfer none): a window that opens @db_path
 */
HeraldWindow *
herald_window_new (HeraldApplication *application,
                   const char        *db_path)
{
  HeraldWindow *self;

  g_return_val_if_fail (HERALD_IS_APPLICATION (application), NULL);

  self = g_object_new (HERALD_TYPE_WINDOW,
                       "application", application,
                       NULL);

  /* The UI thread never waits on the disk: the database opens (and, on
   * first run, gets the sample data) in a worker thread. */
  herald_session_open_async (db_path, self->cancellable, on_session_opened_cb, g_object_ref (self));
  return self;
}

/**
 * herald_window_get_session:
 *
 * Returns: (transfer none) (nullable): the open store, once it is open
 */
HeraldSession *
herald_window_get_session (HeraldWindow *self)
{
  g_return_val_if_fail (HERALD_IS_WINDOW (self), NULL);

  return self->session;
}

void
herald_window_add_toast (HeraldWindow *self,
                         AdwToast     *toast)
{
  g_return_if_fail (HERALD_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
