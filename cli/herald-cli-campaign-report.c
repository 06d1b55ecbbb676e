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
#include "herald-engagement.h"
#include "herald-provider-pull.h"

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

/* The opens and clicks: "opened<TAB>N<TAB>RATE%", "clicked…", rates out of
 * those sent; approximate, which stderr says. */
static gboolean
append_engagement (GString      *out,
                   HeraldStore  *store,
                   gint64        campaign_id,
                   GError      **error)
{
  HeraldEngagement e;
  const char *names[] = { "opened", "clicked" };

  if (!herald_engagement_get (store, campaign_id, &e, error))
    return FALSE;
  for (int i = 0; i < 2; i++)
    {
      double percent;

      if (herald_engagement_rate (&e, i == 1, &percent))
        g_string_append_printf (out, "%s\t%" G_GUINT64_FORMAT "\t%.1f%%\n", names[i], i == 1 ? e.clicked : e.opened,
                                percent);
      else
        g_string_append_printf (out, "%s\t%" G_GUINT64_FORMAT "\t-\n", names[i], i == 1 ? e.clicked : e.opened);
    }
  return TRUE;
}

/* Each recipient sent the message: "email<TAB>opens<TAB>clicks". */
static gboolean
append_recipients (GString      *out,
                   HeraldStore  *store,
                   gint64        campaign_id,
                   GError      **error)
{
  g_autoptr(GPtrArray) rows = herald_engagement_list (store, campaign_id, error);

  if (rows == NULL)
    return FALSE;
  g_string_append (out, "email\topens\tclicks\n");
  for (guint i = 0; i < rows->len; i++)
    {
      const HeraldRecipientEngagement *r = g_ptr_array_index (rows, i);

      g_string_append_printf (out, "%s\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT "\n", r->email, r->opens,
                              r->clicks);
    }
  return TRUE;
}

/* --pull: the campaign's opens and clicks read from its providers first. */
static gboolean
pull_events (HeraldStore  *store,
             gint64        campaign_id,
             GError      **error)
{
  HeraldEventCounts counts;

  if (!herald_provider_pull_events (store, campaign_id, &counts, NULL, error))
    return FALSE;
  if (counts.n_accounts == 0)
    g_printerr (_("No account of this campaign lets opens and clicks be read back (Mailgun’s does); "
                  "its numbers are what Herald knows.\n"));
  else
    g_printerr (_("Opens and clicks read from Mailgun: %" PRIu64 ", %" PRIu64 " of them new.\n"),
                counts.n_events - counts.n_unmatched, counts.n_new);
  return TRUE;
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
  gboolean all = FALSE, csv, pull = FALSE, opens = FALSE, recipients = FALSE;
  HeraldStore *store;
  int status;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Every campaign, one a line, to compare them"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format (only csv)"), N_("FORMAT") },
    { "pull", 0, 0, G_OPTION_ARG_NONE, &pull, N_("First read the campaign’s opens and clicks from the provider (Mailgun); then show them"), NULL },
    { "opens", 0, 0, G_OPTION_ARG_NONE, &opens, N_("Add the opens and clicks read so far (approximate)"), NULL },
    { "recipients", 0, 0, G_OPTION_ARG_NONE, &recipients, N_("Instead: each recipient sent the message, with their opens and clicks"), NULL },
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
  if ((pull || opens || recipients) && (all || csv))
    return _herald_cli_usage (context, _("--pull, --opens and --recipients are for one campaign, without --format."));

  if ((store = _herald_cli_open_store (cli, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  if (all)
    reports = herald_campaign_report_all (store, &error);
  else
    {
      g_autoptr(HeraldCampaignInfo) info = herald_campaign_find (store, argv[1], &error);
      HeraldCampaignReport *report = info != NULL ? herald_campaign_report_get (store, info->id, &error) : NULL;

      if (info != NULL && pull && !pull_events (store, info->id, &error))
        return _herald_cli_fail (g_steal_pointer (&error));
      if (info != NULL && recipients)
        {
          if (!append_recipients (out, store, info->id, &error))
            return _herald_cli_fail (g_steal_pointer (&error));
          herald_campaign_report_free (report);
          g_printerr (_("Opens are approximate: image proxies and privacy protection open messages nobody "
                        "read, and blocked images hide opens that happened.\n"));
          fwrite (out->str, 1, out->len, stdout);
          return fflush (stdout) == 0 ? HERALD_EXIT_OK : HERALD_EXIT_FAILED;
        }
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
      if (!all && (pull || opens))
        {
          if (!append_engagement (out, store, report->campaign_id, &error))
            return _herald_cli_fail (g_steal_pointer (&error));
          g_printerr (_("Opens are approximate: image proxies and privacy protection open messages nobody "
                        "read, and blocked images hide opens that happened.\n"));
        }
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
