/* herald-lists-page.c — address lists and their contacts
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contacts of the chosen list come from a HeraldContactModel, which
 * reads pages of rows from the store in a worker as they are scrolled to.
 * Every change (edit, add, delete, unsubscribe, suppress, export, import)
 * goes through the engine in a worker as well; the UI thread never touches
 * the store. The changes to contacts are in herald-lists-page-actions.c,
 * the table's columns and cells in herald-lists-page-cells.c.
 */
#define G_LOG_DOMAIN "herald-lists-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-contact-item.h"
#include "herald-contact-model.h"
#include "herald-import-dialog.h"
#include "herald-list-store.h"
#include "herald-lists-page-private.h"
#include "herald-page-common.h"
#include "herald-window.h"


G_DEFINE_FINAL_TYPE (HeraldListsPage, herald_lists_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void load_lists (HeraldListsPage *self);
static void show_model (HeraldListsPage *self);

char *
lists_page_format_count (gint64 n)
{
  /* %' groups thousands the way the user's locale does. */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

static void
show_status (HeraldListsPage *self,
             const char      *icon_name,
             const char      *title,
             const char      *description)
{
  g_clear_handle_id (&self->loading_id, g_source_remove);
  gtk_spinner_set_spinning (self->contacts_spinner, FALSE);
  herald_status_page_show (self->contacts_stack, self->status_page, icon_name, title, description);
}

/* A list that comes at once shows no spinner: switching to it and back
 * would cost two cross-fades of the whole table. */
static gboolean
show_loading_cb (gpointer user_data)
{
  HeraldListsPage *self = user_data;

  self->loading_id = 0;
  gtk_spinner_set_spinning (self->contacts_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->contacts_stack, "loading");
  return G_SOURCE_REMOVE;
}

AdwToast *
lists_page_add_toast (HeraldListsPage *self,
                      const char      *title)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwToast *toast = adw_toast_new (title);

  if (HERALD_IS_WINDOW (root))
    herald_window_add_toast (HERALD_WINDOW (root), g_object_ref (toast));
  else
    g_message ("%s", title);
  return toast;
}

GtkWindow *
lists_page_parent_window (HeraldListsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
apply_query (HeraldListsPage *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->contacts_view);
  HeraldListSort sort = HERALD_LIST_SORT_IMPORT;
  gboolean descending = FALSE;
  const char *search;

  if (self->model == NULL)
    return;
  if (sorter != NULL && gtk_sorter_get_order (sorter) != GTK_SORTER_ORDER_NONE)
    {
      g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
      GtkOrdering ordering;

      self->sorted_column = 0;
      ordering = gtk_sorter_compare (sorter, a, a);
      if (self->sorted_column == COLUMN_EMAIL)
        sort = HERALD_LIST_SORT_EMAIL;
      descending = ordering == GTK_ORDERING_LARGER;
    }
  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  herald_contact_model_set_query (self->model, search, sort, descending);
}

static void
on_sorter_changed_cb (HeraldListsPage *self)
{
  apply_query (self);
}

static void
on_search_changed_cb (HeraldListsPage *self,
                      GtkSearchEntry  *entry)
{
  apply_query (self);
}

/* ---- contacts --------------------------------------------------------- */

static void
on_model_counted_cb (HeraldListsPage    *self,
                     HeraldContactModel *model)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_autofree char *count = lists_page_format_count (n);
  g_autofree char *subtitle = NULL;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (model != self->model)
    return;
  if (self->view_pending)
    show_model (self);
  if (search != NULL && *search != '\0')
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s matching contact",
                                             "%s matching contacts", n), count);
  else
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->lists_box);

      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s contact", "%s contacts", n), count);
      if (row != NULL && ADW_IS_ACTION_ROW (row))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
  gtk_label_set_text (self->list_subtitle, subtitle);
  g_clear_handle_id (&self->loading_id, g_source_remove);
  gtk_spinner_set_spinning (self->contacts_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->contacts_stack, "contacts");
}

