/* herald-campaigns-page.c — sending a newsletter to a list
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page lists the campaigns, prepares a new one (list, template,
 * account, with the pre-send summary) and shows the selected one live
 * while a HeraldSender sends it from its own threads with its own
 * database connection, with a chart of the sends over time. Store work
 * runs in worker threads (herald_session_run_async()); no SQL here.
 *
 * The campaigns and their senders are the application's send controller
 * (herald-send-controller.c), which the window gives the page: the list
 * and the live view watch its items, and the buttons start, pause and
 * cancel through it. What the buttons do is in
 * herald-campaigns-page-actions.c; the page's widgets are in
 * herald-campaigns-page.ui.
 */
#define G_LOG_DOMAIN "herald-campaigns-page"

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n.h>

#include "herald-account.h"
#include "herald-base.h"
#include "herald-campaign-format.h"
#include "herald-campaigns-page-private.h"
#include "herald-templates.h"

G_DEFINE_FINAL_TYPE (HeraldCampaignsPage, herald_campaigns_page, ADW_TYPE_BIN)

void
campaigns_page_toast (HeraldCampaignsPage *self,
                      const char          *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/**
 * herald_campaigns_page_prefer:
 * @list_name: (nullable): the list the form should offer
 * @template_name: (nullable): the template it should offer
 *
 * Chooses them in the form once it is read again (now).
 */
void
herald_campaigns_page_prefer (HeraldCampaignsPage *self,
                              const char          *list_name,
                              const char          *template_name)
{
  g_return_if_fail (HERALD_IS_CAMPAIGNS_PAGE (self));

  g_free (self->prefer_list);
  g_free (self->prefer_template);
  self->prefer_list = g_strdup (list_name);
  self->prefer_template = g_strdup (template_name);
  campaigns_page_refresh (self);
}

/**
 * herald_campaigns_page_add_toast:
 * @toast: (transfer full)
 *
 * Shows @toast above the page's buttons (the window's own toasts come
 * here while this page is shown, so none covers Pause, Resume or Cancel).
 */
void
herald_campaigns_page_add_toast (HeraldCampaignsPage *self,
                                 AdwToast            *toast)
{
  g_return_if_fail (HERALD_IS_CAMPAIGNS_PAGE (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

gboolean
campaigns_page_is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ---- loading ------------------------------------------------------------ */

typedef struct
{
  GPtrArray     *lists;
  GPtrArray     *templates;
  GPtrArray     *accounts;
  GPtrArray     *segments;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *d = data;

  g_clear_pointer (&d->lists, g_ptr_array_unref);
  g_clear_pointer (&d->templates, g_ptr_array_unref);
  g_clear_pointer (&d->accounts, g_ptr_array_unref);
  g_clear_pointer (&d->segments, g_ptr_array_unref);
  g_free (d);
}

static gboolean
load_func (HeraldStore   *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  LoadData *d = data;

  return (d->lists = herald_store_dup_lists (store, error)) != NULL &&
         (d->templates = herald_templates_list (store, error)) != NULL &&
         (d->accounts = herald_account_list (store, error)) != NULL &&
         (d->segments = herald_segment_list (store, error)) != NULL;
}

static void
fill_combo (HeraldCampaignsPage *self,
            AdwComboRow         *row,
            GPtrArray           *items,
            const char          *(*name_of) (gpointer, gboolean *),
            const char          *keep)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < items->len; i++)
    {
      gboolean preferred = FALSE;
      const char *name = name_of (g_ptr_array_index (items, i), &preferred);
      gtk_string_list_append (model, name);
      if (keep != NULL && g_str_equal (keep, name))
        selected = i;
      else if (keep == NULL && preferred && selected == GTK_INVALID_LIST_POSITION)
        selected = i;
    }
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  if (selected == GTK_INVALID_LIST_POSITION && items->len > 0)
    selected = 0;
  adw_combo_row_set_selected (row, selected);
}

static const char *
list_name_of (gpointer item, gboolean *preferred)
{
  return ((HeraldListInfo *) item)->name;
}

static const char *
template_name_of (gpointer item, gboolean *preferred)
{
  return ((HeraldTemplateRecord *) item)->name;
}

static const char *
account_name_of (gpointer item, gboolean *preferred)
{
  const HeraldAccount *account = item;

  *preferred = g_str_equal (account->name, HERALD_OUTBOX_ACCOUNT);
  return account->name;
}

char *
campaigns_page_dup_selected_name (AdwComboRow *row)
{
  GObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (item))) : NULL;
}

