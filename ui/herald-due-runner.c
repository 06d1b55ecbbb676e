/* herald-due-runner.c — the open window sends due work (scheduled
 * campaigns) through the engine's herald_due_run(), and asks about late ones
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every minute while the window is open (and soon after it opens), one run
 * of herald_due_run() in a session thread, the same function `herald-cli
 * run-due` calls: a timer's run-due at the same moment sends nothing twice
 * (the journal's claims). A scheduled campaign whose time passed while
 * nothing ran, with no rule, is asked about once per window: send now or
 * keep it unsent. The "ran" signal says a run sent or decided something.
 *
 * While the window is hidden (Herald running in the background) a dialog
 * would wait unseen: the question goes out as a desktop notification
 * instead, with Send Now and Skip buttons (app.late-send and app.late-skip
 * with the campaign's id, herald-application.c, which come back here
 * through herald_due_runner_decide()). It also waits for the window: shown
 * again, the window asks in its dialog and the notification is withdrawn.
 * Until one of them is answered the campaign stays as it is — neither
 * sent nor dropped — and the hidden window stays with it
 * (herald_due_runner_has_questions()).
 */
#define G_LOG_DOMAIN "herald-due-runner"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "herald-base.h"
#include "herald-dialog.h"
#include "herald-due.h"
#include "herald-due-runner.h"

#define DUE_INTERVAL_SECONDS 60
#define FIRST_RUN_SECONDS    2

struct _HeraldDueRunner
{
  GObject        parent_instance;

  HeraldSession *session;
  GtkWindow     *parent;       /* weak */
  GCancellable  *cancellable;
  GHashTable    *asked;        /* campaign ids asked about in this window */
  GHashTable    *notified;     /* campaign ids asked about in a notification, unanswered */
  guint          timeout_id;
  gboolean       running;
  gboolean       again;        /* run again when this run ends */
};

G_DEFINE_FINAL_TYPE (HeraldDueRunner, herald_due_runner, G_TYPE_OBJECT)

enum { SIGNAL_RAN, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct
{
  char      *db_path;
  GPtrArray *items;      /* HeraldDueItem */
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *d = data;

  g_free (d->db_path);
  g_clear_pointer (&d->items, g_ptr_array_unref);
  g_free (d);
}

static gboolean
run_func (HeraldStore   *store,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  RunData *d = data;

  d->items = herald_due_run (d->db_path, NULL, cancellable, error);
  return d->items != NULL;
}

typedef struct
{
  gint64   campaign_id;
  gboolean send;
} DecideData;

static gboolean
decide_func (HeraldStore   *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  DecideData *d = data;

  return herald_due_decide (store, d->campaign_id, d->send, error);
}

static char *
notification_id (gint64 campaign_id)
{
  return g_strdup_printf ("late-campaign-%" G_GINT64_FORMAT, campaign_id);
}

static void
forget_notification (HeraldDueRunner *self,
                     gint64           campaign_id)
{
  GApplication *app = g_application_get_default ();
  g_autofree char *id = notification_id (campaign_id);

  if (g_hash_table_remove (self->notified, &campaign_id) && app != NULL)
    g_application_withdraw_notification (app, id);
}

static void
on_decided_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HeraldDueRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  DecideData *d = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &d, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Decided meanwhile elsewhere (herald-cli), or gone: the question is
       * no longer open, and must not keep the hidden window. */
      g_warning ("Deciding on a late campaign: %s", error->message);
      if (d != NULL)
        forget_notification (self, d->campaign_id);
      g_signal_emit (self, signals[SIGNAL_RAN], 0);
      return;
    }
  g_hash_table_remove (self->asked, &d->campaign_id);
  forget_notification (self, d->campaign_id);
  g_signal_emit (self, signals[SIGNAL_RAN], 0);
  if (d->send)
    herald_due_runner_run_now (self);
}

static void
on_late_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     HeraldDueRunner  *self)
{
  DecideData *d = g_new0 (DecideData, 1);

  d->campaign_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "campaign-id"));
  d->send = g_str_equal (response, "send");
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, decide_func, d, g_free,
                            self->cancellable, on_decided_cb, g_object_ref (self));
}

