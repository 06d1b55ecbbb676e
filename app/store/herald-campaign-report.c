/* herald-campaign-report.c — what became of a campaign, in numbers
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sent, failed, uncertain and skipped are the deliveries' states. Bounced
 * and unsubscribed are the campaign's recipients whose address is on the
 * suppression list for that reason ("bounced"; "unsubscribed" or
 * "complaint") because of THIS campaign's message: the mailbox check
 * recorded suppressing them for a reply to its Message-ID
 * (mailbox_events.original_message_id), or the suppression's source names
 * that Message-ID. An unsubscribe request the mailbox check matched by
 * its token alone (it quotes no message) counts for the campaign whose
 * message reached the person last before it. A suppression for another
 * campaign's message, or with no message behind it, counts for none.
 *
 * Rates: sent, failed, uncertain and skipped out of the recipients;
 * bounced and unsubscribed out of those sent.
 */
#define G_LOG_DOMAIN "herald-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-campaign-report.h"
#include "herald-csv-write.h"
#include "herald-store-private.h"

/* The delivery's Message-ID without its "<>", as replies quote it. */
#define BARE_ID "substr(d.message_id, 2, length(d.message_id) - 2)"

#define TIED_SUPPRESSION(reasons) \
  "EXISTS (SELECT 1 FROM suppressions s WHERE s.email = d.email AND s.reason IN " reasons \
  " AND (instr(coalesce(s.source, ''), " BARE_ID ") > 0" \
  "  OR EXISTS (SELECT 1 FROM mailbox_events e WHERE e.original_message_id = " BARE_ID \
  "   AND e.email = d.email COLLATE NOCASE AND e.action = 'suppressed')))"

/* An unsubscribe request that quotes no message (the mailbox check
 * matched it by its token) counts for the campaign whose message reached
 * the person last before the request came. */
#define LAST_BEFORE_REQUEST \
  "EXISTS (SELECT 1 FROM mailbox_events e WHERE e.kind = 'unsubscribe' AND e.action = 'suppressed'" \
  "  AND e.original_message_id IS NULL AND e.email = d.email COLLATE NOCASE" \
  "  AND d.sent_at IS NOT NULL AND d.sent_at <= e.created_at" \
  "  AND NOT EXISTS (SELECT 1 FROM deliveries d2 WHERE d2.email = d.email COLLATE NOCASE" \
  "   AND d2.sent_at IS NOT NULL AND d2.sent_at <= e.created_at" \
  "   AND (d2.sent_at > d.sent_at OR (d2.sent_at = d.sent_at AND d2.id > d.id))))"

#define REPORT_SQL \
  "SELECT c.id, c.name, c.state, count(d.id)," \
  " coalesce(sum(d.state = 'sent'), 0), coalesce(sum(d.state = 'failed'), 0)," \
  " coalesce(sum(d.state = 'uncertain'), 0), coalesce(sum(d.state = 'skipped'), 0)," \
  " coalesce(sum(d.state IN ('queued', 'sending', 'deferred')), 0)," \
  " coalesce(sum(" TIED_SUPPRESSION ("('bounced')") "), 0)," \
  " coalesce(sum(" TIED_SUPPRESSION ("('unsubscribed', 'complaint')") " OR (" LAST_BEFORE_REQUEST \
  "  AND EXISTS (SELECT 1 FROM suppressions s WHERE s.email = d.email AND s.reason = 'unsubscribed'))), 0)" \
  " FROM campaigns c LEFT JOIN deliveries d ON d.campaign_id = c.id"

void
herald_campaign_report_free (HeraldCampaignReport *report)
{
  if (report == NULL)
    return;
  g_free (report->name);
  g_free (report);
}

static HeraldCampaignReport *
report_from_row (sqlite3_stmt *stmt)
{
  HeraldCampaignReport *r = g_new0 (HeraldCampaignReport, 1);

  r->campaign_id = sqlite3_column_int64 (stmt, 0);
  r->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  r->state = herald_campaign_state_from_string ((const char *) sqlite3_column_text (stmt, 2));
  r->recipients = sqlite3_column_int64 (stmt, 3);
  r->sent = sqlite3_column_int64 (stmt, 4);
  r->failed = sqlite3_column_int64 (stmt, 5);
  r->uncertain = sqlite3_column_int64 (stmt, 6);
  r->skipped = sqlite3_column_int64 (stmt, 7);
  r->pending = sqlite3_column_int64 (stmt, 8);
  r->bounced = sqlite3_column_int64 (stmt, 9);
  r->unsubscribed = sqlite3_column_int64 (stmt, 10);
  return r;
}

/**
 * herald_campaign_report_get:
 *
 * Returns: (transfer full) (nullable): the campaign's numbers, or %NULL
 *   with @error set
 */
HeraldCampaignReport *
herald_campaign_report_get (HeraldStore  *store,
                            gint64        campaign_id,
                            GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store, REPORT_SQL " WHERE c.id = ?1 GROUP BY c.id", error);
  HeraldCampaignReport *report = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, campaign_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    report = report_from_row (stmt);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_NOT_FOUND,
                 _("There is no such campaign. Check its name in the list of campaigns."));
  else if (rc != SQLITE_ROW)
    herald_store_set_error (store, rc, error);
  return report;
}

