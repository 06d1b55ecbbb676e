/* herald-window.c — Herald's main window
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Closing the window while a campaign sends asks first: keep sending in
 * the background (the window hides, the application is held until the
 * sender ends, then the window goes and the application with it), pause
 * through the engine and close once the sender has stopped (so every
 * message on the wire is journalled), or stay. When a run ends while the
 * window is hidden or not active, a desktop notification says so; its
 * default action, app.show-campaign, brings the window back on the
 * campaign.
 *
 * Closing the window when no campaign sends: if scheduled work is still
 * to go (a scheduled campaign, sequence messages held by quiet hours), or
 * always with the setting run-in-background, the window hides, holds the
 * application and keeps its due runner going, and a notification says so
 * with Quit (herald-background.c; under Flatpak the Background portal is
 * asked). Without the setting it lets go, and the application ends, once
 * a check finds nothing left. Quit (app.quit, SIGTERM) closes it at once.
 *
 * The senders are the application's send controller's: the window gives
 * it the session it opens, hands it to the Campaigns and Results pages,
 * and watches it (whether it sends, and the end of each run).
 */
#define G_LOG_DOMAIN "herald-window"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-background.h"
#include "herald-campaign-format.h"
#include "herald-campaigns-page.h"
#include "herald-lists-page.h"
#include "herald-results-page.h"
#include "herald-mailbox-watch.h"
#include "herald-send-controller.h"
#include "herald-sender.h"
#include "herald-session.h"
#include "herald-reports-page.h"
#include "herald-sequences-page.h"
#include "herald-start-guide.h"
#include "herald-due-runner.h"
#include "herald-suppressions-page.h"
#include "herald-templates-page.h"
#include "herald-window.h"
#include "herald-dialog.h"

typedef enum
{
  CLOSING_NONE,
  CLOSING_BACKGROUND,   /* hidden, sending; closes when the sender ends */
  CLOSING_PAUSE,        /* hidden, pausing; closes when the sender has stopped */
  CLOSING_DUE,          /* hidden, running due work; closes when none is left, or on Quit */
} Closing;

/* How often a window running due work in the background looks whether
 * any is left. */
#define BACKGROUND_CHECK_SECONDS 20

struct _HeraldWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  HeraldCampaignsPage  *campaigns_page;
  GtkStack             *content_stack;
  AdwStatusPage        *error_page;
  HeraldListsPage      *lists_page;
  GtkSpinner           *loading_spinner;
  HeraldResultsPage    *results_page;
  HeraldSequencesPage  *sequences_page;
  HeraldReportsPage    *reports_page;
  HeraldStartGuide     *start_guide;
  HeraldSuppressionsPage *suppressions_page;
  AdwViewSwitcherBar   *switcher_bar;
  AdwViewSwitcherTitle *switcher_title;
  HeraldTemplatesPage  *templates_page;
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;

  /* owned */
  GSettings            *settings;
  GCancellable         *cancellable;
  HeraldSession        *session;
  HeraldSendController *controller;  /* the application's */
  HeraldDueRunner      *due_runner;  /* scheduled campaigns, while open */
  HeraldMailboxWatch   *mailbox_watch; /* automatic mailbox checks */
  GHashTable           *mailbox_errors; /* messages shown since the last check without them */
  AdwMessageDialog     *close_dialog;
  Closing               closing;
  GApplication         *held;        /* g_application_hold()ed while closing */
  guint                 background_check_id;
  gboolean              background_notified;
  gboolean              quitting;    /* app.quit or a signal: no staying in the background */
};

static void refresh_guide    (HeraldWindow *self);
static void on_guide_step_cb (HeraldWindow *self,
                              int           step);

G_DEFINE_FINAL_TYPE (HeraldWindow, herald_window, ADW_TYPE_APPLICATION_WINDOW)

static const char * const page_names[] = { "lists", "templates", "campaigns", "results" };

static gboolean
is_sending (HeraldWindow *self)
{
  return self->controller != NULL && herald_send_controller_get_sending (self->controller);
}