/*
 * campaigns_page_is_outbox:
 *
 * Whether @account_id is the test Outbox, which writes files and sends
 * nothing (as far as the page knows its accounts).
 */
gboolean
campaigns_page_is_outbox (HeraldCampaignsPage *self,
                          gint64               account_id)
{
  for (guint i = 0; self->accounts != NULL && i < self->accounts->len; i++)
    {
      const HeraldAccount *account = g_ptr_array_index (self->accounts, i);

      if (account->id == account_id)
        return account->kind == HERALD_ACCOUNT_OUTBOX;
    }
  return FALSE;
}

static void
set_row_subtitle (GtkWidget          *widget,
                  GParamSpec         *pspec,
                  HeraldCampaignItem *item)
{
  HeraldCampaignsPage *self = g_object_get_data (G_OBJECT (widget), "herald-page");
  const guint64 *c = herald_campaign_item_get_counts (item);
  const char *state = herald_campaign_state_label (herald_campaign_item_get_state (item));
  guint64 total = 0;
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < HERALD_DELIVERY_N_STATES; i++)
    total += c[i];
  if (self != NULL && campaigns_page_is_outbox (self, herald_campaign_item_get_account_id (item)))
    /* TRANSLATORS: a test outbox campaign in the list: its state, then how many were written of all */
    subtitle = g_strdup_printf (_("%s · %" PRIu64 " of %" PRIu64 " written to the test outbox"),
                                state, (uint64_t) c[HERALD_DELIVERY_SENT], (uint64_t) total);
  else
    /* TRANSLATORS: a campaign in the list: its state, then how many were sent of all */
    subtitle = g_strdup_printf (_("%s · %" PRIu64 " of %" PRIu64 " sent"),
                                state, (uint64_t) c[HERALD_DELIVERY_SENT], (uint64_t) total);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), subtitle);
}

/* After the accounts were (re)loaded: the rows say "sent" or "written to
 * the test outbox" as their account is. */
static void
update_row_subtitles (HeraldCampaignsPage *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->campaign_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      HeraldCampaignItem *item = g_object_get_data (G_OBJECT (row), "campaign-item");

      if (item != NULL)
        set_row_subtitle (row, NULL, item);
    }
}

/* A row of the list, kept up with its campaign's item (the sender's
 * progress while it sends). */
static GtkWidget *
create_campaign_row (gpointer item,
                     gpointer user_data)
{
  GtkWidget *widget = adw_action_row_new ();

  g_object_set_data (G_OBJECT (widget), "herald-page", user_data);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widget), FALSE);
  g_object_bind_property (item, "name", widget, "title", G_BINDING_SYNC_CREATE);
  set_row_subtitle (widget, NULL, item);
  g_signal_connect_object (item, "notify::state", G_CALLBACK (set_row_subtitle), widget, G_CONNECT_SWAPPED);
  g_signal_connect_object (item, "notify::counts", G_CALLBACK (set_row_subtitle), widget, G_CONNECT_SWAPPED);
  g_object_set_data_full (G_OBJECT (widget), "campaign-item", g_object_ref (item), g_object_unref);
  return widget;
}

/* The list's rows are made anew when campaigns come or go: the selected
 * campaign's row is selected again. */
