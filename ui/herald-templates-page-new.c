/* herald-templates-page-new.c — a new template, from the starter gallery
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "New Template…" opens the gallery (herald-starter-gallery.c); the card
 * chosen becomes a stored template at once, in the language of the
 * window, named after the starter ("Newsletter", "Newsletter 2" …), and
 * opens in the editor, where it can be renamed.
 */
#define G_LOG_DOMAIN "herald-templates-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-business.h"
#include "herald-starter-gallery.h"
#include "herald-starters.h"
#include "herald-templates-page-private.h"
#include "herald-window.h"

typedef struct
{
  char                 *starter;
  char                 *base_name;
  char                 *language;  /* the window's, decided on the main thread */
  HeraldTemplateRecord *record;    /* the template made */
  gboolean              business_missing;   /* a business detail is not set */
} NewData;

static void
new_data_free (NewData *data)
{
  g_free (data->starter);
  g_free (data->base_name);
  g_free (data->language);
  g_clear_pointer (&data->record, herald_template_record_free);
  g_free (data);
}

static gboolean
new_template_job (HeraldStore   *store,
                  gpointer       user_data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  NewData *data = user_data;
  g_autoptr(HeraldBusiness) business = NULL;
  gint64 id = herald_starter_add_unique (store, data->base_name, data->starter, data->language, NULL, error);

  if (id < 0 || (data->record = herald_templates_find_by_id (store, id, error)) == NULL)
    return FALSE;
  business = herald_business_load (store, NULL);
  data->business_missing = business != NULL &&
    (*business->name == '\0' || *business->address == '\0' || *business->contact == '\0');
  return TRUE;
}

static void
on_template_made_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(HeraldTemplatesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  NewData *data = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &data, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* TRANSLATORS: %s says why */
      title = g_strdup_printf (_("The template could not be made: %s"), error->message);
      _herald_templates_page_add_toast (self, title);
      return;
    }
  if (data->business_missing && g_strcmp0 (data->starter, "html") != 0)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      AdwToast *toast;

      /* TRANSLATORS: %s is the new template's name */
      title = g_strdup_printf (_("Made “%s”. Its footer shows your business details: set them in Preferences"),
                               data->record->name);
      _herald_templates_page_append (self, g_steal_pointer (&data->record));
      /* Longer than a plain toast: it asks for something, with the way there. */
      toast = adw_toast_new (title);
      adw_toast_set_timeout (toast, 15);
      adw_toast_set_button_label (toast, _("_Preferences"));
      adw_toast_set_action_name (toast, "app.preferences");
      if (HERALD_IS_WINDOW (root))
        herald_window_add_toast (HERALD_WINDOW (root), toast);
      else
        g_object_unref (g_object_ref_sink (toast));
      return;
    }
  /* TRANSLATORS: %s is the new template's name */
  title = g_strdup_printf (_("Made “%s”: replace its example text with your own"), data->record->name);
  _herald_templates_page_append (self, g_steal_pointer (&data->record));
  _herald_templates_page_add_toast (self, title);
}

static void
on_starter_chosen_cb (HeraldTemplatesPage *self,
                      const char          *starter_name)
{
  const HeraldStarter *starter = herald_starters_find (starter_name);
  NewData *data;

  if (self->session == NULL || starter == NULL)
    return;
  data = g_new0 (NewData, 1);
  data->starter = g_strdup (starter_name);
  data->base_name = g_strdup (_(starter->title));
  data->language = g_strdup (herald_starters_default_language ());
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, new_template_job,
                            data, (GDestroyNotify) new_data_free,
                            self->cancellable, on_template_made_cb, g_object_ref (self));
}

void
_herald_templates_page_new_activated (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  HeraldTemplatesPage *self = HERALD_TEMPLATES_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  HeraldStarterGallery *gallery;

  gallery = herald_starter_gallery_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_signal_connect_object (gallery, "chosen", G_CALLBACK (on_starter_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (gallery));
}
