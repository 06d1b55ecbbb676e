/* test-imap-syntax.c — the IMAP client's text, without a server
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "herald-imap-syntax.h"

static void
test_folder_names (void)
{
  /* RFC 3501 §5.1.3's example, and Japanese */
  const struct { const char *in, *out; } cases[] = {
    { "INBOX", "INBOX" },
    { "~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-" },
    { "日本語", "&ZeVnLIqe-" },
    { "Tom & Jerry", "Tom &- Jerry" },
    { "返信/エラー", "&j9RP4Q-/&MKgw6TD8-" },
    { "😀", "&2D3eAA-" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = herald_imap_encode_folder (cases[i].in);

      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_quote (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "INBOX", "INBOX" },
    { "&ZeVnLIqe-", "&ZeVnLIqe-" },
    { "Sent Items", "\"Sent Items\"" },
    { "a\"b\\c", "\"a\\\"b\\\\c\"" },
    { "x(y)", "\"x(y)\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = herald_imap_quote (cases[i].in);

      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_keywords (void)
{
  g_assert_true (herald_imap_is_keyword ("$HeraldRead"));
  g_assert_true (herald_imap_is_keyword ("Junk"));
  g_assert_false (herald_imap_is_keyword (NULL));
  g_assert_false (herald_imap_is_keyword (""));
  g_assert_false (herald_imap_is_keyword ("\\Seen"));
  g_assert_false (herald_imap_is_keyword ("\\Deleted"));
  g_assert_false (herald_imap_is_keyword ("two words"));
  g_assert_false (herald_imap_is_keyword ("a)b"));
  g_assert_false (herald_imap_is_keyword ("a]b"));
  g_assert_false (herald_imap_is_keyword ("既読"));
  g_assert_false (herald_imap_is_keyword ("a\r\nA1 EXPUNGE"));
}

static void
test_search (void)
{
  g_autoptr(GArray) uids = g_array_new (FALSE, FALSE, sizeof (guint64));

  /* "UID SEARCH UID 8:*" on a folder whose last UID is 5 answers 5. */
  herald_imap_parse_search ("* SEARCH 5\nA004 OK Search completed.\n", 7, uids);
  g_assert_cmpuint (uids->len, ==, 0);

  herald_imap_parse_search ("* 3 EXISTS\n* SEARCH 2 3 9 4294967295\n* SEARCHING 11\nA005 OK done\n", 2, uids);
  g_assert_cmpuint (uids->len, ==, 3);
  g_assert_cmpuint (g_array_index (uids, guint64, 0), ==, 3);
  g_assert_cmpuint (g_array_index (uids, guint64, 1), ==, 9);
  g_assert_cmpuint (g_array_index (uids, guint64, 2), ==, 4294967295u);

  /* an empty answer, junk, a number too big for a UID */
  g_array_set_size (uids, 0);
  herald_imap_parse_search ("* SEARCH\n* search 12 x -1 4294967296 0\n", 0, uids);
  g_assert_cmpuint (uids->len, ==, 1);
  g_assert_cmpuint (g_array_index (uids, guint64, 0), ==, 12);
}

static void
test_answers (void)
{
  const char *examine =
    "* FLAGS (\\Answered \\Seen)\n"
    "* OK [PERMANENTFLAGS ()] Read-only mailbox.\n"
    "* 7 EXISTS\n"
    "* 0 RECENT\n"
    "* OK [UIDVALIDITY 1796557692] UIDs valid\n"
    "* OK [UIDNEXT 9] Predicted next UID\n"
    "A004 OK [READ-ONLY] Examine completed (0.001 + 0.000 secs).\n";
  guint64 value = 0;
  g_autofree char *tagged = herald_imap_last_tagged (examine);
  g_autofree char *refused = herald_imap_last_tagged ("* BYE\nA002 NO [AUTHENTICATIONFAILED] Authentication failed.\n* junk\n");

  g_assert_true (herald_imap_find_code (examine, "UIDVALIDITY", &value));
  g_assert_cmpuint (value, ==, 1796557692u);
  g_assert_true (herald_imap_find_code (examine, "UIDNEXT", &value));
  g_assert_cmpuint (value, ==, 9);
  g_assert_true (herald_imap_find_exists (examine, &value));
  g_assert_cmpuint (value, ==, 7);
  g_assert_cmpstr (tagged, ==, "OK [READ-ONLY] Examine completed (0.001 + 0.000 secs).");
  g_assert_cmpstr (refused, ==, "NO [AUTHENTICATIONFAILED] Authentication failed.");

  /* A code in a tagged line or in text is not the server's word on the
   * folder; nothing at all is no answer. */
  value = 0;
  g_assert_false (herald_imap_find_code ("A001 OK [UIDVALIDITY 5] no\n", "UIDVALIDITY", &value));
  g_assert_false (herald_imap_find_code ("* OK [UIDVALIDITY x] no\n", "UIDVALIDITY", &value));
  g_assert_false (herald_imap_find_exists ("* 3 EXPUNGE\n", &value));
  g_assert_cmpuint (value, ==, 0);
  g_assert_null (herald_imap_last_tagged ("* OK hello\n+ go on\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/imap-syntax/folder-names", test_folder_names);
  g_test_add_func ("/imap-syntax/quote", test_quote);
  g_test_add_func ("/imap-syntax/keywords", test_keywords);
  g_test_add_func ("/imap-syntax/search", test_search);
  g_test_add_func ("/imap-syntax/answers", test_answers);
  return g_test_run ();
}
