/* test-send-controller.c — the send controller's decisions, with no display
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The controller and its campaign items use GIO only (this program links
 * no GTK): what an item does with the store's rows and a sender's
 * progress, what can be done with a campaign, how the list follows the
 * store, and a campaign cancelled and another sent to the Outbox
 * ($HERALD_OUTBOX, a temporary folder) through the controller.
 */
#define G_LOG_DOMAIN "test-send-controller"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "herald-account.h"
#include "herald-campaign-item.h"
#include "herald-engine.h"
#include "herald-send-controller.h"

/* ---- helpers ---------------------------------------------------------------- */

static HeraldCampaignInfo *
make_info (gint64               id,
           const char          *name,
           HeraldCampaignState  state,
           const char          *pause_reason)
{
  HeraldCampaignInfo *info = g_new0 (HeraldCampaignInfo, 1);

  info->id = id;
  info->name = g_strdup (name);
  info->state = state;
  info->pause_reason = g_strdup (pause_reason);
  return info;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  GHashTable *seen = user_data;
  const char *name = g_param_spec_get_name (pspec);

  g_hash_table_insert (seen, (gpointer) name,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (seen, name)) + 1));
}

static guint
notified (GHashTable *seen,
          const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (seen, name));
}

static HeraldSenderProgress
progress_of (HeraldSenderStatus status,
             guint64            queued,
             guint64            sent)
{
  HeraldSenderProgress p = { 0 };

  p.campaign_id = 1;
  p.status = status;
  p.counts[HERALD_DELIVERY_QUEUED] = queued;
  p.counts[HERALD_DELIVERY_SENT] = sent;
  p.total = queued + sent;
  p.sent_now = sent;
  p.rate = 2.5;
  p.eta_seconds = 8;
  return p;
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main context until @done is TRUE (at most 60 s). */
static void
wait_for (const gboolean *done)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (50, tick_cb, NULL);

  while (!*done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
}

/* ---- an item ------------------------------------------------------------------ */

static void
test_item_run (void)
{
  g_autoptr(HeraldCampaignItem) item = herald_campaign_item_new (1);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(HeraldCampaignInfo) info = make_info (1, "Spring", HERALD_CAMPAIGN_PAUSED, "550 blocked");
  guint64 counts[HERALD_DELIVERY_N_STATES] = { 0 };
  HeraldSenderProgress p;

  g_signal_connect (item, "notify", G_CALLBACK (count_notify_cb), seen);
  counts[HERALD_DELIVERY_QUEUED] = 10;
  herald_campaign_item_apply_info (item, info, counts);
  g_assert_cmpint (herald_campaign_item_get_id (item), ==, 1);
  g_assert_cmpstr (herald_campaign_item_get_name (item), ==, "Spring");
  g_assert_cmpint (herald_campaign_item_get_state (item), ==, HERALD_CAMPAIGN_PAUSED);
  g_assert_cmpstr (herald_campaign_item_get_pause_reason (item), ==, "550 blocked");
  g_assert_cmpuint (herald_campaign_item_get_counts (item)[HERALD_DELIVERY_QUEUED], ==, 10);
  g_assert_false (herald_campaign_item_get_sending (item));
  g_assert_false (herald_campaign_item_is_live (item));
  g_assert_cmpuint (notified (seen, "name"), ==, 1);
  g_assert_cmpuint (notified (seen, "counts"), ==, 1);

  /* The same again: nothing changes, nothing is said. */
  g_hash_table_remove_all (seen);
  herald_campaign_item_apply_info (item, info, counts);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 0);

  /* A run starts: not live until the sender says it sends. */
  herald_campaign_item_begin_run (item);
  g_assert_true (herald_campaign_item_get_sending (item));
  g_assert_cmpint (herald_campaign_item_get_sender_status (item), ==, HERALD_SENDER_IDLE);
  g_assert_false (herald_campaign_item_is_live (item));
  g_assert_cmpuint (notified (seen, "sending"), ==, 1);

  g_hash_table_remove_all (seen);
  p = progress_of (HERALD_SENDER_RUNNING, 7, 3);
  herald_campaign_item_apply_progress (item, &p);
  g_assert_true (herald_campaign_item_is_live (item));
  g_assert_cmpint (herald_campaign_item_get_state (item), ==, HERALD_CAMPAIGN_SENDING);
  g_assert_cmpuint (herald_campaign_item_get_counts (item)[HERALD_DELIVERY_SENT], ==, 3);
  g_assert_cmpuint (herald_campaign_item_get_sent_now (item), ==, 3);
  g_assert_cmpfloat (herald_campaign_item_get_rate (item), ==, 2.5);
  g_assert_cmpint (herald_campaign_item_get_eta_seconds (item), ==, 8);
  g_assert_cmpuint (notified (seen, "counts"), ==, 1);
  g_assert_cmpuint (notified (seen, "state"), ==, 1);
  g_assert_cmpuint (notified (seen, "sending"), ==, 0);

  /* While it sends, a reload from the store (older) moves neither the
   * state nor the counts back. */
  g_hash_table_remove_all (seen);
  herald_campaign_item_apply_info (item, info, counts);
  g_assert_cmpint (herald_campaign_item_get_state (item), ==, HERALD_CAMPAIGN_SENDING);
  g_assert_cmpuint (herald_campaign_item_get_counts (item)[HERALD_DELIVERY_SENT], ==, 3);
  g_assert_cmpuint (notified (seen, "counts"), ==, 0);

  /* A fault pauses it, with the reason. */
  p = progress_of (HERALD_SENDER_FAULT, 5, 5);
  p.reason = "554 5.7.1 policy";
  herald_campaign_item_apply_progress (item, &p);
  g_assert_false (herald_campaign_item_is_live (item));
  herald_campaign_item_end_run (item, &p);
  g_assert_false (herald_campaign_item_get_sending (item));
  g_assert_cmpint (herald_campaign_item_get_state (item), ==, HERALD_CAMPAIGN_PAUSED);
  g_assert_cmpstr (herald_campaign_item_get_pause_reason (item), ==, "554 5.7.1 policy");
  g_assert_cmpuint (herald_campaign_item_get_counts (item)[HERALD_DELIVERY_SENT], ==, 5);

  /* Not sending any more: the store's view is taken again. */
  herald_campaign_item_apply_info (item, info, counts);
  g_assert_cmpuint (herald_campaign_item_get_counts (item)[HERALD_DELIVERY_SENT], ==, 0);
}

