/* herald-campaign.c — campaigns and their deliveries in the store
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-campaign"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-base.h"
#include "herald-store-private.h"
#include "herald-account.h"
#include "herald-campaign.h"
#include "herald-pacing.h"
#include "herald-segment-private.h"
#include "herald-tracking.h"
#include "herald-templates.h"

G_DEFINE_QUARK (herald-campaign-error-quark, herald_campaign_error)

static const char * const campaign_states[] = {
  "draft", "scheduled", "sending", "paused", "done", "cancelled",
};
G_STATIC_ASSERT (G_N_ELEMENTS (campaign_states) == HERALD_CAMPAIGN_N_STATES);

const char *
herald_campaign_state_to_string (HeraldCampaignState state)
{
  g_return_val_if_fail (state < HERALD_CAMPAIGN_N_STATES, NULL);
  return campaign_states[state];
}

HeraldCampaignState
herald_campaign_state_from_string (const char *text)
{
  for (guint i = 0; text != NULL && i < HERALD_CAMPAIGN_N_STATES; i++)
    if (g_str_equal (text, campaign_states[i]))
      return i;
  return HERALD_CAMPAIGN_DRAFT;
}

/* ---- creating -------------------------------------------------------- */

typedef struct
{
  gint64              id;
  char               *from;
  HeraldPacingLimits  limits;
} AccountBits;

static gboolean
find_account (HeraldStore  *store,
              const char   *name,
              gint64        id,
              AccountBits  *out,
              GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT id, from_addr, rate_per_second, rate_per_minute, rate_per_hour, daily_cap"
      " FROM accounts WHERE name = ?1 OR id = ?2",
      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->id = sqlite3_column_int64 (stmt, 0);
      out->from = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      out->limits.per_second = sqlite3_column_double (stmt, 2);
      out->limits.per_minute = MAX (0, sqlite3_column_int (stmt, 3));
      out->limits.per_hour = MAX (0, sqlite3_column_int (stmt, 4));
      out->limits.per_day = MAX (0, sqlite3_column_int (stmt, 5));
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return herald_store_set_error (store, rc, error);
  g_set_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_NOT_FOUND,
               _("There is no account named “%s”. Check the name against your accounts."),
               name != NULL ? name : "");
  return FALSE;
}

/* The campaign's accounts and their weights; the first is the one in
 * campaigns.account_id. A name twice is refused: its share would be
 * counted twice. */
static gboolean
insert_accounts (HeraldStore               *store,
                 const HeraldCampaignSpec  *spec,
                 gint64                     campaign_id,
                 gint64                     first_id,
                 GError                   **error)
{
  guint n = 1 + (spec->more_accounts != NULL ? g_strv_length ((char **) spec->more_accounts) : 0);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_val (ids, first_id);
  for (guint i = 1; i < n; i++)
    {
      AccountBits bits = { 0 };

      if (!find_account (store, spec->more_accounts[i - 1], -1, &bits, error))
        return FALSE;
      g_free (bits.from);
      for (guint j = 0; j < ids->len; j++)
        if (g_array_index (ids, gint64, j) == bits.id)
          {
            g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_INVALID,
                         _("The account “%s” is named twice. Name each account once, "
                           "and give it a larger weight to send more through it."),
                         spec->more_accounts[i - 1]);
            return FALSE;
          }
      g_array_append_val (ids, bits.id);
    }
  for (guint i = 0; i < n; i++)
    {
      gint64 weight = spec->weights != NULL ? spec->weights[i] : 1;

      if (weight < 1 || weight > 1000)
        {
          g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_INVALID,
                       _("An account’s weight must be a whole number from 1 to 1000."));
          return FALSE;
        }
      if (!herald_store_run_sql (store,
              "INSERT INTO campaign_accounts (campaign_id, account_id, weight, position)"
              " VALUES (?1, ?2, ?3, ?4)", NULL, error,
              4, campaign_id, g_array_index (ids, gint64, i), weight, (gint64) i))
        return FALSE;
    }
  return TRUE;
}

/* Who of the list a campaign is for. */
#define RECIPIENT_SQL \
  "m.status = 'subscribed' AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.email = c.email)" \
  " AND c.consent_declined = 0"

/* Counts the list's members that meet @condition (one of this file's
 * constants) and @segment's conditions. */
/* @segment's conditions, and for a campaign that sends again to those
 * another one failed for, only them (:retry_of). */
