/* herald-campaigns-page-confirm.c — asking before a campaign goes out
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Create & Send" creates the campaign (a draft: nothing is sent yet),
 * then this dialog says who gets it, through which account, at which
 * pacing and for how long, runs the pre-send checklist
 * (herald_campaign_checklist()) in a session thread with a spinner, and
 * warns when the same newsletter already went to the same list
 * (herald_campaign_find_repeat()). Errors turn Send off; warnings leave
 * the choice to the user. Enter and Escape both mean Cancel: nothing goes
 * out by accident. Cancelled, the draft is removed again
 * (herald_campaign_discard_draft()).
 *
 * The test Outbox gets the same dialog with its own words ("Test outbox —
 * nothing is sent") and no pacing: a test run is where the checks are
 * most useful, and one path for both means the tests go through the
 * dialog a real send shows.
 *
 * Asking before cancelling a campaign is here too.
 */
#define G_LOG_DOMAIN "herald-campaigns-page"

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n.h>

#include "herald-account.h"
#include "herald-campaign-format.h"
#include "herald-campaigns-page-private.h"
#include "herald-checks.h"
#include "herald-dialog.h"

#define MAX_ROWS 30

typedef struct
{
  HeraldCampaignsPage *page;          /* owned */
  GCancellable        *cancellable;   /* owned: the checklist's */
  GtkWidget           *spinner;
  GtkWidget           *status_label;
  GtkWidget           *problems;      /* GtkListBox */
  GtkWidget           *scroller;
  gint64               id;
  gboolean             answered;      /* the dialog is gone: touch nothing of it */
} Confirm;

static void
confirm_free (gpointer data)
{
  Confirm *c = data;

  g_cancellable_cancel (c->cancellable);
  g_clear_object (&c->cancellable);
  g_clear_object (&c->page);
  g_free (c);
}

/* ---- what the account's pacing means ------------------------------------- */

static char *
describe_pacing (const HeraldAccount *account)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (account->rate_per_second > 0)
    /* TRANSLATORS: part of an account's pacing; %g is a number of messages such as 0.5 */
    g_ptr_array_add (parts, g_strdup_printf (_("%g a second"), account->rate_per_second));
  if (account->rate_per_minute > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (NULL, "%" PRId64 " a minute", "%" PRId64 " a minute",
                                                          account->rate_per_minute),
                                             (int64_t) account->rate_per_minute));
  if (account->rate_per_hour > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (NULL, "%" PRId64 " an hour", "%" PRId64 " an hour",
                                                          account->rate_per_hour),
                                             (int64_t) account->rate_per_hour));
  if (account->daily_cap > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (NULL, "%" PRId64 " a day", "%" PRId64 " a day",
                                                          account->daily_cap),
                                             (int64_t) account->daily_cap));
  if (parts->len == 0)
    return g_strdup (_("Pacing: none; the account sets no limit, so sending takes as long as the server needs."));
  g_ptr_array_add (parts, NULL);
  {
    /* TRANSLATORS: separates the parts of an account's pacing */
    g_autofree char *joined = g_strjoinv (_(", "), (char **) parts->pdata);

    /* TRANSLATORS: %s lists the account's limits, such as "1 a second, 100 an hour" */
    return g_strdup_printf (_("Pacing: at most %s."), joined);
  }
}

