/* herald-lists-page.c — address lists and their contacts
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contacts of the chosen list come from a HeraldContactModel, which
 * reads pages of rows from the store in a worker as they are scrolled to.
 * Every change (edit, add, delete, unsubscribe, suppress, export, import)
 * goes through the engine in a worker as well; the UI thread never touches
 * the store. The changes to contacts are in herald-lists-page-actions.c.
 */
#define G_LOG_DOMAIN "herald-lists-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-contact-item.h"
#include "herald-contact-model.h"
#include "herald-import-dialog.h"
#include "herald-list-store.h"
#include "herald-lists-page-private.h"
#include "herald-window.h"


G_DEFINE_FINAL_TYPE (HeraldListsPage, herald_lists_page, GTK_TYPE_WIDGET)

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
  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  g_clear_handle_id (&self->loading_id, g_source_remove);
  gtk_spinner_set_spinning (self->contacts_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->contacts_stack, "status");
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

/* ---- cells and columns ---------------------------------------------------- */

/* Every cell is a label: the view keeps about 200 rows of every column
 * alive, and that many editable labels (each a stack, a label and a text
 * entry) took the better part of a second to build when a list opened. A
 * click, or Enter, puts an editable label in a field cell's place for the
 * time of the edit; when the edit ends the label comes back showing the
 * new text, and the change is saved (lists_page_cell_editing_cb). */

/* Puts the label back in the place of the editor that replaced it, and
 * returns it. The label keeps the editor until the cell's next edit: GTK
 * 4.8 can still run a pending source of the editor's event controllers
 * just after an edit, and must not find them freed. */
static GtkWidget *
put_label_back (GtkListItem *list_item,
                GtkWidget   *editable)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (editable), "label");

  g_object_set_data (G_OBJECT (editable), "done", GINT_TO_POINTER (TRUE));
  gtk_list_item_set_child (list_item, label);
  g_object_set_data_full (G_OBJECT (label), "last-editor", g_object_ref (editable), g_object_unref);
  g_object_set_data (G_OBJECT (editable), "label", NULL);
  return label;
}

static gboolean
restore_cell_cb (gpointer user_data)
{
  GtkWidget *editable = user_data;
  GtkListItem *list_item = g_object_get_data (G_OBJECT (editable), "list-item");

  if (list_item != NULL && gtk_list_item_get_child (list_item) == editable)
    put_label_back (list_item, editable);
  return G_SOURCE_REMOVE;
}

/* A cell's text, also its name for screen readers (GTK 4.8 gives an
 * inscription none of its own). */
void
lists_page_set_cell_text (GtkWidget  *cell,
                          const char *text)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (cell), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, text != NULL ? text : "", -1);
}

static void
on_editor_editing_cb (GtkEditableLabel *editable,
                      GParamSpec       *pspec,
                      gpointer          user_data)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (editable), "label");

  if (gtk_editable_label_get_editing (editable) || g_object_get_data (G_OBJECT (editable), "done"))
    return;
  g_object_set_data (G_OBJECT (editable), "done", GINT_TO_POINTER (TRUE));
  lists_page_set_cell_text (label, gtk_editable_get_text (GTK_EDITABLE (editable)));
  /* Not while the editable label is still telling about itself. */
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, restore_cell_cb, g_object_ref (editable), g_object_unref);
}

static void
start_cell_edit (GtkWidget *label)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (label), "list-item");
  HeraldContactItem *item = g_object_get_data (G_OBJECT (label), "item");
  gpointer column = g_object_get_data (G_OBJECT (label), "column");
  GtkWidget *page = gtk_widget_get_ancestor (label, HERALD_TYPE_LISTS_PAGE);
  GtkWidget *editable;

  if (list_item == NULL || item == NULL || herald_contact_item_is_placeholder (item) ||
      gtk_list_item_get_child (list_item) != label ||
      page == NULL || HERALD_LISTS_PAGE (page)->view_pending)
    return;
  editable = gtk_editable_label_new (gtk_inscription_get_text (GTK_INSCRIPTION (label)));
  gtk_widget_add_css_class (editable, "contact-cell");
  g_object_set_data_full (G_OBJECT (editable), "item", g_object_ref (item), g_object_unref);
  g_object_set_data_full (G_OBJECT (editable), "label", g_object_ref (label), g_object_unref);
  g_object_set_data_full (G_OBJECT (editable), "list-item", g_object_ref (list_item), g_object_unref);
  g_signal_connect (editable, "notify::editing", G_CALLBACK (lists_page_cell_editing_cb), column);
  g_signal_connect (editable, "notify::editing", G_CALLBACK (on_editor_editing_cb), NULL);
  gtk_list_item_set_child (list_item, editable);
  gtk_editable_label_start_editing (GTK_EDITABLE_LABEL (editable));
}

