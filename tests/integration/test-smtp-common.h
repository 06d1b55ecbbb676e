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

int              smtp_test_init    (int                  *argc,
                                    char               ***argv);
void             smtp_test_cleanup (void);

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
