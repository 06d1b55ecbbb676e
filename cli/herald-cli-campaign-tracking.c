/* herald-cli-campaign-tracking.c — `herald-cli campaign tracking-import NAME FILE`:
 * opens and clicks read back from what the user's own web server logged
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "herald-cli-private.h"
#include "herald-tracking-import.h"

const char _herald_cli_tracking_help[] =
  N_("Opens and clicks through your own tracking addresses:\n"
     "  create NAME … [--track-click URL] [--track-open URL]\n"
     "        Send every http(s) link of the HTML part through your click address, e.g.\n"
     "        https://shop.example/r?u={url}&t={token}, and add your one-pixel image,\n"
     "        e.g. https://shop.example/o.gif?t={token}. {url} is the link (percent-encoded,\n"
     "        its query and fragment kept), {token} a random token of each delivery\n"
     "        (nothing of the address); each must be a query parameter’s whole value.\n"
     "        The unsubscribe link and mailto: links are never rewritten. Your server\n"
     "        must redirect {url} itself: Herald runs no server.\n"
     "  tracking-import NAME FILE\n"
     "        Read what your server logged (an access log in the Common or Combined Log\n"
     "        Format, or a CSV file with a url column) and count each open and click of\n"
     "        NAME’s recipients; prints “opens N, clicks N, duplicates N, unmatched N”.\n"
     "        Lines of other requests are counted as unmatched; importing the same lines\n"
     "        again adds nothing. “campaign report NAME --opens” (or --recipients) then\n"
     "        shows opened and clicked — approximate: image proxies open mail nobody\n"
     "        read, blocked images hide opens.");

int
_herald_cli_campaign_tracking_import (HeraldCli  *cli,
                                      int         argc,
                                      char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME FILE"),
      _("Read a campaign’s opens and clicks from your web server’s log."));
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  HeraldTrackingImportCounts counts = { 0 };
  HeraldStore *store;
  int status;

  if (!_herald_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return _herald_cli_usage (context, _("campaign tracking-import needs the campaign’s NAME and the log FILE."));
  file = g_file_new_for_commandline_arg (argv[2]);
  if ((input = g_file_read (file, NULL, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      !herald_tracking_import (store, argv[1], G_INPUT_STREAM (input), &counts, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  g_print ("opens %" PRIu64 ", clicks %" PRIu64 ", duplicates %" PRIu64 ", unmatched %" PRIu64 "\n",
           (uint64_t) counts.opens, (uint64_t) counts.clicks, (uint64_t) counts.duplicates,
           (uint64_t) counts.unmatched);
  g_printerr (_("Opens and clicks are approximate: image proxies open mail nobody read, and blocked images "
                "hide opens. “herald-cli campaign report %s --opens” shows them.\n"), argv[1]);
  return HERALD_EXIT_OK;
}
