/* herald-send-controller.c — the application's campaigns and their senders
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One per application (HeraldApplication makes it at startup; the window
 * gives it the session it opens). It keeps a list model of the campaigns
 * in the store, one HeraldCampaignItem each, in the order of
 * herald_campaign_list(), and runs the senders: starting, pausing and
 * cancelling a campaign go through here. Each sender's coalesced
 * "progress" and its "finished" update the campaign's item; the pages
 * and the window watch the items and the controller, not each other.
 *
 * One campaign sends at a time, as the window has always done: starting
 * another while one sends does nothing.
 *
 * Store work runs in worker threads with the session locked; no SQL here,
 * and nothing touches GTK.
 */
#define G_LOG_DOMAIN "herald-send-controller"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-send-controller.h"

typedef struct
{
  HeraldSender       *sender;
  HeraldCampaignItem *item;
} Run;

struct _HeraldSendController
{
  GObject        parent_instance;

  HeraldSession *session;
  char          *db_path;      /* the store's file, for the senders */
  GListStore    *campaigns;    /* HeraldCampaignItem */
  GPtrArray     *runs;         /* Run: the senders that run */
  GCancellable  *cancellable;
  gboolean       loading;
  gboolean       load_again;   /* asked to refresh while loading */
};

G_DEFINE_FINAL_TYPE (HeraldSendController, herald_send_controller, G_TYPE_OBJECT)

enum { PROP_0, PROP_SESSION, PROP_CAMPAIGNS, PROP_SENDING, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_STARTED, SIGNAL_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
run_free (gpointer data)
{
  Run *run = data;

  g_clear_object (&run->sender);
  g_clear_object (&run->item);
  g_free (run);
}

static Run *
find_run (HeraldSendController *self,
          gint64                campaign_id)
{
  for (guint i = 0; i < self->runs->len; i++)
    {
      Run *run = g_ptr_array_index (self->runs, i);

      if (herald_campaign_item_get_id (run->item) == campaign_id)
        return run;
    }
  return NULL;
}

/* The campaign's item: in the list, or of a run that started before the
 * list had it. */
static HeraldCampaignItem *
find_item (HeraldSendController *self,
           gint64                campaign_id)
{
  HeraldCampaignItem *item = herald_send_controller_lookup (self, campaign_id);
  Run *run;

  if (item == NULL && (run = find_run (self, campaign_id)) != NULL)
    item = run->item;
  return item;
}

/* ---- loading ---------------------------------------------------------------- */

typedef struct
{
  char          *db_path;
  GPtrArray     *infos;        /* HeraldCampaignInfo */
  GArray        *counts;       /* guint64, HERALD_DELIVERY_N_STATES an info */
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *d = data;

  g_free (d->db_path);
  g_clear_pointer (&d->infos, g_ptr_array_unref);
  g_clear_pointer (&d->counts, g_array_unref);
  g_free (d);
}

static gboolean
load_job (HeraldStore   *store,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  LoadData *d = data;

  d->db_path = g_strdup (herald_store_get_path (store));
  if ((d->infos = herald_campaign_list (store, error)) == NULL)
    return FALSE;
  g_array_set_size (d->counts, d->infos->len * HERALD_DELIVERY_N_STATES);
  for (guint i = 0; i < d->infos->len; i++)
    {
      HeraldCampaignInfo *info = g_ptr_array_index (d->infos, i);

      if (!herald_campaign_count_states (store, info->id,
                                         &g_array_index (d->counts, guint64, i * HERALD_DELIVERY_N_STATES),
                                         error))
        return FALSE;
    }
  return TRUE;
}

static void load (HeraldSendController *self);

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HeraldSendController) self = user_data;
  g_autoptr(GError) error = NULL;
  LoadData *d = NULL;

  self->loading = FALSE;
  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &d, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the campaigns: %s", error->message);
      return;
    }
  /* Read from another session than the one now given: read again. */
  if (HERALD_SESSION (source) == self->session)
    {
      if (self->db_path == NULL)
        self->db_path = g_strdup (d->db_path);
      herald_send_controller_take_loaded (self, d->infos, (const guint64 *) d->counts->data);
    }
  else
    self->load_again = TRUE;
  if (self->load_again)
    load (self);
}

