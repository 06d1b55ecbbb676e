/* main.c — start Herald's window
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "herald-application.h"
#include "herald-engine.h"
#include "herald-table-resolver.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HeraldApplication) app = NULL;
  g_autoptr(GError) error = NULL;

  herald_engine_protect_process ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, herald_engine_get_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  herald_engine_init ();
  /* FOR TESTS ONLY: HERALD_TEST_DNS names a table that answers DNS
   * questions in place of DNS (app/base/herald-table-resolver.c). */
  if (!herald_table_resolver_install_from_env (&error))
    {
      g_printerr ("herald: HERALD_TEST_DNS: %s\n", error->message);
      return 2;
    }

  app = herald_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
