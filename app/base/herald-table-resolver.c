/* herald-table-resolver.c — a GResolver that answers from a table
 *
 * FOR TESTS ONLY. The pre-send checks ask DNS for MX, A/AAAA and TXT
 * records; the machines the tests run on have no network, so the tests
 * install this resolver (g_resolver_set_default) in place of DNS. The
 * command line installs it only when HERALD_TEST_DNS names a table file.
 *
 * A table has one record a line, "TYPE NAME VALUE", '#' starting a
 * comment:
 *
 *   MX    example.jp              10 mx.example.jp
 *   A     example.jp              192.0.2.1
 *   AAAA  example.jp              2001:db8::1
 *   TXT   example.jp              v=spf1 include:_spf.example.jp -all
 *   FAIL  broken.example          (any lookup fails: "temporary failure")
 *   SLOW  slow.example            (no answer for 30 s, or until cancelled)
 *
 * A name without a record of the type asked for is "not found", as DNS
 * says for NXDOMAIN and for a name with no such record.
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-base"

#include "config.h"

#include <string.h>

#include "herald-table-resolver.h"

typedef struct
{
  char *type;    /* MX, A, AAAA, TXT, FAIL, SLOW */
  char *name;    /* lower case, no trailing dot */
  char *value;
} Entry;

struct _HeraldTableResolver
{
  GResolver  parent_instance;
  GPtrArray *entries;    /* (element-type Entry) */
};

G_DEFINE_FINAL_TYPE (HeraldTableResolver, herald_table_resolver, G_TYPE_RESOLVER)

#define SLOW_SECONDS 30

static void
entry_free (Entry *e)
{
  g_free (e->type);
  g_free (e->name);
  g_free (e->value);
  g_free (e);
}

static char *
fold_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  gsize len = strlen (lower);

  if (len > 0 && lower[len - 1] == '.')
    lower[len - 1] = '\0';
  return g_steal_pointer (&lower);
}

static gboolean
has_type (HeraldTableResolver *self,
          const char          *name,
          const char          *type)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (self->entries, i);

      if (strcmp (e->name, name) == 0 && strcmp (e->type, type) == 0)
        return TRUE;
    }
  return FALSE;
}

/* FAIL and SLOW: whether the name answers at all. */
static gboolean
check_reachable (HeraldTableResolver *self,
                 const char          *name,
                 GCancellable        *cancellable,
                 GError             **error)
{
  if (has_type (self, name, "FAIL"))
    {
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE,
                   "Temporary failure in name resolution (test table: %s)", name);
      return FALSE;
    }
  if (has_type (self, name, "SLOW"))
    {
      for (int i = 0; i < SLOW_SECONDS * 20; i++)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          g_usleep (G_USEC_PER_SEC / 20);
        }
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE,
                   "Timed out (test table: %s)", name);
      return FALSE;
    }
  return TRUE;
}

static GList *
lookup_by_name (GResolver     *resolver,
                const char    *hostname,
                GCancellable  *cancellable,
                GError       **error)
{
  HeraldTableResolver *self = HERALD_TABLE_RESOLVER (resolver);
  g_autofree char *name = fold_name (hostname);
  GList *found = NULL;

  if (!check_reachable (self, name, cancellable, error))
    return NULL;
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (self->entries, i);
      GInetAddress *address;

      if (strcmp (e->name, name) != 0 || (strcmp (e->type, "A") != 0 && strcmp (e->type, "AAAA") != 0))
        continue;
      if ((address = g_inet_address_new_from_string (e->value)) != NULL)
        found = g_list_append (found, address);
    }
  if (found == NULL)
    g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                 "No address for “%s” (test table)", hostname);
  return found;
}

static GVariant *
record_variant (GResolverRecordType  type,
                const char          *value)
{
  if (type == G_RESOLVER_RECORD_MX)
    {
      char *end = NULL;
      guint64 pref = g_ascii_strtoull (value, &end, 10);

      if (end == value)
        return g_variant_new ("(qs)", (guint16) 10, value);
      while (*end == ' ' || *end == '\t')
        end++;
      return g_variant_new ("(qs)", (guint16) MIN (pref, G_MAXUINT16), end);
    }
  else
    {
      const char *strings[] = { value, NULL };

      return g_variant_new ("(^as)", strings);
    }
}

