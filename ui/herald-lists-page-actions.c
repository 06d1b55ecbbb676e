/* herald-lists-page-actions.c — changing the contacts of the lists page
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Edit a field in place, add a contact, delete (with undo), unsubscribe,
 * suppress, record the consent of and export the selected contacts. Each change runs through the
 * engine in the session's thread (run_store_job); the UI thread never
 * touches the store.
 */
#define G_LOG_DOMAIN "herald-lists-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-consent.h"
#include "herald-contact-item.h"
#include "herald-list-store.h"
#include "herald-lists-page-private.h"
#include "herald-segment-editor.h"
#include "herald-window.h"

/* ---- running engine calls in the session ------------------------------- */

typedef gboolean (*StoreFunc) (HeraldStore  *store,
                               gpointer      data,
                               GError      **error);
typedef void     (*StoreDone) (HeraldListsPage *self,
                               gpointer         data,
                               const GError    *error);

typedef struct
{
  StoreFunc       func;
  StoreDone       done;
  gpointer        data;
  GDestroyNotify  destroy;
} StoreJob;

static void
store_job_free (StoreJob *job)
{
  if (job->destroy != NULL)
    job->destroy (job->data);
  g_free (job);
}

static gboolean
store_job_run (HeraldStore   *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  StoreJob *job = data;

  return job->func (store, job->data, error);
}

static void
on_store_job_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(HeraldListsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  StoreJob *job = NULL;

  herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (job->done != NULL)
    job->done (self, job->data, error);
  else if (error != NULL)
    lists_page_add_toast (self, error->message);
}

/* An export reads the whole list: on a connection of its own
 * (@own_store), the page's other reads do not wait for it. */
static void
run_store_job_full (HeraldListsPage *self,
                    gboolean         own_store,
                    StoreFunc        func,
                    StoreDone        done,
                    gpointer         data,
                    GDestroyNotify   destroy)
{
  StoreJob *job = g_new0 (StoreJob, 1);

  job->func = func;
  job->done = done;
  job->data = data;
  job->destroy = destroy;
  herald_session_run_async (self->session,
                            own_store ? HERALD_SESSION_JOB_OWN_STORE : HERALD_SESSION_JOB_SHARED,
                            store_job_run, job, (GDestroyNotify) store_job_free,
                            self->lists_cancellable, on_store_job_done_cb, g_object_ref (self));
}

static void
run_store_job (HeraldListsPage *self,
               StoreFunc        func,
               StoreDone        done,
               gpointer         data,
               GDestroyNotify   destroy)
{
  run_store_job_full (self, FALSE, func, done, data, destroy);
}

/* What lists.unsubscribe, lists.suppress, lists.consent-declined and
 * lists.consent-given do to each selected contact. */
typedef enum
{
  MARK_UNSUBSCRIBE,
  MARK_SUPPRESS,
  MARK_CONSENT_DECLINED,
  MARK_CONSENT_GIVEN,
} Mark;

/* What the engine calls below work on: the list and some contacts. */
typedef struct
{
  gint64     list_id;
  GArray    *contact_ids;   /* gint64 */
  GPtrArray *removed;       /* HeraldListRemoved, for undo */
  char      *field;
  char      *value;
  char      *address;
  GStrv      names;
  GStrv      values;
  GFile     *file;
  gint64     count;
  Mark       mark;
  gpointer   widget;        /* a cell's GtkLabel or a dialog, owned */
  HeraldContactItem *item;
  guint      field_index;
} Change;

static Change *
change_new (HeraldListsPage *self)
{
  Change *change = g_new0 (Change, 1);

  change->list_id = self->list_id;
  change->contact_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return change;
}

static void
change_free (Change *change)
{
  g_array_unref (change->contact_ids);
  g_clear_pointer (&change->removed, g_ptr_array_unref);
  g_free (change->field);
  g_free (change->value);
  g_free (change->address);
  g_strfreev (change->names);
  g_strfreev (change->values);
  g_clear_object (&change->file);
  g_clear_object (&change->widget);
  g_clear_object (&change->item);
  g_free (change);
}