static void
test_state_after_run (void)
{
  g_assert_cmpint (herald_campaign_state_after_run (HERALD_SENDER_DONE, HERALD_CAMPAIGN_SENDING), ==,
                   HERALD_CAMPAIGN_DONE);
  g_assert_cmpint (herald_campaign_state_after_run (HERALD_SENDER_PAUSED, HERALD_CAMPAIGN_SENDING), ==,
                   HERALD_CAMPAIGN_PAUSED);
  g_assert_cmpint (herald_campaign_state_after_run (HERALD_SENDER_FAULT, HERALD_CAMPAIGN_SENDING), ==,
                   HERALD_CAMPAIGN_PAUSED);
  g_assert_cmpint (herald_campaign_state_after_run (HERALD_SENDER_CANCELLED, HERALD_CAMPAIGN_SENDING), ==,
                   HERALD_CAMPAIGN_CANCELLED);
  /* Stopped, postponed or failed: still "sending", to resume. */
  g_assert_cmpint (herald_campaign_state_after_run (HERALD_SENDER_STOPPED, HERALD_CAMPAIGN_SENDING), ==,
                   HERALD_CAMPAIGN_SENDING);
  g_assert_cmpint (herald_campaign_state_after_run (HERALD_SENDER_POSTPONED, HERALD_CAMPAIGN_SENDING), ==,
                   HERALD_CAMPAIGN_SENDING);
  g_assert_cmpint (herald_campaign_state_after_run (HERALD_SENDER_FAILED, HERALD_CAMPAIGN_PAUSED), ==,
                   HERALD_CAMPAIGN_PAUSED);
}

