/* herald-import.c — reading a CSV file into a list
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One transaction for the whole file: a bad row is rejected with its line
 * and the rest goes on; only a fatal error (the disk, a cancel) rolls
 * everything back. The loop is built for a million rows: no allocation per row on the
 * common path, rows written many a statement in address order by the
 * store's import writer (app/store/herald-import-writer.c), and duplicates
 * found by contact id in memory instead of by query. The header row (which
 * column is what) is read by herald-import-map.c.
 */
#define G_LOG_DOMAIN "herald-import"

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gunixinputstream.h>

#include "herald-base.h"
#include "herald-address.h"
#include "herald-csv-write.h"
#include "herald-import-consent.h"
#include "herald-import-private.h"

#define PROGRESS_STEP   (256 * 1024)

/* Rows wait in a batch: contacts are then written in address order, which
 * keeps the address index's inserts close together (more than twice as
 * fast as file order on a big list), and list members in file order, so
 * the list keeps the file's order and reports come out in it too. */
#define BATCH_ROWS  65536
#define BATCH_BYTES (32 * 1024 * 1024)

/* Rows the store writes in one statement (herald-import-writer.c). */
#define CHUNK_ROWS  HERALD_IMPORT_CHUNK_ROWS



#define MAX_ID_GAP (2 * BATCH_ROWS)
#define IN_TABLE   G_MAXUINT32

static inline gsize
seen_hash (gint64 id)
{
  guint64 h = (guint64) id;

  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h ^= h >> 33;
  return (gsize) h;
}

static void
seen_grow (Seen *seen)
{
  gsize n = seen->slots == NULL ? 1024 : (seen->mask + 1) * 2;
  SeenSlot *old = seen->slots;
  gsize old_n = seen->slots == NULL ? 0 : seen->mask + 1;

  seen->slots = g_new0 (SeenSlot, n);
  seen->mask = n - 1;
  for (gsize i = 0; i < old_n; i++)
    if (old[i].contact_id != 0)
      {
        gsize j = seen_hash (old[i].contact_id) & seen->mask;

        while (seen->slots[j].contact_id != 0)
          j = (j + 1) & seen->mask;
        seen->slots[j] = old[i];
      }
  g_free (old);
}

static guint64
seen_note_old (Seen    *seen,
               gint64   id,
               guint64  line)
{
  gsize i;

  if (seen->slots == NULL || (seen->count + 1) * 10 > (seen->mask + 1) * 7)
    seen_grow (seen);
  i = seen_hash (id) & seen->mask;
  while (seen->slots[i].contact_id != 0)
    {
      if (seen->slots[i].contact_id == id)
        return seen->slots[i].line;
      i = (i + 1) & seen->mask;
    }
  seen->slots[i].contact_id = id;
  seen->slots[i].line = line;
  seen->count++;
  return line;
}

/* Notes that row @line has contact @id. Returns the line of the first row
 * with it: @line itself when this is the first. */
static guint64
seen_note (Seen    *seen,
           gint64   id,
           guint64  line)
{
  if (id > seen->baseline)
    {
      guint64 index = id - seen->baseline - 1;
      /* Lines past 2^32 - 1 (never seen in practice) live in the table. */
      guint32 mine = line < IN_TABLE ? (guint32) line : IN_TABLE;

      if (index >= seen->new_lines->len && index < seen->new_lines->len + MAX_ID_GAP)
        g_array_set_size (seen->new_lines, index + 1);
      if (index < seen->new_lines->len)
        {
          guint32 *first = &g_array_index (seen->new_lines, guint32, index);

          if (*first == 0)
            *first = mine;
          if (*first != IN_TABLE)
            return *first;
        }
    }
  return seen_note_old (seen, id, line);
}

/* ---- rows ------------------------------------------------------------- */


typedef enum
{
  ROW_REJECTED,    /* text: the reason */
  ROW_READY,       /* text: the address, then the JSON fields */
  ROW_NEW,         /* a contact this row created */
  ROW_EXISTING,    /* a contact from before this import */
  ROW_DUPLICATE,   /* a contact an earlier row has */
  ROW_SAME_AS_PREVIOUS,  /* in address order: the same address as the row before */
} RowState;

