/* herald-engine.c — process-wide set-up of the engine
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-engine"

#include "config.h"

#include <errno.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <curl/curl.h>
#include <gmime/gmime.h>
#include <glib/gi18n-lib.h>

#include "herald-engine.h"
#include "herald-engine-resources.h"

/**
 * herald_engine_get_localedir:
 *
 * Where the translations are: $HERALD_LOCALEDIR when set (build-aux/run.sh
 * points it at the build folder's, so that Herald started from the source
 * tree speaks the desktop's language), else the installed ones.
 */
const char *
herald_engine_get_localedir (void)
{
  const char *dir = g_getenv ("HERALD_LOCALEDIR");

  return dir != NULL && *dir != '\0' ? dir : LOCALEDIR;
}

static gpointer
init_once (gpointer data)
{
  bindtextdomain (GETTEXT_PACKAGE, herald_engine_get_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_resources_register (herald_engine_get_resource ());
  g_mime_init ();
  curl_global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

/**
 * herald_engine_init:
 *
 * Sets up gettext, GMime and libcurl once per process. Call it from main()
 * before any thread starts; calling it again does nothing.
 */
void
herald_engine_init (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_once, NULL);
}

/**
 * herald_engine_protect_process:
 *
 * Keeps the secrets this process will hold (an account's password, an
 * access token) out of core dumps: no core file (RLIMIT_CORE 0) and not
 * dumpable (PR_SET_DUMPABLE 0, which also keeps other processes of the
 * same user from reading its memory). Herald's programs call it first
 * thing in main(); a developer who needs a core dump sets
 * HERALD_ALLOW_CORE_DUMPS=1.
 */
void
herald_engine_protect_process (void)
{
  struct rlimit none = { 0, 0 };

  if (g_strcmp0 (g_getenv ("HERALD_ALLOW_CORE_DUMPS"), "1") == 0)
    return;
  if (setrlimit (RLIMIT_CORE, &none) != 0)
    g_warning ("Could not turn off core dumps: %s", g_strerror (errno));
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_warning ("Could not make the process not dumpable: %s", g_strerror (errno));
}

/**
 * herald_engine_dup_sample:
 * @name: a file in data/samples/, e.g. "customers.csv"
 *
 * Returns: (transfer full) (nullable): the embedded sample file's bytes
 */
GBytes *
herald_engine_dup_sample (const char  *name,
                          GError     **error)
{
  g_autofree char *path = g_strdup_printf ("/io/github/heraldmail/Herald/samples/%s", name);

  return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}