static char *
describe_send (const char                  *campaign,
               const char                  *list,
               const HeraldAccount         *account,
               const HeraldCampaignSummary *summary)
{
  g_autofree char *who = NULL;
  g_autofree char *pacing = NULL;
  g_autofree char *duration = NULL;

  if (account->kind == HERALD_ACCOUNT_OUTBOX)
    {
      /* TRANSLATORS: the send confirmation for the test outbox; the first %s is the campaign, the second the list */
      who = g_strdup_printf (g_dngettext (NULL,
                                          "Test outbox — nothing is sent. The %" PRIu64 " message of “%s” for the list “%s” is written to the test outbox folder on this computer, for you to look at.",
                                          "Test outbox — nothing is sent. The %" PRIu64 " messages of “%s” for the list “%s” are written to the test outbox folder on this computer, for you to look at.",
                                          summary->n_recipients),
                             (uint64_t) summary->n_recipients, campaign, list);
      return g_steal_pointer (&who);
    }
  /* TRANSLATORS: the send confirmation: the number of recipients, the campaign, the list, the account, its From */
  who = g_strdup_printf (g_dngettext (NULL,
                                      "“%2$s” goes to %1$" PRIu64 " recipient of the list “%3$s” through the account “%4$s” (%5$s).",
                                      "“%2$s” goes to %1$" PRIu64 " recipients of the list “%3$s” through the account “%4$s” (%5$s).",
                                      summary->n_recipients),
                         (uint64_t) summary->n_recipients, campaign, list, account->name, account->from);
  pacing = describe_pacing (account);
  if (summary->estimated_seconds > 0)
    {
      g_autofree char *time = herald_format_duration (summary->estimated_seconds);
      /* TRANSLATORS: in the send confirmation; %s is a duration such as 0:12:30 */
      duration = g_strdup_printf (_("Sending takes at least %s."), time);
    }
  else
    duration = g_strdup ("");
  return g_strdup_printf ("%s\n\n%s %s", who, pacing, duration);
}

/* ---- the checklist, in a thread ------------------------------------------ */

typedef struct
{
  gint64      id;
  GPtrArray  *problems;       /* HeraldCheckProblem */
  gint64      n_repeat;
  gint64      repeat_at;
} ChecksData;

static void
checks_data_free (gpointer data)
{
  ChecksData *d = data;

  g_clear_pointer (&d->problems, g_ptr_array_unref);
  g_free (d);
}

/* On a connection of its own: DNS and the links take seconds. */
static gboolean
checks_func (HeraldStore   *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  ChecksData *d = data;

  g_autoptr(GPtrArray) each = herald_campaign_checklist (store, d->id, NULL, cancellable, error);

  if (each == NULL)
    return FALSE;
  /* One card for the same finding at many addresses; “Check” lists each. */
  d->problems = herald_check_problems_group (each);
  return herald_campaign_find_repeat (store, d->id, &d->n_repeat, &d->repeat_at, error);
}

static void
add_row (Confirm             *c,
         HeraldCheckSeverity  severity,
         const char          *about,
         const char          *text)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  const char *title;

  switch (severity)
    {
    case HERALD_CHECK_ERROR:
      /* TRANSLATORS: a pre-send check's row in the send confirmation: it stops the send */
      title = _("Must be fixed");
      icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
      gtk_widget_add_css_class (icon, "error");
      break;
    case HERALD_CHECK_WARNING:
      /* TRANSLATORS: a pre-send check's row in the send confirmation: the user may send anyway */
      title = _("Warning");
      icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_widget_add_css_class (icon, "warning");
      break;
    case HERALD_CHECK_NOTE:
    default:
      /* TRANSLATORS: a pre-send check's row in the send confirmation: for information */
      title = _("Note");
      icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");
      break;
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (about != NULL && *about != '\0' && strstr (text, about) == NULL)
    {
      /* TRANSLATORS: one problem: the address, domain or link it is about, then what is wrong */
      g_autofree char *line = g_strdup_printf (_("%s: %s"), about, text);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), line);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_append (GTK_LIST_BOX (c->problems), row);
}

static void
show_repeat (Confirm    *c,
             ChecksData *d)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (d->repeat_at);
  g_autofree char *date = when != NULL ? g_date_time_format (when, "%x") : g_strdup ("?");
  g_autofree char *text =
    /* TRANSLATORS: in the send confirmation; %s is a date */
    g_strdup_printf (g_dngettext (NULL, "This newsletter already went to %" PRId64 " of these people on %s.",
                                  "This newsletter already went to %" PRId64 " of these people on %s.", d->n_repeat),
                     (int64_t) d->n_repeat, date);

  add_row (c, HERALD_CHECK_WARNING, NULL, text);
}

