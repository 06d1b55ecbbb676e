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

/* RFC 2047 B-encoded UTF-8 words of at most 75 characters, each holding
 * whole characters, folded so that lines stay within 78 where they can.
 * Readers join adjacent encoded words without the space between them. */
static void
append_encoded_words (GString    *out,
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
          room = (FOLD_AT - 1 - 12) / 4 * 3;
        }
      room = MIN (room, 45);   /* 60 base64 characters: a word of 72 */
      n = MIN (room, len - done);
      while (done + n < len && n > 0 && ((guchar) text[done + n] & 0xc0) == 0x80)
        n--;
      b64 = g_base64_encode ((const guchar *) text + done, n);
      g_string_append_printf (out, " =?UTF-8?B?%s?=", b64);
      done += n;
      if (len == 0)
        break;
    }
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
                     const char *value)
{
  g_string_append_printf (out, "%s:", name);
  /* A word longer than a header line may be is split as encoded words. */
  /* …and so is text with spaces at its ends, which unfolding would drop. */
  if (is_plain_ascii (value) && !has_long_word (value) &&
      value[0] != ' ' && (value[0] == '\0' || value[strlen (value) - 1] != ' '))
    append_folded_text (out, value);
  else
    append_encoded_words (out, value);
  g_string_append (out, "\r\n");
}

/* A display name: as it is when it is plain words, quoted when it has
 * RFC 5322 specials, encoded words when it is not ASCII. */
static void
append_phrase (GString    *out,
               const char *name)
{
  if (!is_plain_ascii (name))
    {
      append_encoded_words (out, name);
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
                const char *addr)
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
      append_phrase (out, name);
      if (line_length (out) + strlen (addr) + 3 > FOLD_AT)
        g_string_append (out, "\r\n");
      g_string_append_printf (out, " <%s>\r\n", addr);
    }
  else
    g_string_append_printf (out, " %s\r\n", addr);
}

/* From and Reply-To are the same for a whole campaign: each sending
 * thread keeps the last ones it formatted. */
typedef struct
{
  char *value[2];
  char *line[2];
} MailboxCache;

static void
mailbox_cache_free (gpointer data)
{
  MailboxCache *cache = data;

  for (guint i = 0; i < 2; i++)
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
  if (g_strcmp0 (cache->value[slot], value) == 0)
    {
      g_string_append (out, cache->line[slot]);
      return TRUE;
    }

  if ((ia = herald_message_parse_mailbox (what, value, error)) == NULL)
    return FALSE;
  line = g_string_new (NULL);
  append_mailbox (line, header, internet_address_get_name (ia),
                  internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (ia)));
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
      append_phrase (out, spec->list_name);
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
  append_date (out, spec->date != 0 ? spec->date : herald_now_seconds ());
  if (!append_parsed_mailbox (out, 0, "From", _("The From address"), spec->from, error))
    return FALSE;
  append_unstructured (out, "Subject", spec->subject != NULL ? spec->subject : "");
  append_mailbox (out, "To", spec->to_name, spec->to_addr);
  if (spec->reply_to != NULL && *spec->reply_to != '\0' &&
      !append_parsed_mailbox (out, 1, "Reply-To", _("The Reply-To address"), spec->reply_to, error))
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
