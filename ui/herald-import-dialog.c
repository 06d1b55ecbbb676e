/* herald-import-dialog.c — importing a CSV file into a list, with a preview
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three steps, each a job of the session's: read the first rows for the
 * preview (the file only), a dry run of the whole import for the counts
 * (the store, then rolled back), and the import itself, with progress,
 * which the engine rolls back whole when it is cancelled. The dry run and
 * the import read the whole file in one transaction: they run on a
 * connection of their own, so the window's reads go on meanwhile.
 *
 * Contacts are shared by all lists: the dry run also says how many known
 * contacts would change, which fields, and how many of them other lists
 * have, before anything is written. An empty cell keeps a stored value
 * unless the “Empty cells clear stored values” switch is on.
 */
#define G_LOG_DOMAIN "herald-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-csv.h"
#include "herald-import.h"
#include "herald-import-dialog.h"
#include "herald-page-common.h"

#define PREVIEW_ROWS 10
#define MAX_REJECTS 10

enum { ROLE_ADDRESS, ROLE_FIELD, ROLE_SKIP };

static const char * const encoding_codes[] = { "auto", "utf-8", "cp932", "euc-jp", "utf-16", NULL };
static const char * const delimiter_codes[] = { "auto", ",", ";", "tab", NULL };

struct _HeraldImportDialog
{
  AdwWindow       parent_instance;

  /* template widgets */
  GtkLabel       *list_label;
  GtkEntry       *list_entry;
  GtkLabel       *encoding_label;
  GtkDropDown    *encoding_dropdown;
  GtkLabel       *delimiter_label;
  GtkDropDown    *delimiter_dropdown;
  GtkLabel       *detected_label;
  GtkGrid        *preview_grid;
  GtkGrid        *mapping_grid;
  GtkLabel       *counts_label;
  GtkLabel       *rejects_label;
  GtkLabel       *details_label;
  GtkSwitch      *blank_switch;
  AdwEntryRow    *consent_row;
  GtkSpinner     *check_spinner;
  GtkProgressBar *progress_bar;
  GtkWidget      *settings_box;

  /* owned */
  HeraldSession  *session;
  GFile          *file;
  GStrv           header;
  GPtrArray      *role_dropdowns;   /* GtkDropDown, one per column */
  GPtrArray      *field_entries;    /* GtkEntry, one per column */
  GCancellable   *preview_cancellable;
  GCancellable   *check_cancellable;
  GCancellable   *import_cancellable;
  gpointer        import_job;       /* the import running (its task owns it), or NULL */
  guint           progress_id;
  guint           consent_check_id;  /* the dry run again, once typing pauses */
  gboolean        preview_failed;   /* the file could not be read as set */
  gboolean        map_touched;
  gboolean        updating;
};

G_DEFINE_FINAL_TYPE (HeraldImportDialog, herald_import_dialog, ADW_TYPE_WINDOW)

enum { SIGNAL_IMPORTED, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void start_check (HeraldImportDialog *self);

static void
update_actions (HeraldImportDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.import",
                                 !self->preview_failed && self->import_job == NULL);
}

static char *
format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

/* ---- one job, shared with a worker ------------------------------------ */

typedef struct
{
  char                *path;
  char                *list_name;
  char                *encoding;
  char                *delimiter;
  GStrv                map;
  gboolean             dry_run;
  gboolean             blank_clears;
  char                *consent_source;  /* the whole import's, or NULL */
  /* results */
  GPtrArray           *records;     /* GStrv, the header first */
  char                *detected_encoding;
  char                 detected_delimiter;
  HeraldImportSummary  summary;
  GPtrArray           *rejects;     /* char *, "line N: reason" */
  guint64              n_rejects;
  /* progress, written by the worker */
  GMutex               lock;
  guint64              bytes_read;
  guint64              bytes_total;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->list_name);
  g_free (job->encoding);
  g_free (job->delimiter);
  g_free (job->consent_source);
  g_strfreev (job->map);
  g_clear_pointer (&job->records, g_ptr_array_unref);
  g_free (job->detected_encoding);
  herald_import_summary_clear (&job->summary);
  g_clear_pointer (&job->rejects, g_ptr_array_unref);
  g_mutex_clear (&job->lock);
  g_free (job);
}

