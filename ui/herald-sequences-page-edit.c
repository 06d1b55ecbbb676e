/* herald-sequences-page-edit.c — making sequences and changing their steps from the window
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * New Sequence (a name, a list, an account, what to do with steps missed
 * while Herald did not run), Add Step and Edit Step (a template, a day,
 * optionally a time of day), moving a step up or down and removing one
 * (asked first). Each change is one call of the engine
 * (herald_sequence_add(), herald_sequence_add_step(),
 * herald_sequence_update_step(), herald_sequence_move_step(),
 * herald_sequence_remove_step()) in the session's thread; the engine's
 * refusal (a step out of order, a name taken) shows in the dialog, which
 * stays open to correct it. The page is read again after each change.
 */
#define G_LOG_DOMAIN "herald-sequences-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-account.h"
#include "herald-sequences-page-private.h"
#include "herald-templates.h"

typedef enum { EDIT_ADD_SEQUENCE, EDIT_ADD_STEP, EDIT_UPDATE_STEP, EDIT_MOVE_STEP, EDIT_REMOVE_STEP } EditOp;

typedef struct
{
  EditOp                 op;
  char                  *name;
  char                  *list;
  char                  *account;
  char                  *template_name;
  HeraldSequenceCatchUp  catch_up;
  guint                  position;
  guint                  to;
  guint                  day;
  int                    at_minute;
} EditJob;

static void
edit_job_free (gpointer data)
{
  EditJob *job = data;

  g_free (job->name);
  g_free (job->list);
  g_free (job->account);
  g_free (job->template_name);
  g_free (job);
}

static gboolean
edit_job (HeraldStore   *store,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  EditJob *job = data;
  HeraldSequenceStepPlan plan = { job->template_name, job->day, job->at_minute };

  switch (job->op)
    {
    case EDIT_ADD_SEQUENCE:
      return herald_sequence_add (store, job->name, job->list, job->account, job->catch_up, error) > 0;
    case EDIT_ADD_STEP:
      return herald_sequence_add_step (store, job->name, &plan, error) > 0;
    case EDIT_UPDATE_STEP:
      return herald_sequence_update_step (store, job->name, job->position, &plan, error);
    case EDIT_MOVE_STEP:
      return herald_sequence_move_step (store, job->name, job->position, job->to, error);
    case EDIT_REMOVE_STEP:
      return herald_sequence_remove_step (store, job->name, job->position, error);
    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  HeraldSequencesPage *page;
  GtkWidget           *dialog;   /* nullable: where an error shows */
} EditCall;

static void
on_edited_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  EditCall *call = user_data;
  g_autoptr(GError) error = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ;
      else if (call->dialog != NULL && gtk_widget_get_visible (call->dialog))
        {
          GtkLabel *label = g_object_get_data (G_OBJECT (call->dialog), "error-label");

          gtk_label_set_text (label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
          gtk_widget_set_sensitive (g_object_get_data (G_OBJECT (call->dialog), "save-button"), TRUE);
        }
      else
        sequences_page_toast (call->page, error->message);
    }
  else if (call->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (call->dialog));
  if (error == NULL || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    sequences_page_reload (call->page);
  g_clear_object (&call->dialog);
  g_object_unref (call->page);
  g_free (call);
}

static void
run_edit (HeraldSequencesPage *self,
          EditJob             *job,
          GtkWidget           *dialog)
{
  EditCall *call = g_new0 (EditCall, 1);

  call->page = g_object_ref (self);
  call->dialog = dialog != NULL ? g_object_ref (dialog) : NULL;
  if (dialog != NULL)
    gtk_widget_set_sensitive (g_object_get_data (G_OBJECT (dialog), "save-button"), FALSE);
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, edit_job, job, edit_job_free,
                            self->cancellable, on_edited_cb, call);
}

/* ---- a dialog of rows with Cancel and Save ------------------------------- */

typedef void (*SaveFunc) (HeraldSequencesPage *self,
                          GtkWidget           *dialog);

