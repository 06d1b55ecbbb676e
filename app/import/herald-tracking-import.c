/* herald-tracking-import.c — opens and clicks read back from the user's
 * own web server's log
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Herald runs no server. A campaign made with the user's click and open
 * addresses (herald-tracking.c) is read back from what their server
 * logged: an access log in the Common or Combined Log Format, or a CSV
 * file with a column named url (or request, uri, path, link) holding the
 * requested address. Each line whose address is this campaign's click or
 * open address with a token of one of its deliveries becomes an open or a
 * click of that delivery (delivery_events, counted by the report as
 * approximate: image proxies open, privacy features hide); every other
 * line is counted as unmatched, never an error. A line's own bytes name
 * its event, so importing the same log again adds nothing.
 */
#define G_LOG_DOMAIN "herald-import"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-campaign.h"
#include "herald-engagement.h"
#include "herald-tracking.h"
#include "herald-tracking-import.h"
#include "herald-tracking-url.h"

/* Splits one CSV line (RFC 4180 quotes; no line breaks inside a field). */
static GPtrArray *
split_csv (const char *line)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line; ; p++)
    {
      if (quoted)
        {
          if (*p == '\0')
            break;
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',' || *p == '\0')
        {
          g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          if (*p == '\0')
            break;
        }
      else
        g_string_append_c (field, *p);
    }
  if (field != NULL)
    g_string_free (field, TRUE);
  return fields;
}

/* The column of a CSV header that holds the requested address, or -1. */
static int
url_column (const char *header)
{
  static const char * const names[] = { "url", "request", "uri", "path", "link", "request_uri" };
  g_autoptr(GPtrArray) fields = split_csv (header);

  for (guint i = 0; i < fields->len; i++)
    {
      g_autofree char *name = g_ascii_strdown (g_strstrip ((char *) g_ptr_array_index (fields, i)), -1);

      if (g_strv_contains (names, name))
        return (int) i;
    }
  return -1;
}

/* The time of a Common Log Format line ("[10/Jan/2027:10:01:00 +0900]"),
 * or 0 when it has none Herald can read. */
static gint64
log_time (const char *line)
{
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  const char *open = strchr (line, '[');
  int day, year, hour, minute, second, zone;
  char month[4] = { 0 };
  const char *m;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) when = NULL;
  char zone_text[8];

  if (open == NULL ||
      sscanf (open, "[%2d/%3c/%4d:%2d:%2d:%2d %5d]", &day, month, &year, &hour, &minute, &second, &zone) != 7 ||
      (m = strstr (months, month)) == NULL || (m - months) % 3 != 0 || zone < -1400 || zone > 1400)
    return 0;
  g_snprintf (zone_text, sizeof zone_text, "%c%02d:%02d", zone < 0 ? '-' : '+', ABS (zone) / 100, ABS (zone) % 100);
  tz = g_time_zone_new_identifier (zone_text);
  if (tz == NULL)
    return 0;
  when = g_date_time_new (tz, year, (m - months) / 3 + 1, day, hour, minute, second);
  return when != NULL ? g_date_time_to_unix (when) : 0;
}

typedef struct
{
  HeraldStore                *store;
  gint64                      campaign_id;
  char                       *click;
  char                       *open;
  int                         csv_column;   /* -1: an access log */
  HeraldTrackingImportCounts  counts;
} Import;

