/* herald-campaign.h — campaigns and their deliveries in the store
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A campaign binds a template, a list and an account. Creating it writes
 * one delivery row per eligible recipient; the sender (herald-sender.h)
 * then moves each row through its states. Every function here is a short
 * transaction on the caller's connection and may be called from any
 * process while a sender runs: a running sender notices a pause or a
 * cancel within a second.
 */
#pragma once

#include "herald-delivery.h"
#include "herald-store.h"

G_BEGIN_DECLS

#define HERALD_CAMPAIGN_ERROR (herald_campaign_error_quark ())

typedef enum
{
  HERALD_CAMPAIGN_ERROR_NOT_FOUND,
  HERALD_CAMPAIGN_ERROR_EXISTS,
  HERALD_CAMPAIGN_ERROR_UNSUPPORTED,
  HERALD_CAMPAIGN_ERROR_PAST,          /* a schedule in the past */
  HERALD_CAMPAIGN_ERROR_STATE,         /* e.g. sending a cancelled campaign */
  HERALD_CAMPAIGN_ERROR_INVALID,
} HeraldCampaignError;

typedef enum
{
  HERALD_CAMPAIGN_DRAFT,
  HERALD_CAMPAIGN_SCHEDULED,
  HERALD_CAMPAIGN_SENDING,     /* a sender runs, or was interrupted: send resumes */
  HERALD_CAMPAIGN_PAUSED,      /* by the user or by a campaign-wide fault (pause_reason) */
  HERALD_CAMPAIGN_DONE,
  HERALD_CAMPAIGN_CANCELLED,
  HERALD_CAMPAIGN_N_STATES
} HeraldCampaignState;

/* What a scheduled campaign does when its time passed by more than the
 * grace while nothing ran it (herald-due.h). */
typedef enum
{
  HERALD_IF_LATE_ASK,          /* nothing by itself: the user decides */
  HERALD_IF_LATE_SEND,
  HERALD_IF_LATE_SKIP,         /* kept, never sent by itself; send by hand */
} HeraldIfLate;

typedef struct
{
  gint64               id;
  char                *name;
  gint64               template_id;
  gint64               list_id;
  gint64               account_id;
  char                *segment;        /* nullable */
  HeraldCampaignState  state;
  char                *pause_reason;   /* nullable */
  gint64               scheduled_at;   /* 0: none */
  HeraldIfLate         if_late;
  gint64               late_skipped_at; /* 0: not skipped for being late */
  gint64               n_suppressed;
  gint64               created_at;
  gint64               started_at;     /* 0: never */
  gint64               finished_at;    /* 0: not finished */
  char                *utm_source;     /* nullable: links not UTM-tagged */
  gint64               retry_of;       /* 0: none; else the campaign whose failed recipients this one sends to */
  char                *list_name;      /* the list's name, also once it was deleted */
  char                *template_name;  /* the template's, likewise */
} HeraldCampaignInfo;

typedef struct
{
  const char *name;
  const char *template_name;
  const char *list_name;
  const char *account_name;
  const char *segment;        /* nullable: a saved segment of the list */
  gint64      scheduled_at;   /* 0: now (a draft); else Unix seconds, later than now */
  HeraldIfLate if_late;
  /* Several accounts: account_name is the first; these the others, and
   * each account's weight (all, first included; NULL: equal). */
  const char * const *more_accounts;   /* nullable, NULL-terminated */
  const guint        *weights;         /* nullable: 1 + length of more_accounts */
  gboolean    utm;            /* tag every web link (herald-utm.h) */
  const char *utm_source;     /* nullable: the list's name */
  gint64      retry_of;       /* 0, or only the recipients this campaign failed for */
  const char *track_click;    /* nullable: the user's click address (herald-tracking-url.h) */
  const char *track_open;     /* nullable: the user's open pixel address */
} HeraldCampaignSpec;

/* One of the accounts a campaign sends through. */
typedef struct
{
  gint64  account_id;
  guint   weight;      /* ≥ 1: its share of the deliveries */
} HeraldCampaignAccount;