/* ---- what can be done ----------------------------------------------------------- */

static HeraldCampaignItem *
item_in_state (HeraldCampaignState state,
               guint64             queued,
               guint64             deferred,
               guint64             sent)
{
  HeraldCampaignItem *item = herald_campaign_item_new (1);
  g_autoptr(HeraldCampaignInfo) info = make_info (1, "c", state, NULL);
  guint64 counts[HERALD_DELIVERY_N_STATES] = { 0 };

  counts[HERALD_DELIVERY_QUEUED] = queued;
  counts[HERALD_DELIVERY_DEFERRED] = deferred;
  counts[HERALD_DELIVERY_SENT] = sent;
  herald_campaign_item_apply_info (item, info, counts);
  return item;
}

static void
test_actions (void)
{
  static const struct
  {
    HeraldCampaignState state;
    guint64             queued, deferred, sent;
    gboolean            any_sending;
    gboolean            resume, cancel;
  } cases[] = {
    { HERALD_CAMPAIGN_DRAFT, 5, 0, 0, FALSE, TRUE, TRUE },
    { HERALD_CAMPAIGN_PAUSED, 3, 0, 2, FALSE, TRUE, TRUE },
    { HERALD_CAMPAIGN_SENDING, 3, 0, 2, FALSE, TRUE, TRUE },   /* interrupted */
    { HERALD_CAMPAIGN_DONE, 0, 0, 5, FALSE, FALSE, FALSE },
    { HERALD_CAMPAIGN_DONE, 0, 2, 3, FALSE, TRUE, FALSE },     /* re-sent ones left */
    { HERALD_CAMPAIGN_CANCELLED, 4, 0, 1, FALSE, FALSE, FALSE },
    /* another campaign sends: one at a time */
    { HERALD_CAMPAIGN_PAUSED, 3, 0, 2, TRUE, FALSE, FALSE },
    { HERALD_CAMPAIGN_DRAFT, 5, 0, 0, TRUE, FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HeraldCampaignItem) item = item_in_state (cases[i].state, cases[i].queued,
                                                          cases[i].deferred, cases[i].sent);

      g_test_message ("case %u", i);
      g_assert_false (herald_campaign_item_can_pause (item));
      g_assert_cmpint (herald_campaign_item_can_resume (item, cases[i].any_sending), ==, cases[i].resume);
      g_assert_cmpint (herald_campaign_item_can_cancel (item, cases[i].any_sending), ==, cases[i].cancel);
    }

  /* Its own sender runs: pause and cancel, not resume. */
  {
    g_autoptr(HeraldCampaignItem) item = item_in_state (HERALD_CAMPAIGN_SENDING, 3, 0, 2);

    herald_campaign_item_begin_run (item);
    g_assert_true (herald_campaign_item_can_pause (item));
    g_assert_false (herald_campaign_item_can_resume (item, TRUE));
    g_assert_true (herald_campaign_item_can_cancel (item, TRUE));
  }
}

/* ---- the list ---------------------------------------------------------------------- */

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *n_changes)
{
  (*n_changes)++;
}

