/* herald-segment-editor.c — a saved segment of a list, with the count of who matches
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row a condition: a field (the list's own, then what Herald knows of
 * every contact: the address, the subscription, the suppression list,
 * consent, the day they joined), a comparison and a value. All of them or
 * any of them, saved under a name (herald_segment_save()).
 *
 * The number of contacts who match follows the editing: each change
 * (re)starts a short timer, and when it fires the conditions are counted
 * by the engine in the session's thread (herald_segment_count()); typing
 * never waits for it. Each count carries a serial number and only the
 * newest one asked for is shown: an answer that comes late for conditions
 * since changed is dropped. A condition still without its value is left
 * out of the count (and said so) until it has one; saving needs them all.
 * Herald's fields with known values (subscription, suppression, consent)
 * offer them in the user's words for "is" and "is not"; the segment keeps
 * the engine's keyword. A saved value none of them stays typed.
 *
 * Opened on a saved segment (herald_segment_editor_new_for()), it shows
 * that segment's rows, saves over it (herald_segment_update()) and can
 * remove it, after asking: the question names the unfinished campaigns
 * made with it and says that they keep the recipients they chose when
 * they were made (a campaign's deliveries are written then).
 */
#define G_LOG_DOMAIN "herald-segment-editor"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "herald-segment.h"
#include "herald-dialog.h"
#include "herald-segment-editor.h"

/* How long the count waits for typing to pause. */
#define COUNT_DELAY_MS 250

struct _HeraldSegmentEditor
{
  AdwWindow       parent_instance;

  /* template widgets */
  GtkListBox     *conditions_box;
  GtkLabel       *count_label;
  GtkLabel       *error_label;
  AdwPreferencesGroup *main_group;
  AdwComboRow    *match_row;
  AdwEntryRow    *name_row;
  GtkButton      *remove_button;
  GtkButton      *save_button;

  /* owned */
  HeraldSession  *session;
  GCancellable   *cancellable;
  char           *list_name;
  GStrv           fields;        /* the field names the rows offer, in order */
  GtkStringList  *field_labels;  /* what the rows show for them */
  GtkStringList  *op_labels;
  GPtrArray      *rows;          /* ConditionRow, in order */
  HeraldSegment  *original;      /* nullable: the saved segment being changed */
  gint64          list_id;
  guint           count_id;      /* the debounce timeout */
  guint           count_serial;  /* of the newest count asked for */
  guint           counts_done;   /* answers shown, for tests and timing */
  gboolean        saving;
};

G_DEFINE_FINAL_TYPE (HeraldSegmentEditor, herald_segment_editor, ADW_TYPE_WINDOW)

