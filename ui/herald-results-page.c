/* herald-results-page.c — what happened to each sent message
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Choose a campaign; its deliveries (the first MAX_ROWS) are read with the
 * delivery cursor in a worker thread and shown in a column view. Re-send
 * failed or uncertain ones, or export all of them as CSV with the columns
 * of `herald-cli report`.
 *
 * The campaigns to choose from are the application's send controller's,
 * which the window gives the page; while the chosen one sends, its counts
 * follow its item.
 */
#define G_LOG_DOMAIN "herald-results-page"

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n.h>

#include "herald-account.h"
#include "herald-campaign.h"
#include "herald-campaign-format.h"
#include "herald-csv-write.h"
#include "herald-results-page.h"
#include "herald-session.h"

#define MAX_ROWS 10000

/* ---- one delivery, as the column view shows it --------------------------- */

#define RESULT_TYPE_ITEM (result_item_get_type ())
G_DECLARE_FINAL_TYPE (ResultItem, result_item, RESULT, ITEM, GObject)

enum { COL_EMAIL, COL_STATE, COL_ATTEMPTS, COL_CODE, COL_REPLY, COL_TIME, N_COLS };

struct _ResultItem
{
  GObject  parent_instance;
  char    *text[N_COLS];
};

G_DEFINE_FINAL_TYPE (ResultItem, result_item, G_TYPE_OBJECT)

static void
result_item_finalize (GObject *object)
{
  ResultItem *self = RESULT_ITEM (object);

  for (guint i = 0; i < N_COLS; i++)
    g_free (self->text[i]);
  G_OBJECT_CLASS (result_item_parent_class)->finalize (object);
}

static void
result_item_class_init (ResultItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = result_item_finalize;
}

static void
result_item_init (ResultItem *self)
{
}

/* The reply as `herald-cli report` writes it: the enhanced code leads the
 * reply when the reply lacks it. */
static char *
row_response (const HeraldDeliveryRow *row)
{
  if (row->enhanced != NULL && (row->reply == NULL || strstr (row->reply, row->enhanced) == NULL))
    return g_strdup_printf ("%s %s", row->enhanced, row->reply != NULL ? row->reply : "");
  return g_strdup (row->reply != NULL ? row->reply : "");
}

/* The reply column. No server replied to a message written to the test
 * Outbox: the stored reply ("250 2.0.0 Saved in the Outbox … as
 * new/NAME", in the language of the day it was written; herald-cli report
 * and the export keep it) is shown in plain words. */
static char *
shown_reply (const HeraldDeliveryRow *row,
             gboolean                 outbox)
{
  if (outbox && row->state == HERALD_DELIVERY_SENT)
    /* TRANSLATORS: the Results page's "Server Reply" for a message of a
     * campaign sent through the test Outbox account */
    return g_strdup (_("Saved in the Outbox folder (not sent to anyone)"));
  return row_response (row);
}

/* @outbox: the row's message went to the test Outbox */
static ResultItem *
result_item_new (const HeraldDeliveryRow *row,
                 gboolean                 outbox)
{
  ResultItem *self = g_object_new (RESULT_TYPE_ITEM, NULL);
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (row->updated_at);

  self->text[COL_EMAIL] = g_strdup (row->email);
  self->text[COL_STATE] = g_strdup (herald_delivery_state_label (row->state));
  self->text[COL_ATTEMPTS] = g_strdup_printf ("%" G_GINT64_FORMAT, row->attempts);
  self->text[COL_CODE] = row->code > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, row->code) : g_strdup ("");
  self->text[COL_REPLY] = shown_reply (row, outbox);
  self->text[COL_TIME] = time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
  return self;
}

/* ---- the page ------------------------------------------------------------ */

struct _HeraldResultsPage
{
  AdwBin parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  GtkDropDown     *campaign_dropdown;
  GtkDropDown     *state_dropdown;
  GtkStringList   *state_names;
  GtkLabel        *counts_label;
  GtkLabel        *more_label;
  GtkWidget       *outbox_label;
  GtkColumnView   *column_view;
  GtkWidget       *resend_failed_button;
  GtkWidget       *resend_uncertain_button;
  GtkWidget       *retry_failed_button;
  GtkWidget       *export_button;

