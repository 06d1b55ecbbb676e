/* herald-cli-contact.c — `herald-cli contact consent ADDR …`: one person's
 * consent record, shown or changed
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "herald-address.h"
#include "herald-cli-private.h"
#include "herald-consent.h"
#include "herald-import-consent.h"

/* For programs: email, given|declined|unknown, the day, how. */
static void
print_consent (const char          *email,
               const HeraldConsent *consent)
{
  g_autofree char *day = NULL;

  if (consent->at != 0)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (consent->at);
      day = time != NULL ? g_date_time_format (time, "%Y-%m-%d") : NULL;
    }
  g_print ("%s\t%s\t%s\t%s\n", email,
           consent->declined ? "declined" : herald_consent_has_record (consent) ? "given" : "unknown",
           day != NULL ? day : "", consent->source != NULL ? consent->source : "");
}

static int
contact_consent (HeraldCli  *cli,
                 int         argc,
                 char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("ADDR"), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *email = NULL;
  g_auto(HeraldConsent) consent = { 0 };
  gboolean given = FALSE, declined = FALSE;
  HeraldConsentAnswer answer = HERALD_CONSENT_ANSWER_NONE;
  HeraldStore *store;
  const char *addr;
  gint64 at = 0;
  int status;
  const GOptionEntry entries[] = {
    { "given", 0, 0, G_OPTION_ARG_NONE, &given, N_("The person agreed to marketing mail: mail them again"), NULL },
    { "declined", 0, 0, G_OPTION_ARG_NONE, &declined, N_("The person said no to marketing mail: never mail them"), NULL },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, N_("How they agreed, in your words"), N_("TEXT") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("When (default: today, when nothing is recorded)"), N_("DATE") },
    { NULL }
  };

  g_option_context_set_summary (context,
      _("Show or change one person's consent record. Prints\n"
        "“email<TAB>given|declined|unknown<TAB>date<TAB>how” on standard output.\n"
        "People who declined are left out of every campaign."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((addr = _herald_cli_parse_one (context, argc, argv, _("Whose consent? Give their ADDR."), &status)) == NULL)
    return status;
  if (given && declined)
    return _herald_cli_usage (context, _("Choose one: --given or --declined."));
  if (at_text != NULL && (at = herald_consent_parse_at (at_text, -1)) == 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("--at “%s” is not a date: write it as 2026-10-01 or 2026年10月1日."), at_text);
      return _herald_cli_usage (context, message);
    }
  answer = given ? HERALD_CONSENT_ANSWER_GIVEN
         : declined ? HERALD_CONSENT_ANSWER_DECLINED : HERALD_CONSENT_ANSWER_NONE;
  email = herald_address_normalize (addr, NULL);
  if (email == NULL)
    email = g_strdup (addr);
  if ((store = _herald_cli_open_store (cli, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  if ((answer != HERALD_CONSENT_ANSWER_NONE || source != NULL || at != 0) &&
      !herald_consent_set (store, email, answer, at, source, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  if (!herald_consent_get (store, email, &consent, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  print_consent (email, &consent);
  return fflush (stdout) == 0 ? HERALD_EXIT_OK : HERALD_EXIT_FAILED;
}

int
_herald_cli_contact (HeraldCli  *cli,
                     int         argc,
                     char      **argv)
{
  static const HeraldCliSubcommand subcommands[] = {
    { "consent", contact_consent },
  };
  g_autofree char *help = g_strdup_printf ("  consent ADDR [--given|--declined] [--source TEXT] [--at DATE]\n      %s",
                                           _("Show or change whether and how a person agreed to marketing mail."));

  return _herald_cli_dispatch (cli, argc, argv, subcommands, G_N_ELEMENTS (subcommands),
                               _("Usage: herald-cli contact consent ADDR [--given|--declined] [--source TEXT] [--at DATE]"),
                               help);
}
