/* test-domain-hints.c — typo suggestions for providers' domains, role
 * addresses, and the DNS test table
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "herald-domain-hints.h"
#include "herald-table-resolver.h"

static void
test_typos (void)
{
  const struct { const char *typo, *meant; } cases[] = {
    { "gmial.com", "gmail.com" },
    { "gmai.com", "gmail.com" },
    { "gamil.com", "gmail.com" },
    { "GMAIL.CO", "gmail.com" },
    { "yahoo.co.jpp", "yahoo.co.jp" },
    { "yaho.co.jp", "yahoo.co.jp" },
    { "docomo.ne.j", "docomo.ne.jp" },
    { "docomo.ne.jo", "docomo.ne.jp" },
    { "ezweb.ne.jo", "ezweb.ne.jp" },
    { "ezwb.ne.jp", "ezweb.ne.jp" },
    { "hotmial.com", "hotmail.com" },
    { "outlok.jp", "outlook.jp" },
    { "outlook.cm", "outlook.com" },
    { "icloud.co", "icloud.com" },
    { "softbank.ne.j", "softbank.ne.jp" },
    { "i.softbank.pj", "i.softbank.jp" },
    { "nifty.co", "nifty.com" },
    { "biglobe.ne.pj", "biglobe.ne.jp" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = herald_domain_suggest (cases[i].typo);

      g_test_message ("%s", cases[i].typo);
      g_assert_cmpstr (got, ==, cases[i].meant);
    }
}

static void
test_not_typos (void)
{
  /* The providers themselves, real domains near them, and domains far
   * from all of them are never flagged. */
  const char *fine[] = {
    "gmail.com", "yahoo.co.jp", "docomo.ne.jp", "ezweb.ne.jp", "au.com", "softbank.ne.jp",
    "i.softbank.jp", "icloud.com", "me.com", "mac.com", "mail.com", "ymail.com", "ocn.ne.jp",
    "odn.ne.jp", "hotmail.co.jp", "outlook.jp", "live.jp", "example.jp", "yamada-shoten.co.jp",
    "mu.com", "ma.com", "qq.com", "am.com", "gmx.fr", "ibm.com", "sony.co.jp", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (fine); i++)
    {
      g_autofree char *got = herald_domain_suggest (fine[i]);

      if (got != NULL)
        g_error ("“%s” was taken for a typo of “%s”", fine[i], got);
    }
  g_assert_null (herald_domain_suggest (NULL));
}

static void
test_distance (void)
{
  g_assert_cmpuint (herald_edit_distance ("gmial.com", "gmail.com", 3), ==, 1);
  g_assert_cmpuint (herald_edit_distance ("abc", "abc", 3), ==, 0);
  g_assert_cmpuint (herald_edit_distance ("kitten", "sitting", 5), ==, 3);
  g_assert_cmpuint (herald_edit_distance ("kitten", "sitting", 1), ==, 2);
  g_assert_cmpuint (herald_edit_distance ("", "abcd", 9), ==, 4);
}

static void
test_roles (void)
{
  const char *roles[] = { "info@example.jp", "Support@example.jp", "noreply@example.jp", "no-reply@x.jp",
                          "postmaster@x.jp", "sales+jp@x.jp", "ADMIN@x.jp", "webmaster@x.jp" };
  const char *people[] = { "taro@example.jp", "information.desk.suzuki@x.jp", "infosan@x.jp", "sales.tanaka@x.jp",
                           "not-an-address", "" };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    g_assert_true (herald_address_is_role (roles[i]));
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_assert_false (herald_address_is_role (people[i]));
}

static void
test_table_resolver (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTableResolver) resolver =
    herald_table_resolver_new ("# a comment\n"
                               "MX  shop.example   10 mx1.shop.example\n"
                               "MX  shop.example   20   mx2.shop.example\n"
                               "TXT shop.example   v=spf1 include:_spf.example -all  # trailing\n"
                               "A   web.example    192.0.2.7\n"
                               "FAIL broken.example\n", &error);
  GList *records, *addresses;
  guint16 pref;
  const char *host;

  g_assert_no_error (error);
  records = g_resolver_lookup_records (G_RESOLVER (resolver), "Shop.Example.", G_RESOLVER_RECORD_MX, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (records), ==, 2);
  g_variant_get (records->next->data, "(q&s)", &pref, &host);
  g_assert_cmpuint (pref, ==, 20);
  g_assert_cmpstr (host, ==, "mx2.shop.example");
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);

  records = g_resolver_lookup_records (G_RESOLVER (resolver), "shop.example", G_RESOLVER_RECORD_TXT, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree const char **strings = NULL;

    g_variant_get (records->data, "(^a&s)", &strings);
    g_assert_cmpstr (strings[0], ==, "v=spf1 include:_spf.example -all");
  }
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);

  g_assert_null (g_resolver_lookup_records (G_RESOLVER (resolver), "web.example", G_RESOLVER_RECORD_MX, NULL, &error));
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  addresses = g_resolver_lookup_by_name (G_RESOLVER (resolver), "web.example", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (addresses), ==, 1);
  g_resolver_free_addresses (addresses);
  g_assert_null (g_resolver_lookup_by_name (G_RESOLVER (resolver), "broken.example", NULL, &error));
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE);
  g_clear_error (&error);

  g_assert_null (herald_table_resolver_new ("BOGUS x y\n", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/domain-hints/typos", test_typos);
  g_test_add_func ("/domain-hints/not-typos", test_not_typos);
  g_test_add_func ("/domain-hints/distance", test_distance);
  g_test_add_func ("/domain-hints/roles", test_roles);
  g_test_add_func ("/domain-hints/table-resolver", test_table_resolver);
  return g_test_run ();
}