enum { SAVED, REMOVED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct
{
  GtkWidget   *row;     /* the GtkListBoxRow */
  GtkDropDown *field;
  GtkDropDown *op;
  GtkEntry    *value;
  GtkDropDown *choice;       /* the known values, shown instead of value */
  const struct ValueChoices *choices;   /* what choice offers, or NULL */
  gboolean     keep_entry;   /* a saved value none of the choices: typed */
  GtkButton   *remove;
} ConditionRow;

/* The values the engine knows for some of its fields, and their words. */
typedef struct ValueChoices
{
  const char *field;
  const char *values[5];
  const char *labels[5];
} ValueChoices;

static const ValueChoices value_choices[] = {
  /* TRANSLATORS: the values of a segment's condition on the subscription */
  { HERALD_SEGMENT_FIELD_SUBSCRIPTION, { "subscribed", "unsubscribed" },
    { N_("Subscribed"), N_("Unsubscribed") } },
  /* TRANSLATORS: why an address is on the suppression list, in a segment's condition */
  { HERALD_SEGMENT_FIELD_SUPPRESSION, { "bounced", "unsubscribed", "complaint", "manual" },
    { N_("Bounced"), N_("Unsubscribed"), N_("Marked as spam"), N_("Added by hand") } },
  /* TRANSLATORS: consent in a segment's condition: agreed, said no, nothing recorded */
  { HERALD_SEGMENT_FIELD_CONSENT, { "given", "declined", "unknown" },
    { N_("Given"), N_("Declined"), N_("No record") } },
};

/* The fields every contact has, after the list's own. */
static const struct { const char *name; const char *label; } builtin_fields[] = {
  { HERALD_SEGMENT_FIELD_EMAIL,        N_("Email address") },
  { HERALD_SEGMENT_FIELD_SUBSCRIPTION, N_("Subscription (subscribed, unsubscribed)") },
  { HERALD_SEGMENT_FIELD_SUPPRESSION,  N_("Suppression (bounced, unsubscribed, complaint, manual)") },
  { HERALD_SEGMENT_FIELD_CONSENT,      N_("Consent (given, declined, unknown)") },
  { HERALD_SEGMENT_FIELD_CONSENT_AT,   N_("Day consent was given") },
  { HERALD_SEGMENT_FIELD_JOINED,       N_("Day joined the list") },
};

/* In the order of HeraldSegmentOp. */
static const char * const op_labels[] = {
  N_("is"), N_("is not"), N_("contains"), N_("starts with"), N_("is empty"), N_("is not empty"),
  N_("is before"), N_("is after"), N_("is one of"),
};

static void schedule_count (HeraldSegmentEditor *self);

/* ---- the rows ------------------------------------------------------------ */

static gboolean
op_takes_value (HeraldSegmentOp op)
{
  return op != HERALD_SEGMENT_OP_EMPTY && op != HERALD_SEGMENT_OP_NOT_EMPTY;
}

static void
label_rows (HeraldSegmentEditor *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      ConditionRow *r = g_ptr_array_index (self->rows, i);
      g_autofree char *field = NULL, *op = NULL, *value = NULL, *remove = NULL;

      /* TRANSLATORS: accessible names of a segment condition's parts; %u is its number */
      field = g_strdup_printf (_("Field of condition %u"), i + 1);
      op = g_strdup_printf (_("Comparison of condition %u"), i + 1);
      value = g_strdup_printf (_("Value of condition %u"), i + 1);
      remove = g_strdup_printf (_("Remove condition %u"), i + 1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (r->field), GTK_ACCESSIBLE_PROPERTY_LABEL, field, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (r->op), GTK_ACCESSIBLE_PROPERTY_LABEL, op, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (r->value), GTK_ACCESSIBLE_PROPERTY_LABEL, value, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (r->choice), GTK_ACCESSIBLE_PROPERTY_LABEL, value, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (r->remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove, -1);
    }
}

/* The known values of the field at @index, or NULL: any text. */
static const ValueChoices *
choices_for (HeraldSegmentEditor *self,
             guint                index)
{
  if (self->fields == NULL || index >= g_strv_length (self->fields))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (value_choices); i++)
    if (g_str_equal (value_choices[i].field, self->fields[index]))
      return &value_choices[i];
  return NULL;
}

/* Which of @choices @value is (as the engine compares: trimmed, in any
 * case), or GTK_INVALID_LIST_POSITION. */
