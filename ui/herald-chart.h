/* herald-chart.h — what the Reports chart and the sending chart share
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void herald_chart_class_setup (GtkWidgetClass *widget_class,
                               const char     *css_name);
void herald_chart_init        (GtkWidget      *chart,
                               const char     *label);
void herald_chart_set_size    (GtkWidget      *chart,
                               int             minimum_width,
                               int             natural_width,
                               int             minimum_height,
                               int             natural_height);

G_END_DECLS
