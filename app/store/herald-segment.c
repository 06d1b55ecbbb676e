/* herald-segment.c — part of a list, chosen by conditions
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A segment is a list and conditions on its contacts' fields (and on what
 * Herald knows of each contact: the address, the subscription, the
 * suppression list, the day they joined, their consent), all of them or
 * any of them.
 * It is evaluated by SQLite: each condition becomes one fixed SQL
 * fragment of this file's with numbered parameters, and the field name
 * and the value are bound to them — nothing a user typed is ever part of
 * the SQL text.
 */
#define G_LOG_DOMAIN "herald-segment"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-date.h"
#include "herald-segment-private.h"

G_DEFINE_QUARK (herald-segment-error-quark, herald_segment_error)

static const char * const op_names[] = {
  [HERALD_SEGMENT_OP_EQUALS] = "=",
  [HERALD_SEGMENT_OP_NOT_EQUALS] = "!=",
  [HERALD_SEGMENT_OP_CONTAINS] = "contains",
  [HERALD_SEGMENT_OP_STARTS_WITH] = "starts-with",
  [HERALD_SEGMENT_OP_EMPTY] = "empty",
  [HERALD_SEGMENT_OP_NOT_EMPTY] = "not-empty",
  [HERALD_SEGMENT_OP_BEFORE] = "before",
  [HERALD_SEGMENT_OP_AFTER] = "after",
  [HERALD_SEGMENT_OP_IN] = "in",
};

const char *
herald_segment_op_to_string (HeraldSegmentOp op)
{
  g_return_val_if_fail (op < G_N_ELEMENTS (op_names), "?");
  return op_names[op];
}

gboolean
herald_segment_op_from_string (const char      *text,
                               HeraldSegmentOp *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (op_names); i++)
    if (g_ascii_strcasecmp (text, op_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  /* Other spellings people type. */
  if (g_str_equal (text, "==") || g_str_equal (text, "is"))
    *out = HERALD_SEGMENT_OP_EQUALS;
  else if (g_str_equal (text, "<>") || g_str_equal (text, "is-not"))
    *out = HERALD_SEGMENT_OP_NOT_EQUALS;
  else
    return FALSE;
  return TRUE;
}

static void
condition_free (gpointer data)
{
  HeraldSegmentCondition *c = data;

  g_free (c->field);
  g_free (c->value);
  g_free (c);
}

HeraldSegment *
herald_segment_new (const char *name,
                    gint64      list_id,
                    gboolean    match_any)
{
  HeraldSegment *self = g_new0 (HeraldSegment, 1);

  self->name = g_strdup (name);
  self->list_id = list_id;
  self->match_any = match_any;
  self->conditions = g_ptr_array_new_with_free_func (condition_free);
  return self;
}

void
herald_segment_free (HeraldSegment *segment)
{
  if (segment == NULL)
    return;
  g_free (segment->name);
  g_free (segment->list_name);
  g_ptr_array_unref (segment->conditions);
  g_free (segment);
}

/* "a, b、c" → ["a","b","c"] as JSON text, for "in": the Japanese comma
 * and the full-width one separate values too. */
static char *
values_to_json (const char  *value,
                guint       *out_n)
{
  g_autoptr(GString) norm = g_string_new (value);
  g_auto(GStrv) parts = NULL;
  GString *json = g_string_new ("[");
  guint n = 0;

  g_string_replace (norm, "、", ",", 0);
  g_string_replace (norm, "，", ",", 0);
  parts = g_strsplit (norm->str, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *item = g_strstrip (parts[i]);

      if (*item == '\0')
        continue;
      if (n++ > 0)
        g_string_append_c (json, ',');
      herald_json_append_string (json, item);
    }
  g_string_append_c (json, ']');
  *out_n = n;
  return g_string_free (json, FALSE);
}

/**
 * herald_segment_add_condition:
 * @value: (nullable): the value to compare with; none for empty and
 *   not-empty; a date for before and after (any form herald_date_parse()
 *   reads); values separated by commas for in
 *
 * Adds a condition after checking that it can be evaluated.
 */
gboolean
herald_segment_add_condition (HeraldSegment    *segment,
                              const char       *field,
                              HeraldSegmentOp   op,
                              const char       *value,
                              GError          **error)
{
  g_autofree char *name = field != NULL ? g_strstrip (g_strdup (field)) : NULL;
  g_autofree char *stored = NULL;
  HeraldSegmentCondition *c;

  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_INVALID,
                   _("A condition needs the name of a field."));
      return FALSE;
    }
  if (op == HERALD_SEGMENT_OP_EMPTY || op == HERALD_SEGMENT_OP_NOT_EMPTY)
    value = NULL;
  else if (value == NULL || *value == '\0' || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_INVALID,
                   /* TRANSLATORS: %s is a field name, then a comparison such as "contains" */
                   _("The condition on “%s” (%s) needs a value to compare with."),
                   field, herald_segment_op_to_string (op));
      return FALSE;
    }

  if (op == HERALD_SEGMENT_OP_BEFORE || op == HERALD_SEGMENT_OP_AFTER)
    {
      stored = herald_date_parse (value);
      if (stored == NULL)
        {
          g_set_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_INVALID,
                       _("“%s” is not a date Herald can read. Write it as 2026-12-06, "
                         "2026/12/06, 2026年12月6日 or 令和8年12月6日."), value);
          return FALSE;
        }
    }
  else if (op == HERALD_SEGMENT_OP_IN)
    {
      guint n;
      g_autofree char *json = values_to_json (value, &n);

      if (n == 0)
        {
          g_set_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_INVALID,
                       _("The condition on “%s” needs one or more values, separated by commas."),
                       field);
          return FALSE;
        }
      stored = g_strdup (value);
    }
  else if (value != NULL)
    stored = g_strdup (value);

  c = g_new0 (HeraldSegmentCondition, 1);
  c->field = g_steal_pointer (&name);
  c->op = op;
  c->value = g_steal_pointer (&stored);
  g_ptr_array_add (segment->conditions, c);
  return TRUE;
}