typedef struct
{
  guint64  line;
  guint64  first_line;
  gint64   contact_id;
  gint64   member_id;
  gsize    text;          /* offset in the batch's arena */
  gsize    key;           /* the address, ASCII letters lowercased */
  gsize    json;
  guint32  text_len;
  guint32  json_len;
  guint32  extra_cells;   /* to warn about */
  guint32  state;
  RowConsent consent;     /* what the row says (im->has_consent) */
} Pending;

static void
reject (Import     *im,
        guint64     line,
        const char *reason)
{
  if (im->reject != NULL)
    im->reject (line, reason, im->user_data);
}

static char *
describe_problem (Import                *im,
                  const HeraldCsvRecord *record)
{
  switch (record->problem)
    {
    case HERALD_CSV_PROBLEM_INVALID_BYTES:
      /* TRANSLATORS: %u is a column number, %s an encoding such as CP932 */
      return g_strdup_printf (_("column %u has bytes that are not valid %s text "
                                "(is the file in another encoding?)"),
                              record->problem_field + 1,
                              herald_csv_reader_get_encoding (im->reader));
    case HERALD_CSV_PROBLEM_UNTERMINATED_QUOTE:
      if (record->rest_lost)
        return g_strdup_printf (_("a quoted field starts here and is never closed; "
                                  "lines %" PRIu64 " to %" PRIu64
                                  " were read as part of it"),
                                record->line, record->last_line);
      return g_strdup (_("a quoted field starts here and is never closed; "
                         "the lines after it were read as rows"));
    case HERALD_CSV_PROBLEM_TOO_LONG:
      return g_strdup_printf (_("the row is longer than %u MiB"),
                              HERALD_CSV_MAX_RECORD / (1024 * 1024));
    case HERALD_CSV_PROBLEM_TOO_MANY_FIELDS:
      return g_strdup_printf (_("the row has more than %u columns"), HERALD_CSV_MAX_FIELDS);
    case HERALD_CSV_PROBLEM_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* Extra cells that hold something; trailing empty ones (“a,b,,”) are
 * common and harmless. */
static guint
count_extra_cells (Import                *im,
                   const HeraldCsvRecord *record)
{
  for (guint i = im->n_columns; i < record->n_fields; i++)
    if (record->lengths[i] > 0)
      return record->n_fields - im->n_columns;
  return 0;
}

static void
append_fields_json (Import                *im,
                    const HeraldCsvRecord *record,
                    GString               *out)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  for (guint i = 0; i < im->n_columns; i++)
    {
      if (im->prefixes[i] == NULL)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append (out, im->prefixes[i]);
      if (i < record->n_fields)
        {
          const char *text = record->fields[i];
          gsize len = record->lengths[i];

          herald_csv_unguard (&text, &len);
          herald_json_append_string_len (out, text, len);
        }
      else
        g_string_append (out, "\"\"");   /* a short row, padded */
    }
  g_string_append_c (out, '}');
}

static Pending *
push_row (Import   *im,
          guint64   line,
          RowState  state,
          const char *text,
          gsize     text_len)
{
  Pending *row;

  g_array_set_size (im->pending, im->pending->len + 1);
  row = &g_array_index (im->pending, Pending, im->pending->len - 1);
  memset (row, 0, sizeof *row);
  row->line = line;
  row->state = state;
  row->text = im->arena->len;
  row->text_len = text_len;
  g_string_append_len (im->arena, text, text_len);
  g_string_append_c (im->arena, '\0');
  return row;
}

static void
push_reject (Import     *im,
             guint64     line,
             const char *reason)
{
  push_row (im, line, ROW_REJECTED, reason, strlen (reason));
}

/* The row's consent onto its contact (herald_consent_merge() in the
 * store decides): *changed tells whether a known contact's record
 * changed. Called once a contact, for the first row that has it. */
static gboolean
settle_consent (Import   *im,
                Pending  *row,
                gboolean  created,
                gboolean *changed,
                GError  **error)
{
  g_auto(HeraldConsent) result = { 0 };
  gboolean consent_changed = FALSE;
  HeraldConsentRow what = {
    .answer = row->consent.answer,
    .at = row->consent.at,
    .source = row->consent.source != 0 ? im->arena->str + row->consent.source : NULL,
    .clear_at = row->consent.clear_at,
    .clear_source = row->consent.clear_source,
    .default_at = im->options->consent_at,
    .default_source = im->options->consent_source != NULL && *im->options->consent_source != '\0'
                      ? im->options->consent_source : NULL,
    .fallback_source = im->consent_fallback,
  };

  if (!im->has_consent)
    return TRUE;
  if (!herald_import_writer_update_consent (im->writer, row->contact_id, created, &what,
                                            &consent_changed, &result, error))
    return FALSE;
  *changed = *changed || consent_changed;
  if (result.declined)
    im->summary->declined++;
  return TRUE;
}

/* The writer's answer for one row: a contact it created, or one from
 * before, which gets the row's fields unless an earlier row of the file
 * already gave them. */
static gboolean
settle_contact (Import                    *im,
                Pending                   *row,
                const HeraldImportContact *contact,
                GError                   **error)
{
  gboolean changed;

  row->contact_id = contact->contact_id;
  if (contact->created)
    {
      row->state = ROW_NEW;
      seen_note (&im->seen, row->contact_id, row->line);
      return settle_consent (im, row, TRUE, &changed, error);
    }
  row->first_line = seen_note (&im->seen, row->contact_id, row->line);
  if (row->first_line != row->line)
    {
      row->state = ROW_DUPLICATE;
      return TRUE;
    }
  row->state = ROW_EXISTING;
  if (!herald_import_writer_update_fields (im->writer, row->contact_id,
                                           im->arena->str + row->json, row->json_len,
                                           &changed, error))
    return FALSE;
  if (!settle_consent (im, row, FALSE, &changed, error))
    return FALSE;
  if (changed)
    im->summary->updated++;
  return TRUE;
}

/* Up to CHUNK_ROWS rows with different addresses: their contacts. */
static gboolean
write_contact_chunk (Import   *im,
                     Pending **chunk,
                     guint     n,
                     GError  **error)
{
  const char *arena = im->arena->str;
  HeraldImportContact contacts[CHUNK_ROWS];
  HeraldImportContact *refs[CHUNK_ROWS];

  for (guint k = 0; k < n; k++)
    {
      contacts[k] = (HeraldImportContact) { arena + chunk[k]->text, chunk[k]->text_len,
                                            arena + chunk[k]->json, chunk[k]->json_len, 0, FALSE };
      refs[k] = &contacts[k];
    }
  if (!herald_import_writer_write_contacts (im->writer, refs, n, error))
    return FALSE;
  for (guint k = 0; k < n; k++)
    if (!settle_contact (im, chunk[k], &contacts[k], error))
      return FALSE;
  return TRUE;
}

/* What the sort moves: the first 16 bytes of the key, big-endian, so most
 * comparisons never reach the arena. */
typedef struct
{
  guint64  head;
  guint64  tail;
  guint32  index;
} SortKey;

static guint64
load_be (const char *key,
         gsize       len,
         gsize       from)
{
  guint64 v = 0;

  for (gsize i = from; i < from + 8; i++)
    v = (v << 8) | (i < len ? (guchar) key[i] : 0);
  return v;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const SortKey *x = a;
  const SortKey *y = b;
  Import *im = user_data;
  const Pending *rows;
  const Pending *px;
  const Pending *py;
  int c;

  if (x->head != y->head)
    return x->head < y->head ? -1 : 1;
  if (x->tail != y->tail)
    return x->tail < y->tail ? -1 : 1;
  /* The order of the address index: ASCII letters folded (NOCASE). */
  rows = (const Pending *) (gpointer) im->pending->data;
  px = &rows[x->index];
  py = &rows[y->index];
  if ((c = strcmp (im->arena->str + px->key, im->arena->str + py->key)) != 0)
    return c;
  return px->line < py->line ? -1 : px->line > py->line;
}

/* Pass 1, in address order: contacts. Equal addresses are neighbours,
 * the first row (in the file) first. */
static gboolean
write_contacts (Import  *im,
                GError **error)
{
  Pending *rows = (Pending *) (gpointer) im->pending->data;
  const char *arena = im->arena->str;
  Pending *chunk[CHUNK_ROWS];
  Pending *prev = NULL;
  guint n = 0;

  g_array_set_size (im->order, 0);
  for (guint32 i = 0; i < im->pending->len; i++)
    if (rows[i].state == ROW_READY)
      {
        const char *key = arena + rows[i].key;
        SortKey sort = { load_be (key, rows[i].text_len, 0),
                         load_be (key, rows[i].text_len, 8), i };
        g_array_append_val (im->order, sort);
      }
  g_qsort_with_data (im->order->data, im->order->len, sizeof (SortKey), compare_rows, im);

  /* Equal addresses are neighbours: the first goes to the database, the
   * others are its duplicates once its contact is known. */
  for (guint k = 0; k < im->order->len; k++)
    {
      Pending *row = &rows[g_array_index (im->order, SortKey, k).index];

      if (prev != NULL && strcmp (arena + prev->key, arena + row->key) == 0)
        row->state = ROW_SAME_AS_PREVIOUS;
      else
        {
          chunk[n++] = row;
          if (n == CHUNK_ROWS)
            {
              if (!write_contact_chunk (im, chunk, n, error))
                return FALSE;
              n = 0;
            }
        }
      prev = row;
    }
  if (n > 0 && !write_contact_chunk (im, chunk, n, error))
    return FALSE;

  prev = NULL;
  for (guint k = 0; k < im->order->len; k++)
    {
      Pending *row = &rows[g_array_index (im->order, SortKey, k).index];

      if (row->state == ROW_SAME_AS_PREVIOUS)
        {
          row->contact_id = prev->contact_id;
          row->first_line = seen_note (&im->seen, row->contact_id, row->line);
          row->state = ROW_DUPLICATE;
        }
      else
        prev = row;
    }
  return TRUE;
}

/* Pass 2, in file order: reports, and each member's place in the list. */
static void
report_rows (Import *im)
{
  Pending *rows = (Pending *) (gpointer) im->pending->data;
  const char *arena = im->arena->str;

  for (guint i = 0; i < im->pending->len; i++)
    {
      Pending *row = &rows[i];

      switch (row->state)
        {
        case ROW_REJECTED:
          im->summary->invalid++;
          reject (im, row->line, arena + row->text);
          continue;
        case ROW_DUPLICATE:
          {
            g_autofree char *reason =
              g_strdup_printf (_("duplicate of line %" PRIu64), row->first_line);
            im->summary->duplicates++;
            reject (im, row->line, reason);
          }
          continue;
        case ROW_NEW:
        case ROW_EXISTING:
          break;
        case ROW_READY:
        default:
          g_assert_not_reached ();
        }

      /* Ids in file order keep the list in the file's order; a row whose
       * contact is already in the list leaves its id unused. */
      row->member_id = im->next_member++;
      if (row->consent.unread > 0)
        {
          im->summary->warnings++;
          im->summary->consent_unread += row->consent.unread;
          if (im->options->warning != NULL)
            im->options->warning (row->line,
                                  _("a consent cell was not understood (a date such as "
                                    "2026/10/01, or yes/no, 希望する/希望しない); the "
                                    "stored consent was left as it was"),
                                  im->user_data);
        }
      if (row->extra_cells > 0)
        {
          im->summary->warnings++;
          if (im->options->warning != NULL)
            {
              g_autofree char *remark =
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u extra cell ignored",
                                              "%u extra cells ignored", row->extra_cells),
                                 row->extra_cells);
              im->options->warning (row->line, remark, im->user_data);
            }
        }
    }
}

