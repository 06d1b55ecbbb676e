/* herald-mailbox-watch.c — the window's automatic mailbox checks: on a
 * timer while the window is open (GSettings "mailbox-check-interval",
 * seconds, 0 = never) and when asked (after a campaign finished)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every account with a mailbox is read through the engine's
 * herald_mailbox_check(), one after the other, in one session job of its
 * own; a check asked for while one runs is not started twice (the running
 * one reads what is new anyway). "checked" reports the sum; "failed" each
 * account whose mailbox could not be read.
 *
 * An account that sends through a provider's HTTP API hears back from the
 * provider instead: its suppression lists are pulled in the same job
 * (herald_provider_pull_suppressions()), the new addresses counted as
 * suppressed and told by herald_mailbox_watch_get_pulled(). After a
 * campaign (herald_mailbox_watch_check_after()), the opens and clicks of
 * its messages are read too (herald_provider_pull_events(): Mailgun's).
 */
#define G_LOG_DOMAIN "herald-mailbox-watch"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-account.h"
#include "herald-mailbox-check.h"
#include "herald-mailbox-store.h"
#include "herald-mailbox-watch.h"
#include "herald-provider-pull.h"

struct _HeraldMailboxWatch
{
  GObject        parent_instance;

  GSettings     *settings;
  HeraldSession *session;
  GCancellable  *cancellable;
  guint          timeout_id;
  gboolean       running;
  gboolean       failed;       /* the last check had a failure */
  guint64        pulled;       /* addresses new to the list from providers, last check */
};

G_DEFINE_FINAL_TYPE (HeraldMailboxWatch, herald_mailbox_watch, G_TYPE_OBJECT)

enum { SIGNAL_CHECKED, SIGNAL_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct
{
  HeraldMailboxCounts total;
  guint               n_mailboxes;
  guint64             n_pulled;    /* new from the providers' lists */
  gint64              campaign_id; /* 0, or the campaign just finished: its opens and clicks */
  GPtrArray          *errors;      /* char *: "account: message" */
} WatchJob;

static void
watch_job_free (WatchJob *job)
{
  g_ptr_array_unref (job->errors);
  g_free (job);
}

static gboolean
watch_job (HeraldStore   *store,
           gpointer       user_data,
           GCancellable  *cancellable,
           GError       **error)
{
  WatchJob *job = user_data;
  g_autoptr(GPtrArray) accounts = herald_account_list (store, error);

  if (accounts == NULL)
    return FALSE;
  for (guint i = 0; i < accounts->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      HeraldAccount *account = g_ptr_array_index (accounts, i);
      g_autoptr(HeraldMailboxSettings) settings = NULL;
      g_autoptr(GError) local = NULL;
      HeraldMailboxCounts counts;

      if (account->kind == HERALD_ACCOUNT_API)
        {
          HeraldPullCounts pulled;

          job->n_mailboxes++;
          if (!herald_provider_pull_suppressions (store, account->name, &pulled, cancellable, &local))
            /* TRANSLATORS: %s is an account's name, then why its provider's list could not be read */
            g_ptr_array_add (job->errors, g_strdup_printf (_("The suppressions of “%s” were not pulled "
                                                             "from its provider: %s"),
                                                           account->name, local->message));
          job->n_pulled += pulled.n_new;
          job->total.n_suppressed += pulled.n_new;
          continue;
        }
      settings = herald_mailbox_settings_load (store, account->id, &local);
      if (settings == NULL && local == NULL)
        continue;     /* no mailbox */
      job->n_mailboxes++;
      if (local == NULL)
        herald_mailbox_check (store, account->name, &counts, cancellable, &local);
      if (local != NULL)
        {
          /* TRANSLATORS: %s is an account's name, then why its mailbox could not be read */
          g_ptr_array_add (job->errors, g_strdup_printf (_("The mailbox of “%s” was not read: %s"),
                                                         account->name, local->message));
          continue;
        }
      job->total.n_bounced += counts.n_bounced;
      job->total.n_unsubscribed += counts.n_unsubscribed;
      job->total.n_auto_replies += counts.n_auto_replies;
      job->total.n_unmatched += counts.n_unmatched;
      job->total.n_delays += counts.n_delays;
      job->total.n_complaints += counts.n_complaints;
      job->total.n_suppressed += counts.n_suppressed;
    }
  if (job->campaign_id > 0 && !g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr(GError) local = NULL;
      HeraldEventCounts events;

      if (!herald_provider_pull_events (store, job->campaign_id, &events, cancellable, &local))
        /* TRANSLATORS: %s is why */
        g_ptr_array_add (job->errors, g_strdup_printf (_("The opens and clicks were not read from Mailgun: %s"),
                                                       local->message));
    }
  return TRUE;
}

static void
on_watch_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HeraldMailboxWatch) self = user_data;
  g_autoptr(GError) error = NULL;
  WatchJob *job = NULL;

  self->running = FALSE;
  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &job, &error))
    {
      self->failed = TRUE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
      return;
    }
  self->failed = job->errors->len > 0;
  self->pulled = job->n_pulled;
  for (guint i = 0; i < job->errors->len; i++)
    g_signal_emit (self, signals[SIGNAL_FAILED], 0, g_ptr_array_index (job->errors, i));
  if (job->n_mailboxes > 0)
    g_signal_emit (self, signals[SIGNAL_CHECKED], 0, &job->total);
}

/**
 * herald_mailbox_watch_check_now:
 *
 * Reads every account's mailbox, unless a check is running already.
 *
 * Returns: %TRUE when a check started
 */
gboolean
herald_mailbox_watch_check_now (HeraldMailboxWatch *self)
{
  return herald_mailbox_watch_check_after (self, 0);
}