/* The field name at the start of a condition: in double quotes, or up
 * to white space, "=" or "!=". */
static char *
read_field (const char **p)
{
  const char *start = *p;

  if (*start == '"')
    {
      const char *end = strchr (start + 1, '"');

      if (end == NULL)
        return NULL;
      *p = end + 1;
      return g_strndup (start + 1, end - start - 1);
    }
  while (**p != '\0' && !g_ascii_isspace (**p) && **p != '=' && !g_str_has_prefix (*p, "!="))
    (*p)++;
  return *p == start ? NULL : g_strndup (start, *p - start);
}

/**
 * herald_segment_add_condition_text:
 * @text: "FIELD OP VALUE", e.g. `都道府県 = 東京都`, `誕生日 before
 *   2000/1/1`, `city in Tokyo, Osaka`, `電話 not-empty`; a field name
 *   with spaces in double quotes; "FIELD=VALUE" and "FIELD!=VALUE" too
 */
gboolean
herald_segment_add_condition_text (HeraldSegment  *segment,
                                   const char     *text,
                                   GError        **error)
{
  g_autofree char *field = NULL;
  g_autofree char *value = NULL;
  const char *p = text;
  HeraldSegmentOp op;
  gsize len;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    goto bad;
  while (g_ascii_isspace (*p))
    p++;
  if ((field = read_field (&p)) == NULL)
    goto bad;
  while (g_ascii_isspace (*p))
    p++;
  if (g_str_has_prefix (p, "!="))
    op = HERALD_SEGMENT_OP_NOT_EQUALS, p += 2;
  else if (g_str_has_prefix (p, "=="))
    op = HERALD_SEGMENT_OP_EQUALS, p += 2;
  else if (*p == '=')
    op = HERALD_SEGMENT_OP_EQUALS, p += 1;
  else
    {
      const char *start = p;
      g_autofree char *word = NULL;

      while (*p != '\0' && !g_ascii_isspace (*p))
        p++;
      word = g_strndup (start, p - start);
      if (!herald_segment_op_from_string (word, &op))
        goto bad;
    }

  value = g_strstrip (g_strdup (p));
  len = strlen (value);
  if (len >= 2 && value[0] == '"' && value[len - 1] == '"')
    {
      value[len - 1] = '\0';
      memmove (value, value + 1, len - 1);
    }
  if ((op == HERALD_SEGMENT_OP_EMPTY || op == HERALD_SEGMENT_OP_NOT_EMPTY) && *value != '\0')
    goto bad;
  return herald_segment_add_condition (segment, field, op, value, error);

bad:
  g_set_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_INVALID,
               _("Cannot read the condition “%s”. Write a field, a comparison "
                 "(=, !=, contains, starts-with, empty, not-empty, before, after, in) and a value, "
                 "e.g. “city = Tokyo”."), text != NULL && g_utf8_validate (text, -1, NULL) ? text : "");
  return FALSE;
}