static void
reload_contacts (HeraldListsPage *self)
{
  if (self->model != NULL)
    herald_contact_model_reload (self->model);
}

/* ---- selection ---------------------------------------------------------- */

/* The contact ids of the selected rows that have been read (a placeholder
 * has no id yet); FALSE when too many are selected. */
static gboolean
collect_selected (HeraldListsPage *self,
                  GArray          *ids)
{
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  if (self->selection == NULL)
    return TRUE;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_get_size (selected) > MAX_SELECTED)
    return FALSE;
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok; ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(HeraldContactItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
      gint64 id = item != NULL ? herald_contact_item_get_contact_id (item) : 0;

      if (id > 0)
        g_array_append_val (ids, id);
    }
  return TRUE;
}

void
lists_page_update_actions (HeraldListsPage *self)
{
  gboolean has_list = self->model != NULL;
  gboolean has_selection = FALSE;

  if (self->selection != NULL)
    {
      g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
      has_selection = !gtk_bitset_is_empty (selected);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lists.import", self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lists.add-contact", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lists.export", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lists.new-segment", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lists.undo-import", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lists.rename-list", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lists.duplicate-list", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lists.delete-list", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lists.delete", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lists.unsubscribe", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lists.suppress", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lists.consent-declined", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lists.consent-given", has_selection);
}

static Change *
change_for_selection (HeraldListsPage *self)
{
  Change *change = change_new (self);

  if (!collect_selected (self, change->contact_ids))
    {
      g_autofree char *max = lists_page_format_count (MAX_SELECTED);
      g_autofree char *message = NULL;

      /* TRANSLATORS: %s is e.g. "10,000" */
      message = g_strdup_printf (_("Select at most %s contacts at a time."), max);
      lists_page_add_toast (self, message);
      change_free (change);
      return NULL;
    }
  if (change->contact_ids->len == 0)
    {
      change_free (change);
      return NULL;
    }
  return change;
}

/* ---- delete, with undo ------------------------------------------------- */

static gboolean
restore_func (HeraldStore  *store,
              gpointer      data,
              GError      **error)
{
  Change *change = data;

  return herald_list_store_restore (store, change->list_id, change->removed, error);
}

static void
restore_done (HeraldListsPage *self,
              gpointer         data,
              const GError    *error)
{
  if (error != NULL)
    lists_page_add_toast (self, error->message);
  reload_contacts (self);
}

static void
on_undo_clicked_cb (AdwToast *toast,
                    gpointer  user_data)
{
  HeraldListsPage *self = g_object_get_data (G_OBJECT (toast), "page");
  Change *change = g_object_steal_data (G_OBJECT (toast), "change");

  if (self != NULL && change != NULL)
    run_store_job (self, restore_func, restore_done, change, (GDestroyNotify) change_free);
}

static gboolean
delete_func (HeraldStore  *store,
             gpointer      data,
             GError      **error)
{
  Change *change = data;

  change->removed = herald_list_store_remove (store, change->list_id,
                                              (const gint64 *) change->contact_ids->data,
                                              change->contact_ids->len, error);
  return change->removed != NULL;
}

static void
delete_done (HeraldListsPage *self,
             gpointer         data,
             const GError    *error)
{
  Change *change = data;
  Change *undo;
  g_autoptr(AdwToast) toast = NULL;
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;

  if (error != NULL)
    {
      lists_page_add_toast (self, error->message);
      return;
    }
  reload_contacts (self);

  /* The toast keeps what is needed to put the rows back. */
  undo = change_new (self);
  undo->list_id = change->list_id;
  undo->removed = g_steal_pointer (&change->removed);
  count = lists_page_format_count (undo->removed->len);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Removed %s contact from the list",
                                        "Removed %s contacts from the list", undo->removed->len),
                           count);
  toast = adw_toast_new (title);
  /* TRANSLATORS: button on the toast after contacts were removed */
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "change", undo, (GDestroyNotify) change_free);
  g_object_set_data_full (G_OBJECT (toast), "page", g_object_ref (self), g_object_unref);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), NULL);
  if (HERALD_IS_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))))
    herald_window_add_toast (HERALD_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                             g_steal_pointer (&toast));
}

