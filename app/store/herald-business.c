/* herald-business.c — the sender's business details, set once
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row (id 1) of business_details. The window's Preferences and
 * `herald-cli business set` write it; every merge reads it
 * (herald_merge_load_list()), so the preview, the test send and the
 * campaign show the same footer.
 */
#define G_LOG_DOMAIN "herald-business"

#include "config.h"

#include "herald-business.h"
#include "herald-store-private.h"

const char * const herald_business_fields[] = {
  "sender_name", "sender_address", "sender_contact", NULL
};

void
herald_business_free (HeraldBusiness *business)
{
  if (business == NULL)
    return;
  g_free (business->name);
  g_free (business->address);
  g_free (business->contact);
  g_free (business);
}

/* A value as stored: trimmed, one line (a footer's line; a header value
 * must hold no line break either). */
static char *
clean (const char *value)
{
  g_autofree char *copy = g_strdup (value != NULL ? value : "");

  g_strdelimit (copy, "\r\n\t", ' ');
  return g_strdup (g_strstrip (copy));
}

/**
 * herald_business_load:
 *
 * Returns: (transfer full) (nullable): the business details, with ""
 *   for each one not set; %NULL with @error set
 */
HeraldBusiness *
herald_business_load (HeraldStore  *store,
                      GError      **error)
{
  g_autoptr(HeraldBusiness) business = g_new0 (HeraldBusiness, 1);
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT name, address, contact FROM business_details WHERE id = 1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      business->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      business->address = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      business->contact = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      rc = SQLITE_DONE;
    }
  if (!herald_store_finish (store, stmt, rc, NULL, error))
    return NULL;
  if (business->name == NULL)
    business->name = g_strdup ("");
  if (business->address == NULL)
    business->address = g_strdup ("");
  if (business->contact == NULL)
    business->contact = g_strdup ("");
  return g_steal_pointer (&business);
}

/**
 * herald_business_save:
 *
 * Stores the three details (trimmed, on one line each), replacing the
 * ones stored.
 */
gboolean
herald_business_save (HeraldStore           *store,
                      const HeraldBusiness  *business,
                      GError               **error)
{
  g_autofree char *name = clean (business->name);
  g_autofree char *address = clean (business->address);
  g_autofree char *contact = clean (business->contact);
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "INSERT INTO business_details (id, name, address, contact) VALUES (1, ?1, ?2, ?3)"
      " ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address,"
      " contact = excluded.contact", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, address, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, contact, -1, SQLITE_STATIC);
  return herald_store_finish (store, stmt, sqlite3_step (stmt), NULL, error);
}

/**
 * herald_business_get_value:
 * @field: one of herald_business_fields
 *
 * Returns: (transfer none) (nullable): the detail that @field shows, or
 *   %NULL when @field is not one of them
 */
const char *
herald_business_get_value (const HeraldBusiness *business,
                           const char           *field)
{
  if (g_str_equal (field, "sender_name"))
    return business->name;
  if (g_str_equal (field, "sender_address"))
    return business->address;
  if (g_str_equal (field, "sender_contact"))
    return business->contact;
  return NULL;
}
