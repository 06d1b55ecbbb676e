/* test-reply.c — what came back to the mailbox, classified: every message
 * of tests/data/mail/ against tests/data/mail/expected.tsv
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The corpus: delivery status notifications of Postfix, Sendmail, Gmail,
 * Microsoft 365 and Japanese carriers and hosts, the older plain-text
 * notices (Exim, qmail, au, Japanese hosting), complaints (ARF),
 * auto-replies in Japanese and English, unsubscribe requests with and
 * without a token, and people's own mail — some of it made to look like
 * a notice.
 */
#include "config.h"

#include <gmime/gmime.h>
#include <string.h>

#include "herald-reply.h"

#define UNSUBSCRIBE "unsubscribe@shop.example.jp"

static char *
describe_recipients (const HeraldReply *reply)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < reply->recipients->len; i++)
    {
      const HeraldBounceRecipient *r = g_ptr_array_index (reply->recipients, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "%s=%s", r->recipient, r->status);
    }
  if (out->len == 0)
    g_string_append_c (out, '-');
  return g_string_free (out, FALSE);
}

static void
test_message (gconstpointer data)
{
  g_auto(GStrv) cols = g_strsplit (data, "\t", -1);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "mail", cols[0], NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *recipients = NULL;
  g_autoptr(HeraldReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_cmpuint (g_strv_length (cols), ==, 5);
  g_assert_true (g_file_get_contents (path, &bytes, &len, &error));
  reply = herald_reply_classify (bytes, len, UNSUBSCRIBE);
  recipients = describe_recipients (reply);
  if (!g_str_equal (herald_reply_kind_to_string (reply->kind), cols[1]) ||
      !g_str_equal (recipients, cols[2]) ||
      g_strcmp0 (reply->original_message_id != NULL ? reply->original_message_id : "-", cols[3]) != 0 ||
      g_strcmp0 (reply->token != NULL ? reply->token : "-", cols[4]) != 0)
    {
      g_test_message ("%s: read as %s, %s, %s, %s; expected %s, %s, %s, %s", cols[0],
             herald_reply_kind_to_string (reply->kind), recipients,
             reply->original_message_id != NULL ? reply->original_message_id : "-",
             reply->token != NULL ? reply->token : "-", cols[1], cols[2], cols[3], cols[4]);
      g_test_fail ();
    }
  for (guint i = 0; i < reply->recipients->len; i++)
    {
      const HeraldBounceRecipient *r = g_ptr_array_index (reply->recipients, i);

      g_assert_true (g_utf8_validate (r->recipient, -1, NULL));
      g_assert_true (r->diagnostic == NULL || strchr (r->diagnostic, '\n') == NULL);
    }
}

/* Each corpus message is classified the same with no unsubscribe address
 * known, except the requests, which are then nobody's. */
static void
test_no_unsubscribe_address (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "mail", "unsubscribe-plus-token.eml", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(HeraldReply) reply = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  reply = herald_reply_classify (bytes, len, NULL);
  g_assert_cmpint (reply->kind, ==, HERALD_REPLY_OTHER);
  g_assert_null (reply->token);
}

static void
test_hard_or_soft (void)
{
  g_assert_true (herald_bounce_status_is_hard ("5.1.1"));
  g_assert_false (herald_bounce_status_is_hard ("4.2.2"));
  g_assert_false (herald_bounce_status_is_hard (NULL));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *table = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *path = NULL;
  guint n = 0;

  g_test_init (&argc, &argv, NULL);
  g_mime_init ();
  path = g_test_build_filename (G_TEST_DIST, "data", "mail", "expected.tsv", NULL);
  if (!g_file_get_contents (path, &table, NULL, NULL))
    g_error ("cannot read %s", path);
  lines = g_strsplit (table, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *name = NULL;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      name = g_strdup_printf ("/reply/corpus/%.*s", (int) strcspn (lines[i], "\t"), lines[i]);
      g_test_add_data_func (name, lines[i], test_message);
      n++;
    }
  g_assert_cmpuint (n, >=, 40);
  g_test_add_func ("/reply/no-unsubscribe-address", test_no_unsubscribe_address);
  g_test_add_func ("/reply/hard-or-soft", test_hard_or_soft);
  return g_test_run ();
}
