/* herald-report-chart.c — what became of each campaign's messages, as bars
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One bar a campaign, its recipients split into sent, failed, uncertain,
 * skipped and still to send, under a legend. The colours are the style's
 * own (accent, error, warning, text), so the chart follows the light and
 * the dark style; for screen readers its description says the same in
 * words.
 */
#define G_LOG_DOMAIN "herald-report-chart"

#include "config.h"

#include <inttypes.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "herald-chart.h"
#include "herald-report-chart.h"

#define ROW_HEIGHT 26
#define LABEL_WIDTH 160
#define GAP 6

struct _HeraldReportChart
{
  GtkWidget  parent_instance;

  GPtrArray *reports;   /* HeraldCampaignReport, borrowed from the page's array */
};

G_DEFINE_FINAL_TYPE (HeraldReportChart, herald_report_chart, GTK_TYPE_WIDGET)

/**
 * herald_report_chart_fractions:
 *
 * What part of @report's recipients each part of its bar is (0 each for
 * a campaign with no recipients). A plain function of the numbers, so a
 * test can check it without a display.
 */
void
herald_report_chart_fractions (const HeraldCampaignReport *report,
                               double                      out[HERALD_CHART_N_PARTS])
{
  const guint64 counts[HERALD_CHART_N_PARTS] = {
    report->sent, report->failed, report->uncertain, report->skipped, report->pending,
  };

  for (int i = 0; i < HERALD_CHART_N_PARTS; i++)
    out[i] = report->recipients > 0 ? (double) counts[i] / (double) report->recipients : 0;
}

static const char *
part_name (HeraldChartPart part)
{
  switch (part)
    {
    /* TRANSLATORS: the parts of a campaign's bar in the Reports chart */
    case HERALD_CHART_SENT: return _("Sent");
    case HERALD_CHART_FAILED: return _("Failed");
    case HERALD_CHART_UNCERTAIN: return _("Uncertain");
    case HERALD_CHART_SKIPPED: return _("Skipped");
    case HERALD_CHART_PENDING: return _("Not sent yet");
    case HERALD_CHART_N_PARTS:
    default: return "";
    }
}

static void
part_color (GtkWidget       *widget,
            HeraldChartPart  part,
            GdkRGBA         *out)
{
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  const char *name = part == HERALD_CHART_SENT ? "accent_color"
                   : part == HERALD_CHART_FAILED ? "error_color"
                   : part == HERALD_CHART_UNCERTAIN ? "warning_color" : NULL;

  if (name == NULL || !gtk_style_context_lookup_color (style, name, out))
    {
      gtk_style_context_get_color (style, out);
      out->alpha *= part == HERALD_CHART_SKIPPED ? 0.45f : 0.2f;
    }
}

static void
update_description (HeraldReportChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; self->reports != NULL && i < self->reports->len; i++)
    {
      const HeraldCampaignReport *r = g_ptr_array_index (self->reports, i);

      /* TRANSLATORS: one campaign in the Reports chart's description for screen readers */
      g_string_append_printf (text, _("%s: %" PRIu64 " recipients, %" PRIu64 " sent, %" PRIu64 " failed, %"
                                      PRIu64 " uncertain, %" PRIu64 " skipped, %" PRIu64 " not sent yet. "),
                              r->name, r->recipients, r->sent, r->failed, r->uncertain, r->skipped, r->pending);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str, -1);
}

/* One row a campaign under the legend's row. */
static void
update_size (HeraldReportChart *self)
{
  guint n = self->reports != NULL ? self->reports->len : 0;

  herald_chart_set_size (GTK_WIDGET (self), LABEL_WIDTH + GAP + 100, LABEL_WIDTH + GAP + 500,
                         (int) (n + 1) * ROW_HEIGHT, (int) (n + 1) * ROW_HEIGHT);
}

/**
 * herald_report_chart_set_reports:
 * @reports: (nullable) (element-type HeraldCampaignReport): kept
 */
void
herald_report_chart_set_reports (HeraldReportChart *self,
                                 GPtrArray         *reports)
{
  g_return_if_fail (HERALD_IS_REPORT_CHART (self));

  g_clear_pointer (&self->reports, g_ptr_array_unref);
  self->reports = reports != NULL ? g_ptr_array_ref (reports) : NULL;
  update_description (self);
  update_size (self);
}

static void
draw_legend (GtkWidget   *widget,
             GtkSnapshot *snapshot,
             const GdkRGBA *fg)
{
  float x = 0;

  for (int p = 0; p < HERALD_CHART_N_PARTS; p++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, part_name (p));
      GdkRGBA color;
      int w, h;

      part_color (widget, p, &color);
      pango_layout_get_pixel_size (layout, &w, &h);
      gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (x, (ROW_HEIGHT - 12) / 2.0f, 12, 12));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + 16, (ROW_HEIGHT - h) / 2.0f));
      gtk_snapshot_append_layout (snapshot, layout, fg);
      gtk_snapshot_restore (snapshot);
      x += 16 + w + 16;
    }
}

static void
herald_report_chart_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  HeraldReportChart *self = HERALD_REPORT_CHART (widget);
  int width = gtk_widget_get_width (widget);
  float bar_x = LABEL_WIDTH + GAP, bar_w = MAX (1, width - bar_x);
  GdkRGBA fg;

  if (width <= 0 || self->reports == NULL)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  draw_legend (widget, snapshot, &fg);

  for (guint i = 0; i < self->reports->len; i++)
    {
      const HeraldCampaignReport *r = g_ptr_array_index (self->reports, i);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, r->name);
      float y = (i + 1) * ROW_HEIGHT, x = bar_x;
      double fractions[HERALD_CHART_N_PARTS];
      int h;

      pango_layout_set_width (layout, LABEL_WIDTH * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (layout, NULL, &h);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y + (ROW_HEIGHT - h) / 2.0f));
      gtk_snapshot_append_layout (snapshot, layout, &fg);
      gtk_snapshot_restore (snapshot);

      herald_report_chart_fractions (r, fractions);
      for (int p = 0; p < HERALD_CHART_N_PARTS; p++)
        {
          float w = (float) (fractions[p] * bar_w);
          GdkRGBA color;

          if (w <= 0)
            continue;
          part_color (widget, p, &color);
          gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (x, y + 4, MAX (w, 1.0f), ROW_HEIGHT - 8));
          x += w;
        }
    }
}

static void
herald_report_chart_dispose (GObject *object)
{
  HeraldReportChart *self = HERALD_REPORT_CHART (object);

  g_clear_pointer (&self->reports, g_ptr_array_unref);
  G_OBJECT_CLASS (herald_report_chart_parent_class)->dispose (object);
}

static void
herald_report_chart_class_init (HeraldReportChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_report_chart_dispose;
  widget_class->snapshot = herald_report_chart_snapshot;
  herald_chart_class_setup (widget_class, "reportchart");
}

static void
herald_report_chart_init (HeraldReportChart *self)
{
  herald_chart_init (GTK_WIDGET (self), _("What became of each campaign’s messages"));
  update_description (self);
  update_size (self);
}

GtkWidget *
herald_report_chart_new (void)
{
  return g_object_new (HERALD_TYPE_REPORT_CHART, NULL);
}