static void
on_model_failed_cb (HeraldListsPage    *self,
                    const char         *message,
                    HeraldContactModel *model)
{
  if (model == self->model)
    show_status (self, "dialog-error-symbolic", _("The Contacts Could Not Be Read"), message);
}

static void
on_selection_changed_cb (HeraldListsPage *self)
{
  lists_page_update_actions (self);
}

typedef struct
{
  gint64         list_id;
  gint64         n_contacts;   /* as counted with the lists, or -1 */
  GStrv          fields;
} FieldsRequest;

static void
fields_request_free (FieldsRequest *request)
{
  g_strfreev (request->fields);
  g_free (request);
}

static gboolean
fields_job (HeraldStore   *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  FieldsRequest *request = data;

  request->fields = herald_store_dup_list_fields (store, request->list_id, error);
  return request->fields != NULL;
}

static void
on_fields_loaded_cb (GObject      *source,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  g_autoptr(HeraldListsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  FieldsRequest *request = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), res, (gpointer *) &request, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_status (self, "dialog-error-symbolic", _("The Contacts Could Not Be Read"), error->message);
      return;
    }

  if (self->load_started > 0)
    g_debug ("fields of “%s” read %.1f ms after it was chosen", self->list_name,
             (g_get_monotonic_time () - self->load_started) / 1000.0);
  /* The old list's rows would be bound again for the new columns. */
  gtk_column_view_set_model (self->contacts_view, NULL);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  self->model = herald_contact_model_new_sized (self->session, request->list_id,
                                                (const char * const *) request->fields,
                                                request->n_contacts);
  g_signal_connect_object (self->model, "counted", G_CALLBACK (on_model_counted_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "failed", G_CALLBACK (on_model_failed_cb), self, G_CONNECT_SWAPPED);
  apply_query (self);

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (on_selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  /* The view gets its columns and the model when the first rows are
   * read (on_model_counted_cb): it builds its rows once, with their data,
   * rather than as placeholders first. */
  self->view_pending = TRUE;
  lists_page_update_actions (self);
}

static void
show_model (HeraldListsPage *self)
{
  self->view_pending = FALSE;
  lists_page_set_columns (self, herald_contact_model_get_fields (self->model));
  gtk_column_view_set_model (self->contacts_view, GTK_SELECTION_MODEL (self->selection));
  if (self->load_started > 0)
    g_debug ("model of “%s” set %.1f ms after it was chosen", self->list_name,
             (g_get_monotonic_time () - self->load_started) / 1000.0);
}

static void
load_contacts (HeraldListsPage *self,
               gint64           list_id,
               const char      *name,
               gint64           n_contacts)
{
  FieldsRequest *request = g_new0 (FieldsRequest, 1);

  g_cancellable_cancel (self->contacts_cancellable);
  g_clear_object (&self->contacts_cancellable);
  self->contacts_cancellable = g_cancellable_new ();

  self->load_started = g_get_monotonic_time ();
  self->list_id = list_id;
  g_free (self->list_name);
  self->list_name = g_strdup (name);
  gtk_label_set_text (self->list_title, name);
  g_clear_handle_id (&self->loading_id, g_source_remove);
  self->loading_id = g_timeout_add (300, show_loading_cb, self);

  request->list_id = list_id;
  request->n_contacts = n_contacts;
  /* The page is user data, released by the callback on the main thread,
   * never by a worker dropping the task. */
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, fields_job, request,
                            (GDestroyNotify) fields_request_free, self->contacts_cancellable,
                            on_fields_loaded_cb, g_object_ref (self));
}

static void
on_lists_box_row_selected_cb (HeraldListsPage *self,
                              GtkListBoxRow   *row,
                              GtkListBox      *box)
{
  const char *name;

  if (row == NULL || self->session == NULL)
    return;

  name = g_object_get_data (G_OBJECT (row), "list-name");
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-list", name);
  load_contacts (self, *(gint64 *) g_object_get_data (G_OBJECT (row), "list-id"), name,
                 *(gint64 *) g_object_get_data (G_OBJECT (row), "list-count"));
}

