/* herald-attachments-dialog.c — a template's attachments: files for
 * everyone (added through the file chooser, removed with an undo), the
 * field naming each recipient's own file and the folder it is in, and the
 * check of the previewed list's files
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Files and folders are chosen with GtkFileChooserNative: under Flatpak
 * it goes through the file chooser portal, which hands back a path in the
 * document portal (/run/user/UID/doc/ID/…) that the sandbox can read
 * without any --filesystem grant; the folder's path is stored as the
 * chooser returned it (ARCHITECTURE.md, "A template's attachments, and
 * files under Flatpak"). Flatpak cannot run on the test machines: the
 * portal's side is untested; ui-attachments drives GTK's own dialog.
 * Every change and the check run in the session's thread.
 */
#define G_LOG_DOMAIN "herald-attachments"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-attachments-dialog.h"
#include "herald-parts.h"
#include "herald-template-attach.h"
#include "herald-templates.h"

struct _HeraldAttachmentsDialog
{
  AdwWindow       parent_instance;

  /* widgets, made in code */
  AdwToastOverlay *toasts;
  GtkListBox      *files_box;
  AdwComboRow     *field_row;
  GtkStringList   *field_names;
  AdwActionRow    *folder_row;
  GtkButton       *clear_folder_button;
  GtkLabel        *check_label;

  /* owned */
  HeraldSession   *session;
  GCancellable    *cancellable;
  GtkNativeDialog *chooser;     /* the file chooser open, if any */
  char            *template_name;
  char            *list_name;
  char            *field;       /* the per-recipient field ("" none) */
  GStrv            more_fields; /* fields after the first (set from the CLI): kept */
  char            *folder;      /* nullable */
  gint64           template_id;
  gint64           list_id;
  guint            loading : 1;
};

G_DEFINE_FINAL_TYPE (HeraldAttachmentsDialog, herald_attachments_dialog, ADW_TYPE_WINDOW)

/* ---- the session's jobs ------------------------------------------------------ */

typedef enum
{
  OP_LOAD,
  OP_ADD,
  OP_REMOVE,
  OP_UNDO,
  OP_SET_FIELD,
} Op;

typedef struct
{
  Op                   op;
  gint64               template_id;
  gint64               list_id;
  GStrv                paths;     /* OP_ADD */
  char                *filename;  /* OP_REMOVE */
  HeraldTemplatePart  *part;      /* OP_UNDO: to add back; OP_REMOVE: what went */
  char                *field;     /* OP_SET_FIELD: "" for none */
  GStrv                more_fields;  /* OP_SET_FIELD: kept after it */
  char                *folder;    /* OP_SET_FIELD: nullable */
  /* out */
  HeraldTemplateParts *parts;
  GStrv                list_fields;
  char                *check;     /* nullable: nothing to check */
  gboolean             check_bad;
  GError              *change_error;  /* the change failed; the state is still loaded */
} Job;

static void
job_free (Job *job)
{
  g_strfreev (job->paths);
  g_free (job->filename);
  g_clear_pointer (&job->part, herald_template_part_free);
  g_free (job->field);
  g_strfreev (job->more_fields);
  g_free (job->folder);
  g_clear_pointer (&job->parts, herald_template_parts_free);
  g_strfreev (job->list_fields);
  g_free (job->check);
  g_clear_error (&job->change_error);
  g_free (job);
}

static gboolean
change (HeraldStore  *store,
        Job          *job,
        GError      **error)
{
  switch (job->op)
    {
    case OP_ADD:
      for (guint i = 0; job->paths[i] != NULL; i++)
        {
          g_autoptr(HeraldTemplatePart) part = herald_templates_attach_file (store, job->template_id, job->paths[i], error);

          if (part == NULL)
            return FALSE;
        }
      return TRUE;
    case OP_REMOVE:
      job->part = herald_templates_remove_attachment (store, job->template_id, job->filename, error);
      return job->part != NULL;
    case OP_UNDO:
      return herald_templates_add_attachment (store, job->template_id, job->part, error);
    case OP_SET_FIELD:
      {
        /* The dialog shows the first field; others set from the command
         * line stay as they are. */
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
        g_auto(GStrv) fields = NULL;

        if (*job->field != '\0')
          g_strv_builder_add (builder, job->field);
        if (job->more_fields != NULL)
          g_strv_builder_addv (builder, (const char **) job->more_fields);
        fields = g_strv_builder_end (builder);
        return herald_templates_set_attach_fields (store, job->template_id,
                                                   fields[0] != NULL ? (const char * const *) fields : NULL,
                                                   job->folder, error);
      }
    case OP_LOAD:
    default:
      return TRUE;
    }
}

