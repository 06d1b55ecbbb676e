/* herald-start-guide.c — the getting-started guide above the pages
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Until the user has imported a list of their own, made a newsletter of
 * their own and sent a campaign (the first run's sample list and template
 * do not count: herald_store_get_progress()), a strip under the header
 * shows the three steps, which are done (✓), and a button for the next
 * one; the window does what the button says (::step). It is read again
 * whenever the window asks (herald_start_guide_refresh()) and every two
 * seconds while it is shown (an import, a template or a campaign made
 * anywhere, herald-cli included, shows at once), and goes once
 * every step is done, or for good when the user hides it (GSettings
 * show-start-guide).
 */
#define G_LOG_DOMAIN "herald-start-guide"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "herald-demo.h"
#include "herald-progress.h"
#include "herald-start-guide.h"

struct _HeraldStartGuide
{
  AdwBin          parent_instance;

  GtkRevealer    *revealer;
  GtkLabel       *steps[3];
  GtkButton      *next_button;
  GSettings      *settings;
  GCancellable   *cancellable;
  HeraldSession  *session;
  guint           poll_id;        /* reads the steps again while shown */
  HeraldProgress  progress;
  HeraldStartStep next;
};

G_DEFINE_FINAL_TYPE (HeraldStartGuide, herald_start_guide, ADW_TYPE_BIN)

enum { SIGNAL_STEP, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Hidden, it is gone for screen readers too. */
static void
show (HeraldStartGuide *self,
      gboolean          shown)
{
  gtk_widget_set_visible (GTK_WIDGET (self), shown);
  gtk_revealer_set_reveal_child (self->revealer, shown);
}

static void
show_progress (HeraldStartGuide *self)
{
  gboolean done[3] = { self->progress.has_list, self->progress.has_template, self->progress.has_sent };
  const char *titles[3] = {
    /* TRANSLATORS: the getting-started guide's first step */
    N_("1. Import your list"),
    /* TRANSLATORS: the getting-started guide's second step */
    N_("2. Make your newsletter"),
    /* TRANSLATORS: the getting-started guide's third step */
    N_("3. Send it"),
  };
  const char *buttons[3] = {
    /* TRANSLATORS: button of the getting-started guide */
    N_("Import a List…"),
    /* TRANSLATORS: button of the getting-started guide */
    N_("Make a Newsletter…"),
    /* TRANSLATORS: button of the getting-started guide */
    N_("Send…"),
  };
  int next = -1;

  for (int i = 0; i < 3; i++)
    {
      /* TRANSLATORS: a step of the getting-started guide that is done; %s is the step */
      g_autofree char *text = done[i] ? g_strdup_printf (_("✓ %s"), _(titles[i])) : g_strdup (_(titles[i]));

      gtk_label_set_text (self->steps[i], text);
      if (done[i])
        gtk_widget_add_css_class (GTK_WIDGET (self->steps[i]), "dim-label");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->steps[i]), "dim-label");
      if (!done[i] && next < 0)
        next = i;
    }
  if (next >= 0)
    {
      self->next = next;
      gtk_button_set_label (self->next_button, _(buttons[next]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(buttons[next]), -1);
    }
  show (self, next >= 0 && g_settings_get_boolean (self->settings, "show-start-guide"));
}

static gboolean
poll_cb (gpointer data)
{
  HeraldStartGuide *self = data;

  self->poll_id = 0;
  herald_start_guide_refresh (self, self->session);
  return G_SOURCE_REMOVE;
}

static gboolean
progress_job (HeraldStore   *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  return herald_store_get_progress (store, HERALD_DEMO_LIST, HERALD_DEMO_TEMPLATE, data, error);
}

static void
progress_free (HeraldProgress *progress)
{
  herald_progress_clear (progress);
  g_free (progress);
}

static void
on_progress_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HeraldStartGuide) self = user_data;
  g_autoptr(GError) error = NULL;
  HeraldProgress *progress = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &progress, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The first steps could not be read: %s", error->message);
      return;
    }
  herald_progress_clear (&self->progress);
  self->progress = *progress;
  memset (progress, 0, sizeof *progress);
  show_progress (self);
  if (gtk_widget_get_visible (GTK_WIDGET (self)) && self->poll_id == 0)
    self->poll_id = g_timeout_add_seconds (2, poll_cb, self);
}

/**
 * herald_start_guide_refresh:
 *
 * Reads how far the user is, in the session's thread, and shows it.
 */
void
herald_start_guide_refresh (HeraldStartGuide *self,
                            HeraldSession    *session)
{
  g_return_if_fail (HERALD_IS_START_GUIDE (self));

  if (session != self->session)
    g_set_object (&self->session, session);
  if (session == NULL || !g_settings_get_boolean (self->settings, "show-start-guide"))
    {
      show (self, FALSE);
      return;
    }
  herald_session_run_async (session, HERALD_SESSION_JOB_SHARED, progress_job, g_new0 (HeraldProgress, 1),
                            (GDestroyNotify) progress_free, self->cancellable, on_progress_cb, g_object_ref (self));
}

const char *
herald_start_guide_get_newest_list (HeraldStartGuide *self)
{
  g_return_val_if_fail (HERALD_IS_START_GUIDE (self), NULL);
  return self->progress.newest_list;
}

const char *
herald_start_guide_get_newest_template (HeraldStartGuide *self)
{
  g_return_val_if_fail (HERALD_IS_START_GUIDE (self), NULL);
  return self->progress.newest_template;
}

static void
on_next_clicked_cb (HeraldStartGuide *self)
{
  g_signal_emit (self, signals[SIGNAL_STEP], 0, (int) self->next);
}

static void
on_hide_clicked_cb (HeraldStartGuide *self)
{
  g_settings_set_boolean (self->settings, "show-start-guide", FALSE);
  show (self, FALSE);
}

static void
herald_start_guide_dispose (GObject *object)
{
  HeraldStartGuide *self = HERALD_START_GUIDE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  herald_progress_clear (&self->progress);
  G_OBJECT_CLASS (herald_start_guide_parent_class)->dispose (object);
}

static void
herald_start_guide_class_init (HeraldStartGuideClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = herald_start_guide_dispose;

  /**
   * HeraldStartGuide::step:
   * @step: the #HeraldStartStep whose button was pressed
   */
  signals[SIGNAL_STEP] = g_signal_new ("step", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
herald_start_guide_init (HeraldStartGuide *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *heading = gtk_label_new (_("Getting started:"));
  GtkWidget *hide = gtk_button_new_from_icon_name ("window-close-symbolic");

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_widget_add_css_class (box, "toolbar");
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  for (int i = 0; i < 3; i++)
    {
      self->steps[i] = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_ellipsize (self->steps[i], PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->steps[i]));
    }
  self->next_button = GTK_BUTTON (gtk_button_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->next_button), "suggested-action");
  gtk_widget_set_hexpand (GTK_WIDGET (self->next_button), TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self->next_button), GTK_ALIGN_END);
  g_signal_connect_swapped (self->next_button, "clicked", G_CALLBACK (on_next_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->next_button));
  gtk_widget_add_css_class (hide, "flat");
  gtk_widget_set_tooltip_text (hide, _("Hide Getting Started"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (hide), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Hide Getting Started"), -1);
  g_signal_connect_swapped (hide, "clicked", G_CALLBACK (on_hide_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), hide);
  gtk_revealer_set_child (self->revealer, box);
  show (self, FALSE);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->revealer));
}
