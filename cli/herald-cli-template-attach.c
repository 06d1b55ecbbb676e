/* herald-cli-template-attach.c — `template attach`, `template detach` and
 * `template attach-field`: a stored template's attachments
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-cli-private.h"
#include "herald-parts.h"
#include "herald-template-attach.h"
#include "herald-templates.h"

/* The store and the template named @name, or an exit status. */
static int
open_template (HeraldCli              *cli,
               const char             *name,
               HeraldStore           **store,
               HeraldTemplateRecord  **record)
{
  g_autoptr(GError) error = NULL;

  if ((*store = _herald_cli_open_store (cli, &error)) == NULL ||
      (*record = herald_templates_find (*store, name, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  return HERALD_EXIT_OK;
}

/* Attaching a file, or removing an attached one, by its name. */
typedef HeraldTemplatePart *(*PartChange) (HeraldStore  *store,
                                           gint64        template_id,
                                           const char   *name,
                                           GError      **error);

/* @change for each of the @n_names @names in one transaction: all of
 * them or none. */
static int
change_each (HeraldStore  *store,
             gint64        template_id,
             char        **names,
             int           n_names,
             PartChange    change)
{
  g_autoptr(GError) error = NULL;

  if (!herald_store_begin (store, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  for (int i = 0; i < n_names; i++)
    {
      g_autoptr(HeraldTemplatePart) part = change (store, template_id, names[i], &error);

      if (part == NULL)
        {
          herald_store_rollback (store);
          return _herald_cli_fail (g_steal_pointer (&error));
        }
    }
  if (!herald_store_commit (store, &error))
    {
      herald_store_rollback (store);
      return _herald_cli_fail (g_steal_pointer (&error));
    }
  return HERALD_EXIT_OK;
}

/* `template attach NAME [FILE]…`: without files, print the attachments
 * for everyone (file name, a tab, size in bytes); with them, attach them. */
int
_herald_cli_template_attach (HeraldCli  *cli,
                             int         argc,
                             char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME [FILE]…"));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplateRecord) record = NULL;
  g_autoptr(HeraldTemplateParts) parts = NULL;
  HeraldStore *store = NULL;
  int status;

  g_option_context_set_summary (context, _("Attach files to every message of a template: each is read now and "
                                           "kept with the template (one of the same name is replaced). "
                                           "Without files, show the attachments: file name, a tab, size in bytes."));
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return _herald_cli_usage (context, _("Name the template."));
  if ((status = open_template (cli, argv[1], &store, &record)) != HERALD_EXIT_OK)
    return status;
  if (argc == 2)
    {
      if ((parts = herald_templates_load_parts (store, record->id, &error)) == NULL)
        return _herald_cli_fail (g_steal_pointer (&error));
      for (guint i = 0; i < parts->parts->len; i++)
        {
          const HeraldTemplatePart *part = g_ptr_array_index (parts->parts, i);

          if (part->kind == HERALD_PART_ATTACHMENT)
            g_print ("%s\t%" G_GSIZE_FORMAT "\n", part->filename, g_bytes_get_size (part->data));
        }
      return HERALD_EXIT_OK;
    }
  return change_each (store, record->id, argv + 2, argc - 2, herald_templates_attach_file);
}

/* `template detach NAME FILENAME…` */
int
_herald_cli_template_detach (HeraldCli  *cli,
                             int         argc,
                             char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME FILENAME…"));
  g_autoptr(HeraldTemplateRecord) record = NULL;
  HeraldStore *store = NULL;
  int status;

  g_option_context_set_summary (context, _("Stop attaching files to a template’s messages, named as "
                                           "“herald-cli template attach NAME” shows them."));
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc < 3)
    return _herald_cli_usage (context, _("Name the template and at least one attached file."));
  if ((status = open_template (cli, argv[1], &store, &record)) != HERALD_EXIT_OK)
    return status;
  return change_each (store, record->id, argv + 2, argc - 2, herald_templates_remove_attachment);
}

/* `template attach-field NAME [FIELD]… [--folder DIR] | --clear`: without
 * fields, print them (one a line) and then the folder ("folder<TAB>DIR"). */
int
_herald_cli_template_attach_field (HeraldCli  *cli,
                                   int         argc,
                                   char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME [FIELD]…"));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplateRecord) record = NULL;
  g_autoptr(HeraldTemplateParts) parts = NULL;
  g_autofree char *folder = NULL, *canonical = NULL;
  gboolean clear = FALSE;
  GOptionEntry entries[] = {
    { "folder", 0, 0, G_OPTION_ARG_FILENAME, &folder,
      N_("Read paths in the field that are not full paths from this folder"), N_("DIR") },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Attach no file of each recipient’s own any more"), NULL },
    { NULL }
  };
  HeraldStore *store = NULL;
  int status;

  g_option_context_set_summary (context, _("Attach to each recipient’s message the file a field of theirs names: "
                                           "a full path, or a path in the folder given with --folder. "
                                           "Without fields, show them, then “folder”, a tab and the folder."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return _herald_cli_usage (context, _("Name the template."));
  if (clear && (argc > 2 || folder != NULL))
    return _herald_cli_usage (context, _("--clear takes no fields and no --folder."));
  if (folder != NULL && argc == 2)
    return _herald_cli_usage (context, _("--folder goes with the fields it is for."));
  if ((status = open_template (cli, argv[1], &store, &record)) != HERALD_EXIT_OK)
    return status;
  if (argc == 2 && !clear)
    {
      if ((parts = herald_templates_load_parts (store, record->id, &error)) == NULL)
        return _herald_cli_fail (g_steal_pointer (&error));
      for (guint i = 0; i < parts->attach_fields->len; i++)
        g_print ("%s\n", (const char *) g_ptr_array_index (parts->attach_fields, i));
      if (parts->attach_folder != NULL)
        g_print ("folder\t%s\n", parts->attach_folder);
      return HERALD_EXIT_OK;
    }
  if (folder != NULL)
    {
      canonical = g_canonicalize_filename (folder, NULL);
      if (!g_file_test (canonical, G_FILE_TEST_IS_DIR))
        {
          g_printerr (_("“%s” is not a folder. Give the folder the recipients’ files are in.\n"), folder);
          return HERALD_EXIT_FAILED;
        }
    }
  else if (!clear)
    {
      /* New fields without --folder: the stored folder stays. */
      if ((parts = herald_templates_load_parts (store, record->id, &error)) == NULL)
        return _herald_cli_fail (g_steal_pointer (&error));
      canonical = g_strdup (parts->attach_folder);
    }
  if (!herald_templates_set_attach_fields (store, record->id, clear ? NULL : (const char * const *) argv + 2,
                                           canonical, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  return HERALD_EXIT_OK;
}