static gboolean
attachments_job (HeraldStore   *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Job *job = data;
  g_autoptr(HeraldAttachmentCheck) check = NULL;

  /* A change that fails is said in a toast; the dialog still shows what
   * the store holds. */
  change (store, job, &job->change_error);
  if ((job->parts = herald_templates_load_parts (store, job->template_id, error)) == NULL)
    return FALSE;
  if (job->list_id <= 0)
    return TRUE;
  if ((job->list_fields = herald_store_dup_list_fields (store, job->list_id, error)) == NULL)
    return FALSE;
  if (job->parts->attach_fields->len == 0)
    return TRUE;
  if ((check = herald_list_check_attachments (store, job->template_id, job->list_id, cancellable, error)) == NULL)
    return FALSE;
  job->check = herald_attachment_check_describe (check);
  job->check_bad = check->problems->len > 0;
  return TRUE;
}

static void show_state (HeraldAttachmentsDialog *self, Job *job);
static void on_undo_cb (AdwToast *toast, HeraldAttachmentsDialog *self);

static void
on_job_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HeraldAttachmentsDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Job *job = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  show_state (self, job);
}

static void
run (HeraldAttachmentsDialog *self,
     Job                     *job)
{
  job->template_id = self->template_id;
  job->list_id = self->list_id;
  gtk_label_set_text (self->check_label, _("Checking…"));
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, attachments_job, job,
                            (GDestroyNotify) job_free, self->cancellable, on_job_done_cb, g_object_ref (self));
}

/* ---- showing the state -------------------------------------------------------- */

static void on_remove_clicked_cb (GtkButton *button, HeraldAttachmentsDialog *self);

static GtkWidget *
file_row (HeraldAttachmentsDialog  *self,
          const HeraldTemplatePart *part)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *size = g_format_size (g_bytes_get_size (part->data));
  /* TRANSLATORS: the accessible name of the button removing an attachment; %s is its file name */
  g_autofree char *remove_name = g_strdup_printf (_("Remove “%s”"), part->filename);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), part->filename);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), size);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
  g_object_set_data_full (G_OBJECT (remove), "filename", g_strdup (part->filename), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static void
show_files (HeraldAttachmentsDialog   *self,
            const HeraldTemplateParts *parts)
{
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->files_box))) != NULL)
    gtk_list_box_remove (self->files_box, child);
  for (guint i = 0; i < parts->parts->len; i++)
    {
      const HeraldTemplatePart *part = g_ptr_array_index (parts->parts, i);

      if (part->kind != HERALD_PART_ATTACHMENT)
        continue;
      gtk_list_box_append (self->files_box, file_row (self, part));
      n++;
    }
  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No files are attached for everyone"));
      gtk_list_box_append (self->files_box, row);
    }
}

static void
show_field (HeraldAttachmentsDialog   *self,
            const HeraldTemplateParts *parts,
            const char * const        *list_fields)
{
  const char *field = parts->attach_fields->len > 0 ? g_ptr_array_index (parts->attach_fields, 0) : "";
  guint n, selected = 0;

  g_free (self->field);
  self->field = g_strdup (field);
  g_strfreev (self->more_fields);
  self->more_fields = g_new0 (char *, MAX (parts->attach_fields->len, 1));
  for (guint i = 1; i < parts->attach_fields->len; i++)
    self->more_fields[i - 1] = g_strdup (g_ptr_array_index (parts->attach_fields, i));
  g_free (self->folder);
  self->folder = g_strdup (parts->attach_folder);

  self->loading = TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->field_names));
  gtk_string_list_splice (self->field_names, 1, n - 1, NULL);
  for (guint i = 0; list_fields != NULL && list_fields[i] != NULL; i++)
    {
      gtk_string_list_append (self->field_names, list_fields[i]);
      if (g_str_equal (list_fields[i], field))
        selected = i + 1;
    }
  /* A field this list lacks stays shown: the check says so. */
  if (*field != '\0' && selected == 0)
    {
      gtk_string_list_append (self->field_names, field);
      selected = g_list_model_get_n_items (G_LIST_MODEL (self->field_names)) - 1;
    }
  adw_combo_row_set_selected (self->field_row, selected);
  self->loading = FALSE;

  adw_action_row_set_subtitle (self->folder_row,
                               self->folder != NULL ? self->folder
                               : _("None: the field holds each file’s full path"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_folder_button), self->folder != NULL);
}

