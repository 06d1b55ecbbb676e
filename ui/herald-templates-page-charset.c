/* herald-templates-page-charset.c — the template's own charset, beside its
 * subject
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A drop-down: the account's charset (the default), UTF-8, or ISO-2022-JP
 * for older Japanese mail programs and phones. A choice is stored at
 * once (herald_templates_set_charset(); saving the template's text never
 * changes it) and the preview renders again: the sender, the test send
 * and the preview read it from the template record
 * (herald_template_get_charset()).
 */
#define G_LOG_DOMAIN "herald-templates-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-session.h"
#include "herald-templates-page-private.h"

/* The drop-down's positions. */
static const char *const charsets[] = { NULL, "utf-8", "iso-2022-jp" };

typedef struct
{
  gint64  id;
  char   *charset;
} CharsetChange;

static void
charset_change_free (CharsetChange *change)
{
  g_free (change->charset);
  g_free (change);
}

static gboolean
set_charset_job (HeraldStore   *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  CharsetChange *change = data;

  return herald_templates_set_charset (store, change->id, change->charset, error);
}

static void
on_charset_set_cb (GObject      *source,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  g_autoptr(HeraldTemplatesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (herald_session_run_finish (HERALD_SESSION (source), res, NULL, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* TRANSLATORS: %s says why */
  title = g_strdup_printf (_("The charset was not saved: %s"), error->message);
  _herald_templates_page_add_toast (self, title);
}

static void
on_charset_selected_cb (HeraldTemplatesPage *self)
{
  guint position = gtk_drop_down_get_selected (self->charset_dropdown);
  HeraldTemplateRecord *record;
  CharsetChange *change;

  if (self->charset_loading || self->current < 0 || self->templates == NULL ||
      position >= G_N_ELEMENTS (charsets))
    return;
  record = g_ptr_array_index (self->templates, self->current);
  if (g_strcmp0 (record->charset, charsets[position]) == 0)
    return;
  g_free (record->charset);
  record->charset = g_strdup (charsets[position]);
  _herald_templates_page_schedule_render (self);
  /* A template not saved yet gets it with its first Save. */
  if (record->id <= 0 || self->session == NULL)
    return;
  change = g_new0 (CharsetChange, 1);
  change->id = record->id;
  change->charset = g_strdup (record->charset);
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, set_charset_job,
                            change, (GDestroyNotify) charset_change_free,
                            self->cancellable, on_charset_set_cb, g_object_ref (self));
}

void
_herald_templates_page_charset_init (HeraldTemplatesPage *self)
{
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->subject_entry));
  const char *labels[] = {
    /* TRANSLATORS: the template's charset follows its account's */
    N_("Account’s Charset"),
    "UTF-8",
    /* TRANSLATORS: a charset choice; the words in brackets say who needs it */
    N_("ISO-2022-JP (older Japanese phones)"),
    NULL,
  };
  const char *translated[G_N_ELEMENTS (labels)];

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    translated[i] = labels[i] != NULL ? _(labels[i]) : NULL;
  self->charset_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (translated));
  gtk_widget_set_valign (GTK_WIDGET (self->charset_dropdown), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->charset_dropdown),
                               _("The charset of this template’s messages, whatever the account’s"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->charset_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Charset"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("The charset of this template’s messages, whatever the account’s"),
                                  -1);
  if (GTK_IS_BOX (box))
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->charset_dropdown));
  g_signal_connect_object (self->charset_dropdown, "notify::selected",
                           G_CALLBACK (on_charset_selected_cb), self, G_CONNECT_SWAPPED);
}

/* The template @record is shown: its charset in the drop-down. */
void
_herald_templates_page_charset_show (HeraldTemplatesPage        *self,
                                     const HeraldTemplateRecord *record)
{
  guint position = 0;

  for (guint i = 1; i < G_N_ELEMENTS (charsets); i++)
    if (g_strcmp0 (record->charset, charsets[i]) == 0)
      position = i;
  self->charset_loading = TRUE;
  gtk_drop_down_set_selected (self->charset_dropdown, position);
  self->charset_loading = FALSE;
}
