/* herald-campaign-report.h — what became of a campaign, in numbers
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Counted from the journal (deliveries) and the suppressions, every time:
 * nothing is kept on the side that could drift from them.
 */
#pragma once

#include "herald-campaign.h"

G_BEGIN_DECLS

typedef struct
{
  gint64              campaign_id;
  char               *name;
  HeraldCampaignState state;
  guint64             recipients;     /* deliveries */
  guint64             sent;
  guint64             failed;
  guint64             uncertain;
  guint64             skipped;
  guint64             pending;        /* queued, sending or deferred */
  guint64             bounced;        /* suppressed as bounced, tied to this campaign's message */
  guint64             unsubscribed;   /* suppressed as unsubscribed or complaint, tied likewise */
} HeraldCampaignReport;

typedef enum
{
  HERALD_REPORT_SENT,
  HERALD_REPORT_FAILED,
  HERALD_REPORT_BOUNCED,
  HERALD_REPORT_UNSUBSCRIBED,
  HERALD_REPORT_UNCERTAIN,
  HERALD_REPORT_SKIPPED,
  HERALD_REPORT_N_MEASURES
} HeraldReportMeasure;

HeraldCampaignReport *herald_campaign_report_get   (HeraldStore                *store,
                                                    gint64                      campaign_id,
                                                    GError                    **error);
GPtrArray            *herald_campaign_report_all   (HeraldStore                *store,
                                                    GError                    **error);
void                  herald_campaign_report_free  (HeraldCampaignReport       *report);

const char           *herald_report_measure_name   (HeraldReportMeasure         measure);
guint64               herald_campaign_report_count (const HeraldCampaignReport *report,
                                                    HeraldReportMeasure         measure);
gboolean              herald_campaign_report_rate  (const HeraldCampaignReport *report,
                                                    HeraldReportMeasure         measure,
                                                    double                     *out_percent);

char                 *herald_campaign_report_dup_rate (const HeraldCampaignReport *report,
                                                    HeraldReportMeasure         measure);
void                  herald_campaign_report_append_csv (GString               *out,
                                                    GPtrArray                  *reports);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldCampaignReport, herald_campaign_report_free)

G_END_DECLS