static GStrv
build_map (HeraldImportDialog *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  if (!self->map_touched || self->header == NULL)
    return NULL;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->role_dropdowns->len; i++)
    {
      guint role = gtk_drop_down_get_selected (g_ptr_array_index (self->role_dropdowns, i));
      const char *field = gtk_editable_get_text (g_ptr_array_index (self->field_entries, i));
      g_autofree char *pair = NULL;

      pair = g_strdup_printf ("%s=%s", self->header[i],
                              role == ROLE_ADDRESS ? "email" : role == ROLE_SKIP ? "" : field);
      g_strv_builder_add (builder, pair);
    }
  return g_strv_builder_end (builder);
}

static Job *
job_new (HeraldImportDialog *self,
         gboolean            dry_run)
{
  Job *job = g_new0 (Job, 1);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->list_entry));

  g_mutex_init (&job->lock);
  job->path = g_file_get_path (self->file);
  job->list_name = g_strstrip (g_strdup (name));
  job->encoding = g_strdup (encoding_codes[gtk_drop_down_get_selected (self->encoding_dropdown)]);
  job->delimiter = g_strdup (delimiter_codes[gtk_drop_down_get_selected (self->delimiter_dropdown)]);
  job->map = build_map (self);
  job->dry_run = dry_run;
  job->blank_clears = gtk_switch_get_active (self->blank_switch);
  job->consent_source = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->consent_row))));
  if (*job->consent_source == '\0')
    g_clear_pointer (&job->consent_source, g_free);
  job->rejects = g_ptr_array_new_with_free_func (g_free);
  return job;
}

/* ---- preview ------------------------------------------------------------ */