static guint
choice_index (const ValueChoices *choices,
              const char         *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value != NULL ? value : ""));

  for (guint i = 0; i < G_N_ELEMENTS (choices->values) && choices->values[i] != NULL; i++)
    if (g_ascii_strcasecmp (choices->values[i], trimmed) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* Whether the row's value is chosen (the drop-down) rather than typed. */
static gboolean
value_is_chosen (ConditionRow *r)
{
  HeraldSegmentOp op = gtk_drop_down_get_selected (r->op);

  return r->choices != NULL && !r->keep_entry &&
         (op == HERALD_SEGMENT_OP_EQUALS || op == HERALD_SEGMENT_OP_NOT_EQUALS);
}

/* The field changed: its known values to choose from, if it has any, the
 * one typed so far chosen if it is one of them. */
static void
update_value_choices (HeraldSegmentEditor *self,
                      ConditionRow        *r)
{
  const ValueChoices *choices = choices_for (self, gtk_drop_down_get_selected (r->field));
  g_autoptr(GtkStringList) labels = NULL;
  guint chosen;

  if (choices == r->choices)
    return;
  r->choices = choices;
  r->keep_entry = FALSE;
  if (choices == NULL)
    return;
  labels = gtk_string_list_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (choices->labels) && choices->labels[i] != NULL; i++)
    gtk_string_list_append (labels, _(choices->labels[i]));
  chosen = choice_index (choices, gtk_editable_get_text (GTK_EDITABLE (r->value)));
  gtk_drop_down_set_model (r->choice, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (r->choice, chosen != GTK_INVALID_LIST_POSITION ? chosen : 0);
}

static void
update_value_entry (ConditionRow *r)
{
  HeraldSegmentOp op = gtk_drop_down_get_selected (r->op);
  gboolean dates = op == HERALD_SEGMENT_OP_BEFORE || op == HERALD_SEGMENT_OP_AFTER;
  gboolean chosen = value_is_chosen (r);

  gtk_widget_set_visible (GTK_WIDGET (r->choice), chosen);
  gtk_widget_set_visible (GTK_WIDGET (r->value), !chosen);
  gtk_widget_set_sensitive (GTK_WIDGET (r->value), op_takes_value (op));
  gtk_entry_set_placeholder_text (r->value,
                                  dates ? _("2026/12/06 or 令和8年12月6日")
                                  : op == HERALD_SEGMENT_OP_IN ? _("values, separated by commas")
                                  : op_takes_value (op) ? _("value") : NULL);
}

static void
on_row_changed_cb (HeraldSegmentEditor *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      ConditionRow *r = g_ptr_array_index (self->rows, i);

      update_value_choices (self, r);
      update_value_entry (r);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  schedule_count (self);
}

static void
on_remove_clicked_cb (GtkButton           *button,
                      HeraldSegmentEditor *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      ConditionRow *r = g_ptr_array_index (self->rows, i);

      if (r->remove != button)
        continue;
      gtk_list_box_remove (self->conditions_box, r->row);
      g_ptr_array_remove_index (self->rows, i);
      break;
    }
  label_rows (self);
  on_row_changed_cb (self);
}