static void
on_save_clicked_cb (GtkWidget *button,
                    GtkWidget *dialog)
{
  SaveFunc save = g_object_get_data (G_OBJECT (dialog), "save-func");

  save (g_object_get_data (G_OBJECT (dialog), "page"), dialog);
}

static GtkWidget *
make_dialog (HeraldSequencesPage *self,
             const char          *title,
             const char          *save_label,
             SaveFunc             save,
             AdwPreferencesGroup **out_group)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *ok = gtk_button_new_with_label (save_label);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *error_label = gtk_label_new (NULL);
  GtkEventController *keys = gtk_shortcut_controller_new ();

  gtk_window_set_title (GTK_WINDOW (dialog), title);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 480, -1);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cancel"), -1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_widget_add_css_class (ok, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), ok);
  gtk_box_append (GTK_BOX (box), header);

  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  gtk_box_append (GTK_BOX (content), group);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (error_label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Why it cannot be saved"), -1);
  gtk_box_append (GTK_BOX (content), error_label);
  gtk_box_append (GTK_BOX (box), content);
  adw_window_set_content (ADW_WINDOW (dialog), box);

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0), gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (dialog, keys);

  g_object_set_data_full (G_OBJECT (dialog), "page", g_object_ref (self), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "save-func", save);
  g_object_set_data (G_OBJECT (dialog), "save-button", ok);
  g_object_set_data (G_OBJECT (dialog), "error-label", error_label);
  g_signal_connect (ok, "clicked", G_CALLBACK (on_save_clicked_cb), dialog);
  *out_group = ADW_PREFERENCES_GROUP (group);
  return dialog;
}

static AdwComboRow *
add_combo (AdwPreferencesGroup *group,
           const char          *title,
           GtkStringList       *model)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  g_object_unref (model);
  adw_preferences_group_add (group, row);
  return ADW_COMBO_ROW (row);
}

static GtkSpinButton *
add_spin (AdwPreferencesGroup *group,
          GtkWidget           *expander,
          const char          *title,
          const char          *subtitle,
          double               max,
          double               value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  if (expander != NULL)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
  else
    adw_preferences_group_add (group, row);
  return GTK_SPIN_BUTTON (spin);
}

static char *
selected_string (AdwComboRow *row)
{
  GObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (item))) : NULL;
}

static void
show_dialog_error (GtkWidget  *dialog,
                   const char *message)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (dialog), "error-label");

  gtk_label_set_text (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
}

/* ---- New Sequence --------------------------------------------------------- */

static void
save_sequence (HeraldSequencesPage *self,
               GtkWidget           *dialog)
{
  EditJob *job = g_new0 (EditJob, 1);

  job->op = EDIT_ADD_SEQUENCE;
  job->name = g_strstrip (g_strdup (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "name"))));
  job->list = selected_string (g_object_get_data (G_OBJECT (dialog), "list"));
  job->account = selected_string (g_object_get_data (G_OBJECT (dialog), "account"));
  job->catch_up = adw_combo_row_get_selected (g_object_get_data (G_OBJECT (dialog), "catch-up")) == 1
                  ? HERALD_SEQUENCE_CATCH_UP_SKIP : HERALD_SEQUENCE_CATCH_UP_SEND;
  if (*job->name == '\0' || job->list == NULL || job->account == NULL)
    {
      show_dialog_error (dialog, *job->name == '\0' ? _("Give the sequence a name first.")
                                                     : _("Choose a list and an account first."));
      edit_job_free (job);
      return;
    }
  run_edit (self, job, dialog);
}

