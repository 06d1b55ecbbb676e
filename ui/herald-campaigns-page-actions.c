/* herald-campaigns-page-actions.c — what the campaigns page's buttons do
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page's actions (campaign.create, campaign.check, campaign.pause, campaign.resume,
 * campaign.cancel, campaign.resend-uncertain, campaign.skip-uncertain),
 * bound to its buttons in herald-campaigns-page.ui, and
 * campaigns_page_update_actions(), which says which of them can be done.
 * Store work runs in worker threads (herald_session_run_async()).
 */
#define G_LOG_DOMAIN "herald-campaigns-page"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "herald-campaign-format.h"
#include "herald-campaigns-page-private.h"
#include "herald-checks.h"
#include "herald-dialog.h"
#include "herald-merge.h"
#include "herald-parts.h"

/* ---- what can be done now ------------------------------------------------ */

/*
 * campaigns_page_update_actions:
 *
 * Enables the page's actions for the selected campaign, as the send
 * controller decides (herald_campaign_item_can_pause() and the others):
 * Pause while it sends, Resume while something is left to send and
 * nothing else sends, Cancel unless it is over. Called where the live view
 * is updated (campaigns_page_update_detail()) and around creating a
 * campaign.
 */
void
campaigns_page_update_actions (HeraldCampaignsPage *self)
{
  HeraldSendController *controller = self->controller;
  gint64 id = self->selected_id;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaign.create", !self->creating);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaign.check", id > 0 && !self->checking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaign.pause",
                                 controller != NULL && herald_send_controller_can_pause (controller, id));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaign.resume",
                                 controller != NULL && herald_send_controller_can_resume (controller, id));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaign.cancel",
                                 controller != NULL && herald_send_controller_can_cancel (controller, id));
  /* They look at the selected campaign when they run. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaign.resend-uncertain", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaign.skip-uncertain", TRUE);
}

/* ---- before sending: each recipient's own attachment ---------------------- */

typedef struct
{
  gint64         id;
  GPtrArray     *problems;
} CheckData;

static void
check_data_free (gpointer data)
{
  CheckData *d = data;

  g_clear_pointer (&d->problems, g_ptr_array_unref);
  g_free (d);
}

static gboolean
check_func (HeraldStore   *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  CheckData *d = data;

  d->problems = herald_campaign_check_attachments (store, d->id, error);
  return d->problems != NULL;
}

static void
on_checked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HeraldCampaignsPage) self = user_data;
  CheckData *d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &d, &error))
    {
      if (!campaigns_page_is_cancelled (error))
        campaigns_page_toast (self, error->message);
      return;
    }
  if (d->problems->len == 0)
    {
      campaigns_page_start_sender (self, d->id);
      return;
    }
  body = herald_format_attachment_problems (d->problems);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Attachments Cannot Be Read"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  herald_dialog_name_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  campaigns_page_refresh (self);
}

/* Sends, or resumes, once every recipient's own attachment can be read. */
static void
check_then_start (HeraldCampaignsPage *self,
                  gint64               campaign_id)
{
  CheckData *d;

  if (self->session == NULL || herald_send_controller_get_sending (self->controller))
    return;
  d = g_new0 (CheckData, 1);
  d->id = campaign_id;
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, check_func, d, check_data_free,
                            self->cancellable, on_checked_cb, g_object_ref (self));
}

/* ---- the pre-send checklist ---------------------------------------------- */

typedef struct
{
  gint64         id;
  GPtrArray     *problems;   /* HeraldCheckProblem */
} ChecklistData;

static void
checklist_data_free (gpointer data)
{
  ChecklistData *d = data;

  g_clear_pointer (&d->problems, g_ptr_array_unref);
  g_free (d);
}

/* In the session's thread, on a connection of its own: DNS and the links
 * take seconds, and the window's reads must not wait behind them. */
static gboolean
checklist_func (HeraldStore   *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  ChecklistData *d = data;

  d->problems = herald_campaign_checklist (store, d->id, NULL, cancellable, error);
  return d->problems != NULL;
}

static void
on_checklist_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HeraldCampaignsPage) self = user_data;
  ChecklistData *d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  self->checking = FALSE;
  campaigns_page_update_actions (self);
  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &d, &error))
    {
      if (!campaigns_page_is_cancelled (error))
        campaigns_page_toast (self, error->message);
      return;
    }
  body = herald_format_check_problems (d->problems);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Before Sending"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  herald_dialog_name_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/*
 * campaigns_page_check_activated:
 *
 * campaign.check: the pre-send checklist of the selected campaign, in a
 * dialog once DNS and the links have answered.
 */