static void
select_campaign_row (HeraldCampaignsPage *self)
{
  GListModel *model = herald_send_controller_get_campaigns (self->controller);
  guint n = g_list_model_get_n_items (model);

  self->filling = TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HeraldCampaignItem) item = g_list_model_get_item (model, i);

      if (herald_campaign_item_get_id (item) == self->selected_id)
        {
          gtk_list_box_select_row (self->campaign_list, gtk_list_box_get_row_at_index (self->campaign_list, (int) i));
          break;
        }
    }
  self->filling = FALSE;
}

static void
on_campaigns_changed_cb (HeraldCampaignsPage *self)
{
  select_campaign_row (self);
  campaigns_page_update_detail (self);
}

static void request_estimate (HeraldCampaignsPage *self);

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HeraldCampaignsPage) self = user_data;
  LoadData *d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *keep_list = NULL, *keep_template = NULL, *keep_account = NULL, *keep_segment = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &d, &error))
    {
      if (!campaigns_page_is_cancelled (error))
        campaigns_page_toast (self, error->message);
      return;
    }

  g_clear_pointer (&self->lists, g_ptr_array_unref);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  self->lists = g_steal_pointer (&d->lists);
  self->templates = g_steal_pointer (&d->templates);
  self->accounts = g_steal_pointer (&d->accounts);
  g_clear_pointer (&self->segments, g_ptr_array_unref);
  self->segments = g_steal_pointer (&d->segments);

  keep_list = self->prefer_list != NULL ? g_steal_pointer (&self->prefer_list)
                                        : campaigns_page_dup_selected_name (self->list_row);
  keep_template = self->prefer_template != NULL ? g_steal_pointer (&self->prefer_template)
                                                : campaigns_page_dup_selected_name (self->template_row);
  keep_account = campaigns_page_dup_selected_name (self->account_row);
  keep_segment = self->new_segment != NULL ? g_steal_pointer (&self->new_segment)
                                           : campaigns_page_dup_segment (self);
  self->filling = TRUE;
  fill_combo (self, self->list_row, self->lists, list_name_of, keep_list);
  fill_combo (self, self->template_row, self->templates, template_name_of, keep_template);
  fill_combo (self, self->account_row, self->accounts, account_name_of, keep_account);
  campaigns_page_fill_segments (self, keep_segment);
  self->filling = FALSE;

  update_row_subtitles (self);
  campaigns_page_update_detail (self);
  request_estimate (self);
}

void
campaigns_page_refresh (HeraldCampaignsPage *self)
{
  if (self->controller != NULL)
    herald_send_controller_refresh (self->controller);
  if (self->session == NULL)
    return;
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, load_func, g_new0 (LoadData, 1),
                            load_data_free, self->cancellable, on_loaded_cb, g_object_ref (self));
}

/* ---- the pre-send summary ----------------------------------------------- */

typedef struct
{
  gint64                 list_id;
  gint64                 account_id;
  char                  *segment;       /* nullable: the whole list */
  guint                  serial;
  HeraldCampaignSummary  summary;
} EstimateData;

static gboolean
estimate_func (HeraldStore   *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  EstimateData *d = data;

  return herald_campaign_estimate_segment (store, d->list_id, d->segment, d->account_id, &d->summary, error);
}

static void
estimate_data_free (gpointer data)
{
  EstimateData *d = data;

  g_free (d->segment);
  g_free (d);
}

static void
on_estimated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HeraldCampaignsPage) self = user_data;
  EstimateData *d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *text = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &d, &error))
    {
      if (!campaigns_page_is_cancelled (error) && d->serial == self->estimate_serial)
        gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  if (d->serial != self->estimate_serial)
    return;
  if (d->summary.estimated_seconds > 0)
    {
      g_autofree char *time = herald_format_duration (d->summary.estimated_seconds);
      /* TRANSLATORS: part of the pre-send summary; %s is a duration such as 0:12:30 */
      duration = g_strdup_printf (_("sending takes at least %s at the account’s pacing"), time);
    }
  else
    duration = g_strdup (_("the account sets no pacing limit"));
  /* People who declined marketing mail are left out like suppressed ones. */
  /* TRANSLATORS: the pre-send summary of a campaign; the last %s says how long sending takes */
  text = g_strdup_printf (_("%" PRIu64 " recipients · %" PRIu64 " suppressed · %" PRIu64 " unsubscribed · %s"),
                          (uint64_t) d->summary.n_recipients,
                          (uint64_t) (d->summary.n_suppressed + d->summary.n_declined),
                          (uint64_t) d->summary.n_unsubscribed, duration);
  gtk_label_set_text (self->summary_label, text);
}