/* A run of due work under way: a scheduled campaign may be sending in it,
 * its last messages sent but not yet marked done. */
static gboolean
is_running_due (HeraldWindow *self)
{
  return self->due_runner != NULL && herald_due_runner_is_running (self->due_runner);
}

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

static void check_background (HeraldWindow *self);

static void
on_due_ran_cb (HeraldWindow *self)
{
  if (self->controller != NULL)
    herald_send_controller_refresh (self->controller);
  if (self->closing == CLOSING_DUE)
    check_background (self);
}

static void
run_due_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);

  if (self->due_runner != NULL)
    herald_due_runner_run_now (self->due_runner);
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
  if (self->controller != NULL)
    herald_send_controller_set_session (self->controller, session);
  herald_lists_page_set_session (self->lists_page, session);
  herald_templates_page_set_session (self->templates_page, session);
  herald_start_guide_refresh (self->start_guide, session);
  herald_sequences_page_set_session (self->sequences_page, session);
  herald_reports_page_set_session (self->reports_page, session);
  herald_suppressions_page_set_session (self->suppressions_page, session);
  herald_mailbox_watch_set_session (self->mailbox_watch, session);
  show_content (self, "pages");

  /* Scheduled campaigns go while the window is open, through the same
   * engine function as `herald-cli run-due`. */
  self->due_runner = herald_due_runner_new (session, GTK_WINDOW (self), self->cancellable);
  g_signal_connect_object (self->due_runner, "ran", G_CALLBACK (on_due_ran_cb), self, G_CONNECT_SWAPPED);

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

/* ---- closing while sending ----------------------------------------------- */

static void
release_application (HeraldWindow *self)
{
  g_autoptr(GApplication) app = g_steal_pointer (&self->held);

  g_clear_handle_id (&self->background_check_id, g_source_remove);
  if (app != NULL && self->background_notified)
    herald_background_withdraw (app);
  self->background_notified = FALSE;
  if (app != NULL)
    g_application_release (app);
}

static void
hold_application (HeraldWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->held == NULL && app != NULL)
    {
      self->held = G_APPLICATION (g_object_ref (app));
      g_application_hold (self->held);
    }
}

/* Hides the window and keeps the application running while the sender
 * ends (see on_sender_finished_cb()). */
static void
close_later (HeraldWindow *self,
             Closing       closing)
{
  self->closing = closing;
  hold_application (self);
  if (closing == CLOSING_PAUSE && self->controller != NULL)
    herald_send_controller_pause_all (self->controller);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static gboolean
destroy_after_sending_cb (gpointer data)
{
  HeraldWindow *self = data;

  /* Shown again meanwhile (app.show-campaign, or Herald started again),
   * or sending again: stay. */
  if (self->closing == CLOSING_BACKGROUND && !self->quitting &&
      !gtk_widget_get_visible (GTK_WIDGET (self)) && !is_sending (self))
    {
      /* Scheduled work may be left to send, or the user wants Herald kept. */
      self->closing = CLOSING_DUE;
      check_background (self);
    }
  else if (self->closing != CLOSING_NONE && self->closing != CLOSING_DUE &&
           !gtk_widget_get_visible (GTK_WIDGET (self)) && !is_sending (self))
    {
      g_debug ("The run has ended: closing the hidden window");
      self->closing = CLOSING_NONE;
      gtk_window_destroy (GTK_WINDOW (self));
      release_application (self);
    }
  return G_SOURCE_REMOVE;
}

/* Shown again while closing in the background: it is the user's window again. */
static void
on_visible_changed_cb (HeraldWindow *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self)) && self->closing != CLOSING_NONE)
    {
      self->closing = CLOSING_NONE;
      release_application (self);
      if (self->due_runner != NULL)
        herald_due_runner_run_now (self->due_runner);
    }
}

/* ---- running due work in the background ------------------------------------ */

