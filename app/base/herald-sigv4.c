/* herald-sigv4.c — AWS Signature Version 4
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The steps, as AWS defines them:
 *
 *   canonical request = METHOD \n canonical URI \n canonical query \n
 *                       canonical headers \n signed headers \n hex(sha256(body))
 *   string to sign    = "AWS4-HMAC-SHA256" \n amz-date \n scope \n hex(sha256(creq))
 *   signing key       = HMAC("AWS4" secret, date) → region → service → "aws4_request"
 *   Authorization     = "AWS4-HMAC-SHA256 Credential=ID/scope, SignedHeaders=…,
 *                        Signature=" hex(HMAC(key, string to sign))
 *
 * The path is given decoded ("/example space/"); it is normalized (no
 * "." or ".." segments, no empty ones) and each segment URI-encoded once,
 * as for every service but S3. Query names and values may come encoded or
 * not: they are decoded, encoded again with AWS's rule (only A-Z a-z 0-9
 * - . _ ~ stay) and sorted by name, then value.
 */
#define G_LOG_DOMAIN "herald-sigv4"

#include "config.h"

#include <string.h>

#include "herald-sigv4.h"

struct _HeraldSigV4Request
{
  char      *method;
  char      *path;
  char      *query;
  GPtrArray *names;     /* lower-case, in the order added */
  GPtrArray *values;
  GBytes    *body;
};

typedef struct
{
  char *name;
  char *value;
} Pair;

HeraldSigV4Request *
herald_sigv4_request_new (const char *method,
                          const char *path,
                          const char *query)
{
  HeraldSigV4Request *req;

  g_return_val_if_fail (method != NULL, NULL);

  req = g_new0 (HeraldSigV4Request, 1);
  req->method = g_strdup (method);
  req->path = g_strdup (path != NULL && *path != '\0' ? path : "/");
  req->query = g_strdup (query != NULL ? query : "");
  req->names = g_ptr_array_new_with_free_func (g_free);
  req->values = g_ptr_array_new_with_free_func (g_free);
  req->body = g_bytes_new_static ("", 0);
  return req;
}

void
herald_sigv4_request_free (HeraldSigV4Request *req)
{
  if (req == NULL)
    return;
  g_free (req->method);
  g_free (req->path);
  g_free (req->query);
  g_ptr_array_unref (req->names);
  g_ptr_array_unref (req->values);
  g_bytes_unref (req->body);
  g_free (req);
}

void
herald_sigv4_request_add_header (HeraldSigV4Request *req,
                                 const char         *name,
                                 const char         *value)
{
  g_return_if_fail (req != NULL && name != NULL && value != NULL);

  g_ptr_array_add (req->names, g_ascii_strdown (name, -1));
  g_ptr_array_add (req->values, g_strdup (value));
}

void
herald_sigv4_request_set_body (HeraldSigV4Request *req,
                               const guint8       *body,
                               gsize               len)
{
  g_return_if_fail (req != NULL);

  g_bytes_unref (req->body);
  req->body = g_bytes_new (body, len);
}

/**
 * herald_sigv4_uri_encode:
 *
 * AWS's URI encoding: every byte but A-Z a-z 0-9 - . _ ~ as %XX, upper
 * case; "/" too when @encode_slash.
 *
 * Returns: (transfer full): the encoded text
 */
char *
herald_sigv4_uri_encode (const char *text,
                         gboolean    encode_slash)
{
  GString *out = g_string_sized_new (strlen (text) + 8);

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~'
          || (*p == '/' && !encode_slash))
        g_string_append_c (out, (char) *p);
      else
        g_string_append_printf (out, "%%%02X", *p);
    }
  return g_string_free (out, FALSE);
}

/* "%41" → "A"; a "%" not followed by two hex digits stays as it is. */
static char *
percent_decode (const char *text,
                gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '%' && i + 2 < len
          && g_ascii_isxdigit (text[i + 1]) && g_ascii_isxdigit (text[i + 2]))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (text[i + 1]) * 16
                                          + g_ascii_xdigit_value (text[i + 2])));
          i += 2;
        }
      else
        g_string_append_c (out, text[i]);
    }
  return g_string_free (out, FALSE);
}

