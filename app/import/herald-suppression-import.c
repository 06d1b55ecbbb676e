/* herald-suppression-import.c — a file of addresses onto the suppression
 * list
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What businesses have: the unsubscribe list of their old mailing tool,
 * a bounce list from their provider, Herald's own export. Any CSV file
 * (any encoding the reader knows) with one column of addresses: the
 * column is the one whose values are addresses, whatever its name; a
 * column named "reason" (or 理由) gives each row's reason when it holds
 * one Herald knows (bounced, 不達, 本人希望, 苦情…). One transaction: all of it, or nothing.
 */
#define G_LOG_DOMAIN "herald-suppression-import"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-address.h"
#include "herald-csv.h"
#include "herald-suppression-import.h"
#include "herald-suppressions.h"

/* Records looked at to find the address column. */
#define SAMPLE_ROWS 50

static void
record_free (gpointer data)
{
  g_strfreev (data);
}

/* The column holding the most addresses among the first rows (the
 * leftmost of equals), or -1. */
static int
address_column (GPtrArray *rows)
{
  g_autofree guint *hits = NULL;
  guint width = 0, best_hits = 0;
  int best = -1;

  for (guint r = 0; r < rows->len && r < SAMPLE_ROWS; r++)
    width = MAX (width, g_strv_length (rows->pdata[r]));
  hits = g_new0 (guint, MAX (width, 1));
  for (guint r = 0; r < rows->len && r < SAMPLE_ROWS; r++)
    {
      char **fields = rows->pdata[r];

      for (guint c = 0; fields[c] != NULL; c++)
        if (herald_address_is_valid (fields[c]))
          hits[c]++;
    }
  for (guint c = 0; c < width; c++)
    if (hits[c] > best_hits)
      {
        best_hits = hits[c];
        best = c;
      }
  return best;
}

static gboolean
is_blank (char **fields)
{
  for (guint c = 0; fields[c] != NULL; c++)
    if (*g_strstrip (fields[c]) != '\0')
      return FALSE;
  return TRUE;
}

/* A reason as people write it in their files, Japanese included; NULL
 * when it is none Herald knows. */
static const char *
read_reason (const char *text)
{
  static const struct { const char *word; const char *reason; } words[] = {
    { "bounced", "bounced" }, { "bounce", "bounced" }, { "不達", "bounced" }, { "エラー", "bounced" },
    { "unsubscribed", "unsubscribed" }, { "unsubscribe", "unsubscribed" }, { "本人希望", "unsubscribed" },
    { "配信停止", "unsubscribed" }, { "購読解除", "unsubscribed" }, { "退会", "unsubscribed" },
    { "complaint", "complaint" }, { "spam", "complaint" }, { "苦情", "complaint" }, { "迷惑メール", "complaint" },
    { "manual", "manual" }, { "手動", "manual" },
  };
  g_autofree char *folded = g_utf8_casefold (text, -1);

  g_strstrip (folded);
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (folded, words[i].word))
      return words[i].reason;
  return NULL;
}

static int
reason_column (char **header)
{
  for (guint c = 0; header[c] != NULL; c++)
    {
      g_autofree char *folded = g_utf8_casefold (g_strstrip (header[c]), -1);

      if (g_str_equal (folded, "reason") || g_str_equal (folded, "理由"))
        return c;
    }
  return -1;
}

/**
 * herald_suppression_import:
 * @options: the file's encoding, the reason for rows that give none and
 *   the source recorded with each new entry
 * @out: (out): what happened
 *
 * Reads @stream and suppresses every address in it, in one transaction.
 * Rows without a valid address are counted and reported through
 * @out->rejected ("line L: reason", as herald-cli prints rejected rows);
 * they stop nothing.
 */
gboolean
herald_suppression_import (HeraldStore                          *store,
                           GInputStream                         *stream,
                           const HeraldSuppressionImportOptions *options,
                           HeraldSuppressionImportCounts        *out,
                           GCancellable                         *cancellable,
                           GError                              **error)
{
  const char *reason = options->reason;
  g_autoptr(HeraldCsvReader) reader = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (record_free);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  const HeraldCsvRecord *record;
  GError *local = NULL;
  guint first = 0;
  int column, reason_col = -1;

  memset (out, 0, sizeof *out);
  out->rejected = g_ptr_array_new_with_free_func (g_free);
  if (!herald_suppression_reason_is_valid (reason))
    {
      g_set_error (error, HERALD_SUPPRESSION_ERROR, HERALD_SUPPRESSION_ERROR_INVALID_REASON,
                   /* TRANSLATORS: %s is what was given as the reason */
                   _("“%s” is not a reason for a suppression. Use bounced, unsubscribed, "
                     "complaint or manual."), reason != NULL ? reason : "");
      return FALSE;
    }

  if ((reader = herald_csv_reader_new (stream, options->encoding, NULL, cancellable, error)) == NULL)
    return FALSE;
  while ((record = herald_csv_reader_next (reader, cancellable, &local)) != NULL)
    {
      GStrv fields = g_new0 (char *, record->n_fields + 1);

      for (guint i = 0; i < record->n_fields; i++)
        fields[i] = g_strndup (record->fields[i], record->lengths[i]);
      g_ptr_array_add (rows, fields);
      g_array_append_val (lines, record->line);
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }

  column = address_column (rows);
  if (column < 0)
    {
      g_set_error (error, HERALD_SUPPRESSION_ERROR, HERALD_SUPPRESSION_ERROR_NO_ADDRESSES,
                   _("No column of the file holds email addresses: nothing was added to the "
                     "suppression list."));
      return FALSE;
    }
  /* A first row without an address there is the header. */
  if (rows->len > 0)
    {
      char **head = rows->pdata[0];

      if ((guint) column >= g_strv_length (head) || !herald_address_is_valid (head[column]))
        {
          reason_col = reason_column (head);
          first = 1;
        }
    }

  if (!herald_store_begin (store, error))
    return FALSE;
  for (guint r = first; r < rows->len; r++)
    {
      char **fields = rows->pdata[r];
      guint64 line = g_array_index (lines, guint64, r);
      const char *cell = (guint) column < g_strv_length (fields) ? fields[column] : "";
      const char *row_reason = reason;
      g_autofree char *email = NULL;
      g_autoptr(GError) bad = NULL;
      gboolean added;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          herald_store_rollback (store);
          return FALSE;
        }
      if (is_blank (fields))
        continue;
      if ((email = herald_address_normalize (cell, &bad)) == NULL)
        {
          out->n_invalid++;
          g_ptr_array_add (out->rejected,
                           g_strdup_printf ("line %" G_GUINT64_FORMAT ": %s", line, bad->message));
          continue;
        }
      if (reason_col >= 0 && (guint) reason_col < g_strv_length (fields) &&
          read_reason (fields[reason_col]) != NULL)
        row_reason = read_reason (fields[reason_col]);
      if (!herald_suppressions_add (store, email, row_reason, options->source, &added, error))
        {
          herald_store_rollback (store);
          return FALSE;
        }
      if (added)
        out->n_added++;
      else
        out->n_known++;
    }
  if (!herald_store_commit (store, error))
    {
      herald_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

void
herald_suppression_import_counts_clear (HeraldSuppressionImportCounts *counts)
{
  g_clear_pointer (&counts->rejected, g_ptr_array_unref);
}