static void
on_checks_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AdwMessageDialog) dialog = user_data;
  Confirm *c = g_object_get_data (G_OBJECT (dialog), "herald-confirm");
  ChecksData *d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  guint n_errors = 0, n_warnings = 0, shown = 0;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &d, &error))
    {
      if (c == NULL || c->answered || campaigns_page_is_cancelled (error))
        return;
      gtk_spinner_stop (GTK_SPINNER (c->spinner));
      gtk_widget_set_visible (c->spinner, FALSE);
      /* TRANSLATORS: in the send confirmation; %s says why the checks could not run */
      status = g_strdup_printf (_("The checks could not run: %s Send is turned off; cancel and try again."),
                                error->message);
      gtk_label_set_text (GTK_LABEL (c->status_label), status);
      return;
    }
  if (c == NULL || c->answered)
    return;

  if (d->n_repeat > 0)
    {
      show_repeat (c, d);
      n_warnings++;
    }
  for (guint i = 0; i < d->problems->len; i++)
    {
      HeraldCheckProblem *p = g_ptr_array_index (d->problems, i);

      if (p->severity == HERALD_CHECK_ERROR)
        n_errors++;
      else if (p->severity == HERALD_CHECK_WARNING)
        n_warnings++;
    }
  /* Errors first, then warnings, then notes. */
  for (int severity = HERALD_CHECK_ERROR; severity >= HERALD_CHECK_NOTE; severity--)
    for (guint i = 0; i < d->problems->len; i++)
      {
        HeraldCheckProblem *p = g_ptr_array_index (d->problems, i);

        if ((int) p->severity == severity && shown++ < MAX_ROWS)
          add_row (c, p->severity, *p->email != '\0' ? p->email : p->value, p->text);
      }
  if (shown > MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (NULL, "… and %u more: “Check” on the campaign lists them all.",
                                                            "… and %u more: “Check” on the campaign lists them all.",
                                                            shown - MAX_ROWS), shown - MAX_ROWS);
      add_row (c, HERALD_CHECK_NOTE, NULL, more);
    }

  gtk_spinner_stop (GTK_SPINNER (c->spinner));
  gtk_widget_set_visible (c->spinner, FALSE);
  gtk_widget_set_visible (c->scroller, gtk_widget_get_first_child (c->problems) != NULL);
  if (n_errors > 0)
    status = g_strdup_printf (g_dngettext (NULL,
                                           "%u problem stops this send: fix it, then create the campaign again.",
                                           "%u problems stop this send: fix them, then create the campaign again.",
                                           n_errors), n_errors);
  else if (n_warnings > 0)
    status = g_strdup_printf (g_dngettext (NULL, "%u warning: you may send anyway.",
                                           "%u warnings: you may send anyway.", n_warnings), n_warnings);
  else
    status = g_strdup (_("The checks found nothing to fix."));
  gtk_label_set_text (GTK_LABEL (c->status_label), status);
  adw_message_dialog_set_response_enabled (dialog, "send", n_errors == 0);
}

/* ---- the answer ----------------------------------------------------------- */

static gboolean
discard_func (HeraldStore   *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  return herald_campaign_discard_draft (store, *(gint64 *) data, error);
}

static void
on_discarded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HeraldCampaignsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, NULL, &error))
    {
      if (!campaigns_page_is_cancelled (error))
        campaigns_page_toast (self, error->message);
    }
  else
    campaigns_page_toast (self, _("Nothing was sent, and the campaign was not kept."));
  campaigns_page_refresh (self);
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                Confirm          *c)
{
  HeraldCampaignsPage *self = c->page;

  c->answered = TRUE;
  g_cancellable_cancel (c->cancellable);
  if (g_str_equal (response, "send"))
    {
      campaigns_page_confirmed (self, c->id);
      return;
    }
  if (self->session != NULL)
    herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, discard_func,
                              g_memdup2 (&c->id, sizeof c->id), g_free, self->cancellable,
                              on_discarded_cb, g_object_ref (self));
}

