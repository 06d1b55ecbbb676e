/* herald-campaign-format.c — campaign and delivery words and numbers for people
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Campaigns and Results pages both show: state names, durations,
 * the delivery counts line, and the one way both run store work through
 * the session (in its thread, the result back in the main context).
 */
#define G_LOG_DOMAIN "herald-campaign-format"

#include "config.h"

#include <string.h>

#include <inttypes.h>
#include <glib/gi18n.h>

#include "herald-campaign-format.h"
#include "herald-checks.h"
#include "herald-parts.h"

const char *
herald_campaign_state_label (HeraldCampaignState state)
{
  switch (state)
    {
    case HERALD_CAMPAIGN_DRAFT: return _("Draft");
    case HERALD_CAMPAIGN_SCHEDULED: return _("Scheduled");
    case HERALD_CAMPAIGN_SENDING: return _("Sending");
    case HERALD_CAMPAIGN_PAUSED: return _("Paused");
    case HERALD_CAMPAIGN_DONE: return _("Done");
    case HERALD_CAMPAIGN_CANCELLED: return _("Cancelled");
    case HERALD_CAMPAIGN_N_STATES:
    default: return "?";
    }
}

const char *
herald_delivery_state_label (HeraldDeliveryState state)
{
  switch (state)
    {
    case HERALD_DELIVERY_QUEUED: return _("Queued");
    case HERALD_DELIVERY_SENDING: return _("Sending");
    case HERALD_DELIVERY_SENT: return _("Sent");
    case HERALD_DELIVERY_DEFERRED: return _("Deferred");
    case HERALD_DELIVERY_FAILED: return _("Failed");
    case HERALD_DELIVERY_UNCERTAIN: return _("Uncertain");
    case HERALD_DELIVERY_SKIPPED: return _("Skipped");
    case HERALD_DELIVERY_N_STATES:
    default: return "?";
    }
}

/* Negative: unknown. */
char *
herald_format_duration (gint64 seconds)
{
  if (seconds < 0)
    return g_strdup (_("unknown"));
  if (seconds >= 86400)
    /* TRANSLATORS: a duration: days, then hours:minutes */
    return g_strdup_printf (_("%d d %02d:%02d"), (int) (seconds / 86400),
                            (int) (seconds % 86400 / 3600), (int) (seconds % 3600 / 60));
  return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600),
                          (int) (seconds % 3600 / 60), (int) (seconds % 60));
}

/* One line of counts by state; "sending" ones count as queued. */
char *
herald_format_delivery_counts (const guint64 counts[HERALD_DELIVERY_N_STATES])
{
  const guint64 *c = counts;

  /* TRANSLATORS: the delivery counts of a campaign, by state */
  return g_strdup_printf (_("Sent %" PRIu64 " · Queued %" PRIu64 " · Deferred %" PRIu64
                            " · Failed %" PRIu64 " · Uncertain %" PRIu64 " · Skipped %" PRIu64),
                          (uint64_t) c[HERALD_DELIVERY_SENT],
                          (uint64_t) (c[HERALD_DELIVERY_QUEUED] + c[HERALD_DELIVERY_SENDING]),
                          (uint64_t) c[HERALD_DELIVERY_DEFERRED], (uint64_t) c[HERALD_DELIVERY_FAILED],
                          (uint64_t) c[HERALD_DELIVERY_UNCERTAIN], (uint64_t) c[HERALD_DELIVERY_SKIPPED]);
}

/**
 * herald_format_attachment_problems:
 * @problems: (element-type HeraldAttachmentProblem): from herald_campaign_check_attachments()
 *
 * Returns: (transfer full): the first few problems, one a line, then how
 *   many more, for a dialog
 */
char *
herald_format_attachment_problems (GPtrArray *problems)
{
  const guint shown = MIN (problems->len, 5);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%u recipient’s attachment cannot be read, so nothing was sent. "
                                       "Correct the file or the path in the list, then press Resume.",
                                       "%u recipients’ attachments cannot be read, so nothing was sent. "
                                       "Correct the files or the paths in the list, then press Resume.",
                                       problems->len),
                          problems->len);
  g_string_append (text, "\n");
  for (guint i = 0; i < shown; i++)
    {
      HeraldAttachmentProblem *p = g_ptr_array_index (problems, i);

      g_string_append (text, "\n");
      if (p->email != NULL && *p->email != '\0')
        /* TRANSLATORS: one problem with a recipient's attachment: the address, then what is wrong */
        g_string_append_printf (text, _("%s: %s"), p->email, p->problem);
      else
        g_string_append (text, p->problem);
    }
  if (problems->len > shown)
    {
      g_string_append (text, "\n");
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "… and %u more.", "… and %u more.",
                                           problems->len - shown),
                              problems->len - shown);
    }
  return g_string_free (text, FALSE);
}

/**
 * herald_format_check_problems:
 * @problems: (element-type HeraldCheckProblem): from herald_campaign_checklist()
 *
 * Returns: (transfer full): the checklist for a dialog: how many problems,
 *   the first dozen one a line (with the address, domain or URL each is
 *   about), how many more, then the notes
 */
char *
herald_format_check_problems (GPtrArray *problems)
{
  GString *text = g_string_new (NULL);
  guint n = 0, shown = 0;

  for (guint i = 0; i < problems->len; i++)
    if (((HeraldCheckProblem *) g_ptr_array_index (problems, i))->severity != HERALD_CHECK_NOTE)
      n++;
  if (n == 0)
    g_string_append (text, _("Nothing to fix: the addresses, your domain, the links and the message look ready to send."));
  else
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "%u thing to look at before sending:",
                                         "%u things to look at before sending:", n),
                            n);
  for (guint i = 0; i < problems->len; i++)
    {
      HeraldCheckProblem *p = g_ptr_array_index (problems, i);
      const char *about = *p->email != '\0' ? p->email : p->value;

      if (p->severity == HERALD_CHECK_NOTE || shown++ >= 12)
        continue;
      g_string_append (text, "\n\n");
      if (about != NULL && *about != '\0' && strstr (p->text, about) == NULL)
        /* TRANSLATORS: one problem: the address, domain or link it is about, then what is wrong */
        g_string_append_printf (text, _("%s: %s"), about, p->text);
      else
        g_string_append (text, p->text);
    }
  if (n > 12)
    {
      g_string_append (text, "\n\n");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "… and %u more.", "… and %u more.", n - 12), n - 12);
    }
  for (guint i = 0; i < problems->len; i++)
    {
      HeraldCheckProblem *p = g_ptr_array_index (problems, i);

      if (p->severity != HERALD_CHECK_NOTE)
        continue;
      g_string_append (text, "\n\n");
      g_string_append (text, p->text);
    }
  return g_string_free (text, FALSE);
}