/**
 * herald_segment_describe:
 *
 * Returns: (transfer full): the conditions as text, one "FIELD OP VALUE"
 *   after another, joined by "and" or "or"
 */
char *
herald_segment_describe (const HeraldSegment *segment)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < segment->conditions->len; i++)
    {
      const HeraldSegmentCondition *c = g_ptr_array_index (segment->conditions, i);

      if (i > 0)
        g_string_append (out, segment->match_any ? " or " : " and ");
      if (strpbrk (c->field, " \t\"=") != NULL)
        g_string_append_printf (out, "\"%s\"", c->field);
      else
        g_string_append (out, c->field);
      g_string_append_printf (out, " %s", herald_segment_op_to_string (c->op));
      if (c->value != NULL)
        g_string_append_printf (out, " %s", c->value);
    }
  return g_string_free (out, FALSE);
}

/* herald_date(text): herald_date_parse() for SQL. */
static void
date_sql (sqlite3_context *context,
          int              argc,
          sqlite3_value  **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  char *date = text != NULL ? herald_date_parse (text) : NULL;

  if (date == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, date, -1, g_free);
}

/**
 * herald_segment_prepare_connection:
 *
 * Registers the SQL function the conditions use (herald_date) on the
 * store's connection.
 */
gboolean
herald_segment_prepare_connection (HeraldStore  *store,
                                   GError      **error)
{
  int rc = sqlite3_create_function_v2 (herald_store_get_db (store), "herald_date", 1,
                                       SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                       NULL, date_sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return herald_store_set_error (store, rc, error);
  return TRUE;
}

/* The value a condition looks at, as SQL over "c" (contacts) and "m"
 * (list_members); @F is the parameter holding the field's name. */
static const char *
value_sql (const HeraldSegmentCondition *c)
{
  if (g_str_equal (c->field, HERALD_SEGMENT_FIELD_EMAIL))
    return "c.email";
  if (g_str_equal (c->field, HERALD_SEGMENT_FIELD_SUBSCRIPTION))
    return "m.status";
  if (g_str_equal (c->field, HERALD_SEGMENT_FIELD_SUPPRESSION))
    return "(SELECT s.reason FROM suppressions s WHERE s.email = c.email)";
  if (g_str_equal (c->field, HERALD_SEGMENT_FIELD_JOINED))
    return "date(m.added_at, 'unixepoch', 'localtime')";
  /* "given" when anything says when or how, as herald-cli contact consent shows it. */
  if (g_str_equal (c->field, HERALD_SEGMENT_FIELD_CONSENT))
    return "(CASE WHEN c.consent_declined <> 0 THEN 'declined'"
           " WHEN c.consent_at IS NOT NULL OR c.consent_source IS NOT NULL THEN 'given'"
           " ELSE 'unknown' END)";
  if (g_str_equal (c->field, HERALD_SEGMENT_FIELD_CONSENT_AT))
    return "date(c.consent_at, 'unixepoch', 'localtime')";
  return "(SELECT j.value FROM json_each(c.fields) j WHERE j.key = @F)";
}

/* One condition's test; @V is the value (value_sql()), @P the
 * parameter holding the value to compare with. */
static const char *
test_sql (HeraldSegmentOp op)
{
  switch (op)
    {
    case HERALD_SEGMENT_OP_EQUALS:
      return "trim(coalesce(@V, '')) = trim(@P) COLLATE NOCASE";
    case HERALD_SEGMENT_OP_NOT_EQUALS:
      return "trim(coalesce(@V, '')) <> trim(@P) COLLATE NOCASE";
    case HERALD_SEGMENT_OP_CONTAINS:
      return "instr(lower(coalesce(@V, '')), lower(@P)) > 0";
    case HERALD_SEGMENT_OP_STARTS_WITH:
      return "substr(lower(trim(coalesce(@V, ''))), 1, length(@P)) = lower(@P)";
    case HERALD_SEGMENT_OP_EMPTY:
      return "trim(coalesce(@V, '')) = ''";
    case HERALD_SEGMENT_OP_NOT_EMPTY:
      return "trim(coalesce(@V, '')) <> ''";
    case HERALD_SEGMENT_OP_BEFORE:
      return "herald_date(@V) < @P";
    case HERALD_SEGMENT_OP_AFTER:
      return "herald_date(@V) > @P";
    case HERALD_SEGMENT_OP_IN:
      return "lower(trim(coalesce(@V, ''))) IN (SELECT lower(value) FROM json_each(@P))";
    default:
      g_return_val_if_reached ("0");
    }
}

/**
 * herald_segment_where_sql:
 * @first_param: the number of the first SQL parameter the conditions may
 *   use; each uses two, from @first_param on
 *
 * Returns: (transfer full): the conditions as one SQL expression over
 *   "c" (contacts) and "m" (list_members) — "1" when there are none —
 *   made only of this file's fragments; bind with herald_segment_bind()
 */
char *
herald_segment_where_sql (const HeraldSegment *segment,
                          guint                first_param)
{
  GString *sql;

  if (segment == NULL || segment->conditions->len == 0)
    return g_strdup ("1");
  sql = g_string_new ("(");
  for (guint i = 0; i < segment->conditions->len; i++)
    {
      const HeraldSegmentCondition *c = g_ptr_array_index (segment->conditions, i);
      g_autofree char *field = g_strdup_printf ("?%u", first_param + 2 * i);
      g_autofree char *param = g_strdup_printf ("?%u", first_param + 2 * i + 1);
      g_autoptr(GString) fragment = NULL;

      if (i > 0)
        g_string_append (sql, segment->match_any ? " OR " : " AND ");
      fragment = g_string_new (test_sql (c->op));
      g_string_replace (fragment, "@V", value_sql (c), 0);
      g_string_replace (fragment, "@F", field, 0);
      g_string_replace (fragment, "@P", param, 0);
      g_string_append_c (sql, '(');
      g_string_append (sql, fragment->str);
      g_string_append_c (sql, ')');
    }
  g_string_append_c (sql, ')');
  return g_string_free (sql, FALSE);
}

/**
 * herald_segment_bind:
 *
 * Binds the field names and values of herald_segment_where_sql()'s
 * expression, copied (the statement may outlive @segment).
 */
void
herald_segment_bind (const HeraldSegment *segment,
                     sqlite3_stmt        *stmt,
                     guint                first_param)
{
  if (segment == NULL)
    return;
  for (guint i = 0; i < segment->conditions->len; i++)
    {
      const HeraldSegmentCondition *c = g_ptr_array_index (segment->conditions, i);
      guint field_param = first_param + 2 * i;

      /* A parameter the fragment does not use (Herald's own fields,
       * empty, not-empty) may be past the last one: SQLITE_RANGE then,
       * which changes nothing. */
      sqlite3_bind_text (stmt, field_param, c->field, -1, SQLITE_TRANSIENT);
      if (c->op == HERALD_SEGMENT_OP_IN)
        {
          guint n;
          char *json = values_to_json (c->value, &n);

          sqlite3_bind_text (stmt, field_param + 1, json, -1, g_free);
        }
      else if (c->op == HERALD_SEGMENT_OP_BEFORE || c->op == HERALD_SEGMENT_OP_AFTER)
        {
          /* Stored as written; compared as YYYY-MM-DD. */
          char *date = herald_date_parse (c->value);

          sqlite3_bind_text (stmt, field_param + 1, date != NULL ? date : "", -1,
                             date != NULL ? g_free : SQLITE_STATIC);
        }
      else if (c->value != NULL)
        sqlite3_bind_text (stmt, field_param + 1, c->value, -1, SQLITE_TRANSIENT);
    }
}

/**
 * herald_segment_count:
 *
 * Counts the list's contacts that match (saved or not: the window shows
 * the count while the conditions are edited). Unsubscribed and
 * suppressed contacts count when they match; a campaign leaves them out.
 *
 * Returns: the number, or -1 with @error set
 */
gint64
herald_segment_count (HeraldStore          *store,
                      const HeraldSegment  *segment,
                      GError              **error)
{
  g_autofree char *where = herald_segment_where_sql (segment, 2);
  g_autofree char *sql = g_strconcat ("SELECT count(*) FROM list_members m"
                                      " JOIN contacts c ON c.id = m.contact_id"
                                      " WHERE m.list_id = ?1 AND ", where, NULL);
  sqlite3_stmt *stmt;

  if (!herald_segment_prepare_connection (store, error) ||
      (stmt = herald_store_prepare (store, sql, error)) == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, segment->list_id);
  herald_segment_bind (segment, stmt, 2);
  return herald_store_step_count (store, stmt, error);
}

/* The conditions as the JSON the segments table keeps (herald-segment-edit.c too). */
char *
herald_segment_conditions_json (const HeraldSegment *segment)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < segment->conditions->len; i++)
    {
      const HeraldSegmentCondition *c = g_ptr_array_index (segment->conditions, i);

      if (i > 0)
        g_string_append_c (json, ',');
      g_string_append (json, "{\"field\":");
      herald_json_append_string (json, c->field);
      g_string_append (json, ",\"op\":");
      herald_json_append_string (json, herald_segment_op_to_string (c->op));
      if (c->value != NULL)
        {
          g_string_append (json, ",\"value\":");
          herald_json_append_string (json, c->value);
        }
      g_string_append_c (json, '}');
    }
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