void
lists_page_delete_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  HeraldListsPage *self = HERALD_LISTS_PAGE (widget);
  Change *change = change_for_selection (self);

  if (change != NULL)
    run_store_job (self, delete_func, delete_done, change, (GDestroyNotify) change_free);
}

/* ---- unsubscribe, suppress and consent ---------------------------------- */

/* One engine call a contact, then the list is read again and a toast
 * counts them. */
static const struct
{
  const char *action;
  Mark        mark;
} mark_actions[] = {
  { "lists.unsubscribe", MARK_UNSUBSCRIBE },
  { "lists.suppress", MARK_SUPPRESS },
  { "lists.consent-declined", MARK_CONSENT_DECLINED },
  { "lists.consent-given", MARK_CONSENT_GIVEN },
};

static gboolean
mark_contact (HeraldStore  *store,
              Mark          mark,
              gint64        list_id,
              gint64        contact_id,
              GError      **error)
{
  switch (mark)
    {
    case MARK_UNSUBSCRIBE:
      return herald_list_store_unsubscribe (store, list_id, contact_id, error);
    case MARK_SUPPRESS:
      return herald_list_store_suppress (store, list_id, contact_id, error);
    case MARK_CONSENT_DECLINED:
      return herald_consent_set_for_contact (store, contact_id, HERALD_CONSENT_ANSWER_DECLINED,
                                             0, NULL, error);
    case MARK_CONSENT_GIVEN:
      return herald_consent_set_for_contact (store, contact_id, HERALD_CONSENT_ANSWER_GIVEN,
                                             0, NULL, error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
mark_func (HeraldStore  *store,
           gpointer      data,
           GError      **error)
{
  Change *change = data;

  for (guint i = 0; i < change->contact_ids->len; i++)
    if (!mark_contact (store, change->mark, change->list_id,
                       g_array_index (change->contact_ids, gint64, i), error))
      return FALSE;
  return TRUE;
}

/* The toast after @n contacts were marked; @count is @n written out. */
static char *
mark_title (Mark        mark,
            guint       n,
            const char *count)
{
  switch (mark)
    {
    case MARK_UNSUBSCRIBE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Unsubscribed %s contact",
                                           "Unsubscribed %s contacts", n), count);
    case MARK_SUPPRESS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Suppressed %s address",
                                           "Suppressed %s addresses", n), count);
    case MARK_CONSENT_DECLINED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s person declined marketing mail: never mailed",
                                           "%s people declined marketing mail: never mailed",
                                           n), count);
    case MARK_CONSENT_GIVEN:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s person agreed to marketing mail: recorded",
                                           "%s people agreed to marketing mail: recorded",
                                           n), count);
    default:
      g_assert_not_reached ();
    }
}

static void
mark_done (HeraldListsPage *self,
           gpointer         data,
           const GError    *error)
{
  Change *change = data;
  g_autofree char *count = lists_page_format_count (change->contact_ids->len);
  g_autofree char *title = NULL;

  reload_contacts (self);
  if (error != NULL)
    {
      lists_page_add_toast (self, error->message);
      return;
    }
  title = mark_title (change->mark, change->contact_ids->len, count);
  g_object_unref (lists_page_add_toast (self, title));
}

static void
mark_selection (HeraldListsPage *self,
                const char      *action_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (mark_actions); i++)
    if (g_str_equal (action_name, mark_actions[i].action))
      {
        Change *change = change_for_selection (self);

        if (change == NULL)
          return;
        change->mark = mark_actions[i].mark;
        run_store_job (self, mark_func, mark_done, change, (GDestroyNotify) change_free);
        return;
      }
  g_return_if_reached ();
}

/* lists.unsubscribe, lists.suppress */
void
lists_page_unsubscribe_activated (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  mark_selection (HERALD_LISTS_PAGE (widget), action_name);
}

/* lists.consent-declined, lists.consent-given: the selected people's
 * consent record, as with `herald-cli contact consent --declined|--given`
 * (a contact is one person across all lists). */
void
lists_page_consent_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  mark_selection (HERALD_LISTS_PAGE (widget), action_name);
}

/* ---- export ----------------------------------------------------------- */