  /* owned */
  HeraldSendController *controller;
  HeraldCampaignItem *watched;  /* the chosen campaign's item, watched */
  HeraldSession   *session;
  GCancellable    *cancellable;
  GListStore      *rows;        /* ResultItem */
  GArray          *campaign_ids; /* gint64, parallel to the campaign dropdown */
  gint64           wanted_id;   /* herald_results_page_select_campaign(), until the list has it */
  gboolean         filling;
  guint            serial;
  /* what the buttons may do: each is TRUE until the first load says */
  gboolean         can_export;
  gboolean         can_resend_failed;
  gboolean         can_resend_uncertain;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (HeraldResultsPage, herald_results_page, ADW_TYPE_BIN)

static void load_rows (HeraldResultsPage *self);

static void
update_actions (HeraldResultsPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.export", self->can_export);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.resend-failed", self->can_resend_failed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.resend-uncertain", self->can_resend_uncertain);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.retry-failed", self->can_resend_failed);
}

static void
toast (HeraldResultsPage *self,
       const char        *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static gboolean
is_cancelled (GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static gint64
selected_campaign (HeraldResultsPage *self)
{
  guint i = gtk_drop_down_get_selected (self->campaign_dropdown);

  return self->campaign_ids != NULL && i < self->campaign_ids->len
    ? g_array_index (self->campaign_ids, gint64, i) : 0;
}

/* -1: every state; the dropdown's first item is "All States" */
static int
selected_state (HeraldResultsPage *self)
{
  guint i = gtk_drop_down_get_selected (self->state_dropdown);

  return i == 0 || i == GTK_INVALID_LIST_POSITION ? -1 : (int) i - 1;
}

/* ---- jobs in the session ------------------------------------------------ */

/* Called with the job's data, and with @error when it failed (never
 * when it was cancelled: the page is going). */
typedef void (*JobDone) (HeraldResultsPage *self,
                         gpointer           data,
                         const GError      *error);

typedef struct
{
  HeraldResultsPage *self;
  JobDone            done;
} JobCall;

static void
on_job_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  JobCall *call = user_data;
  g_autoptr(HeraldResultsPage) self = call->self;
  JobDone done = call->done;
  g_autoptr(GError) error = NULL;
  gpointer data = NULL;

  g_free (call);
  if (!herald_session_run_finish (HERALD_SESSION (source), result, &data, &error) && is_cancelled (error))
    return;
  done (self, data, error);
}

static void
run_job (HeraldResultsPage     *self,
         HeraldSessionJobFlags  flags,
         HeraldSessionJob       func,
         gpointer               data,
         GDestroyNotify         data_free,
         JobDone                done)
{
  JobCall *call = g_new0 (JobCall, 1);

  call->self = g_object_ref (self);
  call->done = done;
  herald_session_run_async (self->session, flags, func, data, data_free, self->cancellable, on_job_done_cb, call);
}

/* ---- the campaigns ------------------------------------------------------- */

static void watch_selected (HeraldResultsPage *self);

/* The drop-down's campaigns are the controller's list: the chosen one
 * stays chosen (or the one asked for, herald_results_page_select_campaign(),
 * once the list has it; else the last). */
static void
on_campaigns_changed_cb (HeraldResultsPage *self)
{
  GListModel *model = herald_send_controller_get_campaigns (self->controller);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 before = selected_campaign (self);
  gint64 keep = before;
  guint selected = 0;

  for (guint i = 0; self->wanted_id > 0 && i < n; i++)
    {
      g_autoptr(HeraldCampaignItem) item = g_list_model_get_item (model, i);

      if (herald_campaign_item_get_id (item) == self->wanted_id)
        {
          keep = self->wanted_id;
          self->wanted_id = 0;
        }
    }
  g_array_set_size (self->campaign_ids, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HeraldCampaignItem) item = g_list_model_get_item (model, i);
      gint64 id = herald_campaign_item_get_id (item);

      gtk_string_list_append (names, herald_campaign_item_get_name (item));
      g_array_append_val (self->campaign_ids, id);
      if (keep != 0 ? id == keep : TRUE)
        selected = i;
    }
  self->filling = TRUE;
  gtk_drop_down_set_model (self->campaign_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->campaign_dropdown, n > 0 ? selected : GTK_INVALID_LIST_POSITION);
  self->filling = FALSE;
  watch_selected (self);
  if (selected_campaign (self) != before)
    load_rows (self);
}