static gboolean
preview_job (HeraldStore   *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Job *job = data;
  g_autoptr(GFile) file = g_file_new_for_path (job->path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(HeraldCsvReader) reader = NULL;
  const HeraldCsvRecord *record;

  GError *local = NULL;

  stream = g_file_read (file, cancellable, error);
  if (stream != NULL)
    reader = herald_csv_reader_new (G_INPUT_STREAM (stream), job->encoding, job->delimiter,
                                    cancellable, error);
  if (reader == NULL)
    return FALSE;
  job->records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  while (job->records->len <= PREVIEW_ROWS &&
         (record = herald_csv_reader_next (reader, cancellable, &local)) != NULL)
    {
      GStrv cells = g_new0 (char *, record->n_fields + 1);

      for (guint i = 0; i < record->n_fields; i++)
        cells[i] = g_strndup (record->fields[i], record->lengths[i]);
      g_ptr_array_add (job->records, cells);
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  job->detected_encoding = g_strdup (herald_csv_reader_get_encoding (reader));
  job->detected_delimiter = herald_csv_reader_get_delimiter (reader);
  return TRUE;
}

static const char *
delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    /* TRANSLATORS: the separator between the columns of a CSV file */
    case ',': return _("comma");
    case ';': return _("semicolon");
    case '\t': return _("tab");
    default: return "?";
    }
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static GtkWidget *
cell_label (const char *text,
            gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

/* The accessible name of a GtkDropDown (or GtkEntry) does not reach the
 * button (or text) inside it, which is what AT-SPI shows (GTK 4.8): name
 * both. */
static void
name_dropdown (GtkWidget  *dropdown,
               const char *name)
{
  GtkWidget *button = gtk_widget_get_first_child (dropdown);

  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  if (button != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
on_mapping_changed_cb (HeraldImportDialog *self)
{
  if (self->updating)
    return;
  self->map_touched = TRUE;
  start_check (self);
}

/* One column holds the addresses: choosing it for another one makes the
 * one before a field again. */
static void
on_role_changed_cb (GtkDropDown        *dropdown,
                    GParamSpec         *pspec,
                    HeraldImportDialog *self)
{
  if (self->updating)
    return;
  if (gtk_drop_down_get_selected (dropdown) == ROLE_ADDRESS)
    {
      self->updating = TRUE;
      for (guint i = 0; i < self->role_dropdowns->len; i++)
        {
          GtkDropDown *other = g_ptr_array_index (self->role_dropdowns, i);

          if (other != dropdown && gtk_drop_down_get_selected (other) == ROLE_ADDRESS)
            gtk_drop_down_set_selected (other, ROLE_FIELD);
        }
      self->updating = FALSE;
    }
  on_mapping_changed_cb (self);
}

static void
fill_mapping (HeraldImportDialog *self)
{
  const char *roles[] = {
    /* TRANSLATORS: what a CSV column holds, in the import dialog */
    N_("Address"), N_("Field"), N_("Skip"), NULL
  };
  const char *translated[G_N_ELEMENTS (roles)];

  for (guint i = 0; roles[i] != NULL; i++)
    translated[i] = _(roles[i]);
  translated[G_N_ELEMENTS (roles) - 1] = NULL;

  clear_grid (self->mapping_grid);
  g_ptr_array_set_size (self->role_dropdowns, 0);
  g_ptr_array_set_size (self->field_entries, 0);
  self->map_touched = FALSE;

  for (guint i = 0; self->header != NULL && self->header[i] != NULL; i++)
    {
      GtkWidget *dropdown = gtk_drop_down_new_from_strings (translated);
      GtkWidget *entry = gtk_entry_new ();
      g_autofree char *role_name = NULL;
      g_autofree char *field_name = NULL;

      /* TRANSLATORS: accessible name of the dropdown saying what CSV column %s holds */
      role_name = g_strdup_printf (_("Column “%s” holds"), self->header[i]);
      /* TRANSLATORS: accessible name of the entry naming the field CSV column %s becomes */
      field_name = g_strdup_printf (_("Field name for column “%s”"), self->header[i]);
      name_dropdown (dropdown, role_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, field_name, -1);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), ROLE_FIELD);
      gtk_editable_set_text (GTK_EDITABLE (entry), self->header[i]);
      gtk_widget_set_hexpand (entry, TRUE);
      g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (on_role_changed_cb),
                               self, 0);
      g_signal_connect_object (entry, "activate", G_CALLBACK (on_mapping_changed_cb),
                               self, G_CONNECT_SWAPPED);

      gtk_grid_attach (self->mapping_grid, cell_label (self->header[i], TRUE), 0, i, 1, 1);
      gtk_grid_attach (self->mapping_grid, dropdown, 1, i, 1, 1);
      gtk_grid_attach (self->mapping_grid, entry, 2, i, 1, 1);
      g_ptr_array_add (self->role_dropdowns, dropdown);
      g_ptr_array_add (self->field_entries, entry);
    }
}

static void
on_preview_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HeraldImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Job *job = NULL;
  g_autofree char *detected = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->detected_label, error->message);
          self->preview_failed = TRUE;
          update_actions (self);
        }
      return;
    }

  /* TRANSLATORS: e.g. "Read as CP932, columns separated by comma" */
  detected = g_strdup_printf (_("Read as %s, columns separated by %s"),
                              job->detected_encoding, delimiter_name (job->detected_delimiter));
  gtk_label_set_text (self->detected_label, detected);

  clear_grid (self->preview_grid);
  for (guint r = 0; r < job->records->len; r++)
    {
      GStrv cells = g_ptr_array_index (job->records, r);

      for (guint c = 0; cells[c] != NULL && c < 20; c++)
        gtk_grid_attach (self->preview_grid, cell_label (cells[c], r == 0), c, r, 1, 1);
    }

  g_strfreev (self->header);
  self->header = job->records->len > 0 ? g_strdupv (g_ptr_array_index (job->records, 0)) : NULL;
  self->updating = TRUE;
  fill_mapping (self);
  self->updating = FALSE;
  start_check (self);
}

