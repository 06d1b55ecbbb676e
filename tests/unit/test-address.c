/* test-address.c — normalising and checking email addresses
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "herald-address.h"

static void
assert_normal (const char *input,
               const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = herald_address_normalize (input, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, expected);
  g_assert_true (herald_address_is_valid (input));
}

static void
assert_refused (const char *input,
                const char *reason_part)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = herald_address_normalize (input, &error);

  if (got != NULL)
    g_error ("“%s” was accepted as “%s”", input, got);
  g_assert_nonnull (error);
  g_assert_true (error->domain == HERALD_ADDRESS_ERROR);
  if (strstr (error->message, reason_part) == NULL)
    g_error ("“%s”: message “%s” lacks “%s”", input, error->message, reason_part);
  g_assert_false (herald_address_is_valid (input));
}

static void
test_plain (void)
{
  assert_normal ("lina@example.jp", "lina@example.jp");
  assert_normal ("first.last+tag@mail.example.co.uk", "first.last+tag@mail.example.co.uk");
  assert_normal ("o'brien!#$%&*/=?^_`{|}~-@example.ie", "o'brien!#$%&*/=?^_`{|}~-@example.ie");
  assert_normal ("x@a-b.example", "x@a-b.example");
}

static void
test_trim (void)
{
  assert_normal ("  lina@example.jp\t", "lina@example.jp");
  assert_normal ("\u3000lina@example.jp\u3000", "lina@example.jp");        /* ideographic space */
  assert_normal ("\u200blina@example.jp\u00a0", "lina@example.jp");        /* zero width, no-break */
}

static void
test_case (void)
{
  /* The domain is lowercased; the local part is kept as given. */
  assert_normal ("Lina.Mueller@Example.JP", "Lina.Mueller@example.jp");
  assert_normal ("lina@example.jp.", "lina@example.jp");
}

static void
test_full_width (void)
{
  assert_normal ("ｌｉｎａ＠ｅｘａｍｐｌｅ．ｊｐ", "lina@example.jp");
  assert_normal ("ＴＡＲＯ＠ＥＸＡＭＰＬＥ．ＣＯＭ", "TARO@example.com");
  assert_normal ("taro@example。jp", "taro@example.jp");                  /* ideographic full stop */
  assert_normal ("＂山田＂ ＜taro@example.jp＞", "taro@example.jp");
}

static void
test_display_name (void)
{
  assert_normal ("\"Lina Müller\" <lina@example.de>", "lina@example.de");
  assert_normal ("Lina Müller <lina@example.de>", "lina@example.de");
  assert_normal ("\"Müller, Lina\" <lina@example.de>", "lina@example.de");
  assert_normal ("<lina@example.de>", "lina@example.de");
  assert_normal ("山田 太郎 < taro@example.jp >", "taro@example.jp");
}

static void
test_mailto (void)
{
  assert_normal ("mailto:lina@example.jp", "lina@example.jp");
  assert_normal ("MAILTO:lina@Example.jp?subject=Hi", "lina@example.jp");
  assert_normal ("mailto:lina%40example.jp", "lina@example.jp");
  assert_normal ("<mailto:lina@example.jp>", "lina@example.jp");
}

static void
test_quoted_local (void)
{
  /* One rule for the import and the send: refused, with why. */
  assert_refused ("\"john doe\"@example.com", "in quotes");
  assert_refused ("\"a@b\"@example.com", "in quotes");
  assert_refused ("\"a\\\"b\"@example.com", "in quotes");
  assert_refused ("<\"ab\"@example.com>", "in quotes");
  /* A quoted display name is no quoted local part. */
  assert_normal ("\"john doe\" <john@example.com>", "john@example.com");
}