/* ---- the deliveries ------------------------------------------------------ */

typedef struct
{
  gint64         campaign_id;
  int            state;
  guint          serial;
  guint64        counts[HERALD_DELIVERY_N_STATES];
  GPtrArray     *items;     /* ResultItem */
  gboolean       more;      /* rows beyond MAX_ROWS */
  gboolean       outbox;    /* written to the test outbox: nobody got them */
} RowsData;

static void
rows_data_free (gpointer data)
{
  RowsData *d = data;

  g_clear_pointer (&d->items, g_ptr_array_unref);
  g_free (d);
}

static gboolean
rows_func (HeraldStore   *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  RowsData *d = data;
  HeraldDeliveryCursor *cursor = NULL;
  const HeraldDeliveryRow *row;
  GError *local_error = NULL;
  g_autoptr(GHashTable) outbox_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  d->items = g_ptr_array_new_with_free_func (g_object_unref);
  {
    g_autoptr(HeraldCampaignInfo) info = herald_campaign_get (store, d->campaign_id, NULL);
    g_autoptr(HeraldAccount) account = info != NULL ? herald_account_load_by_id (store, info->account_id, NULL) : NULL;
    g_autoptr(GPtrArray) accounts = herald_account_list (store, NULL);

    d->outbox = account != NULL && account->kind == HERALD_ACCOUNT_OUTBOX;
    /* A campaign may send through several accounts: each row is judged
     * by the account that sent it */
    for (guint i = 0; accounts != NULL && i < accounts->len; i++)
      {
        const HeraldAccount *a = g_ptr_array_index (accounts, i);

        if (a->kind == HERALD_ACCOUNT_OUTBOX)
          g_hash_table_add (outbox_names, g_strdup (a->name));
      }
  }
  if (!herald_campaign_count_states (store, d->campaign_id, d->counts, &local_error) ||
      (cursor = herald_delivery_cursor_new (store, d->campaign_id, d->state, &local_error)) == NULL)
    goto out;
  while ((row = herald_delivery_cursor_next (cursor, &local_error)) != NULL)
    {
      if (d->items->len >= MAX_ROWS)
        {
          d->more = TRUE;
          break;
        }
      g_ptr_array_add (d->items,
                       result_item_new (row, row->account != NULL
                                             ? g_hash_table_contains (outbox_names, row->account)
                                             : d->outbox));
    }
out:
  g_clear_pointer (&cursor, herald_delivery_cursor_free);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static void
show_counts (HeraldResultsPage *self,
             const guint64      c[HERALD_DELIVERY_N_STATES])
{
  g_autofree char *text = herald_format_delivery_counts (c);

  gtk_label_set_text (self->counts_label, text);
  self->can_resend_failed = c[HERALD_DELIVERY_FAILED] > 0;
  self->can_resend_uncertain = c[HERALD_DELIVERY_UNCERTAIN] > 0;
  update_actions (self);
}

static void
rows_loaded (HeraldResultsPage *self,
             gpointer           data,
             const GError      *error)
{
  RowsData *d = data;

  if (d->serial != self->serial)
    return;
  if (error != NULL)
    {
      toast (self, error->message);
      return;
    }
  show_counts (self, d->counts);
  gtk_widget_set_visible (self->outbox_label, d->outbox);
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       d->items->pdata, d->items->len);
  if (d->more)
    {
      g_autofree char *text = g_strdup_printf (_("Only the first %d deliveries are shown. Export to CSV to see all of them."),
                                               MAX_ROWS);
      gtk_label_set_text (self->more_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), d->more);
  self->can_export = TRUE;
  update_actions (self);
}