static gboolean
export_func (HeraldStore  *store,
             gpointer      data,
             GError      **error)
{
  Change *change = data;

  change->count = herald_list_store_export (store, change->list_id, change->file, NULL, error);
  return change->count >= 0;
}

static void
export_done (HeraldListsPage *self,
             gpointer         data,
             const GError    *error)
{
  Change *change = data;
  g_autofree char *count = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  if (error != NULL)
    {
      lists_page_add_toast (self, error->message);
      return;
    }
  count = lists_page_format_count (change->count);
  name = g_file_get_basename (change->file);
  /* TRANSLATORS: the first %s is a number, the second a file name */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %s contact to “%s”",
                                        "Exported %s contacts to “%s”", (gulong) change->count),
                           count, name);
  g_object_unref (lists_page_add_toast (self, title));
}

static void
on_export_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       gpointer         user_data)
{
  g_autoptr(HeraldListsPage) self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      self->model != NULL)
    {
      Change *change = change_new (self);

      change->file = g_steal_pointer (&file);
      run_store_job_full (self, TRUE, export_func, export_done, change, (GDestroyNotify) change_free);
    }
  g_object_unref (chooser);
}

void
lists_page_export_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  HeraldListsPage *self = HERALD_LISTS_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  chooser = gtk_file_chooser_native_new (_("Export List"), lists_page_parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  name = g_strdup_printf ("%s.csv", self->list_name != NULL ? self->list_name : "contacts");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- a segment of the list ---------------------------------------------- */

static void
on_segment_saved_cb (HeraldSegmentEditor *editor,
                     const char          *name,
                     HeraldListsPage     *self)
{
  g_autofree char *text = NULL;

  /* TRANSLATORS: a toast; %s is the segment's name */
  text = g_strdup_printf (_("Segment “%s” saved: choose it in a new campaign."), name);
  lists_page_add_toast (self, text);
}

void
lists_page_new_segment_activated (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  HeraldListsPage *self = HERALD_LISTS_PAGE (widget);
  HeraldSegmentEditor *editor;

  if (self->session == NULL || self->list_id <= 0)
    return;
  editor = herald_segment_editor_new (lists_page_parent_window (self), self->session,
                                      self->list_id, self->list_name);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_segment_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

/* ---- add a contact ------------------------------------------------------ */

static gboolean
add_func (HeraldStore  *store,
          gpointer      data,
          GError      **error)
{
  Change *change = data;

  return herald_list_store_add (store, change->list_id, change->address,
                                (const char * const *) change->names,
                                (const char * const *) change->values, error) > 0;
}

static void
add_done (HeraldListsPage *self,
          gpointer         data,
          const GError    *error)
{
  Change *change = data;
  GtkWidget *dialog = change->widget;

  if (error != NULL)
    {
      gtk_label_set_text (g_object_get_data (G_OBJECT (dialog), "error-label"), error->message);
      gtk_widget_set_sensitive (dialog, TRUE);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  reload_contacts (self);
  g_object_unref (lists_page_add_toast (self, _("Contact added")));
}

static void
on_add_confirmed_cb (GtkWidget *button,
                     gpointer   user_data)
{
  HeraldListsPage *self = user_data;
  GtkWidget *dialog = GTK_WIDGET (gtk_widget_get_root (button));
  GPtrArray *entries = g_object_get_data (G_OBJECT (dialog), "entries");
  const char * const *fields;
  Change *change;
  guint n;

  if (self->model == NULL)
    return;
  fields = herald_contact_model_get_fields (self->model);
  n = g_strv_length ((char **) fields);
  change = change_new (self);
  change->address = g_strdup (gtk_editable_get_text (g_ptr_array_index (entries, 0)));
  change->names = g_strdupv ((char **) fields);
  change->values = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    change->values[i] = g_strdup (gtk_editable_get_text (g_ptr_array_index (entries, i + 1)));
  change->widget = g_object_ref (dialog);
  gtk_widget_set_sensitive (dialog, FALSE);
  run_store_job (self, add_func, add_done, change, (GDestroyNotify) change_free);
}

static GtkWidget *
add_entry_row (GtkGrid    *grid,
               int         row,
               const char *title,
               GPtrArray  *entries)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, entry, 1, row, 1, 1);
  g_ptr_array_add (entries, entry);
  return entry;
}

void
lists_page_add_contact_activated (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  HeraldListsPage *self = HERALD_LISTS_PAGE (widget);
  GtkWidget *dialog = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *error_label = gtk_label_new (NULL);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add"));
  GPtrArray *entries = g_ptr_array_new ();
  const char * const *fields;

  if (self->model == NULL)
    return;
  fields = herald_contact_model_get_fields (self->model);

  gtk_window_set_title (GTK_WINDOW (dialog), _("Add Contact"));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), lists_page_parent_window (self));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 420, -1);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  /* TRANSLATORS: label of the address entry when adding a contact */
  gtk_widget_grab_focus (add_entry_row (GTK_GRID (grid), 0, _("Email address"), entries));
  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    add_entry_row (GTK_GRID (grid), i + 1, fields[i], entries);
  g_object_set_data_full (G_OBJECT (dialog), "entries", entries, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (dialog), "error-label", error_label);

  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_add_css_class (add, "suggested-action");
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), cancel);
  gtk_box_append (GTK_BOX (buttons), add);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), grid);
  gtk_box_append (GTK_BOX (box), error_label);
  gtk_box_append (GTK_BOX (box), buttons);
  for (GtkWidget *w = grid; w != NULL; w = w == grid ? error_label : w == error_label ? buttons : NULL)
    {
      gtk_widget_set_margin_start (w, 18);
      gtk_widget_set_margin_end (w, 18);
    }
  gtk_widget_set_margin_bottom (buttons, 18);
  adw_window_set_content (ADW_WINDOW (dialog), box);
  gtk_window_set_default_widget (GTK_WINDOW (dialog), add);

  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), dialog);
  g_signal_connect_object (add, "clicked", G_CALLBACK (on_add_confirmed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- inline edit -------------------------------------------------------- */

static gboolean
set_field_func (HeraldStore  *store,
                gpointer      data,
                GError      **error)
{
  Change *change = data;

  return herald_list_store_set_field (store, g_array_index (change->contact_ids, gint64, 0),
                                      change->field, change->value, error);
}

static void
set_field_done (HeraldListsPage *self,
                gpointer         data,
                const GError    *error)
{
  Change *change = data;

  if (error != NULL)
    {
      lists_page_add_toast (self, error->message);
      /* Show the value that is really stored, if the cell still shows this contact. */
      if (g_object_get_data (G_OBJECT (change->widget), "item") == (gpointer) change->item)
        lists_page_set_cell_text (change->widget, herald_contact_item_get_value (change->item, change->field_index));
      return;
    }
  herald_contact_item_set_value (change->item, change->field_index, change->value);
}

void
lists_page_cell_editing_cb (GtkEditableLabel *label,
                            GParamSpec       *pspec,
                            gpointer          user_data)
{
  HeraldContactItem *item = g_object_get_data (G_OBJECT (label), "item");
  guint index = GPOINTER_TO_UINT (user_data);
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (label), HERALD_TYPE_LISTS_PAGE);
  HeraldListsPage *self = page != NULL ? HERALD_LISTS_PAGE (page) : NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (label));
  const char * const *fields;
  Change *change;

  if (gtk_editable_label_get_editing (label) || item == NULL || self == NULL || self->model == NULL ||
      herald_contact_item_get_contact_id (item) <= 0 ||
      g_strcmp0 (text, herald_contact_item_get_value (item, index)) == 0)
    return;
  fields = herald_contact_model_get_fields (self->model);
  if (index >= g_strv_length ((char **) fields))
    return;

  change = change_new (self);
  g_array_append_vals (change->contact_ids, (gint64[]) { herald_contact_item_get_contact_id (item) }, 1);
  change->field = g_strdup (fields[index]);
  change->field_index = index;
  change->value = g_strdup (text);
  change->item = g_object_ref (item);
  change->widget = g_object_ref (g_object_get_data (G_OBJECT (label), "label"));
  run_store_job (self, set_field_func, set_field_done, change, (GDestroyNotify) change_free);
}
