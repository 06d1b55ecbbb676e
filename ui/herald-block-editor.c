/* herald-block-editor.c — a template made of blocks: the list of blocks
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor holds the block document (see app/compose/herald-blocks.h)
 * and says "changed" after each edit; the page hosting it renders the
 * HTML through the engine. Blocks are added from the "Add Block" menu,
 * reordered by drag and drop or with Alt+Up / Alt+Down, duplicated, and
 * deleted with an Undo toast. The side pane is herald-block-editor-form.c.
 */
#define G_LOG_DOMAIN "herald-block-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-block-editor-private.h"
#include "herald-blocks.h"
#include "herald-window.h"

G_DEFINE_FINAL_TYPE (HeraldBlockEditor, herald_block_editor, GTK_TYPE_WIDGET)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void rebuild_list (HeraldBlockEditor *self, int select);

JsonArray *
_herald_block_editor_get_blocks (HeraldBlockEditor *self)
{
  if (self->document == NULL)
    return NULL;
  return json_object_get_array_member (json_node_get_object (self->document), "blocks");
}

JsonObject *
_herald_block_editor_get_block (HeraldBlockEditor *self,
                                int                index)
{
  JsonArray *blocks = _herald_block_editor_get_blocks (self);

  if (blocks == NULL || index < 0 || (guint) index >= json_array_get_length (blocks))
    return NULL;
  return json_array_get_object_element (blocks, index);
}

static void
emit_changed (HeraldBlockEditor *self)
{
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
update_actions (HeraldBlockEditor *self)
{
  guint n = herald_block_editor_get_n_blocks (self);
  gboolean any = self->selected >= 0 && (guint) self->selected < n;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "blocks.add", self->document != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "blocks.move-up", any && self->selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "blocks.move-down", any && (guint) self->selected + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "blocks.duplicate", any && n < HERALD_BLOCKS_MAX_BLOCKS);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "blocks.delete", any);
}

/* A row's words: its place, its type and the start of its text. */
static char *
row_title (HeraldBlockEditor *self,
           int                index)
{
  JsonObject *block = _herald_block_editor_get_block (self, index);
  const char *type = json_object_get_string_member_with_default (block, "type", "");
  g_autofree char *summary = _herald_block_editor_summary (block);

  if (*summary == '\0')
    /* TRANSLATORS: a block in the list: its place and its type, "2. Divider" */
    return g_strdup_printf (_("%d. %s"), index + 1, herald_blocks_type_title (type));
  /* TRANSLATORS: a block in the list: its place, its type and the start of
   * its text, "3. Text: Hello {{ name }}…" */
  return g_strdup_printf (_("%d. %s: %s"), index + 1, herald_blocks_type_title (type), summary);
}

/* The selected row's label again, after its block was edited. */
void
_herald_block_editor_block_edited (HeraldBlockEditor *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, self->selected);
  g_autofree char *title = NULL;

  if (row != NULL)
    {
      title = row_title (self, self->selected);
      gtk_label_set_text (GTK_LABEL (gtk_list_box_row_get_child (row)), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
    }
  emit_changed (self);
}

/* ---- reordering ------------------------------------------------------------ */

/* Replaces the document's blocks with @nodes (owned), in their order. */
static void
set_blocks (HeraldBlockEditor *self,
            GPtrArray         *nodes)
{
  JsonArray *blocks = json_array_sized_new (nodes->len);

  for (guint i = 0; i < nodes->len; i++)
    json_array_add_element (blocks, g_ptr_array_index (nodes, i));
  g_ptr_array_set_free_func (nodes, NULL);
  json_object_set_array_member (json_node_get_object (self->document), "blocks", blocks);
}

static GPtrArray *
dup_nodes (HeraldBlockEditor *self)
{
  JsonArray *blocks = _herald_block_editor_get_blocks (self);
  GPtrArray *nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (guint i = 0; blocks != NULL && i < json_array_get_length (blocks); i++)
    g_ptr_array_add (nodes, json_node_ref (json_array_get_element (blocks, i)));
  return nodes;
}

static void
move_block (HeraldBlockEditor *self,
            int                from,
            int                to)
{
  g_autoptr(GPtrArray) nodes = dup_nodes (self);
  gpointer node;

  if (from < 0 || to < 0 || (guint) from >= nodes->len || (guint) to >= nodes->len || from == to)
    return;
  node = g_ptr_array_steal_index (nodes, from);
  g_ptr_array_insert (nodes, to, node);
  set_blocks (self, nodes);
  rebuild_list (self, to);
  emit_changed (self);
}

