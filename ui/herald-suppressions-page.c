/* herald-suppressions-page.c — the addresses Herald never sends to
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every suppressed address with its reason, since when and what caused it
 * (a bounce, an unsubscribe request, an import, the user), newest first;
 * a search; adding one by hand; removing one, with Undo; a CSV file of
 * addresses imported onto the list; the list exported as CSV for a
 * spreadsheet. The work runs in the session's threads; the list is read
 * again whenever the page is shown, since bounces and the Lists page add
 * to it too.
 */
#define G_LOG_DOMAIN "herald-suppressions-page"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "herald-address.h"
#include "herald-csv-write.h"
#include "herald-session.h"
#include "herald-suppression-import.h"
#include "herald-suppressions.h"
#include "herald-suppression-source.h"
#include "herald-suppressions-page.h"

/* Rows shown at most: the search finds the others. */
#define MAX_ROWS 1000

/* The reasons, in the order of the drop-down. */
static const char * const reasons[] = { "manual", "bounced", "unsubscribed", "complaint" };

struct _HeraldSuppressionsPage
{
  AdwBin                parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkSearchEntry       *search_entry;
  GtkEntry             *add_entry;
  GtkDropDown          *reason_dropdown;
  GtkLabel             *add_error_label;
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  GtkListBox           *list_box;
  GtkLabel             *count_label;

  HeraldSession        *session;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  guint                 generation;   /* of the newest reading */
};

G_DEFINE_FINAL_TYPE (HeraldSuppressionsPage, herald_suppressions_page, ADW_TYPE_BIN)

static void reload (HeraldSuppressionsPage *self);

/**
 * herald_suppression_reason_label:
 *
 * Returns: (transfer none): a reason in the user's words
 */
static const char *
reason_label (const char *reason)
{
  if (g_strcmp0 (reason, "bounced") == 0)
    /* TRANSLATORS: why an address is suppressed: mail to it came back */
    return _("Bounced");
  if (g_strcmp0 (reason, "unsubscribed") == 0)
    /* TRANSLATORS: why an address is suppressed: the person asked to stop */
    return _("Unsubscribed");
  if (g_strcmp0 (reason, "complaint") == 0)
    /* TRANSLATORS: why an address is suppressed: the person marked a message as spam */
    return _("Marked as spam");
  /* TRANSLATORS: why an address is suppressed: the user (or a file the
   * user imported) put it on the list */
  return _("Your decision");
}

static void
toast (HeraldSuppressionsPage *self,
       const char             *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ---- reading --------------------------------------------------------------- */

typedef struct
{
  char      *search;
  GPtrArray *all;
  guint      generation;
} ListJob;

static void
list_job_free (gpointer data)
{
  ListJob *job = data;

  g_free (job->search);
  g_clear_pointer (&job->all, g_ptr_array_unref);
  g_free (job);
}

static gboolean
list_job (HeraldStore   *store,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  ListJob *job = data;

  job->all = herald_suppressions_list (store, job->search, error);
  return job->all != NULL;
}

static GtkWidget *
make_row (const HeraldSuppression *s)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (s->created_at);
  g_autofree char *date = when != NULL ? g_date_time_format (when, "%x") : g_strdup ("");
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *remove_name = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;

  /* TRANSLATORS: under a suppressed address: its reason, the date, and
   * what caused it (e.g. "mailbox: bounce, message UID 12 (5.1.1)") */
  subtitle = s->source != NULL && *s->source != '\0'
             ? g_strdup_printf (_("%s · %s · %s"), reason_label (s->reason), date, s->source)
             : g_strdup_printf (_("%s · %s"), reason_label (s->reason), date);
  escaped = g_markup_escape_text (s->email, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  g_free (escaped);
  escaped = g_markup_escape_text (subtitle, -1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* TRANSLATORS: tooltip and accessible name of the button that takes an
   * address off the suppression list; %s is the address */
  remove_name = g_strdup_printf (_("Send to %s Again"), s->email);
  gtk_widget_set_tooltip_text (button, remove_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "suppressions.remove");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", s->email);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  /* What a mailbox check suppresses came in a message: it can be shown. */
  if (g_strcmp0 (s->reason, "manual") != 0)
    {
      g_autofree char *open_name = NULL;

      button = gtk_button_new_from_icon_name ("mail-unread-symbolic");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      /* TRANSLATORS: tooltip and accessible name of the button that shows
       * the message that put an address on the list; %s is the address */
      open_name = g_strdup_printf (_("Open the Message About %s"), s->email);
      gtk_widget_set_tooltip_text (button, open_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, open_name, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "suppressions.open-source");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", s->email);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
open_source_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HeraldSuppressionsPage *self = HERALD_SUPPRESSIONS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->session == NULL || !GTK_IS_WINDOW (root))
    return;
  herald_suppression_source_show (GTK_WINDOW (root), self->session,
                                  g_variant_get_string (parameter, NULL), self->cancellable);
}

static void
on_listed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HeraldSuppressionsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  ListJob *job = NULL;
  GtkWidget *child;
  guint shown;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error))
    {
      if (!is_cancelled (error))
        toast (self, error->message);
      return;
    }
  if (job->generation != self->generation)
    return;   /* a newer reading is on its way */

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  shown = MIN (job->all->len, MAX_ROWS);
  for (guint i = 0; i < shown; i++)
    gtk_list_box_append (self->list_box, make_row (g_ptr_array_index (job->all, i)));

  if (job->all->len == 0 && (job->search == NULL || *job->search == '\0'))
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_label_set_text (self->count_label, "");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "list");
  if (job->all->len == 0)
    /* TRANSLATORS: the search of the suppression list found nothing; %s is what was searched */
    count = g_strdup_printf (_("No suppressed address contains “%s”."), job->search);
  else if (job->all->len > shown)
    /* TRANSLATORS: the first %u of %u suppressed addresses are shown */
    count = g_strdup_printf (_("The first %u of %u addresses; search to find the others."), shown, job->all->len);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u address", "%u addresses", job->all->len),
                             job->all->len);
  gtk_label_set_text (self->count_label, count);
}

