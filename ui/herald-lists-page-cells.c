/* herald-lists-page-cells.c — the contacts table's columns and cells
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The columns of the chosen list, the cells the view binds to the model's
 * rows, and editing a cell in place (the change itself is saved by
 * lists_page_cell_editing_cb() in herald-lists-page-actions.c).
 */
#define G_LOG_DOMAIN "herald-lists-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-contact-item.h"
#include "herald-lists-page-private.h"

/* ---- cells and columns ---------------------------------------------------- */

/* Every cell is a label: the view keeps about 200 rows of every column
 * alive, and that many editable labels (each a stack, a label and a text
 * entry) took the better part of a second to build when a list opened. A
 * click, or Enter, puts an editable label in a field cell's place for the
 * time of the edit; when the edit ends the label comes back showing the
 * new text, and the change is saved (lists_page_cell_editing_cb). */

/* A cell is a horizontal box holding the label (or, during an edit, its
 * editor) aligned on the box's baseline: every label of a row then puts
 * its text's baseline at the same height, whatever font its text needs
 * (an inscription centres its own line box otherwise, and a Japanese
 * font's is taller, so Latin text sat higher; an ellipsized one sat at
 * the top). */
static GtkWidget *
cell_of (GtkListItem *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);

  return box != NULL ? gtk_widget_get_first_child (box) : NULL;
}

static void
put_in_cell (GtkListItem *list_item,
             GtkWidget   *widget)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *old = gtk_widget_get_first_child (box);

  if (old == widget)
    return;
  if (old != NULL)
    gtk_box_remove (GTK_BOX (box), old);
  gtk_widget_set_valign (widget, GTK_ALIGN_BASELINE);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_box_append (GTK_BOX (box), widget);
}

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
  g_object_set_data_full (G_OBJECT (label), "last-editor", g_object_ref (editable), g_object_unref);
  put_in_cell (list_item, label);
  g_object_set_data (G_OBJECT (editable), "label", NULL);
  return label;
}

static gboolean
restore_cell_cb (gpointer user_data)
{
  GtkWidget *editable = user_data;
  GtkListItem *list_item = g_object_get_data (G_OBJECT (editable), "list-item");

  if (list_item != NULL && cell_of (list_item) == editable)
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
      cell_of (list_item) != label ||
      page == NULL || HERALD_LISTS_PAGE (page)->view_pending)
    return;
  editable = gtk_editable_label_new (gtk_inscription_get_text (GTK_INSCRIPTION (label)));
  gtk_widget_add_css_class (editable, "contact-cell");
  g_object_set_data_full (G_OBJECT (editable), "item", g_object_ref (item), g_object_unref);
  g_object_set_data_full (G_OBJECT (editable), "label", g_object_ref (label), g_object_unref);
  g_object_set_data_full (G_OBJECT (editable), "list-item", g_object_ref (list_item), g_object_unref);
  g_signal_connect (editable, "notify::editing", G_CALLBACK (lists_page_cell_editing_cb), column);
  g_signal_connect (editable, "notify::editing", G_CALLBACK (on_editor_editing_cb), NULL);
  put_in_cell (list_item, editable);
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

/* The number column follows its row's position when rows above it come
 * or go (a removed contact), without the row being bound again. */
static void
on_order_position_cb (GtkListItem *list_item,
                      GParamSpec  *pspec,
                      gpointer     user_data)
{
  GtkWidget *cell = cell_of (list_item);
  HeraldContactItem *item = gtk_list_item_get_item (list_item);
  char number[32] = "";

  if (!GTK_IS_INSCRIPTION (cell) || item == NULL || herald_contact_item_is_placeholder (item))
    return;
  g_snprintf (number, sizeof number, "%u", gtk_list_item_get_position (list_item) + 1);
  lists_page_set_cell_text (cell, number);
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
  gtk_list_item_set_child (list_item, gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));
  put_in_cell (list_item, cell);
  if (column == COLUMN_ORDER)
    g_signal_connect (list_item, "notify::position", G_CALLBACK (on_order_position_cb), NULL);
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
  GtkWidget *cell = cell_of (list_item);
  int column = GPOINTER_TO_INT (user_data);
  gboolean placeholder = herald_contact_item_is_placeholder (item);
  char number[32] = "";
  const char *text;

  /* A cell still being edited when its row is used again. */
  if (GTK_IS_EDITABLE_LABEL (cell))
    cell = put_label_back (list_item, cell);

  /* The row's number as shown (1, 2, 3…), not the database's id: a user
   * trial read 27, 28, 29 as something of theirs. */
  if (column == COLUMN_ORDER && !placeholder)
    g_snprintf (number, sizeof number, "%u", gtk_list_item_get_position (list_item) + 1);
  if (column == COLUMN_EMAIL)
    text = herald_contact_item_get_email (item);
  else if (column == COLUMN_ORDER)
    text = number;
  else if (column == COLUMN_STATUS)
    text = placeholder ? ""
           : g_str_equal (herald_contact_item_get_status (item), "unsubscribed")
           /* TRANSLATORS: a contact's state in a list */
           ? _("Unsubscribed") : _("Subscribed");
  else if (column == COLUMN_CONSENT)
    text = placeholder ? "" : herald_contact_item_get_consent (item);
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
  GtkWidget *cell = cell_of (list_item);

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

/* The view's columns: the order, the address, @fields, the status, the
 * consent record. */
void
lists_page_set_columns (HeraldListsPage    *self,
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
  add_column (self, _("Status"), COLUMN_STATUS, FALSE);
  /* TRANSLATORS: column heading: when and how the person agreed to
   * marketing mail, or that they declined */
  add_column (self, _("Consent"), COLUMN_CONSENT, TRUE);
}
