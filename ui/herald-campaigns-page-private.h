/* herald-campaigns-page-private.h — what the campaigns page's two files share
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * herald-campaigns-page.c: the form's choices, the pre-send summary, the
 * list of the send controller's campaigns and the live view of the
 * selected one;
 * herald-campaigns-page-actions.c: what the page's buttons do (create and
 * send, pause, resume, cancel, re-send or skip the uncertain messages),
 * and update_actions(), which says which of them can be done now.
 */
#pragma once

#include <adwaita.h>

#include "herald-campaign.h"
#include "herald-campaigns-page.h"
#include "herald-send-chart.h"
#include "herald-send-controller.h"
#include "herald-session.h"

G_BEGIN_DECLS

struct _HeraldCampaignsPage
{
  AdwBin parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  AdwEntryRow     *name_row;
  AdwComboRow     *list_row;
  AdwComboRow     *template_row;
  AdwComboRow     *account_row;
  AdwExpanderRow  *schedule_row;
  GtkCalendar     *schedule_calendar;
  GtkSpinButton   *schedule_hour;
  GtkSpinButton   *schedule_minute;
  GtkLabel        *summary_label;
  GtkButton       *create_button;
  GtkListBox      *campaign_list;
  GtkWidget       *detail_group;
  GtkLabel        *detail_title;
  GtkLabel        *state_label;
  GtkProgressBar  *progress_bar;
  GtkLabel        *counts_label;
  GtkLabel        *rate_label;
  HeraldSendChart *chart;
  GtkButton       *check_button;
  GtkButton       *pause_button;
  GtkButton       *resume_button;
  GtkButton       *cancel_button;
  GtkButton       *resend_uncertain_button;
  GtkButton       *skip_uncertain_button;
  GtkWidget       *uncertain_box;
  GtkLabel        *uncertain_label;

  /* owned */
  HeraldSendController *controller;
  HeraldSession   *session;
  GCancellable    *cancellable;
  GPtrArray       *lists;        /* HeraldListInfo */
  GPtrArray       *templates;    /* HeraldTemplateRecord */
  GPtrArray       *accounts;     /* HeraldAccount */
  HeraldCampaignItem *watched;   /* the selected campaign's item, watched */
  gint64           selected_id;
  gint64           chart_id;     /* the campaign of the chart's run; 0: none */
  gboolean         filling;      /* the combo rows are being refilled */
  gboolean         creating;     /* a campaign is being created from the form */
  gboolean         checking;     /* the checklist runs */
  gboolean         reveal_live;  /* move the focus to the live view once it shows */
  guint            estimate_serial;
};

/* herald-campaigns-page.c */
void         campaigns_page_toast              (HeraldCampaignsPage *self,
                                                const char          *text);
gboolean     campaigns_page_is_cancelled       (const GError        *error);
char        *campaigns_page_dup_selected_name  (AdwComboRow         *row);
void         campaigns_page_refresh            (HeraldCampaignsPage *self);
void         campaigns_page_start_sender       (HeraldCampaignsPage *self,
                                                gint64               campaign_id);
void         campaigns_page_update_detail      (HeraldCampaignsPage *self);

/* herald-campaigns-page-actions.c */
void         campaigns_page_update_actions     (HeraldCampaignsPage *self);
void         campaigns_page_cancel_activated   (GtkWidget           *widget,
                                                const char          *action_name,
                                                GVariant            *parameter);
void         campaigns_page_check_activated    (GtkWidget           *widget,
                                                const char          *action_name,
                                                GVariant            *parameter);
void         campaigns_page_create_activated   (GtkWidget           *widget,
                                                const char          *action_name,
                                                GVariant            *parameter);
void         campaigns_page_pause_activated    (GtkWidget           *widget,
                                                const char          *action_name,
                                                GVariant            *parameter);
void         campaigns_page_resend_uncertain_activated (GtkWidget   *widget,
                                                        const char  *action_name,
                                                        GVariant    *parameter);
void         campaigns_page_resume_activated   (GtkWidget           *widget,
                                                const char          *action_name,
                                                GVariant            *parameter);
void         campaigns_page_skip_uncertain_activated (GtkWidget     *widget,
                                                      const char    *action_name,
                                                      GVariant      *parameter);

G_END_DECLS
