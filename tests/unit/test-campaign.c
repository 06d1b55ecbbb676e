/* test-campaign.c — campaigns: creation, states, resend and skip, the report
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "herald-account.h"
#include "herald-campaign.h"
#include "herald-merge.h"
#include "herald-segment.h"
#include "herald-test-fixture.h"

typedef HeraldTestFixture Fixture;

static void
test_create_counts (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldCampaignInfo) info = NULL;
  HeraldCampaignSpec spec = { .name = "Spring", .template_name = "news", .list_name = "customers", .account_name = "outbox" };
  HeraldCampaignSummary summary, estimate;
  guint64 counts[HERALD_DELIVERY_N_STATES];
  gint64 id = herald_campaign_create (f->store, &spec, &summary, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  /* Suppressed and unsubscribed are left out, and counted. */
  g_assert_cmpuint (summary.n_recipients, ==, 3);
  g_assert_cmpuint (summary.n_suppressed, ==, 1);
  g_assert_cmpuint (summary.n_unsubscribed, ==, 1);
  /* The docomo.ne.jp preset paces that one recipient; nothing else limits. */
  g_assert_cmpint (summary.estimated_seconds, ==, 0);

  info = herald_campaign_find (f->store, "Spring", &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->state, ==, HERALD_CAMPAIGN_DRAFT);
  g_assert_cmpint (info->n_suppressed, ==, 1);
  g_assert_true (herald_campaign_count_states (f->store, id, counts, &error));
  g_assert_cmpuint (counts[HERALD_DELIVERY_QUEUED], ==, 3);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries WHERE email IN ('bounced@example.jp','left@example.jp')"), ==, 0);

  /* Each has its own stable Message-ID, at the From address's domain. */
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(DISTINCT message_id) FROM deliveries"), ==, 3);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries WHERE message_id LIKE '<%@localhost>'"), ==, 3);

  g_assert_true (herald_campaign_estimate (f->store, f->list_id, info->account_id, &estimate, &error));
  g_assert_cmpuint (estimate.n_recipients, ==, 3);
  g_assert_cmpuint (estimate.n_suppressed, ==, 1);
}

static void
test_create_refusals (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HeraldCampaignSpec spec = { .name = "A", .template_name = "news", .list_name = "customers", .account_name = "outbox" };

  herald_test_create_campaign (f, "A");
  g_assert_cmpint (herald_campaign_create (f->store, &spec, NULL, &error), ==, -1);
  g_assert_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_EXISTS);
  g_clear_error (&error);

  spec.name = "B";
  spec.segment = "city = 'Osaka'";
  g_assert_cmpint (herald_campaign_create (f->store, &spec, NULL, &error), ==, -1);
  g_assert_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  spec.segment = NULL;
  spec.account_name = "nobody";
  g_assert_cmpint (herald_campaign_create (f->store, &spec, NULL, &error), ==, -1);
  g_assert_error (error, HERALD_ACCOUNT_ERROR, HERALD_ACCOUNT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Nothing half-made is left behind. */
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM campaigns"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries"), ==, 3);
}

static void
test_states (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldCampaignInfo) info = NULL;
  gint64 id = herald_test_create_campaign (f, "S");

  /* A draft is not sending: it cannot be paused. */
  g_assert_false (herald_campaign_pause (f->store, id, NULL, &error));
  g_assert_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_STATE);
  g_clear_error (&error);

  /* A sender that could not start it (a fault of the account) pauses it,
   * saying why. */
  g_assert_true (herald_campaign_pause (f->store, id, "No unsubscribe link", &error));
  g_assert_no_error (error);
  info = herald_campaign_get (f->store, id, &error);
  g_assert_cmpint (info->state, ==, HERALD_CAMPAIGN_PAUSED);
  g_assert_cmpstr (info->pause_reason, ==, "No unsubscribe link");
  g_clear_pointer (&info, herald_campaign_info_free);

  herald_test_exec (f->store, "UPDATE campaigns SET state = 'sending'");
  g_assert_true (herald_campaign_pause (f->store, id, "Authentication refused", &error));
  g_assert_true (herald_campaign_pause (f->store, id, NULL, &error));
  info = herald_campaign_get (f->store, id, &error);
  g_assert_cmpint (info->state, ==, HERALD_CAMPAIGN_PAUSED);
  g_assert_cmpstr (info->pause_reason, ==, "Authentication refused");

  g_assert_true (herald_campaign_cancel (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries WHERE state = 'skipped'"), ==, 3);
  g_assert_false (herald_campaign_cancel (f->store, id, &error));
  g_assert_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_STATE);
}