/**
 * herald_due_runner_decide:
 * @campaign_id: a late campaign asked about in a notification
 * @send: send it now, or skip it (kept unsent)
 *
 * The answer given in the notification's Send Now or Skip.
 *
 * Returns: %FALSE when no notification asks about it (answered already,
 *   or asked by an earlier Herald): nothing is decided
 */
gboolean
herald_due_runner_decide (HeraldDueRunner *self,
                          gint64           campaign_id,
                          gboolean         send)
{
  DecideData *d;

  g_return_val_if_fail (HERALD_IS_DUE_RUNNER (self), FALSE);
  /* Only a question still open: an old notification's answer must not
   * overturn one given since (skipped in the window, then "Send Now"). */
  if (!g_hash_table_contains (self->notified, &campaign_id))
    {
      g_debug ("No open question about campaign %" G_GINT64_FORMAT, campaign_id);
      return FALSE;
    }
  d = g_new0 (DecideData, 1);
  d->campaign_id = campaign_id;
  d->send = send;
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, decide_func, d, g_free,
                            self->cancellable, on_decided_cb, g_object_ref (self));
  return TRUE;
}

/**
 * herald_due_runner_has_questions:
 *
 * Whether a late campaign's question waits in a notification: the hidden
 * window must stay to hear the answer.
 */
gboolean
herald_due_runner_has_questions (HeraldDueRunner *self)
{
  g_return_val_if_fail (HERALD_IS_DUE_RUNNER (self), FALSE);

  return g_hash_table_size (self->notified) > 0;
}

static void
notify_about_late (HeraldDueRunner     *self,
                   const HeraldDueItem *item,
                   const char          *body)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = notification_id (item->id);
  gint64 *key;

  if (app == NULL || g_hash_table_contains (self->notified, &item->id))
    return;
  key = g_new (gint64, 1);
  *key = item->id;
  g_hash_table_add (self->notified, key);
  notification = g_notification_new (_("Send a Late Campaign?"));
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  /* Clicked, the window opens and asks there. */
  g_notification_set_default_action (notification, "app.show-window");
  /* TRANSLATORS: buttons of the notification about a late campaign */
  g_notification_add_button_with_target (notification, _("Send Now"), "app.late-send", "x", item->id);
  g_notification_add_button_with_target (notification, _("Skip"), "app.late-skip", "x", item->id);
  g_application_send_notification (app, id, notification);
}

static void
ask_about_late (HeraldDueRunner     *self,
                const HeraldDueItem *item)
{
  g_autoptr(GDateTime) due = g_date_time_new_from_unix_local (item->due_at);
  /* TRANSLATORS: the time a late campaign was due, e.g. 2027-01-10 10:00 */
  g_autofree char *when = g_date_time_format (due, _("%Y-%m-%d %H:%M"));
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  gint64 *key;

  if (g_hash_table_contains (self->asked, &item->id) || self->parent == NULL)
    return;
  body = g_strdup_printf (_("“%s” was to be sent at %s, but Herald was not running then. "
                            "Send it now, or keep it unsent? A campaign kept unsent stays in "
                            "the list: you can send it later."), item->name, when);
  /* A dialog on a hidden window would wait unseen. */
  if (!gtk_widget_get_visible (GTK_WIDGET (self->parent)))
    {
      notify_about_late (self, item, body);
      return;
    }
  forget_notification (self, item->id);
  key = g_new (gint64, 1);
  *key = item->id;
  g_hash_table_add (self->asked, key);
  dialog = adw_message_dialog_new (self->parent, _("Send a Late Campaign?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Unsent"),
                                    "send", _("_Send Now"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_object_set_data (G_OBJECT (dialog), "campaign-id", GSIZE_TO_POINTER ((gsize) item->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_late_response_cb), self, 0);
  herald_dialog_name_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A notification about a campaign that is no longer late and waiting
 * (sent, skipped or deleted with herald-cli meanwhile) is withdrawn: it
 * would keep the hidden window for an answer nobody needs. */
static void
forget_answered_elsewhere (HeraldDueRunner *self,
                           GPtrArray       *items)
{
  g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->notified);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 id = *(gint64 *) key;
      gboolean waiting = FALSE;

      for (guint i = 0; i < items->len && !waiting; i++)
        {
          const HeraldDueItem *item = g_ptr_array_index (items, i);

          waiting = item->id == id && item->outcome == HERALD_DUE_WAITING;
        }
      if (!waiting)
        g_array_append_val (gone, id);
    }
  for (guint i = 0; i < gone->len; i++)
    forget_notification (self, g_array_index (gone, gint64, i));
}

static void
on_ran_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HeraldDueRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  RunData *d = NULL;
  gboolean changed = FALSE;

  self->running = FALSE;
  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &d, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Sending due work: %s", error->message);
      return;
    }
  for (guint i = 0; i < d->items->len; i++)
    {
      const HeraldDueItem *item = g_ptr_array_index (d->items, i);

      if (item->outcome == HERALD_DUE_WAITING)
        ask_about_late (self, item);
      else
        changed = TRUE;
    }
  forget_answered_elsewhere (self, d->items);
  if (changed)
    g_signal_emit (self, signals[SIGNAL_RAN], 0);
  if (self->again)
    {
      self->again = FALSE;
      herald_due_runner_run_now (self);
    }
}

