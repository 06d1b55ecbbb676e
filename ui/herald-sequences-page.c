/* herald-sequences-page.c — step mail: the sequences and where they stand
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One group a sequence: its list, account and catch-up rule, who entered,
 * is in, finished and left; then its timeline: one row a step, in order,
 * marked with its day, with its time and template, what became of its
 * messages, and buttons to move it up or down, edit or remove it (their
 * dialogs and jobs: herald-sequences-page-edit.c). Read in the session's
 * threads (herald_sequence_list(), herald_sequence_get_status()) each
 * time the page is shown or changed: runs of `herald-cli sequence
 * run-due` change it from outside.
 */
#define G_LOG_DOMAIN "herald-sequences-page"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "herald-account.h"
#include "herald-page-read.h"
#include "herald-sequences-page-private.h"
#include "herald-templates.h"
#include "herald-time-of-day.h"

G_DEFINE_FINAL_TYPE (HeraldSequencesPage, herald_sequences_page, ADW_TYPE_BIN)

/* What a reading of the store brings back. */
typedef struct
{
  GPtrArray *sequences;   /* HeraldSequence */
  GPtrArray *statuses;    /* HeraldSequenceStatus, one a sequence */
  GPtrArray *templates;
  GPtrArray *lists;
  GPtrArray *accounts;
} SequencesRead;

static void
sequences_read_free (SequencesRead *reading)
{
  g_clear_pointer (&reading->sequences, g_ptr_array_unref);
  g_clear_pointer (&reading->statuses, g_ptr_array_unref);
  g_clear_pointer (&reading->templates, g_ptr_array_unref);
  g_clear_pointer (&reading->lists, g_ptr_array_unref);
  g_clear_pointer (&reading->accounts, g_ptr_array_unref);
  g_free (reading);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SequencesRead, sequences_read_free)

static gpointer
read_sequences (HeraldStore  *store,
                GError      **error)
{
  g_autoptr(SequencesRead) reading = g_new0 (SequencesRead, 1);

  if ((reading->sequences = herald_sequence_list (store, error)) == NULL ||
      (reading->templates = herald_templates_list (store, error)) == NULL ||
      (reading->lists = herald_store_dup_lists (store, error)) == NULL ||
      (reading->accounts = herald_account_list (store, error)) == NULL)
    return NULL;
  reading->statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_sequence_status_free);
  for (guint i = 0; i < reading->sequences->len; i++)
    {
      HeraldSequenceStatus *status = herald_sequence_get_status (store, g_ptr_array_index (reading->sequences, i), error);

      if (status == NULL)
        return NULL;
      g_ptr_array_add (reading->statuses, status);
    }
  return g_steal_pointer (&reading);
}

/* The step's title: "Day 3 at 10:00 · Welcome guide". */
static char *
step_title (const HeraldSequenceStep *step)
{
  if (step->at_minute >= 0)
    {
      g_autofree char *time = herald_time_of_day_format (step->at_minute);
      /* TRANSLATORS: a sequence step: the day after joining, the time of day, the template's name */
      return g_strdup_printf (_("Day %u at %s · %s"), step->day, time, step->template_name);
    }
  /* TRANSLATORS: a sequence step sent at the time of day the contact joined: the day, the template's name */
  return g_strdup_printf (_("Day %u · %s"), step->day, step->template_name);
}

static GtkWidget *
step_button (const char           *icon,
             const char           *action,
             const HeraldSequence *sequence,
             guint                 position,
             const char           *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(su)", sequence->name, position);
  return button;
}

/* The timeline's mark at the start of a step's row: its day. */
static GtkWidget *
day_mark (const HeraldSequenceStep *step)
{
  /* TRANSLATORS: the mark of a step on a sequence's timeline: the day after joining */
  g_autofree char *text = g_strdup_printf (_("Day %u"), step->day);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "sequence-day");
  gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_width_chars (GTK_LABEL (label), 7);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  return label;
}

static GtkWidget *
make_step_row (const HeraldSequence           *sequence,
               const HeraldSequenceStep       *step,
               const HeraldSequenceStepCounts *c)
{
  g_autofree char *title = step_title (step);
  g_autofree char *subtitle = NULL;
  g_autofree char *up = NULL, *down = NULL, *edit = NULL, *remove = NULL;
  GtkWidget *row = adw_action_row_new ();
  guint position = step->position;

  /* TRANSLATORS: what became of a sequence step's messages */
  subtitle = g_strdup_printf (_("%" PRIu64 " sent · %" PRIu64 " waiting · %" PRIu64 " failed · %"
                                PRIu64 " uncertain · %" PRIu64 " skipped"),
                              c->sent, c->pending, c->failed, c->uncertain, c->skipped);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), day_mark (step));

  /* TRANSLATORS: buttons of a sequence's step; %u is the step's number, %s the sequence's name */
  up = g_strdup_printf (_("Move step %u of “%s” earlier"), position, sequence->name);
  down = g_strdup_printf (_("Move step %u of “%s” later"), position, sequence->name);
  edit = g_strdup_printf (_("Edit step %u of “%s”"), position, sequence->name);
  remove = g_strdup_printf (_("Remove step %u of “%s”"), position, sequence->name);
  if (position > 1)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), step_button ("go-up-symbolic", "sequences.move-up",
                                                                  sequence, position, up));
  if (position < sequence->steps->len)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), step_button ("go-down-symbolic", "sequences.move-down",
                                                                  sequence, position, down));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), step_button ("document-edit-symbolic", "sequences.edit-step",
                                                                sequence, position, edit));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), step_button ("user-trash-symbolic", "sequences.remove-step",
                                                                sequence, position, remove));
  return row;
}