static char *
canonical_uri (const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  gboolean trailing = g_str_has_suffix (path, "/");
  GString *out = g_string_new ("/");

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      if (strcmp (parts[i], "..") == 0)
        {
          if (kept->len > 0)
            g_ptr_array_remove_index (kept, kept->len - 1);
          continue;
        }
      g_ptr_array_add (kept, parts[i]);
    }
  /* "/a/.." and "/a/." end in a folder as much as "/a/" does. */
  if (g_str_has_suffix (path, "/..") || g_str_has_suffix (path, "/."))
    trailing = TRUE;
  for (guint i = 0; i < kept->len; i++)
    {
      g_autofree char *enc = herald_sigv4_uri_encode (kept->pdata[i], TRUE);

      if (i > 0)
        g_string_append_c (out, '/');
      g_string_append (out, enc);
    }
  if (trailing && kept->len > 0)
    g_string_append_c (out, '/');
  return g_string_free (out, FALSE);
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const Pair *pa = a, *pb = b;
  int c = strcmp (pa->name, pb->name);

  return c != 0 ? c : strcmp (pa->value, pb->value);
}

static void
pair_clear (gpointer data)
{
  Pair *p = data;

  g_free (p->name);
  g_free (p->value);
}

static char *
canonical_query (const char *query)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, TRUE, sizeof (Pair));
  g_auto(GStrv) items = g_strsplit (query, "&", -1);
  GString *out = g_string_new (NULL);

  g_array_set_clear_func (pairs, pair_clear);
  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *eq = strchr (items[i], '=');
      gsize name_len = eq != NULL ? (gsize) (eq - items[i]) : strlen (items[i]);
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      Pair p;

      if (items[i][0] == '\0')
        continue;
      name = percent_decode (items[i], name_len);
      value = eq != NULL ? percent_decode (eq + 1, strlen (eq + 1)) : g_strdup ("");
      p.name = herald_sigv4_uri_encode (name, TRUE);
      p.value = herald_sigv4_uri_encode (value, TRUE);
      g_array_append_val (pairs, p);
    }
  g_array_sort (pairs, compare_pairs);
  for (guint i = 0; i < pairs->len; i++)
    {
      const Pair *p = &g_array_index (pairs, Pair, i);

      g_string_append_printf (out, "%s%s=%s", i > 0 ? "&" : "", p->name, p->value);
    }
  return g_string_free (out, FALSE);
}

/* Leading and trailing white space off, runs of spaces made one. */
static void
append_trimmed (GString    *out,
                const char *value)
{
  gboolean space = FALSE;
  gsize start = out->len;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > start)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The distinct header names, sorted. */
static GPtrArray *
sorted_names (const HeraldSigV4Request *req)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < req->names->len; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < names->len && !seen; j++)
        seen = strcmp (names->pdata[j], req->names->pdata[i]) == 0;
      if (!seen)
        g_ptr_array_add (names, req->names->pdata[i]);
    }
  g_ptr_array_sort (names, compare_names);
  return names;
}

/**
 * herald_sigv4_signed_headers:
 *
 * Returns: (transfer full): the names of the request's headers, lower
 *   case, sorted, joined with ";"
 */
char *
herald_sigv4_signed_headers (const HeraldSigV4Request *req)
{
  g_autoptr(GPtrArray) names = sorted_names (req);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ";" : "", (char *) names->pdata[i]);
  return g_string_free (out, FALSE);
}

static char *
sha256_hex (const void *data,
            gsize       len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}

/**
 * herald_sigv4_canonical_request:
 *
 * Returns: (transfer full): the canonical request, every header signed
 */