/**
 * herald_due_runner_run_now:
 *
 * Runs the due work now (after the run in progress, if one is).
 */
/**
 * herald_due_runner_is_running:
 *
 * Whether a run of due work is under way (a scheduled campaign may be
 * sending in it, unseen by the send controller).
 */
gboolean
herald_due_runner_is_running (HeraldDueRunner *self)
{
  g_return_val_if_fail (HERALD_IS_DUE_RUNNER (self), FALSE);

  return self->running;
}

void
herald_due_runner_run_now (HeraldDueRunner *self)
{
  RunData *d;

  g_return_if_fail (HERALD_IS_DUE_RUNNER (self));
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  self->running = TRUE;
  d = g_new0 (RunData, 1);
  d->db_path = g_strdup (herald_session_get_path (self->session));
  /* Senders take long: not on the shared connection, and no connection
   * of the session's at all (herald_due_run() opens its own). */
  herald_session_run_async (self->session, HERALD_SESSION_JOB_NO_STORE, run_func, d, run_data_free,
                            self->cancellable, on_ran_cb, g_object_ref (self));
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  HeraldDueRunner *self = user_data;

  herald_due_runner_run_now (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_first_run_cb (gpointer user_data)
{
  HeraldDueRunner *self = user_data;

  herald_due_runner_run_now (self);
  self->timeout_id = g_timeout_add_seconds (DUE_INTERVAL_SECONDS, on_timeout_cb, self);
  return G_SOURCE_REMOVE;
}

static void
herald_due_runner_dispose (GObject *object)
{
  HeraldDueRunner *self = HERALD_DUE_RUNNER (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_weak_pointer (&self->parent);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->asked, g_hash_table_unref);
  if (self->notified != NULL)
    {
      GApplication *app = g_application_get_default ();
      GHashTableIter iter;
      gint64 *id;

      g_hash_table_iter_init (&iter, self->notified);
      while (app != NULL && g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
        {
          g_autofree char *nid = notification_id (*id);

          /* Herald is going: the question is asked again at its next start. */
          g_application_withdraw_notification (app, nid);
        }
    }
  g_clear_pointer (&self->notified, g_hash_table_unref);

  G_OBJECT_CLASS (herald_due_runner_parent_class)->dispose (object);
}

static void
herald_due_runner_class_init (HeraldDueRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_due_runner_dispose;

  /**
   * HeraldDueRunner::ran:
   *
   * A run sent something or decided something: the campaigns changed.
   */
  signals[SIGNAL_RAN] = g_signal_new ("ran", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
herald_due_runner_init (HeraldDueRunner *self)
{
  self->asked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->notified = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/**
 * herald_due_runner_new:
 * @parent: the window the questions belong to
 * @cancellable: the window's: cancelled, the senders stop after the
 *   messages on the wire and no run starts
 *
 * Returns: (transfer full): a runner that starts itself
 */
HeraldDueRunner *
herald_due_runner_new (HeraldSession *session,
                       GtkWindow     *parent,
                       GCancellable  *cancellable)
{
  HeraldDueRunner *self = g_object_new (HERALD_TYPE_DUE_RUNNER, NULL);

  self->session = g_object_ref (session);
  g_set_weak_pointer (&self->parent, parent);
  self->cancellable = g_object_ref (cancellable);
  self->timeout_id = g_timeout_add_seconds (FIRST_RUN_SECONDS, on_first_run_cb, self);
  return self;
}
