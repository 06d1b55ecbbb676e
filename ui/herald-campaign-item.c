/* herald-campaign-item.c — one campaign, as the send controller keeps it
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A campaign's row of the store (name, state, why it paused, how many
 * deliveries are in each state) and, while a sender of this process runs
 * it, that sender's last progress (rate, time left, messages sent in this
 * run). The send controller (herald-send-controller.c) fills it from the
 * store and from the sender's coalesced "progress" and "finished"; the
 * pages watch its properties. While its sender runs, the sender's counts
 * are the ones shown: a reload from the store does not move them back.
 *
 * It knows too what can be done with the campaign (pause, resume,
 * cancel), the one place that decides it. Nothing here touches GTK.
 */
#define G_LOG_DOMAIN "herald-campaign-item"

#include "config.h"

#include <string.h>

#include "herald-campaign-item.h"

/* ---- the counts, as one value --------------------------------------------- */

static HeraldDeliveryCounts *
herald_delivery_counts_copy (const HeraldDeliveryCounts *counts)
{
  return g_memdup2 (counts, sizeof *counts);
}

G_DEFINE_BOXED_TYPE (HeraldDeliveryCounts, herald_delivery_counts, herald_delivery_counts_copy, g_free)

/* ---- the item --------------------------------------------------------------- */

struct _HeraldCampaignItem
{
  GObject               parent_instance;

  gint64                id;
  gint64                account_id;   /* 0: not known yet */
  char                 *name;
  HeraldCampaignState   state;
  char                 *pause_reason;
  char                 *list_name;
  char                 *template_name;
  gint64                scheduled_at;   /* 0: none; read with the name */
  HeraldDeliveryCounts  counts;
  /* this process's sender of the campaign */
  gboolean              sending;
  HeraldSenderStatus    sender_status;
  guint64               sent_now;
  double                rate;
  gint64                eta_seconds;
};

G_DEFINE_FINAL_TYPE (HeraldCampaignItem, herald_campaign_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_STATE,
  PROP_PAUSE_REASON,
  PROP_COUNTS,
  PROP_SENDING,
  PROP_SENDER_STATUS,
  PROP_SENT_NOW,
  PROP_RATE,
  PROP_ETA_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (HeraldCampaignItem  *self,
            char               **field,
            const char          *value,
            guint                prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_state (HeraldCampaignItem  *self,
           HeraldCampaignState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_counts (HeraldCampaignItem *self,
            const guint64       counts[HERALD_DELIVERY_N_STATES])
{
  if (memcmp (self->counts.n, counts, sizeof self->counts.n) == 0)
    return;
  memcpy (self->counts.n, counts, sizeof self->counts.n);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTS]);
}

static void
set_sending (HeraldCampaignItem *self,
             gboolean            sending)
{
  if (self->sending == sending)
    return;
  self->sending = sending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
}

static void
set_run (HeraldCampaignItem *self,
         HeraldSenderStatus  status,
         guint64             sent_now,
         double              rate,
         gint64              eta_seconds)
{
  if (self->sender_status != status)
    {
      self->sender_status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDER_STATUS]);
    }
  if (self->sent_now != sent_now)
    {
      self->sent_now = sent_now;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT_NOW]);
    }
  if (self->rate != rate)
    {
      self->rate = rate;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
    }
  if (self->eta_seconds != eta_seconds)
    {
      self->eta_seconds = eta_seconds;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA_SECONDS]);
    }
}

static void
herald_campaign_item_finalize (GObject *object)
{
  HeraldCampaignItem *self = HERALD_CAMPAIGN_ITEM (object);

  g_free (self->name);
  g_free (self->pause_reason);
  g_free (self->list_name);
  g_free (self->template_name);

  G_OBJECT_CLASS (herald_campaign_item_parent_class)->finalize (object);
}