/**
 * herald_campaign_report_all:
 *
 * Every campaign's numbers (sequence steps' campaigns left out, as in
 * herald_campaign_list()), oldest first.
 *
 * Returns: (transfer full) (element-type HeraldCampaignReport): or %NULL
 *   with @error set
 */
GPtrArray *
herald_campaign_report_all (HeraldStore  *store,
                            GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      REPORT_SQL " WHERE c.id NOT IN (SELECT campaign_id FROM sequence_steps) GROUP BY c.id ORDER BY c.id", error);
  GPtrArray *reports;
  int rc;

  if (stmt == NULL)
    return NULL;
  reports = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_campaign_report_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (reports, report_from_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      g_ptr_array_unref (reports);
      return NULL;
    }
  return reports;
}

/* Names for columns and programs: not translated. */
const char *
herald_report_measure_name (HeraldReportMeasure measure)
{
  static const char *names[HERALD_REPORT_N_MEASURES] = {
    "sent", "failed", "bounced", "unsubscribed", "uncertain", "skipped",
  };

  g_return_val_if_fail (measure < HERALD_REPORT_N_MEASURES, NULL);
  return names[measure];
}

guint64
herald_campaign_report_count (const HeraldCampaignReport *report,
                              HeraldReportMeasure         measure)
{
  switch (measure)
    {
    case HERALD_REPORT_SENT: return report->sent;
    case HERALD_REPORT_FAILED: return report->failed;
    case HERALD_REPORT_BOUNCED: return report->bounced;
    case HERALD_REPORT_UNSUBSCRIBED: return report->unsubscribed;
    case HERALD_REPORT_UNCERTAIN: return report->uncertain;
    case HERALD_REPORT_SKIPPED: return report->skipped;
    case HERALD_REPORT_N_MEASURES:
    default:
      g_return_val_if_reached (0);
    }
}

/**
 * herald_campaign_report_rate:
 * @out_percent: (out): the rate in percent
 *
 * Returns: %FALSE when there is nothing to divide by (no recipients, or
 *   for bounced and unsubscribed nothing sent)
 */
gboolean
herald_campaign_report_rate (const HeraldCampaignReport *report,
                             HeraldReportMeasure         measure,
                             double                     *out_percent)
{
  guint64 base = measure == HERALD_REPORT_BOUNCED || measure == HERALD_REPORT_UNSUBSCRIBED
                 ? report->sent : report->recipients;

  *out_percent = 0;
  if (base == 0)
    return FALSE;
  *out_percent = 100.0 * (double) herald_campaign_report_count (report, measure) / (double) base;
  return TRUE;
}

/**
 * herald_campaign_report_dup_rate:
 *
 * Returns: (transfer full): the rate in percent with one decimal ("12.5",
 *   "." whatever the locale), or "" when there is nothing to divide by
 */
char *
herald_campaign_report_dup_rate (const HeraldCampaignReport *report,
                                 HeraldReportMeasure         measure)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double percent;

  if (!herald_campaign_report_rate (report, measure, &percent))
    return g_strdup ("");
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", percent));
}

/**
 * herald_campaign_report_append_csv:
 * @reports: (element-type HeraldCampaignReport)
 *
 * Appends @reports as CSV with a header row: campaign, state, recipients,
 * each measure and its rate, pending. The command line and the window's
 * export write the same columns.
 */
void
herald_campaign_report_append_csv (GString   *out,
                                   GPtrArray *reports)
{
  g_string_append (out, "campaign,state,recipients");
  for (int m = 0; m < HERALD_REPORT_N_MEASURES; m++)
    g_string_append_printf (out, ",%s,%s_rate", herald_report_measure_name (m), herald_report_measure_name (m));
  g_string_append (out, ",pending\r\n");
  for (guint i = 0; i < reports->len; i++)
    {
      const HeraldCampaignReport *report = g_ptr_array_index (reports, i);
      g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
      const char *values[3 + 2 * HERALD_REPORT_N_MEASURES + 1];
      guint n = 0;

      values[n++] = report->name;
      values[n++] = herald_campaign_state_to_string (report->state);
      g_ptr_array_add (owned, g_strdup_printf ("%" G_GUINT64_FORMAT, report->recipients));
      values[n++] = g_ptr_array_index (owned, owned->len - 1);
      for (int m = 0; m < HERALD_REPORT_N_MEASURES; m++)
        {
          g_ptr_array_add (owned, g_strdup_printf ("%" G_GUINT64_FORMAT, herald_campaign_report_count (report, m)));
          values[n++] = g_ptr_array_index (owned, owned->len - 1);
          g_ptr_array_add (owned, herald_campaign_report_dup_rate (report, m));
          values[n++] = g_ptr_array_index (owned, owned->len - 1);
        }
      g_ptr_array_add (owned, g_strdup_printf ("%" G_GUINT64_FORMAT, report->pending));
      values[n++] = g_ptr_array_index (owned, owned->len - 1);
      herald_csv_append_row (out, values, n);
    }
}