static void
test_resend_skip (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldCampaignInfo) info = NULL;
  gint64 id = herald_test_create_campaign (f, "R");
  guint64 changed = 0;
  gint64 ann;

  herald_test_exec (f->store, "UPDATE campaigns SET state = 'done'");
  herald_test_exec (f->store, "UPDATE deliveries SET state = 'uncertain', attempts = 1 WHERE email = 'ann@example.jp'");
  herald_test_exec (f->store, "UPDATE deliveries SET state = 'failed', attempts = 3, last_code = 550 WHERE email = 'bob@example.jp'");
  herald_test_exec (f->store, "UPDATE deliveries SET state = 'sent' WHERE email = 'cid@docomo.ne.jp'");
  ann = herald_test_query_int (f->store, "SELECT id FROM deliveries WHERE email = 'ann@example.jp'");

  /* Re-sending a sent one does nothing; an uncertain one is queued again,
   * with the same Message-ID and its attempts kept. */
  {
    gint64 ids[] = { ann, herald_test_query_int (f->store, "SELECT id FROM deliveries WHERE email = 'cid@docomo.ne.jp'") };
    g_assert_true (herald_campaign_resend (f->store, id, ids, 2, &changed, &error));
  }
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries WHERE state = 'queued' AND attempts = 1"), ==, 1);
  /* The finished campaign has work again: paused, to be sent on. */
  info = herald_campaign_get (f->store, id, &error);
  g_assert_cmpint (info->state, ==, HERALD_CAMPAIGN_PAUSED);

  g_assert_true (herald_campaign_resend_all (f->store, id, HERALD_DELIVERY_FAILED, &changed, &error));
  g_assert_cmpuint (changed, ==, 1);

  /* Skipping the rest leaves nothing to send: done again. */
  g_assert_true (herald_campaign_skip (f->store, id, &ann, 1, &changed, &error));
  g_assert_cmpuint (changed, ==, 1);
  herald_test_exec (f->store, "UPDATE deliveries SET state = 'uncertain' WHERE email = 'bob@example.jp'");
  g_assert_true (herald_campaign_skip_all (f->store, id, HERALD_DELIVERY_UNCERTAIN, &changed, &error));
  g_assert_cmpuint (changed, ==, 1);
  g_clear_pointer (&info, herald_campaign_info_free);
  info = herald_campaign_get (f->store, id, &error);
  g_assert_cmpint (info->state, ==, HERALD_CAMPAIGN_DONE);
}

static void
test_report_cursor (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldDeliveryCursor) cursor = NULL;
  const HeraldDeliveryRow *row;
  gint64 id = herald_test_create_campaign (f, "C");
  guint n = 0;

  herald_test_exec (f->store, "UPDATE deliveries SET state = 'failed', last_code = 550, last_enhanced = '5.1.1',"
                      " last_reply = 'User unknown' WHERE email = 'bob@example.jp'");
  cursor = herald_delivery_cursor_new (f->store, id, HERALD_DELIVERY_FAILED, &error);
  while ((row = herald_delivery_cursor_next (cursor, &error)) != NULL)
    {
      g_assert_cmpstr (row->email, ==, "bob@example.jp");
      g_assert_cmpint (row->code, ==, 550);
      g_assert_cmpstr (row->enhanced, ==, "5.1.1");
      g_assert_cmpstr (row->reply, ==, "User unknown");
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
}

/* A template using fields the list lacks is refused before a campaign is
 * made, all of them named at once with the list's columns. */