static void
request_estimate (HeraldCampaignsPage *self)
{
  guint list = adw_combo_row_get_selected (self->list_row);
  guint account = adw_combo_row_get_selected (self->account_row);
  EstimateData *d;

  self->estimate_serial++;
  gtk_widget_set_visible (self->outbox_box,
                          self->accounts != NULL && account < self->accounts->len &&
                          ((HeraldAccount *) g_ptr_array_index (self->accounts, account))->kind == HERALD_ACCOUNT_OUTBOX);
  if (self->session == NULL || self->lists == NULL || self->accounts == NULL ||
      list >= self->lists->len || account >= self->accounts->len)
    {
      gtk_label_set_text (self->summary_label, _("Choose a list and an account to see who gets the campaign."));
      return;
    }
  d = g_new0 (EstimateData, 1);
  d->list_id = ((HeraldListInfo *) g_ptr_array_index (self->lists, list))->id;
  d->account_id = ((HeraldAccount *) g_ptr_array_index (self->accounts, account))->id;
  d->segment = campaigns_page_dup_segment (self);
  d->serial = self->estimate_serial;
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, estimate_func, d, estimate_data_free,
                            self->cancellable, on_estimated_cb, g_object_ref (self));
}

static void
on_combo_selected_cb (HeraldCampaignsPage *self)
{
  if (!self->filling)
    campaigns_page_list_changed (self);
  if (!self->filling)
    request_estimate (self);
}

/* Send Later on: the button creates and schedules, it does not send. */
static void
on_schedule_toggled_cb (HeraldCampaignsPage *self)
{
  gboolean later = adw_expander_row_get_enable_expansion (self->schedule_row);

  gtk_button_set_label (self->create_button, later ? _("Create & _Schedule") : _("Create & _Send"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->create_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  later ? _("Create & Schedule") : _("Create & Send"), -1);
}

/* ---- sending ------------------------------------------------------------ */

static void
show_progress (HeraldCampaignsPage *self,
               HeraldCampaignItem  *item)
{
  const guint64 *c = herald_campaign_item_get_counts (item);
  guint64 total = 0, finished;
  g_autofree char *counts_text = NULL;
  g_autofree char *bar_text = NULL;

  for (guint i = 0; i < HERALD_DELIVERY_N_STATES; i++)
    total += c[i];
  finished = c[HERALD_DELIVERY_SENT] + c[HERALD_DELIVERY_FAILED] +
             c[HERALD_DELIVERY_UNCERTAIN] + c[HERALD_DELIVERY_SKIPPED];
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) finished / (double) total : 0.0);
  /* TRANSLATORS: on the progress bar: messages finished of all */
  bar_text = g_strdup_printf (_("%" PRIu64 " of %" PRIu64 " done"), (uint64_t) finished, (uint64_t) total);
  gtk_progress_bar_set_text (self->progress_bar, bar_text);

  counts_text = herald_format_delivery_counts (c);
  gtk_label_set_text (self->counts_label, counts_text);

  if (herald_campaign_item_is_live (item))
    {
      g_autofree char *eta = herald_format_duration (herald_campaign_item_get_eta_seconds (item));
      g_autofree char *rate = NULL;

      /* TRANSLATORS: the live rate and the time left; %s is a duration such as 0:02:10 */
      rate = g_strdup_printf (_("%.1f messages a second · %s left"), herald_campaign_item_get_rate (item), eta);
      gtk_label_set_text (self->rate_label, rate);
    }
  else
    gtk_label_set_text (self->rate_label, _("Not sending now."));

  if (c[HERALD_DELIVERY_UNCERTAIN] > 0)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (NULL,
                                      "%" PRIu64 " message is uncertain: the connection ended before the server confirmed it, so it may or may not have arrived.",
                                      "%" PRIu64 " messages are uncertain: the connection ended before the server confirmed them, so they may or may not have arrived.",
                                      c[HERALD_DELIVERY_UNCERTAIN]),
                         (uint64_t) c[HERALD_DELIVERY_UNCERTAIN]);
      gtk_label_set_text (self->uncertain_label, text);
      gtk_widget_set_visible (self->uncertain_box, TRUE);
    }
  else
    gtk_widget_set_visible (self->uncertain_box, FALSE);
}