/* While the chosen campaign sends, its counts follow the sender. */
static void
on_watched_counts_cb (HeraldResultsPage  *self,
                      GParamSpec         *pspec,
                      HeraldCampaignItem *item)
{
  show_counts (self, herald_campaign_item_get_counts (item));
}

static void
watch_selected (HeraldResultsPage *self)
{
  gint64 id = selected_campaign (self);
  HeraldCampaignItem *item = self->controller != NULL && id > 0
    ? herald_send_controller_lookup (self->controller, id) : NULL;

  if (item == self->watched)
    return;
  if (self->watched != NULL)
    g_signal_handlers_disconnect_by_data (self->watched, self);
  g_set_object (&self->watched, item);
  if (item != NULL)
    g_signal_connect_object (item, "notify::counts", G_CALLBACK (on_watched_counts_cb), self, G_CONNECT_SWAPPED);
}

static void
load_rows (HeraldResultsPage *self)
{
  gint64 id = selected_campaign (self);
  RowsData *d;

  watch_selected (self);
  self->serial++;
  if (self->session == NULL || id <= 0)
    {
      guint64 none[HERALD_DELIVERY_N_STATES] = { 0 };

      g_list_store_remove_all (self->rows);
      show_counts (self, none);
      gtk_label_set_text (self->counts_label, _("No campaign yet: send one from the Campaigns page."));
      gtk_widget_set_visible (self->outbox_label, FALSE);
      self->can_export = FALSE;
      update_actions (self);
      gtk_widget_set_visible (GTK_WIDGET (self->more_label), FALSE);
      return;
    }
  d = g_new0 (RowsData, 1);
  d->campaign_id = id;
  d->state = selected_state (self);
  d->serial = self->serial;
  run_job (self, HERALD_SESSION_JOB_SHARED, rows_func, d, rows_data_free, rows_loaded);
}

static void
on_dropdown_changed_cb (HeraldResultsPage *self)
{
  if (!self->filling)
    load_rows (self);
}

/* ---- re-send ------------------------------------------------------------- */

typedef struct
{
  gint64               campaign_id;
  HeraldDeliveryState  state;
  guint64              changed;
} ResendData;

static gboolean
resend_func (HeraldStore   *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  ResendData *d = data;

  return herald_campaign_resend_all (store, d->campaign_id, d->state, &d->changed, error);
}

static void
resent (HeraldResultsPage *self,
        gpointer           data,
        const GError      *error)
{
  ResendData *d = data;
  g_autofree char *text = NULL;

  if (error != NULL)
    {
      toast (self, error->message);
      return;
    }
  text = g_strdup_printf (g_dngettext (NULL,
                                       "%" PRIu64 " message queued again (same Message-ID). Press Resume on the Campaigns page to send it.",
                                       "%" PRIu64 " messages queued again (same Message-ID). Press Resume on the Campaigns page to send them.",
                                       d->changed), (uint64_t) d->changed);
  toast (self, text);
  load_rows (self);
  herald_send_controller_refresh (self->controller);
}

static void
resend (HeraldResultsPage   *self,
        HeraldDeliveryState  state)
{
  gint64 id = selected_campaign (self);
  ResendData *d;

  if (self->session == NULL || id <= 0)
    return;
  d = g_new0 (ResendData, 1);
  d->campaign_id = id;
  d->state = state;
  run_job (self, HERALD_SESSION_JOB_SHARED, resend_func, d, g_free, resent);
}

static void
resend_failed_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  resend (HERALD_RESULTS_PAGE (widget), HERALD_DELIVERY_FAILED);
}

static void
resend_uncertain_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  resend (HERALD_RESULTS_PAGE (widget), HERALD_DELIVERY_UNCERTAIN);
}

