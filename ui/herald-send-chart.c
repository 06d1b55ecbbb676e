/* herald-send-chart.c — messages sent over time, while a campaign sends
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A bar chart of the messages one sender sent in each interval of its run,
 * fed with the sender's coalesced progress (its `sent_now` count and rate),
 * directly or through the campaign's item the send controller updates
 * (herald_send_chart_follow()): the time a progress arrives is when its
 * messages are counted. The run is
 * kept in at most MAX_BARS intervals; when it outgrows them, neighbouring
 * intervals are merged and the interval doubles (1 s, 2 s, 4 s, …), so a
 * run of days costs no more memory than one of a minute.
 *
 * Colours come from the style (the accent colour and the text colour), so
 * the chart follows the light and dark styles. For screen readers it is
 * an image named “Sends over time” whose description says the current
 * rate and the count in words.
 */
#define G_LOG_DOMAIN "herald-send-chart"

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "herald-chart.h"
#include "herald-send-chart.h"

#define MAX_BARS 60

struct _HeraldSendChart
{
  GtkWidget  parent_instance;

  gint64     start_us;        /* monotonic; 0: nothing yet */
  gint64     now_us;          /* the end of the time shown */
  guint64    last_sent;       /* sent_now of the last progress */
  guint      interval_s;      /* seconds a bar */
  guint      n_bars;
  guint64    bars[MAX_BARS];
  double     rate;
  gboolean   running;
  guint      tick_id;
  char      *description;
  HeraldCampaignItem *item;   /* herald_send_chart_follow() */
};

G_DEFINE_FINAL_TYPE (HeraldSendChart, herald_send_chart, GTK_TYPE_WIDGET)

/* Makes room for the bar of @t, merging pairs of bars as long as needed. */
static guint
bar_for_time (HeraldSendChart *self,
              gint64           t)
{
  guint64 index = (guint64) MAX (0, t - self->start_us) / ((guint64) self->interval_s * G_USEC_PER_SEC);

  while (index >= MAX_BARS)
    {
      for (guint i = 0; i < MAX_BARS / 2; i++)
        self->bars[i] = self->bars[2 * i] + self->bars[2 * i + 1];
      memset (self->bars + MAX_BARS / 2, 0, sizeof self->bars[0] * (MAX_BARS - MAX_BARS / 2));
      self->n_bars = (self->n_bars + 1) / 2;
      self->interval_s *= 2;
      index /= 2;
    }
  self->n_bars = MAX (self->n_bars, (guint) index + 1);
  return (guint) index;
}

static void
update_description (HeraldSendChart *self)
{
  guint64 total = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < self->n_bars; i++)
    total += self->bars[i];
  if (self->running)
    /* TRANSLATORS: what the chart of sends over time says to screen readers while sending */
    text = g_strdup_printf (g_dngettext (NULL,
                                         "Sending %.1f messages a second now; %" PRIu64 " message sent in this run.",
                                         "Sending %.1f messages a second now; %" PRIu64 " messages sent in this run.",
                                         total),
                            self->rate, (uint64_t) total);
  else
    /* TRANSLATORS: what the chart of sends over time says to screen readers when not sending */
    text = g_strdup_printf (g_dngettext (NULL,
                                         "Not sending now; %" PRIu64 " message was sent in this run.",
                                         "Not sending now; %" PRIu64 " messages were sent in this run.",
                                         total),
                            (uint64_t) total);
  if (g_strcmp0 (text, self->description) == 0)
    return;
  g_free (self->description);
  self->description = g_steal_pointer (&text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->description, -1);
}

/* While sending, time moves on even when nothing is sent (pacing, retries). */
static gboolean
on_tick_cb (gpointer data)
{
  HeraldSendChart *self = data;

  self->now_us = g_get_monotonic_time ();
  bar_for_time (self, self->now_us);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_CONTINUE;
}