static ConditionRow *
add_row (HeraldSegmentEditor *self)
{
  ConditionRow *r = g_new0 (ConditionRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  r->field = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->field_labels)), NULL));
  r->op = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->op_labels)), NULL));
  r->value = GTK_ENTRY (gtk_entry_new ());
  r->choice = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  r->remove = GTK_BUTTON (gtk_button_new_from_icon_name ("list-remove-symbolic"));
  gtk_widget_set_hexpand (GTK_WIDGET (r->value), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (r->choice), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (r->remove), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (r->remove), _("Remove this condition"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (r->field));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (r->op));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (r->value));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (r->choice));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (r->remove));
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  r->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (r->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (r->row), box);
  gtk_list_box_append (self->conditions_box, r->row);
  g_ptr_array_add (self->rows, r);

  g_signal_connect_object (r->field, "notify::selected", G_CALLBACK (on_row_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (r->op, "notify::selected", G_CALLBACK (on_row_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (r->value, "changed", G_CALLBACK (on_row_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (r->choice, "notify::selected", G_CALLBACK (on_row_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (r->remove, "clicked", G_CALLBACK (on_remove_clicked_cb), self, 0);
  update_value_choices (self, r);
  update_value_entry (r);
  label_rows (self);
  return r;
}

static void
add_condition_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  HeraldSegmentEditor *self = HERALD_SEGMENT_EDITOR (widget);
  ConditionRow *r;

  if (self->fields == NULL)
    return;   /* the list's fields are still being read */
  r = add_row (self);
  gtk_widget_grab_focus (GTK_WIDGET (r->field));
  schedule_count (self);
}

/* ---- the conditions as a segment ---------------------------------------- */

/*
 * build_segment:
 * @complete: whether every condition must be whole (saving), or the ones
 *   still without a value are left out (counting)
 * @out_left_out: (out) (optional): how many were left out
 *
 * Returns: (transfer full): the segment the rows say, or %NULL with
 *   @error set when a condition cannot be used (a date Herald cannot read)
 */
static HeraldSegment *
build_segment (HeraldSegmentEditor  *self,
               const char           *name,
               gboolean              complete,
               guint                *out_left_out,
               GError              **error)
{
  g_autoptr(HeraldSegment) segment = NULL;
  guint left_out = 0;

  segment = herald_segment_new (name, self->list_id, adw_combo_row_get_selected (self->match_row) == 1);
  for (guint i = 0; i < self->rows->len; i++)
    {
      ConditionRow *r = g_ptr_array_index (self->rows, i);
      guint field = gtk_drop_down_get_selected (r->field);
      HeraldSegmentOp op = gtk_drop_down_get_selected (r->op);
      guint chosen = gtk_drop_down_get_selected (r->choice);
      g_autofree char *value = NULL;

      if (value_is_chosen (r) && chosen != GTK_INVALID_LIST_POSITION)
        value = g_strdup (r->choices->values[chosen]);   /* the engine's keyword */
      else
        value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (r->value))));

      if (field >= g_strv_length (self->fields))
        continue;
      if (!complete && op_takes_value (op) && *value == '\0')
        {
          left_out++;
          continue;
        }
      if (!herald_segment_add_condition (segment, self->fields[field], op, op_takes_value (op) ? value : NULL, error))
        return NULL;
    }
  if (out_left_out != NULL)
    *out_left_out = left_out;
  return g_steal_pointer (&segment);
}

/* ---- the live count ------------------------------------------------------- */

typedef struct
{
  HeraldSegment *segment;
  gint64         count;
  guint          serial;
  guint          left_out;
} CountJob;

static void
count_job_free (gpointer data)
{
  CountJob *job = data;

  g_clear_pointer (&job->segment, herald_segment_free);
  g_free (job);
}

static gboolean
count_job (HeraldStore   *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  CountJob *job = data;

  job->count = herald_segment_count (store, job->segment, error);
  return job->count >= 0;
}

static void
on_counted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HeraldSegmentEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  CountJob *job = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || job == NULL ||
          job->serial != self->count_serial)
        return;
      gtk_label_set_text (self->count_label, error->message);
      return;
    }
  if (job->serial != self->count_serial)
    return;   /* the conditions changed since: a newer count is coming */
  /* TRANSLATORS: the live count of the segment being edited */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " contact matches",
                                       "%" PRId64 " contacts match", job->count), (int64_t) job->count);
  if (job->left_out > 0)
    {
      g_autofree char *more = text;

      /* TRANSLATORS: after the live count of a segment, when conditions have no value yet */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (a condition without a value is left out)",
                                           "%s (conditions without a value are left out)", job->left_out), more);
    }
  gtk_label_set_text (self->count_label, text);
  self->counts_done++;
}