static void
reload (HeraldSuppressionsPage *self)
{
  ListJob *job;

  if (self->session == NULL)
    return;
  job = g_new0 (ListJob, 1);
  job->search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  job->generation = ++self->generation;
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, list_job, job, list_job_free,
                            self->cancellable, on_listed_cb, g_object_ref (self));
}

/**
 * herald_suppressions_page_reload:
 *
 * Reads the list again (a mailbox check may have added to it).
 */
void
herald_suppressions_page_reload (HeraldSuppressionsPage *self)
{
  g_return_if_fail (HERALD_IS_SUPPRESSIONS_PAGE (self));
  reload (self);
}

static void
on_search_changed_cb (HeraldSuppressionsPage *self)
{
  reload (self);
}

/* ---- adding and removing --------------------------------------------------- */

typedef struct
{
  char     *email;
  char     *reason;
  char     *source;
  gboolean  remove;
  gboolean  added;
} ChangeJob;

static void
change_job_free (gpointer data)
{
  ChangeJob *job = data;

  g_free (job->email);
  g_free (job->reason);
  g_free (job->source);
  g_free (job);
}

static gboolean
change_job (HeraldStore   *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  ChangeJob *job = data;

  if (!job->remove)
    return herald_suppressions_add (store, job->email, job->reason, job->source, &job->added, error);

  /* Keep what is removed, for Undo. */
  {
    g_autoptr(GPtrArray) found = herald_suppressions_list (store, job->email, error);

    if (found == NULL)
      return FALSE;
    for (guint i = 0; i < found->len; i++)
      {
        const HeraldSuppression *s = g_ptr_array_index (found, i);

        if (g_ascii_strcasecmp (s->email, job->email) == 0)
          {
            job->reason = g_strdup (s->reason);
            job->source = g_strdup (s->source);
          }
      }
  }
  return herald_suppressions_remove (store, job->email, error);
}

static void run_change (HeraldSuppressionsPage *self,
                        ChangeJob              *job);

static void
on_undo_remove_cb (AdwToast               *toast_,
                   HeraldSuppressionsPage *self)
{
  ChangeJob *job = g_new0 (ChangeJob, 1);

  job->email = g_strdup (g_object_get_data (G_OBJECT (toast_), "email"));
  job->reason = g_strdup (g_object_get_data (G_OBJECT (toast_), "reason"));
  job->source = g_strdup (g_object_get_data (G_OBJECT (toast_), "source"));
  run_change (self, job);
}