static char *
audience_where (const HeraldSegment *segment,
                int                  first,
                gint64               retry_of)
{
  g_autofree char *where = herald_segment_where_sql (segment, first);

  if (retry_of <= 0)
    return g_steal_pointer (&where);
  return g_strconcat (where, " AND EXISTS (SELECT 1 FROM deliveries f WHERE f.campaign_id = :retry_of"
                      " AND f.contact_id = c.id AND f.state = 'failed')", NULL);
}

static void
audience_bind (const HeraldSegment *segment,
               sqlite3_stmt        *stmt,
               int                  first,
               gint64               retry_of)
{
  herald_segment_bind (segment, stmt, first);
  if (retry_of > 0)
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":retry_of"), retry_of);
}

static gboolean
count_members (HeraldStore          *store,
               gint64                list_id,
               const HeraldSegment  *segment,
               gint64                retry_of,
               const char           *condition,
               gint64               *out,
               GError              **error)
{
  g_autofree char *where = audience_where (segment, 2, retry_of);
  g_autofree char *sql = g_strconcat ("SELECT count(*) FROM list_members m JOIN contacts c ON c.id = m.contact_id"
                                      " WHERE m.list_id = ?1 AND ", condition, " AND ", where, NULL);
  sqlite3_stmt *stmt = herald_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, list_id);
  audience_bind (segment, stmt, 2, retry_of);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  return herald_store_finish_row (store, stmt, rc, error);
}

static gboolean
count_audience (HeraldStore           *store,
                gint64                 list_id,
                const HeraldSegment   *segment,
                gint64                 retry_of,
                HeraldCampaignSummary *summary,
                GError               **error)
{
  gint64 n_recipients = 0, n_suppressed = 0, n_unsubscribed = 0, n_declined = 0;

  if (!count_members (store, list_id, segment, retry_of, RECIPIENT_SQL, &n_recipients, error) ||
      !count_members (store, list_id, segment, retry_of,
                      "m.status = 'subscribed' AND EXISTS (SELECT 1 FROM suppressions s WHERE s.email = c.email)",
                      &n_suppressed, error) ||
      !count_members (store, list_id, segment, retry_of, "m.status = 'unsubscribed'", &n_unsubscribed, error) ||
      !count_members (store, list_id, segment, retry_of,
                      "m.status = 'subscribed' AND c.consent_declined <> 0"
                      " AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.email = c.email)",
                      &n_declined, error))
    return FALSE;
  summary->n_recipients = n_recipients;
  summary->n_suppressed = n_suppressed;
  summary->n_unsubscribed = n_unsubscribed;
  summary->n_declined = n_declined;
  return TRUE;
}