static void
start_preview (HeraldImportDialog *self)
{
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  self->preview_cancellable = g_cancellable_new ();

  gtk_label_set_text (self->detected_label, _("Reading the file…"));
  self->preview_failed = FALSE;
  update_actions (self);
  herald_session_run_async (self->session, HERALD_SESSION_JOB_NO_STORE, preview_job,
                            job_new (self, TRUE), (GDestroyNotify) job_free,
                            self->preview_cancellable, on_preview_cb, g_object_ref (self));
}

/* ---- the dry run and the import ------------------------------------------ */

static void
on_reject (guint64     line,
           const char *reason,
           gpointer    user_data)
{
  Job *job = user_data;

  if (job->rejects->len < MAX_REJECTS)
    {
      char number[32];

      g_snprintf (number, sizeof number, "%" G_GUINT64_FORMAT, line);
      /* TRANSLATORS: a rejected row of a CSV file: its line number, then why */
      g_ptr_array_add (job->rejects, g_strdup_printf (_("Line %s: %s"), number, reason));
    }
  job->n_rejects++;
}

static void
on_progress (guint64  bytes_read,
             guint64  bytes_total,
             gpointer user_data)
{
  Job *job = user_data;

  g_mutex_lock (&job->lock);
  job->bytes_read = bytes_read;
  job->bytes_total = bytes_total;
  g_mutex_unlock (&job->lock);
}

static gboolean
import_job (HeraldStore   *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Job *job = data;
  HeraldImportOptions options = { 0 };

  options.encoding = job->encoding;
  options.delimiter = job->delimiter;
  options.map = (const char * const *) job->map;
  options.dry_run = job->dry_run;
  options.blank_clears = job->blank_clears;
  options.consent_source = job->consent_source;
  options.reject = on_reject;
  options.progress = on_progress;
  options.user_data = job;

  return herald_import_file (store, job->list_name, job->path, &options, &job->summary, cancellable, error);
}

static char *
format_summary (const HeraldImportSummary *summary)
{
  g_autofree char *imported = format_count (summary->imported);
  g_autofree char *updated = format_count (summary->updated);
  g_autofree char *duplicates = format_count (summary->duplicates);
  g_autofree char *invalid = format_count (summary->invalid);
  g_autofree char *suppressed = format_count (summary->suppressed);

  /* TRANSLATORS: counts of an import; each %s is a number */
  return g_strdup_printf (_("%s new, %s updated, %s duplicates, %s invalid, %s suppressed"),
                          imported, updated, duplicates, invalid, suppressed);
}