/* After the layout of what update_detail() has just shown, so the page
 * scrolls to where the button now is. */
static gboolean
focus_pause_cb (gpointer data)
{
  HeraldCampaignsPage *self = data;

  if (gtk_widget_get_mapped (GTK_WIDGET (self->pause_button)))
    gtk_widget_grab_focus (GTK_WIDGET (self->pause_button));
  return G_SOURCE_REMOVE;
}

static void
on_watched_changed_cb (HeraldCampaignsPage *self)
{
  campaigns_page_update_detail (self);
}

/* The selected campaign's item, watched while it is selected. */
static HeraldCampaignItem *
watch_selected (HeraldCampaignsPage *self)
{
  HeraldCampaignItem *item = NULL;

  if (self->controller != NULL && self->selected_id > 0)
    item = herald_send_controller_lookup (self->controller, self->selected_id);
  if (item == self->watched)
    return item;
  if (self->watched != NULL)
    g_signal_handlers_disconnect_by_data (self->watched, self);
  g_set_object (&self->watched, item);
  if (item != NULL)
    g_signal_connect_object (item, "notify", G_CALLBACK (on_watched_changed_cb), self, G_CONNECT_SWAPPED);
  return item;
}

void
campaigns_page_update_detail (HeraldCampaignsPage *self)
{
  HeraldCampaignItem *item = watch_selected (self);
  gboolean mine = item != NULL && herald_campaign_item_get_sending (item);
  const char *pause_reason;
  g_autofree char *state = NULL;
  HeraldCampaignState cstate;
  gboolean outbox;

  campaigns_page_update_actions (self);
  gtk_widget_set_visible (self->detail_group, item != NULL);
  gtk_action_bar_set_revealed (self->action_bar, item != NULL);
  if (item == NULL)
    return;
  outbox = campaigns_page_is_outbox (self, herald_campaign_item_get_account_id (item));
  gtk_widget_set_visible (GTK_WIDGET (self->open_outbox_button), outbox);
  /* The chart is of this window's last run of the campaign. */
  gtk_widget_set_visible (GTK_WIDGET (self->chart), self->chart_id != 0 && self->chart_id == self->selected_id);

  cstate = herald_campaign_item_get_state (item);
  pause_reason = herald_campaign_item_get_pause_reason (item);
  gtk_label_set_text (self->detail_title, herald_campaign_item_get_name (item));
  {
    /* TRANSLATORS: under a campaign's name: its list, then its template (kept when either was deleted) */
    g_autofree char *sources = g_strdup_printf (_("List “%s” · Template “%s”"),
                                                herald_campaign_item_get_list_name (item) != NULL
                                                ? herald_campaign_item_get_list_name (item) : "",
                                                herald_campaign_item_get_template_name (item) != NULL
                                                ? herald_campaign_item_get_template_name (item) : "");
    gtk_label_set_text (self->detail_sources, sources);
  }
  if (mine)
    state = g_strdup (_("Sending…"));
  else if (cstate == HERALD_CAMPAIGN_PAUSED && pause_reason != NULL)
    /* TRANSLATORS: a paused campaign; %s says why */
    state = g_strdup_printf (_("Paused: %s"), pause_reason);
  else if (cstate == HERALD_CAMPAIGN_SENDING)
    state = g_strdup (_("Interrupted: press Resume to send what is left."));
  else if (cstate == HERALD_CAMPAIGN_SCHEDULED && herald_campaign_item_get_scheduled_at (item) != 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (herald_campaign_item_get_scheduled_at (item));
      g_autofree char *text = g_date_time_format (when, _("%Y-%m-%d %H:%M"));

      /* TRANSLATORS: %s: the date and time it goes */
      state = g_strdup_printf (_("Scheduled for %s"), text);
    }
  else if (cstate == HERALD_CAMPAIGN_DONE && outbox)
    state = g_strdup (_("Done: written to the test outbox — nothing was sent."));
  else
    state = g_strdup (herald_campaign_state_label (cstate));
  gtk_label_set_text (self->state_label, state);

  show_progress (self, item);

  /* Sending has started: bring the live view into sight (the page scrolls
   * to the focus) with the focus on Pause, where a keyboard user wants it. */
  if (self->reveal_live && mine)
    {
      self->reveal_live = FALSE;
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, focus_pause_cb, g_object_ref (self), g_object_unref);
    }
}

