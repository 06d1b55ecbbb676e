/* test-checks.c — the pre-send checklist's DNS questions, answered by an
 * injected resolver
 *
 * The resolver answers from a table (app/base/herald-table-resolver.c,
 * made the default with g_resolver_set_default): it stands in for DNS
 * because the machines the tests run on have no network.
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "herald-business.h"
#include "herald-campaign.h"
#include "herald-checks.h"
#include "herald-starters.h"
#include "herald-table-resolver.h"
#include "herald-test-fixture.h"

static void
use_table (const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTableResolver) resolver = herald_table_resolver_new (table, &error);

  g_assert_no_error (error);
  g_resolver_set_default (G_RESOLVER (resolver));
}

static GPtrArray *
run_checks (HeraldTestFixture *f,
            gint64             campaign_id,
            const char        *selector)
{
  g_autoptr(GError) error = NULL;
  HeraldCheckOptions options = { .timeout_seconds = 2, .dkim_selector = selector };
  GPtrArray *problems = herald_campaign_checklist (f->store, campaign_id, &options, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (problems);
  for (guint i = 0; i < problems->len; i++)
    {
      HeraldCheckProblem *p = g_ptr_array_index (problems, i);

      g_test_message ("%d %d %s\t%s\t%s\t%s", p->kind, p->severity, p->email, p->field, p->value, p->text);
    }
  return problems;
}

/* How many problems of @kind (about @email / @field, when given). */
static guint
count (GPtrArray       *problems,
       HeraldCheckKind  kind,
       const char      *email,
       const char      *field)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    {
      HeraldCheckProblem *p = g_ptr_array_index (problems, i);

      if (p->kind == kind && (email == NULL || g_str_equal (p->email, email)) &&
          (field == NULL || g_str_equal (p->field, field)))
        n++;
    }
  return n;
}

static HeraldCheckProblem *
find (GPtrArray       *problems,
      HeraldCheckKind  kind)
{
  for (guint i = 0; i < problems->len; i++)
    if (((HeraldCheckProblem *) g_ptr_array_index (problems, i))->kind == kind)
      return g_ptr_array_index (problems, i);
  g_assert_not_reached ();
}