static void
load (HeraldSendController *self)
{
  LoadData *d;

  self->load_again = FALSE;
  if (self->session == NULL)
    return;
  if (self->loading)
    {
      self->load_again = TRUE;
      return;
    }
  self->loading = TRUE;
  d = g_new0 (LoadData, 1);
  d->counts = g_array_new (FALSE, TRUE, sizeof (guint64));
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, load_job, d, load_data_free,
                            self->cancellable, on_loaded_cb, g_object_ref (self));
}

/**
 * herald_send_controller_take_loaded:
 * @infos: (element-type HeraldCampaignInfo): the campaigns, as
 *   herald_campaign_list() gives them
 * @counts: each one's deliveries in each state, %HERALD_DELIVERY_N_STATES
 *   numbers a campaign
 *
 * Brings the list to what the store has: the items of the campaigns it
 * had stay the same objects, updated; the list says it changed only when
 * campaigns came, went or moved.
 */
void
herald_send_controller_take_loaded (HeraldSendController *self,
                                    GPtrArray            *infos,
                                    const guint64        *counts)
{
  g_autoptr(GPtrArray) items = NULL;
  guint n_old;
  gboolean same;

  g_return_if_fail (HERALD_IS_SEND_CONTROLLER (self));
  g_return_if_fail (infos != NULL);
  g_return_if_fail (infos->len == 0 || counts != NULL);

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < infos->len; i++)
    {
      const HeraldCampaignInfo *info = g_ptr_array_index (infos, i);
      HeraldCampaignItem *item = find_item (self, info->id);

      item = item != NULL ? g_object_ref (item) : herald_campaign_item_new (info->id);
      g_ptr_array_add (items, item);
    }

  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->campaigns));
  same = n_old == items->len;
  for (guint i = 0; same && i < n_old; i++)
    {
      g_autoptr(HeraldCampaignItem) old = g_list_model_get_item (G_LIST_MODEL (self->campaigns), i);

      same = old == g_ptr_array_index (items, i);
    }
  /* The items first, so the list's watchers see them whole. */
  for (guint i = 0; i < infos->len; i++)
    herald_campaign_item_apply_info (g_ptr_array_index (items, i), g_ptr_array_index (infos, i),
                                     counts + (gsize) i * HERALD_DELIVERY_N_STATES);
  if (!same)
    g_list_store_splice (self->campaigns, 0, n_old, items->pdata, items->len);
}

/* ---- the senders ------------------------------------------------------------ */

static Run *
find_run_of_sender (HeraldSendController *self,
                    HeraldSender         *sender,
                    guint                *index)
{
  for (guint i = 0; i < self->runs->len; i++)
    {
      Run *run = g_ptr_array_index (self->runs, i);

      if (run->sender == sender)
        {
          if (index != NULL)
            *index = i;
          return run;
        }
    }
  return NULL;
}

static void
on_sender_progress_cb (HeraldSender *sender,
                       gpointer      progress,
                       gpointer      user_data)
{
  HeraldSendController *self = user_data;
  Run *run = find_run_of_sender (self, sender, NULL);

  if (run != NULL)
    herald_campaign_item_apply_progress (run->item, progress);
}

static void
on_sender_finished_cb (HeraldSender *sender,
                       gpointer      user_data)
{
  g_autoptr(HeraldSendController) self = g_object_ref (user_data);
  const HeraldSenderProgress *p = herald_sender_get_progress (sender);
  guint index = 0;
  Run *run = find_run_of_sender (self, sender, &index);

  if (run == NULL)
    return;
  g_signal_handlers_disconnect_by_data (sender, self);
  g_ptr_array_steal_index (self->runs, index);

  herald_campaign_item_end_run (run->item, p);
  g_debug ("The run of campaign %" G_GINT64_FORMAT " ended: %s", herald_campaign_item_get_id (run->item),
           herald_sender_status_to_string (p->status));
  /* The window may close on this (a run in the background has ended). */
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, run->item, (int) p->status, p->reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
  run_free (run);
  load (self);
}

