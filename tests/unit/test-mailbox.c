/* test-mailbox.c — what messages read from the mailbox change: bounces
 * (hard, soft three times, a carrier's first), delays, complaints,
 * unsubscribe requests with a valid, a changed or no token, auto-replies,
 * and mail for the user — every table they could touch checked after
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gmime/gmime.h>
#include <string.h>

#include "herald-headers.h"
#include "herald-address.h"
#include "herald-mailbox.h"
#include "herald-mailbox-message.h"
#include "herald-test-fixture.h"
#include "herald-unsubscribe.h"

typedef HeraldTestFixture Fixture;

#define UNSUBSCRIBE "unsubscribe@shop.example.jp"

static char *
message_id_of (Fixture    *f,
               gint64      campaign_id,
               const char *email)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM contacts WHERE email = '%s'", email);
  g_autofree char *id = herald_message_make_id (campaign_id, herald_test_query_int (f->store, sql), "localhost");

  /* Without the <>, as reports quote it in their headers' value. */
  return g_strndup (id + 1, strlen (id) - 2);
}

/* @original_id: (transfer full) */
static char *
dsn (const char *recipient,
     const char *action,
     const char *status,
     char       *original_id)
{
  g_autofree char *id = original_id;

  return g_strdup_printf (
    "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\r\n"
    "To: bounce@shop.example.jp\r\n"
    "Subject: Undelivered Mail Returned to Sender\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
    "--B\r\nContent-Type: text/plain\r\n\r\nIt did not go.\r\n"
    "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
    "Reporting-MTA: dns; mx.example.net\r\n\r\n"
    "Final-Recipient: rfc822; %s\r\nAction: %s\r\nStatus: %s\r\n\r\n"
    "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
    "Message-ID: <%s>\r\nTo: %s\r\n\r\n"
    "--B--\r\n", recipient, action, status, id, recipient);
}

static char *
unsubscribe_mail (const char *token)
{
  return g_strdup_printf ("From: someone@example.jp\r\nTo: " UNSUBSCRIBE "\r\n"
                          "Subject: unsubscribe %s\r\n\r\n", token);
}

static gboolean
handle (Fixture             *f,
        guint64              uid,
        const char          *message,
        HeraldMailboxCounts *counts)
{
  g_autoptr(GError) error = NULL;
  HeraldMailboxContext context = { f->store, 1, UNSUBSCRIBE, 777 };
  gboolean matched = FALSE;

  g_assert_true (herald_mailbox_handle (&context, uid, message, strlen (message), counts, &matched, &error));
  g_assert_no_error (error);
  return matched;
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return herald_test_query_int (f->store, sql);
}

