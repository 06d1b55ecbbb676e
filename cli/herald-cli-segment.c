/* herald-cli-segment.c — `herald-cli segment add|edit|list|count|remove`
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "herald-cli-private.h"
#include "herald-segment.h"

static const char segment_help[] = N_(
  "Commands:\n"
  "  add NAME --list L [--any] --where 'FIELD OP VALUE'…\n"
  "        Save a segment: the contacts of list L meeting every condition (or any, with --any).\n"
  "        OP: =, !=, contains, starts-with, empty, not-empty, before, after, in.\n"
  "        Dates as 2026-12-06, 2026/12/06, 2026年12月6日 or 令和8年12月6日; “in” takes values\n"
  "        separated by commas. Besides the list’s fields: email, subscription\n"
  "        (subscribed, unsubscribed), suppression (bounced, unsubscribed, complaint, manual;\n"
  "        empty when none), joined (the day the contact joined the list), consent (given,\n"
  "        declined, unknown) and consent_at (the day they agreed to marketing mail).\n"
  "  edit NAME [--name NEW] [--any|--all] [--where 'FIELD OP VALUE'…]\n"
  "        Change a saved segment: rename it, match any or all conditions, or replace its\n"
  "        conditions with the --where given. Campaigns already made with it keep their\n"
  "        recipients (a scheduled one sends to those it chose when it was made).\n"
  "  list\n"
  "        One line a segment: name, list, all or any, the conditions.\n"
  "  count NAME\n"
  "        The number of the list’s contacts that match now.\n"
  "  remove NAME\n"
  "        Remove a saved segment (campaigns made with it keep their recipients).\n");

static int
segment_add (HeraldCli  *cli,
             int         argc,
             char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME"), _("Save a segment of a list."));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldSegment) segment = NULL;
  g_autofree char *list = NULL;
  g_auto(GStrv) where = NULL;
  gboolean any = FALSE;
  HeraldStore *store;
  const char *name;
  gint64 list_id, n;
  int status;
  const GOptionEntry entries[] = {
    { "list", 0, 0, G_OPTION_ARG_STRING, &list, N_("The list the segment is part of"), N_("L") },
    { "any", 0, 0, G_OPTION_ARG_NONE, &any, N_("Match the contacts meeting any condition, not all"), NULL },
    { "where", 0, 0, G_OPTION_ARG_STRING_ARRAY, &where, N_("A condition: FIELD OP VALUE"), N_("COND") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((name = _herald_cli_parse_one (context, argc, argv, _("Which segment? Give its NAME."), &status)) == NULL)
    return status;
  if (list == NULL || where == NULL)
    return _herald_cli_usage (context, _("segment add needs --list and at least one --where."));

  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (list_id = herald_store_find_list (store, list, &error)) < 0)
    return _herald_cli_fail (g_steal_pointer (&error));
  segment = herald_segment_new (name, list_id, any);
  for (guint i = 0; where[i] != NULL; i++)
    if (!herald_segment_add_condition_text (segment, where[i], &error))
      return _herald_cli_fail (g_steal_pointer (&error));
  if ((n = herald_segment_count (store, segment, &error)) < 0 ||
      herald_segment_save (store, segment, &error) < 0)
    return _herald_cli_fail (g_steal_pointer (&error));
  /* TRANSLATORS: %s is a segment's name; then the number of contacts */
  g_printerr (_("Segment “%s” saved: %" PRId64 " contacts match now.\n"), name, n);
  return HERALD_EXIT_OK;
}