static void
test_check_fields (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HeraldTemplateRecord good = { .name = (char *) "good", .subject = (char *) "Hi {{ name }}",
                                .html = (char *) "<p>{{ email }} {{ today }}</p>" };
  HeraldTemplateRecord bad = { .name = (char *) "bad", .subject = (char *) "{{ 氏名 }} 様",
                               .html = (char *) "<p>{{ city | \"東京\" }} {{ name }} {{ 氏名 }}</p>" };

  g_assert_true (herald_template_check_fields (f->store, &good, "customers", &error));
  g_assert_no_error (error);
  g_assert_false (herald_template_check_fields (f->store, &bad, "customers", &error));
  g_assert_error (error, HERALD_MERGE_ERROR, HERALD_MERGE_ERROR_UNKNOWN_FIELDS);
  g_assert_nonnull (strstr (error->message, "“氏名”, “city”"));
  g_assert_nonnull (strstr (error->message, "(its columns: “name”)"));
  g_assert_null (strstr (error->message, "1:"));
  g_clear_error (&error);
  g_assert_false (herald_template_check_fields (f->store, &good, "no such list", &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND);
}

/* The same template to the same list again: how many of the new
 * campaign's recipients already got it through an account that sends,
 * and when (the Outbox's messages reached nobody). */
static void
test_repeat (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 first = herald_test_create_campaign (f, "First");
  gint64 second = herald_test_create_campaign (f, "Second");
  gint64 n = -1, at = -1;

  g_assert_true (herald_campaign_find_repeat (f->store, second, &n, &at, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);
  g_assert_cmpint (at, ==, 0);

  herald_test_exec (f->store, "UPDATE deliveries SET state = 'sent', sent_at = 1700000000"
                              " WHERE campaign_id = (SELECT id FROM campaigns WHERE name = 'First') AND email = 'ann@example.jp'");
  herald_test_exec (f->store, "UPDATE deliveries SET state = 'sent', sent_at = 1700000100"
                              " WHERE campaign_id = (SELECT id FROM campaigns WHERE name = 'First') AND email = 'bob@example.jp'");
  herald_test_exec (f->store, "UPDATE deliveries SET state = 'failed'"
                              " WHERE campaign_id = (SELECT id FROM campaigns WHERE name = 'First') AND email = 'cid@docomo.ne.jp'");
  /* Written to the Outbox: nobody got it. */
  g_assert_true (herald_campaign_find_repeat (f->store, second, &n, &at, &error));
  g_assert_cmpint (n, ==, 0);

  herald_test_exec (f->store, "INSERT INTO accounts (name, kind, host, port, security, from_addr)"
                              " VALUES ('shop', 'smtp', '127.0.0.1', 2525, 'none', 'Shop <shop@example.jp>')");
  herald_test_exec (f->store, "UPDATE campaigns SET account_id = (SELECT id FROM accounts WHERE name = 'shop')"
                              " WHERE name = 'First'");
  g_assert_true (herald_campaign_find_repeat (f->store, second, &n, &at, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 2);
  g_assert_cmpint (at, ==, 1700000100);

  /* Someone the new campaign leaves out is not counted. */
  herald_test_exec (f->store, "DELETE FROM deliveries WHERE campaign_id = (SELECT id FROM campaigns WHERE name = 'Second')"
                              " AND email = 'bob@example.jp'");
  g_assert_true (herald_campaign_find_repeat (f->store, second, &n, &at, &error));
  g_assert_cmpint (n, ==, 1);
  g_assert_cmpint (at, ==, 1700000000);

  /* The earlier campaign repeats nothing of the later one, which sent nothing. */
  g_assert_true (herald_campaign_find_repeat (f->store, first, &n, &at, &error));
  g_assert_cmpint (n, ==, 0);
}

/* A draft the user did not confirm goes, deliveries and all; a campaign
 * that started stays with its history. */
static void
test_discard_draft (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 kept = herald_test_create_campaign (f, "Kept");
  gint64 draft = herald_test_create_campaign (f, "Draft");

  g_assert_true (herald_campaign_discard_draft (f->store, draft, &error));
  g_assert_no_error (error);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM campaigns"), ==, 1);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries"), ==, 3);

  g_assert_true (herald_campaign_begin_sending (f->store, kept, &error));
  g_assert_false (herald_campaign_discard_draft (f->store, kept, &error));
  g_assert_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_STATE);
  g_clear_error (&error);
  g_assert_cmpint (herald_test_query_int (f->store, "SELECT count(*) FROM deliveries"), ==, 3);

  /* Gone already: refused, not silently done twice. */
  g_assert_false (herald_campaign_discard_draft (f->store, draft, &error));
  g_assert_error (error, HERALD_CAMPAIGN_ERROR, HERALD_CAMPAIGN_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  herald_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, herald_test_set_up_customers, func, herald_test_tear_down)
  ADD ("/campaign/create-counts", test_create_counts);
  ADD ("/campaign/create-refusals", test_create_refusals);
  ADD ("/campaign/states", test_states);
  ADD ("/campaign/resend-skip", test_resend_skip);
  ADD ("/campaign/report-cursor", test_report_cursor);
  ADD ("/campaign/check-fields", test_check_fields);
  ADD ("/campaign/repeat", test_repeat);
  ADD ("/campaign/discard-draft", test_discard_draft);
#undef ADD

  return g_test_run ();
}
