/* herald-imap-syntax.c — the IMAP client's text: what it reads in the
 * server's answers (tagged replies, response codes, EXISTS, SEARCH) and
 * what it writes (keywords, folder names in modified UTF-7, quoted strings)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The answers are the lines libcurl handed to the client, each ended by
 * "\n" without its CR.
 */
#define G_LOG_DOMAIN "herald-imap"

#include "config.h"

#include <string.h>

#include "herald-imap-syntax.h"

/* ---- what the server said --------------------------------------------- */

/* The server's last tagged answer, without the tag; NULL when none. */
char *
herald_imap_last_tagged (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (int i = (int) g_strv_length (lines) - 1; i >= 0; i--)
    {
      const char *line = lines[i];
      const char *space;

      if (line[0] == '\0' || line[0] == '*' || line[0] == '+')
        continue;
      space = strchr (line, ' ');
      if (space == NULL)
        continue;
      if (g_ascii_strncasecmp (space + 1, "NO", 2) == 0 || g_ascii_strncasecmp (space + 1, "BAD", 3) == 0 ||
          g_ascii_strncasecmp (space + 1, "OK", 2) == 0)
        return g_utf8_make_valid (space + 1, MIN (strlen (space + 1), 300));
    }
  return NULL;
}

/* The number after "[NAME " in an untagged OK, the last one seen. */
gboolean
herald_imap_find_code (const char *text,
                       const char *name,
                       guint64    *out)
{
  g_autofree char *needle = g_strdup_printf ("[%s ", name);
  const char *p = text;
  const char *hit;
  gboolean found = FALSE;

  while ((hit = strstr (p, needle)) != NULL)
    {
      const char *line = hit;
      char *end = NULL;
      guint64 value;

      while (line > text && line[-1] != '\n')
        line--;
      p = hit + strlen (needle);
      if (line[0] != '*')
        continue;
      value = g_ascii_strtoull (p, &end, 10);
      if (end != p && *end == ']')
        {
          *out = value;
          found = TRUE;
        }
    }
  return found;
}

/* The count of "* N EXISTS", the last one seen. */
gboolean
herald_imap_find_exists (const char *text,
                         guint64    *out)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean found = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *end = NULL;
      guint64 n;

      if (strncmp (lines[i], "* ", 2) != 0 || !g_ascii_isdigit (lines[i][2]))
        continue;
      n = g_ascii_strtoull (lines[i] + 2, &end, 10);
      if (end != NULL && g_ascii_strcasecmp (end, " EXISTS") == 0)
        {
          *out = n;
          found = TRUE;
        }
    }
  return found;
}

/* Appends to @uids the UIDs of "* SEARCH" answers above @after_uid. */
void
herald_imap_parse_search (const char *text,
                          guint64     after_uid,
                          GArray     *uids)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;

      if (g_ascii_strncasecmp (lines[i], "* SEARCH", 8) != 0 ||
          (lines[i][8] != ' ' && lines[i][8] != '\0'))
        continue;
      words = g_strsplit (lines[i] + 8, " ", -1);
      for (guint j = 0; words[j] != NULL; j++)
        {
          guint64 uid;

          if (words[j][0] == '\0' || !g_ascii_string_to_unsigned (words[j], 10, 1, G_MAXUINT32, &uid, NULL))
            continue;
          /* "n:*" always includes the last message, even when its UID
           * is below n. */
          if (uid > after_uid)
            g_array_append_val (uids, uid);
        }
    }
}

/* ---- what the client writes ------------------------------------------- */

/* An atom a STORE can add: not a system flag (\Seen), no space or
 * special character. */
gboolean
herald_imap_is_keyword (const char *keyword)
{
  if (keyword == NULL || keyword[0] == '\0' || keyword[0] == '\\' || strlen (keyword) > 100)
    return FALSE;
  for (const char *p = keyword; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f || strchr ("(){%*\"\\]", *p) != NULL)
      return FALSE;
  return TRUE;
}

/* RFC 3501 §5.1.3: modified UTF-7 for folder names outside ASCII. */
char *
herald_imap_encode_folder (const char *utf8)
{
  GString *out = g_string_new (NULL);
  const char *p = utf8;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x20 && c <= 0x7e)
        {
          g_string_append_c (out, (char) c);
          if (c == '&')
            g_string_append_c (out, '-');
          p = g_utf8_next_char (p);
          continue;
        }
      {
        /* A run of other characters: UTF-16 big-endian, base64 with ','
         * for '/', no padding, between '&' and '-'. */
        GByteArray *utf16 = g_byte_array_new ();
        g_autofree char *b64 = NULL;
        char *q;

        while (*p != '\0' && ((c = g_utf8_get_char (p)) < 0x20 || c > 0x7e))
          {
            gunichar2 units[2];
            int n = 1;

            if (c > 0xffff)
              {
                units[0] = (gunichar2) (0xd800 + ((c - 0x10000) >> 10));
                units[1] = (gunichar2) (0xdc00 + ((c - 0x10000) & 0x3ff));
                n = 2;
              }
            else
              units[0] = (gunichar2) c;
            for (int i = 0; i < n; i++)
              {
                guint8 be[2] = { units[i] >> 8, units[i] & 0xff };
                g_byte_array_append (utf16, be, 2);
              }
            p = g_utf8_next_char (p);
          }
        b64 = g_base64_encode (utf16->data, utf16->len);
        g_byte_array_unref (utf16);
        for (q = b64; *q != '\0' && *q != '='; q++)
          if (*q == '/')
            *q = ',';
        *q = '\0';
        g_string_append_printf (out, "&%s-", b64);
      }
    }
  return g_string_free (out, FALSE);
}

/* An astring for a command: the name itself when it is an atom, else a
 * quoted string. */
char *
herald_imap_quote (const char *name)
{
  GString *out;

  if (strpbrk (name, "(){ %*\"\\]") == NULL)
    return g_strdup (name);
  out = g_string_new ("\"");
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}
