/* herald-unsubscribe.c — private unsubscribe tokens
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A token, before base64url (no padding):
 *
 *   version (1 byte, 1) | tag (16 bytes) | ids (2 to 20 bytes)
 *
 *   tag = HMAC-SHA256 (secret, "herald-unsubscribe-tag" 0 version
 *                              contact_id (8 bytes, big-endian)
 *                              list_id (8 bytes, big-endian)), first 16 bytes
 *   ids = (varint contact_id | varint list_id)
 *         XOR HMAC-SHA256 (secret, "herald-unsubscribe-ids" 0 version tag)
 *
 * The ids are encrypted with a key stream that the tag chooses (a
 * synthetic-IV construction), so the token says nothing about the contact
 * to anyone else; reading it back decrypts the ids, makes the tag again and
 * compares the two in constant time. A token changed anywhere, made by
 * another database or of another version is refused.
 */
#define G_LOG_DOMAIN "herald-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "herald-store-private.h"
#include "herald-unsubscribe.h"

#define SECRET_NAME    "unsubscribe"
#define SECRET_LEN     32
#define TOKEN_VERSION  1
#define TAG_LEN        16
#define MAX_IDS_LEN    20   /* two varints of up to 10 bytes */
#define MAX_TOKEN_LEN  (1 + TAG_LEN + MAX_IDS_LEN)

struct _HeraldUnsubscribeKey
{
  gatomicrefcount ref_count;
  GBytes         *secret;
};

G_DEFINE_QUARK (herald-unsubscribe-error-quark, herald_unsubscribe_error)

/* ---- the secret --------------------------------------------------------- */

/* Random bytes for a key: the kernel's generator, never GLib's. */
static gboolean
fill_random (guint8   *buf,
             gsize     len,
             GError  **error)
{
  gsize done = 0;
  int fd;

  while (done < len)
    {
      ssize_t n = getrandom (buf + done, len - done, 0);

      if (n > 0)
        done += n;
      else if (n < 0 && errno == EINTR)
        continue;
      else
        break;
    }
  if (done == len)
    return TRUE;

  /* A kernel without getrandom(2): the device instead. */
  fd = open ("/dev/urandom", O_RDONLY | O_CLOEXEC);
  for (done = 0; fd >= 0 && done < len; )
    {
      ssize_t n = read (fd, buf + done, len - done);

      if (n > 0)
        done += n;
      else if (!(n < 0 && errno == EINTR))
        break;
    }
  if (fd >= 0)
    close (fd);
  if (done == len)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("Herald could not get random numbers from the system to make its unsubscribe key. "
                 "Try again; if it keeps happening, the system’s random number source is broken."));
  return FALSE;
}

static GBytes *
read_secret (HeraldStore  *store,
             GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store, "SELECT value FROM secrets WHERE name = ?1", error);
  GBytes *secret = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, SECRET_NAME, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (sqlite3_column_bytes (stmt, 0) == SECRET_LEN)
        secret = g_bytes_new (sqlite3_column_blob (stmt, 0), SECRET_LEN);
      rc = SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_store_set_error (store, rc, error);
      return NULL;
    }
  if (secret == NULL)
    g_set_error_literal (error, HERALD_UNSUBSCRIBE_ERROR, HERALD_UNSUBSCRIBE_ERROR_INVALID, "");
  return secret;
}

/**
 * herald_unsubscribe_key_load:
 *
 * The database's unsubscribe key, made (from the kernel's random numbers)
 * and stored the first time. Two processes making it at once end with the
 * same one.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL with @error set
 */
HeraldUnsubscribeKey *
herald_unsubscribe_key_load (HeraldStore  *store,
                             GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) secret = read_secret (store, &local_error);
  guint8 fresh[SECRET_LEN];
  sqlite3_stmt *stmt;
  int rc;

  if (secret != NULL)
    return herald_unsubscribe_key_new (secret);
  if (local_error->domain != HERALD_UNSUBSCRIBE_ERROR)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  g_clear_error (&local_error);

  if (!fill_random (fresh, sizeof fresh, error))
    return NULL;
  stmt = herald_store_prepare (store, "INSERT OR IGNORE INTO secrets (name, value) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, SECRET_NAME, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, fresh, sizeof fresh, SQLITE_TRANSIENT);
  memset (fresh, 0, sizeof fresh);
  rc = herald_store_step_write (stmt);
  if (!herald_store_finish (store, stmt, rc, NULL, error))
    return NULL;

  /* Whoever wrote first won: read it back. */
  if ((secret = read_secret (store, error)) == NULL)
    return NULL;
  return herald_unsubscribe_key_new (secret);
}

/**
 * herald_unsubscribe_key_new:
 * @secret: the key's bytes (32)
 *
 * Returns: (transfer full): a key over @secret
 */