static GtkWidget *
build_extra (Confirm *c)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *status = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  c->spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (c->spinner));
  gtk_accessible_update_property (GTK_ACCESSIBLE (c->spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Checking"), -1);
  c->status_label = gtk_label_new (_("Checking addresses, your domain and the links…"));
  gtk_label_set_wrap (GTK_LABEL (c->status_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (c->status_label), 0.0);
  gtk_widget_set_hexpand (c->status_label, TRUE);
  gtk_box_append (GTK_BOX (status), c->spinner);
  gtk_box_append (GTK_BOX (status), c->status_label);
  gtk_box_append (GTK_BOX (box), status);

  c->problems = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (c->problems), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (c->problems, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (c->problems), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pre-send checks"), -1);
  c->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (c->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (c->scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (c->scroller), 280);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (c->scroller), c->problems);
  gtk_widget_set_visible (c->scroller, FALSE);
  gtk_box_append (GTK_BOX (box), c->scroller);
  return box;
}

/*
 * campaigns_page_confirm_send:
 * @campaign_id: the campaign just created, a draft
 * @name: its name
 * @list: its list's name
 * @account: its account
 * @summary: what creating it counted
 *
 * Shows the send confirmation and starts the checks. Send starts the
 * campaign (campaigns_page_confirmed()); Cancel, Escape or Enter remove
 * the draft.
 */
void
campaigns_page_confirm_send (HeraldCampaignsPage         *self,
                             gint64                       campaign_id,
                             const char                  *name,
                             const char                  *list,
                             const HeraldAccount         *account,
                             const HeraldCampaignSummary *summary)
{
  gboolean outbox = account->kind == HERALD_ACCOUNT_OUTBOX;
  g_autofree char *body = describe_send (name, list, account, summary);
  GtkWidget *dialog;
  Confirm *c;
  ChecksData *d;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   outbox ? _("Write to the Test Outbox?")
                                   : self->confirm_scheduled_at != 0 ? _("Schedule This Campaign?")
                                   : _("Send This Campaign?"), body);
  c = g_new0 (Confirm, 1);
  c->page = g_object_ref (self);
  c->cancellable = g_cancellable_new ();
  c->id = campaign_id;
  g_object_set_data_full (G_OBJECT (dialog), "herald-confirm", c, confirm_free);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), build_extra (c));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "send",
                                   outbox ? _("_Write to Test Outbox")
                                   : self->confirm_scheduled_at != 0 ? _("S_chedule") : _("_Send Now"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "send", FALSE);
  /* Enter must not send by accident; Escape cancels. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  herald_dialog_name_buttons (dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), c);
  gtk_window_present (GTK_WINDOW (dialog));

  d = g_new0 (ChecksData, 1);
  d->id = campaign_id;
  herald_session_run_async (self->session, HERALD_SESSION_JOB_OWN_STORE, checks_func, d, checks_data_free,
                            c->cancellable, on_checks_done_cb, g_object_ref (dialog));
}

/* ---- cancelling ------------------------------------------------------------ */

static void
on_cancel_response_cb (AdwMessageDialog    *dialog,
                       const char          *response,
                       HeraldCampaignsPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "herald-campaign-id"));

  if (g_str_equal (response, "cancel-campaign"))
    campaigns_page_cancel_now (self, id);
}

/*
 * campaigns_page_confirm_cancel:
 *
 * Cancelling cannot be undone (what is not sent yet is skipped for good):
 * asks first, with Pause as the way to stop for now. Enter and Escape
 * keep the campaign.
 */
void
campaigns_page_confirm_cancel (HeraldCampaignsPage *self,
                               gint64               campaign_id)
{
  HeraldCampaignItem *item = herald_send_controller_lookup (self->controller, campaign_id);
  const guint64 *counts;
  guint64 left;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (item == NULL)
    return;
  counts = herald_campaign_item_get_counts (item);
  left = counts[HERALD_DELIVERY_QUEUED] + counts[HERALD_DELIVERY_DEFERRED] + counts[HERALD_DELIVERY_SENDING];
  /* TRANSLATORS: asking before cancelling; %s is the campaign */
  body = g_strdup_printf (g_dngettext (NULL,
                                       "“%2$s” stops for good: the %1$" PRIu64 " message not sent yet will never be sent. To stop for now and send the rest later, use Pause instead.",
                                       "“%2$s” stops for good: the %1$" PRIu64 " messages not sent yet will never be sent. To stop for now and send the rest later, use Pause instead.",
                                       left),
                          (uint64_t) left, herald_campaign_item_get_name (item));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Cancel the Campaign?"), body);
  g_object_set_data (G_OBJECT (dialog), "herald-campaign-id", GSIZE_TO_POINTER ((gsize) campaign_id));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "keep", _("_Keep the Campaign"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel-campaign", _("Cancel _Campaign"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-campaign",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  herald_dialog_name_buttons (dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_cancel_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