static void
test_idn (void)
{
  g_autofree char *ascii = NULL;
  g_autofree char *kept = NULL;

  /* Stored as given (domain lowercased), convertible to A-labels. */
  assert_normal ("info@Bücher.de", "info@bücher.de");
  assert_normal ("info@例え.テスト", "info@例え.テスト");
  assert_normal ("info@xn--bcher-kva.de", "info@xn--bcher-kva.de");
  ascii = herald_address_dup_ascii ("info@Bücher.de");
  g_assert_cmpstr (ascii, ==, "info@xn--bcher-kva.de");
  kept = herald_address_dup_ascii ("info@example.jp");
  g_assert_cmpstr (kept, ==, "info@example.jp");
  g_assert_null (herald_address_dup_ascii ("not an address"));
  /* RFC 6532: UTF-8 before the @. */
  assert_normal ("山田@example.jp", "山田@example.jp");
}

static void
test_invalid (void)
{
  g_autoptr(GError) error = NULL;

  assert_refused ("lina.example.jp", "has no @");
  assert_refused ("@example.jp", "nothing before the @");
  assert_refused ("lina@", "nothing after the @");
  assert_refused ("lina@localhost", "has no dot");
  assert_refused ("lina@example..jp", "empty part");
  assert_refused ("lina@-example.jp", "hyphen");
  assert_refused ("lina@exam_ple.jp", "letters, digits");
  assert_refused ("lina@[192.0.2.1]", "IP address");
  assert_refused ("lina@192.0.2.1", "IP address");
  assert_refused ("li na@example.jp", "a space");
  assert_refused ("li,na@example.jp", "“,”");
  assert_refused ("a@b@example.jp", "“@”");
  assert_refused (".lina@example.jp", "dot");
  assert_refused ("lina.@example.jp", "dot");
  assert_refused ("li..na@example.jp", "dot");
  assert_refused ("\"open@example.jp", "not closed");
  assert_refused ("Lina lina@example.jp>", "without a “<”");
  assert_refused ("x@" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jp", "63");
  assert_refused ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.jp", "64");
  assert_refused ("mailto:x%4", "percent");

  /* Empty is its own code, for “no address in column …”. */
  g_assert_null (herald_address_normalize ("   ", &error));
  g_assert_error (error, HERALD_ADDRESS_ERROR, HERALD_ADDRESS_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_null (herald_address_normalize ("mailto:", &error));
  g_assert_error (error, HERALD_ADDRESS_ERROR, HERALD_ADDRESS_ERROR_EMPTY);
  g_clear_error (&error);

  /* The message names what was given. */
  g_assert_null (herald_address_normalize ("bad", &error));
  g_assert_cmpstr (error->message, ==, "“bad” is not a valid email address: it has no @");
}

static void
test_too_long (void)
{
  g_autoptr(GString) address = g_string_new ("a@");

  for (guint i = 0; i < 5; i++)
    g_string_append (address, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.");
  g_string_append (address, "jp");
  assert_refused (address->str, "longer than 253");
}

static void
test_into (void)
{
  g_autoptr(GString) out = g_string_new ("keep:");

  /* Appends; uses the given length, not the NUL. */
  g_assert_true (herald_address_normalize_into ("lina@example.jpXXXX", 15, out, NULL));
  g_assert_cmpstr (out->str, ==, "keep:lina@example.jp");
  /* Leaves @out as it was on failure. */
  g_assert_false (herald_address_normalize_into ("lina@bad", -1, out, NULL));
  g_assert_cmpstr (out->str, ==, "keep:lina@example.jp");
  /* Not UTF-8. */
  g_assert_false (herald_address_normalize_into ("lina\xff@example.jp", -1, out, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/address/plain", test_plain);
  g_test_add_func ("/address/trim", test_trim);
  g_test_add_func ("/address/case", test_case);
  g_test_add_func ("/address/full-width", test_full_width);
  g_test_add_func ("/address/display-name", test_display_name);
  g_test_add_func ("/address/mailto", test_mailto);
  g_test_add_func ("/address/quoted-local", test_quoted_local);
  g_test_add_func ("/address/idn", test_idn);
  g_test_add_func ("/address/invalid", test_invalid);
  g_test_add_func ("/address/too-long", test_too_long);
  g_test_add_func ("/address/into", test_into);

  return g_test_run ();
}