void
campaigns_page_check_activated (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  HeraldCampaignsPage *self = HERALD_CAMPAIGNS_PAGE (widget);
  ChecklistData *d;

  if (self->session == NULL || self->selected_id <= 0 || self->checking)
    return;
  d = g_new0 (ChecklistData, 1);
  d->id = self->selected_id;
  self->checking = TRUE;
  campaigns_page_update_actions (self);
  campaigns_page_toast (self, _("Checking addresses, your domain and the links…"));
  herald_session_run_async (self->session, HERALD_SESSION_JOB_OWN_STORE, checklist_func, d, checklist_data_free,
                            self->cancellable, on_checklist_cb, g_object_ref (self));
}

/* ---- creating ----------------------------------------------------------- */

typedef struct
{
  char          *name;
  char          *list;
  char          *template_name;
  char          *account;
  char          *segment;        /* nullable: the whole list */
  gint64         scheduled_at;   /* 0: now */
  gint64         id;
  HeraldCampaignSummary summary;
} CreateData;

static void
create_data_free (gpointer data)
{
  CreateData *d = data;

  g_free (d->name);
  g_free (d->list);
  g_free (d->template_name);
  g_free (d->account);
  g_free (d->segment);
  g_free (d);
}

static gboolean
create_func (HeraldStore   *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  CreateData *d = data;
  HeraldCampaignSpec spec = { 0 };
  g_autoptr(HeraldTemplateRecord) record = NULL;

  /* No campaign that would stop at its first message (a field the list
   * lacks), or whose messages would carry an empty unsubscribe link or
   * not say who sends them. */
  if ((record = herald_templates_find (store, d->template_name, error)) == NULL ||
      !herald_template_check_fields (store, record, d->list, error) ||
      !herald_template_check_unsubscribe (store, record, d->account, error) ||
      !herald_template_check_business (store, record, NULL, error))
    return FALSE;

  spec.name = d->name;
  spec.list_name = d->list;
  spec.template_name = d->template_name;
  spec.account_name = d->account;
  spec.segment = d->segment;
  spec.scheduled_at = d->scheduled_at;
  d->id = herald_campaign_create (store, &spec, &d->summary, error);
  if (d->id < 0)
    return FALSE;
  /* A campaign nobody gets would only be an empty draft in the list. */
  if (d->summary.n_recipients == 0)
    {
      g_autoptr(GError) local_error = NULL;

      if (!herald_campaign_discard_draft (store, d->id, &local_error))
        g_warning ("An empty campaign was kept: %s", local_error->message);
      if (d->segment != NULL)
        g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_INVALID,
                     _("Nobody in the segment “%s” can get this campaign: no contact matches it, or everyone who does is suppressed, unsubscribed or declined marketing mail. Choose another segment, or the whole list."),
                     d->segment);
      else
        g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_INVALID,
                     _("Nobody on the list “%s” can get this campaign: it is empty, or everyone on it is suppressed, unsubscribed or declined marketing mail. Add recipients to the list, or choose another list."),
                     d->list);
      return FALSE;
    }
  return TRUE;
}

static const HeraldAccount *
find_account (HeraldCampaignsPage *self,
              const char          *name)
{
  for (guint i = 0; self->accounts != NULL && i < self->accounts->len; i++)
    {
      const HeraldAccount *account = g_ptr_array_index (self->accounts, i);

      if (g_str_equal (account->name, name))
        return account;
    }
  return NULL;
}