/**
 * herald_segment_save:
 *
 * Stores a new segment under its name.
 *
 * Returns: its id, or -1 with @error set (%HERALD_SEGMENT_ERROR_EXISTS
 *   when the name is taken)
 */
gint64
herald_segment_save (HeraldStore          *store,
                     const HeraldSegment  *segment,
                     GError              **error)
{
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;
  gint64 id = -1;
  int rc;

  if (segment->name == NULL || *segment->name == '\0' || !g_utf8_validate (segment->name, -1, NULL))
    {
      g_set_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_INVALID,
                   _("A segment needs a name."));
      return -1;
    }
  if (segment->conditions->len == 0)
    {
      g_set_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_INVALID,
                   _("A segment needs at least one condition."));
      return -1;
    }
  json = herald_segment_conditions_json (segment);
  stmt = herald_store_prepare (store,
      "INSERT INTO segments (name, list_id, match_any, conditions) VALUES (?1, ?2, ?3, json (?4))"
      " RETURNING id", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, segment->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, segment->list_id);
  sqlite3_bind_int (stmt, 3, segment->match_any ? 1 : 0);
  sqlite3_bind_text (stmt, 4, json, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else
    rc = sqlite3_reset (stmt);
  sqlite3_finalize (stmt);
  if (id > 0)
    return id;
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    g_set_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_EXISTS,
                 _("A segment named “%s” exists already. Choose another name."), segment->name);
  else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    g_set_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND,
                 _("The segment’s list does not exist any more."));
  else
    herald_store_set_error (store, rc, error);
  return -1;
}