/**
 * herald_send_controller_start:
 *
 * Sends @campaign_id (or goes on with it) from a new sender, unless a
 * campaign sends already or the store is not open yet.
 *
 * Returns: whether a sender started; %FALSE with @error set when the
 *   sender could not start
 */
gboolean
herald_send_controller_start (HeraldSendController  *self,
                              gint64                 campaign_id,
                              GError               **error)
{
  g_autoptr(HeraldSender) sender = NULL;
  HeraldSenderOptions options;
  HeraldCampaignItem *item;
  Run *run;

  g_return_val_if_fail (HERALD_IS_SEND_CONTROLLER (self), FALSE);
  g_return_val_if_fail (campaign_id > 0, FALSE);

  if (self->db_path == NULL || herald_send_controller_get_sending (self))
    return FALSE;
  herald_sender_options_init (&options);
  sender = herald_sender_new (self->db_path, campaign_id, &options);
  g_signal_connect_object (sender, "progress", G_CALLBACK (on_sender_progress_cb), self, 0);
  g_signal_connect_object (sender, "finished", G_CALLBACK (on_sender_finished_cb), self, 0);
  if (!herald_sender_start (sender, error))
    {
      g_signal_handlers_disconnect_by_data (sender, self);
      return FALSE;
    }

  item = find_item (self, campaign_id);
  run = g_new0 (Run, 1);
  run->sender = g_steal_pointer (&sender);
  /* Not in the list yet (just made): the next load puts it there. */
  run->item = item != NULL ? g_object_ref (item) : herald_campaign_item_new (campaign_id);
  g_ptr_array_add (self->runs, run);
  herald_campaign_item_begin_run (run->item);
  g_signal_emit (self, signals[SIGNAL_STARTED], 0, run->item);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
  if (item == NULL)
    load (self);
  return TRUE;
}

/**
 * herald_send_controller_pause:
 *
 * Pauses @campaign_id through the engine if a sender here runs it: the
 * sender stops after the messages on the wire, journals them, and then
 * the controller emits "finished".
 *
 * Returns: whether it was sending
 */
gboolean
herald_send_controller_pause (HeraldSendController *self,
                              gint64                campaign_id)
{
  Run *run;

  g_return_val_if_fail (HERALD_IS_SEND_CONTROLLER (self), FALSE);

  run = find_run (self, campaign_id);
  if (run == NULL || !herald_sender_is_running (run->sender))
    return FALSE;
  herald_sender_pause (run->sender);
  return TRUE;
}

/**
 * herald_send_controller_pause_all:
 *
 * Pauses every campaign that sends (the window closes, or the application
 * is told to end).
 *
 * Returns: whether one was sending
 */
gboolean
herald_send_controller_pause_all (HeraldSendController *self)
{
  gboolean any = FALSE;

  g_return_val_if_fail (HERALD_IS_SEND_CONTROLLER (self), FALSE);

  for (guint i = 0; i < self->runs->len; i++)
    {
      Run *run = g_ptr_array_index (self->runs, i);

      if (herald_sender_is_running (run->sender))
        {
          herald_sender_pause (run->sender);
          any = TRUE;
        }
    }
  return any;
}

/**
 * herald_send_controller_stop_all:
 *
 * Stops every sender at once, leaving their campaigns "sending": the next
 * Resume, or `herald-cli campaign send`, picks up where they stopped. For
 * the application's end; no "finished" follows.
 */