static void
insert_block (HeraldBlockEditor *self,
              int                at,
              JsonNode          *node)
{
  g_autoptr(GPtrArray) nodes = dup_nodes (self);

  at = CLAMP (at, 0, (int) nodes->len);
  g_ptr_array_insert (nodes, at, node);
  set_blocks (self, nodes);
  rebuild_list (self, at);
  emit_changed (self);
}

/* A deep copy of a block: its members are strings. */
static JsonNode *
copy_block (JsonObject *block)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) names = json_object_get_members (block);
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (GList *l = names; l != NULL; l = l->next)
    json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (block, l->data)));
  json_node_take_object (node, copy);
  return node;
}

/* ---- the list ----------------------------------------------------------- */

static GdkContentProvider *
on_drag_prepare_cb (GtkDragSource *source,
                    double         x,
                    double         y,
                    GtkListBoxRow *row)
{
  return gdk_content_provider_new_typed (G_TYPE_INT, gtk_list_box_row_get_index (row));
}

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            GtkListBoxRow *row)
{
  HeraldBlockEditor *self = HERALD_BLOCK_EDITOR (gtk_widget_get_ancestor (GTK_WIDGET (row), HERALD_TYPE_BLOCK_EDITOR));

  if (self == NULL || !G_VALUE_HOLDS_INT (value))
    return FALSE;
  move_block (self, g_value_get_int (value), gtk_list_box_row_get_index (row));
  return TRUE;
}

static GtkWidget *
make_row (HeraldBlockEditor *self,
          int                index)
{
  g_autofree char *title = row_title (self, index);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (title);
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INT, GDK_ACTION_MOVE);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  gtk_widget_set_margin_start (label, 8);
  gtk_widget_set_margin_end (label, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Drag to move it, or press Alt+Up or Alt+Down"), -1);

  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drop));
  return row;
}

static void
rebuild_list (HeraldBlockEditor *self,
              int                select)
{
  guint n = herald_block_editor_get_n_blocks (self);
  GtkWidget *child;

  self->loading = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->list, make_row (self, i));
  self->selected = n == 0 ? -1 : CLAMP (select, 0, (int) n - 1);
  if (self->selected >= 0)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, self->selected);

      gtk_list_box_select_row (self->list, row);
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  self->loading = FALSE;
  _herald_block_editor_build_form (self);
  update_actions (self);
}

static void
on_list_row_selected_cb (HeraldBlockEditor *self,
                         GtkListBoxRow     *row,
                         GtkListBox        *list)
{
  if (self->loading || row == NULL)
    return;
  if (gtk_list_box_row_get_index (row) == self->selected)
    return;
  self->selected = gtk_list_box_row_get_index (row);
  _herald_block_editor_build_form (self);
  update_actions (self);
}

/* ---- actions ---------------------------------------------------------------- */

static const char *
document_lang (HeraldBlockEditor *self)
{
  return json_object_get_string_member_with_default (json_node_get_object (self->document), "lang", "en");
}

static void
on_undo_clicked_cb (AdwToast *toast)
{
  HeraldBlockEditor *self = g_object_get_data (G_OBJECT (toast), "editor");
  JsonNode *node = g_object_get_data (G_OBJECT (toast), "block");
  int at = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (toast), "at"));

  if (self->document != NULL && g_object_get_data (G_OBJECT (toast), "document") == self->document)
    insert_block (self, at, json_node_ref (node));
}