HeraldUnsubscribeKey *
herald_unsubscribe_key_new (GBytes *secret)
{
  HeraldUnsubscribeKey *key = g_new0 (HeraldUnsubscribeKey, 1);

  g_atomic_ref_count_init (&key->ref_count);
  key->secret = g_bytes_ref (secret);
  return key;
}

HeraldUnsubscribeKey *
herald_unsubscribe_key_ref (HeraldUnsubscribeKey *key)
{
  g_atomic_ref_count_inc (&key->ref_count);
  return key;
}

void
herald_unsubscribe_key_unref (HeraldUnsubscribeKey *key)
{
  if (key == NULL || !g_atomic_ref_count_dec (&key->ref_count))
    return;
  g_bytes_unref (key->secret);
  g_free (key);
}

/* ---- tokens ------------------------------------------------------------- */

static GHmac *
new_hmac (const HeraldUnsubscribeKey *key,
          const char                 *purpose)
{
  gsize len;
  const guint8 *secret = g_bytes_get_data (key->secret, &len);
  GHmac *hmac = g_hmac_new (G_CHECKSUM_SHA256, secret, len);
  guint8 version = TOKEN_VERSION;

  g_hmac_update (hmac, (const guint8 *) purpose, strlen (purpose) + 1);
  g_hmac_update (hmac, &version, 1);
  return hmac;
}

static void
hmac_finish (GHmac  *hmac,
             guint8  digest[32])
{
  gsize len = 32;

  g_hmac_get_digest (hmac, digest, &len);
  g_hmac_unref (hmac);
}

static void
put_be64 (guint8 out[8], guint64 v)
{
  for (int i = 7; i >= 0; i--, v >>= 8)
    out[i] = v & 0xff;
}

static void
make_tag (const HeraldUnsubscribeKey *key,
          gint64                      contact_id,
          gint64                      list_id,
          guint8                      tag[TAG_LEN])
{
  GHmac *hmac = new_hmac (key, "herald-unsubscribe-tag");
  guint8 ids[16], digest[32];

  put_be64 (ids, (guint64) contact_id);
  put_be64 (ids + 8, (guint64) list_id);
  g_hmac_update (hmac, ids, sizeof ids);
  hmac_finish (hmac, digest);
  memcpy (tag, digest, TAG_LEN);
}

/* XORs @data with the key stream the tag chooses. */
static void
crypt_ids (const HeraldUnsubscribeKey *key,
           const guint8                tag[TAG_LEN],
           guint8                     *data,
           gsize                       len)
{
  GHmac *hmac = new_hmac (key, "herald-unsubscribe-ids");
  guint8 stream[32];

  g_assert (len <= sizeof stream);
  g_hmac_update (hmac, tag, TAG_LEN);
  hmac_finish (hmac, stream);
  for (gsize i = 0; i < len; i++)
    data[i] ^= stream[i];
}

static gsize
put_varint (guint8 *out, guint64 v)
{
  gsize n = 0;

  do
    {
      out[n++] = (v & 0x7f) | (v > 0x7f ? 0x80 : 0);
      v >>= 7;
    }
  while (v > 0);
  return n;
}

/* Reads one varint at *pos; canonical only (no trailing zero groups). */
static gboolean
get_varint (const guint8 *data, gsize len, gsize *pos, guint64 *out)
{
  guint64 v = 0;

  for (guint shift = 0; *pos < len && shift < 64; shift += 7)
    {
      guint8 b = data[(*pos)++];

      v |= (guint64) (b & 0x7f) << shift;
      if ((b & 0x80) == 0)
        {
          if (b == 0 && shift > 0)
            return FALSE;
          *out = v;
          return TRUE;
        }
    }
  return FALSE;
}

static char *
base64url (const guint8 *data, gsize len)
{
  char *text = g_base64_encode (data, len);
  char *w = text;

  for (const char *r = text; *r != '\0'; r++)
    {
      if (*r == '=')
        continue;
      *w++ = *r == '+' ? '-' : *r == '/' ? '_' : *r;
    }
  *w = '\0';
  return text;
}

/**
 * herald_unsubscribe_key_make_token:
 * @contact_id: the recipient's contact id, > 0
 * @list_id: the list the message went to, > 0
 *
 * Returns: (transfer full): the token, base64url: letters, digits, "-" and "_"
 */
char *
herald_unsubscribe_key_make_token (const HeraldUnsubscribeKey *key,
                                   gint64                      contact_id,
                                   gint64                      list_id)
{
  guint8 token[MAX_TOKEN_LEN];
  gsize n;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (contact_id > 0 && list_id > 0, NULL);

  token[0] = TOKEN_VERSION;
  make_tag (key, contact_id, list_id, token + 1);
  n = 1 + TAG_LEN;
  n += put_varint (token + n, (guint64) contact_id);
  n += put_varint (token + n, (guint64) list_id);
  crypt_ids (key, token + 1, token + 1 + TAG_LEN, n - 1 - TAG_LEN);
  return base64url (token, n);
}