void
sequences_page_new_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  HeraldSequencesPage *self = HERALD_SEQUENCES_PAGE (widget);
  AdwPreferencesGroup *group;
  GtkStringList *lists = gtk_string_list_new (NULL);
  GtkStringList *accounts = gtk_string_list_new (NULL);
  GtkStringList *rules = gtk_string_list_new (NULL);
  GtkWidget *dialog, *name;
  AdwComboRow *account_row;

  if (self->session == NULL || self->lists == NULL || self->accounts == NULL)
    return;
  /* TRANSLATORS: the title and the button of the dialog that makes a sequence */
  dialog = make_dialog (self, _("New Sequence"), _("Create"), save_sequence, &group);
  adw_preferences_group_set_description (group, _("Contacts who join the list from now on enter the sequence "
                                                  "and get its steps, each on its day."));
  name = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name), _("Sequence Name"));
  adw_preferences_group_add (group, name);
  for (guint i = 0; i < self->lists->len; i++)
    gtk_string_list_append (lists, ((HeraldListInfo *) g_ptr_array_index (self->lists, i))->name);
  for (guint i = 0; i < self->accounts->len; i++)
    gtk_string_list_append (accounts, ((HeraldAccount *) g_ptr_array_index (self->accounts, i))->name);
  gtk_string_list_append (rules, _("Send them late"));
  gtk_string_list_append (rules, _("Skip those more than a day late"));
  g_object_set_data (G_OBJECT (dialog), "name", name);
  g_object_set_data (G_OBJECT (dialog), "list", add_combo (group, _("List"), lists));
  account_row = add_combo (group, _("Account"), accounts);
  g_object_set_data (G_OBJECT (dialog), "account", account_row);
  g_object_set_data (G_OBJECT (dialog), "catch-up",
                     add_combo (group, _("Steps Missed While Herald Was Not Running"), rules));
  for (guint i = 0; i < self->accounts->len; i++)
    if (g_str_equal (((HeraldAccount *) g_ptr_array_index (self->accounts, i))->name, HERALD_OUTBOX_ACCOUNT) &&
        self->accounts->len > 1)
      adw_combo_row_set_selected (account_row, i == 0 ? 1 : 0);   /* a real account first */
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (name);
}

/* ---- Add Step, Edit Step --------------------------------------------------- */

static void
save_step (HeraldSequencesPage *self,
           GtkWidget           *dialog)
{
  EditJob *job = g_new0 (EditJob, 1);
  GObject *d = G_OBJECT (dialog);

  job->op = GPOINTER_TO_UINT (g_object_get_data (d, "position")) > 0 ? EDIT_UPDATE_STEP : EDIT_ADD_STEP;
  job->name = g_strdup (g_object_get_data (d, "sequence"));
  job->position = GPOINTER_TO_UINT (g_object_get_data (d, "position"));
  job->template_name = selected_string (g_object_get_data (d, "template"));
  job->day = (guint) gtk_spin_button_get_value_as_int (g_object_get_data (d, "day"));
  job->at_minute = -1;
  if (adw_expander_row_get_enable_expansion (g_object_get_data (d, "at")))
    job->at_minute = gtk_spin_button_get_value_as_int (g_object_get_data (d, "hour")) * 60 +
                     gtk_spin_button_get_value_as_int (g_object_get_data (d, "minute"));
  if (job->template_name == NULL)
    {
      show_dialog_error (dialog, _("Choose a template first: make one on the Templates page."));
      edit_job_free (job);
      return;
    }
  run_edit (self, job, dialog);
}

