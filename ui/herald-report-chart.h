/* herald-report-chart.h — what became of each campaign's messages, as bars
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "herald-campaign-report.h"

G_BEGIN_DECLS

#define HERALD_TYPE_REPORT_CHART (herald_report_chart_get_type ())

G_DECLARE_FINAL_TYPE (HeraldReportChart, herald_report_chart, HERALD, REPORT_CHART, GtkWidget)

/* The parts of a campaign's bar, in drawing order. */
typedef enum
{
  HERALD_CHART_SENT,
  HERALD_CHART_FAILED,
  HERALD_CHART_UNCERTAIN,
  HERALD_CHART_SKIPPED,
  HERALD_CHART_PENDING,
  HERALD_CHART_N_PARTS
} HeraldChartPart;

GtkWidget *herald_report_chart_new          (void);
void       herald_report_chart_set_reports  (HeraldReportChart           *self,
                                             GPtrArray                   *reports);
void       herald_report_chart_fractions    (const HeraldCampaignReport  *report,
                                             double                       out[HERALD_CHART_N_PARTS]);

G_END_DECLS