static void
close_for_good (HeraldWindow *self)
{
  g_debug ("Nothing due is left: closing the hidden window");
  self->closing = CLOSING_NONE;
  g_cancellable_cancel (self->cancellable);
  gtk_window_destroy (GTK_WINDOW (self));
  release_application (self);
}

static gboolean
on_background_check_cb (gpointer data)
{
  check_background (HERALD_WINDOW (data));
  return G_SOURCE_CONTINUE;
}

static void
stay_in_background (HeraldWindow *self)
{
  if (!self->background_notified && self->held != NULL)
    {
      herald_background_request_portal ();
      herald_background_notify (self->held);
      self->background_notified = TRUE;
    }
  if (self->background_check_id == 0)
    self->background_check_id = g_timeout_add_seconds (BACKGROUND_CHECK_SECONDS, on_background_check_cb, self);
}

static void
on_pending_counted_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(HeraldWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  guint64 n = 0;

  if (!herald_background_count_pending_finish (HERALD_SESSION (source), result, &n, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Looking for scheduled work: %s", error->message);
    }
  /* Shown again, quit or sending meanwhile: not this check's to decide. */
  if (self->closing != CLOSING_DUE || gtk_widget_get_visible (GTK_WIDGET (self)))
    return;
  /* Not known (the database busy…): stay, and look again at the next check. */
  if (error != NULL)
    {
      stay_in_background (self);
      return;
    }
  g_debug ("Due work left: %" G_GUINT64_FORMAT, n);
  /* A run under way ends with "ran", which looks again. */
  /* A late campaign's question waiting in a notification: stay for the answer. */
  if (n > 0 || is_running_due (self) || g_settings_get_boolean (self->settings, "run-in-background") ||
      (self->due_runner != NULL && herald_due_runner_has_questions (self->due_runner)))
    stay_in_background (self);
  else if (!is_sending (self))
    close_for_good (self);
}

/* Whether the hidden window still has due work to run: stays (held, with
 * the notification) or goes. */
static void
check_background (HeraldWindow *self)
{
  if (self->closing != CLOSING_DUE || self->session == NULL)
    return;
  if (g_settings_get_boolean (self->settings, "run-in-background"))
    {
      stay_in_background (self);
      return;
    }
  herald_background_count_pending_async (self->session, self->cancellable, on_pending_counted_cb,
                                         g_object_ref (self));
}

static gboolean
close_window_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
on_close_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      HeraldWindow     *self)
{
  g_debug ("Close while sending: “%s”", response);
  self->close_dialog = NULL;
  if (g_str_equal (response, "cancel"))
    self->quitting = FALSE;
  /* The run may have ended while the dialog was up: then just close —
   * once the dialog has finished answering, as closing the window
   * destroys the dialog, its transient child, and AdwMessageDialog still
   * uses itself after emitting ::response. */
  if (!is_sending (self))
    {
      if (!g_str_equal (response, "cancel"))
        g_idle_add_full (G_PRIORITY_DEFAULT, close_window_cb, g_object_ref (self), g_object_unref);
      return;
    }
  if (g_str_equal (response, "background"))
    close_later (self, CLOSING_BACKGROUND);
  else if (g_str_equal (response, "pause"))
    close_later (self, CLOSING_PAUSE);
}

static void
ask_before_closing (HeraldWindow *self)
{
  GtkWidget *dialog;

  if (self->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->close_dialog));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("A Campaign Is Sending"),
                                   _("Herald can keep sending with the window closed and notify you when "
                                     "it is done, or pause the campaign so that you can resume it later."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    /* TRANSLATORS: a button: do not close the window */
                                    "cancel", _("_Cancel"),
                                    /* TRANSLATORS: a button: pause the campaign, then close the window */
                                    "pause", _("_Pause and Close"),
                                    /* TRANSLATORS: a button: close the window, go on sending */
                                    "background", _("_Keep Sending in the Background"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "background",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "background");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  herald_dialog_name_buttons (dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_close_response_cb), self);
  self->close_dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the end of a run ----------------------------------------------------- */