/* The slowest of the account's pacing and each limited domain's. */
static gboolean
estimate_duration (HeraldStore               *store,
                   gint64                     list_id,
                   const HeraldPacingLimits  *account,
                   guint64                    n_recipients,
                   gint64                    *out_seconds,
                   GError                   **error)
{
  g_autoptr(HeraldPacingPresets) presets = herald_pacing_presets_dup_default ();
  gint64 seconds = herald_pacing_estimate_seconds (account, n_recipients);
  sqlite3_stmt *stmt;
  int rc;

  stmt = herald_store_prepare (store,
      "SELECT lower(substr(c.email, instr(c.email, '@') + 1)) AS d, count(*)"
      " FROM list_members m JOIN contacts c ON c.id = m.contact_id"
      " WHERE m.list_id = ?1 AND m.status = 'subscribed'"
      "   AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.email = c.email)"
      "   AND c.consent_declined = 0"
      " GROUP BY d",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, list_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeraldPacingLimits limits;

      if (herald_pacing_presets_lookup_domain (presets, (const char *) sqlite3_column_text (stmt, 0), &limits))
        seconds = MAX (seconds, herald_pacing_estimate_seconds (&limits, sqlite3_column_int64 (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return herald_store_set_error (store, rc, error);
  *out_seconds = seconds;
  return TRUE;
}

/**
 * herald_campaign_estimate:
 *
 * The pre-send summary: how many would get a campaign of @list_id sent
 * through @account_id, how many are left out and why, and how long the
 * pacing makes it take. Reads only; run it in a thread for big lists.
 */
gboolean
herald_campaign_estimate (HeraldStore            *store,
                          gint64                  list_id,
                          gint64                  account_id,
                          HeraldCampaignSummary  *out_summary,
                          GError                **error)
{
  return herald_campaign_estimate_segment (store, list_id, NULL, account_id, out_summary, error);
}

/**
 * herald_campaign_estimate_segment:
 * @segment_name: (nullable): a saved segment of @list_id; %NULL: the
 *   whole list
 *
 * herald_campaign_estimate() for the part of the list a saved segment
 * chooses: the numbers a campaign made with it would have.
 */
gboolean
herald_campaign_estimate_segment (HeraldStore            *store,
                                  gint64                  list_id,
                                  const char             *segment_name,
                                  gint64                  account_id,
                                  HeraldCampaignSummary  *out_summary,
                                  GError                **error)
{
  g_autoptr(HeraldSegment) segment = NULL;
  AccountBits account = { 0 };
  gboolean ok;

  memset (out_summary, 0, sizeof *out_summary);
  if (segment_name != NULL &&
      ((segment = herald_segment_find (store, segment_name, error)) == NULL ||
       !herald_segment_prepare_connection (store, error)))
    return FALSE;
  if (segment != NULL && segment->list_id != list_id)
    {
      g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_INVALID,
                   _("The segment “%s” is part of the list “%s”, not of this one. "
                     "Choose that list, or a segment of this one."),
                   segment->name, segment->list_name);
      return FALSE;
    }
  ok = find_account (store, NULL, account_id, &account, error) &&
       count_audience (store, list_id, segment, 0, out_summary, error) &&
       estimate_duration (store, list_id, &account.limits, out_summary->n_recipients,
                          &out_summary->estimated_seconds, error);
  g_free (account.from);
  return ok;
}

static gboolean
check_spec (const HeraldCampaignSpec  *spec,
            GError                   **error)
{
  if (spec->name == NULL || *spec->name == '\0' || !g_utf8_validate (spec->name, -1, NULL))
    {
      g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_INVALID,
                   _("A campaign needs a name."));
      return FALSE;
    }
  if (spec->scheduled_at != 0 && spec->scheduled_at <= herald_now_seconds ())
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (spec->scheduled_at);
      g_autofree char *text = when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M %Z") : g_strdup ("?");

      g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_PAST,
                   _("The time %s has passed already. Choose a later time, or create the campaign "
                     "without one and send it now."), text);
      return FALSE;
    }
  return TRUE;
}

static gint64
insert_campaign (HeraldStore               *store,
                 const HeraldCampaignSpec  *spec,
                 gint64                     template_id,
                 gint64                     list_id,
                 gint64                     account_id,
                 GError                   **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "INSERT INTO campaigns (name, template_id, list_id, account_id, segment, state, scheduled_at, if_late,"
      " utm_source, retry_of)"
      " VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?6 IS NULL THEN 'draft' ELSE 'scheduled' END, ?6, ?7,"
      " ?8, nullif(?9, 0))"
      " RETURNING id",
      error);
  gboolean taken;
  gint64 id;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, spec->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, template_id);
  sqlite3_bind_int64 (stmt, 3, list_id);
  sqlite3_bind_int64 (stmt, 4, account_id);
  herald_store_bind_text_or_null (stmt, 5, spec->segment);
  if (spec->scheduled_at != 0)
    sqlite3_bind_int64 (stmt, 6, spec->scheduled_at);
  if (spec->if_late != HERALD_IF_LATE_ASK)
    sqlite3_bind_text (stmt, 7, herald_if_late_to_string (spec->if_late), -1, SQLITE_STATIC);
  if (spec->utm)
    sqlite3_bind_text (stmt, 8, spec->utm_source != NULL && *spec->utm_source != '\0'
                                  ? spec->utm_source : spec->list_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, spec->retry_of);
  id = herald_store_finish_insert_id (store, stmt, sqlite3_step (stmt), &taken, error);
  if (taken)
    g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_EXISTS,
                 _("A campaign named “%s” exists already. Choose another name."), spec->name);
  return id;
}