static GList *
lookup_records (GResolver            *resolver,
                const char           *rrname,
                GResolverRecordType   record_type,
                GCancellable         *cancellable,
                GError              **error)
{
  HeraldTableResolver *self = HERALD_TABLE_RESOLVER (resolver);
  g_autofree char *name = fold_name (rrname);
  const char *type = record_type == G_RESOLVER_RECORD_MX ? "MX" :
                     record_type == G_RESOLVER_RECORD_TXT ? "TXT" : NULL;
  GList *found = NULL;

  if (!check_reachable (self, name, cancellable, error))
    return NULL;
  for (guint i = 0; type != NULL && i < self->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (self->entries, i);

      if (strcmp (e->name, name) == 0 && strcmp (e->type, type) == 0)
        found = g_list_append (found, g_variant_ref_sink (record_variant (record_type, e->value)));
    }
  if (found == NULL)
    g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                 "No %s record for “%s” (test table)", type != NULL ? type : "such", rrname);
  return found;
}

static char *
lookup_by_address (GResolver     *resolver,
                   GInetAddress  *address,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No reverse names in the test table");
  return NULL;
}

static GList *lookup_by_name_with_flags (GResolver *resolver, const char *hostname, GResolverNameLookupFlags flags,
                                        GCancellable *cancellable, GError **error);

/* The async forms run the sync ones in a thread, as GLib's own resolver
 * does; a cancelled lookup returns at once. */
typedef struct
{
  char                *name;
  GResolverRecordType  type;    /* 0: by name */
  GResolverNameLookupFlags flags;
} AsyncData;

static void
async_data_free (AsyncData *data)
{
  g_free (data->name);
  g_free (data);
}

static void
async_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  AsyncData *data = task_data;
  GError *error = NULL;
  GList *found;

  if (data->type == 0)
    {
      found = lookup_by_name_with_flags (source, data->name, data->flags, cancellable, &error);
      if (found != NULL)
        g_task_return_pointer (task, found, (GDestroyNotify) g_resolver_free_addresses);
      else
        g_task_return_error (task, error);
    }
  else
    {
      found = lookup_records (source, data->name, data->type, cancellable, &error);
      if (found != NULL)
        g_task_return_pointer (task, found, (GDestroyNotify) g_resolver_free_targets);
      else
        g_task_return_error (task, error);
    }
}

static void
start_async (GResolver           *resolver,
             const char          *name,
             GResolverRecordType  type,
             GResolverNameLookupFlags flags,
             gpointer             tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  AsyncData *data = g_new0 (AsyncData, 1);

  data->name = g_strdup (name);
  data->type = type;
  data->flags = flags;
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, data, (GDestroyNotify) async_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, async_thread);
}

static void
lookup_by_name_async (GResolver           *resolver,
                      const char          *hostname,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  start_async (resolver, hostname, 0, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, lookup_by_name_async, cancellable, callback, user_data);
}

/* GSocketClient asks for IPv4 and IPv6 apart: the flags choose the family. */
static GList *
lookup_by_name_with_flags (GResolver                 *resolver,
                           const char                *hostname,
                           GResolverNameLookupFlags   flags,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  GList *found = lookup_by_name (resolver, hostname, cancellable, error);
  GSocketFamily drop = (flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY) ? G_SOCKET_FAMILY_IPV6 :
                       (flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY) ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_INVALID;

  for (GList *l = found; l != NULL && drop != G_SOCKET_FAMILY_INVALID;)
    {
      GList *next = l->next;

      if (g_inet_address_get_family (l->data) == drop)
        {
          g_object_unref (l->data);
          found = g_list_delete_link (found, l);
        }
      l = next;
    }
  if (found == NULL && error != NULL && *error == NULL)
    g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                 "No address of that family for “%s” (test table)", hostname);
  return found;
}

static void
lookup_by_name_with_flags_async (GResolver                 *resolver,
                                 const char                *hostname,
                                 GResolverNameLookupFlags   flags,
                                 GCancellable              *cancellable,
                                 GAsyncReadyCallback        callback,
                                 gpointer                   user_data)
{
  start_async (resolver, hostname, 0, flags, lookup_by_name_with_flags_async, cancellable, callback, user_data);
}

