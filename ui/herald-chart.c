/* herald-chart.c — what the Reports chart and the sending chart share
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both charts draw themselves in the style's colours, so they are drawn
 * again when the light or dark style changes; for screen readers each is
 * an image with a name (its description, in words, is each chart's own).
 * Their size is data they set (herald_chart_set_size()), measured here.
 */
#define G_LOG_DOMAIN "herald-chart"

#include "config.h"

#include <adwaita.h>

#include "herald-chart.h"

typedef struct
{
  int width[2];    /* minimum, natural */
  int height[2];
} ChartSize;

static GQuark
size_quark (void)
{
  return g_quark_from_static_string ("herald-chart-size");
}

static void
measure (GtkWidget      *widget,
         GtkOrientation  orientation,
         int             for_size,
         int            *minimum,
         int            *natural,
         int            *minimum_baseline,
         int            *natural_baseline)
{
  const ChartSize *size = g_object_get_qdata (G_OBJECT (widget), size_quark ());
  const int *sizes;

  if (size == NULL)
    return;
  sizes = orientation == GTK_ORIENTATION_HORIZONTAL ? size->width : size->height;
  *minimum = sizes[0];
  *natural = sizes[1];
}

/**
 * herald_chart_class_setup:
 *
 * Call in a chart's class_init: its CSS name, the image role, and the size
 * set with herald_chart_set_size() as its measure.
 */
void
herald_chart_class_setup (GtkWidgetClass *widget_class,
                          const char     *css_name)
{
  widget_class->measure = measure;
  gtk_widget_class_set_css_name (widget_class, css_name);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

/**
 * herald_chart_init:
 * @label: the chart's accessible name
 *
 * Call in a chart's init.
 */
void
herald_chart_init (GtkWidget  *chart,
                   const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  /* The style's colours change with the light or dark style. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), chart, G_CONNECT_SWAPPED);
}

/**
 * herald_chart_set_size:
 *
 * Sets the chart's minimum and natural width and height, and asks for a
 * new layout (and so a new drawing).
 */
void
herald_chart_set_size (GtkWidget *chart,
                       int        minimum_width,
                       int        natural_width,
                       int        minimum_height,
                       int        natural_height)
{
  ChartSize *size;

  g_return_if_fail (GTK_IS_WIDGET (chart));

  size = g_object_get_qdata (G_OBJECT (chart), size_quark ());
  if (size == NULL)
    {
      size = g_new (ChartSize, 1);
      g_object_set_qdata_full (G_OBJECT (chart), size_quark (), size, g_free);
    }
  *size = (ChartSize) { { minimum_width, natural_width }, { minimum_height, natural_height } };
  gtk_widget_queue_resize (chart);
}