static gboolean
insert_deliveries (HeraldStore          *store,
                   gint64                campaign_id,
                   gint64                list_id,
                   const HeraldSegment  *segment,
                   gint64                retry_of,
                   const char           *from,
                   guint64              *out_n,
                   GError              **error)
{
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (!herald_store_register_message_id (store, from, error))
    return FALSE;

  where = audience_where (segment, 3, retry_of);
  sql = g_strconcat ("INSERT INTO deliveries (campaign_id, contact_id, email, message_id)"
                     " SELECT ?1, c.id, c.email, herald_message_id(?1, c.id)"
                     " FROM list_members m JOIN contacts c ON c.id = m.contact_id"
                     " WHERE m.list_id = ?2 AND " RECIPIENT_SQL " AND ", where,
                     " ORDER BY m.id", NULL);
  if ((stmt = herald_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, campaign_id);
  sqlite3_bind_int64 (stmt, 2, list_id);
  audience_bind (segment, stmt, 3, retry_of);
  return herald_store_finish (store, stmt, sqlite3_step (stmt), out_n, error);
}

/**
 * herald_campaign_create:
 * @out_summary: (out) (optional): who gets it, who is left out
 *
 * Creates a draft campaign and, in the same transaction, one delivery row
 * for every subscribed member of the list who is not on the suppression
 * list and has not declined marketing mail (herald-consent.c), each with
 * its stable Message-ID.
 *
 * Returns: the campaign's id, or -1 with @error set
 */
gint64
herald_campaign_create (HeraldStore               *store,
                        const HeraldCampaignSpec  *spec,
                        HeraldCampaignSummary     *out_summary,
                        GError                   **error)
{
  g_autoptr(HeraldTemplateRecord) template = NULL;
  g_autoptr(HeraldSegment) segment = NULL;
  HeraldCampaignSummary summary = { 0 };
  AccountBits account = { 0 };
  g_autofree char *from = NULL;
  gint64 list_id, campaign_id = -1;

  if (!check_spec (spec, error))
    return -1;
  if ((template = herald_templates_find (store, spec->template_name, error)) == NULL ||
      (list_id = herald_store_find_list (store, spec->list_name, error)) < 0 ||
      !find_account (store, spec->account_name, -1, &account, error))
    {
      g_free (account.from);
      return -1;
    }
  from = g_steal_pointer (&account.from);
  /* A retry sends to those the first campaign failed for: its segment
   * chose them then, whatever the segment (changed or removed since) says
   * now; its name is only kept. */
  if (spec->segment != NULL && spec->retry_of <= 0)
    {
      if ((segment = herald_segment_find (store, spec->segment, error)) == NULL ||
          !herald_segment_prepare_connection (store, error))
        return -1;
      if (segment->list_id != list_id)
        {
          g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_INVALID,
                       _("The segment “%s” is part of the list “%s”, not of “%s”. "
                         "Choose that list, or a segment of this one."),
                       segment->name, segment->list_name, spec->list_name);
          return -1;
        }
    }
  {
    /* The template may send from another address than the account's. */
    sqlite3_stmt *stmt = herald_store_prepare (store, "SELECT from_addr FROM templates WHERE id = ?", NULL);
    if (stmt != NULL)
      {
        sqlite3_bind_int64 (stmt, 1, template->id);
        if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
          {
            g_free (from);
            from = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          }
        sqlite3_finalize (stmt);
      }
  }

  if (!herald_store_begin (store, error))
    return -1;
  if ((campaign_id = insert_campaign (store, spec, template->id, list_id, account.id, error)) < 0 ||
      !insert_accounts (store, spec, campaign_id, account.id, error) ||
      !count_audience (store, list_id, segment, spec->retry_of, &summary, error) ||
      !insert_deliveries (store, campaign_id, list_id, segment, spec->retry_of, from, &summary.n_recipients, error) ||
      !herald_tracking_store (store, campaign_id, spec->track_click, spec->track_open, error) ||
      !herald_store_run_sql (store, "UPDATE campaigns SET n_suppressed = ?2 WHERE id = ?1", NULL, error,
                2, campaign_id, (gint64) (summary.n_suppressed + summary.n_declined)))
    {
      herald_store_rollback (store);
      return -1;
    }
  if (!herald_store_commit (store, error))
    {
      herald_store_rollback (store);
      return -1;
    }
  summary.estimated_seconds = 0;
  /* One account's pacing says nothing of several sending together. */
  if (spec->more_accounts == NULL || spec->more_accounts[0] == NULL)
    estimate_duration (store, list_id, &account.limits, summary.n_recipients, &summary.estimated_seconds, NULL);
  if (out_summary != NULL)
    *out_summary = summary;
  return campaign_id;
}