/**
 * herald_mailbox_watch_check_after:
 * @campaign_id: the campaign that just finished (0: none)
 *
 * herald_mailbox_watch_check_now(), and then the opens and clicks of
 * @campaign_id's messages read from the provider that tracked them.
 *
 * Returns: %TRUE when a check started
 */
gboolean
herald_mailbox_watch_check_after (HeraldMailboxWatch *self,
                                  gint64              campaign_id)
{
  WatchJob *job;

  g_return_val_if_fail (HERALD_IS_MAILBOX_WATCH (self), FALSE);

  if (self->session == NULL || self->running)
    return FALSE;
  self->running = TRUE;
  job = g_new0 (WatchJob, 1);
  job->campaign_id = campaign_id;
  job->errors = g_ptr_array_new_with_free_func (g_free);
  herald_session_run_async (self->session, HERALD_SESSION_JOB_OWN_STORE, watch_job, job,
                            (GDestroyNotify) watch_job_free, self->cancellable,
                            on_watch_done_cb, g_object_ref (self));
  return TRUE;
}

gboolean
herald_mailbox_watch_get_running (HeraldMailboxWatch *self)
{
  g_return_val_if_fail (HERALD_IS_MAILBOX_WATCH (self), FALSE);
  return self->running;
}

/* How many addresses the last check added from the providers' lists. */
guint64
herald_mailbox_watch_get_pulled (HeraldMailboxWatch *self)
{
  g_return_val_if_fail (HERALD_IS_MAILBOX_WATCH (self), 0);
  return self->pulled;
}

/* Whether the last check could not read some mailbox. */
gboolean
herald_mailbox_watch_get_failed (HeraldMailboxWatch *self)
{
  g_return_val_if_fail (HERALD_IS_MAILBOX_WATCH (self), FALSE);
  return self->failed;
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  herald_mailbox_watch_check_now (HERALD_MAILBOX_WATCH (user_data));
  return G_SOURCE_CONTINUE;
}

static void
restart_timer (HeraldMailboxWatch *self)
{
  guint seconds = g_settings_get_uint (self->settings, "mailbox-check-interval");

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (seconds > 0 && self->session != NULL)
    self->timeout_id = g_timeout_add_seconds (seconds, on_timeout_cb, self);
}

void
herald_mailbox_watch_set_session (HeraldMailboxWatch *self,
                                  HeraldSession      *session)
{
  g_return_if_fail (HERALD_IS_MAILBOX_WATCH (self));

  g_set_object (&self->session, session);
  restart_timer (self);
}

/**
 * herald_mailbox_watch_describe:
 *
 * Returns: (transfer full) (nullable): "3 bounces and 1 unsubscribe
 *   found", or %NULL when the check found neither
 */
char *
herald_mailbox_watch_describe (const HeraldMailboxCounts *counts)
{
  guint bounces = (guint) MIN (counts->n_bounced, G_MAXUINT);
  guint unsubscribes = (guint) MIN (counts->n_unsubscribed, G_MAXUINT);
  g_autofree char *b = NULL;
  g_autofree char *u = NULL;

  if (bounces == 0 && unsubscribes == 0)
    return NULL;
  /* TRANSLATORS: part of “3 bounces and 1 unsubscribe found” */
  b = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u bounce", "%u bounces", bounces), bounces);
  /* TRANSLATORS: part of “3 bounces and 1 unsubscribe found” */
  u = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unsubscribe", "%u unsubscribes", unsubscribes),
                       unsubscribes);
  if (unsubscribes == 0)
    /* TRANSLATORS: %s is “3 bounces” */
    return g_strdup_printf (_("%s found in the mailbox"), b);
  if (bounces == 0)
    /* TRANSLATORS: %s is “1 unsubscribe” */
    return g_strdup_printf (_("%s found in the mailbox"), u);
  /* TRANSLATORS: “3 bounces and 1 unsubscribe found in the mailbox” */
  return g_strdup_printf (_("%s and %s found in the mailbox"), b, u);
}

static void
herald_mailbox_watch_dispose (GObject *object)
{
  HeraldMailboxWatch *self = HERALD_MAILBOX_WATCH (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (herald_mailbox_watch_parent_class)->dispose (object);
}

static void
herald_mailbox_watch_finalize (GObject *object)
{
  HeraldMailboxWatch *self = HERALD_MAILBOX_WATCH (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (herald_mailbox_watch_parent_class)->finalize (object);
}

static void
herald_mailbox_watch_class_init (HeraldMailboxWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_mailbox_watch_dispose;
  object_class->finalize = herald_mailbox_watch_finalize;

  /**
   * HeraldMailboxWatch::checked:
   * @counts: (type gpointer): the HeraldMailboxCounts of all mailboxes
   *
   * A check read every mailbox it could.
   */
  signals[SIGNAL_CHECKED] =
    g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
  /**
   * HeraldMailboxWatch::failed:
   * @message: what went wrong, for a person
   */
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
herald_mailbox_watch_init (HeraldMailboxWatch *self)
{
  self->cancellable = g_cancellable_new ();
}

static void
on_interval_changed_cb (HeraldMailboxWatch *self)
{
  restart_timer (self);
}

/**
 * herald_mailbox_watch_new:
 * @settings: Herald's settings ("mailbox-check-interval")
 */
HeraldMailboxWatch *
herald_mailbox_watch_new (GSettings *settings)
{
  HeraldMailboxWatch *self = g_object_new (HERALD_TYPE_MAILBOX_WATCH, NULL);

  self->settings = g_object_ref (settings);
  g_signal_connect_swapped (settings, "changed::mailbox-check-interval",
                            G_CALLBACK (on_interval_changed_cb), self);
  return self;
}