/* ---- send again to those it failed for ----------------------------------- */

typedef struct
{
  gint64  campaign_id;
  char   *name;        /* out: the new campaign's */
  guint64 n;           /* out: its recipients */
} RetryData;

static void
retry_data_free (RetryData *d)
{
  g_free (d->name);
  g_free (d);
}

/* A campaign "NAME-retry" (or "NAME-retry-2", … when taken) of exactly
 * the recipients the chosen one failed for (herald_campaign_create_retry()). */
static gboolean
retry_func (HeraldStore   *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  RetryData *d = data;
  g_autoptr(HeraldCampaignInfo) info = herald_campaign_get (store, d->campaign_id, error);

  if (info == NULL)
    return FALSE;
  for (int i = 1; i < 100; i++)
    {
      g_autoptr(GError) local_error = NULL;
      HeraldCampaignSummary summary = { 0 };
      g_autofree char *name = i == 1 ? g_strdup_printf ("%s-retry", info->name)
                                     : g_strdup_printf ("%s-retry-%d", info->name, i);

      if (herald_campaign_create_retry (store, info->name, name, &summary, &local_error) > 0)
        {
          d->name = g_steal_pointer (&name);
          d->n = summary.n_recipients;
          return TRUE;
        }
      if (!g_error_matches (local_error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_EXISTS,
               _("There are too many campaigns named “%s-retry…” already. Rename or delete some."), info->name);
  return FALSE;
}

static void
retried (HeraldResultsPage *self,
         gpointer           data,
         const GError      *error)
{
  RetryData *d = data;
  g_autofree char *text = NULL;

  if (error != NULL)
    {
      toast (self, error->message);
      return;
    }
  text = g_strdup_printf (g_dngettext (NULL,
                                       "Campaign “%s” made for the %" PRIu64 " recipient this one failed for. Send it from the Campaigns page.",
                                       "Campaign “%s” made for the %" PRIu64 " recipients this one failed for. Send it from the Campaigns page.",
                                       d->n), d->name, (uint64_t) d->n);
  toast (self, text);
  herald_send_controller_refresh (self->controller);
}

static void
retry_failed_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  HeraldResultsPage *self = HERALD_RESULTS_PAGE (widget);
  gint64 id = selected_campaign (self);
  RetryData *d;

  if (self->session == NULL || id <= 0)
    return;
  d = g_new0 (RetryData, 1);
  d->campaign_id = id;
  run_job (self, HERALD_SESSION_JOB_SHARED, retry_func, d, (GDestroyNotify) retry_data_free, retried);
}

/* ---- export -------------------------------------------------------------- */

typedef struct
{
  gint64  campaign_id;
  GFile  *file;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *d = data;

  g_clear_object (&d->file);
  g_free (d);
}

/* On a connection of its own: a big campaign's export does not hold up
 * the window's reads. */
static gboolean
export_job (HeraldStore   *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  ExportData *d = data;
  g_autoptr(GString) out = g_string_sized_new (65536);
  g_autoptr(HeraldDeliveryCursor) cursor = NULL;
  const HeraldDeliveryRow *row;
  GError *local = NULL;

  /* For a person with a spreadsheet (herald-cli report writes the
   * machine-readable form): their language, their local time, and a byte
   * order mark so that Excel reads the file as UTF-8. */
  const char *header[7] = { _("Email"), _("State"), _("Attempts"), _("Code"),
                            _("Server Reply"), "Message-ID", _("Time") };

  g_string_append (out, HERALD_CSV_UTF8_BOM);
  herald_csv_append_row (out, header, G_N_ELEMENTS (header));
  if ((cursor = herald_delivery_cursor_new (store, d->campaign_id, -1, error)) == NULL)
    return FALSE;
  while ((row = herald_delivery_cursor_next (cursor, &local)) != NULL)
    {
      g_autoptr(GDateTime) updated = g_date_time_new_from_unix_local (row->updated_at);
      g_autofree char *attempts = g_strdup_printf ("%" G_GINT64_FORMAT, row->attempts);
      g_autofree char *code = row->code > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, row->code) : g_strdup ("");
      g_autofree char *response = row_response (row);
      g_autofree char *when = updated != NULL ? g_date_time_format (updated, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
      const char *values[7] = { row->email, herald_delivery_state_label (row->state), attempts, code,
                                response, row->message_id, when };

      herald_csv_append_row (out, values, G_N_ELEMENTS (values));
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return g_file_replace_contents (d->file, out->str, out->len, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, cancellable, error);
}

static void
exported (HeraldResultsPage *self,
          gpointer           data,
          const GError      *error)
{
  ExportData *d = data;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;

  if (error != NULL)
    {
      text = g_strdup_printf (_("Could not export the results: %s"), error->message);
      toast (self, text);
      return;
    }
  name = g_file_get_basename (d->file);
  /* TRANSLATORS: %s is a file name */
  text = g_strdup_printf (_("Exported to “%s”."), name);
  toast (self, text);
}

static void
on_chooser_response_cb (GtkNativeDialog   *dialog,
                        int                response,
                        HeraldResultsPage *self)
{
  g_autoptr(GFile) file = NULL;
  gint64 id = selected_campaign (self);
  ExportData *d;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  if (file == NULL || self->session == NULL || id <= 0)
    return;
  d = g_new0 (ExportData, 1);
  d->campaign_id = id;
  d->file = g_steal_pointer (&file);
  run_job (self, HERALD_SESSION_JOB_OWN_STORE, export_job, d, export_data_free, exported);
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HeraldResultsPage *self = HERALD_RESULTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GObject *item = gtk_drop_down_get_selected_item (self->campaign_dropdown);
  g_autofree char *name = NULL;

  if (item == NULL || self->chooser != NULL)
    return;
  /* TRANSLATORS: the suggested file name of an export; %s is the campaign's name */
  name = g_strdup_printf (_("%s results.csv"), gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
  self->chooser = gtk_file_chooser_native_new (_("Export Results"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- building ------------------------------------------------------------ */

static void
on_cell_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  ResultItem *item = gtk_list_item_get_item (list_item);
  guint column = GPOINTER_TO_UINT (user_data);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), item->text[column]);
}

/* The columns are in the .ui, in the order of COL_EMAIL … COL_TIME. */
static void
set_up_cells (HeraldResultsPage *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  g_assert (g_list_model_get_n_items (columns) == N_COLS);
  for (guint i = 0; i < N_COLS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind_cb), GUINT_TO_POINTER (i));
      gtk_column_view_column_set_factory (column, factory);
    }
}

/* Like the Campaigns page: the send controller's session is taken when
 * the page is first shown, and each showing reloads the campaigns and the
 * chosen one's deliveries. */
static void
on_map_cb (HeraldResultsPage *self)
{
  if (self->session == NULL)
    {
      HeraldSession *session = self->controller != NULL ? herald_send_controller_get_session (self->controller) : NULL;

      if (session == NULL)
        return;
      self->session = g_object_ref (session);
    }
  herald_send_controller_refresh (self->controller);
  load_rows (self);
}

static void
herald_results_page_dispose (GObject *object)
{
  HeraldResultsPage *self = HERALD_RESULTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->watched != NULL)
    g_signal_handlers_disconnect_by_data (self->watched, self);
  g_clear_object (&self->watched);
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (herald_send_controller_get_campaigns (self->controller), self);
  g_clear_object (&self->controller);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  /* AdwBin unparents its child itself; disposing the template as well
   * would unparent the toast overlay twice (libadwaita 1.2). */
  adw_bin_set_child (ADW_BIN (object), NULL);

  G_OBJECT_CLASS (herald_results_page_parent_class)->dispose (object);
}

