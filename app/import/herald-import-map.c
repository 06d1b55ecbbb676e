/* herald-import-map.c — which column is what: the header row of an import
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The address column found by what it holds and by its name (English,
 * Japanese and more, folded with NFKC and case), or named by the caller's
 * map; the other columns turned into the list's fields; a header-less file
 * recognised by an address in its first row. To see what the columns hold,
 * the first rows after the header are read ahead and kept (im->sample) for
 * herald-import.c, which reads the rows.
 */
#define G_LOG_DOMAIN "herald-import"

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-address.h"
#include "herald-import-private.h"

/* The import's errors; herald-import.c reads the rows after this file
 * has read the header. */
G_DEFINE_QUARK (herald-import-error-quark, herald_import_error)

/* ---- the header ------------------------------------------------------- */

/* NFKC, case-folded, without spaces and punctuation that people vary:
 * “E-Mail Address”, “email_address” and “ＥメールＡｄｄｒｅｓｓ” fold alike. */
static char *
fold_name (const char *name)
{
  g_autofree char *nfkc = g_utf8_normalize (name, -1, G_NORMALIZE_NFKC);
  g_autofree char *folded = g_utf8_casefold (nfkc != NULL ? nfkc : name, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == '-' || c == '_' || c == '.' ||
          c == ':' || c == 0x30FB /* ・ */)
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static const char * const address_names[] = {
  "email", "mail", "emailaddress", "mailaddress", "emailaddr", "mailaddr",
  "emailadresse", "mailadresse", "courriel", "correo", "correoelectronico",
  "メールアドレス", "メール", "eメール", "eメールアドレス", "電子メール",
  "電子メールアドレス", "メアド",
};

static const char * const address_parts[] = {
  "email", "mailaddress", "メールアドレス",
};

/* The columns whose name says they hold addresses, the likeliest first:
 * whole names, then names with a part such as “email” in them. */
static GArray *
find_address_columns (char **names,
                      guint  n)
{
  g_autoptr(GPtrArray) folded = g_ptr_array_new_with_free_func (g_free);
  GArray *found = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (folded, fold_name (names[i]));
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < G_N_ELEMENTS (address_names); k++)
      if (g_str_equal (folded->pdata[i], address_names[k]))
        {
          int column = i;
          g_array_append_val (found, column);
          break;
        }
  /* “E-mail 1 - Value” (Google), “Primary Email”… but also “E-mail 1 -
   * Type”: what the column holds decides between them. */
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < G_N_ELEMENTS (address_parts); k++)
      if (strstr (folded->pdata[i], address_parts[k]) != NULL)
        {
          int column = i;
          gboolean known = FALSE;

          for (guint j = 0; j < found->len; j++)
            known |= g_array_index (found, int, j) == column;
          if (!known)
            g_array_append_val (found, column);
          break;
        }
  return found;
}

/* ---- what the columns hold --------------------------------------------- */

/* Rows read ahead of the import to see what each column holds. */
#define SAMPLE_ROWS 200

typedef struct
{
  HeraldCsvRecord  record;    /* points into the copies below */
  char           **fields;
  gsize           *lengths;
} SampleRow;

static void
sample_row_free (SampleRow *row)
{
  g_strfreev (row->fields);
  g_free (row->lengths);
  g_free (row);
}

static SampleRow *
sample_row_copy (const HeraldCsvRecord *record)
{
  SampleRow *row = g_new0 (SampleRow, 1);

  row->record = *record;
  row->fields = g_new0 (char *, record->n_fields + 1);
  row->lengths = g_new0 (gsize, record->n_fields + 1);
  for (guint i = 0; i < record->n_fields; i++)
    {
      row->fields[i] = g_strndup (record->fields[i], record->lengths[i]);
      row->lengths[i] = record->lengths[i];
    }
  row->record.fields = (const char * const *) row->fields;
  row->record.lengths = row->lengths;
  return row;
}

const HeraldCsvRecord *
herald_import_sample_record (Import *im,
                             guint   index)
{
  return &((SampleRow *) g_ptr_array_index (im->sample, index))->record;
}