static void
on_lists_box_row_activated_cb (HeraldListsPage *self,
                               GtkListBoxRow   *row,
                               GtkListBox      *box)
{
  /* Narrow: the contacts replace the lists, as if a page was opened. */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_back_button_clicked_cb (HeraldListsPage *self,
                           GtkButton       *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* ---- lists ---------------------------------------------------------- */

static gboolean
lists_job (HeraldStore   *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  GPtrArray **lists = data;

  *lists = herald_store_dup_lists (store, error);
  return *lists != NULL;
}

static void
lists_free (GPtrArray **lists)
{
  g_clear_pointer (lists, g_ptr_array_unref);
  g_free (lists);
}

static GtkWidget *
create_list_row (const HeraldListInfo *info)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *count = lists_page_format_count (info->n_contacts);
  g_autofree char *subtitle = NULL;

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s contact", "%s contacts",
                                           (gulong) info->n_contacts),
                              count);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  g_object_set_data_full (G_OBJECT (row), "list-name", g_strdup (info->name), g_free);
  g_object_set_data_full (G_OBJECT (row), "list-id",
                          g_memdup2 (&info->id, sizeof info->id), g_free);
  g_object_set_data_full (G_OBJECT (row), "list-count",
                          g_memdup2 (&info->n_contacts, sizeof info->n_contacts), g_free);
  return row;
}

static void
on_lists_loaded_cb (GObject      *source,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  g_autoptr(HeraldListsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  g_autofree char *last = NULL;
  GtkListBoxRow *selected = NULL;
  GtkWidget *child;
  GPtrArray **read = NULL;

  if (herald_session_run_finish (HERALD_SESSION (source), res, (gpointer *) &read, &error))
    lists = g_steal_pointer (read);
  if (lists == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_status (self, "dialog-error-symbolic", _("The Lists Could Not Be Read"), error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lists_box))) != NULL)
    gtk_list_box_remove (self->lists_box, child);

  if (lists->len == 0)
    {
      show_status (self, "x-office-address-book-symbolic", _("No Address Lists"),
                   _("Import a CSV file with “Import CSV…”, or drop one on this window."));
      return;
    }

  if (self->select_after_load != NULL)
    last = g_steal_pointer (&self->select_after_load);
  else
    last = self->settings != NULL ? g_settings_get_string (self->settings, "last-list") : g_strdup ("");
  for (guint i = 0; i < lists->len; i++)
    {
      const HeraldListInfo *info = g_ptr_array_index (lists, i);
      GtkWidget *row = create_list_row (info);

      gtk_list_box_append (self->lists_box, row);
      if (selected == NULL || g_str_equal (info->name, last))
        selected = GTK_LIST_BOX_ROW (row);
    }

  /* Open on the list shown last time (or just imported), or the first one. */
  gtk_list_box_select_row (self->lists_box, selected);
}

static void
load_lists (HeraldListsPage *self)
{
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, lists_job,
                            g_new0 (GPtrArray *, 1), (GDestroyNotify) lists_free,
                            self->lists_cancellable, on_lists_loaded_cb, g_object_ref (self));
}

/* Reads the lists again and then shows @select (or the one shown last). */
void
lists_page_reload_lists (HeraldListsPage *self,
                         const char      *select)
{
  g_free (self->select_after_load);
  self->select_after_load = g_strdup (select);
  load_lists (self);
}

/* ---- import ------------------------------------------------------------- */

static void
on_import_done_cb (HeraldListsPage    *self,
                   const char         *list_name,
                   const char         *summary,
                   HeraldImportDialog *dialog)
{
  g_autofree char *title = NULL;

  /* TRANSLATORS: after an import; %s is the list, then e.g. "3 new, 0 updated, …" */
  title = g_strdup_printf (_("Imported into “%s”: %s"), list_name, summary);
  lists_page_offer_undo_import (self, title, list_name);
  lists_page_reload_lists (self, list_name);
}