static gboolean
on_count_timeout_cb (gpointer data)
{
  HeraldSegmentEditor *self = data;
  g_autoptr(GError) error = NULL;
  CountJob *job;
  HeraldSegment *segment;
  guint left_out = 0;

  self->count_id = 0;
  if (self->session == NULL || self->fields == NULL)
    return G_SOURCE_REMOVE;
  self->count_serial++;
  if ((segment = build_segment (self, "", FALSE, &left_out, &error)) == NULL)
    {
      /* A value the engine cannot use (a date it cannot read): say why. */
      gtk_label_set_text (self->count_label, error->message);
      return G_SOURCE_REMOVE;
    }
  job = g_new0 (CountJob, 1);
  job->segment = segment;
  job->serial = self->count_serial;
  job->left_out = left_out;
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, count_job, job, count_job_free,
                            self->cancellable, on_counted_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_count (HeraldSegmentEditor *self)
{
  /* Any answer still on its way is for conditions that changed. */
  self->count_serial++;
  g_clear_handle_id (&self->count_id, g_source_remove);
  self->count_id = g_timeout_add (COUNT_DELAY_MS, on_count_timeout_cb, self);
}

/* ---- the list's fields ----------------------------------------------------- */

static guint
field_index (HeraldSegmentEditor *self,
             const char          *field)
{
  for (guint i = 0; self->fields[i] != NULL; i++)
    if (g_str_equal (self->fields[i], field))
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* A saved condition on a field the list has lost since (a column renamed
 * by an import) still shows, by its name, rather than silently change. */
static void
add_missing_fields (HeraldSegmentEditor *self)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_strv_builder_addv (names, (const char **) self->fields);
  for (guint i = 0; i < self->original->conditions->len; i++)
    {
      const HeraldSegmentCondition *c = g_ptr_array_index (self->original->conditions, i);

      if (field_index (self, c->field) != GTK_INVALID_LIST_POSITION)
        continue;
      g_strv_builder_add (names, c->field);
      gtk_string_list_append (self->field_labels, c->field);
      g_strfreev (self->fields);
      self->fields = g_strv_builder_end (names);
      g_strv_builder_unref (names);
      names = g_strv_builder_new ();
      g_strv_builder_addv (names, (const char **) self->fields);
    }
}

/* The saved segment's conditions as rows. */
static void
fill_rows (HeraldSegmentEditor *self)
{
  for (guint i = 0; i < self->original->conditions->len; i++)
    {
      const HeraldSegmentCondition *c = g_ptr_array_index (self->original->conditions, i);
      ConditionRow *r = add_row (self);

      gtk_drop_down_set_selected (r->field, field_index (self, c->field));
      gtk_drop_down_set_selected (r->op, c->op);
      gtk_editable_set_text (GTK_EDITABLE (r->value), c->value != NULL ? c->value : "");
      update_value_choices (self, r);
      if (r->choices != NULL)
        {
          guint chosen = choice_index (r->choices, c->value);

          /* A value none of the choices stays as it was saved, typed. */
          r->keep_entry = (c->op == HERALD_SEGMENT_OP_EQUALS || c->op == HERALD_SEGMENT_OP_NOT_EQUALS) &&
                          chosen == GTK_INVALID_LIST_POSITION;
          if (chosen != GTK_INVALID_LIST_POSITION)
            gtk_drop_down_set_selected (r->choice, chosen);
        }
      update_value_entry (r);
    }
}

typedef struct
{
  gint64  list_id;
  GStrv   fields;
} FieldsJob;

static void
fields_job_free (gpointer data)
{
  FieldsJob *job = data;

  g_strfreev (job->fields);
  g_free (job);
}

static gboolean
fields_job (HeraldStore   *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  FieldsJob *job = data;

  return (job->fields = herald_store_dup_list_fields (store, job->list_id, error)) != NULL;
}

static void
on_fields_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HeraldSegmentEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  FieldsJob *job = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
      return;
    }
  for (guint i = 0; job->fields[i] != NULL; i++)
    {
      g_strv_builder_add (names, job->fields[i]);
      gtk_string_list_append (self->field_labels, job->fields[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (builtin_fields); i++)
    {
      g_strv_builder_add (names, builtin_fields[i].name);
      gtk_string_list_append (self->field_labels, _(builtin_fields[i].label));
    }
  self->fields = g_strv_builder_end (names);
  if (self->original != NULL)
    add_missing_fields (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "segment.add-condition", TRUE);
  if (self->original == NULL || self->original->conditions->len == 0)
    add_row (self);
  else
    fill_rows (self);
  schedule_count (self);
}

/* ---- saving ---------------------------------------------------------------- */

typedef struct
{
  HeraldSegment *segment;
  gint64         id;       /* the saved segment changed; 0: a new one */
} SaveJob;

static void
save_job_free (gpointer data)
{
  SaveJob *job = data;

  g_clear_pointer (&job->segment, herald_segment_free);
  g_free (job);
}

static gboolean
save_job (HeraldStore   *store,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  SaveJob *job = data;

  if (job->id > 0)
    return herald_segment_update (store, job->id, job->segment, error);
  return herald_segment_save (store, job->segment, error) > 0;
}

static void
show_error (HeraldSegmentEditor *self,
            const char          *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HeraldSegmentEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  SaveJob *job = NULL;

  self->saving = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "segment.save", TRUE);
  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, job->segment->name);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HeraldSegmentEditor *self = HERALD_SEGMENT_EDITOR (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autoptr(GError) error = NULL;
  SaveJob *job;
  HeraldSegment *segment;

  if (self->saving || self->fields == NULL)
    return;
  if (*name == '\0')
    {
      show_error (self, _("Give the segment a name first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }
  if (self->rows->len == 0)
    {
      show_error (self, _("A segment needs at least one condition. Add one with the + button."));
      return;
    }
  if ((segment = build_segment (self, name, TRUE, NULL, &error)) == NULL)
    {
      show_error (self, error->message);
      return;
    }
  self->saving = TRUE;
  gtk_widget_action_set_enabled (widget, "segment.save", FALSE);
  job = g_new0 (SaveJob, 1);
  job->segment = segment;
  job->id = self->original != NULL ? self->original->id : 0;
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, save_job, job, save_job_free,
                            self->cancellable, on_saved_cb, g_object_ref (self));
}

/* ---- removing ---------------------------------------------------------------- */

typedef struct
{
  char  *name;
  GStrv  waiting;     /* the unfinished campaigns made with it */
  gboolean remove;    /* remove it, rather than only look */
} RemoveJob;

static void
remove_job_free (gpointer data)
{
  RemoveJob *job = data;

  g_free (job->name);
  g_strfreev (job->waiting);
  g_free (job);
}

static gboolean
remove_job (HeraldStore   *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  RemoveJob *job = data;

  if (job->remove)
    return herald_segment_remove (store, job->name, error);
  return (job->waiting = herald_segment_dup_waiting_campaigns (store, job->name, error)) != NULL;
}

static void
on_removed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HeraldSegmentEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  RemoveJob *job = NULL;

  self->saving = FALSE;
  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[REMOVED], 0, job->name);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_remove_response_cb (AdwMessageDialog    *dialog,
                       const char          *response,
                       HeraldSegmentEditor *self)
{
  RemoveJob *job;

  if (!g_str_equal (response, "remove") || self->saving || self->original == NULL)
    return;
  self->saving = TRUE;
  job = g_new0 (RemoveJob, 1);
  job->name = g_strdup (self->original->name);
  job->remove = TRUE;
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, remove_job, job, remove_job_free,
                            self->cancellable, on_removed_cb, g_object_ref (self));
}