/* A row whose contact is in the list already adds nothing (its values
 * went to the contact in pass 1). */
static gboolean
add_member_chunk (Import        *im,
                  const gint64  *member_ids,
                  const gint64  *contact_ids,
                  guint          n,
                  GError       **error)
{
  guint64 added;

  if (!herald_import_writer_add_members (im->writer, member_ids, contact_ids, n, &added, error))
    return FALSE;
  im->summary->imported += added;
  return TRUE;
}

/* Pass 3, in address order, where new contacts' ids rise: list members,
 * so that the member indexes grow at their end. */
static gboolean
add_members (Import  *im,
             GError **error)
{
  Pending *rows = (Pending *) (gpointer) im->pending->data;
  gint64 member_ids[CHUNK_ROWS];
  gint64 contact_ids[CHUNK_ROWS];
  guint n = 0;

  for (guint k = 0; k < im->order->len; k++)
    {
      Pending *row = &rows[g_array_index (im->order, SortKey, k).index];

      if (row->state != ROW_NEW && row->state != ROW_EXISTING)
        continue;
      member_ids[n] = row->member_id;
      contact_ids[n] = row->contact_id;
      if (++n == CHUNK_ROWS)
        {
          if (!add_member_chunk (im, member_ids, contact_ids, n, error))
            return FALSE;
          n = 0;
        }
    }
  return n == 0 || add_member_chunk (im, member_ids, contact_ids, n, error);
}

