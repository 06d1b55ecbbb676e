/* herald-cli-template.c — `template add`, `template list`, `template starters`
 * and `template map`
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-cli-private.h"
#include "herald-blocks.h"
#include "herald-parts.h"
#include "herald-starters.h"
#include "herald-template.h"
#include "herald-templates.h"

static gboolean
read_utf8_file (const char  *path,
                char       **contents,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize len;

  if (!g_file_get_contents (path, contents, &len, &local_error))
    {
      g_set_error (error, G_FILE_ERROR, local_error->code,
                   _("Cannot read “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  if (!g_utf8_validate_len (*contents, len, NULL))
    {
      g_clear_pointer (contents, g_free);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("“%s” is not UTF-8 text (or contains a NUL byte). Save it as UTF-8 and try again."),
                   path);
      return FALSE;
    }
  return TRUE;
}

/* Compiles a part so that a mistake is reported now, with its position,
 * rather than when a campaign starts. */
static gboolean
check_part (const char             *what,
            const char             *source,
            HeraldTemplateContext   context,
            GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(HeraldTemplate) compiled = herald_template_compile (source, context, NULL, &local_error);

  if (compiled != NULL)
    return TRUE;
  /* TRANSLATORS: first %s is "subject", "HTML" or "text"; second is the error */
  g_set_error (error, HERALD_TEMPLATE_ERROR, local_error->code, _("In the %s: %s"), what, local_error->message);
  return FALSE;
}

/* `template add NAME --starter STARTER [--lang ja|en]` */
static int
template_add_starter (HeraldCli  *cli,
                      const char *name,
                      const char *starter,
                      const char *lang)
{
  g_autoptr(GError) error = NULL;
  HeraldStore *store;

  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      herald_starter_add (store, name, starter, lang, &error) < 0)
    return _herald_cli_fail (g_steal_pointer (&error));
  g_printerr (_("Template “%s” made from the starter “%s” (%s).\n"), name, starter,
              lang != NULL ? lang : herald_starters_default_language ());
  _herald_cli_warn_business_missing (store);
  return HERALD_EXIT_OK;
}