static void
show_state (HeraldAttachmentsDialog *self,
            Job                     *job)
{
  if (job->change_error != NULL)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (job->change_error->message));
  show_files (self, job->parts);
  show_field (self, job->parts, (const char * const *) job->list_fields);

  gtk_widget_remove_css_class (GTK_WIDGET (self->check_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->check_label), "success");
  if (self->list_id <= 0)
    gtk_label_set_text (self->check_label, _("Choose an address list in the preview to check its recipients’ files."));
  else if (job->check == NULL)
    gtk_label_set_text (self->check_label, _("No field is chosen: recipients get only the files for everyone."));
  else
    {
      /* TRANSLATORS: first %s is a list's name, then the check's result */
      g_autofree char *text = g_strdup_printf (_("%s: %s"), self->list_name, job->check);

      gtk_label_set_text (self->check_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->check_label), job->check_bad ? "error" : "success");
    }

  /* The undo of a removal: the removed file, kept in the toast. */
  if (job->op == OP_REMOVE && job->part != NULL)
    {
      AdwToast *toast;
      /* TRANSLATORS: a toast; %s is a file name */
      g_autofree char *title = g_strdup_printf (_("“%s” is no longer attached"), job->part->filename);

      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      g_object_set_data_full (G_OBJECT (toast), "part", g_steal_pointer (&job->part),
                              (GDestroyNotify) herald_template_part_free);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_cb), self, 0);
      adw_toast_overlay_add_toast (self->toasts, toast);
    }
}

/* ---- what the user does ------------------------------------------------------- */

static void
on_undo_cb (AdwToast                *toast,
            HeraldAttachmentsDialog *self)
{
  Job *job = g_new0 (Job, 1);

  job->op = OP_UNDO;
  job->part = herald_template_part_copy (g_object_get_data (G_OBJECT (toast), "part"));
  run (self, job);
}

static void
on_remove_clicked_cb (GtkButton               *button,
                      HeraldAttachmentsDialog *self)
{
  Job *job = g_new0 (Job, 1);

  job->op = OP_REMOVE;
  job->filename = g_strdup (g_object_get_data (G_OBJECT (button), "filename"));
  run (self, job);
}

static GStrv
chosen_paths (GtkFileChooser *chooser)
{
  g_autoptr(GListModel) files = gtk_file_chooser_get_files (chooser);
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        g_strv_builder_add (paths, path);
    }
  return g_strv_builder_end (paths);
}

/* The per-recipient field (NULL: none), its files in @folder (NULL: where
 * the list's values say); the fields after it are kept. */
static void
set_field (HeraldAttachmentsDialog *self,
           const char              *field,
           const char              *folder)
{
  Job *job = g_new0 (Job, 1);

  job->op = OP_SET_FIELD;
  job->field = g_strdup (field != NULL ? field : "");
  job->more_fields = g_strdupv (self->more_fields);
  job->folder = g_strdup (folder);
  run (self, job);
}

/* The chooser of files for everyone, or of the recipients' folder. */
static void
on_chosen_cb (GtkNativeDialog         *chooser,
              int                      response,
              HeraldAttachmentsDialog *self)
{
  gboolean folder = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER;
  g_auto(GStrv) paths = NULL;
  Job *job;

  if (response == GTK_RESPONSE_ACCEPT)
    paths = chosen_paths (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (paths == NULL || paths[0] == NULL)
    return;
  if (folder)
    {
      /* Under Flatpak, the portal's path, kept as it is (see above). */
      set_field (self, self->field, paths[0]);
      return;
    }
  job = g_new0 (Job, 1);
  job->op = OP_ADD;
  job->paths = g_steal_pointer (&paths);
  run (self, job);
}

static void
open_chooser (HeraldAttachmentsDialog *self,
              gboolean                 folder)
{
  GtkFileChooserNative *native;

  if (self->chooser != NULL)
    return;
  native = gtk_file_chooser_native_new (folder ? _("Choose the Folder of the Recipients’ Files")
                                               : _("Attach Files for Everyone"),
                                        GTK_WINDOW (self),
                                        folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        folder ? _("_Select") : _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), !folder);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (folder && self->folder != NULL)
    {
      g_autoptr(GFile) current = g_file_new_for_path (self->folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), current, NULL);
    }
  g_signal_connect (native, "response", G_CALLBACK (on_chosen_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (native);
  gtk_native_dialog_show (self->chooser);
}

static void
on_add_clicked_cb (HeraldAttachmentsDialog *self)
{
  open_chooser (self, FALSE);
}

static void
on_choose_folder_clicked_cb (HeraldAttachmentsDialog *self)
{
  open_chooser (self, TRUE);
}

static void
on_clear_folder_clicked_cb (HeraldAttachmentsDialog *self)
{
  set_field (self, self->field, NULL);
}

static void
on_field_selected_cb (HeraldAttachmentsDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->field_row);

  if (self->loading || selected == GTK_INVALID_LIST_POSITION)
    return;
  set_field (self, selected == 0 ? NULL : gtk_string_list_get_string (self->field_names, selected), self->folder);
}