static void
test_list_follows_store (void)
{
  g_autoptr(HeraldSendController) controller = herald_send_controller_new ();
  GListModel *model = herald_send_controller_get_campaigns (controller);
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_campaign_info_free);
  guint64 counts[3 * HERALD_DELIVERY_N_STATES] = { 0 };
  g_autoptr(HeraldCampaignItem) first = NULL;
  g_autoptr(HeraldCampaignItem) again = NULL;
  guint n_changes = 0;

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &n_changes);
  g_ptr_array_add (infos, make_info (2, "Second", HERALD_CAMPAIGN_DRAFT, NULL));
  g_ptr_array_add (infos, make_info (1, "First", HERALD_CAMPAIGN_DONE, NULL));
  counts[HERALD_DELIVERY_N_STATES + HERALD_DELIVERY_SENT] = 4;
  herald_send_controller_take_loaded (controller, infos, counts);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_cmpuint (n_changes, ==, 1);
  first = g_object_ref (herald_send_controller_lookup (controller, 1));
  g_assert_cmpstr (herald_campaign_item_get_name (first), ==, "First");
  g_assert_cmpuint (herald_campaign_item_get_counts (first)[HERALD_DELIVERY_SENT], ==, 4);
  g_assert_null (herald_send_controller_lookup (controller, 3));

  /* The same campaigns, new counts: the items change, not the list. */
  counts[HERALD_DELIVERY_N_STATES + HERALD_DELIVERY_SENT] = 5;
  herald_send_controller_take_loaded (controller, infos, counts);
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_true (herald_send_controller_lookup (controller, 1) == first);
  g_assert_cmpuint (herald_campaign_item_get_counts (first)[HERALD_DELIVERY_SENT], ==, 5);

  /* A new campaign, newest first: the list changes, the items stay. */
  g_ptr_array_insert (infos, 0, make_info (3, "Third", HERALD_CAMPAIGN_DRAFT, NULL));
  memset (counts, 0, sizeof counts);
  counts[2 * HERALD_DELIVERY_N_STATES + HERALD_DELIVERY_SENT] = 5;
  herald_send_controller_take_loaded (controller, infos, counts);
  g_assert_cmpuint (n_changes, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  again = g_list_model_get_item (model, 2);
  g_assert_true (again == first);

  /* No store yet: nothing sends, nothing can be paused. */
  g_assert_false (herald_send_controller_get_sending (controller));
  g_assert_false (herald_send_controller_start (controller, 3, NULL));
  g_assert_false (herald_send_controller_pause (controller, 3));
  g_assert_false (herald_send_controller_can_pause (controller, 3));
  g_assert_true (herald_send_controller_can_resume (controller, 3));
  g_assert_false (herald_send_controller_can_resume (controller, 1));
  g_assert_false (herald_send_controller_can_resume (controller, 42));
}

/* ---- through the store and a sender --------------------------------------------- */

typedef struct
{
  HeraldSession      *session;
  gboolean            done;
  HeraldCampaignItem *started;
  HeraldCampaignItem *finished;
  int                 status;
} Run;

static void
on_session_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  run->session = herald_session_open_finish (result, &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

static void
on_cancelled_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (herald_send_controller_cancel_finish (HERALD_SEND_CONTROLLER (source), result, &error));
  g_assert_no_error (error);
  run->done = TRUE;
}

static void
on_started_cb (HeraldSendController *controller,
               HeraldCampaignItem   *item,
               Run                  *run)
{
  g_set_object (&run->started, item);
}

static void
on_finished_cb (HeraldSendController *controller,
                HeraldCampaignItem   *item,
                int                   status,
                const char           *reason,
                Run                  *run)
{
  g_assert_false (herald_send_controller_get_sending (controller));
  g_set_object (&run->finished, item);
  run->status = status;
  run->done = TRUE;
}

static gboolean
n_items_is (HeraldSendController *controller,
            guint                 n)
{
  return g_list_model_get_n_items (herald_send_controller_get_campaigns (controller)) == n;
}

