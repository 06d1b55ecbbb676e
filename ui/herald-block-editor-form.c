/* herald-block-editor-form.c — the side pane: the selected block's texts
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One labelled entry per member of the block (a text view for running
 * text, with Bold, Italic, Link and the field picker), written into the
 * document as the user types. Merge fields show as chips: their text is
 * tagged in the text views. The field picker offers the chosen list's
 * columns and inserts {{ column }} where the cursor is.
 */
#define G_LOG_DOMAIN "herald-block-editor"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "herald-block-editor-private.h"
#include "herald-blocks.h"

typedef enum
{
  KIND_LINE,    /* one line of text */
  KIND_TEXT,    /* paragraphs, with the formatting buttons */
  KIND_IMAGE,   /* a file or an address, with Choose… */
  KIND_URL,     /* a link */
} Kind;

typedef struct
{
  const char *type;
  const char *member;
  const char *title;     /* N_() */
  Kind        kind;
} Member;

static const Member members[] = {
  { "header",  "tagline",          N_("Line Above the Title"), KIND_LINE },
  { "header",  "title",            N_("Title"), KIND_LINE },
  { "header",  "logo",             N_("Logo (Image File or Address)"), KIND_IMAGE },
  { "header",  "logo_alt",         N_("Logo Description"), KIND_LINE },
  { "text",    "heading",          N_("Heading"), KIND_LINE },
  { "text",    "text",             N_("Text"), KIND_TEXT },
  { "image",   "src",              N_("Image (File or Address)"), KIND_IMAGE },
  { "image",   "alt",              N_("Description for Screen Readers"), KIND_LINE },
  { "image",   "link",             N_("Link"), KIND_URL },
  { "button",  "label",            N_("Button Label"), KIND_LINE },
  { "button",  "url",              N_("Link"), KIND_URL },
  { "columns", "image",            N_("Image (File or Address)"), KIND_IMAGE },
  { "columns", "alt",              N_("Description for Screen Readers"), KIND_LINE },
  { "columns", "link",             N_("Link"), KIND_URL },
  { "columns", "heading",          N_("Heading"), KIND_LINE },
  { "columns", "text",             N_("Text"), KIND_TEXT },
  { "notice",  "heading",          N_("Heading"), KIND_LINE },
  { "notice",  "text",             N_("Text"), KIND_TEXT },
  { "footer",  "note",             N_("Why They Get This Email"), KIND_TEXT },
  { "footer",  "unsubscribe_text", N_("Unsubscribe Text"), KIND_LINE },
};

/* The start of a block's main text, for its row in the list. */
char *
_herald_block_editor_summary (JsonObject *block)
{
  static const char * const keys[] = { "title", "heading", "text", "label", "alt", "src", "image", "note", NULL };

  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *value = json_object_get_string_member_with_default (block, keys[i], "");
      g_autofree char *line = NULL;
      char *nl;

      if (*value == '\0')
        continue;
      line = g_strdup (value);
      if ((nl = strchr (line, '\n')) != NULL)
        *nl = '\0';
      if (g_utf8_strlen (line, -1) > 40)
        {
          char *cut = g_utf8_offset_to_pointer (line, 40);
          *cut = '\0';
          return g_strconcat (line, "…", NULL);
        }
      return g_steal_pointer (&line);
    }
  return g_strdup ("");
}

/* ---- writing into the document ------------------------------------------- */

static void
store_member (HeraldBlockEditor *self,
              const char        *member,
              const char        *value)
{
  JsonObject *block = _herald_block_editor_get_block (self, self->selected);

  if (block == NULL || self->loading)
    return;
  json_object_set_string_member (block, member, value);
  _herald_block_editor_block_edited (self);
}

static void
on_entry_changed_cb (GtkEditable       *entry,
                     HeraldBlockEditor *self)
{
  store_member (self, g_object_get_data (G_OBJECT (entry), "member"), gtk_editable_get_text (entry));
}

/* Merge fields look like chips: "{{ … }}" tagged wherever it stands. */
static void
tag_fields (GtkTextBuffer *buffer)
{
  GtkTextIter start, end, at;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "field", &start, &end);
  at = start;
  while (TRUE)
    {
      GtkTextIter open, after_open, close, after_close;

      if (!gtk_text_iter_forward_search (&at, "{{", 0, &open, &after_open, NULL) ||
          !gtk_text_iter_forward_search (&after_open, "}}", 0, &close, &after_close, NULL))
        break;
      gtk_text_buffer_apply_tag_by_name (buffer, "field", &open, &after_close);
      at = after_close;
    }
}

static void
on_buffer_changed_cb (GtkTextBuffer     *buffer,
                      HeraldBlockEditor *self)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  tag_fields (buffer);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  store_member (self, g_object_get_data (G_OBJECT (buffer), "member"), text);
}

/* A picked field goes where the user was typing last. */
static void
on_focus_enter_cb (GtkEventControllerFocus *focus,
                   HeraldBlockEditor       *self)
{
  self->field_target = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus));
}

