/* herald-background.c — running on with the window closed: what is left
 * to do, the Background portal, the notification
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When the window is closed while scheduled work is still to go (or
 * always, with the setting run-in-background), the window hides and holds
 * the application, and its due runner goes on sending
 * (herald-window.c). This file has the pieces it needs:
 *  - how much due work is left (herald_campaign_count_pending_due(), in
 *    the session's thread), to let go once none is;
 *  - under Flatpak, the request to the Background portal
 *    (org.freedesktop.portal.Background.RequestBackground over D-Bus:
 *    libportal is not packaged in Debian 12), so that the desktop lets a
 *    windowless Herald run; outside Flatpak nothing needs asking;
 *  - the notification saying Herald still runs, with Quit.
 */
#define G_LOG_DOMAIN "herald-background"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-background.h"
#include "herald-base.h"
#include "herald-campaign.h"
#include "herald-due.h"

/* @data: a guint64, the count */
static gboolean
count_pending_job (HeraldStore   *store,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return herald_campaign_count_pending_due (store, herald_now_seconds (), HERALD_DUE_GRACE_SECONDS,
                                            data, error);
}

/**
 * herald_background_count_pending_async:
 *
 * Counts, in the session's thread, the due work still to go by itself
 * (herald_campaign_count_pending_due()).
 */
void
herald_background_count_pending_async (HeraldSession       *session,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  herald_session_run_async (session, HERALD_SESSION_JOB_SHARED, count_pending_job, g_new0 (guint64, 1), g_free,
                            cancellable, callback, user_data);
}

gboolean
herald_background_count_pending_finish (HeraldSession  *session,
                                        GAsyncResult   *result,
                                        guint64        *out_n,
                                        GError        **error)
{
  guint64 *n = NULL;

  if (!herald_session_run_finish (session, result, (gpointer *) &n, error))
    return FALSE;
  *out_n = *n;
  return TRUE;
}

static void
on_portal_reply_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  /* The answer comes later as the request's Response signal; a desktop
   * that says no may end Herald, as it would any windowless program. */
  if (reply == NULL)
    g_message ("The Background portal could not be asked to let Herald run: %s", error->message);
}

/**
 * herald_background_request_portal:
 *
 * Under Flatpak, asks the Background portal to let Herald run with no
 * window. Elsewhere does nothing.
 */
void
herald_background_request_portal (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  GVariantBuilder options;

  if (!g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return;
  if ((bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL)) == NULL)
    return;
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Herald sends scheduled mail while its window is closed.")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (FALSE));
  g_dbus_connection_call (bus, "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                          "org.freedesktop.portal.Background", "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, 10000, NULL, on_portal_reply_cb, NULL);
}

/**
 * herald_background_notify:
 *
 * Says Herald still runs with its window closed, with Quit, and Open as
 * the default action.
 */
void
herald_background_notify (GApplication *app)
{
  g_autoptr(GNotification) notification = g_notification_new (_("Herald Is Running in the Background"));

  g_notification_set_body (notification, _("Scheduled campaigns and sequence steps are sent while the window "
                                           "is closed."));
  g_notification_set_default_action (notification, "app.show-window");
  /* TRANSLATORS: a button of the notification saying Herald runs in the background */
  g_notification_add_button (notification, _("Quit"), "app.quit");
  g_application_send_notification (app, HERALD_BACKGROUND_NOTIFICATION, notification);
}

void
herald_background_withdraw (GApplication *app)
{
  g_application_withdraw_notification (app, HERALD_BACKGROUND_NOTIFICATION);
}
