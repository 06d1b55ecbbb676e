/* herald-cli-campaign-report.c — `campaign report` (a campaign's numbers
 * and rates, or every campaign's side by side) and `campaign retry-failed`
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "herald-campaign-report.h"
#include "herald-cli-private.h"

static char *
format_rate (const HeraldCampaignReport *report,
             HeraldReportMeasure         measure)
{
  return herald_campaign_report_dup_rate (report, measure);
}

/* One campaign for people and scripts alike: "MEASURE<TAB>COUNT<TAB>RATE%". */
static void
append_lines (GString                    *out,
              const HeraldCampaignReport *report)
{
  g_string_append_printf (out, "recipients\t%" G_GUINT64_FORMAT "\n", report->recipients);
  for (int m = 0; m < HERALD_REPORT_N_MEASURES; m++)
    {
      g_autofree char *rate = format_rate (report, m);

      g_string_append_printf (out, "%s\t%" G_GUINT64_FORMAT "\t%s%s\n", herald_report_measure_name (m),
                              herald_campaign_report_count (report, m), rate, *rate != '\0' ? "%" : "-");
    }
  g_string_append_printf (out, "pending\t%" G_GUINT64_FORMAT "\n", report->pending);
}

/* Every campaign, one a line, tab-separated, under a header. */
static void
append_table_row (GString                    *out,
                  const HeraldCampaignReport *report)
{
  g_string_append_printf (out, "%s\t%s\t%" G_GUINT64_FORMAT, report->name,
                          herald_campaign_state_to_string (report->state), report->recipients);
  for (int m = 0; m < HERALD_REPORT_N_MEASURES; m++)
    {
      g_autofree char *rate = format_rate (report, m);

      g_string_append_printf (out, "\t%" G_GUINT64_FORMAT " (%s%s)", herald_campaign_report_count (report, m),
                              rate, *rate != '\0' ? "%" : "-");
    }
  g_string_append_printf (out, "\t%" G_GUINT64_FORMAT "\n", report->pending);
}

int
_herald_cli_campaign_report (HeraldCli  *cli,
                             int         argc,
                             char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("[NAME]"),
      _("A campaign’s numbers from the journal: recipients, sent, failed, bounced, unsubscribed, "
        "uncertain, skipped, pending, with rates."));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *format = NULL;
  gboolean all = FALSE, csv;
  HeraldStore *store;
  int status;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Every campaign, one a line, to compare them"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format (only csv)"), N_("FORMAT") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (all ? argc != 1 : argc != 2)
    return _herald_cli_usage (context, all ? _("Give either a campaign’s NAME or --all, not both.")
                                           : argc < 2 ? _("Which campaign? Give its NAME, or --all.")
                                                      : _("Unexpected argument."));
  if (format != NULL && !g_str_equal (format, "csv"))
    return _herald_cli_usage (context, _("The only format is csv."));
  csv = format != NULL;

  if ((store = _herald_cli_open_store (cli, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  if (all)
    reports = herald_campaign_report_all (store, &error);
  else
    {
      g_autoptr(HeraldCampaignInfo) info = herald_campaign_find (store, argv[1], &error);
      HeraldCampaignReport *report = info != NULL ? herald_campaign_report_get (store, info->id, &error) : NULL;

      if (report != NULL)
        {
          reports = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_campaign_report_free);
          g_ptr_array_add (reports, report);
        }
    }
  if (reports == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));

  if (csv)
    herald_campaign_report_append_csv (out, reports);
  else if (all)
    {
      g_string_append (out, "campaign\tstate\trecipients");
      for (int m = 0; m < HERALD_REPORT_N_MEASURES; m++)
        g_string_append_printf (out, "\t%s", herald_report_measure_name (m));
      g_string_append (out, "\tpending\n");
    }
  for (guint i = 0; i < reports->len; i++)
    {
      const HeraldCampaignReport *report = g_ptr_array_index (reports, i);

      if (csv)
        break;
      if (all)
        append_table_row (out, report);
      else
        append_lines (out, report);
    }
  fwrite (out->str, 1, out->len, stdout);
  return fflush (stdout) == 0 ? HERALD_EXIT_OK : HERALD_EXIT_FAILED;
}

int
_herald_cli_campaign_retry_failed (HeraldCli  *cli,
                                   int         argc,
                                   char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME"),
      _("Make a new campaign for exactly the recipients NAME failed for (not those sent, "
        "uncertain, skipped, suppressed or unsubscribed since), with its template, list, "
        "account and UTM tagging; then send it with “campaign send”."));
  g_autoptr(GError) error = NULL;
  g_autofree char *new_name = NULL;
  HeraldCampaignSummary summary = { 0 };
  HeraldStore *store;
  const char *name;
  int status;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &new_name, N_("The new campaign’s name (default: NAME-retry)"), N_("NEW") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((name = _herald_cli_parse_one (context, argc, argv, _("Which campaign? Give its NAME."), &status)) == NULL)
    return status;
  if (new_name == NULL)
    new_name = g_strconcat (name, "-retry", NULL);
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      herald_campaign_create_retry (store, name, new_name, &summary, &error) < 0)
    {
      if (error != NULL && g_error_matches (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_EXISTS))
        g_printerr (_("herald-cli: give the new campaign another name with --name NEW.\n"));
      return _herald_cli_fail (g_steal_pointer (&error));
    }
  g_print ("%s\n", new_name);
  g_printerr (_("Campaign “%s” made for the %" PRIu64 " recipients “%s” failed for; "
                "send it with “herald-cli campaign send %s”.\n"),
              new_name, summary.n_recipients, name, new_name);
  return HERALD_EXIT_OK;
}