/**
 * herald_campaign_create_retry:
 * @source_name: the campaign some recipients of which failed
 * @name: the new campaign's name
 *
 * "Send again to those it failed for": a campaign with @source_name's
 * template, list, account, segment and UTM tagging, for exactly the
 * recipients whose delivery failed there — not those sent, skipped or of
 * unknown fate (uncertain), and, as for any campaign, not those
 * suppressed (a failure for an address that does not exist suppressed it),
 * unsubscribed or declining since.
 *
 * Returns: the new campaign's id, or -1 with @error set
 */
gint64
herald_campaign_create_retry (HeraldStore            *store,
                              const char             *source_name,
                              const char             *name,
                              HeraldCampaignSummary  *out_summary,
                              GError                **error)
{
  g_autoptr(HeraldCampaignInfo) source = herald_campaign_find (store, source_name, error);
  g_autofree char *template_name = NULL, *list_name = NULL, *account_name = NULL;
  g_autofree char *track_click = NULL, *track_open = NULL;
  HeraldCampaignSpec spec = { 0 };
  guint64 counts[HERALD_DELIVERY_N_STATES] = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  if (source == NULL)
    return -1;
  stmt = herald_store_prepare (store,
      "SELECT t.name, l.name, a.name FROM campaigns c JOIN templates t ON t.id = c.template_id"
      " JOIN lists l ON l.id = c.list_id JOIN accounts a ON a.id = c.account_id WHERE c.id = ?1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, source->id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      template_name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      list_name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      account_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      herald_store_set_error (store, rc, error);
      return -1;
    }
  if (!herald_campaign_count_states (store, source->id, counts, error))
    return -1;
  if (counts[HERALD_DELIVERY_FAILED] == 0)
    {
      g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_STATE,
                   _("The campaign “%s” failed for nobody, so there is no one to send it again to."),
                   source->name);
      return -1;
    }
  spec.name = name;
  spec.template_name = template_name;
  spec.list_name = list_name;
  spec.account_name = account_name;
  /* Those it failed for were chosen by the segment when it was made: the
   * segment is not asked again (herald_campaign_create()). */
  spec.segment = source->segment;
  if (!herald_tracking_get (store, source->id, &track_click, &track_open, error))
    return -1;
  spec.track_click = track_click;
  spec.track_open = track_open;
  spec.utm = source->utm_source != NULL;
  spec.utm_source = source->utm_source;
  spec.retry_of = source->id;
  return herald_campaign_create (store, &spec, out_summary, error);
}

/* ---- reading ---------------------------------------------------------- */

#define INFO_COLUMNS \
  "id, name, template_id, list_id, account_id, segment, state, pause_reason," \
  " scheduled_at, n_suppressed, created_at, started_at, finished_at, if_late, late_skipped_at," \
  " utm_source, retry_of," \
  " (SELECT coalesce(deleted_name, name) FROM lists WHERE lists.id = campaigns.list_id)," \
  " (SELECT coalesce(deleted_name, name) FROM templates WHERE templates.id = campaigns.template_id)"

void
herald_campaign_info_free (HeraldCampaignInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->segment);
  g_free (info->pause_reason);
  g_free (info->utm_source);
  g_free (info->list_name);
  g_free (info->template_name);
  g_free (info);
}

static HeraldCampaignInfo *
info_from_row (sqlite3_stmt *stmt)
{
  HeraldCampaignInfo *info = g_new0 (HeraldCampaignInfo, 1);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  info->template_id = sqlite3_column_int64 (stmt, 2);
  info->list_id = sqlite3_column_int64 (stmt, 3);
  info->account_id = sqlite3_column_int64 (stmt, 4);
  info->segment = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  info->state = herald_campaign_state_from_string ((const char *) sqlite3_column_text (stmt, 6));
  info->pause_reason = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  info->scheduled_at = sqlite3_column_int64 (stmt, 8);
  info->n_suppressed = sqlite3_column_int64 (stmt, 9);
  info->created_at = sqlite3_column_int64 (stmt, 10);
  info->started_at = sqlite3_column_int64 (stmt, 11);
  info->finished_at = sqlite3_column_int64 (stmt, 12);
  herald_if_late_from_string ((const char *) sqlite3_column_text (stmt, 13), &info->if_late);
  info->late_skipped_at = sqlite3_column_int64 (stmt, 14);
  info->utm_source = g_strdup ((const char *) sqlite3_column_text (stmt, 15));
  info->retry_of = sqlite3_column_int64 (stmt, 16);
  info->list_name = g_strdup ((const char *) sqlite3_column_text (stmt, 17));
  info->template_name = g_strdup ((const char *) sqlite3_column_text (stmt, 18));
  return info;
}