static void
open_import_dialog (HeraldListsPage *self,
                    GFile           *file)
{
  HeraldImportDialog *dialog;

  if (self->session == NULL)
    return;
  dialog = herald_import_dialog_new (lists_page_parent_window (self), self->session, file);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (on_import_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_import_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       gpointer         user_data)
{
  g_autoptr(HeraldListsPage) self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    open_import_dialog (self, file);
  g_object_unref (chooser);
}

static void
import_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HeraldListsPage *self = HERALD_LISTS_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import Contacts"), lists_page_parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  /* TRANSLATORS: file chooser filter */
  gtk_file_filter_set_name (csv, _("CSV and text files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_mime_type (csv, "text/plain");
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_pattern (csv, "*.txt");
  gtk_file_filter_add_pattern (csv, "*.tsv");
  /* TRANSLATORS: file chooser filter */
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
on_drop_cb (GtkDropTarget   *target,
            const GValue    *value,
            double           x,
            double           y,
            HeraldListsPage *self)
{
  GFile *file = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      file = files != NULL ? files->data : NULL;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);
  if (file == NULL || self->session == NULL)
    return FALSE;
  open_import_dialog (self, file);
  return TRUE;
}

/* app.import-file(path): the same dialog for a file named from outside
 * (tests, "open with"). */
static void
on_import_file_activate_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(HeraldListsPage) self = g_weak_ref_get (ref);
  g_autoptr(GFile) file = NULL;

  if (self == NULL)
    return;
  file = g_file_new_for_commandline_arg (g_variant_get_string (parameter, NULL));
  if (self->session == NULL)
    {
      g_object_unref (lists_page_add_toast (self, _("The database is not open yet. Try again in a moment.")));
      return;
    }
  open_import_dialog (self, file);
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
install_import_file_action (HeraldListsPage *self)
{
  GApplication *app = g_application_get_default ();
  GWeakRef *ref;

  if (app == NULL || self->import_file_action != NULL ||
      g_action_map_lookup_action (G_ACTION_MAP (app), "import-file") != NULL)
    return;
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  self->import_file_action = g_simple_action_new ("import-file", G_VARIANT_TYPE_STRING);
  g_signal_connect_data (self->import_file_action, "activate", G_CALLBACK (on_import_file_activate_cb),
                         ref, (GClosureNotify) (void (*) (void)) weak_ref_free, 0);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (self->import_file_action));
}

/* ---- the page ------------------------------------------------------- */

static void
herald_lists_page_dispose (GObject *object)
{
  HeraldListsPage *self = HERALD_LISTS_PAGE (object);
  GApplication *app = g_application_get_default ();

  g_cancellable_cancel (self->lists_cancellable);
  g_cancellable_cancel (self->contacts_cancellable);
  g_clear_handle_id (&self->loading_id, g_source_remove);
  if (self->import_file_action != NULL && app != NULL &&
      g_action_map_lookup_action (G_ACTION_MAP (app), "import-file") == G_ACTION (self->import_file_action))
    g_action_map_remove_action (G_ACTION_MAP (app), "import-file");
  g_clear_object (&self->import_file_action);
  g_clear_weak_pointer (&self->import_toast);
  if (self->contacts_view != NULL)
    gtk_column_view_set_model (self->contacts_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_LISTS_PAGE);

  G_OBJECT_CLASS (herald_lists_page_parent_class)->dispose (object);
}

static void
herald_lists_page_finalize (GObject *object)
{
  HeraldListsPage *self = HERALD_LISTS_PAGE (object);

  g_clear_object (&self->lists_cancellable);
  g_clear_object (&self->contacts_cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_free (self->list_name);
  g_free (self->select_after_load);

  G_OBJECT_CLASS (herald_lists_page_parent_class)->finalize (object);
}

static void
herald_lists_page_class_init (HeraldListsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_lists_page_dispose;
  object_class->finalize = herald_lists_page_finalize;
  object_class->get_property = herald_session_prop_get;
  object_class->set_property = herald_session_prop_set;

  /**
   * HeraldListsPage:session:
   *
   * The open database, which runs the page's store work. The window opens
   * it after the page is built, so it is set once, later.
   */
  properties[PROP_SESSION] =
    herald_session_prop_new (G_STRUCT_OFFSET (HeraldListsPage, session),
                             (HeraldSessionPropSetter) herald_lists_page_set_session);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-lists-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldListsPage, contacts_spinner);
  gtk_widget_class_bind_template_child (widget_class, HeraldListsPage, contacts_stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldListsPage, contacts_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldListsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HeraldListsPage, list_subtitle);
  gtk_widget_class_bind_template_child (widget_class, HeraldListsPage, list_title);
  gtk_widget_class_bind_template_child (widget_class, HeraldListsPage, lists_box);
  gtk_widget_class_bind_template_child (widget_class, HeraldListsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HeraldListsPage, status_page);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_lists_box_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_lists_box_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);

  gtk_widget_class_install_action (widget_class, "lists.add-contact", NULL, lists_page_add_contact_activated);
  gtk_widget_class_install_action (widget_class, "lists.consent-declined", NULL, lists_page_consent_activated);
  gtk_widget_class_install_action (widget_class, "lists.consent-given", NULL, lists_page_consent_activated);
  gtk_widget_class_install_action (widget_class, "lists.delete", NULL, lists_page_delete_activated);
  gtk_widget_class_install_action (widget_class, "lists.export", NULL, lists_page_export_activated);
  gtk_widget_class_install_action (widget_class, "lists.import", NULL, import_activated);
  gtk_widget_class_install_action (widget_class, "lists.new-segment", NULL, lists_page_new_segment_activated);
  gtk_widget_class_install_action (widget_class, "lists.undo-import", NULL, lists_page_undo_import_activated);
  gtk_widget_class_install_action (widget_class, "lists.rename-list", NULL, lists_page_rename_list_activated);
  gtk_widget_class_install_action (widget_class, "lists.duplicate-list", NULL, lists_page_duplicate_list_activated);
  gtk_widget_class_install_action (widget_class, "lists.delete-list", NULL, lists_page_delete_list_activated);
  gtk_widget_class_install_action (widget_class, "lists.suppress", NULL, lists_page_unsubscribe_activated);
  gtk_widget_class_install_action (widget_class, "lists.unsubscribe", NULL, lists_page_unsubscribe_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "lists.delete", NULL);
}

static void
herald_lists_page_init (HeraldListsPage *self)
{
  GtkDropTarget *drop;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->lists_cancellable = g_cancellable_new ();
  g_signal_connect_object (gtk_column_view_get_sorter (self->contacts_view), "changed",
                           G_CALLBACK (on_sorter_changed_cb), self, G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  lists_page_update_actions (self);
  show_status (self, "x-office-address-book-symbolic", _("No List Selected"),
               _("Choose a list to see its contacts."));
}

/**
 * herald_lists_page_set_session:
 *
 * Sets #HeraldListsPage:session, once: the page then reads the lists.
 */
void
herald_lists_page_set_session (HeraldListsPage *self,
                               HeraldSession   *session)
{
  g_return_if_fail (HERALD_IS_LISTS_PAGE (self));
  g_return_if_fail (HERALD_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  install_import_file_action (self);
  lists_page_update_actions (self);
  load_lists (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * herald_lists_page_set_settings:
 *
 * Lets the page remember the list shown last.
 */
void
herald_lists_page_set_settings (HeraldListsPage *self,
                                GSettings       *settings)
{
  g_return_if_fail (HERALD_IS_LISTS_PAGE (self));

  g_set_object (&self->settings, settings);
}