static void
send_notification (HeraldWindow       *self,
                   HeraldCampaignItem *item,
                   HeraldSenderStatus  status,
                   const char         *reason)
{
  gint64 campaign_id = herald_campaign_item_get_id (item);
  const char *name = herald_campaign_item_get_name (item) != NULL ? herald_campaign_item_get_name (item) : "";
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  const char *page;

  if (app == NULL)
    return;
  switch (status)
    {
    case HERALD_SENDER_DONE:
      /* TRANSLATORS: a desktop notification's title; %s is the campaign's name */
      title = g_strdup_printf (_("“%s” Is Sent"), name);
      body = herald_format_delivery_counts (herald_campaign_item_get_counts (item));
      page = "results";
      break;
    case HERALD_SENDER_FAULT:
    case HERALD_SENDER_FAILED:
      /* TRANSLATORS: a desktop notification's title; %s is the campaign's name */
      title = g_strdup_printf (_("“%s” Is Paused"), name);
      body = g_strdup_printf (_("Sending stopped: %s"), reason != NULL ? reason : _("unknown reason"));
      page = "campaigns";
      break;
    default:
      return;   /* paused or cancelled by the user: they know */
    }
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  if (status != HERALD_SENDER_DONE)
    g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.show-campaign", "(sx)", page, campaign_id);
  id = g_strdup_printf ("campaign-%" G_GINT64_FORMAT, campaign_id);
  g_application_send_notification (G_APPLICATION (app), id, notification);
}

static void
on_run_finished_cb (HeraldWindow       *self,
                    HeraldCampaignItem *item,
                    int                 status,
                    const char         *reason)
{
  gboolean visible = gtk_widget_get_visible (GTK_WIDGET (self));

  herald_start_guide_refresh (self->start_guide, self->session);
  if (!visible || !gtk_window_is_active (GTK_WINDOW (self)))
    send_notification (self, item, (HeraldSenderStatus) status, reason);
  /* Bounces of what was just sent may be waiting already. */
  if (visible)
    herald_mailbox_watch_check_after (self->mailbox_watch, herald_campaign_item_get_id (item));
  /* Not from within the controller's signal, which the pages hear too. */
  if (self->closing != CLOSING_NONE && !visible)
    g_idle_add_full (G_PRIORITY_DEFAULT, destroy_after_sending_cb, g_object_ref (self), g_object_unref);
}

/* ---- the automatic mailbox checks ------------------------------------------ */

static void
on_mailbox_checked_cb (HeraldWindow              *self,
                       const HeraldMailboxCounts *counts)
{
  g_autofree char *title = herald_mailbox_watch_describe (counts);
  guint pulled = (guint) MIN (herald_mailbox_watch_get_pulled (self->mailbox_watch), G_MAXUINT);

  if (title == NULL && pulled > 0)
    /* TRANSLATORS: after a campaign sent through Amazon SES, Mailgun or SendGrid */
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u address added from the provider’s suppression list",
                                          "%u addresses added from the provider’s suppression list", pulled),
                             pulled);
  /* A failure shown before is shown again once it went away and came back. */
  if (!herald_mailbox_watch_get_failed (self->mailbox_watch))
    g_hash_table_remove_all (self->mailbox_errors);
  if (counts->n_suppressed > 0 || counts->n_bounced > 0 || counts->n_unsubscribed > 0)
    herald_suppressions_page_reload (self->suppressions_page);
  /* A check that found nothing new says nothing. */
  if (title != NULL)
    herald_window_add_toast (self, adw_toast_new (title));
}

static void
on_mailbox_failed_cb (HeraldWindow *self,
                      const char   *message)
{
  AdwToast *toast;

  /* The timer would say the same every 15 minutes: once is enough. */
  if (!g_hash_table_add (self->mailbox_errors, g_strdup (message)))
    return;
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 0);
  herald_window_add_toast (self, toast);
}

/* ---- closing -------------------------------------------------------------- */

static void
save_window_size (HeraldWindow *self)
{
  GtkWindow *window = GTK_WINDOW (self);
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
}