static HeraldCampaignInfo *
find_info (HeraldStore  *store,
           const char   *name,
           gint64        id,
           GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT " INFO_COLUMNS " FROM campaigns WHERE name = ?1 OR id = ?2", error);
  HeraldCampaignInfo *info = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    info = info_from_row (stmt);
  sqlite3_finalize (stmt);
  if (info != NULL)
    return info;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    herald_store_set_error (store, rc, error);
  else if (name != NULL)
    g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_NOT_FOUND,
                 _("There is no campaign named “%s”. Check the name, or create the campaign first."), name);
  else
    g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_NOT_FOUND,
                 _("The campaign was deleted."));
  return NULL;
}

/**
 * herald_campaign_find:
 *
 * Returns: (transfer full) (nullable): the campaign named @name
 */
HeraldCampaignInfo *
herald_campaign_find (HeraldStore  *store,
                      const char   *name,
                      GError      **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  return find_info (store, name, -1, error);
}

/**
 * herald_campaign_get:
 *
 * Returns: (transfer full) (nullable): the campaign @campaign_id
 */
HeraldCampaignInfo *
herald_campaign_get (HeraldStore  *store,
                     gint64        campaign_id,
                     GError      **error)
{
  return find_info (store, NULL, campaign_id, error);
}

/**
 * herald_campaign_list:
 *
 * Returns: (transfer full) (element-type HeraldCampaignInfo): every
 *   campaign but those behind sequence steps, newest first
 */
GPtrArray *
herald_campaign_list (HeraldStore  *store,
                      GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_campaign_info_free);
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT " INFO_COLUMNS " FROM campaigns"
      /* A sequence step's deliveries are the sequence's (herald-sequence.h). */
      " WHERE id NOT IN (SELECT campaign_id FROM sequence_steps)"
      " ORDER BY created_at DESC, id DESC", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, info_from_row (stmt));
  if (!herald_store_finish (store, stmt, rc, NULL, error))
    return NULL;
  return g_steal_pointer (&list);
}

/**
 * herald_campaign_count_states:
 * @counts: (out caller-allocates): deliveries by #HeraldDeliveryState
 */
gboolean
herald_campaign_count_states (HeraldStore  *store,
                              gint64        campaign_id,
                              guint64       counts[HERALD_DELIVERY_N_STATES],
                              GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT state, count(*) FROM deliveries WHERE campaign_id = ? GROUP BY state", error);
  int rc;

  memset (counts, 0, sizeof (guint64) * HERALD_DELIVERY_N_STATES);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, campaign_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeraldDeliveryState state;

      if (herald_delivery_state_from_string ((const char *) sqlite3_column_text (stmt, 0), &state))
        counts[state] = sqlite3_column_int64 (stmt, 1);
    }
  return herald_store_finish (store, stmt, rc, NULL, error);
}

/**
 * herald_campaign_next_attempt_at:
 *
 * Returns: when the next queued or deferred delivery is due (Unix
 *   seconds), 0 when none is left, -1 on error
 */
gint64
herald_campaign_next_attempt_at (HeraldStore  *store,
                                 gint64        campaign_id,
                                 GError      **error)
{
  gint64 queued, deferred;

  if (!herald_store_query_int64 (store,
                    "SELECT min(next_attempt_at) FROM deliveries WHERE campaign_id = ?1 AND state = 'queued'",
                    G_MAXINT64, &queued, error, 1, campaign_id) ||
      !herald_store_query_int64 (store,
                    "SELECT min(next_attempt_at) FROM deliveries WHERE campaign_id = ?1 AND state = 'deferred'",
                    G_MAXINT64, &deferred, error, 1, campaign_id))
    return -1;
  if (queued == G_MAXINT64 && deferred == G_MAXINT64)
    return 0;
  return MAX (1, MIN (queued, deferred));
}

/* ---- the results, recipient by recipient ------------------------------ */

struct _HeraldDeliveryCursor
{
  HeraldStore       *store;
  sqlite3_stmt      *stmt;
  HeraldDeliveryRow  row;
};