static void
test_mx (HeraldTestFixture *f,
         gconstpointer      data)
{
  g_autoptr(GPtrArray) problems = NULL;
  gint64 id;

  /* example.jp takes mail; docomo.ne.jp has no record at all here. */
  use_table ("MX example.jp 10 mx.example.jp\n");
  id = herald_test_create_campaign (f, "c");
  problems = run_checks (f, id, NULL);
  g_assert_cmpuint (count (problems, HERALD_CHECK_DOMAIN, NULL, NULL), ==, 1);
  g_assert_cmpuint (count (problems, HERALD_CHECK_DOMAIN, "cid@docomo.ne.jp", "email"), ==, 1);
  /* the bounced address was left out, and the check says so */
  g_assert_cmpuint (count (problems, HERALD_CHECK_EXCLUDED, "", "suppressed"), ==, 1);
  g_assert_cmpuint (count (problems, HERALD_CHECK_DOMAIN, "bounced@example.jp", NULL), ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* An address record is enough when there is no MX (RFC 5321 §5.1). */
  use_table ("MX example.jp 10 mx.example.jp\nAAAA docomo.ne.jp 2001:db8::25\n");
  problems = run_checks (f, id, NULL);
  g_assert_cmpuint (count (problems, HERALD_CHECK_DOMAIN, NULL, NULL), ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* A domain DNS cannot answer for is not checked, never "missing"; when
   * it answers for none, one note says so. */
  use_table ("FAIL example.jp\nSLOW docomo.ne.jp\n");
  problems = run_checks (f, id, NULL);
  g_assert_cmpuint (count (problems, HERALD_CHECK_DOMAIN, NULL, NULL), ==, 0);
  g_assert_cmpuint (count (problems, HERALD_CHECK_UNCHECKED, "", "email"), ==, 0);
  g_assert_cmpuint (count (problems, HERALD_CHECK_UNCHECKED, "", "dns"), ==, 1);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* One domain answers, the other fails: the failing one is named. */
  use_table ("MX example.jp 10 mx.example.jp\nFAIL docomo.ne.jp\n");
  problems = run_checks (f, id, NULL);
  g_assert_cmpuint (count (problems, HERALD_CHECK_DOMAIN, NULL, NULL), ==, 0);
  g_assert_cmpuint (count (problems, HERALD_CHECK_UNCHECKED, "", "email"), ==, 1);
  g_assert_cmpstr (find (problems, HERALD_CHECK_UNCHECKED)->value, ==, "docomo.ne.jp");
}

/* An offline machine's resolver says "no such name" to every question:
 * that is not "these domains take no mail" (user trial: one "no mail
 * server" card per address). */
static void
test_dns_offline (HeraldTestFixture *f,
                  gconstpointer      data)
{
  g_autoptr(GPtrArray) problems = NULL;
  HeraldCheckProblem *note;
  gint64 id = herald_test_create_campaign (f, "c");

  use_table ("TXT unrelated.example v=spf1 -all\n");
  problems = run_checks (f, id, NULL);
  g_assert_cmpuint (count (problems, HERALD_CHECK_DOMAIN, NULL, NULL), ==, 0);
  g_assert_cmpuint (count (problems, HERALD_CHECK_UNCHECKED, "", "dns"), ==, 1);
  note = find (problems, HERALD_CHECK_UNCHECKED);
  g_assert_cmpint (note->severity, ==, HERALD_CHECK_NOTE);
  g_assert_cmpstr (note->value, ==, "");
  g_assert_nonnull (strstr (note->text, "2 domains could not be looked up"));
  g_assert_nonnull (strstr (note->text, "gmail.com"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* With DNS that works (gmail.com has its MX), the same silence about
   * the recipients' domains means they take no mail. */
  use_table ("MX gmail.com 5 gmail-smtp-in.l.google.com\n");
  problems = run_checks (f, id, NULL);
  g_assert_cmpuint (count (problems, HERALD_CHECK_DOMAIN, NULL, NULL), ==, 3);
  g_assert_cmpuint (count (problems, HERALD_CHECK_UNCHECKED, "", "dns"), ==, 0);
}

/* The confirmation shows one card for the same finding at many addresses. */
static void
test_group (HeraldTestFixture *f,
            gconstpointer      data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) grouped = NULL;
  HeraldCheckProblem *p;
  gint64 id;

  herald_test_exec (f->store, "UPDATE contacts SET email = 'info@docomo.ne.jp' WHERE email = 'ann@example.jp'");
  herald_test_exec (f->store, "UPDATE contacts SET email = 'sales@other.jp' WHERE email = 'bob@example.jp'");
  id = herald_test_create_campaign (f, "c");
  use_table ("MX gmail.com 5 gmail-smtp-in.l.google.com\nMX example.jp 10 mx.example.jp\n");
  problems = run_checks (f, id, NULL);
  /* herald-cli campaign check: one line an address */
  g_assert_cmpuint (count (problems, HERALD_CHECK_DOMAIN, NULL, NULL), ==, 3);
  g_assert_cmpuint (count (problems, HERALD_CHECK_ROLE, NULL, NULL), ==, 2);

  grouped = herald_check_problems_group (problems);
  g_assert_cmpuint (grouped->len, ==, problems->len - 3);
  g_assert_cmpuint (count (grouped, HERALD_CHECK_DOMAIN, NULL, NULL), ==, 1);
  p = find (grouped, HERALD_CHECK_DOMAIN);
  g_test_message ("%s", p->text);
  g_assert_cmpstr (p->email, ==, "");
  g_assert_nonnull (strstr (p->text, "3 addresses at 2 domains: no mail server found"));
  g_assert_nonnull (strstr (p->text, "docomo.ne.jp (2), other.jp"));
  g_assert_cmpuint (count (grouped, HERALD_CHECK_ROLE, NULL, NULL), ==, 1);
  p = find (grouped, HERALD_CHECK_ROLE);
  g_assert_nonnull (strstr (p->text, "2 role addresses"));
  g_assert_nonnull (strstr (p->text, "info@docomo.ne.jp, sales@other.jp"));
}

/* A Japanese starter names its sender in the footer with the business
 * name of Preferences; the From name (here the Outbox's) may differ. */
static void
test_sender_name (HeraldTestFixture *f,
                  gconstpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  HeraldCheckOptions options = { .offline = TRUE };
  HeraldBusiness business = { .name = (char *) "山田商店", .address = (char *) "〒150-0001 東京都渋谷区神宮前1-2-3",
                              .contact = (char *) "03-1234-5678" };
  HeraldCampaignSpec spec = { .name = "c", .template_name = "ja", .list_name = "customers", .account_name = "outbox" };
  gint64 id;

  g_assert_cmpint (herald_starter_add (f->store, "ja", "newsletter", "ja", &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (herald_business_save (f->store, &business, &error));
  id = herald_campaign_create (f->store, &spec, NULL, &error);
  g_assert_no_error (error);
  problems = herald_campaign_checklist (f->store, id, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count (problems, HERALD_CHECK_IDENTITY, "", "identity"), ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* A message that shows neither name is still warned about. */
  herald_test_exec (f->store, "UPDATE accounts SET from_addr = 'Shop <news@shop.jp>' WHERE name = 'outbox'");
  business.name = (char *) "Other Shop";
  g_assert_true (herald_business_save (f->store, &business, &error));
  problems = herald_campaign_checklist (f->store, id, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count (problems, HERALD_CHECK_IDENTITY, "", "identity"), ==, 0);
  herald_test_exec (f->store, "UPDATE templates SET html = '<p>Hi {{ name }}</p>', blocks = NULL WHERE name = 'ja'");
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = herald_campaign_checklist (f->store, id, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count (problems, HERALD_CHECK_IDENTITY, "", "identity"), >=, 1);
}

static void
test_sender (HeraldTestFixture *f,
             gconstpointer      data)
{
  g_autoptr(GPtrArray) problems = NULL;
  gint64 id;

  herald_test_exec (f->store, "UPDATE accounts SET from_addr = 'Shop <news@shop.jp>' WHERE name = 'outbox'");
  id = herald_test_create_campaign (f, "c");

  /* Nothing published: SPF, DMARC and DKIM each missing. */
  use_table ("MX example.jp 10 mx.example.jp\nMX docomo.ne.jp 10 mx.docomo.ne.jp\n");
  problems = run_checks (f, id, NULL);
  g_assert_cmpuint (count (problems, HERALD_CHECK_SENDER_DOMAIN, "", "spf"), ==, 1);
  g_assert_cmpuint (count (problems, HERALD_CHECK_SENDER_DOMAIN, "", "dmarc"), ==, 1);
  g_assert_cmpuint (count (problems, HERALD_CHECK_SENDER_DOMAIN, "", "dkim"), ==, 1);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* All three, DKIM under Google Workspace's selector. */
  use_table ("MX example.jp 10 mx.example.jp\nMX docomo.ne.jp 10 mx.docomo.ne.jp\n"
             "TXT shop.jp some-verification=1\n"
             "TXT shop.jp v=spf1 include:_spf.google.com ~all\n"
             "TXT _dmarc.shop.jp v=DMARC1; p=quarantine\n"
             "TXT google._domainkey.shop.jp v=DKIM1; k=rsa; p=MIIBIjANBgkq\n");
  problems = run_checks (f, id, NULL);
  g_assert_cmpuint (count (problems, HERALD_CHECK_SENDER_DOMAIN, NULL, NULL), ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Two SPF records; a revoked key (empty p=); the user's own selector. */
  use_table ("TXT shop.jp v=spf1 -all\nTXT shop.jp v=spf1 a -all\n"
             "TXT _dmarc.shop.jp v=DMARC1; p=none\n"
             "TXT google._domainkey.shop.jp v=DKIM1; p=\n"
             "TXT mine._domainkey.shop.jp v=DKIM1; k=rsa; p=MIIBIjANBgkq\n");
  problems = run_checks (f, id, NULL);
  g_assert_cmpuint (count (problems, HERALD_CHECK_SENDER_DOMAIN, "", "spf"), ==, 1);
  g_assert_cmpuint (count (problems, HERALD_CHECK_SENDER_DOMAIN, "", "dmarc"), ==, 0);
  g_assert_cmpuint (count (problems, HERALD_CHECK_SENDER_DOMAIN, "", "dkim"), ==, 1);
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = run_checks (f, id, "mine");
  g_assert_cmpuint (count (problems, HERALD_CHECK_SENDER_DOMAIN, "", "dkim"), ==, 0);
}

static void
test_offline (HeraldTestFixture *f,
              gconstpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  HeraldCheckOptions options = { .offline = TRUE };
  gint64 id;

  /* A table that would fail every name: offline asks none of them. */
  use_table ("SLOW example.jp\nSLOW docomo.ne.jp\n");
  herald_test_exec (f->store, "UPDATE accounts SET from_addr = 'Shop <news@shop.jp>' WHERE name = 'outbox'");
  id = herald_test_create_campaign (f, "c");
  problems = herald_campaign_checklist (f->store, id, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count (problems, HERALD_CHECK_SENDER_DOMAIN, NULL, NULL), ==, 0);
  g_assert_cmpuint (count (problems, HERALD_CHECK_DOMAIN, NULL, NULL), ==, 0);
  g_assert_cmpuint (count (problems, HERALD_CHECK_UNCHECKED, "", ""), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  herald_test_init (&argc, &argv);
  g_test_add ("/checks/resolver/mx", HeraldTestFixture, NULL, herald_test_set_up_customers, test_mx, herald_test_tear_down);
  g_test_add ("/checks/resolver/sender", HeraldTestFixture, NULL, herald_test_set_up_customers, test_sender, herald_test_tear_down);
  g_test_add ("/checks/resolver/offline", HeraldTestFixture, NULL, herald_test_set_up_customers, test_dns_offline, herald_test_tear_down);
  g_test_add ("/checks/group", HeraldTestFixture, NULL, herald_test_set_up_customers, test_group, herald_test_tear_down);
  g_test_add ("/checks/sender-name", HeraldTestFixture, NULL, herald_test_set_up_customers, test_sender_name, herald_test_tear_down);
  g_test_add ("/checks/offline", HeraldTestFixture, NULL, herald_test_set_up_customers, test_offline, herald_test_tear_down);
  return g_test_run ();
}