static GtkWidget *
make_group (const HeraldSequence       *sequence,
            const HeraldSequenceStatus *status)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *title = g_markup_escape_text (sequence->name, -1);
  g_autofree char *description = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *add_label = NULL;
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");

  /* TRANSLATORS: under a sequence's name: its list, its account, what it
   * does with steps missed while Herald did not run, then counts of contacts */
  description = g_strdup_printf (_("List “%s” · account “%s” · %s\n%" PRIu64 " entered · %" PRIu64 " in it · %"
                                   PRIu64 " finished · %" PRIu64 " left"),
                                 sequence->list_name, sequence->account_name,
                                 sequence->catch_up == HERALD_SEQUENCE_CATCH_UP_SKIP
                                 ? _("steps more than a day late are skipped")
                                 : _("missed steps are sent late"),
                                 status->entered, status->active, status->finished, status->left);
  escaped = g_markup_escape_text (description, -1);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), escaped);
  /* TRANSLATORS: the button that adds a step to the sequence %s */
  add_label = g_strdup_printf (_("Add a step to “%s”"), sequence->name);
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_tooltip_text (add, add_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL, add_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "sequences.add-step");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (add), "s", sequence->name);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);
  for (guint i = 0; i < sequence->steps->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               make_step_row (sequence, g_ptr_array_index (sequence->steps, i), &status->steps[i]));
  if (sequence->steps->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No steps yet: add the first with the + button."));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

static void
on_read_done (GtkWidget    *page,
              gpointer      result,
              const GError *error)
{
  HeraldSequencesPage *self = HERALD_SEQUENCES_PAGE (page);
  SequencesRead *reading = result;
  GtkWidget *child;

  if (error != NULL)
    {
      g_warning ("Reading the sequences: %s", error->message);
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->lists, g_ptr_array_unref);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  self->templates = g_steal_pointer (&reading->templates);
  self->lists = g_steal_pointer (&reading->lists);
  self->accounts = g_steal_pointer (&reading->accounts);
  for (guint i = 0; i < reading->sequences->len; i++)
    gtk_box_append (self->groups_box, make_group (g_ptr_array_index (reading->sequences, i),
                                                  g_ptr_array_index (reading->statuses, i)));
  gtk_stack_set_visible_child_name (self->stack, reading->sequences->len > 0 ? "list" : "empty");
  g_clear_pointer (&self->sequences, g_ptr_array_unref);
  self->sequences = g_steal_pointer (&reading->sequences);
}

/* The sequence of that name as last read, or NULL. */
const HeraldSequence *
sequences_page_find (HeraldSequencesPage *self,
                     const char          *name)
{
  for (guint i = 0; self->sequences != NULL && i < self->sequences->len; i++)
    {
      const HeraldSequence *sequence = g_ptr_array_index (self->sequences, i);

      if (g_str_equal (sequence->name, name))
        return sequence;
    }
  return NULL;
}

void
sequences_page_toast (HeraldSequencesPage *self,
                      const char          *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
sequences_page_reload (HeraldSequencesPage *self)
{
  herald_page_read (GTK_WIDGET (self), self->session, self->cancellable, &self->generation,
                    read_sequences, (GDestroyNotify) sequences_read_free, on_read_done);
}

static void
on_map_cb (HeraldSequencesPage *self)
{
  sequences_page_reload (self);
}

/**
 * herald_sequences_page_set_session:
 *
 * Gives the page the window's session; it reads the sequences when shown.
 */
void
herald_sequences_page_set_session (HeraldSequencesPage *self,
                                   HeraldSession       *session)
{
  g_return_if_fail (HERALD_IS_SEQUENCES_PAGE (self));

  g_set_object (&self->session, session);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    sequences_page_reload (self);
}

static void
herald_sequences_page_dispose (GObject *object)
{
  HeraldSequencesPage *self = HERALD_SEQUENCES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->sequences, g_ptr_array_unref);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->lists, g_ptr_array_unref);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  adw_bin_set_child (ADW_BIN (object), NULL);
  G_OBJECT_CLASS (herald_sequences_page_parent_class)->dispose (object);
}

static void
herald_sequences_page_class_init (HeraldSequencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_sequences_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-sequences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldSequencesPage, groups_box);
  gtk_widget_class_bind_template_child (widget_class, HeraldSequencesPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldSequencesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldSequencesPage, toast_overlay);

  gtk_widget_class_install_action (widget_class, "sequences.new", NULL, sequences_page_new_activated);
  gtk_widget_class_install_action (widget_class, "sequences.add-step", "s", sequences_page_add_step_activated);
  gtk_widget_class_install_action (widget_class, "sequences.edit-step", "(su)", sequences_page_edit_step_activated);
  gtk_widget_class_install_action (widget_class, "sequences.move-up", "(su)", sequences_page_move_activated);
  gtk_widget_class_install_action (widget_class, "sequences.move-down", "(su)", sequences_page_move_activated);
  gtk_widget_class_install_action (widget_class, "sequences.remove-step", "(su)", sequences_page_remove_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "sequences.new", NULL);
}

static void
herald_sequences_page_init (HeraldSequencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* GTK 4.8 names a button with a mnemonic twice; the .ui's name stays, once. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->new_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self, "map", G_CALLBACK (on_map_cb), self);
}