/* What the import changes in the contacts lists share, line by line. */
static char *
format_details (const HeraldImportSummary *summary)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (summary->imported > 0)
    {
      g_autofree char *created = format_count (summary->created);
      g_autofree char *known = format_count (summary->imported - MIN (summary->imported, summary->created));

      /* TRANSLATORS: counts of an import; each %s is a number */
      g_string_append_printf (text, _("New to this list: %s new contacts, %s known from other lists"),
                              created, known);
    }
  if (summary->updated > 0)
    {
      g_autofree char *updated = format_count (summary->updated);
      g_autofree char *elsewhere = format_count (summary->changed_elsewhere);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: counts of an import; each %s is a number */
      g_string_append_printf (text, _("Known contacts whose values change: %s (also in other lists, "
                                      "which see the new values: %s)"), updated, elsewhere);
    }
  if (summary->changed_fields != NULL && summary->changed_fields[0] != NULL)
    {
      g_autoptr(GString) fields = g_string_new (NULL);

      for (guint i = 0; summary->changed_fields[i] != NULL; i++)
        {
          g_autofree char *n = format_count (summary->changed_field_counts[i]);
          g_string_append_printf (fields, "%s“%s” (%s)", i > 0 ? ", " : "",
                                  summary->changed_fields[i], n);
        }
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: %s is e.g. "“name” (3), “phone” (1)": fields and in how many contacts */
      g_string_append_printf (text, _("Fields that change: %s"), fields->str);
    }
  if (summary->blanks_kept > 0)
    {
      g_autofree char *kept = format_count (summary->blanks_kept);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: %s is a number */
      g_string_append_printf (text, _("Empty cells that leave a stored value as it is: %s"), kept);
    }
  if (summary->consent_column != NULL)
    {
      g_autofree char *declined = format_count (summary->declined);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: the first %s is a column's name, the second a number */
      g_string_append_printf (text, _("Whether people accept marketing mail: column “%s”. "
                                      "Declined, and never mailed: %s"),
                              summary->consent_column, declined);
    }
  if (summary->other_address_columns != NULL)
    {
      g_autoptr(GString) others = g_string_new (NULL);

      for (guint i = 0; summary->other_address_columns[i] != NULL; i++)
        g_string_append_printf (others, "%s“%s”", i > 0 ? ", " : "",
                                summary->other_address_columns[i]);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: %s is e.g. "“Work email”"; “Address” is the choice in the column mapping */
      g_string_append_printf (text, _("Other columns hold addresses too: %s. To use one, "
                                      "choose “Address” for it under Columns."), others->str);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_details (HeraldImportDialog        *self,
              const HeraldImportSummary *summary)
{
  g_autofree char *details = format_details (summary);

  gtk_label_set_text (self->details_label, details);
  gtk_widget_set_visible (GTK_WIDGET (self->details_label), *details != '\0');
}

static void
show_rejects (HeraldImportDialog *self,
              Job                *job)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < job->rejects->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (job->rejects, i));
    }
  if (job->n_rejects > job->rejects->len)
    {
      g_autofree char *more = format_count (job->n_rejects - job->rejects->len);

      g_string_append_c (text, '\n');
      /* TRANSLATORS: after the first rejected rows; %s is how many more */
      g_string_append_printf (text, _("…and %s more"), more);
    }
  gtk_label_set_text (self->rejects_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->rejects_label), text->len > 0);
}

/* What the dry run found: the counts, the details, the rejected rows. */
static void
show_check (HeraldImportDialog *self,
            Job                *job)
{
  g_autofree char *summary = NULL;
  g_autofree char *counts = NULL;

  summary = format_summary (&job->summary);
  /* TRANSLATORS: before importing; %s is e.g. "3 new, 0 updated, …" */
  counts = g_strdup_printf (_("Importing will give: %s"), summary);
  gtk_label_set_text (self->counts_label, counts);
  show_details (self, &job->summary);
  show_rejects (self, job);

  /* Show which column the engine chose for the addresses. */
  if (!self->map_touched && job->summary.address_column != NULL && self->header != NULL)
    {
      self->updating = TRUE;
      for (guint i = 0; i < self->role_dropdowns->len; i++)
        if (g_strcmp0 (self->header[i], job->summary.address_column) == 0)
          gtk_drop_down_set_selected (g_ptr_array_index (self->role_dropdowns, i), ROLE_ADDRESS);
      self->updating = FALSE;
    }
}

static void
on_check_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HeraldImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Job *job = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_spinner_set_spinning (self->check_spinner, FALSE);
      gtk_label_set_text (self->counts_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->rejects_label), FALSE);
      return;
    }
  gtk_spinner_set_spinning (self->check_spinner, FALSE);
  show_check (self, job);
}