char *
herald_sigv4_canonical_request (const HeraldSigV4Request *req)
{
  g_autoptr(GPtrArray) names = sorted_names (req);
  g_autofree char *uri = canonical_uri (req->path);
  g_autofree char *query = canonical_query (req->query);
  g_autofree char *signed_headers = herald_sigv4_signed_headers (req);
  g_autofree char *payload = NULL;
  GString *out = g_string_new (NULL);
  gsize len;
  const void *body = g_bytes_get_data (req->body, &len);

  payload = sha256_hex (body != NULL ? body : "", len);
  g_string_append_printf (out, "%s\n%s\n%s\n", req->method, uri, query);
  for (guint i = 0; i < names->len; i++)
    {
      gboolean first = TRUE;

      g_string_append_printf (out, "%s:", (char *) names->pdata[i]);
      /* Repeated headers: their values in the order given, joined by ",". */
      for (guint j = 0; j < req->names->len; j++)
        {
          if (strcmp (req->names->pdata[j], names->pdata[i]) != 0)
            continue;
          if (!first)
            g_string_append_c (out, ',');
          append_trimmed (out, req->values->pdata[j]);
          first = FALSE;
        }
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "\n%s\n%s", signed_headers, payload);
  return g_string_free (out, FALSE);
}

/**
 * herald_sigv4_scope:
 * @amz_date: "YYYYMMDDTHHMMSSZ"
 *
 * Returns: (transfer full): "YYYYMMDD/region/service/aws4_request"
 */
char *
herald_sigv4_scope (const HeraldSigV4Key *key,
                    const char           *amz_date)
{
  g_return_val_if_fail (amz_date != NULL && strlen (amz_date) >= 8, NULL);

  return g_strdup_printf ("%.8s/%s/%s/aws4_request", amz_date, key->region, key->service);
}

char *
herald_sigv4_string_to_sign (const char *canonical_request,
                             const char *amz_date,
                             const char *scope)
{
  g_autofree char *hash = sha256_hex (canonical_request, strlen (canonical_request));

  return g_strdup_printf ("AWS4-HMAC-SHA256\n%s\n%s\n%s", amz_date, scope, hash);
}

static void
hmac_sha256 (const guint8 *key,
             gsize         key_len,
             const char   *data,
             guint8        out[32])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_len);
  gsize len = 32;

  g_hmac_update (hmac, (const guchar *) data, strlen (data));
  g_hmac_get_digest (hmac, out, &len);
  g_assert (len == 32);
}

void
herald_sigv4_signing_key (const HeraldSigV4Key *key,
                          const char           *amz_date,
                          guint8                out[32])
{
  g_autofree char *secret = g_strconcat ("AWS4", key->secret_access_key, NULL);
  g_autofree char *date = g_strndup (amz_date, 8);
  guint8 k[32];

  hmac_sha256 ((const guint8 *) secret, strlen (secret), date, k);
  hmac_sha256 (k, 32, key->region, k);
  hmac_sha256 (k, 32, key->service, k);
  hmac_sha256 (k, 32, "aws4_request", out);
  memset (k, 0, sizeof k);
  memset (secret, 0, strlen (secret));
}

/**
 * herald_sigv4_authorization:
 * @amz_date: the request's X-Amz-Date header, which @req holds too
 *
 * Returns: (transfer full): the value of the Authorization header
 */
char *
herald_sigv4_authorization (const HeraldSigV4Request *req,
                            const HeraldSigV4Key     *key,
                            const char               *amz_date)
{
  g_autofree char *creq = herald_sigv4_canonical_request (req);
  g_autofree char *scope = herald_sigv4_scope (key, amz_date);
  g_autofree char *sts = herald_sigv4_string_to_sign (creq, amz_date, scope);
  g_autofree char *signed_headers = herald_sigv4_signed_headers (req);
  g_autoptr(GHmac) hmac = NULL;
  guint8 signing_key[32];

  herald_sigv4_signing_key (key, amz_date, signing_key);
  hmac = g_hmac_new (G_CHECKSUM_SHA256, signing_key, sizeof signing_key);
  memset (signing_key, 0, sizeof signing_key);
  g_hmac_update (hmac, (const guchar *) sts, strlen (sts));
  return g_strdup_printf ("AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s",
                          key->access_key_id, scope, signed_headers,
                          g_hmac_get_string (hmac));
}

/**
 * herald_sigv4_amz_date:
 *
 * Returns: (transfer full): @unix_seconds as "YYYYMMDDTHHMMSSZ", UTC
 */
char *
herald_sigv4_amz_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (t, "%Y%m%dT%H%M%SZ");
}