void
herald_send_controller_stop_all (HeraldSendController *self)
{
  g_autoptr(GPtrArray) runs = NULL;

  g_return_if_fail (HERALD_IS_SEND_CONTROLLER (self));

  runs = g_steal_pointer (&self->runs);
  self->runs = g_ptr_array_new_with_free_func (run_free);
  for (guint i = 0; i < runs->len; i++)
    {
      Run *run = g_ptr_array_index (runs, i);

      g_signal_handlers_disconnect_by_data (run->sender, self);
      if (herald_sender_is_running (run->sender))
        herald_sender_stop (run->sender);
    }
  if (runs->len > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
}

/* ---- cancelling --------------------------------------------------------------- */

typedef struct
{
  gint64 campaign_id;
} CancelData;

static gboolean
cancel_job (HeraldStore   *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  CancelData *d = data;

  return herald_campaign_cancel (store, d->campaign_id, error);
}

static void
on_cancelled_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HeraldSendController *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  load (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * herald_send_controller_cancel_async:
 *
 * Cancels @campaign_id: through its sender if one runs it here (the
 * controller then emits "finished"), else in the store.
 */
void
herald_send_controller_cancel_async (HeraldSendController *self,
                                     gint64                campaign_id,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  CancelData *d;
  Run *run;

  g_return_if_fail (HERALD_IS_SEND_CONTROLLER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_send_controller_cancel_async);
  run = find_run (self, campaign_id);
  if (run != NULL && herald_sender_is_running (run->sender))
    {
      herald_sender_cancel (run->sender);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->session == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "%s",
                               _("The database is still opening. Try again in a moment."));
      return;
    }
  d = g_new0 (CancelData, 1);
  d->campaign_id = campaign_id;
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, cancel_job, d, g_free,
                            cancellable, on_cancelled_cb, g_steal_pointer (&task));
}

gboolean
herald_send_controller_cancel_finish (HeraldSendController  *self,
                                      GAsyncResult          *result,
                                      GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- what can be done --------------------------------------------------------- */

gboolean
herald_send_controller_can_pause (HeraldSendController *self,
                                  gint64                campaign_id)
{
  HeraldCampaignItem *item;

  g_return_val_if_fail (HERALD_IS_SEND_CONTROLLER (self), FALSE);

  item = herald_send_controller_lookup (self, campaign_id);
  return item != NULL && herald_campaign_item_can_pause (item);
}

gboolean
herald_send_controller_can_resume (HeraldSendController *self,
                                   gint64                campaign_id)
{
  HeraldCampaignItem *item;

  g_return_val_if_fail (HERALD_IS_SEND_CONTROLLER (self), FALSE);

  item = herald_send_controller_lookup (self, campaign_id);
  return item != NULL && herald_campaign_item_can_resume (item, herald_send_controller_get_sending (self));
}

gboolean
herald_send_controller_can_cancel (HeraldSendController *self,
                                   gint64                campaign_id)
{
  HeraldCampaignItem *item;

  g_return_val_if_fail (HERALD_IS_SEND_CONTROLLER (self), FALSE);

  item = herald_send_controller_lookup (self, campaign_id);
  return item != NULL && herald_campaign_item_can_cancel (item, herald_send_controller_get_sending (self));
}

/* ---- GObject ------------------------------------------------------------------ */

static void
herald_send_controller_dispose (GObject *object)
{
  HeraldSendController *self = HERALD_SEND_CONTROLLER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->runs != NULL)
    herald_send_controller_stop_all (self);

  G_OBJECT_CLASS (herald_send_controller_parent_class)->dispose (object);
}

static void
herald_send_controller_finalize (GObject *object)
{
  HeraldSendController *self = HERALD_SEND_CONTROLLER (object);

  g_clear_object (&self->session);
  g_clear_object (&self->campaigns);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_free (self->db_path);

  G_OBJECT_CLASS (herald_send_controller_parent_class)->finalize (object);
}