static void
on_changed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HeraldSuppressionsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  ChangeJob *job = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error))
    {
      if (!is_cancelled (error))
        toast (self, error->message);
      return;
    }
  if (job->remove)
    {
      AdwToast *t;

      /* TRANSLATORS: %s is an address taken off the suppression list */
      text = g_strdup_printf (_("Campaigns will include “%s” again."), job->email);
      t = adw_toast_new (text);
      adw_toast_set_button_label (t, _("_Undo"));
      g_object_set_data_full (G_OBJECT (t), "email", g_strdup (job->email), g_free);
      g_object_set_data_full (G_OBJECT (t), "reason", g_strdup (job->reason), g_free);
      g_object_set_data_full (G_OBJECT (t), "source", g_strdup (job->source), g_free);
      g_signal_connect_object (t, "button-clicked", G_CALLBACK (on_undo_remove_cb), self, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, t);
    }
  else if (job->added)
    {
      text = g_strdup_printf (_("No campaign will go to “%s” any more."), job->email);
      toast (self, text);
      gtk_editable_set_text (GTK_EDITABLE (self->add_entry), "");
    }
  else
    {
      text = g_strdup_printf (_("“%s” was on the list already."), job->email);
      toast (self, text);
    }
  reload (self);
}

static void
run_change (HeraldSuppressionsPage *self,
            ChangeJob              *job)
{
  if (self->session == NULL)
    {
      change_job_free (job);
      return;
    }
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, change_job, job, change_job_free,
                            self->cancellable, on_changed_cb, g_object_ref (self));
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HeraldSuppressionsPage *self = HERALD_SUPPRESSIONS_PAGE (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->add_entry));
  guint reason = gtk_drop_down_get_selected (self->reason_dropdown);
  g_autoptr(GError) error = NULL;
  g_autofree char *email = herald_address_normalize (text, &error);
  ChangeJob *job;

  if (email == NULL)
    {
      /* Under the field, whole: a toast cuts a long reason short. */
      gtk_label_set_text (self->add_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->add_error_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->add_entry), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->add_entry));
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->add_error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->add_entry), "error");
  job = g_new0 (ChangeJob, 1);
  job->email = g_steal_pointer (&email);
  job->reason = g_strdup (reasons[MIN (reason, G_N_ELEMENTS (reasons) - 1)]);
  /* TRANSLATORS: the source of a suppression the user added in the window */
  job->source = g_strdup (_("added in Herald"));
  run_change (self, job);
}

static void
on_add_activate_cb (HeraldSuppressionsPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "suppressions.add", NULL);
}

static void
remove_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ChangeJob *job = g_new0 (ChangeJob, 1);

  job->email = g_variant_dup_string (parameter, NULL);
  job->remove = TRUE;
  run_change (HERALD_SUPPRESSIONS_PAGE (widget), job);
}

/* ---- import and export ----------------------------------------------------- */

typedef struct
{
  GFile                         *file;
  HeraldSuppressionImportCounts  counts;
  guint                          n_written;
  gboolean                       export;
} FileJob;

static void
file_job_free (gpointer data)
{
  FileJob *job = data;

  g_clear_object (&job->file);
  herald_suppression_import_counts_clear (&job->counts);
  g_free (job);
}

static gboolean
file_job (HeraldStore   *store,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  FileJob *job = data;

  if (job->export)
    {
      g_autoptr(GPtrArray) all = herald_suppressions_list (store, NULL, error);
      g_autoptr(GString) out = g_string_new (HERALD_CSV_UTF8_BOM);
      const char *header[4] = { _("Email"), _("Reason"), _("Since"), _("Source") };

      if (all == NULL)
        return FALSE;
      herald_csv_append_row (out, header, G_N_ELEMENTS (header));
      for (guint i = 0; i < all->len; i++)
        {
          const HeraldSuppression *s = g_ptr_array_index (all, i);
          g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (s->created_at);
          g_autofree char *date = when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("");
          const char *row[4] = { s->email, reason_label (s->reason), date, s->source };

          herald_csv_append_row (out, row, G_N_ELEMENTS (row));
        }
      job->n_written = all->len;
      return g_file_replace_contents (job->file, out->str, out->len, NULL, FALSE,
                                      G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, error);
    }
  else
    {
      g_autoptr(GFileInputStream) stream = g_file_read (job->file, cancellable, error);
      g_autofree char *name = g_file_get_basename (job->file);
      /* TRANSLATORS: the source of suppressions read from a file; %s is its name */
      g_autofree char *source = g_strdup_printf (_("imported from %s"), name);
      const HeraldSuppressionImportOptions options = { NULL, "manual", source };

      return stream != NULL &&
             herald_suppression_import (store, G_INPUT_STREAM (stream), &options, &job->counts,
                                        cancellable, error);
    }
}