static void
herald_campaign_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  HeraldCampaignItem *self = HERALD_CAMPAIGN_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_PAUSE_REASON:
      g_value_set_string (value, self->pause_reason);
      break;
    case PROP_COUNTS:
      g_value_set_boxed (value, &self->counts);
      break;
    case PROP_SENDING:
      g_value_set_boolean (value, self->sending);
      break;
    case PROP_SENDER_STATUS:
      g_value_set_int (value, self->sender_status);
      break;
    case PROP_SENT_NOW:
      g_value_set_uint64 (value, self->sent_now);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_ETA_SECONDS:
      g_value_set_int64 (value, self->eta_seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_campaign_item_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  HeraldCampaignItem *self = HERALD_CAMPAIGN_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_campaign_item_class_init (HeraldCampaignItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = herald_campaign_item_finalize;
  object_class->get_property = herald_campaign_item_get_property;
  object_class->set_property = herald_campaign_item_set_property;

  /**
   * HeraldCampaignItem:id:
   *
   * The campaign's id in the store.
   */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * HeraldCampaignItem:name: (nullable)
   *
   * The campaign's name; %NULL until it is read from the store.
   */
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  /**
   * HeraldCampaignItem:state:
   *
   * A #HeraldCampaignState: the store's, or what this process's sender
   * says it has become.
   */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, 0, HERALD_CAMPAIGN_N_STATES - 1, HERALD_CAMPAIGN_DRAFT, ro);
  /**
   * HeraldCampaignItem:pause-reason: (nullable)
   *
   * Why the campaign paused, if a fault or someone said.
   */
  properties[PROP_PAUSE_REASON] = g_param_spec_string ("pause-reason", NULL, NULL, NULL, ro);
  /**
   * HeraldCampaignItem:counts:
   *
   * How many deliveries are in each #HeraldDeliveryState.
   */
  properties[PROP_COUNTS] = g_param_spec_boxed ("counts", NULL, NULL, HERALD_TYPE_DELIVERY_COUNTS, ro);
  /**
   * HeraldCampaignItem:sending:
   *
   * Whether a sender of this process runs the campaign.
   */
  properties[PROP_SENDING] = g_param_spec_boolean ("sending", NULL, NULL, FALSE, ro);
  /**
   * HeraldCampaignItem:sender-status:
   *
   * The #HeraldSenderStatus of the last progress of this process's last
   * run of the campaign; %HERALD_SENDER_IDLE before any.
   */
  properties[PROP_SENDER_STATUS] =
    g_param_spec_int ("sender-status", NULL, NULL, HERALD_SENDER_IDLE, HERALD_SENDER_FAILED,
                      HERALD_SENDER_IDLE, ro);
  /**
   * HeraldCampaignItem:sent-now:
   *
   * Messages sent by this process's last run of the campaign.
   */
  properties[PROP_SENT_NOW] = g_param_spec_uint64 ("sent-now", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  /**
   * HeraldCampaignItem:rate:
   *
   * Messages a second over the last seconds of the run.
   */
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  /**
   * HeraldCampaignItem:eta-seconds:
   *
   * The time left of the run, in seconds; -1 when unknown.
   */
  properties[PROP_ETA_SECONDS] = g_param_spec_int64 ("eta-seconds", NULL, NULL, -1, G_MAXINT64, -1, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_campaign_item_init (HeraldCampaignItem *self)
{
  self->state = HERALD_CAMPAIGN_DRAFT;
  self->sender_status = HERALD_SENDER_IDLE;
  self->eta_seconds = -1;
}

HeraldCampaignItem *
herald_campaign_item_new (gint64 id)
{
  return g_object_new (HERALD_TYPE_CAMPAIGN_ITEM, "id", id, NULL);
}

/* ---- reading ---------------------------------------------------------------- */

gint64
herald_campaign_item_get_id (HeraldCampaignItem *self)
{
  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), 0);

  return self->id;
}

const char *
herald_campaign_item_get_name (HeraldCampaignItem *self)
{
  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), NULL);

  return self->name;
}

HeraldCampaignState
herald_campaign_item_get_state (HeraldCampaignItem *self)
{
  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), HERALD_CAMPAIGN_DRAFT);

  return self->state;
}

/**
 * herald_campaign_item_get_list_name:
 *
 * Returns: (nullable): the campaign's list's name (kept once the list is deleted)
 */
const char *
herald_campaign_item_get_list_name (HeraldCampaignItem *self)
{
  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), NULL);

  return self->list_name;
}