static void
delete_block (HeraldBlockEditor *self)
{
  g_autoptr(GPtrArray) nodes = dup_nodes (self);
  JsonObject *block = _herald_block_editor_get_block (self, self->selected);
  const char *type = json_object_get_string_member_with_default (block, "type", "");
  g_autofree char *title = NULL;
  JsonNode *removed;
  AdwToast *toast;
  int at = self->selected;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  removed = g_ptr_array_steal_index (nodes, at);
  set_blocks (self, nodes);
  rebuild_list (self, at);
  emit_changed (self);

  /* TRANSLATORS: a toast; %s is the block's type, "Text" */
  title = g_strdup_printf (_("Deleted the block “%s”"), herald_blocks_type_title (type));
  toast = adw_toast_new (title);
  /* TRANSLATORS: button on the toast after a block was deleted */
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "block", removed, (GDestroyNotify) json_node_unref);
  g_object_set_data_full (G_OBJECT (toast), "editor", g_object_ref (self), g_object_unref);
  g_object_set_data (G_OBJECT (toast), "document", self->document);
  g_object_set_data (G_OBJECT (toast), "at", GINT_TO_POINTER (at));
  g_signal_connect (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), NULL);
  if (HERALD_IS_WINDOW (root))
    herald_window_add_toast (HERALD_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
block_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HeraldBlockEditor *self = HERALD_BLOCK_EDITOR (widget);

  if (self->document == NULL)
    return;
  if (g_str_equal (action_name, "blocks.add"))
    {
      JsonNode *node = herald_blocks_new_block (g_variant_get_string (parameter, NULL), document_lang (self));
      guint n = herald_block_editor_get_n_blocks (self);
      int at = self->selected >= 0 ? self->selected + 1 : (int) n;
      JsonObject *last = _herald_block_editor_get_block (self, n - 1);

      if (node == NULL || n >= HERALD_BLOCKS_MAX_BLOCKS)
        return;
      /* New blocks go after the selected one, and above a footer. */
      if (last != NULL && (guint) at >= n &&
          g_strcmp0 (json_object_get_string_member_with_default (last, "type", ""), "footer") == 0)
        at = n - 1;
      insert_block (self, at, node);
    }
  else if (self->selected < 0)
    return;
  else if (g_str_equal (action_name, "blocks.move-up"))
    move_block (self, self->selected, self->selected - 1);
  else if (g_str_equal (action_name, "blocks.move-down"))
    move_block (self, self->selected, self->selected + 1);
  else if (g_str_equal (action_name, "blocks.duplicate"))
    insert_block (self, self->selected + 1, copy_block (_herald_block_editor_get_block (self, self->selected)));
  else if (g_str_equal (action_name, "blocks.delete"))
    delete_block (self);
}

static void
field_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HeraldBlockEditor *self = HERALD_BLOCK_EDITOR (widget);

  if (g_str_equal (action_name, "blocks.insert-field"))
    _herald_block_editor_insert_field (self, g_variant_get_string (parameter, NULL));
  else if (g_str_equal (action_name, "blocks.format"))
    _herald_block_editor_format (self, g_variant_get_string (parameter, NULL));
  else if (g_str_equal (action_name, "blocks.choose-image"))
    _herald_block_editor_choose_image (self, g_variant_get_string (parameter, NULL));
}

/* ---- the widget ---------------------------------------------------------------- */

static GtkWidget *
tool_button (const char *icon,
             const char *tooltip,
             const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return button;
}

static GtkWidget *
make_add_button (void)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  /* TRANSLATORS: the menu button that adds a block to a template */
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("_Add Block"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button), content);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add Block"), -1);
  for (const char * const *type = herald_blocks_types (); *type != NULL; type++)
    {
      GtkWidget *item = gtk_button_new_with_label (herald_blocks_type_title (*type));
      /* TRANSLATORS: an item of the Add Block menu; %s: the block's type */
      g_autofree char *name = g_strdup_printf (_("Add a “%s” block"), herald_blocks_type_title (*type));

      gtk_widget_add_css_class (item, "flat");
      gtk_widget_set_halign (gtk_button_get_child (GTK_BUTTON (item)), GTK_ALIGN_START);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (item), "blocks.add");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (item), "s", *type);
      gtk_accessible_update_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      /* the menu closes once a block is added */
      g_signal_connect_swapped (item, "clicked", G_CALLBACK (gtk_popover_popdown), popover);
      gtk_box_append (GTK_BOX (box), item);
    }
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  return button;
}

static void
herald_block_editor_dispose (GObject *object)
{
  HeraldBlockEditor *self = HERALD_BLOCK_EDITOR (object);
  GtkWidget *child;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (herald_block_editor_parent_class)->dispose (object);
}

static void
herald_block_editor_finalize (GObject *object)
{
  HeraldBlockEditor *self = HERALD_BLOCK_EDITOR (object);

  g_clear_pointer (&self->document, json_node_unref);
  g_clear_pointer (&self->fields, g_strfreev);
  g_clear_pointer (&self->chooser_member, g_free);
  G_OBJECT_CLASS (herald_block_editor_parent_class)->finalize (object);
}