/* "Open Preferences" in the refusal for missing business details. */
static void
on_open_preferences_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        gpointer          user_data)
{
  GApplication *app = g_application_get_default ();

  if (app != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
}

static void
on_created_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HeraldCampaignsPage) self = user_data;
  CreateData *d = NULL;
  g_autoptr(GError) error = NULL;
  const HeraldAccount *account;

  self->creating = FALSE;
  campaigns_page_update_actions (self);
  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &d, &error))
    {
      if (error->domain == HERALD_MERGE_ERROR)
        {
          /* Longer than a toast: what is missing, and where to add it. */
          GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                      error->code == HERALD_MERGE_ERROR_UNKNOWN_FIELDS
                                                      ? _("Fields the List Does Not Have")
                                                      : error->code == HERALD_MERGE_ERROR_NO_BUSINESS_DETAILS
                                                      ? _("Business Details Missing")
                                                      : _("No Unsubscribe Link"),
                                                      error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          if (error->code == HERALD_MERGE_ERROR_NO_BUSINESS_DETAILS)
            {
              /* The way forward, not only the reason. */
              adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "preferences", _("Open _Preferences"));
              adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "preferences",
                                                          ADW_RESPONSE_SUGGESTED);
              adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "preferences");
              g_signal_connect (dialog, "response::preferences", G_CALLBACK (on_open_preferences_cb), NULL);
            }
          herald_dialog_name_buttons (dialog);
          gtk_window_present (GTK_WINDOW (dialog));
        }
      else if (!campaigns_page_is_cancelled (error))
        campaigns_page_toast (self, error->message);
      return;
    }
  account = find_account (self, d->account);
  if (account == NULL)
    {
      campaigns_page_toast (self, _("The account was removed meanwhile. Choose another account."));
      return;
    }
  /* The confirmation is the same for a campaign sent later; confirmed, it waits for its time. */
  self->confirm_scheduled_at = d->scheduled_at;
  campaigns_page_confirm_send (self, d->id, d->name, d->list, account, &d->summary);
}

/*
 * campaigns_page_confirmed:
 *
 * The user confirmed the send of @campaign_id: the form is cleared for
 * the next campaign and this one starts, shown live.
 */
void
campaigns_page_confirmed (HeraldCampaignsPage *self,
                          gint64               campaign_id)
{
  /* Another campaign started while the dialog was open: this one waits. */
  if (herald_send_controller_get_sending (self->controller))
    campaigns_page_toast (self, _("Another campaign is sending: this one is kept, not sent. Press Resume on it once the other is done."));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  self->selected_id = campaign_id;
  campaigns_page_update_detail (self);
  if (self->confirm_scheduled_at != 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (self->confirm_scheduled_at);
      /* TRANSLATORS: the date and time a campaign is scheduled for */
      g_autofree char *text = g_date_time_format (when, _("%Y-%m-%d %H:%M"));
      g_autofree char *message = g_strdup_printf (_("The campaign will be sent at %s."), text);

      adw_expander_row_set_enable_expansion (self->schedule_row, FALSE);
      campaigns_page_toast (self, message);
    }
  else
    check_then_start (self, campaign_id);
  campaigns_page_refresh (self);
}

/* Send Later's date and time, in the user's time zone, as Unix seconds. */
static gint64
selected_time (HeraldCampaignsPage *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->schedule_calendar);
  g_autoptr(GDateTime) when = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                                     g_date_time_get_day_of_month (day),
                                                     gtk_spin_button_get_value_as_int (self->schedule_hour),
                                                     gtk_spin_button_get_value_as_int (self->schedule_minute), 0);

  return when != NULL ? g_date_time_to_unix (when) : 1;   /* 1: long past, refused */
}