static GList *
lookup_finish (GResolver     *resolver,
               GAsyncResult  *result,
               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
lookup_records_async (GResolver           *resolver,
                      const char          *rrname,
                      GResolverRecordType  record_type,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  start_async (resolver, rrname, record_type, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, lookup_records_async, cancellable, callback, user_data);
}

static void
herald_table_resolver_finalize (GObject *object)
{
  HeraldTableResolver *self = HERALD_TABLE_RESOLVER (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  G_OBJECT_CLASS (herald_table_resolver_parent_class)->finalize (object);
}

static void
herald_table_resolver_class_init (HeraldTableResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  object_class->finalize = herald_table_resolver_finalize;
  resolver_class->lookup_by_name = lookup_by_name;
  resolver_class->lookup_by_name_async = lookup_by_name_async;
  resolver_class->lookup_by_name_finish = lookup_finish;
  resolver_class->lookup_by_name_with_flags = lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = lookup_finish;
  resolver_class->lookup_by_address = lookup_by_address;
  resolver_class->lookup_records = lookup_records;
  resolver_class->lookup_records_async = lookup_records_async;
  resolver_class->lookup_records_finish = lookup_finish;
}

static void
herald_table_resolver_init (HeraldTableResolver *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
}

/* "TYPE NAME VALUE": the first two words, and the rest as it is. */
static GStrv
split_record (const char *line)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  const char *p = line;
  GStrv parts;

  for (int i = 0; i < 2 && *p != '\0'; i++)
    {
      const char *end = strchr (p, ' ') != NULL ? strchr (p, ' ') : p + strlen (p);
      g_autofree char *word = g_strndup (p, end - p);

      g_strv_builder_add (builder, word);
      p = end;
      while (*p == ' ')
        p++;
    }
  if (*p != '\0')
    g_strv_builder_add (builder, p);
  parts = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return parts;
}

/**
 * herald_table_resolver_new:
 * @table: the records, one "TYPE NAME VALUE" a line
 *
 * For tests only: see the top of this file.
 *
 * Returns: (transfer full): the resolver, or %NULL with @error set when a
 *   line is not a record
 */
HeraldTableResolver *
herald_table_resolver_new (const char  *table,
                           GError     **error)
{
  g_autoptr(HeraldTableResolver) self = g_object_new (HERALD_TYPE_TABLE_RESOLVER, NULL);
  g_auto(GStrv) lines = g_strsplit (table, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      g_auto(GStrv) parts = NULL;
      Entry *e;
      char *hash;

      if ((hash = strchr (line, '#')) != NULL && (hash == line || hash[-1] == ' ' || hash[-1] == '\t'))
        *hash = '\0';
      g_strstrip (line);
      if (*line == '\0')
        continue;
      g_strdelimit (line, "\t", ' ');
      parts = split_record (line);
      if (g_strv_length (parts) < 2 ||
          !g_strv_contains ((const char * const[]) { "MX", "A", "AAAA", "TXT", "FAIL", "SLOW", NULL }, parts[0]) ||
          (g_strv_length (parts) < 3 && strcmp (parts[0], "FAIL") != 0 && strcmp (parts[0], "SLOW") != 0))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "DNS test table, line %u: expected “TYPE NAME VALUE” (MX, A, AAAA, TXT) or “FAIL NAME” or “SLOW NAME”", i + 1);
          return NULL;
        }
      e = g_new0 (Entry, 1);
      e->type = g_strdup (parts[0]);
      e->name = fold_name (parts[1]);
      e->value = g_strdup (parts[2] != NULL ? g_strstrip (parts[2]) : "");
      g_ptr_array_add (self->entries, e);
    }
  return g_steal_pointer (&self);
}

HeraldTableResolver *
herald_table_resolver_new_from_file (const char  *path,
                                     GError     **error)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  return herald_table_resolver_new (text, error);
}

/**
 * herald_table_resolver_install_from_env:
 *
 * FOR TESTS: when HERALD_TEST_DNS names a table file, makes a resolver of
 * it the process's default, in place of DNS. Does nothing otherwise.
 *
 * Returns: %FALSE with @error set when the file cannot be read or parsed
 */
gboolean
herald_table_resolver_install_from_env (GError **error)
{
  const char *path = g_getenv ("HERALD_TEST_DNS");
  g_autoptr(HeraldTableResolver) resolver = NULL;

  if (path == NULL || *path == '\0')
    return TRUE;
  if ((resolver = herald_table_resolver_new_from_file (path, error)) == NULL)
    return FALSE;
  g_resolver_set_default (G_RESOLVER (resolver));
  return TRUE;
}