static int
segment_edit (HeraldCli  *cli,
              int         argc,
              char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME"), _("Change a saved segment."));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldSegment) old = NULL, segment = NULL;
  g_autofree char *new_name = NULL;
  g_auto(GStrv) where = NULL;
  gboolean any = FALSE, all = FALSE;
  HeraldStore *store;
  const char *name;
  gint64 n;
  int status;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &new_name, N_("The segment's new name"), N_("NEW") },
    { "any", 0, 0, G_OPTION_ARG_NONE, &any, N_("Match the contacts meeting any condition"), NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Match the contacts meeting every condition"), NULL },
    { "where", 0, 0, G_OPTION_ARG_STRING_ARRAY, &where, N_("A condition replacing the old ones: FIELD OP VALUE"), N_("COND") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((name = _herald_cli_parse_one (context, argc, argv, _("Which segment? Give its NAME."), &status)) == NULL)
    return status;
  if (any && all)
    return _herald_cli_usage (context, _("Give --any or --all, not both."));
  if (new_name == NULL && !any && !all && where == NULL)
    return _herald_cli_usage (context, _("segment edit needs --name, --any, --all or --where: what should change?"));

  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (old = herald_segment_find (store, name, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  segment = herald_segment_new (new_name != NULL ? new_name : old->name, old->list_id,
                                any ? TRUE : all ? FALSE : old->match_any);
  for (guint i = 0; where == NULL && i < old->conditions->len; i++)
    {
      const HeraldSegmentCondition *c = g_ptr_array_index (old->conditions, i);

      if (!herald_segment_add_condition (segment, c->field, c->op, c->value, &error))
        return _herald_cli_fail (g_steal_pointer (&error));
    }
  for (guint i = 0; where != NULL && where[i] != NULL; i++)
    if (!herald_segment_add_condition_text (segment, where[i], &error))
      return _herald_cli_fail (g_steal_pointer (&error));
  if ((n = herald_segment_count (store, segment, &error)) < 0 ||
      !herald_segment_update (store, old->id, segment, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  /* TRANSLATORS: %s is a segment's name; then the number of contacts */
  g_printerr (_("Segment “%s” changed: %" PRId64 " contacts match now.\n"), segment->name, n);
  return HERALD_EXIT_OK;
}

static int
segment_list (HeraldCli  *cli,
              int         argc,
              char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (NULL, _("List the saved segments."));
  g_autoptr(GPtrArray) all = NULL;
  int status;

  if ((all = _herald_cli_list_all (cli, context, argc, argv, herald_segment_list, &status)) == NULL)
    return status;
  for (guint i = 0; i < all->len; i++)
    {
      const HeraldSegment *segment = g_ptr_array_index (all, i);
      g_autofree char *conditions = herald_segment_describe (segment);

      g_print ("%s\t%s\t%s\t%s\n", segment->name, segment->list_name,
               segment->match_any ? "any" : "all", conditions);
    }
  return HERALD_EXIT_OK;
}

static int
segment_count (HeraldCli  *cli,
               int         argc,
               char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME"), _("Count the contacts a segment matches now."));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldSegment) segment = NULL;
  HeraldStore *store;
  const char *name;
  gint64 n;
  int status;

  if ((name = _herald_cli_parse_one (context, argc, argv, _("Which segment? Give its NAME."), &status)) == NULL)
    return status;
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (segment = herald_segment_find (store, name, &error)) == NULL ||
      (n = herald_segment_count (store, segment, &error)) < 0)
    return _herald_cli_fail (g_steal_pointer (&error));
  g_print ("%" G_GINT64_FORMAT "\n", n);
  return HERALD_EXIT_OK;
}

static int
segment_remove (HeraldCli  *cli,
                int         argc,
                char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME"), _("Remove a saved segment."));
  g_autoptr(GError) error = NULL;
  HeraldStore *store;
  const char *name;
  g_auto(GStrv) waiting = NULL;
  int status;

  if ((name = _herald_cli_parse_one (context, argc, argv, _("Which segment? Give its NAME."), &status)) == NULL)
    return status;
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      (waiting = herald_segment_dup_waiting_campaigns (store, name, &error)) == NULL ||
      !herald_segment_remove (store, name, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  for (guint i = 0; waiting[i] != NULL; i++)
    /* TRANSLATORS: after removing a segment; %s is a campaign made with it */
    g_printerr (_("The campaign “%s” keeps the recipients it chose with this segment.\n"), waiting[i]);
  return HERALD_EXIT_OK;
}

int
_herald_cli_segment (HeraldCli  *cli,
                     int         argc,
                     char      **argv)
{
  static const HeraldCliSubcommand subcommands[] = {
    { "add", segment_add },
    { "edit", segment_edit },
    { "list", segment_list },
    { "count", segment_count },
    { "remove", segment_remove },
  };

  return _herald_cli_dispatch (cli, argc, argv, subcommands, G_N_ELEMENTS (subcommands),
                               _("Usage: herald-cli segment COMMAND [NAME] [OPTIONS]"), _(segment_help));
}
