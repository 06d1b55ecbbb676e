/* herald-campaigns-page-private.h — what the campaigns page's files share
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * herald-campaigns-page.c: the form's choices, the pre-send summary, the
 * list of the send controller's campaigns and the live view of the
 * selected one;
 * herald-campaigns-page-actions.c: what the page's buttons do (create and
 * send, pause, resume, cancel, re-send or skip the uncertain messages),
 * and update_actions(), which says which of them can be done now;
 * herald-campaigns-page-segment.c: the form's Segment row and its New
 * Segment button;
 * herald-campaigns-page-confirm.c: the questions asked first (the send
 * confirmation with the pre-send checks, cancelling a campaign).
 */
#pragma once

#include <adwaita.h>

#include "herald-account.h"
#include "herald-campaign.h"
#include "herald-campaigns-page.h"
#include "herald-segment.h"
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
  AdwComboRow     *segment_row;
  AdwComboRow     *template_row;
  AdwComboRow     *account_row;
  AdwExpanderRow  *schedule_row;
  GtkCalendar     *schedule_calendar;
  GtkSpinButton   *schedule_hour;
  GtkSpinButton   *schedule_minute;
  GtkLabel        *summary_label;
  GtkWidget       *outbox_box;
  GtkButton       *form_outbox_button;
  GtkButton       *create_button;
  GtkListBox      *campaign_list;
  GtkWidget       *detail_group;
  GtkLabel        *detail_title;
  GtkLabel        *detail_sources;
  GtkLabel        *state_label;
  GtkProgressBar  *progress_bar;
  GtkLabel        *counts_label;
  GtkLabel        *rate_label;
  HeraldSendChart *chart;
  GtkActionBar    *action_bar;
  GtkButton       *open_outbox_button;
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
  char            *prefer_list;      /* chosen in the form at its next reading */
  char            *prefer_template;
  GPtrArray       *templates;    /* HeraldTemplateRecord */
  GPtrArray       *accounts;     /* HeraldAccount */
  GPtrArray       *segments;     /* HeraldSegment, of every list */
  gint64           segments_list_id;  /* the list the Segment row offers segments of */
  char            *new_segment;  /* saved in the editor: chosen once read */
  HeraldCampaignItem *watched;   /* the selected campaign's item, watched */
  gint64           selected_id;
  gint64           chart_id;     /* the campaign of the chart's run; 0: none */
  gboolean         filling;      /* the combo rows are being refilled */
  gboolean         creating;     /* a campaign is being created from the form */
  gint64           confirm_scheduled_at;  /* the campaign being confirmed goes then; 0: now */
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
gboolean     campaigns_page_is_outbox          (HeraldCampaignsPage *self,
                                                gint64               account_id);

/* herald-campaigns-page-actions.c */
void         campaigns_page_update_actions     (HeraldCampaignsPage *self);
void         campaigns_page_confirmed          (HeraldCampaignsPage *self,
                                                gint64               campaign_id);
void         campaigns_page_cancel_now         (HeraldCampaignsPage *self,
                                                gint64               campaign_id);
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

/* herald-campaigns-page-segment.c */
void         campaigns_page_init_segment_row   (HeraldCampaignsPage *self);
void         campaigns_page_fill_segments      (HeraldCampaignsPage *self,
                                                const char          *keep);
char        *campaigns_page_dup_segment        (HeraldCampaignsPage *self);
void         campaigns_page_list_changed       (HeraldCampaignsPage *self);
void         campaigns_page_new_segment_activated (GtkWidget        *widget,
                                                   const char       *action_name,
                                                   GVariant         *parameter);
void         campaigns_page_edit_segment_activated (GtkWidget       *widget,
                                                   const char      *action_name,
                                                   GVariant        *parameter);

/* herald-campaigns-page-confirm.c */
void         campaigns_page_confirm_send       (HeraldCampaignsPage         *self,
                                                gint64                       campaign_id,
                                                const char                  *name,
                                                const char                  *list,
                                                const HeraldAccount         *account,
                                                const HeraldCampaignSummary *summary);
void         campaigns_page_confirm_cancel     (HeraldCampaignsPage         *self,
                                                gint64                       campaign_id);

G_END_DECLS