/**
 * herald_delivery_cursor_new:
 * @state_filter: a #HeraldDeliveryState, or -1 for all
 *
 * Streams a campaign's deliveries in list order, whatever their number.
 *
 * Returns: (transfer full) (nullable): a cursor over the deliveries
 */
HeraldDeliveryCursor *
herald_delivery_cursor_new (HeraldStore  *store,
                            gint64        campaign_id,
                            int           state_filter,
                            GError      **error)
{
  g_autoptr(HeraldDeliveryCursor) self = g_new0 (HeraldDeliveryCursor, 1);

  self->store = store;
  self->stmt = herald_store_prepare (store,
      "SELECT d.id, d.email, d.state, d.attempts, d.last_code, d.last_enhanced, d.last_reply,"
      "  d.message_id, d.updated_at, d.sent_at, d.next_attempt_at, a.name"
      /* A row sent before deliveries named their account: the campaign's one. */
      " FROM deliveries d LEFT JOIN accounts a ON a.id = coalesce(d.account_id,"
      "   CASE WHEN d.attempts > 0 THEN (SELECT account_id FROM campaigns WHERE id = d.campaign_id) END)"
      " WHERE d.campaign_id = ?1 AND (?2 IS NULL OR d.state = ?2) ORDER BY d.id",
      error);
  if (self->stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (self->stmt, 1, campaign_id);
  if (state_filter >= 0 && state_filter < HERALD_DELIVERY_N_STATES)
    sqlite3_bind_text (self->stmt, 2, herald_delivery_state_to_string (state_filter), -1, SQLITE_STATIC);
  return g_steal_pointer (&self);
}

/**
 * herald_delivery_cursor_next:
 *
 * Returns: (transfer none) (nullable): the next delivery, valid until the
 *   next call; %NULL at the end or on error (then @error is set)
 */
const HeraldDeliveryRow *
herald_delivery_cursor_next (HeraldDeliveryCursor  *self,
                             GError               **error)
{
  sqlite3_stmt *stmt = self->stmt;
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        herald_store_set_error (self->store, rc, error);
      return NULL;
    }
  self->row.id = sqlite3_column_int64 (stmt, 0);
  self->row.email = (const char *) sqlite3_column_text (stmt, 1);
  herald_delivery_state_from_string ((const char *) sqlite3_column_text (stmt, 2), &self->row.state);
  self->row.attempts = sqlite3_column_int64 (stmt, 3);
  self->row.code = sqlite3_column_int64 (stmt, 4);
  self->row.enhanced = (const char *) sqlite3_column_text (stmt, 5);
  self->row.reply = (const char *) sqlite3_column_text (stmt, 6);
  self->row.message_id = (const char *) sqlite3_column_text (stmt, 7);
  self->row.updated_at = sqlite3_column_int64 (stmt, 8);
  self->row.sent_at = sqlite3_column_int64 (stmt, 9);
  self->row.next_attempt_at = sqlite3_column_int64 (stmt, 10);
  self->row.account = (const char *) sqlite3_column_text (stmt, 11);
  return &self->row;
}

void
herald_delivery_cursor_free (HeraldDeliveryCursor *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->stmt, sqlite3_finalize);
  g_free (self);
}

/* ---- what a pre-send check reads ------------------------------------------ */

/**
 * herald_campaign_read_pending_field:
 * @func: called with each delivery's address and the value of @field
 *   (%NULL when the contact has none, or was deleted)
 *
 * Reads @field for each delivery still to send (queued or deferred), in
 * the order they were created.
 */
gboolean
herald_campaign_read_pending_field (HeraldStore            *store,
                                    gint64                  campaign_id,
                                    const char             *field,
                                    HeraldFieldValueFunc    func,
                                    gpointer                user_data,
                                    GError                **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT d.email, (SELECT j.value FROM json_each(c.fields) j WHERE j.key = ?2)"
      " FROM deliveries d LEFT JOIN contacts c ON c.id = d.contact_id"
      " WHERE d.campaign_id = ?1 AND d.state IN ('queued','deferred') ORDER BY d.id",
      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, campaign_id);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func ((const char *) sqlite3_column_text (stmt, 0), (const char *) sqlite3_column_text (stmt, 1), user_data);
  return herald_store_finish (store, stmt, rc, NULL, error);
}