static gboolean
herald_window_close_request (GtkWindow *window)
{
  HeraldWindow *self = HERALD_WINDOW (window);

  g_debug ("Close requested (sending: %d, visible: %d, closing: %d)",
           is_sending (self), gtk_widget_get_visible (GTK_WIDGET (self)), self->closing);
  if (is_sending (self))
    {
      if (gtk_widget_get_visible (GTK_WIDGET (self)))
        {
          save_window_size (self);
          ask_before_closing (self);
        }
      else if (self->closing != CLOSING_PAUSE)
        /* Hidden and asked to close: the application quits (app.quit,
         * SIGTERM) while sending in the background. Nobody to ask: pause. */
        close_later (self, CLOSING_PAUSE);
      return TRUE;
    }
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    {
      save_window_size (self);
      /* Scheduled work goes on with the window closed while there is any
       * (or always, with the setting): hidden and held until a check
       * finds none. */
      if (self->due_runner != NULL && self->closing == CLOSING_NONE && !self->quitting)
        {
          self->closing = CLOSING_DUE;
          hold_application (self);
          gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
          check_background (self);
          return TRUE;
        }
    }
  /* Hidden and asked to close (Quit from the notification, app.quit,
   * SIGTERM): close for good. */
  release_application (self);
  self->closing = CLOSING_NONE;

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (herald_window_parent_class)->close_request (window);
}

static void
herald_window_dispose (GObject *object)
{
  HeraldWindow *self = HERALD_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->mailbox_watch);
  release_application (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_WINDOW);

  G_OBJECT_CLASS (herald_window_parent_class)->dispose (object);
}

static void
herald_window_finalize (GObject *object)
{
  HeraldWindow *self = HERALD_WINDOW (object);

  g_clear_object (&self->due_runner);
  g_clear_object (&self->session);
  g_clear_object (&self->controller);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->mailbox_errors, g_hash_table_unref);

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
  g_type_ensure (HERALD_TYPE_REPORTS_PAGE);
  g_type_ensure (HERALD_TYPE_RESULTS_PAGE);
  g_type_ensure (HERALD_TYPE_SEQUENCES_PAGE);
  g_type_ensure (HERALD_TYPE_START_GUIDE);
  g_type_ensure (HERALD_TYPE_SUPPRESSIONS_PAGE);
  g_type_ensure (HERALD_TYPE_TEMPLATES_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, campaigns_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, lists_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, results_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, reports_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, sequences_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, suppressions_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, templates_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, start_guide);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_activated);
  gtk_widget_class_install_action (widget_class, "win.run-due", NULL, run_due_activated);
}

