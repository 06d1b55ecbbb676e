/* test-smtp-common.h — what the SMTP transport's test programs share: a
 * temporary folder with a certificate, the helper servers, an account, a
 * message
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "herald-account.h"
#include "herald-transport.h"

#define USER     "herald"
#define PASSWORD "s3cret-Pa55"
#define TOKEN    "ya29.test-Bearer-t0ken"

typedef struct
{
  GSubprocess *process;
  guint        port;
  char        *log;
  char        *maildir;
} Server;

extern char *tmp_dir;
extern char *cert;
extern char *key;
extern char *srcdir;

/* A test program's main(): g_test_init(), the temporary folder and its
 * certificate, then add_tests() (which adds the cases and may start
 * servers), g_test_run(), finish() (may be NULL: stops what add_tests()
 * started) and the folder removed. Returns the exit status: 77 (skip)
 * when /usr/bin/python3 or openssl is missing. */
int              smtp_test_main    (int                  *argc,
                                    char               ***argv,
                                    void                (*add_tests) (void),
                                    void                (*finish) (void));

void             server_start      (Server               *server,
                                    const char           *script,
                                    const char           *name,
                                    const char          **extra);
void             server_stop       (Server               *server);
void             start_evil        (Server               *server,
                                    const char           *mode);
char            *read_log          (const Server         *server);
guint            count_lines_with  (const char           *text,
                                    const char           *prefix);
HeraldAccount   *make_account      (HeraldSecurity        security,
                                    guint                 port);
HeraldTransport *open_transport    (const HeraldAccount  *account,
                                    const char           *password);
GBytes          *simple_message    (const char           *rcpt);