static gboolean
start_cell_edit_cb (gpointer user_data)
{
  start_cell_edit (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_cell_released_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     gpointer         user_data)
{
  GtkWidget *label = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  /* After the row has taken the click (and the focus) for the selection:
   * an editable label stops editing when it loses the focus. */
  g_idle_add_full (G_PRIORITY_DEFAULT, start_cell_edit_cb, g_object_ref (label), g_object_unref);
}

static gboolean
on_cell_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        gpointer               user_data)
{
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return FALSE;
  start_cell_edit (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
  return TRUE;
}

static void
on_cell_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  int column = GPOINTER_TO_INT (user_data);
  /* An inscription, not a label: its size does not depend on its text,
   * so the view's 200 or so rows are laid out without measuring each
   * text (a million-row list opens at once). */
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), column == COLUMN_ORDER ? 3 : 10);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), column == COLUMN_ORDER ? 6 : column == COLUMN_EMAIL ? 28 : 20);
  if (column >= 0)
    {
      GtkGesture *click = gtk_gesture_click_new ();
      GtkEventController *keys = gtk_event_controller_key_new ();

      /* The list item outlives its child: no reference. */
      g_object_set_data (G_OBJECT (cell), "list-item", list_item);
      g_object_set_data (G_OBJECT (cell), "column", user_data);
      gtk_widget_set_focusable (cell, TRUE);
      g_signal_connect (click, "released", G_CALLBACK (on_cell_released_cb), NULL);
      gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (click));
      g_signal_connect (keys, "key-pressed", G_CALLBACK (on_cell_key_pressed_cb), NULL);
      gtk_widget_add_controller (cell, keys);
    }
  gtk_widget_add_css_class (cell, "contact-cell");
  gtk_list_item_set_child (list_item, cell);
}

/* Ticks come before each frame's layout and paint: the second tick after
 * the first rows were bound follows the frame that painted them. */
static gboolean
on_first_rows_tick_cb (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       user_data)
{
  HeraldListsPage *self = HERALD_LISTS_PAGE (widget);
  guint *ticks = user_data;

  if (++*ticks < 2)
    return G_SOURCE_CONTINUE;
  g_debug ("first rows of “%s” painted %.1f ms after it was chosen", self->list_name,
           (g_get_monotonic_time () + self->load_started) / 1000.0);
  self->load_started = 0;
  return G_SOURCE_REMOVE;
}

/* For the benchmark in the log (G_MESSAGES_DEBUG=herald-lists-page): the
 * time from choosing a list to the first frame that shows its rows. */
static void
note_first_rows (GtkWidget *cell)
{
  GtkWidget *page = gtk_widget_get_ancestor (cell, HERALD_TYPE_LISTS_PAGE);
  HeraldListsPage *self = page != NULL ? HERALD_LISTS_PAGE (page) : NULL;

  if (self == NULL || self->load_started <= 0)
    return;
  g_debug ("first rows of “%s” bound %.1f ms after it was chosen", self->list_name,
           (g_get_monotonic_time () - self->load_started) / 1000.0);
  self->load_started = -self->load_started;   /* measured once */
  gtk_widget_add_tick_callback (GTK_WIDGET (self), on_first_rows_tick_cb, g_new0 (guint, 1), g_free);
}

static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  HeraldContactItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  int column = GPOINTER_TO_INT (user_data);
  gboolean placeholder = herald_contact_item_is_placeholder (item);
  char number[32] = "";
  const char *text;

  /* A cell still being edited when its row is used again. */
  if (GTK_IS_EDITABLE_LABEL (cell))
    cell = put_label_back (list_item, cell);

  if (column == COLUMN_ORDER && !placeholder)
    g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, herald_contact_item_get_member_id (item));
  if (column == COLUMN_EMAIL)
    text = herald_contact_item_get_email (item);
  else if (column == COLUMN_ORDER)
    text = number;
  else if (column == COLUMN_STATUS)
    text = placeholder ? ""
           : g_str_equal (herald_contact_item_get_status (item), "unsubscribed")
           /* TRANSLATORS: a contact's state in a list */
           ? _("Unsubscribed") : _("Subscribed");
  else
    text = herald_contact_item_get_value (item, column);

  g_object_set_data_full (G_OBJECT (cell), "item", g_object_ref (item), g_object_unref);
  lists_page_set_cell_text (cell, text);

  if (!placeholder && column == COLUMN_EMAIL)
    note_first_rows (cell);
}