static void
on_file_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HeraldSuppressionsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  FileJob *job = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error))
    {
      if (!is_cancelled (error))
        toast (self, error->message);
      return;
    }
  if (job->export)
    {
      g_autofree char *name = g_file_get_basename (job->file);
      /* TRANSLATORS: %s is a file name */
      text = g_strdup_printf (_("Exported to “%s”."), name);
    }
  else
    /* TRANSLATORS: after importing a file of addresses onto the suppression
     * list: the addresses added, those there already, rows without one */
    text = g_strdup_printf (_("%" PRIu64 " added, %" PRIu64 " there already, %" PRIu64 " rows without a valid address."),
                            job->counts.n_added, job->counts.n_known, job->counts.n_invalid);
  toast (self, text);
  reload (self);
}

static void
on_chooser_response_cb (GtkNativeDialog        *dialog,
                        int                     response,
                        HeraldSuppressionsPage *self)
{
  gboolean export = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "export"));
  g_autoptr(GFile) file = NULL;
  FileJob *job;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  if (file == NULL || self->session == NULL)
    return;
  job = g_new0 (FileJob, 1);
  job->file = g_steal_pointer (&file);
  job->export = export;
  herald_session_run_async (self->session, HERALD_SESSION_JOB_OWN_STORE, file_job, job, file_job_free,
                            self->cancellable, on_file_done_cb, g_object_ref (self));
}

static void
file_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HeraldSuppressionsPage *self = HERALD_SUPPRESSIONS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  gboolean export = g_str_equal (action_name, "suppressions.export");

  if (self->chooser != NULL)
    return;
  if (export)
    self->chooser = gtk_file_chooser_native_new (_("Export the Suppression List"),
                                                 GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  else
    self->chooser = gtk_file_chooser_native_new (_("Import Addresses to Suppress"),
                                                 GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                 GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  if (export)
    /* TRANSLATORS: the suggested name of the suppression list's export */
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("suppressed addresses.csv"));
  g_object_set_data (G_OBJECT (self->chooser), "export", GINT_TO_POINTER (export));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- the page ---------------------------------------------------------------- */

static void
on_map_cb (HeraldSuppressionsPage *self)
{
  reload (self);
}

/**
 * herald_suppressions_page_set_session:
 *
 * Gives the page the window's session; it reads the list when shown.
 */
void
herald_suppressions_page_set_session (HeraldSuppressionsPage *self,
                                      HeraldSession          *session)
{
  g_return_if_fail (HERALD_IS_SUPPRESSIONS_PAGE (self));

  g_set_object (&self->session, session);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
}

static void
herald_suppressions_page_dispose (GObject *object)
{
  HeraldSuppressionsPage *self = HERALD_SUPPRESSIONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  /* AdwBin unparents its child itself (as the results page does). */
  adw_bin_set_child (ADW_BIN (object), NULL);
  G_OBJECT_CLASS (herald_suppressions_page_parent_class)->dispose (object);
}

static void
herald_suppressions_page_class_init (HeraldSuppressionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_suppressions_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-suppressions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldSuppressionsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HeraldSuppressionsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HeraldSuppressionsPage, add_entry);
  gtk_widget_class_bind_template_child (widget_class, HeraldSuppressionsPage, reason_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HeraldSuppressionsPage, add_error_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldSuppressionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldSuppressionsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldSuppressionsPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, HeraldSuppressionsPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_activate_cb);

  gtk_widget_class_install_action (widget_class, "suppressions.add", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "suppressions.remove", "s", remove_activated);
  gtk_widget_class_install_action (widget_class, "suppressions.open-source", "s", open_source_activated);
  gtk_widget_class_install_action (widget_class, "suppressions.import", NULL, file_activated);
  gtk_widget_class_install_action (widget_class, "suppressions.export", NULL, file_activated);
}

static void
herald_suppressions_page_init (HeraldSuppressionsPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    gtk_string_list_append (labels, reason_label (reasons[i]));
  gtk_drop_down_set_model (self->reason_dropdown, G_LIST_MODEL (labels));
  g_signal_connect_swapped (self, "map", G_CALLBACK (on_map_cb), self);
}