/* What one of a campaign's accounts did, for status lines. */
typedef struct
{
  char    *name;
  guint    weight;
  guint64  n_sent;
  char    *pause_reason;   /* nullable: why it stopped in the last run */
} HeraldCampaignAccountUse;

/* What creating (or, for the pre-send summary, estimating) a campaign
 * gives: who gets it and who does not, and how long the pacing takes. */
typedef struct
{
  guint64 n_recipients;
  guint64 n_suppressed;       /* on the suppression list: excluded */
  guint64 n_unsubscribed;     /* unsubscribed from the list: excluded */
  guint64 n_declined;         /* said no to marketing mail: excluded, and
                               * counted in the campaign's suppressed */
  gint64  estimated_seconds;  /* at the account's pacing; 0: not limited */
} HeraldCampaignSummary;

typedef struct
{
  gint64               id;
  const char          *email;
  HeraldDeliveryState  state;
  gint64               attempts;
  gint64               code;           /* 0: none */
  const char          *enhanced;       /* nullable, e.g. "5.1.1" */
  const char          *reply;          /* nullable: the server's words, or why */
  const char          *message_id;
  gint64               updated_at;
  gint64               sent_at;        /* 0: not sent */
  gint64               next_attempt_at;
  const char          *account;        /* nullable: the account that sent it (last tried) */
} HeraldDeliveryRow;

typedef struct _HeraldDeliveryCursor HeraldDeliveryCursor;

GQuark              herald_campaign_error_quark      (void);

const char         *herald_if_late_to_string         (HeraldIfLate         if_late);
gboolean            herald_if_late_from_string       (const char          *text,
                                                      HeraldIfLate        *out_if_late);

const char         *herald_campaign_state_to_string  (HeraldCampaignState  state);
HeraldCampaignState herald_campaign_state_from_string (const char          *text);

gint64              herald_campaign_create           (HeraldStore               *store,
                                                      const HeraldCampaignSpec  *spec,
                                                      HeraldCampaignSummary     *out_summary,
                                                      GError                   **error);
gboolean            herald_campaign_estimate         (HeraldStore               *store,
                                                      gint64                     list_id,
                                                      gint64                     account_id,
                                                      HeraldCampaignSummary     *out_summary,
                                                      GError                   **error);
gboolean            herald_campaign_estimate_segment (HeraldStore               *store,
                                                      gint64                     list_id,
                                                      const char                *segment_name,
                                                      gint64                     account_id,
                                                      HeraldCampaignSummary     *out_summary,
                                                      GError                   **error);
gint64              herald_campaign_create_retry     (HeraldStore               *store,
                                                      const char                *source_name,
                                                      const char                *name,
                                                      HeraldCampaignSummary     *out_summary,
                                                      GError                   **error);
HeraldCampaignInfo *herald_campaign_find             (HeraldStore               *store,
                                                      const char                *name,
                                                      GError                   **error);
HeraldCampaignInfo *herald_campaign_get              (HeraldStore               *store,
                                                      gint64                     campaign_id,
                                                      GError                   **error);
GPtrArray          *herald_campaign_list             (HeraldStore               *store,
                                                      GError                   **error);
void                herald_campaign_info_free        (HeraldCampaignInfo        *info);
GArray             *herald_campaign_dup_accounts     (HeraldStore               *store,
                                                      gint64                     campaign_id,
                                                      GError                   **error);
gboolean            herald_campaign_set_account_pause (HeraldStore              *store,
                                                      gint64                     campaign_id,
                                                      gint64                     account_id,
                                                      const char                *reason,
                                                      GError                   **error);
GPtrArray          *herald_campaign_list_account_use (HeraldStore               *store,
                                                      gint64                     campaign_id,
                                                      GError                   **error);
void                herald_campaign_account_use_free (HeraldCampaignAccountUse  *use);

