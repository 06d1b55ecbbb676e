/* herald-provider-pull.h — hearing back from a sending provider: its
 * suppression lists pulled into Herald's (herald-provider-pull.c), and
 * its JSON pages read (herald-provider-parse.h)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "herald-account.h"
#include "herald-provider-parse.h"
#include "herald-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint64 n_pulled;     /* valid addresses read from the provider's lists */
  guint64 n_new;        /* of them, added to the suppression list */
} HeraldPullCounts;

gboolean  herald_provider_pull_suppressions (HeraldStore        *store,
                                             const char         *account_name,
                                             HeraldPullCounts   *out_counts,
                                             GCancellable       *cancellable,
                                             GError            **error);

/* What one API account's pull after a campaign did. */
typedef struct
{
  char             *account;
  const char       *provider;   /* "Mailgun" */
  HeraldPullCounts  counts;
  GError           *error;      /* nullable: why it stopped */
} HeraldPullResult;

void       herald_pull_result_free           (HeraldPullResult *result);
GPtrArray *herald_provider_pull_for_campaign (HeraldStore      *store,
                                              gint64            campaign_id,
                                              GCancellable     *cancellable,
                                              GError          **error);

/* What reading a campaign's opens and clicks found. */
typedef struct
{
  guint   n_accounts;     /* the campaign's accounts whose provider tracks (Mailgun) */
  guint64 n_events;       /* opens and clicks read */
  guint64 n_new;          /* of them, new to the report */
  guint64 n_unmatched;    /* of no delivery of this campaign */
} HeraldEventCounts;

gboolean   herald_provider_pull_events       (HeraldStore       *store,
                                              gint64             campaign_id,
                                              HeraldEventCounts *out_counts,
                                              GCancellable      *cancellable,
                                              GError           **error);

G_END_DECLS
