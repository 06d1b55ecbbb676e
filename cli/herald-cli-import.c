/* herald-cli-import.c — `import`
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "herald-cli-private.h"
#include "herald-csv.h"
#include "herald-import.h"

static void
print_line_cb (guint64     line,
               const char *reason,
               gpointer    user_data)
{
  gboolean *progress_shown = user_data;

  if (*progress_shown)
    {
      g_printerr ("\r\033[K");
      *progress_shown = FALSE;
    }
  /* “line L: reason” is part of herald-cli's contract (README.md, "Command
   * line"): scripts read it, so only the reason is translated. */
  g_printerr ("line %" G_GUINT64_FORMAT ": %s\n", line, reason);
}

static void
print_progress_cb (guint64  done,
                   guint64  total,
                   gpointer user_data)
{
  gboolean *progress_shown = user_data;

  if (total == 0)
    return;
  g_printerr ("\r%3d%%", (int) (done * 100 / total));
  *progress_shown = TRUE;
}

static const char *
delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case '\t': return _("tab");
    case ',':  return "“,”";
    case ';':  return "“;”";
    case '|':  return "“|”";
    default:   return "?";
    }
}

int
_herald_cli_import (HeraldCli  *cli,
                    int         argc,
                    char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(GError) error = NULL;
  g_autofree char *list = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *delimiter = NULL;
  g_auto(GStrv) map = NULL;
  gboolean dry_run = FALSE;
  gboolean progress_shown = FALSE;
  HeraldImportOptions options = { 0 };
  HeraldImportSummary summary = { 0 };
  const char *canonical;
  HeraldStore *store;
  gboolean ok;
  char sep;
  int status;
  const GOptionEntry entries[] = {
    { "list", 0, 0, G_OPTION_ARG_STRING, &list, N_("The list to import into (created when missing)"), N_("NAME") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding, N_("auto (default), utf-8, cp932, euc-jp or utf-16"), N_("ENCODING") },
    { "delimiter", 0, 0, G_OPTION_ARG_STRING, &delimiter, N_("auto (default), “,”, “;” or tab"), N_("SEPARATOR") },
    { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &map, N_("Import column COLUMN as field FIELD; FIELD email picks the address column (repeatable)"), N_("COLUMN=FIELD") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Check everything and print the counts, but change nothing"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
      _("Read a CSV file into a list. Prints one line on standard output:\n"
        "“imported N, updated N, duplicates N, invalid N, suppressed N”;\n"
        "each rejected row goes to standard error as “line L: reason”.\n"
        "FILE may be “-” for standard input."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return _herald_cli_usage (context, _("import needs a FILE."));
  if (argc > 2)
    return _herald_cli_usage (context, _("import takes one FILE."));
  if (list == NULL || *list == '\0')
    return _herald_cli_usage (context, _("import needs --list NAME."));
  if (!herald_csv_parse_encoding (encoding, &canonical, &error) ||
      !herald_csv_parse_delimiter (delimiter, &sep, &error))
    return _herald_cli_usage (context, error->message);
  for (guint i = 0; map != NULL && map[i] != NULL; i++)
    {
      const char *eq = strrchr (map[i], '=');

      if (eq == NULL || eq == map[i])
        {
          g_autofree char *message =
            g_strdup_printf (_("“%s” is not a column mapping: write --map COLUMN=FIELD."), map[i]);
          return _herald_cli_usage (context, message);
        }
    }

  options.encoding = encoding;
  options.delimiter = delimiter;
  options.map = (const char * const *) map;
  options.dry_run = dry_run;
  options.warning = print_line_cb;
  if (isatty (STDERR_FILENO))
    options.progress = print_progress_cb;

  if ((store = _herald_cli_open_store (cli, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));

  ok = herald_import_file (store, list, argv[1], &options, print_line_cb, &progress_shown,
                           &summary, NULL, &error);
  if (progress_shown)
    g_printerr ("\r\033[K");
  if (!ok)
    {
      herald_import_summary_clear (&summary);
      return _herald_cli_fail (g_steal_pointer (&error));
    }

  /* For programs: part of herald-cli's contract (README.md, "Command
   * line"), so never translated. */
  g_print ("imported %" G_GUINT64_FORMAT ", updated %" G_GUINT64_FORMAT
           ", duplicates %" G_GUINT64_FORMAT ", invalid %" G_GUINT64_FORMAT
           ", suppressed %" G_GUINT64_FORMAT "\n",
           summary.imported, summary.updated, summary.duplicates,
           summary.invalid, summary.suppressed);
  /* TRANSLATORS: “Read as CP932, separator “;”, addresses from column “E-Mail”.” */
  g_printerr (_("Read as %s, separator %s, addresses from column “%s”.\n"),
              summary.encoding, delimiter_name (summary.delimiter),
              summary.address_column != NULL ? summary.address_column : "");
  if (dry_run)
    g_printerr ("%s\n", _("Dry run: nothing was changed."));
  herald_import_summary_clear (&summary);
  return fflush (stdout) == 0 ? HERALD_EXIT_OK : HERALD_EXIT_FAILED;
}