static gint64
create_campaign (HeraldSession *session,
                 const char    *name)
{
  g_autoptr(GError) error = NULL;
  /* A connection of the test's own, as another process would have. */
  g_autoptr(HeraldStore) store = herald_store_open (herald_session_get_path (session), &error);
  HeraldCampaignSpec spec = { 0 };
  HeraldCampaignSummary summary = { 0 };
  gint64 id;

  g_assert_no_error (error);

  spec.name = name;
  spec.list_name = "Sample customers";
  spec.template_name = "Sample newsletter";
  spec.account_name = HERALD_OUTBOX_ACCOUNT;
  id = herald_campaign_create (store, &spec, &summary, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
test_send_through_controller (void)
{
  g_autofree char *dir = g_dir_make_tmp ("herald-send-controller-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "herald.db", NULL);
  g_autofree char *outbox = g_build_filename (dir, "outbox", NULL);
  g_autoptr(HeraldSendController) controller = herald_send_controller_new ();
  HeraldCampaignItem *sent, *cancelled;
  Run run = { 0 };
  gint64 send_id, cancel_id;
  guint64 recipients;

  g_setenv ("HERALD_OUTBOX", outbox, TRUE);
  herald_session_open_async (db, NULL, on_session_cb, &run);
  wait_for (&run.done);
  send_id = create_campaign (run.session, "Sent through the controller");
  cancel_id = create_campaign (run.session, "Cancelled through the controller");

  herald_send_controller_set_session (controller, run.session);
  g_assert_true (herald_send_controller_get_session (controller) == run.session);
  while (!n_items_is (controller, 2))
    g_main_context_iteration (NULL, TRUE);
  sent = herald_send_controller_lookup (controller, send_id);
  cancelled = herald_send_controller_lookup (controller, cancel_id);
  g_assert_nonnull (sent);
  g_assert_nonnull (cancelled);
  g_assert_cmpstr (herald_campaign_item_get_name (sent), ==, "Sent through the controller");
  recipients = herald_campaign_item_get_counts (sent)[HERALD_DELIVERY_QUEUED];
  g_assert_cmpuint (recipients, >, 0);
  g_assert_true (herald_send_controller_can_resume (controller, send_id));

  /* Cancelled in the store (no sender runs it): the list says so once
   * read again. */
  run.done = FALSE;
  herald_send_controller_cancel_async (controller, cancel_id, NULL, on_cancelled_cb, &run);
  wait_for (&run.done);
  while (herald_campaign_item_get_state (cancelled) != HERALD_CAMPAIGN_CANCELLED)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (herald_send_controller_can_resume (controller, cancel_id));
  g_assert_false (herald_send_controller_can_cancel (controller, cancel_id));

  /* Sent to the Outbox: one at a time; the item follows the sender. */
  g_signal_connect (controller, "started", G_CALLBACK (on_started_cb), &run);
  g_signal_connect (controller, "finished", G_CALLBACK (on_finished_cb), &run);
  run.done = FALSE;
  g_assert_true (herald_send_controller_start (controller, send_id, NULL));
  g_assert_true (run.started == sent);
  g_assert_true (herald_send_controller_get_sending (controller));
  g_assert_true (herald_campaign_item_get_sending (sent));
  g_assert_true (herald_send_controller_can_pause (controller, send_id));
  g_assert_false (herald_send_controller_can_resume (controller, send_id));
  g_assert_false (herald_send_controller_start (controller, send_id, NULL));
  wait_for (&run.done);
  g_assert_true (run.finished == sent);
  g_assert_cmpint (run.status, ==, HERALD_SENDER_DONE);
  g_assert_false (herald_campaign_item_get_sending (sent));
  g_assert_cmpint (herald_campaign_item_get_state (sent), ==, HERALD_CAMPAIGN_DONE);
  g_assert_cmpuint (herald_campaign_item_get_counts (sent)[HERALD_DELIVERY_SENT], ==, recipients);
  g_assert_cmpuint (herald_campaign_item_get_sent_now (sent), ==, recipients);
  g_assert_false (herald_send_controller_can_pause (controller, send_id));
  g_assert_false (herald_send_controller_can_resume (controller, send_id));

  g_clear_object (&run.started);
  g_clear_object (&run.finished);
  g_clear_object (&controller);
  g_clear_object (&run.session);
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  herald_engine_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/send-controller/item-run", test_item_run);
  g_test_add_func ("/send-controller/state-after-run", test_state_after_run);
  g_test_add_func ("/send-controller/actions", test_actions);
  g_test_add_func ("/send-controller/list-follows-store", test_list_follows_store);
  g_test_add_func ("/send-controller/send", test_send_through_controller);

  return g_test_run ();
}
