/* herald-lists-page.c — address lists and their contacts
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-lists-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-contact-item.h"
#include "herald-contacts.h"
#include "herald-lists-page.h"

struct _HeraldListsPage
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkSpinner     *contacts_spinner;
  GtkStack       *contacts_stack;
  GtkColumnView  *contacts_view;
  AdwLeaflet     *leaflet;
  GtkLabel       *list_subtitle;
  GtkLabel       *list_title;
  GtkListBox     *lists_box;
  AdwStatusPage  *status_page;

  /* owned */
  HeraldSession  *session;
  GSettings      *settings;
  GCancellable   *lists_cancellable;
  GCancellable   *contacts_cancellable;
  GListStore     *contacts;
};

G_DEFINE_FINAL_TYPE (HeraldListsPage, herald_lists_page, GTK_TYPE_WIDGET)

/* What a worker thread is given for one list, and what it hands back. */
typedef struct
{
  HeraldSession *session;
  gint64         list_id;
  gint64         n_contacts;
} ContactsRequest;

typedef struct
{
  GStrv      fields;
  GPtrArray *items;       /* HeraldContactItem */
  gboolean   truncated;
} ContactsResult;

static void
contacts_request_free (ContactsRequest *request)
{
  g_clear_object (&request->session);
  g_free (request);
}

static void
contacts_result_free (ContactsResult *result)
{
  g_strfreev (result->fields);
  g_clear_pointer (&result->items, g_ptr_array_unref);
  g_free (result);
}

static char *
format_count (gint64 n)
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
  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_spinner_set_spinning (self->contacts_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->contacts_stack, "status");
}

/* ---- contacts ------------------------------------------------------- */

static void
contacts_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ContactsRequest *request = task_data;
  g_autoptr(HeraldContactCursor) cursor = NULL;
  g_autoptr(GError) error = NULL;
  ContactsResult *result = g_new0 (ContactsResult, 1);
  const HeraldContactRow *row;
  HeraldStore *store;

  result->items = g_ptr_array_new_with_free_func (g_object_unref);

  store = herald_session_lock (request->session);
  cursor = herald_contact_cursor_new (store, request->list_id, &error);
  if (cursor != NULL)
    {
      result->fields = g_strdupv ((char **) herald_contact_cursor_get_fields (cursor));
      while (!g_cancellable_is_cancelled (cancellable) &&
             (row = herald_contact_cursor_next (cursor, &error)) != NULL)
        {
          if (result->items->len == HERALD_LISTS_PAGE_MAX_ROWS)
            {
              result->truncated = TRUE;
              break;
            }
          g_ptr_array_add (result->items, herald_contact_item_new (row->email, row->values));
        }
    }
  g_clear_pointer (&cursor, herald_contact_cursor_free);
  herald_session_unlock (request->session);

  if (error != NULL)
    {
      contacts_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, result, (GDestroyNotify) contacts_result_free);
  else
    contacts_result_free (result);
}

static void
on_cell_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "contact-cell");
  gtk_list_item_set_child (list_item, label);
}

static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  HeraldContactItem *item = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  int column = GPOINTER_TO_INT (user_data);

  /* Column 0 is the address; column n is the list's field n - 1. */
  gtk_label_set_text (label, column == 0 ? herald_contact_item_get_email (item)
                                         : herald_contact_item_get_value (item, column - 1));
}

static void
add_column (HeraldListsPage *self,
            const char      *title,
            int              index,
            gboolean         last)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind_cb), GINT_TO_POINTER (index));
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  /* Columns take the width of their content; the last one takes the rest. */
  gtk_column_view_column_set_expand (column, last);
  gtk_column_view_append_column (self->contacts_view, column);
}

static void
set_columns (HeraldListsPage    *self,
             const char * const *fields)
{
  GListModel *columns = gtk_column_view_get_columns (self->contacts_view);
  guint n_fields = fields != NULL ? g_strv_length ((char **) fields) : 0;

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (self->contacts_view, column);
    }

  /* TRANSLATORS: column heading of a contact's email address */
  add_column (self, _("Email"), 0, n_fields == 0);
  for (guint i = 0; i < n_fields; i++)
    add_column (self, fields[i], i + 1, i + 1 == n_fields);   /* field names are the user's own */
}

static void
on_contacts_loaded_cb (GObject      *source,
                       GAsyncResult *res,
                       gpointer      user_data)
{
  g_autoptr(HeraldListsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  ContactsRequest *request = g_task_get_task_data (G_TASK (res));
  ContactsResult *result;
  g_autofree char *count = NULL;
  g_autofree char *subtitle = NULL;

  result = g_task_propagate_pointer (G_TASK (res), &error);
  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_status (self, "dialog-error-symbolic", _("The Contacts Could Not Be Read"), error->message);
      return;
    }

  set_columns (self, (const char * const *) result->fields);
  g_list_store_splice (self->contacts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->contacts)),
                       result->items->pdata, result->items->len);

  count = format_count (request->n_contacts);
  if (result->truncated)
    {
      g_autofree char *shown = format_count (result->items->len);
      /* TRANSLATORS: the first %s is e.g. "10,000", the second the list's size */
      subtitle = g_strdup_printf (_("Showing the first %s of %s contacts. Browsing whole large lists "
                                    "arrives with a later version."), shown, count);
    }
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s contact", "%s contacts",
                                             (gulong) request->n_contacts),
                                count);
  gtk_label_set_text (self->list_subtitle, subtitle);

  gtk_spinner_set_spinning (self->contacts_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->contacts_stack, "contacts");
  contacts_result_free (result);
}

