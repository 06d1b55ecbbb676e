/* herald-message-headers.c — the top-level header lines of a message
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-message"

#include "config.h"

#include <string.h>
#include <time.h>
#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>

#include "herald-base.h"
#include "herald-message.h"
#include "herald-message-private.h"

#define FOLD_AT 78

static gboolean
is_plain_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0x80)
      return FALSE;
  /* Text that looks like an encoded word would be decoded by readers. */
  return strstr (text, "=?") == NULL;
}

static gsize
line_length (const GString *out)
{
  const char *nl = g_strrstr_len (out->str, out->len, "\n");

  return nl != NULL ? out->len - (nl - out->str) - 1 : out->len;
}

/* RFC 2047 Q encoding: letters and digits as they are, every other byte
 * as =XX (safe in any header, phrases included). */
static gsize
q_length (const char *bytes,
          gsize       len)
{
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    n += g_ascii_isalnum (bytes[i]) ? 1 : 3;
  return n;
}

static void
append_q_word (GString    *out,
               const char *charset,
               const char *bytes,
               gsize       len)
{
  static const char hex[] = "0123456789ABCDEF";

  g_string_append_printf (out, " =?%s?Q?", charset);
  for (gsize i = 0; i < len; i++)
    {
      guchar c = bytes[i];

      if (g_ascii_isalnum (c))
        g_string_append_c (out, c);
      else
        {
          g_string_append_c (out, '=');
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 15]);
        }
    }
  g_string_append (out, "?=");
}

/* Why a word with more after it is never base64 with padding: GMime
 * (Geary, and other GMime readers) joins adjacent words' base64 and
 * loses the text after a padded word in the middle. Such a word is made
 * a multiple of 3 bytes, or written in Q encoding when its characters do
 * not allow that ("a" followed by kana is 1 more than a multiple of 3
 * however it is cut). */

/* RFC 2047 B-encoded UTF-8 words of at most 75 characters, each holding
 * whole characters, folded so that lines stay within 78 where they can.
 * Readers join adjacent encoded words without the space between them. */
static void
append_utf8_words (GString    *out,
                   const char *text)
{
  gsize len = strlen (text), done = 0;

  while (done < len || len == 0)
    {
      gsize col = line_length (out) + 1;
      gsize room = col + 12 + 8 <= FOLD_AT ? (FOLD_AT - col - 12) / 4 * 3 : 0;
      gsize n;
      g_autofree char *b64 = NULL;

      if (room < 6)
        {
          g_string_append (out, "\r\n");
          col = 1;
          room = (FOLD_AT - 1 - 12) / 4 * 3;
        }
      room = MIN (room, 45);   /* 60 base64 characters: a word of 72 */
      n = MIN (room, len - done);
      while (done + n < len && n > 0 && ((guchar) text[done + n] & 0xc0) == 0x80)
        n--;
      if (done + n < len && n % 3 != 0)
        {
          gsize m = n;

          while (m > 0 && (m % 3 != 0 || ((guchar) text[done + m] & 0xc0) == 0x80))
            m--;
          if (m == 0)
            {
              /* Whole characters whose Q form fits the line, at least one. */
              gsize q_room = FOLD_AT - MIN (col + 12, FOLD_AT - 12);
              const char *end = text + done;

              do
                end = g_utf8_next_char (end);
              while (end < text + len &&
                     q_length (text + done, g_utf8_next_char (end) - (text + done)) <= q_room);
              append_q_word (out, "UTF-8", text + done, end - (text + done));
              done = end - text;
              continue;
            }
          n = m;
        }
      b64 = g_base64_encode ((const guchar *) text + done, n);
      g_string_append_printf (out, " =?UTF-8?B?%s?=", b64);
      done += n;
      if (len == 0)
        break;
    }
}

/* The same in ISO-2022-JP (RFC 1468 §3): each word converted on its own,
 * so that it starts and ends in ASCII. The text is known to convert. */
