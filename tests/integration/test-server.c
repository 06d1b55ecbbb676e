/* test-server.c — a test server run as a child: started, its port read,
 * stopped
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Python servers in this folder print "PORT N" once they listen on a
 * free loopback port, and stop when their standard input closes.
 */
#include "config.h"

#include <signal.h>

#include "test-server.h"

/* Starts @argv and waits for its "PORT N" line. */
GSubprocess *
herald_test_server_spawn (const char * const *argv,
                          guint              *out_port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "PORT "));
  *out_port = (guint) g_ascii_strtoull (line + 5, NULL, 10);
  g_assert_cmpuint (*out_port, >, 0);
  return process;
}

/* Closes its standard input, asks it to stop and waits for it. */
void
herald_test_server_stop (GSubprocess **process)
{
  if (*process == NULL)
    return;
  g_output_stream_close (g_subprocess_get_stdin_pipe (*process), NULL, NULL);
  g_subprocess_send_signal (*process, SIGTERM);
  g_subprocess_wait (*process, NULL, NULL);
  g_clear_object (process);
}
