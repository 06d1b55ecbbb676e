/* herald-results-page.c — what happened to each sent message (not built yet)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-results-page"

#include "config.h"

#include "herald-results-page.h"

/* Until sending exists, the page only says so: nothing here pretends to
 * work. */
struct _HeraldResultsPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (HeraldResultsPage, herald_results_page, ADW_TYPE_BIN)

static void
herald_results_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_RESULTS_PAGE);

  G_OBJECT_CLASS (herald_results_page_parent_class)->dispose (object);
}

static void
herald_results_page_class_init (HeraldResultsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_results_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-results-page.ui");
}

static void
herald_results_page_init (HeraldResultsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