static void
append_jis_words (GString    *out,
                  const char *text)
{
  const char *p = text;

  do
    {
      gsize col = line_length (out) + 1;
      gsize room, n_chars = 0, best_len = 0, aligned_len = 0;
      const char *end = p, *best = p, *aligned = p;
      g_autofree char *best_jis = NULL;
      g_autofree char *aligned_jis = NULL;
      g_autofree char *b64 = NULL;

      if (col + 18 + 8 > FOLD_AT)
        {
          g_string_append (out, "\r\n");
          col = 1;
        }
      room = MIN ((FOLD_AT - col - 18) / 4 * 3, 45);   /* JIS bytes in this word */
      /* As many characters as fit, at least one. */
      while (*end != '\0')
        {
          const char *next = g_utf8_next_char (end);
          gsize jis_len = 0;
          char *jis = g_convert (p, next - p, "ISO-2022-JP", "UTF-8", NULL, &jis_len, NULL);

          if (jis == NULL || (jis_len > room && n_chars > 0))
            {
              g_free (jis);
              break;
            }
          if (jis_len % 3 == 0)
            {
              g_free (aligned_jis);
              aligned_jis = g_strdup (jis);
              aligned_len = jis_len;
              aligned = next;
            }
          g_free (best_jis);
          best_jis = jis;
          best_len = jis_len;
          best = end = next;
          n_chars++;
        }
      /* Not the last word: a multiple of 3 bytes, or Q (see above). */
      if (*best != '\0' && best_len % 3 != 0 && aligned != p)
        {
          g_free (best_jis);
          best_jis = g_steal_pointer (&aligned_jis);
          best_len = aligned_len;
          best = aligned;
        }
      else if (*best != '\0' && best_len % 3 != 0)
        {
          gsize q_room = FOLD_AT - MIN (col + 18, FOLD_AT - 12);

          /* Whole characters whose Q form fits the line, at least one. */
          for (end = g_utf8_next_char (p), best = end; *end != '\0'; end = g_utf8_next_char (end))
            {
              const char *next = g_utf8_next_char (end);
              g_autofree char *jis = g_convert (p, next - p, "ISO-2022-JP", "UTF-8", NULL, &best_len, NULL);

              if (jis == NULL || q_length (jis, best_len) > q_room)
                break;
              best = next;
            }
          g_free (best_jis);
          best_jis = g_convert (p, best - p, "ISO-2022-JP", "UTF-8", NULL, &best_len, NULL);
          append_q_word (out, "ISO-2022-JP", best_jis != NULL ? best_jis : "", best_jis != NULL ? best_len : 0);
          p = best;
          continue;
        }
      if (best == p && *p != '\0')
        {
          /* Not expected (the text was checked): keep it readable. */
          append_utf8_words (out, p);
          return;
        }
      b64 = g_base64_encode ((const guchar *) (best_jis != NULL ? best_jis : ""), best_len);
      g_string_append_printf (out, " =?ISO-2022-JP?B?%s?=", b64);
      p = best;
    }
  while (*p != '\0');
}

static void
append_encoded_words (GString    *out,
                      const char *text,
                      gboolean    jis)
{
  if (jis)
    append_jis_words (out, text);
  else
    append_utf8_words (out, text);
}

/* Unstructured ASCII text, folded before spaces. */
static void
append_folded_text (GString    *out,
                    const char *text)
{
  const char *word = text;

  g_string_append_c (out, ' ');
  while (*word != '\0')
    {
      const char *space = strchr (word + 1, ' ');
      gsize n = space != NULL ? (gsize) (space - word) : strlen (word);

      if (word != text && line_length (out) + n > FOLD_AT)
        g_string_append (out, "\r\n");
      g_string_append_len (out, word, n);
      word += n;
    }
}

static gboolean
has_long_word (const char *text)
{
  gsize run = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      run = *p == ' ' ? 0 : run + 1;
      if (run > 900)
        return TRUE;
    }
  return FALSE;
}

