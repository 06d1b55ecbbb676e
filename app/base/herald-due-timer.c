/* herald-due-timer.c — the systemd user timer that runs `herald-cli
 * run-due` while the window is closed: installed, enabled, removed
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same units as data/herald-due.service and data/herald-due.timer,
 * written into the user's own unit folder ($XDG_CONFIG_HOME/systemd/user)
 * with the path of this herald-cli, and enabled with `systemctl --user`.
 * Blocks (files, a child process): call it from a worker thread.
 */
#define G_LOG_DOMAIN "herald-due-timer"

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "herald-due-timer.h"

#define SERVICE "herald-due.service"
#define TIMER   "herald-due.timer"

static char *
unit_dir (void)
{
  return g_build_filename (g_get_user_config_dir (), "systemd", "user", NULL);
}

/**
 * herald_due_timer_is_installed:
 *
 * Returns: whether the user's unit folder holds Herald's timer
 */
gboolean
herald_due_timer_is_installed (void)
{
  g_autofree char *dir = unit_dir ();
  g_autofree char *timer = g_build_filename (dir, TIMER, NULL);

  return g_file_test (timer, G_FILE_TEST_EXISTS);
}

/**
 * herald_due_timer_find_cli:
 *
 * Returns: (transfer full) (nullable): the herald-cli beside this program
 *   (installed, or in the build folder), or the one on PATH
 */
char *
herald_due_timer_find_cli (void)
{
  g_autofree char *installed = g_build_filename (BINDIR, "herald-cli", NULL);
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *sibling = g_build_filename (dir, "herald-cli", NULL);
      g_autofree char *built = g_build_filename (dir, "..", "cli", "herald-cli", NULL);

      if (g_file_test (sibling, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&sibling);
      if (g_file_test (built, G_FILE_TEST_IS_EXECUTABLE))
        return g_canonicalize_filename (built, NULL);
    }
  if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&installed);
  return g_find_program_in_path ("herald-cli");
}

/* systemctl --user ARGS…; its own words on failure. */
static gboolean
systemctl (GCancellable  *cancellable,
           GError       **error,
           const char    *first,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) local = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) "systemctl");
  g_ptr_array_add (argv, (char *) "--user");
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &local);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, cancellable, NULL, &err, &local))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The timer could not be set up: systemctl did not run (%s). Scheduled campaigns "
                     "still go while Herald is open."), local->message);
      return FALSE;
    }
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The timer could not be set up: systemd said “%s”. Scheduled campaigns still go "
                     "while Herald is open."), err != NULL ? g_strstrip (err) : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_unit (const char  *dir,
            const char  *name,
            const char  *text,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_set_contents (path, text, -1, error);
}

static void
remove_units (const char *dir)
{
  g_autofree char *service = g_build_filename (dir, SERVICE, NULL);
  g_autofree char *timer = g_build_filename (dir, TIMER, NULL);

  g_unlink (timer);
  g_unlink (service);
}

/**
 * herald_due_timer_install:
 * @cli_path: the herald-cli the service runs (herald_due_timer_find_cli())
 *
 * Writes the service and the timer into the user's unit folder and enables
 * the timer (every five minutes, and soon after the session starts).
 */
gboolean
herald_due_timer_install (const char    *cli_path,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *dir = unit_dir ();
  g_autofree char *quoted = NULL;
  g_autofree char *service = NULL;
  static const char timer[] =
    "# Written by Herald (Preferences); runs herald-due.service every five minutes.\n"
    "[Unit]\nDescription=Herald: send scheduled campaigns when they are due\n\n"
    "[Timer]\nOnStartupSec=2min\nOnUnitActiveSec=5min\nAccuracySec=30s\n\n"
    "[Install]\nWantedBy=timers.target\n";

  g_return_val_if_fail (cli_path != NULL && g_path_is_absolute (cli_path), FALSE);
  if (strpbrk (cli_path, "\n\"\\%$") != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("The timer cannot run herald-cli from “%s”: move Herald to a folder whose path "
                     "has no quotes, backslashes, percent or dollar signs."), cli_path);
      return FALSE;
    }
  quoted = g_strdup_printf ("\"%s\"", cli_path);
  service = g_strdup_printf ("# Written by Herald (Preferences): sends scheduled campaigns that are due.\n"
                             "[Unit]\nDescription=Herald: send scheduled campaigns that are due\n\n"
                             "[Service]\nType=oneshot\nExecStart=%s run-due\nSuccessExitStatus=3\nNice=5\n",
                             quoted);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The folder %s could not be made: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  if (write_unit (dir, SERVICE, service, error) &&
      write_unit (dir, TIMER, timer, error) &&
      systemctl (cancellable, error, "daemon-reload", NULL) &&
      systemctl (cancellable, error, "enable", "--now", TIMER, NULL))
    return TRUE;
  /* Not enabled: no files that say it is. */
  remove_units (dir);
  return FALSE;
}

/**
 * herald_due_timer_remove:
 *
 * Disables the timer and removes both units from the user's unit folder.
 * The files go even when systemd cannot be reached.
 */
gboolean
herald_due_timer_remove (GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *dir = unit_dir ();
  g_autoptr(GError) first = NULL;

  if (!systemctl (cancellable, &first, "disable", "--now", TIMER, NULL))
    g_debug ("%s", first->message);
  remove_units (dir);
  if (first != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first));
      return FALSE;
    }
  return systemctl (cancellable, error, "daemon-reload", NULL);
}