static void
start_check (HeraldImportDialog *self)
{
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();

  gtk_spinner_set_spinning (self->check_spinner, TRUE);
  gtk_label_set_text (self->counts_label, _("Checking every row…"));
  gtk_widget_set_visible (GTK_WIDGET (self->rejects_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->details_label), FALSE);
  herald_session_run_async (self->session, HERALD_SESSION_JOB_OWN_STORE, import_job,
                            job_new (self, TRUE), (GDestroyNotify) job_free,
                            self->check_cancellable, on_check_cb, g_object_ref (self));
}

static gboolean
update_progress_cb (gpointer user_data)
{
  HeraldImportDialog *self = user_data;
  Job *job = self->import_job;

  g_mutex_lock (&job->lock);
  if (job->bytes_total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, (double) job->bytes_read / job->bytes_total);
  else
    gtk_progress_bar_pulse (self->progress_bar);
  g_mutex_unlock (&job->lock);
  return G_SOURCE_CONTINUE;
}

/* After self->import_job is set, or cleared. */
static void
show_importing (HeraldImportDialog *self)
{
  gboolean importing = self->import_job != NULL;

  gtk_widget_set_sensitive (self->settings_box, !importing);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), importing);
  if (!importing)
    g_clear_handle_id (&self->progress_id, g_source_remove);
  update_actions (self);
}

static void
on_imported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HeraldImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Job *job = NULL;
  g_autofree char *summary = NULL;
  gboolean ok;

  ok = herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error);
  self->import_job = NULL;
  show_importing (self);
  if (!ok)
    {
      gtk_label_set_text (self->counts_label,
                          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                          ? _("The import was cancelled; the list was left as it was.")
                          : error->message);
      return;
    }
  summary = format_summary (&job->summary);
  g_signal_emit (self, signals[SIGNAL_IMPORTED], 0, job->list_name, summary);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
import_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HeraldImportDialog *self = HERALD_IMPORT_DIALOG (widget);
  Job *job;

  if (self->import_job != NULL)
    return;
  job = job_new (self, FALSE);

  if (*job->list_name == '\0')
    {
      gtk_label_set_text (self->counts_label, _("Give the list a name first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->list_entry));
      job_free (job);
      return;
    }
  /* The counts are not needed any more: the import gives them. */
  g_cancellable_cancel (self->check_cancellable);
  gtk_spinner_set_spinning (self->check_spinner, FALSE);
  g_clear_object (&self->import_cancellable);
  self->import_cancellable = g_cancellable_new ();

  self->import_job = job;
  show_importing (self);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->counts_label, _("Importing…"));
  herald_session_run_async (self->session, HERALD_SESSION_JOB_OWN_STORE, import_job,
                            job, (GDestroyNotify) job_free,
                            self->import_cancellable, on_imported_cb, g_object_ref (self));
  self->progress_id = g_timeout_add (100, update_progress_cb, self);
}

static void
cancel_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HeraldImportDialog *self = HERALD_IMPORT_DIALOG (widget);

  if (self->import_job != NULL)
    g_cancellable_cancel (self->import_cancellable);   /* the engine rolls back */
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_blank_changed_cb (HeraldImportDialog *self)
{
  if (self->header != NULL && self->session != NULL)
    start_check (self);
}

static gboolean
consent_check_cb (gpointer user_data)
{
  HeraldImportDialog *self = user_data;

  self->consent_check_id = 0;
  if (self->import_job == NULL)
    on_blank_changed_cb (self);
  return G_SOURCE_REMOVE;
}

/* The consent source can change what the import updates: the dry run
 * again, once typing pauses (each run reads the whole file). */
static void
on_consent_changed_cb (HeraldImportDialog *self)
{
  g_clear_handle_id (&self->consent_check_id, g_source_remove);
  self->consent_check_id = g_timeout_add (400, consent_check_cb, self);
}

static void
on_format_changed_cb (HeraldImportDialog *self)
{
  if (self->file != NULL && self->session != NULL)
    start_preview (self);
}

/* ---- the object --------------------------------------------------------- */