#define SEGMENT_COLUMNS "s.id, s.name, s.list_id, l.name, s.match_any, s.conditions"

/* A segment from a row of SEGMENT_COLUMNS; its conditions read by SQLite's
 * JSON functions. */
static HeraldSegment *
segment_from_row (HeraldStore   *store,
                  sqlite3_stmt  *row,
                  GError       **error)
{
  g_autoptr(HeraldSegment) segment = herald_segment_new ((const char *) sqlite3_column_text (row, 1),
                                                         sqlite3_column_int64 (row, 2),
                                                         sqlite3_column_int (row, 4) != 0);
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT json_extract (value, '$.field'), json_extract (value, '$.op'),"
      " json_extract (value, '$.value') FROM json_each (?1) ORDER BY key", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  segment->id = sqlite3_column_int64 (row, 0);
  segment->list_name = g_strdup ((const char *) sqlite3_column_text (row, 3));
  sqlite3_bind_text (stmt, 1, (const char *) sqlite3_column_text (row, 5), -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeraldSegmentCondition *c = g_new0 (HeraldSegmentCondition, 1);
      HeraldSegmentOp op = HERALD_SEGMENT_OP_EQUALS;

      herald_segment_op_from_string ((const char *) sqlite3_column_text (stmt, 1), &op);
      c->field = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      c->op = op;
      c->value = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_ptr_array_add (segment->conditions, c);
    }
  if (!herald_store_finish (store, stmt, rc, NULL, error))
    return NULL;
  return g_steal_pointer (&segment);
}