/* ---- the widgets -------------------------------------------------------------- */

/* No mnemonic: GTK 4.8 would name the button twice (its label and the
 * label it is labelled by). */
static GtkWidget *
labelled_button (const char *label)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return button;
}

static GtkWidget *
build_everyone (HeraldAttachmentsDialog *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *add = labelled_button (_("Add Files…"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Files for Everyone"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Attached to every message, as they are now: changing a file later changes nothing."));
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (on_add_clicked_cb), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);
  self->files_box = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->files_box, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->files_box), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->files_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Files for everyone"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->files_box));
  return group;
}

static GtkWidget *
build_own (HeraldAttachmentsDialog *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *choose = labelled_button (_("Choose Folder…"));
  GtkWidget *clear = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  const char *none[] = { _("None"), NULL };

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Each Recipient’s Own File"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("A column of the list naming a file for each recipient, such as an invoice, read when the message is sent."));

  self->field_names = gtk_string_list_new (none);
  self->field_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->field_row), _("_Field"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->field_row), TRUE);
  adw_combo_row_set_model (self->field_row, G_LIST_MODEL (self->field_names));
  g_signal_connect_swapped (self->field_row, "notify::selected", G_CALLBACK (on_field_selected_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->field_row));

  self->folder_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->folder_row), _("Folder"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->folder_row), FALSE);
  g_signal_connect_swapped (choose, "clicked", G_CALLBACK (on_choose_folder_clicked_cb), self);
  gtk_widget_set_valign (clear, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (clear, "flat");
  gtk_widget_set_tooltip_text (clear, _("Use full paths only"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (clear), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Forget the folder"), -1);
  g_signal_connect_swapped (clear, "clicked", G_CALLBACK (on_clear_folder_clicked_cb), self);
  self->clear_folder_button = GTK_BUTTON (clear);
  adw_action_row_add_suffix (self->folder_row, choose);
  adw_action_row_add_suffix (self->folder_row, clear);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->folder_row));

  self->check_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->check_label, TRUE);
  gtk_label_set_xalign (self->check_label, 0);
  gtk_label_set_selectable (self->check_label, FALSE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->check_label), 12);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->check_label));
  return group;
}

static void
herald_attachments_dialog_dispose (GObject *object)
{
  HeraldAttachmentsDialog *self = HERALD_ATTACHMENTS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (herald_attachments_dialog_parent_class)->dispose (object);
}

static void
herald_attachments_dialog_finalize (GObject *object)
{
  HeraldAttachmentsDialog *self = HERALD_ATTACHMENTS_DIALOG (object);

  g_free (self->template_name);
  g_free (self->list_name);
  g_free (self->field);
  g_strfreev (self->more_fields);
  g_free (self->folder);
  G_OBJECT_CLASS (herald_attachments_dialog_parent_class)->finalize (object);
}

static void
herald_attachments_dialog_class_init (HeraldAttachmentsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_attachments_dialog_dispose;
  object_class->finalize = herald_attachments_dialog_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
herald_attachments_dialog_init (HeraldAttachmentsDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_preferences_page_new ();

  self->cancellable = g_cancellable_new ();
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 620);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (build_everyone (self)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (build_own (self)));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));
}

/**
 * herald_attachments_dialog_new:
 * @list_id: the list the preview shows, whose files are checked (0: none)
 *
 * Opens the attachments of a saved template. Changes are stored at once.
 */
HeraldAttachmentsDialog *
herald_attachments_dialog_new (GtkWindow     *parent,
                               HeraldSession *session,
                               gint64         template_id,
                               const char    *template_name,
                               gint64         list_id,
                               const char    *list_name)
{
  HeraldAttachmentsDialog *self = g_object_new (HERALD_TYPE_ATTACHMENTS_DIALOG, NULL);
  /* TRANSLATORS: the attachments dialog's title; %s is a template's name */
  g_autofree char *title = g_strdup_printf (_("Attachments of “%s”"), template_name);
  Job *job = g_new0 (Job, 1);

  self->session = g_object_ref (session);
  self->template_id = template_id;
  self->template_name = g_strdup (template_name);
  self->list_id = list_id;
  self->list_name = g_strdup (list_name != NULL ? list_name : "");
  gtk_window_set_title (GTK_WINDOW (self), title);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  job->op = OP_LOAD;
  run (self, job);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}