static void
on_waiting_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HeraldSegmentEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  RemoveJob *job = NULL;
  GtkWidget *dialog;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  /* TRANSLATORS: heading of the question before removing a segment; %s is its name */
  heading = g_strdup_printf (_("Remove the Segment “%s”?"), job->name);
  g_string_append (body, _("Its conditions are lost; the contacts stay in the list."));
  if (job->waiting[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (_("”, “"), job->waiting);

      g_string_append_c (body, '\n');
      /* TRANSLATORS: %s are campaigns' names, quoted */
      g_string_append_printf (body, _("Campaigns made with it that have not finished (“%s”) keep the "
                                      "recipients they chose when they were made, and still send to them."),
                              names);
    }
  else
    {
      g_string_append_c (body, ' ');
      g_string_append (body, _("Campaigns already made with it keep their recipients."));
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  herald_dialog_name_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HeraldSegmentEditor *self = HERALD_SEGMENT_EDITOR (widget);
  RemoveJob *job;

  if (self->original == NULL || self->saving)
    return;
  job = g_new0 (RemoveJob, 1);
  job->name = g_strdup (self->original->name);
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, remove_job, job, remove_job_free,
                            self->cancellable, on_waiting_cb, g_object_ref (self));
}

/* ---- the object -------------------------------------------------------------- */

static void
herald_segment_editor_dispose (GObject *object)
{
  HeraldSegmentEditor *self = HERALD_SEGMENT_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->count_id, g_source_remove);
  G_OBJECT_CLASS (herald_segment_editor_parent_class)->dispose (object);
}

static void
herald_segment_editor_finalize (GObject *object)
{
  HeraldSegmentEditor *self = HERALD_SEGMENT_EDITOR (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->field_labels);
  g_clear_object (&self->op_labels);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_strfreev);
  g_clear_pointer (&self->original, herald_segment_free);
  g_free (self->list_name);
  G_OBJECT_CLASS (herald_segment_editor_parent_class)->finalize (object);
}

