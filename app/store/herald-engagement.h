/* herald-engagement.h — opens and clicks a sending provider tracked,
 * kept per delivery (herald-engagement.c)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Approximate by nature: image proxies (Apple Mail Privacy Protection,
 * Gmail's) open messages nobody read, and blocked images hide opens that
 * happened. Clicks are firmer.
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

/* A campaign's numbers: how many of those sent opened or clicked. */
typedef struct
{
  guint64 sent;
  guint64 opened;       /* recipients with at least one open */
  guint64 clicked;      /* recipients with at least one click */
  guint64 n_opens;      /* every open event */
  guint64 n_clicks;
  guint64 n_events;     /* 0: nothing was ever pulled for this campaign */
} HeraldEngagement;

/* One recipient's. */
typedef struct
{
  char    *email;
  guint64  opens;
  guint64  clicks;
  gint64   first_opened_at;   /* 0: never */
  gint64   last_clicked_at;   /* 0: never */
} HeraldRecipientEngagement;

/* An open or a click of one delivery, as herald_engagement_add() keeps it. */
typedef struct
{
  gint64       delivery_id;
  const char  *provider_event_id;  /* unique: an event kept already is not kept again */
  const char  *kind;               /* "opened" or "clicked" */
  gint64       occurred_at;        /* 0: not known */
  const char  *url;                /* nullable: the link clicked */
} HeraldEngagementEvent;

void        herald_recipient_engagement_free (HeraldRecipientEngagement *row);

GHashTable *herald_engagement_provider_ids   (HeraldStore       *store,
                                              gint64             campaign_id,
                                              gint64             account_id,
                                              gint64            *out_first_sent,
                                              GError           **error);
gboolean    herald_engagement_add            (HeraldStore       *store,
                                              const HeraldEngagementEvent *event,
                                              gboolean          *out_added,
                                              GError           **error);
gboolean    herald_engagement_get            (HeraldStore       *store,
                                              gint64             campaign_id,
                                              HeraldEngagement  *out,
                                              GError           **error);
gboolean    herald_engagement_rate           (const HeraldEngagement *engagement,
                                              gboolean           clicks,
                                              double            *out_percent);
GPtrArray  *herald_engagement_list           (HeraldStore       *store,
                                              gint64             campaign_id,
                                              GError           **error);

G_END_DECLS