/* Reads the first rows after the header and keeps them for the import. */
static gboolean
read_sample (Import  *im,
             GError **error)
{
  const HeraldCsvRecord *record;
  GError *local = NULL;

  im->sample = g_ptr_array_new_with_free_func ((GDestroyNotify) sample_row_free);
  while (im->sample->len < SAMPLE_ROWS &&
         (record = herald_csv_reader_next (im->reader, im->cancellable, &local)) != NULL)
    g_ptr_array_add (im->sample, sample_row_copy (record));
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

/* For each column, how many sampled cells hold something and how many an
 * address. A column holds addresses when at least half its filled cells
 * are addresses. */
static void
count_addresses (Import *im,
                 guint  *filled,
                 guint  *addresses)
{
  g_autoptr(GString) scratch = g_string_new (NULL);

  for (guint r = 0; r < im->sample->len; r++)
    {
      const HeraldCsvRecord *record = herald_import_sample_record (im, r);

      if (record->problem != HERALD_CSV_PROBLEM_NONE)
        continue;
      for (guint i = 0; i < MIN (record->n_fields, im->n_columns); i++)
        {
          if (record->lengths[i] == 0)
            continue;
          filled[i]++;
          g_string_truncate (scratch, 0);
          if (memchr (record->fields[i], '@', record->lengths[i]) != NULL &&
              herald_address_normalize_into (record->fields[i], record->lengths[i], scratch, NULL))
            addresses[i]++;
        }
    }
}

static inline gboolean
holds_addresses (guint filled,
                 guint addresses)
{
  return addresses > 0 && addresses * 2 >= filled;
}

/* The address column: one the caller named; else the first one whose name
 * says so and that holds addresses; else the one that holds the most
 * addresses; else the first one whose name says so (its rows are then
 * rejected one by one, each with its reason). Notes the other columns that
 * hold addresses, for the caller to offer. */
static int
choose_address_column (Import *im,
                       int     named,
                       GArray *by_name)
{
  g_autofree guint *filled = g_new0 (guint, im->n_columns);
  g_autofree guint *addresses = g_new0 (guint, im->n_columns);
  g_autoptr(GStrvBuilder) others = g_strv_builder_new ();
  int chosen = named;
  gboolean any_other = FALSE;

  count_addresses (im, filled, addresses);
  for (guint k = 0; chosen < 0 && k < by_name->len; k++)
    {
      int column = g_array_index (by_name, int, k);
      if (holds_addresses (filled[column], addresses[column]))
        chosen = column;
    }
  for (guint i = 0; chosen < 0 && i < im->n_columns; i++)
    if (holds_addresses (filled[i], addresses[i]))
      {
        int best = i;
        for (guint j = i + 1; j < im->n_columns; j++)
          if (holds_addresses (filled[j], addresses[j]) && addresses[j] > addresses[best])
            best = j;
        chosen = best;
      }
  if (chosen < 0 && by_name->len > 0)
    chosen = g_array_index (by_name, int, 0);

  for (guint i = 0; i < im->n_columns; i++)
    if ((int) i != chosen && holds_addresses (filled[i], addresses[i]))
      {
        g_strv_builder_add (others, im->names[i]);
        any_other = TRUE;
      }
  if (any_other)
    im->summary->other_address_columns = g_strv_builder_end (others);
  return chosen;
}

static char *
join_names (char **names,
            guint  n)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append_printf (out, "“%s”", names[i]);
    }
  return g_string_free (out, FALSE);
}

/* A column by its header (as given, then folded), or by its number. */
static int
find_column (Import     *im,
             const char *column)
{
  g_autofree char *wanted = fold_name (column);
  guint64 number;

  for (guint i = 0; i < im->n_columns; i++)
    if (g_str_equal (im->names[i], column))
      return i;
  for (guint i = 0; i < im->n_columns; i++)
    {
      g_autofree char *folded = fold_name (im->names[i]);
      if (g_str_equal (folded, wanted))
        return i;
    }
  if (g_ascii_string_to_unsigned (column, 10, 1, im->n_columns, &number, NULL))
    return number - 1;
  return -1;
}

static gboolean
apply_maps (Import  *im,
            int     *address_column,
            GError **error)
{
  const char * const *map = im->options->map;

  for (guint m = 0; map != NULL && map[m] != NULL; m++)
    {
      const char *eq = strrchr (map[m], '=');
      g_autofree char *column = NULL;
      g_autofree char *field = NULL;
      int index;

      if (eq == NULL || eq == map[m])
        {
          g_set_error (error, HERALD_IMPORT_ERROR, HERALD_IMPORT_ERROR_BAD_MAP,
                       _("“%s” is not a column mapping: write COLUMN=FIELD, for example “E-Mail=email”."),
                       map[m]);
          return FALSE;
        }
      column = g_strstrip (g_strndup (map[m], eq - map[m]));
      field = g_strstrip (g_strdup (eq + 1));
      if ((index = find_column (im, column)) < 0)
        {
          g_autofree char *all = join_names (im->names, im->n_columns);
          g_set_error (error, HERALD_IMPORT_ERROR, HERALD_IMPORT_ERROR_NO_SUCH_COLUMN,
                       _("The file has no column “%s”. Its columns are: %s."), column, all);
          return FALSE;
        }
      if (g_ascii_strcasecmp (field, "email") == 0)
        *address_column = index;
      else
        {
          g_free (im->fields[index]);
          im->fields[index] = *field != '\0' ? g_steal_pointer (&field) : NULL;
        }
    }
  return TRUE;
}