static void
herald_results_page_finalize (GObject *object)
{
  HeraldResultsPage *self = HERALD_RESULTS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->campaign_ids, g_array_unref);

  G_OBJECT_CLASS (herald_results_page_parent_class)->finalize (object);
}

static void
herald_results_page_class_init (HeraldResultsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_results_page_dispose;
  object_class->finalize = herald_results_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-results-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldResultsPage, campaign_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HeraldResultsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldResultsPage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldResultsPage, outbox_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldResultsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldResultsPage, more_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldResultsPage, resend_failed_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldResultsPage, resend_uncertain_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldResultsPage, retry_failed_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldResultsPage, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HeraldResultsPage, state_names);
  gtk_widget_class_bind_template_child (widget_class, HeraldResultsPage, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, on_dropdown_changed_cb);

  gtk_widget_class_install_action (widget_class, "results.export", NULL, export_activated);
  gtk_widget_class_install_action (widget_class, "results.resend-failed", NULL, resend_failed_activated);
  gtk_widget_class_install_action (widget_class, "results.resend-uncertain", NULL, resend_uncertain_activated);
  gtk_widget_class_install_action (widget_class, "results.retry-failed", NULL, retry_failed_activated);
}

static void
herald_results_page_init (HeraldResultsPage *self)
{
  g_autoptr(GtkSelectionModel) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 names a widget with a mnemonic label twice for screen readers:
   * the name given in the .ui, and the label it is "labelled-by" (a
   * button's own label, or the drop-down's label); the two add up
   * ("Campaign Campaign"). The .ui's name alone stays. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->campaign_dropdown), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->state_dropdown), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->export_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->resend_failed_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->resend_uncertain_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->retry_failed_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);

  self->cancellable = g_cancellable_new ();
  self->campaign_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->rows = g_list_store_new (RESULT_TYPE_ITEM);
  self->can_export = self->can_resend_failed = self->can_resend_uncertain = TRUE;

  /* "All States", then each state, as herald_delivery_state_label() says
   * it: selected_state() counts on this order. */
  self->filling = TRUE;
  gtk_string_list_append (self->state_names, _("All States"));
  for (guint i = 0; i < HERALD_DELIVERY_N_STATES; i++)
    gtk_string_list_append (self->state_names, herald_delivery_state_label (i));
  gtk_drop_down_set_selected (self->state_dropdown, 0);
  self->filling = FALSE;

  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows))));
  gtk_column_view_set_model (self->column_view, selection);
  set_up_cells (self);
  update_actions (self);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
}

