/* herald-campaigns-page.c — sending a newsletter to a list (not built yet)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-campaigns-page"

#include "config.h"

#include "herald-campaigns-page.h"

/* Until sending exists, the page only says so: nothing here pretends to
 * work. */
struct _HeraldCampaignsPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (HeraldCampaignsPage, herald_campaigns_page, ADW_TYPE_BIN)

static void
herald_campaigns_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_CAMPAIGNS_PAGE);

  G_OBJECT_CLASS (herald_campaigns_page_parent_class)->dispose (object);
}

static void
herald_campaigns_page_class_init (HeraldCampaignsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_campaigns_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-campaigns-page.ui");
}

static void
herald_campaigns_page_init (HeraldCampaignsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