static void
on_cell_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);

  /* An edit in progress is saved, and the label comes back. */
  if (GTK_IS_EDITABLE_LABEL (cell))
    {
      if (gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell)))
        gtk_editable_label_stop_editing (GTK_EDITABLE_LABEL (cell), TRUE);
      cell = put_label_back (list_item, cell);
    }
  g_object_set_data (G_OBJECT (cell), "item", NULL);
}

/* GTK 4.8 does not say which column the user sorted by: each sortable
 * column's sorter notes itself when the view's sorter asks it. */
static int
compare_noting_column (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  HeraldListsPage *self = g_object_get_data (G_OBJECT (user_data), "page");

  if (self != NULL)
    self->sorted_column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (user_data), "column"));
  return GTK_ORDERING_SMALLER;
}

static void
add_column (HeraldListsPage *self,
            const char      *title,
            int              index,
            gboolean         expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup_cb), GINT_TO_POINTER (index));
  g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind_cb), GINT_TO_POINTER (index));
  g_signal_connect (factory, "unbind", G_CALLBACK (on_cell_unbind_cb), GINT_TO_POINTER (index));
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, expand);
  if (index == COLUMN_EMAIL)
    gtk_column_view_column_set_fixed_width (column, 240);
  if (index == COLUMN_EMAIL || index == COLUMN_ORDER)
    {
      GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (compare_noting_column, NULL, NULL));

      g_object_set_data (G_OBJECT (sorter), "page", self);
      g_object_set_data (G_OBJECT (sorter), "column", GINT_TO_POINTER (index));
      gtk_custom_sorter_set_sort_func (GTK_CUSTOM_SORTER (sorter), compare_noting_column, sorter, NULL);
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
    }
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

  /* TRANSLATORS: column heading: the order in which contacts were imported */
  add_column (self, _("#"), COLUMN_ORDER, FALSE);
  /* TRANSLATORS: column heading of a contact's email address */
  add_column (self, _("Email"), COLUMN_EMAIL, FALSE);
  for (guint i = 0; i < n_fields; i++)
    add_column (self, fields[i], i, FALSE);   /* field names are the user's own */
  /* TRANSLATORS: column heading: subscribed or unsubscribed */
  add_column (self, _("Status"), COLUMN_STATUS, TRUE);
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
  HeraldSession *session;
  gint64         list_id;
  gint64         n_contacts;   /* as counted with the lists, or -1 */
  GStrv          fields;
} FieldsRequest;

static void
fields_request_free (FieldsRequest *request)
{
  g_clear_object (&request->session);
  g_strfreev (request->fields);
  g_free (request);
}

static void
fields_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FieldsRequest *request = task_data;
  g_autoptr(GError) error = NULL;

  request->fields = herald_store_dup_list_fields (herald_session_lock (request->session),
                                                  request->list_id, &error);
  herald_session_unlock (request->session);
  if (request->fields == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_fields_loaded_cb (GObject      *source,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  g_autoptr(HeraldListsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  FieldsRequest *request = g_task_get_task_data (G_TASK (res));

  if (!g_task_propagate_boolean (G_TASK (res), &error))
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
  set_columns (self, herald_contact_model_get_fields (self->model));
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
  g_autoptr(GTask) task = NULL;
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

  /* No source object: the page is released by the callback, on the main
   * thread, never by a worker dropping the task. */
  task = g_task_new (NULL, self->contacts_cancellable, on_fields_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, load_contacts);
  request->session = g_object_ref (self->session);
  request->list_id = list_id;
  request->n_contacts = n_contacts;
  g_task_set_task_data (task, request, (GDestroyNotify) fields_request_free);
  g_task_run_in_thread (task, fields_thread);
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

  lists = g_task_propagate_pointer (G_TASK (res), &error);
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
  g_autoptr(GTask) task = g_task_new (NULL, self->lists_cancellable, on_lists_loaded_cb, g_object_ref (self));

  g_task_set_source_tag (task, load_lists);
  g_task_set_task_data (task, g_object_ref (self->session), g_object_unref);
  g_task_run_in_thread (task, lists_thread);
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
  g_object_unref (lists_page_add_toast (self, title));
  g_free (self->select_after_load);
  self->select_after_load = g_strdup (list_name);
  load_lists (self);
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
  gtk_widget_class_install_action (widget_class, "lists.delete", NULL, lists_page_delete_activated);
  gtk_widget_class_install_action (widget_class, "lists.export", NULL, lists_page_export_activated);
  gtk_widget_class_install_action (widget_class, "lists.import", NULL, import_activated);
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
  install_import_file_action (self);
  lists_page_update_actions (self);
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
