/* herald-cli-lists.c — `init`, `lists` and `contacts`
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "herald-cli-private.h"
#include "herald-contacts.h"
#include "herald-csv-write.h"
#include "herald-demo.h"

int
_herald_cli_init (HeraldCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  gboolean demo = FALSE;
  HeraldStore *store;
  int status;
  const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, N_("Add the sample list, template and the Outbox account"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Create the database, or bring it up to date."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return _herald_cli_usage (context, _("init takes no arguments."));

  store = _herald_cli_open_store (cli, &error);
  if (store == NULL || !herald_store_ensure_outbox (store, &error))
    return _herald_cli_fail (g_steal_pointer (&error));

  if (demo && !herald_demo_load (store, &error))
    return _herald_cli_fail (g_steal_pointer (&error));

  g_printerr (_("Database ready: %s\n"), herald_store_get_path (store));
  return HERALD_EXIT_OK;
}

int
_herald_cli_lists (HeraldCli  *cli,
                   int         argc,
                   char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  HeraldStore *store;
  int status;

  g_option_context_set_summary (context, _("Show each list: its name, a tab, and its number of contacts."));
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return _herald_cli_usage (context, _("lists takes no arguments."));

  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (lists = herald_store_dup_lists (store, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));

  for (guint i = 0; i < lists->len; i++)
    {
      HeraldListInfo *info = g_ptr_array_index (lists, i);
      g_print ("%s\t%" G_GINT64_FORMAT "\n", info->name, info->n_contacts);
    }
  return HERALD_EXIT_OK;
}

int
_herald_cli_contacts (HeraldCli  *cli,
                      int         argc,
                      char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldContactCursor) cursor = NULL;
  g_autoptr(GString) line = g_string_sized_new (256);
  g_autofree char *list = NULL;
  g_autofree char *format = NULL;
  const HeraldContactRow *row;
  const char * const *fields;
  HeraldStore *store;
  gint64 list_id;
  guint n_fields;
  int status;
  const GOptionEntry entries[] = {
    { "list", 0, 0, G_OPTION_ARG_STRING, &list, N_("The list to print"), N_("NAME") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format (only csv)"), N_("FORMAT") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Print a list’s contacts as UTF-8 CSV: a header row, email first, then the fields."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (list == NULL)
    return _herald_cli_usage (context, _("contacts needs --list NAME."));
  if (format != NULL && !g_str_equal (format, "csv"))
    return _herald_cli_usage (context, _("The only format is csv."));
  if (argc > 1)
    return _herald_cli_usage (context, _("Unexpected argument."));

  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (list_id = herald_store_find_list (store, list, &error)) < 0 ||
      (cursor = herald_contact_cursor_new (store, list_id, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));

  fields = herald_contact_cursor_get_fields (cursor);
  n_fields = g_strv_length ((char **) fields);
  herald_csv_append_field (line, "email");
  for (guint i = 0; i < n_fields; i++)
    {
      g_string_append_c (line, ',');
      herald_csv_append_field (line, fields[i]);
    }
  g_string_append (line, "\r\n");

  while ((row = herald_contact_cursor_next (cursor, &error)) != NULL)
    {
      herald_csv_append_field (line, row->email);
      for (guint i = 0; i < n_fields; i++)
        {
          g_string_append_c (line, ',');
          herald_csv_append_field (line, row->values[i]);
        }
      g_string_append (line, "\r\n");
      if (line->len > 60000)
        {
          fwrite (line->str, 1, line->len, stdout);
          g_string_truncate (line, 0);
        }
    }
  fwrite (line->str, 1, line->len, stdout);
  if (error != NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  return fflush (stdout) == 0 ? HERALD_EXIT_OK : HERALD_EXIT_FAILED;
}