static void
herald_block_editor_class_init (HeraldBlockEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_block_editor_dispose;
  object_class->finalize = herald_block_editor_finalize;

  /**
   * HeraldBlockEditor::changed:
   *
   * The user changed the document (a block added, moved, edited …).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "blocks.add", "s", block_activated);
  gtk_widget_class_install_action (widget_class, "blocks.move-up", NULL, block_activated);
  gtk_widget_class_install_action (widget_class, "blocks.move-down", NULL, block_activated);
  gtk_widget_class_install_action (widget_class, "blocks.duplicate", NULL, block_activated);
  gtk_widget_class_install_action (widget_class, "blocks.delete", NULL, block_activated);
  gtk_widget_class_install_action (widget_class, "blocks.insert-field", "s", field_activated);
  gtk_widget_class_install_action (widget_class, "blocks.format", "s", field_activated);
  gtk_widget_class_install_action (widget_class, "blocks.choose-image", "s", field_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "blocks.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "blocks.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, GDK_ALT_MASK, "blocks.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, GDK_ALT_MASK, "blocks.move-down", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
herald_block_editor_init (HeraldBlockEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->selected = -1;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Block Editor"), -1);

  gtk_widget_set_margin_top (toolbar, 6);
  gtk_widget_set_margin_bottom (toolbar, 6);
  gtk_widget_set_margin_start (toolbar, 6);
  gtk_widget_set_margin_end (toolbar, 6);
  gtk_box_append (GTK_BOX (toolbar), make_add_button ());
  gtk_box_append (GTK_BOX (toolbar), tool_button ("go-up-symbolic", _("Move Block Up (Alt+Up)"), "blocks.move-up"));
  gtk_box_append (GTK_BOX (toolbar), tool_button ("go-down-symbolic", _("Move Block Down (Alt+Down)"), "blocks.move-down"));
  gtk_box_append (GTK_BOX (toolbar), tool_button ("edit-copy-symbolic", _("Duplicate Block"), "blocks.duplicate"));
  gtk_box_append (GTK_BOX (toolbar), tool_button ("user-trash-symbolic", _("Delete Block"), "blocks.delete"));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_BROWSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Blocks"), -1);
  g_signal_connect_object (self->list, "row-selected", G_CALLBACK (on_list_row_selected_cb), self, G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (left), toolbar);
  gtk_box_append (GTK_BOX (left), scroller);

  self->form_scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->form_scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (self->form_scroller, TRUE);

  /* The list above the selected block's pane: the editor shares its
   * column with the preview beside it. */
  self->paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
  gtk_paned_set_start_child (GTK_PANED (self->paned), left);
  gtk_paned_set_end_child (GTK_PANED (self->paned), self->form_scroller);
  gtk_paned_set_position (GTK_PANED (self->paned), 220);
  gtk_paned_set_shrink_start_child (GTK_PANED (self->paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (self->paned), FALSE);
  gtk_box_append (GTK_BOX (box), self->paned);
  gtk_widget_set_vexpand (self->paned, TRUE);
  gtk_widget_set_parent (box, GTK_WIDGET (self));
  update_actions (self);
}

GtkWidget *
herald_block_editor_new (void)
{
  return g_object_new (HERALD_TYPE_BLOCK_EDITOR, NULL);
}

/**
 * herald_block_editor_set_document:
 *
 * Shows a block document; the selection stays where it was when the
 * document has a block there (a template saved again).
 */
gboolean
herald_block_editor_set_document (HeraldBlockEditor  *self,
                                  const char         *json,
                                  GError            **error)
{
  JsonNode *document = herald_blocks_parse (json, error);

  if (document == NULL)
    return FALSE;
  g_clear_pointer (&self->document, json_node_unref);
  self->document = document;
  rebuild_list (self, self->selected >= 0 ? self->selected : 0);
  return TRUE;
}

/**
 * herald_block_editor_dup_json:
 *
 * Returns: (transfer full) (nullable): the document as JSON
 */
char *
herald_block_editor_dup_json (HeraldBlockEditor *self)
{
  if (self->document == NULL)
    return NULL;
  return herald_blocks_to_json (self->document);
}

/**
 * herald_block_editor_set_fields:
 * @fields: (nullable): the chosen list's columns, for the field picker
 */
void
herald_block_editor_set_fields (HeraldBlockEditor  *self,
                                const char * const *fields)
{
  g_strfreev (self->fields);
  self->fields = g_strdupv ((char **) fields);
  _herald_block_editor_fill_field_menu (self);
}

int
herald_block_editor_get_selected (HeraldBlockEditor *self)
{
  return self->selected;
}

guint
herald_block_editor_get_n_blocks (HeraldBlockEditor *self)
{
  JsonArray *blocks = _herald_block_editor_get_blocks (self);

  return blocks != NULL ? json_array_get_length (blocks) : 0;
}