/* Scheduled campaigns (herald-campaign-schedule.c) */
GPtrArray          *herald_campaign_list_due         (HeraldStore               *store,
                                                      gint64                     now,
                                                      GError                   **error);
gboolean            herald_campaign_skip_late        (HeraldStore               *store,
                                                      gint64                     campaign_id,
                                                      gint64                     now,
                                                      GError                   **error);
gboolean            herald_campaign_set_if_late      (HeraldStore               *store,
                                                      gint64                     campaign_id,
                                                      HeraldIfLate               if_late,
                                                      GError                   **error);
gboolean            herald_campaign_count_pending_due (HeraldStore              *store,
                                                      gint64                     now,
                                                      gint64                     grace,
                                                      guint64                   *out_n,
                                                      GError                   **error);

gboolean            herald_campaign_count_states     (HeraldStore               *store,
                                                      gint64                     campaign_id,
                                                      guint64                    counts[HERALD_DELIVERY_N_STATES],
                                                      GError                   **error);
gint64              herald_campaign_next_attempt_at  (HeraldStore               *store,
                                                      gint64                     campaign_id,
                                                      GError                   **error);

gboolean            herald_campaign_begin_sending    (HeraldStore               *store,
                                                      gint64                     campaign_id,
                                                      GError                   **error);
gboolean            herald_campaign_finish_if_complete (HeraldStore             *store,
                                                      gint64                     campaign_id,
                                                      GError                   **error);
gboolean            herald_campaign_pause            (HeraldStore               *store,
                                                      gint64                     campaign_id,
                                                      const char                *reason,
                                                      GError                   **error);
gboolean            herald_campaign_cancel           (HeraldStore               *store,
                                                      gint64                     campaign_id,
                                                      GError                   **error);
gboolean            herald_campaign_find_repeat      (HeraldStore               *store,
                                                      gint64                     campaign_id,
                                                      gint64                    *out_n_people,
                                                      gint64                    *out_last_sent_at,
                                                      GError                   **error);
gboolean            herald_campaign_discard_draft    (HeraldStore               *store,
                                                      gint64                     campaign_id,
                                                      GError                   **error);
gboolean            herald_campaign_resend           (HeraldStore               *store,
                                                      gint64                     campaign_id,
                                                      const gint64              *delivery_ids,
                                                      gsize                      n_ids,
                                                      guint64                   *out_n_changed,
                                                      GError                   **error);
gboolean            herald_campaign_skip             (HeraldStore               *store,
                                                      gint64                     campaign_id,
                                                      const gint64              *delivery_ids,
                                                      gsize                      n_ids,
                                                      guint64                   *out_n_changed,
                                                      GError                   **error);
gboolean            herald_campaign_resend_all       (HeraldStore               *store,
                                                      gint64                     campaign_id,
                                                      HeraldDeliveryState        state,
                                                      guint64                   *out_n_changed,
                                                      GError                   **error);
gboolean            herald_campaign_skip_all         (HeraldStore               *store,
                                                      gint64                     campaign_id,
                                                      HeraldDeliveryState        state,
                                                      guint64                   *out_n_changed,
                                                      GError                   **error);

HeraldDeliveryCursor *herald_delivery_cursor_new     (HeraldStore               *store,
                                                      gint64                     campaign_id,
                                                      int                        state_filter,
                                                      GError                   **error);
const HeraldDeliveryRow *
                    herald_delivery_cursor_next      (HeraldDeliveryCursor      *self,
                                                      GError                   **error);
void                herald_delivery_cursor_free      (HeraldDeliveryCursor      *self);

typedef void (*HeraldFieldValueFunc) (const char *email,
                                      const char *value,
                                      gpointer    user_data);

gboolean            herald_campaign_read_pending_field (HeraldStore             *store,
                                                      gint64                    campaign_id,
                                                      const char               *field,
                                                      HeraldFieldValueFunc      func,
                                                      gpointer                  user_data,
                                                      GError                  **error);


G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldCampaignInfo, herald_campaign_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldDeliveryCursor, herald_delivery_cursor_free)

G_END_DECLS
