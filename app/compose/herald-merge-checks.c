/* herald-merge-checks.c — before a campaign is made: the template's fields
 * and unsubscribe link against the list and the account
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built on herald-merge.c's public functions: a merge is compiled and
 * asked what it uses.
 */
#define G_LOG_DOMAIN "herald-merge"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-campaign.h"
#include "herald-merge.h"
#include "herald-store.h"

/**
 * herald_template_check_unsubscribe:
 * @record: the template
 * @account_name: the account it would be sent with
 *
 * herald_merge_check_unsubscribe() for a template and an account, before
 * a campaign is made of them.
 */
gboolean
herald_template_check_unsubscribe (HeraldStore                 *store,
                                   const HeraldTemplateRecord  *record,
                                   const char                  *account_name,
                                   GError                     **error)
{
  g_autoptr(HeraldAccount) account = herald_account_load (store, account_name, error);
  g_autoptr(HeraldMerge) merge = NULL;

  /* A template that does not compile is reported where it is used. */
  if (account == NULL)
    return FALSE;
  if ((merge = herald_merge_new_for_account (record, account, NULL, NULL)) == NULL)
    return TRUE;
  return herald_merge_check_unsubscribe (merge, account->name, error);
}

/* "“a”, “b”" */
static char *
quote_names (const char * const *names)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, _(", "));
      /* TRANSLATORS: a field's name in quotes */
      g_string_append_printf (out, _("“%s”"), names[i]);
    }
  return g_string_free (out, FALSE);
}

/**
 * herald_template_check_fields:
 * @record: the template
 * @list_name: the list it would go to
 *
 * Whether every field the template uses is a column of the list: the
 * sender stops at the first message otherwise. All the missing fields
 * are named at once, with the list's columns, before a campaign is made.
 */
gboolean
herald_template_check_fields (HeraldStore                 *store,
                              const HeraldTemplateRecord  *record,
                              const char                  *list_name,
                              GError                     **error)
{
  g_autoptr(HeraldMerge) merge = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_auto(GStrv) columns = NULL;
  const char * const *used;
  gint64 list_id;

  if ((list_id = herald_store_find_list (store, list_name, error)) < 0 ||
      (columns = herald_store_dup_list_fields (store, list_id, error)) == NULL)
    return FALSE;
  /* A template that does not compile is reported where it is used. */
  if ((merge = herald_merge_new (record, NULL, NULL, NULL)) == NULL)
    return TRUE;
  used = herald_merge_get_used_fields (merge);
  for (guint i = 0; used != NULL && used[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) columns, herald_merge_map_field (merge, used[i])))
      g_ptr_array_add (missing, (gpointer) used[i]);
  if (missing->len == 0)
    return TRUE;
  g_ptr_array_add (missing, NULL);
  {
    g_autofree char *names = quote_names ((const char * const *) missing->pdata);
    g_autofree char *have = quote_names ((const char * const *) columns);

    g_set_error (error, HERALD_MERGE_ERROR, HERALD_MERGE_ERROR_UNKNOWN_FIELDS,
                 /* TRANSLATORS: the template's name, the fields it uses that the list
                  * lacks, the list's name, and the list's columns */
                 g_dngettext (GETTEXT_PACKAGE,
                              "The template “%s” uses the field %s, which the list “%s” does not have "
                              "(its columns: %s), so no message could be made. Change the template, or "
                              "import the list again giving that name to the right column.",
                              "The template “%s” uses the fields %s, which the list “%s” does not have "
                              "(its columns: %s), so no message could be made. Change the template, or "
                              "import the list again giving those names to the right columns.",
                              missing->len - 1),
                 record->name, names, list_name, *have != '\0' ? have : "—");
  }
  return FALSE;
}

/**
 * herald_campaign_check_unsubscribe:
 *
 * herald_template_check_unsubscribe() for a campaign's template and
 * account, as the sender will check them.
 */
gboolean
herald_campaign_check_unsubscribe (HeraldStore  *store,
                                   gint64        campaign_id,
                                   GError      **error)
{
  g_autoptr(HeraldCampaignInfo) info = herald_campaign_get (store, campaign_id, error);
  g_autoptr(HeraldTemplateRecord) record = NULL;
  g_autoptr(HeraldAccount) account = NULL;

  if (info == NULL ||
      (account = herald_account_load_by_id (store, info->account_id, error)) == NULL)
    return FALSE;
  /* A deleted template is the sender's to report. */
  if ((record = herald_templates_find_by_id (store, info->template_id, NULL)) == NULL)
    return TRUE;
  return herald_template_check_unsubscribe (store, record, account->name, error);
}