static void
load_contacts (HeraldListsPage *self,
               gint64           list_id,
               const char      *name,
               gint64           n_contacts)
{
  g_autoptr(GTask) task = NULL;
  ContactsRequest *request = g_new0 (ContactsRequest, 1);

  g_cancellable_cancel (self->contacts_cancellable);
  g_clear_object (&self->contacts_cancellable);
  self->contacts_cancellable = g_cancellable_new ();

  gtk_label_set_text (self->list_title, name);
  gtk_spinner_set_spinning (self->contacts_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->contacts_stack, "loading");

  /* No source object: the page is released by the callback, on the main
   * thread, never by a worker dropping the task. */
  task = g_task_new (NULL, self->contacts_cancellable, on_contacts_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, load_contacts);
  request->session = g_object_ref (self->session);
  request->list_id = list_id;
  request->n_contacts = n_contacts;
  g_task_set_task_data (task, request, (GDestroyNotify) contacts_request_free);
  g_task_run_in_thread (task, contacts_thread);
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
  load_contacts (self,
                 *(gint64 *) g_object_get_data (G_OBJECT (row), "list-id"),
                 name,
                 *(gint64 *) g_object_get_data (G_OBJECT (row), "n-contacts"));
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

static void
lists_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  HeraldSession *session = task_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *lists;

  lists = herald_store_dup_lists (herald_session_lock (session), &error);
  herald_session_unlock (session);

  if (lists == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, lists, (GDestroyNotify) g_ptr_array_unref);
}

static GtkWidget *
create_list_row (const HeraldListInfo *info)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *count = format_count (info->n_contacts);
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
  g_object_set_data_full (G_OBJECT (row), "n-contacts",
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

  lists = g_task_propagate_pointer (G_TASK (res), &error);
  if (lists == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_status (self, "dialog-error-symbolic", _("The Lists Could Not Be Read"), error->message);
      return;
    }

  if (lists->len == 0)
    {
      show_status (self, "x-office-address-book-symbolic", _("No Address Lists"),
                   _("Importing lists is not available in this version yet."));
      return;
    }

  last = self->settings != NULL ? g_settings_get_string (self->settings, "last-list") : g_strdup ("");
  for (guint i = 0; i < lists->len; i++)
    {
      const HeraldListInfo *info = g_ptr_array_index (lists, i);
      GtkWidget *row = create_list_row (info);

      gtk_list_box_append (self->lists_box, row);
      if (selected == NULL || g_str_equal (info->name, last))
        selected = GTK_LIST_BOX_ROW (row);
    }

  /* Open on the list shown last time, or the first one. */
  gtk_list_box_select_row (self->lists_box, selected);
}

static void
load_lists (HeraldListsPage *self)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->lists_cancellable, on_lists_loaded_cb, g_object_ref (self));

  g_task_set_source_tag (task, load_lists);
  g_task_set_task_data (task, g_object_ref (self->session), g_object_unref);
  g_task_run_in_thread (task, lists_thread);
}

/* ---- the page ------------------------------------------------------- */

static void
herald_lists_page_dispose (GObject *object)
{
  HeraldListsPage *self = HERALD_LISTS_PAGE (object);

  g_cancellable_cancel (self->lists_cancellable);
  g_cancellable_cancel (self->contacts_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_LISTS_PAGE);

  G_OBJECT_CLASS (herald_lists_page_parent_class)->dispose (object);
}

static void
herald_lists_page_finalize (GObject *object)
{
  HeraldListsPage *self = HERALD_LISTS_PAGE (object);

  g_clear_object (&self->lists_cancellable);
  g_clear_object (&self->contacts_cancellable);
  g_clear_object (&self->contacts);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (herald_lists_page_parent_class)->finalize (object);
}

static void
herald_lists_page_class_init (HeraldListsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_lists_page_dispose;
  object_class->finalize = herald_lists_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-lists-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldListsPage, contacts_spinner);
  gtk_widget_class_bind_template_child (widget_class, HeraldListsPage, contacts_stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldListsPage, contacts_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldListsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HeraldListsPage, list_subtitle);
  gtk_widget_class_bind_template_child (widget_class, HeraldListsPage, list_title);
  gtk_widget_class_bind_template_child (widget_class, HeraldListsPage, lists_box);
  gtk_widget_class_bind_template_child (widget_class, HeraldListsPage, status_page);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_lists_box_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_lists_box_row_selected_cb);
}

static void
herald_lists_page_init (HeraldListsPage *self)
{
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->lists_cancellable = g_cancellable_new ();
  self->contacts = g_list_store_new (HERALD_TYPE_CONTACT_ITEM);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->contacts)));
  gtk_column_view_set_model (self->contacts_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  show_status (self, "x-office-address-book-symbolic", _("No List Selected"),
               _("Choose a list to see its contacts."));
}

/**
 * herald_lists_page_set_session:
 *
 * Gives the page the open database; it then reads the lists.
 */
void
herald_lists_page_set_session (HeraldListsPage *self,
                               HeraldSession   *session)
{
  g_return_if_fail (HERALD_IS_LISTS_PAGE (self));
  g_return_if_fail (HERALD_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  load_lists (self);
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
