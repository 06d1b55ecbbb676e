/* herald-suppression-source.c — the Do Not Send page's "Open Message": the
 * mailbox message that put an address on the list, read-only
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine finds where the message was read (mailbox_events) and fetches
 * it again from the account's mailbox without marking it read
 * (herald_mailbox_fetch_cause()); herald_mailbox_message_read() makes its
 * headers and text readable. Nothing is rendered: the text is shown as
 * text. When the message cannot be fetched (added by hand, deleted since,
 * the folder renumbered, the account gone) a message says so and why.
 */
#define G_LOG_DOMAIN "herald-suppressions"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "herald-dialog.h"
#include "herald-mailbox-check.h"
#include "herald-mailbox-message.h"
#include "herald-suppression-source.h"

typedef struct
{
  char                 *email;
  HeraldMailboxMessage *message;
} SourceJob;

static void
source_job_free (SourceJob *job)
{
  g_free (job->email);
  herald_mailbox_message_free (job->message);
  g_free (job);
}

static gboolean
source_job (HeraldStore   *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  SourceJob *job = data;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *raw;

  if (!herald_mailbox_fetch_cause (store, job->email, &bytes, cancellable, error))
    return FALSE;
  raw = g_bytes_get_data (bytes, &len);
  job->message = herald_mailbox_message_read (raw, len);
  return TRUE;
}

static void
add_header (GtkGrid    *grid,
            int         row,
            const char *name,
            const char *value)
{
  GtkWidget *label = gtk_label_new (name);
  GtkWidget *text = gtk_label_new (value);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, text, 1, row, 1, 1);
}

static void
show_message (GtkWindow                  *parent,
              const char                 *email,
              const HeraldMailboxMessage *message)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  /* TRANSLATORS: title of the window that shows the message that put %s on the suppression list */
  g_autofree char *title = g_strdup_printf (_("Message That Suppressed %s"), email);

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 560);
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape"),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, GTK_EVENT_CONTROLLER (shortcuts));

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_widget_set_margin_top (grid, 12);
  gtk_widget_set_margin_bottom (grid, 12);
  /* TRANSLATORS: a header of the shown message */
  add_header (GTK_GRID (grid), 0, _("From"), message->from);
  /* TRANSLATORS: a header of the shown message */
  add_header (GTK_GRID (grid), 1, _("To"), message->to);
  /* TRANSLATORS: a header of the shown message */
  add_header (GTK_GRID (grid), 2, _("Date"), message->date);
  /* TRANSLATORS: a header of the shown message */
  add_header (GTK_GRID (grid), 3, _("Subject"), message->subject);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), message->text, -1);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Message text"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_set_vexpand (scrolled, TRUE);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), grid);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

static void
show_error (GtkWindow  *parent,
            const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("The Message Cannot Be Shown"), message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  herald_dialog_name_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_source_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;
  SourceJob *job = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (parent, error->message);
      return;
    }
  show_message (parent, job->email, job->message);
}

/**
 * herald_suppression_source_show:
 * @email: a suppressed address
 *
 * Fetches the mailbox message that suppressed @email and shows it, or
 * says why it cannot.
 */
void
herald_suppression_source_show (GtkWindow     *parent,
                                HeraldSession *session,
                                const char    *email,
                                GCancellable  *cancellable)
{
  SourceJob *job;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (HERALD_IS_SESSION (session));

  job = g_new0 (SourceJob, 1);
  job->email = g_strdup (email);
  herald_session_run_async (session, HERALD_SESSION_JOB_OWN_STORE, source_job, job,
                            (GDestroyNotify) source_job_free, cancellable,
                            on_source_done_cb, g_object_ref (parent));
}