static void
on_run_started_cb (HeraldCampaignsPage *self,
                   HeraldCampaignItem  *item)
{
  herald_send_chart_follow (self->chart, item);
  self->chart_id = herald_campaign_item_get_id (item);
  campaigns_page_update_detail (self);
}

static void
on_run_finished_cb (HeraldCampaignsPage *self,
                    HeraldCampaignItem  *item,
                    int                  status,
                    const char          *reason)
{
  switch ((HeraldSenderStatus) status)
    {
    case HERALD_SENDER_DONE:
      if (campaigns_page_is_outbox (self, herald_campaign_item_get_account_id (item)))
        {
          AdwToast *toast = adw_toast_new (_("Done: the messages were written to the test outbox — nothing was sent."));

          adw_toast_set_button_label (toast, _("_Open Test Outbox"));
          adw_toast_set_action_name (toast, "campaign.open-outbox");
          adw_toast_overlay_add_toast (self->toast_overlay, toast);
        }
      else
        campaigns_page_toast (self, _("The campaign is done."));
      break;
    case HERALD_SENDER_PAUSED:
      campaigns_page_toast (self, _("The campaign is paused."));
      break;
    case HERALD_SENDER_CANCELLED:
      campaigns_page_toast (self, _("The campaign was cancelled."));
      break;
    case HERALD_SENDER_POSTPONED:
      campaigns_page_toast (self, _("What is left is due later (retries or the account’s limits): press Resume then."));
      break;
    case HERALD_SENDER_FAULT:
    case HERALD_SENDER_FAILED:
      {
        g_autofree char *text = g_strdup_printf (_("Sending stopped: %s"),
                                                 reason != NULL ? reason : _("unknown reason"));
        campaigns_page_toast (self, text);
        break;
      }
    default:
      break;
    }
  campaigns_page_update_detail (self);
  campaigns_page_refresh (self);
}

void
campaigns_page_start_sender (HeraldCampaignsPage *self,
                             gint64               campaign_id)
{
  g_autoptr(GError) error = NULL;

  self->reveal_live = TRUE;
  if (!herald_send_controller_start (self->controller, campaign_id, &error) && error != NULL)
    campaigns_page_toast (self, error->message);
  campaigns_page_update_detail (self);
}

static void
on_row_selected_cb (GtkListBox          *box,
                    GtkListBoxRow       *row,
                    HeraldCampaignsPage *self)
{
  HeraldCampaignItem *item;

  if (self->filling || row == NULL)
    return;
  item = g_object_get_data (G_OBJECT (row), "campaign-item");
  self->selected_id = item != NULL ? herald_campaign_item_get_id (item) : 0;
  campaigns_page_update_detail (self);
}

