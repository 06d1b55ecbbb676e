/* herald-reports-page.c — every campaign's numbers and rates, side by side
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `herald-cli campaign report --all` prints, read afresh each time the
 * page is shown (herald_campaign_report_all() in a worker): a bar chart of
 * what became of each campaign's messages, one row a campaign with its
 * numbers and rates, and an export of the same as CSV. A campaign whose
 * opens and clicks were read from its provider (Mailgun's events) shows
 * them too, labelled approximate.
 */
#define G_LOG_DOMAIN "herald-reports-page"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "herald-campaign-report.h"
#include "herald-csv-write.h"
#include "herald-engagement.h"
#include "herald-page-read.h"
#include "herald-report-chart.h"
#include "herald-reports-page.h"

struct _HeraldReportsPage
{
  AdwBin                parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkWidget            *export_button;
  HeraldReportChart    *chart;
  AdwPreferencesGroup  *rows_group;

  /* owned */
  HeraldSession        *session;
  GCancellable         *cancellable;
  GPtrArray            *reports;     /* HeraldCampaignReport: the shown ones */
  GArray               *engagement;  /* HeraldEngagement: each one's opens and clicks */
  GPtrArray            *rows;        /* GtkWidget: rows_group's rows */
  GtkFileChooserNative *chooser;
  guint                 generation;  /* of the newest reading */
};

G_DEFINE_FINAL_TYPE (HeraldReportsPage, herald_reports_page, ADW_TYPE_BIN)

/* What a reading of the store brings back. */
typedef struct
{
  GPtrArray *reports;
  GArray    *engagement;
} ReportsRead;

static void
reports_read_free (ReportsRead *reading)
{
  g_clear_pointer (&reading->reports, g_ptr_array_unref);
  g_clear_pointer (&reading->engagement, g_array_unref);
  g_free (reading);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReportsRead, reports_read_free)

static gpointer
read_reports (HeraldStore  *store,
              GError      **error)
{
  g_autoptr(ReportsRead) reading = g_new0 (ReportsRead, 1);

  if ((reading->reports = herald_campaign_report_all (store, error)) == NULL)
    return NULL;
  reading->engagement = g_array_sized_new (FALSE, TRUE, sizeof (HeraldEngagement), reading->reports->len);
  g_array_set_size (reading->engagement, reading->reports->len);
  for (guint i = 0; i < reading->reports->len; i++)
    {
      const HeraldCampaignReport *r = g_ptr_array_index (reading->reports, i);

      if (!herald_engagement_get (store, r->campaign_id, &g_array_index (reading->engagement, HeraldEngagement, i),
                                  error))
        return NULL;
    }
  return g_steal_pointer (&reading);
}

/* "3 (12.5%)", or "3" when there is nothing to divide by. */
static char *
count_and_rate (const HeraldCampaignReport *r,
                HeraldReportMeasure         m)
{
  g_autofree char *rate = herald_campaign_report_dup_rate (r, m);
  uint64_t n = herald_campaign_report_count (r, m);

  if (*rate == '\0')
    return g_strdup_printf ("%" PRIu64, n);
  return g_strdup_printf ("%" PRIu64 " (%s%%)", n, rate);
}

/* "Opened 3 (75.0%) · clicked 2 (50.0%), approximate…", or NULL when no
 * open or click was ever read for the campaign. */
static char *
describe_engagement (const HeraldEngagement *e)
{
  double opened = 0, clicked = 0;

  if (e->n_events == 0 || !herald_engagement_rate (e, FALSE, &opened) || !herald_engagement_rate (e, TRUE, &clicked))
    return NULL;
  /* TRANSLATORS: a campaign's opens and clicks on the Reports page, read
   * from Mailgun: recipients who opened, their rate of those sent, the same
   * for clicks */
  return g_strdup_printf (_("Opened %" PRIu64 " (%.1f%%) · clicked %" PRIu64 " (%.1f%%) — approximate: image "
                            "proxies and privacy protection distort opens"),
                          (uint64_t) e->opened, opened, (uint64_t) e->clicked, clicked);
}