static gboolean
import_line (Import      *imp,
             const char  *line,
             GError     **error)
{
  g_autofree char *url = NULL, *token = NULL, *target = NULL, *event_id = NULL, *keyed = NULL, *sum = NULL;
  HeraldTrackingKind kind;
  HeraldEngagementEvent event;
  gboolean added = FALSE;
  gint64 delivery_id;

  if (imp->csv_column >= 0)
    {
      g_autoptr(GPtrArray) fields = split_csv (line);

      if ((guint) imp->csv_column < fields->len)
        {
          const char *value = g_ptr_array_index (fields, imp->csv_column);
          /* A CSV may hold the whole request line: "GET /r?… HTTP/1.1". */
          g_autofree char *quoted = g_strdup_printf ("\"%s\"", value);

          url = herald_tracking_log_url (quoted);
          if (url == NULL)
            url = g_strdup (value);
        }
    }
  else
    url = herald_tracking_log_url (line);
  kind = url != NULL ? herald_tracking_match (url, imp->click, imp->open, &token, &target) : HERALD_TRACKING_NONE;
  if (kind == HERALD_TRACKING_NONE)
    {
      imp->counts.unmatched++;
      return TRUE;
    }
  if ((delivery_id = herald_tracking_find_delivery (imp->store, imp->campaign_id, token, error)) < 0)
    return FALSE;
  if (delivery_id == 0)
    {
      imp->counts.unmatched++;
      return TRUE;
    }
  keyed = g_strdup_printf ("%" G_GINT64_FORMAT "\n%s", imp->campaign_id, line);
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, keyed, -1);
  event_id = g_strconcat ("log:", sum, NULL);
  event = (HeraldEngagementEvent) {
    .delivery_id = delivery_id,
    .provider_event_id = event_id,
    .kind = kind == HERALD_TRACKING_CLICK ? "clicked" : "opened",
    .occurred_at = imp->csv_column >= 0 ? 0 : log_time (line),
    .url = target,
  };
  if (!herald_engagement_add (imp->store, &event, &added, error))
    return FALSE;
  if (!added)
    imp->counts.duplicates++;
  else if (kind == HERALD_TRACKING_CLICK)
    imp->counts.clicks++;
  else
    imp->counts.opens++;
  return TRUE;
}

/**
 * herald_tracking_import:
 * @campaign_name: a campaign made with tracking addresses
 * @input: the log or CSV file's bytes
 * @out_counts: (out): what the lines came to
 *
 * Reads the opens and clicks of @campaign_name from @input, in one
 * transaction.
 *
 * Returns: %FALSE with @error set when the campaign is unknown or has no
 *   tracking addresses, or the file or the database fails
 */
gboolean
herald_tracking_import (HeraldStore                 *store,
                        const char                  *campaign_name,
                        GInputStream                *input,
                        HeraldTrackingImportCounts  *out_counts,
                        GError                     **error)
{
  g_autoptr(HeraldCampaignInfo) info = herald_campaign_find (store, campaign_name, error);
  g_autoptr(GDataInputStream) data = NULL;
  Import imp = { store, 0, NULL, NULL, -1, { 0 } };
  g_autoptr(GError) read_error = NULL;
  gboolean first = TRUE, ok = TRUE;
  char *line;
  gsize length;

  if (info == NULL)
    return FALSE;
  imp.campaign_id = info->id;
  if (!herald_tracking_get (store, info->id, &imp.click, &imp.open, error))
    return FALSE;
  if (imp.click == NULL && imp.open == NULL)
    {
      g_free (imp.click);
      g_free (imp.open);
      g_set_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_INVALID,
                   _("The campaign “%s” was made without tracking addresses, so no log can tell its opens "
                     "or clicks. Give a click or open address when you make a campaign."), campaign_name);
      return FALSE;
    }
  data = g_data_input_stream_new (input);
  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  if (!herald_store_begin (store, error))
    ok = FALSE;
  while (ok && (line = g_data_input_stream_read_line (data, &length, NULL, &read_error)) != NULL)
    {
      if (first && (imp.csv_column = url_column (line)) >= 0)
        {
          first = FALSE;
          g_free (line);
          continue;
        }
      first = FALSE;
      if (*g_strstrip (line) != '\0')
        ok = import_line (&imp, line, error);
      g_free (line);
    }
  if (ok && read_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&read_error));
      ok = FALSE;
    }
  g_free (imp.click);
  g_free (imp.open);
  if (!herald_store_end (store, ok, error))
    return FALSE;
  *out_counts = imp.counts;
  return TRUE;
}
