/* herald-consent.c — consent records: when and how each person agreed to
 * marketing mail, and who said no
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A contact is one person across all lists, so the record is the
 * contact's (contacts.consent_at, consent_source, consent_declined). A
 * person who declined is never mailed: campaign creation leaves them out
 * (herald-campaign.c) and the sender skips them when they declined after
 * it (herald-journal.c), until the user records that they agreed.
 *
 * herald_consent_merge() is the rule an import follows (the import
 * writer applies it): a row's own values win; a blank cell keeps the
 * stored value unless blanks clear; the whole import's date and source
 * only fill a record that is empty, and never a decliner's.
 */
#define G_LOG_DOMAIN "herald-consent"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-base.h"
#include "herald-consent.h"
#include "herald-store-private.h"

G_DEFINE_QUARK (herald-consent-error-quark, herald_consent_error)

void
herald_consent_clear (HeraldConsent *consent)
{
  g_clear_pointer (&consent->source, g_free);
  consent->at = 0;
  consent->declined = FALSE;
}

gboolean
herald_consent_equal (const HeraldConsent *a,
                      const HeraldConsent *b)
{
  return a->at == b->at && !a->declined == !b->declined &&
         g_strcmp0 (a->source, b->source) == 0;
}

/* Whether anything says when or how the person agreed. */
gboolean
herald_consent_has_record (const HeraldConsent *consent)
{
  return consent->at != 0 || consent->source != NULL;
}

/* Whether the row can change a stored record at all. */
gboolean
herald_consent_row_says_anything (const HeraldConsentRow *row)
{
  return row->answer != HERALD_CONSENT_ANSWER_NONE || row->at != 0 || row->source != NULL ||
         row->clear_at || row->clear_source || row->default_at != 0 || row->default_source != NULL;
}

/**
 * herald_consent_merge:
 * @old: the stored record (all zero for a new contact)
 * @row: what the import's row says
 * @out: (out caller-allocates): the record to store; clear it with
 *   herald_consent_clear()
 */
void
herald_consent_merge (const HeraldConsent    *old,
                      const HeraldConsentRow *row,
                      HeraldConsent          *out)
{
  gboolean declined = row->answer == HERALD_CONSENT_ANSWER_DECLINED ? TRUE
                    : row->answer == HERALD_CONSENT_ANSWER_GIVEN ? FALSE
                    : old->declined;
  const char *source = row->source != NULL ? row->source
                     : row->clear_source ? NULL : old->source;
  gint64 at = row->at != 0 ? row->at : row->clear_at ? 0 : old->at;

  /* The whole import's values describe how this file's people agreed:
   * they fill what nobody recorded, and say nothing of a decliner. */
  if (!declined && !herald_consent_has_record (old))
    {
      if (at == 0)
        at = row->default_at;
      if (source == NULL)
        source = row->default_source;
    }
  if (source == NULL && row->answer == HERALD_CONSENT_ANSWER_GIVEN)
    source = row->fallback_source;
  out->at = at;
  out->source = g_strdup (source);
  out->declined = declined;
}

static gint64
find_contact (HeraldStore  *store,
              const char   *email,
              GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store, "SELECT id FROM contacts WHERE email = ?1", error);
  gint64 id = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, HERALD_CONSENT_ERROR, HERALD_CONSENT_ERROR_NO_CONTACT,
                 _("No contact has the address “%s”. Check the spelling, or import the "
                   "contact first."), email);
  else if (rc != SQLITE_ROW)
    herald_store_set_error (store, rc, error);
  return id;
}

/**
 * herald_consent_get:
 * @out: (out caller-allocates): the contact's record
 *
 * Returns: %FALSE with @error set when no contact has @email
 */
