/* herald-business-check.c — does a newsletter say who sends it?
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A template's footer shows the sender's business details through the
 * built-in fields sender_name, sender_address and sender_contact
 * (herald-business.h). A detail that was never set would go out as an
 * empty line, and a newsletter without its sender's name, postal address
 * or contact breaks Japan's Act on Specified Electronic Mail (and the
 * postal address CAN-SPAM wants): the checks before sending name each
 * one that is missing, and where to set it.
 */
#define G_LOG_DOMAIN "herald-merge"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-business.h"
#include "herald-campaign.h"
#include "herald-merge.h"
#include "herald-template.h"
#include "herald-text.h"

/* Whether any part of @record shows @field (a condition on it does not
 * count). A part that does not compile is reported where it is used. */
static gboolean
record_shows_field (const HeraldTemplate * const *parts,
                    const char                   *field)
{
  for (guint i = 0; i < 3; i++)
    if (parts[i] != NULL && herald_template_shows_field (parts[i], field))
      return TRUE;
  return FALSE;
}

static const char *
describe_field (const char *field)
{
  if (g_str_equal (field, "sender_name"))
    return _("the business name");
  if (g_str_equal (field, "sender_address"))
    return _("the postal address");
  return _("the contact (e-mail or telephone)");
}

/**
 * herald_template_check_business:
 * @record: the template
 * @out_fields: (out) (optional) (transfer full): the sender_* fields the
 *   template shows that have no value, comma-separated
 *
 * Whether every business detail the template shows is set.
 *
 * Returns: %FALSE with HERALD_MERGE_ERROR_NO_BUSINESS_DETAILS naming the
 *   missing ones and where to set them (or another error of the store)
 */
gboolean
herald_template_check_business (HeraldStore                 *store,
                                const HeraldTemplateRecord  *record,
                                char                       **out_fields,
                                GError                     **error)
{
  g_autoptr(HeraldBusiness) business = herald_business_load (store, error);
  g_autofree char *generated = NULL;
  HeraldTemplate *parts[3] = { NULL, NULL, NULL };
  g_autoptr(GString) fields = g_string_new (NULL);
  g_autoptr(GString) what = g_string_new (NULL);
  const char *text = record->text;
  guint n_missing = 0;

  if (business == NULL)
    return FALSE;
  if (text == NULL || *text == '\0')
    text = generated = herald_text_from_html_for_merge (record->html, -1);
  parts[0] = herald_template_compile (record->subject, HERALD_TEMPLATE_CONTEXT_HEADER, NULL, NULL);
  parts[1] = herald_template_compile (record->html, HERALD_TEMPLATE_CONTEXT_HTML, NULL, NULL);
  parts[2] = herald_template_compile (text, HERALD_TEMPLATE_CONTEXT_TEXT, NULL, NULL);

  for (guint i = 0; herald_business_fields[i] != NULL; i++)
    {
      const char *field = herald_business_fields[i];

      if (*herald_business_get_value (business, field) != '\0' ||
          !record_shows_field ((const HeraldTemplate * const *) parts, field))
        continue;
      if (fields->len > 0)
        {
          g_string_append_c (fields, ',');
          g_string_append (what, _(", "));
        }
      g_string_append (fields, field);
      g_string_append (what, describe_field (field));
      n_missing++;
    }
  for (guint i = 0; i < 3; i++)
    g_clear_pointer (&parts[i], herald_template_free);

  if (out_fields != NULL)
    *out_fields = fields->len > 0 ? g_strdup (fields->str) : NULL;
  if (fields->len == 0)
    return TRUE;
  g_set_error (error, HERALD_MERGE_ERROR, HERALD_MERGE_ERROR_NO_BUSINESS_DETAILS,
               /* TRANSLATORS: %s: the template's name; %s: what is missing, e.g.
                * "the postal address, the contact (e-mail or telephone)" */
               g_dngettext (GETTEXT_PACKAGE,
                            "The template “%s” shows the sender’s business details in its footer, but %s "
                            "is not set, so the message would not say who sends it. Set the business details "
                            "once in Preferences.",
                            "The template “%s” shows the sender’s business details in its footer, but %s "
                            "are not set, so the message would not say who sends it. Set the business details "
                            "once in Preferences.",
                            n_missing),
               record->name != NULL ? record->name : "", what->str);
  return FALSE;
}

/**
 * herald_campaign_check_business:
 *
 * herald_template_check_business() for a campaign's template.
 */
gboolean
herald_campaign_check_business (HeraldStore  *store,
                                gint64        campaign_id,
                                char        **out_fields,
                                GError      **error)
{
  g_autoptr(HeraldCampaignInfo) info = herald_campaign_get (store, campaign_id, error);
  g_autoptr(HeraldTemplateRecord) record = NULL;

  if (out_fields != NULL)
    *out_fields = NULL;
  if (info == NULL)
    return FALSE;
  /* A deleted template is the sender's to report. */
  if ((record = herald_templates_find_by_id (store, info->template_id, NULL)) == NULL)
    return TRUE;
  return herald_template_check_business (store, record, out_fields, error);
}
