/* herald-suppressions.c — the addresses Herald never sends to
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One suppression list for the whole database: an address on it gets no
 * campaign from any list (herald-campaign.c leaves it out when a campaign
 * is made). Each entry says why (the reason) and what caused it (the
 * source: the bounce, the import, the person), so that it can be checked
 * and undone.
 */
#define G_LOG_DOMAIN "herald-suppressions"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-store-private.h"
#include "herald-suppressions.h"

G_DEFINE_QUARK (herald-suppression-error-quark, herald_suppression_error)

static const char * const reasons[] = { "bounced", "unsubscribed", "complaint", "manual", NULL };

void
herald_suppression_free (HeraldSuppression *suppression)
{
  if (suppression == NULL)
    return;
  g_free (suppression->email);
  g_free (suppression->reason);
  g_free (suppression->source);
  g_free (suppression);
}

gboolean
herald_suppression_reason_is_valid (const char *reason)
{
  return reason != NULL && g_strv_contains (reasons, reason);
}

/**
 * herald_suppressions_list:
 * @search: (nullable): only the addresses containing this text
 *
 * Returns: (transfer container) (element-type HeraldSuppression): the
 *   suppressed addresses, newest first; %NULL with @error set
 */
GPtrArray *
herald_suppressions_list (HeraldStore  *store,
                          const char   *search,
                          GError      **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_suppression_free);
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT email, reason, source, created_at FROM suppressions"
      " WHERE ?1 IS NULL OR instr (lower (email), lower (?1)) > 0"
      " ORDER BY created_at DESC, email", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  herald_store_bind_text_or_null (stmt, 1, search != NULL && *search != '\0' ? search : NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeraldSuppression *s = g_new0 (HeraldSuppression, 1);

      s->email = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      s->reason = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      s->source = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      s->created_at = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (all, s);
    }
  if (!herald_store_finish (store, stmt, rc, NULL, error))
    return NULL;
  return g_steal_pointer (&all);
}

/**
 * herald_suppressions_add:
 * @email: a normalised address
 * @reason: one of bounced, unsubscribed, complaint, manual
 * @source: (nullable): what caused it
 * @out_added: (out) (optional): %FALSE when the address was suppressed
 *   already (its entry is then left as it was)
 *
 * Suppresses an address. An address suppressed already keeps its first
 * reason, date and source: the first cause is the one to check.
 */
gboolean
herald_suppressions_add (HeraldStore  *store,
                         const char   *email,
                         const char   *reason,
                         const char   *source,
                         gboolean     *out_added,
                         GError      **error)
{
  sqlite3_stmt *stmt;

  if (!herald_suppression_reason_is_valid (reason))
    {
      g_set_error (error, HERALD_SUPPRESSION_ERROR, HERALD_SUPPRESSION_ERROR_INVALID_REASON,
                   /* TRANSLATORS: %s is what was given as the reason */
                   _("“%s” is not a reason for a suppression. Use bounced, unsubscribed, "
                     "complaint or manual."), reason != NULL ? reason : "");
      return FALSE;
    }
  stmt = herald_store_prepare (store,
      "INSERT INTO suppressions (email, reason, source) VALUES (?1, ?2, ?3)"
      " ON CONFLICT (email) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_STATIC);
  herald_store_bind_text_or_null (stmt, 3, source);
  return herald_store_finish_insert_new (store, stmt, sqlite3_step (stmt), out_added, error);
}

/**
 * herald_suppressions_remove:
 *
 * Takes an address off the suppression list: later campaigns include it
 * again (one already made is not changed).
 */
gboolean
herald_suppressions_remove (HeraldStore  *store,
                            const char   *email,
                            GError      **error)
{
  guint64 changes = 0;

  if (!herald_store_run_with_text (store, "DELETE FROM suppressions WHERE email = ?1", email, &changes, error))
    return FALSE;
  if (changes == 0)
    {
      g_set_error (error, HERALD_SUPPRESSION_ERROR, HERALD_SUPPRESSION_ERROR_NOT_FOUND,
                   _("“%s” is not on the suppression list."), email);
      return FALSE;
    }
  return TRUE;
}