static gboolean
flush_batch (Import  *im,
             GError **error)
{
  gboolean ok = write_contacts (im, error);

  if (ok)
    {
      report_rows (im);
      ok = add_members (im, error);
    }

  g_array_set_size (im->pending, 0);
  if (im->arena->allocated_len > 2 * BATCH_BYTES)
    {
      g_string_free (im->arena, TRUE);
      im->arena = g_string_sized_new (BATCH_BYTES / 4);
    }
  else
    g_string_truncate (im->arena, 0);
  return ok;
}

static gboolean
import_row (Import                 *im,
            const HeraldCsvRecord  *record,
            GError                **error)
{
  g_autoptr(GError) invalid = NULL;
  const char *cell = "";
  gsize cell_len = 0;
  Pending *row;
  gsize json;

  if (is_blank (record))
    return TRUE;
  im->summary->rows++;

  if (record->problem != HERALD_CSV_PROBLEM_NONE)
    {
      g_autofree char *reason = describe_problem (im, record);
      push_reject (im, record->line, reason);
    }
  else
    {
      if (im->address_column < record->n_fields)
        {
          cell = record->fields[im->address_column];
          cell_len = record->lengths[im->address_column];
          herald_csv_unguard (&cell, &cell_len);
        }
      g_string_truncate (im->address, 0);
      if (!herald_address_normalize_into (cell, cell_len, im->address, &invalid))
        {
          if (g_error_matches (invalid, HERALD_ADDRESS_ERROR, HERALD_ADDRESS_ERROR_EMPTY))
            {
              g_autofree char *reason =
                g_strdup_printf (_("no email address in column “%s”"),
                                 im->names[im->address_column]);
              push_reject (im, record->line, reason);
            }
          else
            push_reject (im, record->line, invalid->message);
        }
      else if (im->check_suppressed && herald_store_is_suppressed (im->store, im->address->str))
        im->summary->suppressed++;
      else
        {
          gsize key;

          row = push_row (im, record->line, ROW_READY, im->address->str, im->address->len);
          row->extra_cells = count_extra_cells (im, record);
          key = im->arena->len;
          g_string_append_len (im->arena, im->address->str, im->address->len + 1);
          for (char *p = im->arena->str + key; *p != '\0'; p++)
            if (*p >= 'A' && *p <= 'Z')
              *p += 'a' - 'A';
          json = im->arena->len;
          append_fields_json (im, record, im->arena);
          row = &g_array_index (im->pending, Pending, im->pending->len - 1);
          row->key = key;
          row->json = json;
          row->json_len = im->arena->len - json;
          if (im->has_consent)
            herald_import_read_consent (im, record, &row->consent);
        }
    }

  if (im->pending->len >= BATCH_ROWS || im->arena->len >= BATCH_BYTES)
    return flush_batch (im, error);
  return TRUE;
}