static gboolean
refuse (GError **error)
{
  g_set_error_literal (error, HERALD_UNSUBSCRIBE_ERROR, HERALD_UNSUBSCRIBE_ERROR_INVALID,
                       _("This unsubscribe request does not come from a message Herald sent from this "
                         "database, or it was changed: nobody was unsubscribed."));
  return FALSE;
}

/* Base64url without padding into @out; FALSE unless canonical. */
static gboolean
decode_base64url (const char *text, guint8 *out, gsize *out_len)
{
  gsize len = strlen (text);
  g_autofree char *padded = NULL;
  g_autofree guchar *data = NULL;
  g_autofree char *again = NULL;
  gsize n;

  if (len < 4 || len > 4 * ((MAX_TOKEN_LEN + 2) / 3) || len % 4 == 1)
    return FALSE;
  padded = g_malloc (len + 3);
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (!(g_ascii_isalnum (c) || c == '-' || c == '_'))
        return FALSE;
      padded[i] = c == '-' ? '+' : c == '_' ? '/' : c;
    }
  n = len;
  while (n % 4 != 0)
    padded[n++] = '=';
  padded[n] = '\0';
  data = g_base64_decode (padded, &n);
  if (n > MAX_TOKEN_LEN)
    return FALSE;
  /* One text per token: no other bits in the last character. */
  again = base64url (data, n);
  if (!g_str_equal (again, text))
    return FALSE;
  memcpy (out, data, n);
  *out_len = n;
  return TRUE;
}

/**
 * herald_unsubscribe_key_verify:
 * @out_contact_id: (out) (optional): the contact the token was made for
 * @out_list_id: (out) (optional): the list
 *
 * Reads a token back. A token changed anywhere, made with another key or
 * of an unknown version is refused with HERALD_UNSUBSCRIBE_ERROR_INVALID.
 * The contact or the list may have been deleted since.
 *
 * Returns: %TRUE when the token is one of this key's
 */
gboolean
herald_unsubscribe_key_verify (const HeraldUnsubscribeKey  *key,
                               const char                  *token,
                               gint64                      *out_contact_id,
                               gint64                      *out_list_id,
                               GError                     **error)
{
  guint8 data[MAX_TOKEN_LEN], tag[TAG_LEN];
  guint64 contact_id = 0, list_id = 0;
  gsize len = 0, pos = 1 + TAG_LEN;
  guint8 diff = 0;

  g_return_val_if_fail (key != NULL, FALSE);

  if (token == NULL || !decode_base64url (token, data, &len) ||
      len < 1 + TAG_LEN + 2 || data[0] != TOKEN_VERSION)
    return refuse (error);
  crypt_ids (key, data + 1, data + pos, len - pos);
  if (!get_varint (data, len, &pos, &contact_id) ||
      !get_varint (data, len, &pos, &list_id) || pos != len ||
      contact_id == 0 || list_id == 0 || contact_id > G_MAXINT64 || list_id > G_MAXINT64)
    return refuse (error);

  make_tag (key, (gint64) contact_id, (gint64) list_id, tag);
  for (gsize i = 0; i < TAG_LEN; i++)
    diff |= tag[i] ^ data[1 + i];
  if (diff != 0)
    return refuse (error);

  if (out_contact_id != NULL)
    *out_contact_id = (gint64) contact_id;
  if (out_list_id != NULL)
    *out_list_id = (gint64) list_id;
  return TRUE;
}

/**
 * herald_unsubscribe_key_dup_tag:
 *
 * Eight hex digits that name this database among others sending from the
 * same domain (the List-Id), without telling anything of its key.
 *
 * Returns: (transfer full): the tag
 */
char *
herald_unsubscribe_key_dup_tag (const HeraldUnsubscribeKey *key)
{
  GHmac *hmac = new_hmac (key, "herald-list-id");
  guint8 digest[32];

  hmac_finish (hmac, digest);
  return g_strdup_printf ("%02x%02x%02x%02x", digest[0], digest[1], digest[2], digest[3]);
}

/**
 * herald_unsubscribe_token_verify:
 * @token: the token from an unsubscribe link or address
 * @out_contact_id: (out) (optional): the contact it was made for
 * @out_list_id: (out) (optional): the list
 *
 * herald_unsubscribe_key_verify() with the database's key.
 *
 * Returns: %TRUE when the token is one of this database's
 */
gboolean
herald_unsubscribe_token_verify (HeraldStore  *store,
                                 const char   *token,
                                 gint64       *out_contact_id,
                                 gint64       *out_list_id,
                                 GError      **error)
{
  g_autoptr(HeraldUnsubscribeKey) key = herald_unsubscribe_key_load (store, error);

  return key != NULL && herald_unsubscribe_key_verify (key, token, out_contact_id, out_list_id, error);
}
