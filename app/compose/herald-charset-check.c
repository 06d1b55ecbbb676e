/* herald-charset-check.c — which messages of a campaign ISO-2022-JP
 * cannot carry
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-merge"

#include "config.h"

#include <string.h>

#include "herald-campaign.h"
#include "herald-charset-check.h"
#include "herald-message.h"

void
herald_charset_check_clear (HeraldCharsetCheck *check)
{
  g_clear_pointer (&check->template_example, g_free);
  g_clear_pointer (&check->recipient_example, g_free);
}

/* The first character of @text that ISO-2022-JP cannot carry. */
static char *
dup_first_misfit (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      g_autofree char *one = g_strndup (p, g_utf8_next_char (p) - p);

      if (!herald_message_fits_jis (one))
        return g_steal_pointer (&one);
    }
  return NULL;
}

typedef struct
{
  GHashTable         *emails;
  HeraldCharsetCheck *check;
} Misfits;

static void
note_value (const char *email,
            const char *value,
            gpointer    user_data)
{
  Misfits *m = user_data;

  if (value == NULL || herald_message_fits_jis (value))
    return;
  g_hash_table_add (m->emails, g_strdup (email));
  if (m->check->recipient_example == NULL)
    m->check->recipient_example = dup_first_misfit (value);
}

/**
 * herald_campaign_check_charset:
 * @out: (out caller-allocates): what was found; clear it with
 *   herald_charset_check_clear()
 *
 * For a campaign whose account (or template) writes ISO-2022-JP: whether the template
 * fits it, and how many recipients still to send have values in the
 * fields the template uses that do not (their messages go in UTF-8).
 * Nothing is found for a UTF-8 account.
 *
 * Returns: %FALSE with @error set when the campaign cannot be read
 */
gboolean
herald_campaign_check_charset (HeraldStore         *store,
                               gint64               campaign_id,
                               HeraldCharsetCheck  *out,
                               GError             **error)
{
  g_autoptr(HeraldCampaignInfo) info = herald_campaign_get (store, campaign_id, error);
  g_autoptr(HeraldTemplateRecord) record = NULL;
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldMerge) merge = NULL;
  g_autoptr(GHashTable) emails = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  const char * const *used;
  const char *texts[4];
  Misfits m;

  memset (out, 0, sizeof *out);
  out->template_fits = TRUE;
  if (info == NULL ||
      (account = herald_account_load_by_id (store, info->account_id, error)) == NULL)
    return FALSE;
  if ((record = herald_templates_find_by_id (store, info->template_id, NULL)) == NULL ||
      herald_template_get_charset (record, account) != HERALD_CHARSET_ISO_2022_JP)
    return TRUE;

  texts[0] = record->subject;
  texts[1] = record->html;
  texts[2] = record->text;
  texts[3] = record->from != NULL ? record->from : account->from;
  for (guint i = 0; i < G_N_ELEMENTS (texts) && out->template_example == NULL; i++)
    out->template_example = dup_first_misfit (texts[i]);
  out->template_fits = out->template_example == NULL;

  /* A template that does not compile is the sender's to report. */
  if ((merge = herald_merge_new_for_account (record, account, NULL, NULL)) == NULL)
    return TRUE;
  used = herald_merge_get_used_fields (merge);
  /* The list's columns the fields are written from. */
  for (guint i = 0; used != NULL && used[i] != NULL; i++)
    g_ptr_array_add (fields, (gpointer) herald_merge_map_field (merge, used[i]));
  if (record->name_field != NULL && (used == NULL || !g_strv_contains (used, record->name_field)))
    g_ptr_array_add (fields, (gpointer) herald_merge_map_field (merge, record->name_field));

  emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m = (Misfits) { emails, out };
  for (guint i = 0; i < fields->len; i++)
    if (!herald_campaign_read_pending_field (store, campaign_id, g_ptr_array_index (fields, i),
                                             note_value, &m, error))
      {
        herald_charset_check_clear (out);
        return FALSE;
      }
  out->n_recipients = g_hash_table_size (emails);
  return TRUE;
}