static void
herald_window_init (HeraldWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (HERALD_SETTINGS_SCHEMA);
  self->mailbox_watch = herald_mailbox_watch_new (self->settings);
  self->mailbox_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect_object (self->mailbox_watch, "checked", G_CALLBACK (on_mailbox_checked_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mailbox_watch, "failed", G_CALLBACK (on_mailbox_failed_cb), self,
                           G_CONNECT_SWAPPED);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  herald_lists_page_set_settings (self->lists_page, self->settings);
  g_signal_connect (self, "notify::visible", G_CALLBACK (on_visible_changed_cb), NULL);
  g_signal_connect_swapped (self, "notify::is-active", G_CALLBACK (refresh_guide), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child", G_CALLBACK (refresh_guide), self);
  g_signal_connect_swapped (self->start_guide, "step", G_CALLBACK (on_guide_step_cb), self);
  show_content (self, "loading");
}

/* ---- the getting-started guide --------------------------------------------- */

/* The guide reads the first steps again when the window is back from a
 * dialog (an import, the starter gallery, the send confirmation) and when
 * another page is shown. */
static void
refresh_guide (HeraldWindow *self)
{
  if (self->session != NULL && gtk_window_is_active (GTK_WINDOW (self)))
    herald_start_guide_refresh (self->start_guide, self->session);
}

static void
on_guide_step_cb (HeraldWindow *self,
                  int           step)
{
  switch ((HeraldStartStep) step)
    {
    case HERALD_START_STEP_LIST:
      adw_view_stack_set_visible_child_name (self->view_stack, "lists");
      gtk_widget_activate_action (GTK_WIDGET (self->lists_page), "lists.import", NULL);
      break;
    case HERALD_START_STEP_NEWSLETTER:
      adw_view_stack_set_visible_child_name (self->view_stack, "templates");
      gtk_widget_activate_action (GTK_WIDGET (self->templates_page), "templates.new", NULL);
      break;
    case HERALD_START_STEP_SEND:
    default:
      /* The form offers what was just imported and made. */
      herald_campaigns_page_prefer (self->campaigns_page,
                                    herald_start_guide_get_newest_list (self->start_guide),
                                    herald_start_guide_get_newest_template (self->start_guide));
      adw_view_stack_set_visible_child_name (self->view_stack, "campaigns");
      break;
    }
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

  self->controller = g_object_ref (herald_application_get_send_controller (application));
  herald_campaigns_page_set_controller (self->campaigns_page, self->controller);
  herald_results_page_set_controller (self->results_page, self->controller);
  g_signal_connect_object (self->controller, "finished", G_CALLBACK (on_run_finished_cb), self, G_CONNECT_SWAPPED);

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

  /* The Campaigns page has its buttons below its own toasts' place. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "campaigns") == 0)
    herald_campaigns_page_add_toast (self->campaigns_page, toast);
  else
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * herald_window_show_campaign:
 * @page: "campaigns" or "results"
 *
 * Shows @campaign_id on @page (for app.show-campaign); present the window
 * afterwards.
 */
void
herald_window_show_campaign (HeraldWindow *self,
                             const char   *page,
                             gint64        campaign_id)
{
  g_return_if_fail (HERALD_IS_WINDOW (self));
  g_return_if_fail (page != NULL);

  if (g_str_equal (page, "results"))
    herald_results_page_select_campaign (self->results_page, campaign_id);
  else if (g_str_equal (page, "campaigns"))
    herald_campaigns_page_select_campaign (self->campaigns_page, campaign_id);
  else
    {
      g_warning ("app.show-campaign: there is no campaign page “%s”", page);
      return;
    }
  adw_view_stack_set_visible_child_name (self->view_stack, page);
}

/**
 * herald_window_decide_late:
 * @campaign_id: a late campaign asked about in a notification
 * @send: the notification's Send Now, or Skip
 *
 * Returns: %FALSE when this window has no such question open (the caller
 *   shows the window, which asks again if the campaign still waits)
 */
gboolean
herald_window_decide_late (HeraldWindow *self,
                           gint64        campaign_id,
                           gboolean      send)
{
  g_return_val_if_fail (HERALD_IS_WINDOW (self), FALSE);

  return self->due_runner != NULL && herald_due_runner_decide (self->due_runner, campaign_id, send);
}

/**
 * herald_window_quit:
 *
 * Closes the window without asking (the application is told to end, by
 * SIGTERM or SIGINT): a campaign that is sending is paused through the
 * engine first, and the window closes once its sender has stopped.
 */
void
herald_window_quit (HeraldWindow *self)
{
  g_return_if_fail (HERALD_IS_WINDOW (self));

  self->quitting = TRUE;
  if (is_sending (self))
    {
      if (self->close_dialog != NULL)
        gtk_window_destroy (GTK_WINDOW (self->close_dialog));
      self->close_dialog = NULL;
      if (gtk_widget_get_visible (GTK_WIDGET (self)))
        save_window_size (self);
      close_later (self, CLOSING_PAUSE);
    }
  else
    gtk_window_close (GTK_WINDOW (self));
}

/**
 * herald_window_close_to_quit:
 *
 * Closes the window because the user quits (app.quit): as closing it,
 * asking first while a campaign sends, but never staying in the
 * background for scheduled work.
 */
void
herald_window_close_to_quit (HeraldWindow *self)
{
  g_return_if_fail (HERALD_IS_WINDOW (self));

  self->quitting = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}