static void
set_running (HeraldSendChart *self,
             gboolean         running)
{
  self->running = running;
  if (running && self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, on_tick_cb, self);
  else if (!running)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

/**
 * herald_send_chart_reset:
 *
 * Forgets the run shown: call it before a new sender starts.
 */
void
herald_send_chart_reset (HeraldSendChart *self)
{
  g_return_if_fail (HERALD_IS_SEND_CHART (self));

  self->start_us = 0;
  self->now_us = 0;
  self->last_sent = 0;
  self->interval_s = 1;
  self->n_bars = 0;
  self->rate = 0;
  memset (self->bars, 0, sizeof self->bars);
  set_running (self, FALSE);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update (HeraldSendChart *self,
        gboolean         running,
        guint64          sent_now,
        double           rate)
{
  gint64 now = g_get_monotonic_time ();

  if (self->start_us == 0)
    self->start_us = now;
  self->now_us = now;
  if (sent_now > self->last_sent)
    self->bars[bar_for_time (self, now)] += sent_now - self->last_sent;
  else
    bar_for_time (self, now);
  self->last_sent = sent_now;
  self->rate = running ? rate : 0;
  set_running (self, running);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_item_changed_cb (HeraldSendChart    *self,
                    GParamSpec         *pspec,
                    HeraldCampaignItem *item)
{
  update (self, herald_campaign_item_is_live (item), herald_campaign_item_get_sent_now (item),
          herald_campaign_item_get_rate (item));
}

/**
 * herald_send_chart_follow:
 * @item: (nullable): a campaign whose run has just started, or %NULL
 *
 * Forgets the run shown and shows @item's run from now on, as the send
 * controller's progress updates the item.
 */
void
herald_send_chart_follow (HeraldSendChart    *self,
                          HeraldCampaignItem *item)
{
  g_return_if_fail (HERALD_IS_SEND_CHART (self));
  g_return_if_fail (item == NULL || HERALD_IS_CAMPAIGN_ITEM (item));

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_set_object (&self->item, item);
  herald_send_chart_reset (self);
  if (item == NULL)
    return;
  g_signal_connect_object (item, "notify::sent-now", G_CALLBACK (on_item_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (item, "notify::rate", G_CALLBACK (on_item_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (item, "notify::sender-status", G_CALLBACK (on_item_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* The number of intervals shown; 0 before the first progress. */
guint
herald_send_chart_get_n_intervals (HeraldSendChart *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_CHART (self), 0);

  return self->n_bars;
}

/* ---- drawing -------------------------------------------------------------- */

static void
get_colors (GtkWidget *widget,
            GdkRGBA   *fg,
            GdkRGBA   *bar)
{
  GtkStyleContext *style = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (style, fg);
  /* libadwaita's accent colour, for the light and the dark style alike;
   * the text colour if a theme has none. */
  if (!gtk_style_context_lookup_color (style, "accent_color", bar))
    *bar = *fg;
}

static void
herald_send_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  HeraldSendChart *self = HERALD_SEND_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA fg, bar, axis, faint;
  guint64 peak = 0;
  float top, plot_h, slot;
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *interval = NULL;
  int text_w, text_h;

  if (width <= 0 || height <= 0)
    return;
  get_colors (widget, &fg, &bar);
  axis = fg;
  axis.alpha *= 0.35f;
  faint = fg;
  faint.alpha *= 0.08f;

  for (guint i = 0; i < self->n_bars; i++)
    peak = MAX (peak, self->bars[i]);

  /* TRANSLATORS: the length of one bar of the chart of sends over time, in seconds */
  interval = g_strdup_printf (g_dngettext (NULL, "%u second", "%u seconds", self->interval_s), self->interval_s);
  if (self->n_bars == 0)
    caption = g_strdup (_("Nothing sent yet"));
  else
    /* TRANSLATORS: the caption of the chart of sends over time: the longest bar, then how long a bar is */
    caption = g_strdup_printf (_("Messages sent · peak %" PRIu64 " in %s"), (uint64_t) peak, interval);
  layout = gtk_widget_create_pango_layout (widget, caption);
  pango_layout_get_pixel_size (layout, &text_w, &text_h);
  gtk_snapshot_append_layout (snapshot, layout, &axis);

  top = text_h + 4;
  plot_h = MAX (1.0f, height - top - 1);
  gtk_snapshot_append_color (snapshot, &faint, &GRAPHENE_RECT_INIT (0, top, width, plot_h));
  gtk_snapshot_append_color (snapshot, &axis, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));
  if (peak == 0)
    return;

  slot = (float) width / MAX_BARS;
  for (guint i = 0; i < self->n_bars; i++)
    {
      float h = plot_h * (float) ((double) self->bars[i] / (double) peak);

      if (self->bars[i] == 0)
        continue;
      h = MAX (h, 1.0f);
      gtk_snapshot_append_color (snapshot, &bar,
                                 &GRAPHENE_RECT_INIT (i * slot + 1, height - 1 - h, MAX (1.0f, slot - 2), h));
    }
}

static void
herald_send_chart_dispose (GObject *object)
{
  HeraldSendChart *self = HERALD_SEND_CHART (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (herald_send_chart_parent_class)->dispose (object);
}

static void
herald_send_chart_finalize (GObject *object)
{
  HeraldSendChart *self = HERALD_SEND_CHART (object);

  g_free (self->description);

  G_OBJECT_CLASS (herald_send_chart_parent_class)->finalize (object);
}

static void
herald_send_chart_class_init (HeraldSendChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_send_chart_dispose;
  object_class->finalize = herald_send_chart_finalize;
  widget_class->snapshot = herald_send_chart_snapshot;
  herald_chart_class_setup (widget_class, "sendchart");
}

static void
herald_send_chart_init (HeraldSendChart *self)
{
  self->interval_s = 1;
  herald_chart_init (GTK_WIDGET (self), _("Sends over time"));
  herald_chart_set_size (GTK_WIDGET (self), MAX_BARS * 2, MAX_BARS * 8, 64, 96);
  update_description (self);
}

GtkWidget *
herald_send_chart_new (void)
{
  return g_object_new (HERALD_TYPE_SEND_CHART, NULL);
}