static void
herald_segment_editor_class_init (HeraldSegmentEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_segment_editor_dispose;
  object_class->finalize = herald_segment_editor_finalize;

  /**
   * HeraldSegmentEditor::saved:
   * @name: the segment's name
   *
   * The segment was saved; the dialog closes.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * HeraldSegmentEditor::removed:
   * @name: the segment's name
   *
   * The saved segment was removed; the dialog closes.
   */
  signals[REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-segment-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldSegmentEditor, conditions_box);
  gtk_widget_class_bind_template_child (widget_class, HeraldSegmentEditor, count_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldSegmentEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldSegmentEditor, main_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldSegmentEditor, match_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldSegmentEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldSegmentEditor, remove_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldSegmentEditor, save_button);

  gtk_widget_class_install_action (widget_class, "segment.add-condition", NULL, add_condition_activated);
  gtk_widget_class_install_action (widget_class, "segment.remove", NULL, remove_activated);
  gtk_widget_class_install_action (widget_class, "segment.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "segment.add-condition", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "segment.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
herald_segment_editor_init (HeraldSegmentEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* GTK 4.8 names a button with a mnemonic twice (its label is also
   * "labelled-by" it): the name the .ui gives stays, once. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->save_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->remove_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new_with_free_func (g_free);
  self->field_labels = gtk_string_list_new (NULL);
  self->op_labels = gtk_string_list_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (op_labels); i++)
    gtk_string_list_append (self->op_labels, _(op_labels[i]));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "segment.add-condition", FALSE);
  g_signal_connect_object (self->match_row, "notify::selected", G_CALLBACK (schedule_count), self, G_CONNECT_SWAPPED);
  gtk_label_set_text (self->count_label, _("Counting…"));
}

/**
 * herald_segment_editor_new:
 * @list_id: the list the segment is part of
 * @list_name: its name, to show
 *
 * A dialog that makes a segment of the list and saves it; "saved" says
 * its name.
 */
HeraldSegmentEditor *
herald_segment_editor_new (GtkWindow     *parent,
                           HeraldSession *session,
                           gint64         list_id,
                           const char    *list_name)
{
  HeraldSegmentEditor *self;
  g_autofree char *description = NULL;
  g_autofree char *escaped = NULL;
  FieldsJob *job;

  g_return_val_if_fail (HERALD_IS_SESSION (session), NULL);

  self = g_object_new (HERALD_TYPE_SEGMENT_EDITOR, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->list_id = list_id;
  self->list_name = g_strdup (list_name);
  /* TRANSLATORS: under the segment's name: the list it is part of */
  description = g_strdup_printf (_("Part of the list “%s”: the contacts who match the conditions below."), list_name);
  escaped = g_markup_escape_text (description, -1);
  adw_preferences_group_set_description (self->main_group, escaped);
  job = g_new0 (FieldsJob, 1);
  job->list_id = list_id;
  herald_session_run_async (session, HERALD_SESSION_JOB_SHARED, fields_job, job, fields_job_free,
                            self->cancellable, on_fields_cb, g_object_ref (self));
  return self;
}

/**
 * herald_segment_editor_new_for:
 * @segment: a saved segment (copied)
 *
 * The dialog on a saved segment: its conditions to change, its name,
 * and a Remove button. "saved" says its name, possibly new; "removed"
 * says it was removed.
 */
HeraldSegmentEditor *
herald_segment_editor_new_for (GtkWindow           *parent,
                               HeraldSession       *session,
                               const HeraldSegment *segment)
{
  HeraldSegmentEditor *self;

  g_return_val_if_fail (segment != NULL && segment->id > 0, NULL);

  self = herald_segment_editor_new (parent, session, segment->list_id,
                                    segment->list_name != NULL ? segment->list_name : "");
  self->original = herald_segment_new (segment->name, segment->list_id, segment->match_any);
  self->original->id = segment->id;
  for (guint i = 0; i < segment->conditions->len; i++)
    {
      const HeraldSegmentCondition *c = g_ptr_array_index (segment->conditions, i);
      HeraldSegmentCondition *copy = g_new0 (HeraldSegmentCondition, 1);

      copy->field = g_strdup (c->field);
      copy->op = c->op;
      copy->value = g_strdup (c->value);
      g_ptr_array_add (self->original->conditions, copy);
    }
  /* TRANSLATORS: title of the dialog that changes a saved segment */
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Segment"));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), segment->name);
  adw_combo_row_set_selected (self->match_row, segment->match_any ? 1 : 0);
  gtk_widget_set_visible (GTK_WIDGET (self->remove_button), TRUE);
  return self;
}
