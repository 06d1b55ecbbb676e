/* herald-cli-import.c — `import`
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "herald-cli-private.h"
#include "herald-csv.h"
#include "herald-import.h"
#include "herald-import-consent.h"
#include "herald-import-undo.h"

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

/* The lines after the summary, for people: what the import changes in
 * the contacts that lists share. */
static void
print_details (const HeraldImportSummary *summary)
{
  if (summary->imported > 0)
    g_print (_("New to this list: %" PRIu64 " (new contacts: %" PRIu64
               ", known from other lists: %" PRIu64 ")\n"),
             summary->imported, summary->created, summary->imported - MIN (summary->imported, summary->created));
  if (summary->updated > 0)
    g_print (_("Known contacts whose values change: %" PRIu64
               " (also in other lists, which see the new values: %" PRIu64 ")\n"),
             summary->updated, summary->changed_elsewhere);
  if (summary->changed_fields != NULL && summary->changed_fields[0] != NULL)
    {
      g_autoptr(GString) fields = g_string_new (NULL);

      for (guint i = 0; summary->changed_fields[i] != NULL; i++)
        g_string_append_printf (fields, "%s“%s” %" PRIu64, i > 0 ? ", " : "",
                                summary->changed_fields[i], summary->changed_field_counts[i]);
      /* TRANSLATORS: %s is e.g. "“name” 3, “phone” 1": fields and in how many contacts */
      g_print (_("Changed fields (contacts): %s\n"), fields->str);
    }
  if (summary->blanks_kept > 0)
    g_print (_("Empty cells that left a stored value as it was: %" PRIu64
               " (with --blank-clears they clear it)\n"),
             summary->blanks_kept);
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_time);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

static int
import_undo (HeraldCli  *cli,
             int         argc,
             char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("LIST"));
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  HeraldImportUndo undo = { 0 };
  HeraldStore *store;
  int status;
  const GOptionEntry entries[] = { { NULL } };

  g_option_context_set_summary (context,
      _("Undo the last import into LIST: the values it replaced come back, and the\n"
        "contacts and list members it added go. Refused, changing nothing, when\n"
        "later changes touched those contacts."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || *argv[1] == '\0')
    return _herald_cli_usage (context, _("import undo needs one LIST."));
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      !herald_import_undo (store, argv[1], &undo, &error))
    return _herald_cli_fail (g_steal_pointer (&error));

  when = format_time (undo.imported_at);
  /* TRANSLATORS: after undoing an import; the first %s is a date and time, the second a list */
  g_print (_("Undid the import of %s into “%s”. Contacts whose values were restored: %" PRIu64
             "; list members removed: %" PRIu64 "; contacts deleted: %" PRIu64 ".\n"),
           when, argv[1], undo.contacts_restored, undo.members_removed, undo.contacts_deleted);
  if (undo.list_removed)
    g_print (_("The list “%s”, which the import had created, was removed.\n"), argv[1]);
  return fflush (stdout) == 0 ? HERALD_EXIT_OK : HERALD_EXIT_FAILED;
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
  g_autofree char *consent_source = NULL;
  g_autofree char *consent_at = NULL;
  gboolean dry_run = FALSE;
  gboolean blank_clears = FALSE;
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
    { "blank-clears", 0, 0, G_OPTION_ARG_NONE, &blank_clears, N_("An empty cell clears the value a contact has (by default it keeps it)"), NULL },
    { "consent-source", 0, 0, G_OPTION_ARG_STRING, &consent_source, N_("How this file's people agreed to marketing mail, for those without a consent record"), N_("TEXT") },
    { "consent-at", 0, 0, G_OPTION_ARG_STRING, &consent_at, N_("When they agreed (a date such as 2026-10-01 or 2026年10月1日)"), N_("DATE") },
    { NULL }
  };

  /* “import undo LIST”; a file named “undo” can be given as ./undo. */
  if (argc >= 2 && g_str_equal (argv[1], "undo"))
    return import_undo (cli, argc - 1, argv + 1);

  g_option_context_set_summary (context,
      _("Read a CSV file into a list. Prints one line on standard output:\n"
        "“imported N, updated N, duplicates N, invalid N, suppressed N”\n"
        "(imported: contacts new to the list; updated: known contacts whose\n"
        "values changed), then lines for people that say what changes;\n"
        "each rejected row goes to standard error as “line L: reason”.\n"
        "FILE may be “-” for standard input. “import undo LIST” undoes the\n"
        "last import into LIST.\n"
        "Consent: --map COLUMN=consent_at, COLUMN=consent_source and\n"
        "COLUMN=consent (yes/no, 希望する/希望しない…) name the columns that say when,\n"
        "how and whether people agreed to marketing mail (columns named so, or\n"
        "同意日, opt-in date, メルマガ希望, Accepts Email Marketing…, are found by\n"
        "themselves). People who declined are never mailed."));
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
  options.blank_clears = blank_clears;
  options.consent_source = consent_source;
  if (consent_at != NULL && (options.consent_at = herald_consent_parse_at (consent_at, -1)) == 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("--consent-at “%s” is not a date: write it as 2026-10-01 or 2026年10月1日."),
                         consent_at);
      return _herald_cli_usage (context, message);
    }
  options.reject = print_line_cb;
  options.warning = print_line_cb;
  options.user_data = &progress_shown;
  if (isatty (STDERR_FILENO))
    options.progress = print_progress_cb;

  if ((store = _herald_cli_open_store (cli, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));

  ok = herald_import_file (store, list, argv[1], &options, &summary, NULL, &error);
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
  print_details (&summary);
  /* TRANSLATORS: “Read as CP932, separator “;”, addresses from column “E-Mail”.” */
  g_printerr (_("Read as %s, separator %s, addresses from column “%s”.\n"),
              summary.encoding, delimiter_name (summary.delimiter),
              summary.address_column != NULL ? summary.address_column : "");
  if (summary.other_address_columns != NULL)
    {
      g_autoptr(GString) others = g_string_new (NULL);

      for (guint i = 0; summary.other_address_columns[i] != NULL; i++)
        g_string_append_printf (others, "%s“%s”", i > 0 ? ", " : "",
                                summary.other_address_columns[i]);
      g_printerr (_("Other columns hold addresses too: %s. To use one, add --map COLUMN=email.\n"),
                  others->str);
    }
  if (summary.consent_column != NULL)
    g_printerr (_("Whether people accept marketing mail: from column “%s”.\n"), summary.consent_column);
  if (summary.declined > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "%" PRIu64 " person in this file declined marketing mail: kept as declined, "
                             "never mailed until you record their consent (herald-cli contact consent ADDR --given).\n",
                             "%" PRIu64 " people in this file declined marketing mail: kept as declined, "
                             "never mailed until you record their consent (herald-cli contact consent ADDR --given).\n",
                             summary.declined),
                summary.declined);
  if (dry_run)
    g_printerr ("%s\n", _("Dry run: nothing was changed."));
  herald_import_summary_clear (&summary);
  return fflush (stdout) == 0 ? HERALD_EXIT_OK : HERALD_EXIT_FAILED;
}