static GtkWidget *
make_row (const HeraldCampaignReport *r,
          const HeraldEngagement     *e)
{
  g_autofree char *engagement = describe_engagement (e);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *sent = count_and_rate (r, HERALD_REPORT_SENT);
  g_autofree char *failed = count_and_rate (r, HERALD_REPORT_FAILED);
  g_autofree char *bounced = count_and_rate (r, HERALD_REPORT_BOUNCED);
  g_autofree char *unsubscribed = count_and_rate (r, HERALD_REPORT_UNSUBSCRIBED);
  g_autofree char *uncertain = count_and_rate (r, HERALD_REPORT_UNCERTAIN);
  g_autofree char *skipped = count_and_rate (r, HERALD_REPORT_SKIPPED);
  g_autofree char *subtitle = NULL;

  /* TRANSLATORS: a campaign's numbers on the Reports page; each %s is a
   * count with its rate, e.g. "45 (90.0%)"; bounced and unsubscribed rates
   * are of the messages sent, the others of the recipients */
  subtitle = g_strdup_printf (_("%" PRIu64 " recipients · sent %s · failed %s · bounced %s · unsubscribed %s · "
                                "uncertain %s · skipped %s"),
                              (uint64_t) r->recipients, sent, failed, bounced, unsubscribed, uncertain, skipped);
  if (engagement != NULL)
    {
      char *both = g_strconcat (subtitle, "\n", engagement, NULL);

      g_free (subtitle);
      subtitle = both;
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), r->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
on_read_done (GtkWidget    *page,
              gpointer      result,
              const GError *error)
{
  HeraldReportsPage *self = HERALD_REPORTS_PAGE (page);
  ReportsRead *reading = result;

  if (error != NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->rows_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_clear_pointer (&self->reports, g_ptr_array_unref);
  g_clear_pointer (&self->engagement, g_array_unref);
  self->reports = g_ptr_array_ref (reading->reports);
  self->engagement = g_array_ref (reading->engagement);
  for (guint i = 0; i < self->reports->len; i++)
    {
      GtkWidget *row = make_row (g_ptr_array_index (self->reports, i),
                                 &g_array_index (self->engagement, HeraldEngagement, i));

      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (self->rows_group, row);
    }
  herald_report_chart_set_reports (self->chart, self->reports);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export", self->reports->len > 0);
  gtk_stack_set_visible_child_name (self->stack, self->reports->len > 0 ? "list" : "empty");
}

static void
reload (HeraldReportsPage *self)
{
  herald_page_read (GTK_WIDGET (self), self->session, self->cancellable, &self->generation,
                    read_reports, (GDestroyNotify) reports_read_free, on_read_done);
}

/* ---- export -------------------------------------------------------------- */

static void
on_chooser_response_cb (GtkNativeDialog   *dialog,
                        int                response,
                        HeraldReportsPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GString) out = g_string_new (HERALD_CSV_UTF8_BOM);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  if (file == NULL || self->reports == NULL)
    return;
  /* The numbers shown, a few hundred bytes a campaign: written at once. */
  herald_campaign_report_append_csv (out, self->reports);
  name = g_file_get_basename (file);
  if (!g_file_replace_contents (file, out->str, out->len, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, NULL, &error))
    /* TRANSLATORS: %s is why, from the system */
    text = g_strdup_printf (_("Could not export the reports: %s"), error->message);
  else
    /* TRANSLATORS: %s is a file name */
    text = g_strdup_printf (_("Exported to “%s”."), name);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HeraldReportsPage *self = HERALD_REPORTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL || self->reports == NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Export Reports"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  /* TRANSLATORS: the suggested file name of the campaigns' reports */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("campaign reports.csv"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- building ------------------------------------------------------------ */

static void
on_map_cb (HeraldReportsPage *self)
{
  reload (self);
}

void
herald_reports_page_set_session (HeraldReportsPage *self,
                                 HeraldSession     *session)
{
  g_return_if_fail (HERALD_IS_REPORTS_PAGE (self));

  g_set_object (&self->session, session);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
}

static void
herald_reports_page_dispose (GObject *object)
{
  HeraldReportsPage *self = HERALD_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->reports, g_ptr_array_unref);
  g_clear_pointer (&self->engagement, g_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  adw_bin_set_child (ADW_BIN (object), NULL);
  G_OBJECT_CLASS (herald_reports_page_parent_class)->dispose (object);
}

static void
herald_reports_page_class_init (HeraldReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_reports_page_dispose;

  g_type_ensure (HERALD_TYPE_REPORT_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldReportsPage, chart);
  gtk_widget_class_bind_template_child (widget_class, HeraldReportsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldReportsPage, rows_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldReportsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldReportsPage, toast_overlay);
  gtk_widget_class_install_action (widget_class, "reports.export", NULL, export_activated);
}

static void
herald_reports_page_init (HeraldReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The button's own label would name it too ("Export CSV… Export
   * Reports as CSV…"): the .ui's accessible name alone stays. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->export_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export", FALSE);
  g_signal_connect_swapped (self, "map", G_CALLBACK (on_map_cb), self);
}