static void
append_unstructured (GString    *out,
                     const char *name,
                     const char *value,
                     gboolean    jis)
{
  g_string_append_printf (out, "%s:", name);
  /* A word longer than a header line may be is split as encoded words. */
  /* …and so is text with spaces at its ends, which unfolding would drop. */
  if (is_plain_ascii (value) && !has_long_word (value) &&
      value[0] != ' ' && (value[0] == '\0' || value[strlen (value) - 1] != ' '))
    append_folded_text (out, value);
  else
    append_encoded_words (out, value, jis);
  g_string_append (out, "\r\n");
}

/* A display name: as it is when it is plain words, quoted when it has
 * RFC 5322 specials, encoded words when it is not ASCII. */
static void
append_phrase (GString    *out,
               const char *name,
               gboolean    jis)
{
  if (!is_plain_ascii (name))
    {
      append_encoded_words (out, name, jis);
      return;
    }
  if (strpbrk (name, "()<>[]:;@\\,.\"") == NULL && name[0] != ' ' && strstr (name, "  ") == NULL)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, name);
      return;
    }
  g_string_append (out, " \"");
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_mailbox (GString    *out,
                const char *header,
                const char *name,
                const char *addr,
                gboolean    jis)
{
  g_autofree char *ascii_addr = NULL;
  const char *at = strrchr (addr, '@');

  /* The domain in IDNA; a non-ASCII local part needs SMTPUTF8 anyway. */
  if (at != NULL && !g_str_is_ascii (at + 1))
    {
      g_autofree char *domain = g_hostname_to_ascii (at + 1);

      if (domain != NULL)
        ascii_addr = g_strdup_printf ("%.*s@%s", (int) (at - addr), addr, domain);
    }
  if (ascii_addr != NULL)
    addr = ascii_addr;

  g_string_append_printf (out, "%s:", header);
  if (name != NULL && *name != '\0')
    {
      append_phrase (out, name, jis);
      if (line_length (out) + strlen (addr) + 3 > FOLD_AT)
        g_string_append (out, "\r\n");
      g_string_append_printf (out, " <%s>\r\n", addr);
    }
  else
    g_string_append_printf (out, " %s\r\n", addr);
}

/* From and Reply-To are the same for a whole campaign: each sending
 * thread keeps the last ones it formatted, in each charset. */
#define CACHE_SLOTS 4

typedef struct
{
  char *value[CACHE_SLOTS];
  char *line[CACHE_SLOTS];
} MailboxCache;

static void
mailbox_cache_free (gpointer data)
{
  MailboxCache *cache = data;

  for (guint i = 0; i < CACHE_SLOTS; i++)
    {
      g_free (cache->value[i]);
      g_free (cache->line[i]);
    }
  g_free (cache);
}

static GPrivate mailbox_cache = G_PRIVATE_INIT (mailbox_cache_free);

static gboolean
append_parsed_mailbox (GString     *out,
                       guint        slot,
                       gboolean     jis,
                       const char  *header,
                       const char  *what,
                       const char  *value,
                       GError     **error)
{
  MailboxCache *cache = g_private_get (&mailbox_cache);
  InternetAddress *ia;
  g_autoptr(GString) line = NULL;

  if (cache == NULL)
    g_private_set (&mailbox_cache, (cache = g_new0 (MailboxCache, 1)));
  slot = slot * 2 + (jis ? 1 : 0);
  if (g_strcmp0 (cache->value[slot], value) == 0)
    {
      g_string_append (out, cache->line[slot]);
      return TRUE;
    }

  if ((ia = herald_message_parse_mailbox (what, value, error)) == NULL)
    return FALSE;
  line = g_string_new (NULL);
  append_mailbox (line, header, internet_address_get_name (ia),
                  internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (ia)), jis);
  g_object_unref (ia);

  g_free (cache->value[slot]);
  g_free (cache->line[slot]);
  cache->value[slot] = g_strdup (value);
  cache->line[slot] = g_strdup (line->str);
  g_string_append (out, line->str);
  return TRUE;
}

