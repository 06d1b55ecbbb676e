/* herald-import-consent.c — consent in an imported file: the columns that
 * say when, how and whether a person agreed to marketing mail
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shop systems and e-commerce platforms export whether a customer accepts
 * marketing mail in a column of their own ("Accepts Email Marketing":
 * yes/no; メルマガ希望: 希望する/希望しない; 購読/非購読; 1/0…). Such a
 * column is recognised by its name and by what the first rows hold (most
 * filled cells answers this file knows; all of them where only a part of
 * the name says so, as in "メルマガ配信日"), or named by the caller
 * (--map COLUMN=consent); so are a date of consent (同意日, consent date,
 * opt-in date…) and how it was given (同意方法, consent source…). These
 * columns become the contact's consent record (herald-consent.c in the
 * store), not fields of the list.
 */
#define G_LOG_DOMAIN "herald-import"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-base.h"
#include "herald-csv-write.h"
#include "herald-import-consent.h"
#include "herald-import-private.h"

/* ---- the cells ------------------------------------------------------- */

/* A consent column's cell, or NULL when the file has no such column. */
static const char *
consent_cell (Import                *im,
              const HeraldCsvRecord *record,
              int                    column,
              gsize                 *len)
{
  const char *text = "";

  *len = 0;
  if (column < 0)
    return NULL;
  if ((guint) column < record->n_fields)
    {
      text = record->fields[column];
      *len = record->lengths[column];
      herald_csv_unguard (&text, len);
    }
  while (*len > 0 && g_ascii_isspace (text[*len - 1]))
    (*len)--;
  while (*len > 0 && g_ascii_isspace (*text))
    {
      text++;
      (*len)--;
    }
  return text;
}

/* What the row's consent cells say; a blank cell says nothing (or, with
 * blank_clears, clears the stored date or source), and one that is not
 * understood is warned about and changes nothing. */
void
herald_import_read_consent (Import                *im,
                            const HeraldCsvRecord *record,
                            RowConsent            *row)
{
  const char *text;
  gsize len;

  if ((text = consent_cell (im, record, im->consent_answer_column, &len)) != NULL && len > 0)
    {
      row->answer = herald_consent_parse_answer (text, len);
      row->unread += row->answer == HERALD_CONSENT_ANSWER_NONE;
    }
  if ((text = consent_cell (im, record, im->consent_at_column, &len)) != NULL)
    {
      if (len == 0)
        row->clear_at = im->options->blank_clears;
      else if ((row->at = herald_consent_parse_at (text, len)) == 0)
        row->unread++;
    }
  if ((text = consent_cell (im, record, im->consent_source_column, &len)) != NULL)
    {
      if (len == 0)
        row->clear_source = im->options->blank_clears;
      else
        {
          row->source = im->arena->len;
          g_string_append_len (im->arena, text, len);
          g_string_append_c (im->arena, '\0');
        }
    }
}

/* ---- the columns ------------------------------------------------------ */

static const char * const answer_names[] = {
  "consent", "acceptsemailmarketing", "acceptsmarketing", "emailmarketing",
  "emailmarketingconsent", "emailoptin", "optin", "marketingoptin", "newsletter",
  "メルマガ", "メルマガ希望", "メルマガ購読", "メルマガ受信", "メルマガ配信",
  "メールマガジン", "メールマガジン希望", "メールマガジン購読", "メールマガジン配信",
  "メールマガジン受信", "メール配信", "メール配信希望", "配信希望", "ニュースレター",
  "ニュースレター購読", "お知らせメール", "お知らせメール希望", "メール受信", "メール受信希望",
  NULL,
};

/* Parts of a name that say marketing mail, when the values agree. */
static const char * const answer_parts[] = {
  "メルマガ", "メールマガジン", "ニュースレター", "newsletter", "emailmarketing",
  "optin", "配信希望",
};

/* …and parts that say another channel. */
static const char * const other_channels[] = {
  "sms", "phone", "tel", "電話", "郵送", "はがき", "ハガキ", "dm",
};

static const char * const at_names[] = {
  "consentat", "consentdate", "consentdatetime", "consentedat", "optindate", "optinat",
  "optedinat", "optedindate", "同意日", "同意日時", "同意年月日", "許諾日", "許諾日時",
  "メルマガ同意日", "メルマガ登録日", "購読開始日", "オプトイン日",
  NULL,
};

static const char * const source_names[] = {
  "consentsource", "consentmethod", "optinsource", "optinmethod", "同意方法", "同意経路",
  "許諾方法", "許諾経路", "同意取得方法", "同意取得経路",
  NULL,
};

