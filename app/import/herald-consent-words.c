/* herald-consent-words.c — the words and dates that say whether and when
 * a person agreed to marketing mail, as shop systems export them
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Outside input: tests/fuzz/fuzz-csv.c reads every cell through these.
 * herald-import-consent.c decides which columns they apply to.
 */
#define G_LOG_DOMAIN "herald-import"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "herald-date.h"
#include "herald-import-consent.h"

/* NFKC, case-folded, without spaces and the punctuation people vary. */
char *
herald_consent_fold (const char *text,
                     gssize      len)
{
  g_autofree char *nfkc = g_utf8_normalize (text, len, G_NORMALIZE_NFKC);
  g_autofree char *folded = nfkc != NULL ? g_utf8_casefold (nfkc, -1) : NULL;
  GString *out = g_string_new (NULL);

  if (folded == NULL)
    return g_string_free (out, FALSE);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == '-' || c == '_' || c == '.' || c == ':' ||
          c == 0x30FB /* ・ */ || c == 0x3000)
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static const char * const given_words[] = {
  "1", "yes", "y", "true", "t", "on", "ok", "subscribed", "subscribe", "optin",
  "optedin", "accept", "accepted", "accepts", "agree", "agreed",
  "希望", "希望する", "希望します", "希望あり", "購読", "購読する", "購読中", "購読希望",
  "受信", "受信する", "受け取る", "受取る", "配信", "配信する", "配信希望",
  "許可", "許可する", "同意", "同意する", "同意済", "同意済み", "はい", "する",
  "要", "必要", "可", "○", "◯", "〇",
  NULL,
};

static const char * const declined_words[] = {
  "0", "no", "n", "false", "f", "off", "ng", "unsubscribed", "notsubscribed",
  "unsubscribe", "optout", "optedout", "declined", "decline", "refused",
  "希望しない", "希望しません", "希望なし", "不希望", "非希望", "非購読", "購読しない",
  "未購読", "購読停止", "配信停止", "受信しない", "受け取らない", "受取らない",
  "配信しない", "配信不要", "不要", "拒否", "許可しない", "不許可", "同意しない",
  "不同意", "いいえ", "しない", "否", "不可", "×", "✕", "✖",
  NULL,
};

/**
 * herald_consent_parse_answer:
 * @text: a cell, valid UTF-8 (not NUL-terminated when @len >= 0)
 *
 * Returns: whether the cell says the person accepts marketing mail, says
 *   they do not, or neither (blank, or a word this file does not know)
 */
HeraldConsentAnswer
herald_consent_parse_answer (const char *text,
                             gssize      len)
{
  g_autofree char *word = NULL;

  if (len < 0)
    len = strlen (text);
  if (len == 0 || len > 64 || !g_utf8_validate_len (text, len, NULL))
    return HERALD_CONSENT_ANSWER_NONE;
  word = herald_consent_fold (text, len);
  if (g_strv_contains (given_words, word))
    return HERALD_CONSENT_ANSWER_GIVEN;
  if (g_strv_contains (declined_words, word))
    return HERALD_CONSENT_ANSWER_DECLINED;
  return HERALD_CONSENT_ANSWER_NONE;
}

/**
 * herald_consent_parse_at:
 * @text: a date as people write it (herald_date_parse(): 2026/10/01,
 *   2026年10月1日, 令和8年10月1日, a time after it ignored)
 *
 * Returns: the start of that day in the local time zone, in seconds since
 *   1970; 0 when @text is not a date
 */
gint64
herald_consent_parse_at (const char *text,
                         gssize      len)
{
  g_autofree char *copy = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GDateTime) local = NULL;
  int y, m, d;

  if (len < 0)
    len = strlen (text);
  if (len == 0 || len > 64 || !g_utf8_validate_len (text, len, NULL))
    return 0;
  copy = g_strndup (text, len);
  if ((date = herald_date_parse (copy)) == NULL ||
      sscanf (date, "%d-%d-%d", &y, &m, &d) != 3)
    return 0;
  local = g_date_time_new_local (y, m, d, 0, 0, 0);
  return local != NULL ? g_date_time_to_unix (local) : 0;
}