static void
test_everything (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldUnsubscribeKey) key = NULL;
  HeraldMailboxCounts counts = { 0 };
  gint64 c1 = herald_test_create_campaign (f, "one");
  gint64 c2 = herald_test_create_campaign (f, "two");
  gint64 c3 = herald_test_create_campaign (f, "three");
  gint64 contacts = count (f, "SELECT count(*) FROM contacts");
  gint64 ann = count (f, "SELECT id FROM contacts WHERE email = 'ann@example.jp'");
  g_autofree char *token = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *m = NULL;
  guint64 uid = 0;

  key = herald_unsubscribe_key_load (f->store, &error);
  g_assert_no_error (error);
  token = herald_unsubscribe_key_make_token (key, ann, f->list_id);
  changed = g_strdup (token);
  changed[3] = changed[3] == 'A' ? 'B' : 'A';

  /* A delay: nothing changes, the message is Herald's. */
  m = dsn ("ann@example.jp", "delayed", "4.4.1", message_id_of (f, c1, "ann@example.jp"));
  g_assert_true (handle (f, ++uid, m, &counts));
  g_assert_cmpint (count (f, "SELECT count(*) FROM suppressions"), ==, 1);   /* the fixture's bounced@ */

  /* Hard bounce of bob, matched by the Message-ID. */
  g_free (m);
  m = dsn ("bob@example.jp", "failed", "5.1.1", message_id_of (f, c1, "bob@example.jp"));
  g_assert_true (handle (f, ++uid, m, &counts));
  g_assert_cmpint (count (f, "SELECT count(*) FROM suppressions WHERE email = 'bob@example.jp'"
                             " AND reason = 'bounced' AND source LIKE '%UID 2 (5.1.1%'"), ==, 1);

  /* Soft bounces of ann: counted twice (the same report twice counts
   * once), the third message suppresses. */
  g_free (m);
  m = dsn ("ann@example.jp", "failed", "4.2.2", message_id_of (f, c1, "ann@example.jp"));
  g_assert_true (handle (f, ++uid, m, &counts));
  g_assert_true (handle (f, ++uid, m, &counts));
  g_free (m);
  m = dsn ("ann@example.jp", "failed", "4.2.2", message_id_of (f, c2, "ann@example.jp"));
  g_assert_true (handle (f, ++uid, m, &counts));
  g_assert_cmpint (count (f, "SELECT count(*) FROM suppressions WHERE email = 'ann@example.jp'"), ==, 0);
  g_free (m);
  m = dsn ("ann@example.jp", "failed", "4.2.2", message_id_of (f, c3, "ann@example.jp"));
  g_assert_true (handle (f, ++uid, m, &counts));
  g_assert_cmpint (count (f, "SELECT count(*) FROM suppressions WHERE email = 'ann@example.jp'"
                             " AND reason = 'bounced'"), ==, 1);

  /* A carrier's first soft bounce suppresses. */
  g_free (m);
  m = dsn ("cid@docomo.ne.jp", "failed", "4.0.0", message_id_of (f, c1, "cid@docomo.ne.jp"));
  g_assert_true (handle (f, ++uid, m, &counts));
  g_assert_cmpint (count (f, "SELECT count(*) FROM suppressions WHERE email = 'cid@docomo.ne.jp'"), ==, 1);

  /* A bounce of an address Herald never sent to: for the user. */
  g_free (m);
  m = dsn ("stranger@example.com", "failed", "5.1.1", g_strdup ("other.id@example.com"));
  g_assert_false (handle (f, ++uid, m, &counts));

  /* Unsubscribe requests: a changed token and none change nothing... */
  g_free (m);
  m = unsubscribe_mail (changed);
  g_assert_false (handle (f, ++uid, m, &counts));
  g_free (m);
  m = g_strdup ("From: a@example.jp\r\nTo: " UNSUBSCRIBE "\r\nSubject: stop please\r\n\r\nstop\r\n");
  g_assert_false (handle (f, ++uid, m, &counts));
  g_assert_cmpint (count (f, "SELECT count(*) FROM list_members WHERE status = 'unsubscribed'"), ==, 1);
  /* ... a valid one unsubscribes ann from the list. */
  g_free (m);
  m = unsubscribe_mail (token);
  g_assert_true (handle (f, ++uid, m, &counts));
  g_assert_cmpint (count (f, "SELECT count(*) FROM list_members m JOIN contacts c ON c.id = m.contact_id"
                             " WHERE c.email = 'ann@example.jp' AND m.status = 'unsubscribed'"), ==, 1);

  /* An auto-reply and a person's mail. */
  g_free (m);
  m = g_strdup ("From: x@example.jp\r\nTo: info@shop.example.jp\r\nSubject: Automatic reply: news\r\n"
                "Auto-Submitted: auto-replied\r\n\r\naway\r\n");
  g_assert_true (handle (f, ++uid, m, &counts));
  g_free (m);
  m = g_strdup ("From: x@example.jp\r\nTo: info@shop.example.jp\r\nSubject: Re: news\r\n\r\nthanks\r\n");
  g_assert_false (handle (f, ++uid, m, &counts));

  g_assert_cmpuint (counts.n_bounced, ==, 6);
  g_assert_cmpuint (counts.n_delays, ==, 1);
  g_assert_cmpuint (counts.n_unsubscribed, ==, 1);
  g_assert_cmpuint (counts.n_auto_replies, ==, 1);
  g_assert_cmpuint (counts.n_unmatched, ==, 4);
  g_assert_cmpuint (counts.n_suppressed, ==, 3);   /* bob, ann, cid (ann's unsubscribe: suppressed already) */

  /* Every table it could touch. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM suppressions"), ==, 4);
  g_assert_cmpint (count (f, "SELECT count(*) FROM suppressions WHERE email = 'stranger@example.com'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts"), ==, contacts);
  g_assert_cmpint (count (f, "SELECT count(*) FROM list_members WHERE status = 'unsubscribed'"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM deliveries"), ==, 9);
  g_assert_cmpint (count (f, "SELECT count(*) FROM mailbox_events"), ==, (gint64) uid);
  g_assert_cmpint (count (f, "SELECT count(*) FROM mailbox_events WHERE action = 'review'"), ==, 4);
  g_assert_cmpint (count (f, "SELECT count(*) FROM soft_bounces"), ==, 3);
}

static void
test_carrier_domains (void)
{
  g_assert_true (herald_address_is_mobile_carrier ("a@docomo.ne.jp"));
  g_assert_true (herald_address_is_mobile_carrier ("a@EZWEB.ne.jp"));
  g_assert_true (herald_address_is_mobile_carrier ("a@i.softbank.jp"));
  g_assert_false (herald_address_is_mobile_carrier ("a@example.jp"));
  g_assert_false (herald_address_is_mobile_carrier ("a@notdocomo.ne.jp"));
  g_assert_false (herald_address_is_mobile_carrier (NULL));
}

static char *
read_mail (const char *name,
           gsize      *len)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "mail", name, NULL);
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, len, NULL));
  return data;
}

/* What the Do Not Send page's Open shows of a message. */
static void
test_message_read (void)
{
  g_autoptr(HeraldMailboxMessage) bounce = NULL;
  g_autoptr(HeraldMailboxMessage) html = NULL;
  g_autoptr(HeraldMailboxMessage) garbage = NULL;
  g_autofree char *data = NULL;
  gsize len;

  data = read_mail ("postfix-user-unknown.eml", &len);
  bounce = herald_mailbox_message_read (data, len);
  g_assert_cmpstr (bounce->subject, ==, "Undelivered Mail Returned to Sender");
  g_assert_nonnull (strstr (bounce->from, "MAILER-DAEMON@mx.example.com"));
  g_assert_cmpstr (bounce->to, ==, "bounce@shop.example.jp");
  g_assert_true (g_str_has_prefix (bounce->date, "2026-12-06 10:00:05 +0900"));
  /* The notice, the report and the original's headers, in order. */
  g_assert_nonnull (strstr (bounce->text, "Recipient address rejected: User unknown"));
  g_assert_nonnull (strstr (bounce->text, "[message/delivery-status]"));
  g_assert_nonnull (strstr (bounce->text, "Status: 5.1.1"));
  g_assert_true (strstr (bounce->text, "User unknown") < strstr (bounce->text, "Status: 5.1.1"));
  g_clear_pointer (&data, g_free);

  /* HTML is named, never shown as markup. */
  data = read_mail ("other-newsletter.eml", &len);
  html = herald_mailbox_message_read (data, len);
  g_assert_nonnull (strstr (html->text, "[text/html: not shown]"));
  g_assert_null (strstr (html->text, "<p>"));

  garbage = herald_mailbox_message_read ("\xff\xfe not a message", strlen ("\xff\xfe not a message"));
  g_assert_true (g_utf8_validate (garbage->text, -1, NULL));
}

int
main (int    argc,
      char **argv)
{
  herald_test_init (&argc, &argv);
  g_mime_init ();
  g_test_add ("/mailbox/everything", Fixture, NULL, herald_test_set_up_customers, test_everything,
              herald_test_tear_down);
  g_test_add_func ("/mailbox/carrier-domains", test_carrier_domains);
  g_test_add_func ("/mailbox/message-read", test_message_read);
  return g_test_run ();
}