void
campaigns_page_create_activated (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  HeraldCampaignsPage *self = HERALD_CAMPAIGNS_PAGE (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  CreateData *d;

  if (self->session == NULL)
    return;
  if (*name == '\0')
    {
      campaigns_page_toast (self, _("Give the campaign a name first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }
  if (!adw_expander_row_get_enable_expansion (self->schedule_row) &&
      herald_send_controller_get_sending (self->controller))
    {
      campaigns_page_toast (self, _("Another campaign is sending. Wait until it is done, or pause it first."));
      return;
    }
  d = g_new0 (CreateData, 1);
  d->name = g_steal_pointer (&name);
  d->list = campaigns_page_dup_selected_name (self->list_row);
  d->template_name = campaigns_page_dup_selected_name (self->template_row);
  d->account = campaigns_page_dup_selected_name (self->account_row);
  d->segment = campaigns_page_dup_segment (self);
  if (adw_expander_row_get_enable_expansion (self->schedule_row))
    d->scheduled_at = selected_time (self);
  if (d->list == NULL || d->template_name == NULL || d->account == NULL)
    {
      create_data_free (d);
      campaigns_page_toast (self, _("Choose a list, a template and an account first."));
      return;
    }
  self->creating = TRUE;
  campaigns_page_update_actions (self);
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, create_func, d, create_data_free,
                            self->cancellable, on_created_cb, g_object_ref (self));
}

/* ---- pause, resume, cancel, re-send, skip -------------------------------- */

typedef enum { OP_RESEND_UNCERTAIN, OP_SKIP_UNCERTAIN } Op;

typedef struct
{
  gint64         id;
  Op             op;
  guint64        changed;
} OpData;

static gboolean
op_func (HeraldStore   *store,
         gpointer       data,
         GCancellable  *cancellable,
         GError       **error)
{
  OpData *d = data;

  switch (d->op)
    {
    case OP_RESEND_UNCERTAIN:
      return herald_campaign_resend_all (store, d->id, HERALD_DELIVERY_UNCERTAIN, &d->changed, error);
    case OP_SKIP_UNCERTAIN:
      return herald_campaign_skip_all (store, d->id, HERALD_DELIVERY_UNCERTAIN, &d->changed, error);
    default:
      g_assert_not_reached ();
    }
}

static void
on_op_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HeraldCampaignsPage) self = user_data;
  OpData *d = NULL;
  g_autoptr(GError) error = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &d, &error))
    {
      if (!campaigns_page_is_cancelled (error))
        campaigns_page_toast (self, error->message);
      return;
    }
  if (d->op == OP_RESEND_UNCERTAIN)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (NULL, "%" PRIu64 " message queued again (same Message-ID). Press Resume to send it.",
                                      "%" PRIu64 " messages queued again (same Message-ID). Press Resume to send them.",
                                      d->changed), (uint64_t) d->changed);
      campaigns_page_toast (self, text);
    }
  else if (d->op == OP_SKIP_UNCERTAIN)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (NULL, "%" PRIu64 " message skipped.",
                                      "%" PRIu64 " messages skipped.", d->changed), (uint64_t) d->changed);
      campaigns_page_toast (self, text);
    }
  campaigns_page_refresh (self);
}

static void
run_op (HeraldCampaignsPage *self,
        Op                   op)
{
  OpData *d;

  if (self->session == NULL || self->selected_id <= 0)
    return;
  d = g_new0 (OpData, 1);
  d->id = self->selected_id;
  d->op = op;
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, op_func, d, g_free,
                            self->cancellable, on_op_done_cb, g_object_ref (self));
}

void
campaigns_page_pause_activated (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  HeraldCampaignsPage *self = HERALD_CAMPAIGNS_PAGE (widget);

  herald_send_controller_pause (self->controller, self->selected_id);
}

void
campaigns_page_resume_activated (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  HeraldCampaignsPage *self = HERALD_CAMPAIGNS_PAGE (widget);

  if (self->selected_id > 0)
    check_then_start (self, self->selected_id);
}

static void
on_cancelled_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HeraldCampaignsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!herald_send_controller_cancel_finish (HERALD_SEND_CONTROLLER (source), result, &error))
    {
      if (!campaigns_page_is_cancelled (error))
        campaigns_page_toast (self, error->message);
      return;
    }
  campaigns_page_refresh (self);
}

/* campaign.cancel asks first (campaigns_page_confirm_cancel()). */
void
campaigns_page_cancel_activated (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  HeraldCampaignsPage *self = HERALD_CAMPAIGNS_PAGE (widget);

  if (self->session == NULL || self->selected_id <= 0)
    return;
  campaigns_page_confirm_cancel (self, self->selected_id);
}

/*
 * campaigns_page_cancel_now:
 *
 * Cancels @campaign_id for good, once the user said so.
 */
void
campaigns_page_cancel_now (HeraldCampaignsPage *self,
                           gint64               campaign_id)
{
  if (self->session == NULL || campaign_id <= 0)
    return;
  herald_send_controller_cancel_async (self->controller, campaign_id, self->cancellable,
                                       on_cancelled_cb, g_object_ref (self));
}

void
campaigns_page_resend_uncertain_activated (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter)
{
  HeraldCampaignsPage *self = HERALD_CAMPAIGNS_PAGE (widget);

  run_op (self, OP_RESEND_UNCERTAIN);
}

void
campaigns_page_skip_uncertain_activated (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  HeraldCampaignsPage *self = HERALD_CAMPAIGNS_PAGE (widget);

  run_op (self, OP_SKIP_UNCERTAIN);
}