static gboolean
contains_any (const char         *name,
              const char * const *parts,
              gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (strstr (name, parts[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* Whether the filled cells of the rows read ahead are answers: all of
 * them (@strict), or most; and one at least is filled. */
static gboolean
values_are_answers (Import   *im,
                    guint     column,
                    gboolean  strict)
{
  guint filled = 0;
  guint answers = 0;

  for (guint r = 0; im->sample != NULL && r < im->sample->len; r++)
    {
      const HeraldCsvRecord *record = herald_import_sample_record (im, r);
      const char *text;
      gsize len;

      if (column >= record->n_fields || record->lengths[column] == 0)
        continue;
      text = record->fields[column];
      len = record->lengths[column];
      herald_csv_unguard (&text, &len);
      filled++;
      answers += herald_consent_parse_answer (text, len) != HERALD_CONSENT_ANSWER_NONE;
    }
  return filled > 0 && (strict ? answers == filled : answers * 2 > filled);
}

static void
take_column (Import *im,
             int    *slot,
             guint   column)
{
  if (*slot >= 0 || (int) column == (int) im->address_column)
    return;
  *slot = column;
  g_clear_pointer (&im->fields[column], g_free);
}

/**
 * herald_import_find_consent_columns:
 *
 * Decides the consent columns (after the address column, before the
 * field names are settled): the ones the caller's map named
 * (consent_at, consent_source, consent), then by their names. They stop
 * being fields of the list.
 */
void
herald_import_find_consent_columns (Import *im)
{
  g_autoptr(GPtrArray) folded = g_ptr_array_new_with_free_func (g_free);

  im->consent_at_column = im->consent_source_column = im->consent_answer_column = -1;
  for (guint i = 0; i < im->n_columns; i++)
    {
      const char *field = im->fields[i];

      g_ptr_array_add (folded, herald_consent_fold (im->names[i], -1));
      if (field == NULL)
        continue;
      if (g_ascii_strcasecmp (field, HERALD_CONSENT_FIELD_AT) == 0)
        take_column (im, &im->consent_at_column, i);
      else if (g_ascii_strcasecmp (field, HERALD_CONSENT_FIELD_SOURCE) == 0)
        take_column (im, &im->consent_source_column, i);
      else if (g_ascii_strcasecmp (field, HERALD_CONSENT_FIELD_ANSWER) == 0)
        take_column (im, &im->consent_answer_column, i);
    }
  /* By name: whole names first, then (for the answer) parts of names,
   * each only where its values are answers. A column renamed by the
   * map keeps the name it was given. */
  for (guint i = 0; i < im->n_columns; i++)
    {
      const char *name = folded->pdata[i];

      if (im->fields[i] == NULL || !g_str_equal (im->fields[i], im->names[i]))
        continue;
      if (g_strv_contains (at_names, name))
        take_column (im, &im->consent_at_column, i);
      else if (g_strv_contains (source_names, name))
        take_column (im, &im->consent_source_column, i);
      else if (g_strv_contains (answer_names, name) &&
               values_are_answers (im, i, FALSE))
        take_column (im, &im->consent_answer_column, i);
    }
  for (guint i = 0; i < im->n_columns && im->consent_answer_column < 0; i++)
    {
      const char *name = folded->pdata[i];

      if (im->fields[i] != NULL && g_str_equal (im->fields[i], im->names[i]) &&
          contains_any (name, answer_parts, G_N_ELEMENTS (answer_parts)) &&
          !contains_any (name, other_channels, G_N_ELEMENTS (other_channels)) &&
          values_are_answers (im, i, TRUE))
        take_column (im, &im->consent_answer_column, i);
    }

  im->consent_fallback = NULL;
  if (im->consent_answer_column >= 0)
    /* TRANSLATORS: the consent record of a person whose row said yes and
     * gave no date or source; %s is the column's name */
    im->consent_fallback = g_strdup_printf (_("said yes in the column “%s” of an imported file"),
                                            im->names[im->consent_answer_column]);
  im->has_consent = im->consent_at_column >= 0 || im->consent_source_column >= 0 ||
                    im->consent_answer_column >= 0 || im->options->consent_at != 0 ||
                    (im->options->consent_source != NULL && *im->options->consent_source != '\0');
  if (im->consent_answer_column >= 0)
    im->summary->consent_column = g_strdup (im->names[im->consent_answer_column]);
}