static void
open_step_dialog (HeraldSequencesPage      *self,
                  const char               *sequence,
                  const HeraldSequenceStep *step)
{
  AdwPreferencesGroup *group;
  GtkStringList *templates = gtk_string_list_new (NULL);
  g_autofree char *description = NULL;
  g_autofree char *escaped = NULL;
  GtkWidget *dialog, *at;
  AdwComboRow *template_row;
  guint selected = 0;

  if (self->templates == NULL)
    return;
  dialog = make_dialog (self, step != NULL ? _("Edit Step") : _("Add Step"),
                        step != NULL ? _("Save") : _("Add"), save_step, &group);
  if (step != NULL)
    /* TRANSLATORS: in the Edit Step dialog: the step's number, the sequence's name */
    description = g_strdup_printf (_("Step %u of “%s”. Its new day and time apply to the contacts it was not "
                                     "sent to yet."), step->position, sequence);
  else
    /* TRANSLATORS: in the Add Step dialog; %s is the sequence's name */
    description = g_strdup_printf (_("A step of “%s”, after the last one: a template sent a number of days "
                                     "after each contact joined."), sequence);
  escaped = g_markup_escape_text (description, -1);
  adw_preferences_group_set_description (group, escaped);
  for (guint i = 0; i < self->templates->len; i++)
    {
      const HeraldTemplateRecord *record = g_ptr_array_index (self->templates, i);

      gtk_string_list_append (templates, record->name);
      if (step != NULL && g_str_equal (record->name, step->template_name))
        selected = i;
    }
  template_row = add_combo (group, _("Template"), templates);
  adw_combo_row_set_selected (template_row, selected);
  g_object_set_data (G_OBJECT (dialog), "template", template_row);
  g_object_set_data (G_OBJECT (dialog), "day",
                     add_spin (group, NULL, _("Day"), _("Days after the contact joined; 0 is the day they joined"),
                               3650, step != NULL ? step->day : 0));
  at = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (at), _("At a Time of Day"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (at),
                                 _("Off: at the time of day the contact joined"));
  adw_expander_row_set_show_enable_switch (ADW_EXPANDER_ROW (at), TRUE);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (at), step != NULL && step->at_minute >= 0);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (at), step != NULL && step->at_minute >= 0);
  adw_preferences_group_add (group, at);
  g_object_set_data (G_OBJECT (dialog), "at", at);
  g_object_set_data (G_OBJECT (dialog), "hour",
                     add_spin (group, at, _("Hour"), NULL, 23, step != NULL && step->at_minute >= 0
                                                               ? step->at_minute / 60 : 9));
  g_object_set_data (G_OBJECT (dialog), "minute",
                     add_spin (group, at, _("Minute"), NULL, 59, step != NULL && step->at_minute >= 0
                                                                 ? step->at_minute % 60 : 0));
  g_object_set_data_full (G_OBJECT (dialog), "sequence", g_strdup (sequence), g_free);
  g_object_set_data (G_OBJECT (dialog), "position", GUINT_TO_POINTER (step != NULL ? step->position : 0));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
sequences_page_add_step_activated (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  open_step_dialog (HERALD_SEQUENCES_PAGE (widget), g_variant_get_string (parameter, NULL), NULL);
}

void
sequences_page_edit_step_activated (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  HeraldSequencesPage *self = HERALD_SEQUENCES_PAGE (widget);
  const HeraldSequence *sequence;
  const char *name;
  guint position;

  g_variant_get (parameter, "(&su)", &name, &position);
  if ((sequence = sequences_page_find (self, name)) == NULL || position < 1 || position > sequence->steps->len)
    return;
  open_step_dialog (self, name, g_ptr_array_index (sequence->steps, position - 1));
}

/* ---- moving and removing ---------------------------------------------------- */

void
sequences_page_move_activated (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  HeraldSequencesPage *self = HERALD_SEQUENCES_PAGE (widget);
  EditJob *job = g_new0 (EditJob, 1);
  const char *name;

  g_variant_get (parameter, "(&su)", &name, &job->position);
  job->op = EDIT_MOVE_STEP;
  job->name = g_strdup (name);
  job->to = g_str_equal (action_name, "sequences.move-up") ? job->position - 1 : job->position + 1;
  run_edit (self, job, NULL);
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       EditJob          *job)
{
  HeraldSequencesPage *self = g_object_get_data (G_OBJECT (dialog), "page");

  if (g_str_equal (response, "remove"))
    run_edit (self, g_steal_pointer (&job), NULL);
  else
    edit_job_free (job);
}

void
sequences_page_remove_activated (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  HeraldSequencesPage *self = HERALD_SEQUENCES_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  EditJob *job = g_new0 (EditJob, 1);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  const char *name;

  g_variant_get (parameter, "(&su)", &name, &job->position);
  job->op = EDIT_REMOVE_STEP;
  job->name = g_strdup (name);
  /* TRANSLATORS: the question before removing a step; %u is its number, %s the sequence's name */
  heading = g_strdup_printf (_("Remove Step %u of “%s”?"), job->position, name);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("Its messages not sent yet will not be sent; those sent stay in its "
                                     "report. The steps after it move up and follow the step before it."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "page", g_object_ref (self), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_remove_response_cb), job);
  gtk_window_present (GTK_WINDOW (dialog));
}