static void
watch_focus (HeraldBlockEditor *self,
             GtkWidget         *widget)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "enter", G_CALLBACK (on_focus_enter_cb), self, 0);
  gtk_widget_add_controller (widget, focus);
}

/* ---- the pane's widgets ----------------------------------------------------- */

static GtkWidget *
small_button (const char *icon,
              const char *name,
              const char *action,
              const char *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

/* The field picker: the chosen list's columns, then the built-in fields. */
void
_herald_block_editor_fill_field_menu (HeraldBlockEditor *self)
{
  static const char * const builtins[] = { "email", "sender_name", "today", NULL };
  GtkWidget *box, *popover;
  guint n = 0;

  if (self->field_button == NULL)
    return;
  popover = gtk_popover_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  for (guint pass = 0; pass < 2; pass++)
    {
      const char * const *names = pass == 0 ? (const char * const *) self->fields : builtins;

      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        {
          GtkWidget *item = gtk_button_new_with_label (names[i]);
          /* TRANSLATORS: an item of the field picker; %s: a column of the list */
          g_autofree char *name = g_strdup_printf (_("Insert the field “%s”"), names[i]);

          if (pass == 1 && self->fields != NULL && g_strv_contains ((const char * const *) self->fields, names[i]))
            continue;
          if (pass == 1 && n > 0 && i == 0)
            gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
          gtk_widget_add_css_class (item, "flat");
          gtk_widget_set_halign (gtk_button_get_child (GTK_BUTTON (item)), GTK_ALIGN_START);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (item), "blocks.insert-field");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (item), "s", names[i]);
          gtk_accessible_update_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          g_signal_connect_swapped (item, "clicked", G_CALLBACK (gtk_popover_popdown), popover);
          gtk_box_append (GTK_BOX (box), item);
          n++;
        }
    }
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (self->field_button, popover);
}

static GtkWidget *
make_field_button (HeraldBlockEditor *self)
{
  GtkWidget *button = gtk_menu_button_new ();

  /* TRANSLATORS: the field picker's button: it inserts a column of the list */
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("Insert _Field"));
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (button), TRUE);
  gtk_widget_set_tooltip_text (button, _("Insert a column of the chosen list: each recipient gets their own value"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Insert Field"), -1);
  self->field_button = GTK_MENU_BUTTON (button);
  _herald_block_editor_fill_field_menu (self);
  return button;
}

static GtkWidget *
make_text_view (HeraldBlockEditor *self,
                const Member      *m,
                const char        *value,
                GtkWidget         *label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *tools = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  gtk_text_buffer_create_tag (buffer, "field", "background", "rgba(53,132,228,0.18)",
                              "foreground", "#1a5fb4", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_widget_set_size_request (view, -1, 120);
  gtk_text_buffer_set_text (buffer, value, -1);
  tag_fields (buffer);
  g_object_set_data (G_OBJECT (buffer), "member", (gpointer) m->member);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_buffer_changed_cb), self, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _(m->title),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("A blank line starts a new paragraph; **bold**, *italic*, [link](https://…)"), -1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), view);
  watch_focus (self, view);
  if (self->field_target == NULL)
    self->field_target = view;

  gtk_box_append (GTK_BOX (tools), small_button ("format-text-bold-symbolic", _("Bold"), "blocks.format", "bold"));
  gtk_box_append (GTK_BOX (tools), small_button ("format-text-italic-symbolic", _("Italic"), "blocks.format", "italic"));
  gtk_box_append (GTK_BOX (tools), small_button ("insert-link-symbolic", _("Link"), "blocks.format", "link"));
  if (self->field_button == NULL)
    gtk_box_append (GTK_BOX (tools), make_field_button (self));
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_box_append (GTK_BOX (box), tools);
  gtk_box_append (GTK_BOX (box), frame);
  return box;
}

static GtkWidget *
make_entry (HeraldBlockEditor *self,
            const Member      *m,
            const char        *value,
            GtkWidget         *label)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *box;

  gtk_editable_set_text (GTK_EDITABLE (entry), value);
  g_object_set_data (G_OBJECT (entry), "member", (gpointer) m->member);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_entry_changed_cb), self, 0);
  /* Named once: GTK 4.8 would read a mnemonic label and this name twice. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _(m->title), -1);
  watch_focus (self, entry);
  if (m->kind == KIND_URL)
    gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_URL);
  if (m->kind != KIND_IMAGE)
    return entry;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_box_append (GTK_BOX (box), entry);
  {
    GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Choose…"));
    /* TRANSLATORS: accessible name of the button choosing an image file */
    g_autofree char *name = g_strdup_printf (_("Choose a File for “%s”"), _(m->title));

    gtk_actionable_set_action_name (GTK_ACTIONABLE (choose), "blocks.choose-image");
    gtk_actionable_set_action_target (GTK_ACTIONABLE (choose), "s", m->member);
    gtk_accessible_update_property (GTK_ACCESSIBLE (choose), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    gtk_box_append (GTK_BOX (box), choose);
  }
  return box;
}