/* The window opens the session in a thread, gives it to the send
 * controller and shows the pages after it has: the first time the page is
 * shown, it takes the controller's session. Each showing reloads the
 * campaigns, lists, templates and accounts. */
static void
on_map_cb (HeraldCampaignsPage *self)
{
  if (self->session == NULL)
    {
      HeraldSession *session = self->controller != NULL ? herald_send_controller_get_session (self->controller) : NULL;

      if (session == NULL)
        return;
      self->session = g_object_ref (session);
    }
  campaigns_page_refresh (self);
}

/* ---- the test outbox's folder ----------------------------------------------- */

static void
on_outbox_opened_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(HeraldCampaignsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        /* The folder is made when the first message is written there. */
        text = g_strdup (_("The test outbox is empty: nothing was written to it yet."));
      else
        /* TRANSLATORS: %s says why */
        text = g_strdup_printf (_("The test outbox folder could not be opened: %s. Open it with your file manager instead."),
                                error->message);
      campaigns_page_toast (self, text);
    }
}

/* campaign.open-outbox: the folder in the file manager, through the
 * OpenURI portal when sandboxed (GtkFileLauncher needs GTK 4.10). */
static void
open_outbox_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HeraldCampaignsPage *self = HERALD_CAMPAIGNS_PAGE (widget);
  g_autofree char *path = herald_store_default_outbox ();
  g_autoptr(GFile) folder = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (folder);
  g_autoptr(GdkAppLaunchContext) context = gdk_display_get_app_launch_context (gtk_widget_get_display (widget));

  g_debug ("opening the test outbox %s", uri);
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), self->cancellable,
                                           on_outbox_opened_cb, g_object_ref (self));
}

/* ---- GObject ------------------------------------------------------------ */

/* GTK 4.8 names a button with a mnemonic twice for screen readers: its
 * label, the button's mnemonic label, is also "labelled-by" it, and the
 * two names add up. The name the .ui gives stays, once. */
static void
name_once (gpointer button)
{
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static void
herald_campaigns_page_dispose (GObject *object)
{
  HeraldCampaignsPage *self = HERALD_CAMPAIGNS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->watched != NULL)
    g_signal_handlers_disconnect_by_data (self->watched, self);
  g_clear_object (&self->watched);
  if (self->controller != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->controller, self);
      g_signal_handlers_disconnect_by_data (herald_send_controller_get_campaigns (self->controller), self);
      gtk_list_box_bind_model (self->campaign_list, NULL, NULL, NULL, NULL);
    }
  g_clear_object (&self->controller);
  /* AdwBin unparents its child itself; disposing the template as well
   * would unparent the toast overlay twice (libadwaita 1.2). */
  adw_bin_set_child (ADW_BIN (object), NULL);

  G_OBJECT_CLASS (herald_campaigns_page_parent_class)->dispose (object);
}

static void
herald_campaigns_page_finalize (GObject *object)
{
  HeraldCampaignsPage *self = HERALD_CAMPAIGNS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->lists, g_ptr_array_unref);
  g_clear_pointer (&self->prefer_list, g_free);
  g_clear_pointer (&self->prefer_template, g_free);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->segments, g_ptr_array_unref);
  g_free (self->new_segment);

  G_OBJECT_CLASS (herald_campaigns_page_parent_class)->finalize (object);
}