/* Nothing half-imported stays: closing cancels the import. */
static void
cancel_all (HeraldImportDialog *self)
{
  g_cancellable_cancel (self->preview_cancellable);
  g_cancellable_cancel (self->check_cancellable);
  g_cancellable_cancel (self->import_cancellable);
}

static gboolean
herald_import_dialog_close_request (GtkWindow *window)
{
  HeraldImportDialog *self = HERALD_IMPORT_DIALOG (window);

  /* Closing while importing cancels it: nothing half-imported stays. */
  cancel_all (self);
  return GTK_WINDOW_CLASS (herald_import_dialog_parent_class)->close_request (window);
}

static void
herald_import_dialog_dispose (GObject *object)
{
  HeraldImportDialog *self = HERALD_IMPORT_DIALOG (object);

  cancel_all (self);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_handle_id (&self->consent_check_id, g_source_remove);

  G_OBJECT_CLASS (herald_import_dialog_parent_class)->dispose (object);
}

static void
herald_import_dialog_finalize (GObject *object)
{
  HeraldImportDialog *self = HERALD_IMPORT_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_object (&self->file);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->role_dropdowns, g_ptr_array_unref);
  g_clear_pointer (&self->field_entries, g_ptr_array_unref);
  g_strfreev (self->header);

  G_OBJECT_CLASS (herald_import_dialog_parent_class)->finalize (object);
}

static void
herald_import_dialog_class_init (HeraldImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = herald_import_dialog_dispose;
  object_class->finalize = herald_import_dialog_finalize;
  object_class->get_property = herald_session_prop_get;
  object_class->set_property = herald_session_prop_set;
  window_class->close_request = herald_import_dialog_close_request;

  /**
   * HeraldImportDialog:session:
   *
   * The open database the file is imported into.
   */
  properties[PROP_SESSION] =
    herald_session_prop_new (G_STRUCT_OFFSET (HeraldImportDialog, session),
                             NULL);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, blank_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, consent_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, details_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, counts_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, delimiter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, delimiter_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, detected_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, encoding_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, encoding_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, list_entry);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, list_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, mapping_grid);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, rejects_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, settings_box);
  gtk_widget_class_bind_template_callback (widget_class, on_format_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_blank_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_consent_changed_cb);

  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_activated);
  gtk_widget_class_install_action (widget_class, "import.import", NULL, import_activated);

  /* The import landed: the list's name and a summary line for people. */
  signals[SIGNAL_IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE,
                                           2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
herald_import_dialog_init (HeraldImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Named after their mnemonic labels, the button or text inside as well. */
  name_dropdown (GTK_WIDGET (self->list_entry), gtk_label_get_text (self->list_label));
  name_dropdown (GTK_WIDGET (self->encoding_dropdown), gtk_label_get_text (self->encoding_label));
  name_dropdown (GTK_WIDGET (self->delimiter_dropdown), gtk_label_get_text (self->delimiter_label));
  self->role_dropdowns = g_ptr_array_new ();
  self->field_entries = g_ptr_array_new ();
}

/**
 * herald_import_dialog_new:
 *
 * Returns: (transfer none): a dialog that starts reading @file
 */
HeraldImportDialog *
herald_import_dialog_new (GtkWindow     *parent,
                          HeraldSession *session,
                          GFile         *file)
{
  HeraldImportDialog *self;
  g_autofree char *basename = NULL;
  char *dot;

  g_return_val_if_fail (HERALD_IS_SESSION (session), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (HERALD_TYPE_IMPORT_DIALOG, "session", session, NULL);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  self->file = g_object_ref (file);

  /* A new list named after the file; an existing name adds to that list. */
  basename = g_file_get_basename (file);
  dot = strrchr (basename, '.');
  if (dot != NULL && dot != basename)
    *dot = '\0';
  gtk_editable_set_text (GTK_EDITABLE (self->list_entry), basename);

  start_preview (self);
  return self;
}
