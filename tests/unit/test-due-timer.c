/* test-due-timer.c — the systemd user timer Preferences installs: the
 * units written into the user's unit folder with this herald-cli, enabled
 * and disabled with `systemctl --user`, and systemd's refusal passed on
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stand-in: no systemd user manager runs where the tests run (no user
 * session bus or runtime folder), so a `systemctl` script put first on
 * PATH records its arguments, and fails when asked to. The unit files
 * themselves are checked by `systemd-analyze verify` in the data suite
 * (data/check-systemd-units.sh).
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "herald-due-timer.h"
#include "herald-test-fixture.h"

static char *tmp;

static char *
read_file (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

static void
test_install_remove (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *units = g_build_filename (tmp, "config", "systemd", "user", NULL);
  g_autofree char *service = NULL, *timer = NULL, *calls = NULL;

  g_assert_false (herald_due_timer_is_installed ());
  g_assert_true (herald_due_timer_install ("/opt/herald/bin/herald-cli", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (herald_due_timer_is_installed ());
  service = read_file (units, "herald-due.service");
  timer = read_file (units, "herald-due.timer");
  g_assert_nonnull (strstr (service, "ExecStart=\"/opt/herald/bin/herald-cli\" run-due\n"));
  g_assert_nonnull (strstr (service, "SuccessExitStatus=3\n"));
  g_assert_nonnull (strstr (timer, "OnUnitActiveSec=5min\n"));
  calls = read_file (tmp, "calls");
  g_assert_cmpstr (calls, ==, "--user daemon-reload\n--user enable --now herald-due.timer\n");
  g_clear_pointer (&calls, g_free);

  g_assert_true (herald_due_timer_remove (NULL, &error));
  g_assert_no_error (error);
  g_assert_false (herald_due_timer_is_installed ());
  g_assert_null (read_file (units, "herald-due.service"));
  calls = read_file (tmp, "calls");
  g_assert_cmpstr (calls, ==, "--user daemon-reload\n--user enable --now herald-due.timer\n"
                              "--user disable --now herald-due.timer\n--user daemon-reload\n");
}

static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fail = g_build_filename (tmp, "fail", NULL);

  g_assert_true (g_file_set_contents (fail, "", 0, NULL));
  g_assert_false (herald_due_timer_install ("/opt/herald/bin/herald-cli", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  /* systemd's own words, and what still works */
  g_assert_nonnull (strstr (error->message, "Failed to connect to bus"));
  g_assert_nonnull (strstr (error->message, "while Herald is open"));
  g_clear_error (&error);
  /* Not enabled: the files do not say it is. */
  g_assert_false (herald_due_timer_is_installed ());
  g_assert_false (herald_due_timer_install ("/opt/her\"ald/herald-cli", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_clear_error (&error);
  /* Removing takes the files away even when systemd cannot be reached. */
  g_assert_false (herald_due_timer_remove (NULL, &error));
  g_assert_false (herald_due_timer_is_installed ());
  g_unlink (fail);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *bin = NULL, *script = NULL, *path = NULL;
  int status;

  tmp = g_dir_make_tmp ("herald-due-timer-XXXXXX", NULL);
  g_assert_nonnull (tmp);
  bin = g_build_filename (tmp, "bin", NULL);
  g_mkdir (bin, 0700);
  script = g_build_filename (bin, "systemctl", NULL);
  {
    g_autofree char *text = g_strdup_printf ("#!/bin/sh\n"
                                             "[ -e '%s/fail' ] && { echo 'Failed to connect to bus: No medium found' >&2; exit 1; }\n"
                                             "echo \"$*\" >> '%s/calls'\n", tmp, tmp);
    g_assert_true (g_file_set_contents (script, text, -1, NULL));
    g_chmod (script, 0700);
  }
  path = g_strdup_printf ("%s:%s", bin, g_getenv ("PATH"));
  g_setenv ("PATH", path, TRUE);
  {
    g_autofree char *config = g_build_filename (tmp, "config", NULL);
    g_setenv ("XDG_CONFIG_HOME", config, TRUE);   /* before GLib reads it */
  }
  herald_test_init (&argc, &argv);
  g_test_add_func ("/due-timer/install-remove", test_install_remove);
  g_test_add_func ("/due-timer/refused", test_refused);
  status = g_test_run ();
  herald_test_remove_tree (tmp);
  g_free (tmp);
  return status;
}