static void
herald_send_controller_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  HeraldSendController *self = HERALD_SEND_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_CAMPAIGNS:
      g_value_set_object (value, self->campaigns);
      break;
    case PROP_SENDING:
      g_value_set_boolean (value, herald_send_controller_get_sending (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_send_controller_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  HeraldSendController *self = HERALD_SEND_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      herald_send_controller_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_send_controller_class_init (HeraldSendControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_send_controller_dispose;
  object_class->finalize = herald_send_controller_finalize;
  object_class->get_property = herald_send_controller_get_property;
  object_class->set_property = herald_send_controller_set_property;

  /**
   * HeraldSendController:session: (nullable)
   *
   * The open store, once a window has opened it.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HERALD_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * HeraldSendController:campaigns:
   *
   * The campaigns (#HeraldCampaignItem), newest first.
   */
  properties[PROP_CAMPAIGNS] =
    g_param_spec_object ("campaigns", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * HeraldSendController:sending:
   *
   * Whether a sender runs.
   */
  properties[PROP_SENDING] =
    g_param_spec_boolean ("sending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HeraldSendController::started:
   * @item: the campaign a sender now runs
   */
  signals[SIGNAL_STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, HERALD_TYPE_CAMPAIGN_ITEM);
  /**
   * HeraldSendController::finished:
   * @item: the campaign whose run has ended, with its last counts
   * @status: the #HeraldSenderStatus the run ended with
   * @reason: (nullable): why it paused, stopped or failed
   */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, HERALD_TYPE_CAMPAIGN_ITEM, G_TYPE_INT, G_TYPE_STRING);
}

static void
herald_send_controller_init (HeraldSendController *self)
{
  self->campaigns = g_list_store_new (HERALD_TYPE_CAMPAIGN_ITEM);
  self->runs = g_ptr_array_new_with_free_func (run_free);
  self->cancellable = g_cancellable_new ();
}

HeraldSendController *
herald_send_controller_new (void)
{
  return g_object_new (HERALD_TYPE_SEND_CONTROLLER, NULL);
}

/**
 * herald_send_controller_set_session:
 *
 * The store the campaigns are read from and the senders open (its file);
 * reads the campaigns.
 */
void
herald_send_controller_set_session (HeraldSendController *self,
                                    HeraldSession        *session)
{
  g_return_if_fail (HERALD_IS_SEND_CONTROLLER (self));
  g_return_if_fail (session == NULL || HERALD_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  /* A new store: its file is read with its campaigns. */
  g_clear_pointer (&self->db_path, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  load (self);
}

/**
 * herald_send_controller_get_session:
 *
 * Returns: (transfer none) (nullable): the open store
 */
HeraldSession *
herald_send_controller_get_session (HeraldSendController *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_CONTROLLER (self), NULL);

  return self->session;
}

/**
 * herald_send_controller_get_campaigns:
 *
 * Returns: (transfer none): the campaigns, #HeraldCampaignItem each
 */
GListModel *
herald_send_controller_get_campaigns (HeraldSendController *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_CONTROLLER (self), NULL);

  return G_LIST_MODEL (self->campaigns);
}

/**
 * herald_send_controller_lookup:
 *
 * Returns: (transfer none) (nullable): the list's item of @campaign_id
 */
HeraldCampaignItem *
herald_send_controller_lookup (HeraldSendController *self,
                               gint64                campaign_id)
{
  GListModel *model;
  guint n;

  g_return_val_if_fail (HERALD_IS_SEND_CONTROLLER (self), NULL);

  model = G_LIST_MODEL (self->campaigns);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HeraldCampaignItem) item = g_list_model_get_item (model, i);

      if (herald_campaign_item_get_id (item) == campaign_id)
        return item;    /* the list keeps a reference */
    }
  return NULL;
}

/**
 * herald_send_controller_refresh:
 *
 * Reads the campaigns from the store again (once more after the reading
 * under way, if one is).
 */
void
herald_send_controller_refresh (HeraldSendController *self)
{
  g_return_if_fail (HERALD_IS_SEND_CONTROLLER (self));

  load (self);
}

gboolean
herald_send_controller_get_sending (HeraldSendController *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_CONTROLLER (self), FALSE);

  for (guint i = 0; i < self->runs->len; i++)
    if (herald_sender_is_running (((Run *) g_ptr_array_index (self->runs, i))->sender))
      return TRUE;
  return FALSE;
}
