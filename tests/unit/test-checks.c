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

#include "herald-checks.h"
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

  /* A domain DNS cannot answer for is not checked, never "missing". */
  use_table ("FAIL example.jp\nSLOW docomo.ne.jp\n");
  problems = run_checks (f, id, NULL);
  g_assert_cmpuint (count (problems, HERALD_CHECK_DOMAIN, NULL, NULL), ==, 0);
  g_assert_cmpuint (count (problems, HERALD_CHECK_UNCHECKED, "", "email"), ==, 2);
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
  g_test_add ("/checks/offline", HeraldTestFixture, NULL, herald_test_set_up_customers, test_offline, herald_test_tear_down);
  return g_test_run ();
}