static GtkWidget *
hint (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

void
_herald_block_editor_build_form (HeraldBlockEditor *self)
{
  JsonObject *block = _herald_block_editor_get_block (self, self->selected);
  const char *type = block != NULL ? json_object_get_string_member_with_default (block, "type", "") : "";
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading;

  self->field_target = NULL;
  self->field_button = NULL;
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  if (block == NULL)
    {
      gtk_box_append (GTK_BOX (box), hint (_("Add a block with “Add Block”.")));
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->form_scroller), box);
      self->form = box;
      return;
    }

  heading = gtk_label_new (herald_blocks_type_title (type));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);

  self->loading = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      const Member *m = &members[i];
      const char *value;
      GtkWidget *label;

      if (!g_str_equal (m->type, type))
        continue;
      value = json_object_get_string_member_with_default (block, m->member, "");
      label = gtk_label_new_with_mnemonic (_(m->title));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_top (label, 6);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), m->kind == KIND_TEXT ? make_text_view (self, m, value, label)
                                                          : make_entry (self, m, value, label));
    }
  self->loading = FALSE;

  if (g_str_equal (type, "divider"))
    gtk_box_append (GTK_BOX (box), hint (_("A thin line between the blocks above and below. Nothing to set.")));
  else if (g_str_equal (type, "footer"))
    gtk_box_append (GTK_BOX (box), hint (_("Shows your business details (name, postal address, contact; set in "
                                           "Preferences) and each recipient’s unsubscribe link. Left empty, the "
                                           "texts are the usual ones in the newsletter’s language.")));
  else if (g_str_equal (type, "columns"))
    gtk_box_append (GTK_BOX (box), hint (_("The image and the text side by side; on a phone, one above the other.")));
  if (self->field_button == NULL)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      gtk_widget_set_margin_top (row, 6);
      gtk_box_append (GTK_BOX (row), make_field_button (self));
      gtk_box_append (GTK_BOX (box), row);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->form_scroller), box);
  self->form = box;
}

/* ---- field picker, formatting, image files --------------------------------- */

static void
insert_text (GtkWidget  *target,
             const char *before,
             const char *after)
{
  if (GTK_IS_TEXT_VIEW (target))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (target));
      GtkTextIter start, end;

      gtk_text_buffer_begin_user_action (buffer);
      if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end) && after != NULL)
        {
          GtkTextMark *mark = gtk_text_buffer_create_mark (buffer, NULL, &end, FALSE);

          gtk_text_buffer_insert (buffer, &start, before, -1);
          gtk_text_buffer_get_iter_at_mark (buffer, &end, mark);
          gtk_text_buffer_insert (buffer, &end, after, -1);
          gtk_text_buffer_delete_mark (buffer, mark);
        }
      else
        {
          g_autofree char *both = g_strconcat (before, after, NULL);
          gtk_text_buffer_insert_at_cursor (buffer, both, -1);
        }
      gtk_text_buffer_end_user_action (buffer);
      gtk_widget_grab_focus (target);
    }
  else if (GTK_IS_EDITABLE (target))
    {
      g_autofree char *both = g_strconcat (before, after, NULL);
      int pos = gtk_editable_get_position (GTK_EDITABLE (target));

      gtk_editable_insert_text (GTK_EDITABLE (target), both, -1, &pos);
      gtk_widget_grab_focus (target);
      gtk_editable_set_position (GTK_EDITABLE (target), pos);
    }
}

void
_herald_block_editor_insert_field (HeraldBlockEditor *self,
                                   const char        *field)
{
  g_autofree char *chip = g_strdup_printf ("{{ %s }}", field);

  if (self->field_target != NULL)
    insert_text (self->field_target, chip, NULL);
}

void
_herald_block_editor_format (HeraldBlockEditor *self,
                             const char        *how)
{
  if (self->field_target == NULL || !GTK_IS_TEXT_VIEW (self->field_target))
    return;
  if (g_str_equal (how, "bold"))
    insert_text (self->field_target, "**", "**");
  else if (g_str_equal (how, "italic"))
    insert_text (self->field_target, "*", "*");
  else if (g_str_equal (how, "link"))
    insert_text (self->field_target, "[", "](https://)");
}

static void
on_chooser_response_cb (HeraldBlockEditor    *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT && self->chooser_member != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          store_member (self, self->chooser_member, path);
          _herald_block_editor_build_form (self);
        }
    }
  g_clear_object (&self->chooser);
}

void
_herald_block_editor_choose_image (HeraldBlockEditor *self,
                                   const char        *member)
{
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;
  g_free (self->chooser_member);
  self->chooser_member = g_strdup (member);
  self->chooser = gtk_file_chooser_native_new (_("Choose an Image"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (images, _("Images"));
  gtk_file_filter_add_mime_type (images, "image/png");
  gtk_file_filter_add_mime_type (images, "image/jpeg");
  gtk_file_filter_add_mime_type (images, "image/gif");
  gtk_file_filter_add_mime_type (images, "image/webp");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), images);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}