/* RFC 5322 §3.3, in UTC and in English whatever the locale. */
static void
append_date (GString *out,
             gint64   unix_time)
{
  static const char * const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  time_t t = (time_t) unix_time;
  struct tm tm;

  gmtime_r (&t, &tm);
  g_string_append_printf (out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
                          days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
                          tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void
append_list_unsubscribe (GString                 *out,
                         const HeraldMessageSpec *spec)
{
  gboolean mailto = spec->unsubscribe_mailto != NULL && *spec->unsubscribe_mailto != '\0';
  gboolean url = spec->unsubscribe_url != NULL && *spec->unsubscribe_url != '\0';

  if (!mailto && !url)
    return;
  g_string_append (out, "List-Unsubscribe:");
  if (mailto)
    g_string_append_printf (out, " <%s>", spec->unsubscribe_mailto);
  if (url)
    {
      if (mailto)
        g_string_append_c (out, ',');
      if (mailto && line_length (out) + strlen (spec->unsubscribe_url) + 3 > FOLD_AT)
        g_string_append (out, "\r\n");
      g_string_append_printf (out, " <%s>", spec->unsubscribe_url);
    }
  g_string_append (out, "\r\n");
  /* RFC 8058: one-click works only with an https URI. */
  if (url && g_str_has_prefix (spec->unsubscribe_url, "https://"))
    g_string_append (out, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
}

/* RFC 2919: List-Id: "Name" <label.domain>. */
static void
append_list_id (GString                 *out,
                const HeraldMessageSpec *spec)
{
  if (spec->list_id == NULL)
    return;
  g_string_append (out, "List-Id:");
  if (spec->list_name != NULL && *spec->list_name != '\0')
    {
      append_phrase (out, spec->list_name, spec->charset == HERALD_CHARSET_ISO_2022_JP);
      if (line_length (out) + strlen (spec->list_id) + 3 > FOLD_AT)
        g_string_append (out, "\r\n");
    }
  g_string_append_printf (out, " <%s>\r\n", spec->list_id);
}

/* Date, From, Subject, To, Reply-To, Message-ID, MIME-Version, List-Id
 * and List-Unsubscribe, each line ending in CRLF. */
gboolean
_herald_message_append_headers (GString                  *out,
                                const HeraldMessageSpec  *spec,
                                GError                  **error)
{
  gboolean jis = spec->charset == HERALD_CHARSET_ISO_2022_JP;

  append_date (out, spec->date != 0 ? spec->date : herald_now_seconds ());
  if (!append_parsed_mailbox (out, 0, jis, "From", _("The From address"), spec->from, error))
    return FALSE;
  append_unstructured (out, "Subject", spec->subject != NULL ? spec->subject : "", jis);
  append_mailbox (out, "To", spec->to_name, spec->to_addr, jis);
  if (spec->reply_to != NULL && *spec->reply_to != '\0' &&
      !append_parsed_mailbox (out, 1, jis, "Reply-To", _("The Reply-To address"), spec->reply_to, error))
    return FALSE;

  if (spec->message_id != NULL && *spec->message_id != '\0')
    g_string_append_printf (out, "Message-ID: %s%s%s\r\n",
                            spec->message_id[0] == '<' ? "" : "<", spec->message_id,
                            g_str_has_suffix (spec->message_id, ">") ? "" : ">");
  else
    {
      g_autofree char *domain = herald_message_dup_domain (spec->from);
      g_autofree char *uuid = g_uuid_string_random ();

      g_string_append_printf (out, "Message-ID: <%s@%s>\r\n", uuid, domain);
    }
  g_string_append (out, "MIME-Version: 1.0\r\n");
  append_list_id (out, spec);
  append_list_unsubscribe (out, spec);
  return TRUE;
}
