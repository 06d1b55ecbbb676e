/* test-sigv4.c — the AWS Signature Version 4 signer against AWS's published
 * test suite (tests/data/sigv4/, see its README)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "herald-sigv4.h"

static const HeraldSigV4Key suite_key = {
  .access_key_id = "AKIDEXAMPLE",
  .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  .region = "us-east-1",
  .service = "service",
};

/* The suite's .req: "METHOD TARGET HTTP/1.1", then "Name:value" lines (a
 * line starting with white space continues the one above), then after a
 * blank line the body. The target may hold a space ("/example space/"). */
static HeraldSigV4Request *
parse_req (const char  *text,
           char       **out_date)
{
  const char *blank = strstr (text, "\n\n");
  g_autofree char *head = blank != NULL ? g_strndup (text, blank - text) : g_strdup (text);
  const char *body = blank != NULL ? blank + 2 : "";
  g_auto(GStrv) lines = g_strsplit (head, "\n", -1);
  const char *sp1 = strchr (lines[0], ' ');
  const char *sp2 = strrchr (lines[0], ' ');
  g_autofree char *method = g_strndup (lines[0], sp1 - lines[0]);
  g_autofree char *target = g_strndup (sp1 + 1, sp2 - sp1 - 1);
  char *q = strchr (target, '?');
  HeraldSigV4Request *req;
  g_autofree char *name = NULL;
  GString *value = NULL;

  g_assert_nonnull (sp1);
  if (q != NULL)
    *q++ = '\0';
  req = herald_sigv4_request_new (method, target, q);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *colon;

      if (lines[i][0] == ' ' || lines[i][0] == '\t')
        {
          g_string_append_printf (value, " %s", lines[i]);
          continue;
        }
      if (name != NULL)
        {
          herald_sigv4_request_add_header (req, name, value->str);
          g_string_free (value, TRUE);
          g_clear_pointer (&name, g_free);
        }
      colon = strchr (lines[i], ':');
      g_assert_nonnull (colon);
      name = g_strndup (lines[i], colon - lines[i]);
      value = g_string_new (colon + 1);
      if (g_ascii_strcasecmp (name, "X-Amz-Date") == 0)
        *out_date = g_strstrip (g_strdup (colon + 1));
    }
  if (name != NULL)
    {
      herald_sigv4_request_add_header (req, name, value->str);
      g_string_free (value, TRUE);
    }
  herald_sigv4_request_set_body (req, (const guint8 *) body, strlen (body));
  return req;
}

static char *
read_part (const char *dir,
           const char *base,
           const char *ext)
{
  g_autofree char *file = g_strdup_printf ("%s.%s", base, ext);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
test_case (gconstpointer data)
{
  const char *dir = data;
  g_autofree char *base = g_path_get_basename (dir);
  g_autofree char *req_text = read_part (dir, base, "req");
  g_autofree char *want_creq = read_part (dir, base, "creq");
  g_autofree char *want_sts = read_part (dir, base, "sts");
  g_autofree char *want_authz = read_part (dir, base, "authz");
  g_autofree char *date = NULL;
  g_autoptr(HeraldSigV4Request) req = parse_req (req_text, &date);
  g_autofree char *creq = herald_sigv4_canonical_request (req);
  g_autofree char *scope = herald_sigv4_scope (&suite_key, date);
  g_autofree char *sts = herald_sigv4_string_to_sign (creq, date, scope);
  g_autofree char *authz = herald_sigv4_authorization (req, &suite_key, date);

  g_assert_nonnull (date);
  g_assert_cmpstr (creq, ==, want_creq);
  g_assert_cmpstr (sts, ==, want_sts);
  g_assert_cmpstr (authz, ==, want_authz);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Every folder under tests/data/sigv4/ that holds NAME/NAME.req. */
static void
add_cases (const char *dir,
           const char *prefix,
           guint      *count)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = names->pdata[i];
      g_autofree char *sub = g_build_filename (dir, n, NULL);
      g_autofree char *req_name = g_strdup_printf ("%s.req", n);
      g_autofree char *req_path = g_build_filename (sub, req_name, NULL);
      g_autofree char *path = g_strdup_printf ("%s/%s", prefix, n);

      if (!g_file_test (sub, G_FILE_TEST_IS_DIR))
        continue;
      if (g_file_test (req_path, G_FILE_TEST_EXISTS))
        {
          g_test_add_data_func_full (path, g_steal_pointer (&sub), test_case, g_free);
          (*count)++;
        }
      else
        add_cases (sub, path, count);
    }
}

/* The pieces Herald uses on its own, beyond the suite. */
static void
test_encode_and_date (void)
{
  g_autofree char *a = herald_sigv4_uri_encode ("a b/c+~", FALSE);
  g_autofree char *b = herald_sigv4_uri_encode ("a/b", TRUE);
  g_autofree char *d = herald_sigv4_amz_date (1440938160);

  g_assert_cmpstr (a, ==, "a%20b/c%2B~");
  g_assert_cmpstr (b, ==, "a%2Fb");
  g_assert_cmpstr (d, ==, "20150830T123600Z");
}

/* One changed byte of body, header or secret changes the signature. */
static void
test_changes_change_signature (void)
{
  g_autoptr(HeraldSigV4Request) r1 = herald_sigv4_request_new ("POST", "/v2/email/outbound-emails", NULL);
  g_autoptr(HeraldSigV4Request) r2 = herald_sigv4_request_new ("POST", "/v2/email/outbound-emails", NULL);
  HeraldSigV4Key other = suite_key;
  g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL;

  herald_sigv4_request_add_header (r1, "Host", "email.us-east-1.amazonaws.com");
  herald_sigv4_request_add_header (r2, "Host", "email.us-east-1.amazonaws.com");
  herald_sigv4_request_set_body (r1, (const guint8 *) "{\"a\":1}", 7);
  herald_sigv4_request_set_body (r2, (const guint8 *) "{\"a\":2}", 7);
  s1 = herald_sigv4_authorization (r1, &suite_key, "20261206T120000Z");
  s2 = herald_sigv4_authorization (r2, &suite_key, "20261206T120000Z");
  other.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEz";
  s3 = herald_sigv4_authorization (r1, &other, "20261206T120000Z");
  g_assert_cmpstr (s1, !=, s2);
  g_assert_cmpstr (s1, !=, s3);
  g_assert_true (g_str_has_prefix (s1, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261206/us-east-1/service/aws4_request, SignedHeaders=host, Signature="));
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  guint count = 0;

  g_test_init (&argc, &argv, NULL);
  dir = g_test_build_filename (G_TEST_DIST, "data", "sigv4", NULL);
  add_cases (dir, "/sigv4/suite", &count);
  /* A suite that went missing must not pass as an empty one. */
  g_assert_cmpuint (count, >=, 28);
  g_test_add_func ("/sigv4/encode-and-date", test_encode_and_date);
  g_test_add_func ("/sigv4/changes-change-signature", test_changes_change_signature);
  return g_test_run ();
}