static void
herald_campaigns_page_class_init (HeraldCampaignsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_campaigns_page_dispose;
  object_class->finalize = herald_campaigns_page_finalize;

  g_type_ensure (HERALD_TYPE_SEND_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-campaigns-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, account_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, campaign_list);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, action_bar);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, chart);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, detail_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, detail_sources);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, form_outbox_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, list_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, open_outbox_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, outbox_box);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, pause_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, rate_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, resend_uncertain_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, resume_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, schedule_calendar);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, schedule_hour);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, schedule_minute);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, segment_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, skip_uncertain_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, template_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, uncertain_box);
  gtk_widget_class_bind_template_child (widget_class, HeraldCampaignsPage, uncertain_label);
  gtk_widget_class_bind_template_callback (widget_class, on_combo_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_schedule_toggled_cb);

  gtk_widget_class_install_action (widget_class, "campaign.cancel", NULL, campaigns_page_cancel_activated);
  gtk_widget_class_install_action (widget_class, "campaign.check", NULL, campaigns_page_check_activated);
  gtk_widget_class_install_action (widget_class, "campaign.create", NULL, campaigns_page_create_activated);
  gtk_widget_class_install_action (widget_class, "campaign.new-segment", NULL, campaigns_page_new_segment_activated);
  gtk_widget_class_install_action (widget_class, "campaign.edit-segment", NULL, campaigns_page_edit_segment_activated);
  gtk_widget_class_install_action (widget_class, "campaign.open-outbox", NULL, open_outbox_activated);
  gtk_widget_class_install_action (widget_class, "campaign.pause", NULL, campaigns_page_pause_activated);
  gtk_widget_class_install_action (widget_class, "campaign.resend-uncertain", NULL,
                                   campaigns_page_resend_uncertain_activated);
  gtk_widget_class_install_action (widget_class, "campaign.resume", NULL, campaigns_page_resume_activated);
  gtk_widget_class_install_action (widget_class, "campaign.skip-uncertain", NULL,
                                   campaigns_page_skip_uncertain_activated);
}

static void
herald_campaigns_page_init (HeraldCampaignsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  {
    /* Send Later starts at the next hour of the engine's today. */
    g_autoptr(GDateTime) now = herald_now_local ();

    gtk_calendar_select_day (self->schedule_calendar, now);
    gtk_spin_button_set_value (self->schedule_hour, (g_date_time_get_hour (now) + 1) % 24);
  }

  name_once (self->create_button);
  name_once (self->check_button);
  name_once (self->open_outbox_button);
  name_once (self->form_outbox_button);
  name_once (self->pause_button);
  name_once (self->resume_button);
  name_once (self->cancel_button);
  name_once (self->resend_uncertain_button);
  name_once (self->skip_uncertain_button);
  self->cancellable = g_cancellable_new ();
  campaigns_page_init_segment_row (self);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
}

/* ---- for the window ------------------------------------------------------ */

/**
 * herald_campaigns_page_set_controller:
 *
 * The application's send controller: its campaigns are the page's list,
 * and the page sends through it. Set once, before the page is shown.
 */
void
herald_campaigns_page_set_controller (HeraldCampaignsPage  *self,
                                      HeraldSendController *controller)
{
  g_return_if_fail (HERALD_IS_CAMPAIGNS_PAGE (self));
  g_return_if_fail (HERALD_IS_SEND_CONTROLLER (controller));
  g_return_if_fail (self->controller == NULL);

  self->controller = g_object_ref (controller);
  gtk_list_box_bind_model (self->campaign_list, herald_send_controller_get_campaigns (controller),
                           create_campaign_row, self, NULL);
  /* After the list box has made its rows. */
  g_signal_connect_object (herald_send_controller_get_campaigns (controller), "items-changed",
                           G_CALLBACK (on_campaigns_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "started", G_CALLBACK (on_run_started_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "finished", G_CALLBACK (on_run_finished_cb), self, G_CONNECT_SWAPPED);
  select_campaign_row (self);
  campaigns_page_update_detail (self);
}

/**
 * herald_campaigns_page_select_campaign:
 *
 * Shows @campaign_id in the live view (after the next load if the page
 * does not have it yet).
 */
void
herald_campaigns_page_select_campaign (HeraldCampaignsPage *self,
                                       gint64               campaign_id)
{
  g_return_if_fail (HERALD_IS_CAMPAIGNS_PAGE (self));

  self->selected_id = campaign_id;
  if (self->controller != NULL)
    {
      select_campaign_row (self);
      campaigns_page_update_detail (self);
    }
  campaigns_page_refresh (self);
}