/**
 * herald_results_page_set_controller:
 *
 * The application's send controller: its campaigns are the ones to
 * choose from. Set once, before the page is shown.
 */
void
herald_results_page_set_controller (HeraldResultsPage    *self,
                                    HeraldSendController *controller)
{
  g_return_if_fail (HERALD_IS_RESULTS_PAGE (self));
  g_return_if_fail (HERALD_IS_SEND_CONTROLLER (controller));
  g_return_if_fail (self->controller == NULL);

  self->controller = g_object_ref (controller);
  g_signal_connect_object (herald_send_controller_get_campaigns (controller), "items-changed",
                           G_CALLBACK (on_campaigns_changed_cb), self, G_CONNECT_SWAPPED);
  on_campaigns_changed_cb (self);
}

/**
 * herald_results_page_select_campaign:
 *
 * Shows @campaign_id's deliveries: now if the page has this campaign,
 * else once the send controller's list has it.
 */
void
herald_results_page_select_campaign (HeraldResultsPage *self,
                                     gint64             campaign_id)
{
  g_return_if_fail (HERALD_IS_RESULTS_PAGE (self));

  for (guint i = 0; i < self->campaign_ids->len; i++)
    if (g_array_index (self->campaign_ids, gint64, i) == campaign_id)
      {
        if (gtk_drop_down_get_selected (self->campaign_dropdown) == i)
          load_rows (self);     /* the counts may have moved since */
        else
          gtk_drop_down_set_selected (self->campaign_dropdown, i);
        return;
      }
  self->wanted_id = campaign_id;
  if (self->controller != NULL)
    herald_send_controller_refresh (self->controller);
}