static int
template_add (HeraldCli  *cli,
              int         argc,
              char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME"));
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL, *html_path = NULL, *text_path = NULL, *blocks_path = NULL;
  g_autofree char *blocks = NULL, *blocks_embedded = NULL;
  g_autofree char *starter = NULL, *lang = NULL, *charset = NULL;
  HeraldCharset charset_value;
  g_autofree char *html = NULL, *text = NULL, *embedded = NULL, *base_dir = NULL;
  g_auto(GStrv) attach = NULL, attach_fields = NULL;
  g_autoptr(HeraldTemplateParts) parts = herald_template_parts_new ();
  HeraldTemplateRecord record = { 0 };
  gboolean embed_remote = FALSE;
  HeraldStore *store;
  gint64 id;
  int status;
  const GOptionEntry entries[] = {
    { "subject", 0, 0, G_OPTION_ARG_STRING, &subject, N_("The subject line; may hold merge fields"), N_("TEXT") },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &html_path, N_("The HTML body (UTF-8)"), N_("FILE") },
    { "blocks", 0, 0, G_OPTION_ARG_FILENAME, &blocks_path,
      N_("The body as a block document (JSON, UTF-8) instead of HTML: Herald writes the HTML"), N_("FILE") },
    { "text", 0, 0, G_OPTION_ARG_FILENAME, &text_path, N_("The plain-text body; generated from the HTML when absent"), N_("FILE") },
    { "attach", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &attach, N_("Attach this file for everyone (repeatable; stored with the template)"), N_("FILE") },
    { "attach-field", 0, 0, G_OPTION_ARG_STRING_ARRAY, &attach_fields,
      N_("Attach, for each recipient, the file whose full path this field holds (repeatable)"), N_("FIELD") },
    { "embed-remote", 0, 0, G_OPTION_ARG_NONE, &embed_remote, N_("Also fetch and embed http/https images"), NULL },
    { "starter", 0, 0, G_OPTION_ARG_STRING, &starter,
      N_("Make the template from a starter template (“herald-cli template starters” lists them)"), N_("STARTER") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang,
      N_("The starter’s language: ja or en (default: the user interface’s, else en)"), N_("ja|en") },
    { "charset", 0, 0, G_OPTION_ARG_STRING, &charset,
      N_("Write this template’s messages in utf-8 or iso-2022-jp, whatever the account’s charset (default: the account’s)"),
      N_("CHARSET") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Store a template, replacing one of the same name; or, with --starter, "
                                           "make a new one from a starter template (never replacing one)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return _herald_cli_usage (context, _("template add needs exactly one NAME."));
  if (starter != NULL)
    {
      if (subject != NULL || html_path != NULL || blocks_path != NULL || text_path != NULL || attach != NULL ||
          attach_fields != NULL || embed_remote)
        return _herald_cli_usage (context, _("template add --starter takes only --lang beside it."));
      return template_add_starter (cli, argv[1], starter, lang);
    }
  if (lang != NULL)
    return _herald_cli_usage (context, _("--lang goes with --starter."));
  if (html_path != NULL && blocks_path != NULL)
    return _herald_cli_usage (context, _("template add takes --html or --blocks, not both."));
  if (subject == NULL || (html_path == NULL && blocks_path == NULL))
    return _herald_cli_usage (context, _("template add needs --subject and --html (or --blocks)."));
  if (charset != NULL && !herald_charset_from_string (charset, &charset_value))
    return _herald_cli_usage (context, _("--charset must be utf-8 or iso-2022-jp."));

  /* A block document: its image files are stored with the template (paths
   * relative to the document's folder), then Herald writes its HTML. */
  if (blocks_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (blocks_path);
      g_autofree char *canonical = g_canonicalize_filename (dir, NULL);

      if (!read_utf8_file (blocks_path, &blocks, &error) ||
          !herald_blocks_embed_images (blocks, canonical, parts, &blocks_embedded, &error) ||
          (html = herald_blocks_render_html (blocks_embedded, &error)) == NULL)
        return _herald_cli_fail (g_steal_pointer (&error));
    }
  if ((html == NULL && !read_utf8_file (html_path, &html, &error)) ||
      (text_path != NULL && !read_utf8_file (text_path, &text, &error)) ||
      !check_part (_("subject"), subject, HERALD_TEMPLATE_CONTEXT_HEADER, &error) ||
      !check_part (_("HTML"), html, HERALD_TEMPLATE_CONTEXT_HTML, &error) ||
      (text != NULL && !check_part (_("text"), text, HERALD_TEMPLATE_CONTEXT_TEXT, &error)))
    return _herald_cli_fail (g_steal_pointer (&error));

  /* Local images become "cid:" parts; relative paths are beside the HTML.
   * (A block document's were stored above, and its HTML is the engine's.) */
  if (blocks_path != NULL)
    embedded = g_steal_pointer (&html);
  else
    {
      g_autofree char *dir = g_path_get_dirname (html_path);
      base_dir = g_canonicalize_filename (dir, NULL);
    }
  if (blocks_path != NULL && embed_remote)
    return _herald_cli_usage (context, _("--embed-remote goes with --html."));
  if (blocks_path == NULL &&
      !herald_parts_embed_images (html, base_dir, HERALD_EMBED_LOCAL | (embed_remote ? HERALD_EMBED_REMOTE : 0),
                                  parts, &embedded, NULL, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  for (guint i = 0; attach != NULL && attach[i] != NULL; i++)
    {
      HeraldTemplatePart *part = herald_parts_attach_file (attach[i], &error);

      if (part == NULL)
        return _herald_cli_fail (g_steal_pointer (&error));
      g_ptr_array_add (parts->parts, part);
    }
  for (guint i = 0; attach_fields != NULL && attach_fields[i] != NULL; i++)
    {
      if (*attach_fields[i] == '\0')
        return _herald_cli_usage (context, _("--attach-field needs a field name."));
      g_ptr_array_add (parts->attach_fields, g_strdup (attach_fields[i]));
    }

  record.name = argv[1];
  record.subject = subject;
  record.html = embedded;
  record.blocks = blocks_embedded;
  record.text = text;
  record.text_edited = text != NULL;

  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      !herald_store_begin (store, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  if ((id = herald_templates_save (store, &record, &error)) < 0 ||
      !herald_templates_save_parts (store, id, parts, &error) ||
      (charset != NULL && !herald_templates_set_charset (store, id, charset, &error)) ||
      !herald_store_commit (store, &error))
    {
      herald_store_rollback (store);
      return _herald_cli_fail (g_steal_pointer (&error));
    }
  return HERALD_EXIT_OK;
}

static int
template_list (HeraldCli  *cli,
               int         argc,
               char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  HeraldStore *store;
  int status;

  g_option_context_set_summary (context, _("Show each template: its name, a tab, and its subject."));
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return _herald_cli_usage (context, _("template list takes no arguments."));

  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (records = herald_templates_list (store, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  for (guint i = 0; i < records->len; i++)
    {
      HeraldTemplateRecord *record = g_ptr_array_index (records, i);
      g_print ("%s\t%s\n", record->name, record->subject);
    }
  return HERALD_EXIT_OK;
}

/* `template charset NAME [utf-8|iso-2022-jp|account]`: print or set the
 * charset the template's messages are written in. */
static int
template_charset (HeraldCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME [utf-8|iso-2022-jp|account]"));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplateRecord) record = NULL;
  HeraldCharset value;
  HeraldStore *store;
  int status;

  g_option_context_set_summary (context, _("Print or set the charset a template’s messages are written in, "
                                           "whatever their account’s: utf-8, iso-2022-jp (for older Japanese "
                                           "mail programs and phones), or account (the account’s own)."));
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc < 2 || argc > 3)
    return _herald_cli_usage (context, _("template charset needs a NAME, and optionally utf-8, iso-2022-jp or account."));
  if (argc == 3 && !g_str_equal (argv[2], "account") && !herald_charset_from_string (argv[2], &value))
    return _herald_cli_usage (context, _("The charset must be utf-8, iso-2022-jp or account."));
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (record = herald_templates_find (store, argv[1], &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  if (argc == 2)
    {
      g_print ("%s\n", record->charset != NULL ? record->charset : "account");
      return HERALD_EXIT_OK;
    }
  if (!herald_templates_set_charset (store, record->id, g_str_equal (argv[2], "account") ? NULL : argv[2], &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  return HERALD_EXIT_OK;
}

/* `template starters`: name, a tab, the title in the UI's language */
static int
template_starters (HeraldCli  *cli,
                   int         argc,
                   char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  const HeraldStarter *starters;
  guint n;
  int status;

  g_option_context_set_summary (context, _("Show each starter template: its name, a tab, and its title."));
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return _herald_cli_usage (context, _("template starters takes no arguments."));
  starters = herald_starters_get (&n);
  for (guint i = 0; i < n; i++)
    g_print ("%s\t%s\n", starters[i].name, _(starters[i].title));
  return HERALD_EXIT_OK;
}

static int
compare_names (const char **a,
               const char **b,
               gpointer     user_data)
{
  return g_strcmp0 (*a, *b);
}

/* `template map NAME [FIELD=COLUMN]… [--clear]`: without pairs, print the
 * map (field, a tab, column); with them, add to it (an empty COLUMN
 * removes FIELD). */
static int
template_map (HeraldCli  *cli,
              int         argc,
              char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME [FIELD=COLUMN]…"));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplateRecord) record = NULL;
  g_autoptr(GHashTable) map = NULL;
  gboolean clear = FALSE;
  GOptionEntry entries[] = {
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Forget every match first"), NULL },
    { NULL }
  };
  HeraldStore *store;
  int status;

  g_option_context_set_summary (context, _("Match a template’s merge fields to a list’s columns: "
                                           "{{ FIELD }} is written from the column COLUMN. "
                                           "Without pairs, show the matches: field, a tab, column."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return _herald_cli_usage (context, _("Name the template."));

  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (record = herald_templates_find (store, argv[1], &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  if (argc == 2 && !clear)
    {
      if (record->field_map != NULL)
        {
          g_autofree const char **fields = (const char **) g_hash_table_get_keys_as_array (record->field_map, NULL);

          g_qsort_with_data (fields, g_strv_length ((char **) fields), sizeof *fields,
                             (GCompareDataFunc) compare_names, NULL);
          for (guint i = 0; fields[i] != NULL; i++)
            g_print ("%s\t%s\n", fields[i], (const char *) g_hash_table_lookup (record->field_map, fields[i]));
        }
      return HERALD_EXIT_OK;
    }

  map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (record->field_map != NULL && !clear)
    {
      GHashTableIter iter;
      gpointer field, column;

      g_hash_table_iter_init (&iter, record->field_map);
      while (g_hash_table_iter_next (&iter, &field, &column))
        g_hash_table_insert (map, g_strdup (field), g_strdup (column));
    }
  for (int i = 2; i < argc; i++)
    {
      const char *eq = strchr (argv[i], '=');
      g_autofree char *field = NULL;

      if (eq == NULL || eq == argv[i])
        return _herald_cli_usage (context, _("Write each match as FIELD=COLUMN, for example name=氏名."));
      field = g_strstrip (g_strndup (argv[i], eq - argv[i]));
      if (eq[1] == '\0')
        g_hash_table_remove (map, field);
      else
        g_hash_table_insert (map, g_steal_pointer (&field), g_strstrip (g_strdup (eq + 1)));
    }
  if (!herald_templates_set_field_map (store, record->id, map, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  return HERALD_EXIT_OK;
}

int
_herald_cli_template (HeraldCli  *cli,
                      int         argc,
                      char      **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return template_add (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return template_list (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "starters"))
    return template_starters (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "charset"))
    return template_charset (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "map"))
    return template_map (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "attach"))
    return _herald_cli_template_attach (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "detach"))
    return _herald_cli_template_detach (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "attach-field"))
    return _herald_cli_template_attach_field (cli, argc - 1, argv + 1);
  return _herald_cli_usage (NULL, _("Use “template add NAME --subject TEXT (--html FILE|--blocks FILE) [--text FILE] "
                                  "[--attach FILE]… [--attach-field FIELD]… [--embed-remote] [--charset utf-8|iso-2022-jp]”, "
                                  "“template add NAME --starter STARTER [--lang ja|en]”, “template list”, "
                                  "“template charset NAME [utf-8|iso-2022-jp|account]”, “template starters” or "
                                  "“template map NAME [FIELD=COLUMN]… [--clear]”, “template attach NAME [FILE]…”, "
                                  "“template detach NAME FILENAME…” or "
                                  "“template attach-field NAME [FIELD]… [--folder DIR] | --clear”."));
}