HeraldSegment *
herald_segment_find (HeraldStore  *store,
                     const char   *name,
                     GError      **error)
{
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT " SEGMENT_COLUMNS " FROM segments s JOIN lists l ON l.id = s.list_id WHERE s.name = ?1",
      error);
  HeraldSegment *segment = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    segment = segment_from_row (store, stmt, error);
  else if (rc == SQLITE_DONE)
    g_set_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_NOT_FOUND,
                 _("There is no segment named “%s”. Check the name against your segments."), name);
  else
    herald_store_set_error (store, rc, error);
  sqlite3_finalize (stmt);
  return segment;
}

/**
 * herald_segment_list:
 *
 * Returns: (transfer container) (element-type HeraldSegment): every
 *   segment, by name; %NULL with @error set
 */
GPtrArray *
herald_segment_list (HeraldStore  *store,
                     GError      **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_segment_free);
  sqlite3_stmt *stmt = herald_store_prepare (store,
      "SELECT " SEGMENT_COLUMNS " FROM segments s JOIN lists l ON l.id = s.list_id ORDER BY s.name",
      error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeraldSegment *segment = segment_from_row (store, stmt, error);

      if (segment == NULL)
        {
          sqlite3_finalize (stmt);
          return NULL;
        }
      g_ptr_array_add (all, segment);
    }
  if (!herald_store_finish (store, stmt, rc, NULL, error))
    return NULL;
  return g_steal_pointer (&all);
}

/**
 * herald_segment_remove:
 *
 * Removes a saved segment; campaigns made with it keep their recipients.
 */
gboolean
herald_segment_remove (HeraldStore  *store,
                       const char   *name,
                       GError      **error)
{
  guint64 changes = 0;

  if (!herald_store_run_with_text (store, "DELETE FROM segments WHERE name = ?1", name, &changes, error))
    return FALSE;
  if (changes == 0)
    {
      g_set_error (error, HERALD_SEGMENT_ERROR, HERALD_SEGMENT_ERROR_NOT_FOUND,
                   _("There is no segment named “%s”. Check the name against your segments."), name);
      return FALSE;
    }
  return TRUE;
}
