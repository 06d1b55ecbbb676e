/* herald-lease.h — which sender works on a campaign, and recovery after a
 * sender died
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

/* A live sender refreshes its lease this often; a lease that cannot be
 * checked by its process id (another machine or pid namespace) is dead
 * when its heartbeat is older than the timeout. */
#define HERALD_LEASE_HEARTBEAT_SECONDS 5
#define HERALD_LEASE_TIMEOUT_SECONDS   60

/* Where a process runs, as a lease records it. */
typedef struct
{
  char   *boot_id;     /* the kernel's boot id; "" when unknown */
  char   *pid_ns;      /* the pid namespace; "" when unknown */
  gint64  pid;
  gint64  pid_start;   /* start time in clock ticks after boot; -1 unknown */
} HeraldProcessIdentity;

typedef struct
{
  char                  *id;
  gint64                 campaign_id;
  HeraldProcessIdentity  process;
  gint64                 heartbeat_at;
} HeraldLeaseInfo;

const HeraldProcessIdentity *herald_process_identity_self (void);
gint64      herald_process_start_time     (gint64                        pid);
gboolean    herald_lease_is_alive         (const HeraldLeaseInfo        *lease,
                                           const HeraldProcessIdentity  *here,
                                           gint64                        now);
char       *herald_lease_acquire          (HeraldStore                  *store,
                                           gint64                        campaign_id,
                                           GError                      **error);
gboolean    herald_lease_heartbeat        (HeraldStore                  *store,
                                           const char                   *lease_id,
                                           GError                      **error);
gboolean    herald_lease_release          (HeraldStore                  *store,
                                           const char                   *lease_id,
                                           GError                      **error);
gboolean    herald_journal_recover        (HeraldStore                  *store,
                                           guint64                      *out_n_uncertain,
                                           GError                      **error);
gboolean    herald_journal_campaign_has_sender (HeraldStore             *store,
                                           gint64                        campaign_id);
void        herald_lease_info_clear       (HeraldLeaseInfo              *lease);

G_END_DECLS