static void
report_progress (Import   *im,
                 gboolean  last)
{
  guint64 done = herald_csv_reader_get_bytes_read (im->reader);

  if (im->options->progress == NULL || (!last && done - im->reported < PROGRESS_STEP))
    return;
  im->reported = done;
  im->options->progress (done, MAX (im->total, last ? done : 0), im->user_data);
}

/* ---- the transaction -------------------------------------------------- */

static gboolean
run (Import      *im,
     const char  *list_name,
     GError     **error)
{
  const HeraldCsvRecord *record;
  const HeraldCsvRecord *first_row;
  HeraldImportWriterStats stats = { 0 };
  GError *local = NULL;
  gboolean list_created = herald_store_find_list (im->store, list_name, NULL) < 0;

  if ((im->list_id = herald_store_ensure_list (im->store, list_name, error)) < 0 ||
      !herald_import_writer_prepare (im->writer, im->list_id, list_created,
                                     im->options->blank_clears, im->now, error))
    return FALSE;
  im->check_suppressed = herald_import_writer_has_suppressions (im->writer);
  im->seen.baseline = herald_import_writer_get_baseline (im->writer);
  im->next_member = herald_import_writer_get_next_member_id (im->writer);
  if (!herald_import_read_header (im, &first_row, error) ||
      (first_row != NULL && !import_row (im, first_row, error)) ||
      !herald_import_merge_list_fields (im, error))
    return FALSE;
  /* The rows read ahead to see which column holds the addresses. */
  for (guint i = 0; im->sample != NULL && i < im->sample->len; i++)
    if (!import_row (im, herald_import_sample_record (im, i), error))
      return FALSE;

  while ((record = herald_csv_reader_next (im->reader, im->cancellable, &local)) != NULL)
    {
      if (g_cancellable_set_error_if_cancelled (im->cancellable, error) ||
          !import_row (im, record, error))
        return FALSE;
      report_progress (im, FALSE);
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  /* A cancel during the last batch still rolls everything back. */
  if (g_cancellable_set_error_if_cancelled (im->cancellable, error) ||
      !flush_batch (im, error) ||
      g_cancellable_set_error_if_cancelled (im->cancellable, error))
    return FALSE;
  if (!herald_import_writer_finish (im->writer, &stats, error))
    {
      herald_import_writer_stats_clear (&stats);
      return FALSE;
    }
  im->summary->created = stats.created;
  im->summary->changed_elsewhere = stats.changed_elsewhere;
  im->summary->blanks_kept = stats.blanks_kept;
  im->summary->changed_fields = g_steal_pointer (&stats.changed_fields);
  im->summary->changed_field_counts = g_steal_pointer (&stats.changed_field_counts);
  herald_import_writer_stats_clear (&stats);
  report_progress (im, TRUE);
  return TRUE;
}

/* The stream's remaining size, for progress; 0 when unknown. */
static guint64
remaining_size (GInputStream *stream)
{
  GSeekable *seekable;
  goffset here;
  goffset end;

  if (G_IS_FILE_INPUT_STREAM (stream))
    {
      g_autoptr(GFileInfo) info =
        g_file_input_stream_query_info (G_FILE_INPUT_STREAM (stream),
                                        G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
      if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
        return g_file_info_get_size (info);
    }
  if (!G_IS_SEEKABLE (stream) || !g_seekable_can_seek (G_SEEKABLE (stream)))
    return 0;
  seekable = G_SEEKABLE (stream);
  here = g_seekable_tell (seekable);
  if (!g_seekable_seek (seekable, 0, G_SEEK_END, NULL, NULL))
    return 0;
  end = g_seekable_tell (seekable);
  if (!g_seekable_seek (seekable, here, G_SEEK_SET, NULL, NULL))
    return 0;
  return end > here ? end - here : 0;
}

static void
import_clear (Import *im)
{
  g_clear_pointer (&im->reader, herald_csv_reader_free);
  g_clear_pointer (&im->names, g_strfreev);
  /* fields and prefixes have holes (NULL): free them by count. */
  for (guint i = 0; i < im->n_columns; i++)
    {
      if (im->fields != NULL)
        g_free (im->fields[i]);
      if (im->prefixes != NULL)
        g_free (im->prefixes[i]);
    }
  g_clear_pointer (&im->fields, g_free);
  g_clear_pointer (&im->prefixes, g_free);
  if (im->arena != NULL)
    g_string_free (im->arena, TRUE);
  g_clear_pointer (&im->pending, g_array_unref);
  g_clear_pointer (&im->order, g_array_unref);
  g_clear_pointer (&im->sample, g_ptr_array_unref);
  g_clear_pointer (&im->consent_fallback, g_free);
  if (im->address != NULL)
    g_string_free (im->address, TRUE);
  g_free (im->seen.slots);
  if (im->seen.new_lines != NULL)
    g_array_unref (im->seen.new_lines);
}

/**
 * herald_import_stream:
 * @list_name: the list to import into, created when missing
 * @options: (nullable): encoding, separator, column mapping, dry run and
 *   the optional reject, warning and progress callbacks (scope call)
 * @summary: (out caller-allocates) (optional): the counts, the encoding and
 *   separator used; free its strings with herald_import_summary_clear()
 *
 * Reads @stream (CSV, any supported encoding and separator) into the list
 * in one transaction. Bad rows are rejected one by one and the rest lands;
 * a read or database error, or @cancellable, rolls back everything. With
 * dry_run the same work is done and rolled back, so @summary tells what an
 * import would do.
 *
 * Returns: %TRUE when the rows were read (and committed unless dry_run)
 */
gboolean
herald_import_stream (HeraldStore                *store,
                      const char                 *list_name,
                      GInputStream               *stream,
                      const HeraldImportOptions  *options,
                      HeraldImportSummary        *summary,
                      GCancellable               *cancellable,
                      GError                    **error)
{
  static const HeraldImportOptions defaults = { 0 };
  HeraldImportSummary scratch = { 0 };
  Import im = { 0 };
  gboolean ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (list_name != NULL, FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);

  if (summary == NULL)
    summary = &scratch;
  memset (summary, 0, sizeof *summary);

  im.store = store;
  im.options = options != NULL ? options : &defaults;
  im.reject = im.options->reject;
  im.user_data = im.options->user_data;
  im.summary = summary;
  im.cancellable = cancellable;
  im.total = remaining_size (stream);
  im.now = herald_now_seconds ();
  im.pending = g_array_new (FALSE, FALSE, sizeof (Pending));
  im.order = g_array_new (FALSE, FALSE, sizeof (SortKey));
  im.arena = g_string_sized_new (1024 * 1024);
  im.seen.new_lines = g_array_new (FALSE, TRUE, sizeof (guint32));
  im.address = g_string_sized_new (128);

  im.reader = herald_csv_reader_new (stream, im.options->encoding, im.options->delimiter,
                                     cancellable, error);
  if (im.reader == NULL)
    {
      import_clear (&im);
      return FALSE;
    }

  /* One transaction (a savepoint inside a caller's): all or nothing. */
  im.writer = herald_import_writer_open (store, error);
  ok = im.writer != NULL;
  if (ok)
    {
      ok = run (&im, list_name, error);
      ok = herald_import_writer_close (g_steal_pointer (&im.writer), ok && !im.options->dry_run,
                                       ok ? error : NULL) && ok;
    }

  summary->encoding = g_strdup (herald_csv_reader_get_encoding (im.reader));
  summary->delimiter = herald_csv_reader_get_delimiter (im.reader);
  import_clear (&im);
  if (summary == &scratch)
    herald_import_summary_clear (&scratch);
  return ok;
}

/**
 * herald_import_file:
 * @path: the CSV file, or “-” for standard input
 *
 * herald_import_stream() on a file.
 */
gboolean
herald_import_file (HeraldStore                *store,
                    const char                 *list_name,
                    const char                 *path,
                    const HeraldImportOptions  *options,
                    HeraldImportSummary        *summary,
                    GCancellable               *cancellable,
                    GError                    **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_str_equal (path, "-"))
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
      return herald_import_stream (store, list_name, in, options, summary, cancellable, error);
    }

  file = g_file_new_for_commandline_arg (path);
  stream = g_file_read (file, cancellable, &local);
  if (stream == NULL)
    {
      if (summary != NULL)
        memset (summary, 0, sizeof *summary);
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("There is no file “%s”. Check the name and the folder."), path);
      else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                     _("“%s” is a folder; choose a CSV file."), path);
      else
        g_set_error (error, local->domain, local->code,
                     _("Cannot read “%s”: %s"), path, local->message);
      return FALSE;
    }
  return herald_import_stream (store, list_name, G_INPUT_STREAM (stream), options,
                               summary, cancellable, error);
}

void
herald_import_summary_clear (HeraldImportSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->encoding, g_free);
  g_clear_pointer (&summary->address_column, g_free);
  g_clear_pointer (&summary->other_address_columns, g_strfreev);
  g_clear_pointer (&summary->changed_fields, g_strfreev);
  g_clear_pointer (&summary->changed_field_counts, g_free);
  g_clear_pointer (&summary->consent_column, g_free);
}