gboolean
herald_consent_get (HeraldStore    *store,
                    const char     *email,
                    HeraldConsent  *out,
                    GError        **error)
{
  sqlite3_stmt *stmt;
  gint64 id;
  int rc;

  memset (out, 0, sizeof *out);
  if ((id = find_contact (store, email, error)) < 0 ||
      (stmt = herald_store_prepare (store,
         "SELECT consent_at, consent_source, consent_declined FROM contacts WHERE id = ?1",
         error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->at = sqlite3_column_int64 (stmt, 0);
      out->source = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      out->declined = sqlite3_column_int (stmt, 2) != 0;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return herald_store_set_error (store, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
  return TRUE;
}

/**
 * herald_consent_set:
 * @answer: %HERALD_CONSENT_ANSWER_GIVEN: the person agreed (mail them
 *   again); %HERALD_CONSENT_ANSWER_DECLINED: they said no (never mail
 *   them); %HERALD_CONSENT_ANSWER_NONE: only @at and @source change
 * @at: when, in seconds since 1970; 0 keeps the stored time, or, when
 *   they agreed and none is stored, takes the engine's clock
 * @source: (nullable): how; %NULL keeps the stored one
 *
 * The user's own change of one person's consent.
 */
gboolean
herald_consent_set (HeraldStore          *store,
                    const char           *email,
                    HeraldConsentAnswer   answer,
                    gint64                at,
                    const char           *source,
                    GError              **error)
{
  gint64 id = find_contact (store, email, error);

  return id >= 0 && herald_consent_set_for_contact (store, id, answer, at, source, error);
}

/**
 * herald_consent_set_for_contact:
 *
 * herald_consent_set() for a contact known by its id (the window's
 * selected rows). A contact deleted meanwhile changes nothing.
 */
gboolean
herald_consent_set_for_contact (HeraldStore          *store,
                                gint64                id,
                                HeraldConsentAnswer   answer,
                                gint64                at,
                                const char           *source,
                                GError              **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = herald_store_prepare (store,
         "UPDATE contacts SET"
         " consent_declined = CASE ?2 WHEN 1 THEN 0 WHEN 2 THEN 1 ELSE consent_declined END,"
         " consent_at = CASE WHEN ?3 <> 0 THEN ?3"
         "                   WHEN ?2 = 1 AND consent_at IS NULL THEN ?5 ELSE consent_at END,"
         " consent_source = coalesce (?4, consent_source),"
         " updated_at = ?5"
         " WHERE id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, (int) answer);
  sqlite3_bind_int64 (stmt, 3, at);
  herald_store_bind_text_or_null (stmt, 4, source);
  sqlite3_bind_int64 (stmt, 5, herald_now_seconds ());
  rc = sqlite3_step (stmt);
  return herald_store_finish (store, stmt, rc, NULL, error);
}

/**
 * herald_consent_count_campaign:
 * @out_without: (out): the campaign's recipients still to be sent whose
 *   consent nobody recorded (neither when nor how)
 * @out_declined: (out): members of its list who declined: left out
 */
gboolean
herald_consent_count_campaign (HeraldStore  *store,
                               gint64        campaign_id,
                               guint64      *out_without,
                               guint64      *out_declined,
                               GError      **error)
{
  gint64 without = 0, declined = 0;

  if (!herald_store_query_int64 (store,
         "SELECT count(*) FROM deliveries AS d JOIN contacts AS c ON c.id = d.contact_id"
         " WHERE d.campaign_id = ?1 AND d.state IN ('queued', 'deferred')"
         "   AND c.consent_at IS NULL AND c.consent_source IS NULL",
         0, &without, error, 1, campaign_id) ||
      !herald_store_query_int64 (store,
         "SELECT count(*) FROM list_members AS m JOIN contacts AS c ON c.id = m.contact_id"
         " WHERE m.list_id = (SELECT list_id FROM campaigns WHERE id = ?1)"
         "   AND m.status = 'subscribed' AND c.consent_declined <> 0",
         0, &declined, error, 1, campaign_id))
    return FALSE;
  *out_without = without;
  *out_declined = declined;
  return TRUE;
}