/**
 * herald_campaign_item_get_template_name:
 *
 * Returns: (nullable): the campaign's template's name (kept once it is deleted)
 */
const char *
herald_campaign_item_get_template_name (HeraldCampaignItem *self)
{
  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), NULL);

  return self->template_name;
}

const char *
herald_campaign_item_get_pause_reason (HeraldCampaignItem *self)
{
  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), NULL);

  return self->pause_reason;
}

/**
 * herald_campaign_item_get_scheduled_at:
 *
 * Returns: when the campaign is scheduled for (Unix seconds), 0 for none;
 *   it changes together with the name (notify::name)
 */
gint64
herald_campaign_item_get_scheduled_at (HeraldCampaignItem *self)
{
  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), 0);

  return self->scheduled_at;
}

/**
 * herald_campaign_item_get_counts:
 *
 * Returns: (array fixed-size=7) (transfer none): the deliveries in each
 *   state, valid until the item changes
 */
const guint64 *
herald_campaign_item_get_counts (HeraldCampaignItem *self)
{
  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), NULL);

  return self->counts.n;
}

gboolean
herald_campaign_item_get_sending (HeraldCampaignItem *self)
{
  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), FALSE);

  return self->sending;
}

HeraldSenderStatus
herald_campaign_item_get_sender_status (HeraldCampaignItem *self)
{
  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), HERALD_SENDER_IDLE);

  return self->sender_status;
}

guint64
herald_campaign_item_get_sent_now (HeraldCampaignItem *self)
{
  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), 0);

  return self->sent_now;
}

double
herald_campaign_item_get_rate (HeraldCampaignItem *self)
{
  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), 0);

  return self->rate;
}

gint64
herald_campaign_item_get_eta_seconds (HeraldCampaignItem *self)
{
  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), -1);

  return self->eta_seconds;
}

/**
 * herald_campaign_item_is_live:
 *
 * Returns: whether its sender runs and last said it is sending or waiting
 *   (so the rate and the time left mean something)
 */
gboolean
herald_campaign_item_is_live (HeraldCampaignItem *self)
{
  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), FALSE);

  return self->sending &&
         (self->sender_status == HERALD_SENDER_RUNNING || self->sender_status == HERALD_SENDER_WAITING);
}

/* ---- what the send controller tells it ------------------------------------- */

/**
 * herald_campaign_item_get_account_id:
 *
 * Returns: the account the campaign sends through, 0 until the store's
 *   view was applied
 */
gint64
herald_campaign_item_get_account_id (HeraldCampaignItem *self)
{
  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), 0);

  return self->account_id;
}

/**
 * herald_campaign_item_apply_info:
 * @info: the campaign's row, as the store has it now
 * @counts: its deliveries in each state, as the store has them
 *
 * Takes the store's view, but for the state and counts while a sender of
 * this process runs the campaign: its progress is the newer.
 */