/* Field names: none for the address column, unique, never “email”. */
static void
settle_field_names (Import *im)
{
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_hash_table_add (taken, g_strdup ("email"));
  g_clear_pointer (&im->fields[im->address_column], g_free);
  for (guint i = 0; i < im->n_columns; i++)
    {
      g_autofree char *base = NULL;
      char *name;

      if (im->fields[i] == NULL)
        continue;
      base = *im->fields[i] != '\0' ? g_strdup (im->fields[i]) : g_strdup_printf ("column%u", i + 1);
      name = g_strdup (base);
      for (guint k = 2; g_hash_table_contains (taken, name); k++)
        {
          g_free (name);
          name = g_strdup_printf ("%s_%u", base, k);
        }
      g_hash_table_add (taken, g_strdup (name));
      g_free (im->fields[i]);
      im->fields[i] = name;
    }

  im->prefixes = g_new0 (char *, im->n_columns + 1);
  for (guint i = 0; i < im->n_columns; i++)
    if (im->fields[i] != NULL)
      {
        GString *prefix = g_string_new (NULL);
        herald_json_append_string (prefix, im->fields[i]);
        g_string_append_c (prefix, ':');
        im->prefixes[i] = g_string_free (prefix, FALSE);
      }
}

static gboolean
looks_like_address (const char *text)
{
  return strchr (text, '@') != NULL && herald_address_is_valid (text);
}

/* The list's fields: the ones it had, then the new ones of this file. */
gboolean
herald_import_merge_list_fields (Import  *im,
                                 GError **error)
{
  g_auto(GStrv) old = herald_store_dup_list_fields (im->store, im->list_id, error);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  guint n_old;

  if (old == NULL)
    return FALSE;
  n_old = g_strv_length (old);
  for (guint i = 0; i < n_old; i++)
    g_ptr_array_add (all, old[i]);
  for (guint i = 0; i < im->n_columns; i++)
    if (im->fields[i] != NULL && !g_strv_contains ((const char * const *) old, im->fields[i]))
      g_ptr_array_add (all, im->fields[i]);
  if (all->len == n_old)
    return TRUE;
  g_ptr_array_add (all, NULL);
  return herald_store_set_list_fields (im->store, im->list_id,
                                       (const char * const *) all->pdata, error);
}

/* Reads the header row and decides the address column and the fields.
 * A file whose first row already holds an address has no header: that
 * row is then @out_first_row, data to import (valid until the reader's
 * next row). */
gboolean
herald_import_read_header (Import                 *im,
                           const HeraldCsvRecord **out_first_row,
                           GError                **error)
{
  const HeraldCsvRecord *record;
  GError *local = NULL;
  g_autoptr(GArray) by_name = NULL;
  int address_column = -1;
  gboolean headerless = FALSE;

  *out_first_row = NULL;
  do
    record = herald_csv_reader_next (im->reader, im->cancellable, &local);
  while (record != NULL && is_blank (record));
  if (record == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, local);
      else
        g_set_error_literal (error, HERALD_IMPORT_ERROR, HERALD_IMPORT_ERROR_EMPTY,
                             _("The file is empty: there is nothing to import."));
      return FALSE;
    }
  if (record->problem != HERALD_CSV_PROBLEM_NONE)
    {
      g_set_error (error, HERALD_IMPORT_ERROR, HERALD_IMPORT_ERROR_BAD_HEADER,
                   _("Line %" PRIu64 " should hold the column names but cannot be read "
                     "(a quote that is never closed, or text in another encoding). "
                     "Fix that line, or choose the encoding."),
                   record->line);
      return FALSE;
    }

  im->n_columns = record->n_fields;
  im->names = g_new0 (char *, im->n_columns + 1);
  im->fields = g_new0 (char *, im->n_columns + 1);
  for (guint i = 0; i < im->n_columns; i++)
    {
      im->names[i] = g_strstrip (g_strdup (record->fields[i]));
      im->fields[i] = g_strdup (im->names[i]);
    }

  if (!apply_maps (im, &address_column, error))
    return FALSE;
  by_name = find_address_columns (im->names, im->n_columns);

  /* No column named for addresses, and an address in the first row: the
   * file has no header. */
  if (address_column < 0 && by_name->len == 0)
    for (guint i = 0; i < im->n_columns && address_column < 0; i++)
      if (looks_like_address (record->fields[i]))
        {
          address_column = i;
          headerless = TRUE;
        }

  if (!headerless)
    {
      /* The header row stays in im->names; the reader moves on. */
      if (!read_sample (im, error))
        return FALSE;
      address_column = choose_address_column (im, address_column, by_name);
      if (address_column < 0)
        {
          g_autofree char *all = join_names (im->names, im->n_columns);
          g_set_error (error, HERALD_IMPORT_ERROR, HERALD_IMPORT_ERROR_NO_ADDRESS_COLUMN,
                       _("No column holds email addresses. The columns are: %s. "
                         "Choose the column that holds the addresses."), all);
          return FALSE;
        }
    }
  else
    {
      /* No header: the columns get numbers, and this row is data. */
      headerless = TRUE;
      for (guint i = 0; i < im->n_columns; i++)
        {
          g_free (im->fields[i]);
          im->fields[i] = g_strdup_printf ("column%u", i + 1);
          g_free (im->names[i]);
          im->names[i] = g_strdup (im->fields[i]);
        }
      if (im->options->map != NULL && !apply_maps (im, &address_column, error))
        return FALSE;
    }

  im->address_column = address_column;
  im->summary->address_column = g_strdup (im->names[address_column]);
  herald_import_find_consent_columns (im);
  settle_field_names (im);
  if (headerless)
    *out_first_row = record;
  return TRUE;
}