void
herald_campaign_item_apply_info (HeraldCampaignItem       *self,
                                 const HeraldCampaignInfo *info,
                                 const guint64             counts[HERALD_DELIVERY_N_STATES])
{
  g_return_if_fail (HERALD_IS_CAMPAIGN_ITEM (self));
  g_return_if_fail (info != NULL && info->id == self->id);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->scheduled_at != info->scheduled_at)
    {
      self->scheduled_at = info->scheduled_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
  self->account_id = info->account_id;
  set_string (self, &self->name, info->name, PROP_NAME);
  set_string (self, &self->pause_reason, info->pause_reason, PROP_PAUSE_REASON);
  /* Shown with the name: notified with it. */
  if (g_strcmp0 (self->list_name, info->list_name) != 0 || g_strcmp0 (self->template_name, info->template_name) != 0)
    {
      g_free (self->list_name);
      g_free (self->template_name);
      self->list_name = g_strdup (info->list_name);
      self->template_name = g_strdup (info->template_name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
  if (!self->sending)
    {
      set_state (self, info->state);
      set_counts (self, counts);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * herald_campaign_item_begin_run:
 *
 * A sender of this process has started on the campaign: a new run.
 */
void
herald_campaign_item_begin_run (HeraldCampaignItem *self)
{
  g_return_if_fail (HERALD_IS_CAMPAIGN_ITEM (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_run (self, HERALD_SENDER_IDLE, 0, 0, -1);
  set_sending (self, TRUE);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * herald_campaign_item_apply_progress:
 * @progress: from the sender's "progress"
 */
void
herald_campaign_item_apply_progress (HeraldCampaignItem         *self,
                                     const HeraldSenderProgress *progress)
{
  g_return_if_fail (HERALD_IS_CAMPAIGN_ITEM (self));
  g_return_if_fail (progress != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  set_counts (self, progress->counts);
  set_run (self, progress->status, progress->sent_now, progress->rate, progress->eta_seconds);
  if (progress->status == HERALD_SENDER_RUNNING || progress->status == HERALD_SENDER_WAITING)
    set_state (self, HERALD_CAMPAIGN_SENDING);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * herald_campaign_item_end_run:
 * @progress: the sender's last progress, when it emits "finished"
 *
 * The run has ended: the item takes the state the sender left the
 * campaign in (the store says the same once read again).
 */
void
herald_campaign_item_end_run (HeraldCampaignItem         *self,
                              const HeraldSenderProgress *progress)
{
  g_return_if_fail (HERALD_IS_CAMPAIGN_ITEM (self));
  g_return_if_fail (progress != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  herald_campaign_item_apply_progress (self, progress);
  set_state (self, herald_campaign_state_after_run (progress->status, self->state));
  if (progress->status == HERALD_SENDER_PAUSED || progress->status == HERALD_SENDER_FAULT)
    set_string (self, &self->pause_reason, progress->reason, PROP_PAUSE_REASON);
  set_sending (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));
}

/* ---- what can be done with it ----------------------------------------------- */

/* Pause: while this process's sender runs it. */
gboolean
herald_campaign_item_can_pause (HeraldCampaignItem *self)
{
  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), FALSE);

  return self->sending;
}

/* Resume: while something is left to send and no sender of this process
 * runs (@any_sending), one campaign at a time. */
gboolean
herald_campaign_item_can_resume (HeraldCampaignItem *self,
                                 gboolean            any_sending)
{
  const guint64 *c;

  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), FALSE);

  c = self->counts.n;
  return !any_sending && self->state != HERALD_CAMPAIGN_CANCELLED &&
         (self->state != HERALD_CAMPAIGN_DONE ||
          c[HERALD_DELIVERY_QUEUED] + c[HERALD_DELIVERY_DEFERRED] + c[HERALD_DELIVERY_SENDING] > 0);
}

/* Cancel: its own sender, or in the store unless it is over (and no other
 * campaign sends meanwhile). */
gboolean
herald_campaign_item_can_cancel (HeraldCampaignItem *self,
                                 gboolean            any_sending)
{
  g_return_val_if_fail (HERALD_IS_CAMPAIGN_ITEM (self), FALSE);

  return self->sending ||
         (!any_sending && self->state != HERALD_CAMPAIGN_DONE && self->state != HERALD_CAMPAIGN_CANCELLED);
}

/**
 * herald_campaign_state_after_run:
 * @status: how a run ended, as "finished" reports it
 * @before: the campaign's state during the run
 *
 * Returns: the state a sender leaves the campaign in: done when nothing
 *   is left, paused (by someone or a fault), cancelled; else as it was
 *   ("sending", to resume: stopped, postponed, or an error of Herald's)
 */
HeraldCampaignState
herald_campaign_state_after_run (HeraldSenderStatus  status,
                                 HeraldCampaignState before)
{
  switch (status)
    {
    case HERALD_SENDER_DONE:
      return HERALD_CAMPAIGN_DONE;
    case HERALD_SENDER_PAUSED:
    case HERALD_SENDER_FAULT:
      return HERALD_CAMPAIGN_PAUSED;
    case HERALD_SENDER_CANCELLED:
      return HERALD_CAMPAIGN_CANCELLED;
    case HERALD_SENDER_IDLE:
    case HERALD_SENDER_RUNNING:
    case HERALD_SENDER_WAITING:
    case HERALD_SENDER_STOPPED:
    case HERALD_SENDER_POSTPONED:
    case HERALD_SENDER_FAILED:
    default:
      return before;
    }
}
