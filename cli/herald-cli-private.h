/* herald-cli-private.h — shared by herald-cli's command files
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "herald-store.h"
#include "herald-account.h"

G_BEGIN_DECLS

/* Exit statuses, part of herald-cli's contract with scripts (README.md,
 * "Command line"): 0 done, 1 failed (one line on stderr says what to do),
 * 2 bad usage, 3 a campaign stopped before its end. */
enum
{
  HERALD_EXIT_OK = 0,
  HERALD_EXIT_FAILED = 1,
  HERALD_EXIT_USAGE = 2,
  HERALD_EXIT_STOPPED = 3,
};

typedef struct
{
  char        *db_path;   /* NULL: the default */
  HeraldStore *store;     /* opened on first use */
} HeraldCli;

typedef int (*HeraldCliCommandFunc) (HeraldCli *cli,
                                     int        argc,
                                     char     **argv);

typedef struct
{
  const char           *name;
  const char           *args;      /* usage synopsis after the name */
  const char           *summary;   /* translatable (N_) */
  HeraldCliCommandFunc  func;
} HeraldCliCommand;

/* A group's subcommand ("campaign send"): it sees itself as argv[0]. */
typedef struct
{
  const char           *name;
  HeraldCliCommandFunc  func;
} HeraldCliSubcommand;

HeraldStore *_herald_cli_open_store   (HeraldCli     *cli,
                                       GError       **error);
int          _herald_cli_dispatch     (HeraldCli     *cli,
                                       int            argc,
                                       char         **argv,
                                       const HeraldCliSubcommand *subcommands,
                                       gsize          n_subcommands,
                                       const char    *usage,
                                       const char    *help);
GOptionContext *_herald_cli_new_context (const char  *parameter,
                                       const char    *summary);
const char  *_herald_cli_parse_one    (GOptionContext *context,
                                       int           argc,
                                       char        **argv,
                                       const char    *missing,
                                       int           *status);
typedef GPtrArray *(*HeraldCliListFunc) (HeraldStore *store,
                                         GError     **error);
GPtrArray   *_herald_cli_list_all     (HeraldCli     *cli,
                                       GOptionContext *context,
                                       int            argc,
                                       char         **argv,
                                       HeraldCliListFunc list,
                                       int           *status);
int          _herald_cli_fail         (GError        *error);
int          _herald_cli_usage        (GOptionContext *context,
                                       const char    *message);
gboolean     _herald_cli_parse        (GOptionContext *context,
                                       int           *argc,
                                       char        ***argv,
                                       int           *exit_status);
gboolean     _herald_cli_parse_no_args (GOptionContext *context,
                                       int           *argc,
                                       char        ***argv,
                                       int           *exit_status);
void         _herald_cli_add_contact_options (GOptionContext     *context,
                                       const GOptionEntry *entries,
                                       char              **template_name,
                                       char              **list,
                                       char              **email,
                                       int                *row);

char        *_herald_cli_read_secret_stdin (const char *what_option,
                                           GError    **error);
void         _herald_cli_free_secret   (char          *secret);
typedef char *HeraldPassword;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (HeraldPassword, _herald_cli_free_secret, NULL)

int _herald_cli_account_add_api (HeraldCli *cli, int argc, char **argv);
void         _herald_cli_warn_business_missing (HeraldStore *store);
int _herald_cli_account_sign_in (HeraldCli *cli, int argc, char **argv);
int   _herald_cli_oauth_prepare      (GOptionContext *context, HeraldAccount *account,
                                      const char *preset_name, gboolean password_stdin);
char *_herald_cli_oauth_sign_in      (const HeraldAccount *account, GError **error);
int   _herald_cli_goa_prepare        (GOptionContext *context, HeraldAccount *account, const char *preset_name,
                                      const char *goa_id, gboolean password_stdin, gboolean oauth);
gboolean _herald_cli_goa_option_cb   (const char *option_name, const char *value, gpointer data, GError **error);

/* Commands, one group per file. */
int _herald_cli_init      (HeraldCli *cli, int argc, char **argv);
int _herald_cli_lists     (HeraldCli *cli, int argc, char **argv);
int _herald_cli_contacts  (HeraldCli *cli, int argc, char **argv);
int _herald_cli_import    (HeraldCli *cli, int argc, char **argv);
int _herald_cli_template  (HeraldCli *cli, int argc, char **argv);
int _herald_cli_template_attach       (HeraldCli *cli, int argc, char **argv);
int _herald_cli_template_detach       (HeraldCli *cli, int argc, char **argv);
int _herald_cli_template_attach_field (HeraldCli *cli, int argc, char **argv);
int _herald_cli_preview   (HeraldCli *cli, int argc, char **argv);
int _herald_cli_account   (HeraldCli *cli, int argc, char **argv);
int _herald_cli_campaign  (HeraldCli *cli, int argc, char **argv);
int _herald_cli_report    (HeraldCli *cli, int argc, char **argv);
int _herald_cli_campaign_report (HeraldCli *cli, int argc, char **argv);
int _herald_cli_campaign_retry_failed (HeraldCli *cli, int argc, char **argv);
int _herald_cli_campaign_tracking_import (HeraldCli *cli, int argc, char **argv);
extern const char _herald_cli_tracking_help[];
int _herald_cli_test_send (HeraldCli *cli, int argc, char **argv);
int _herald_cli_segment   (HeraldCli *cli, int argc, char **argv);
int _herald_cli_sequence  (HeraldCli *cli, int argc, char **argv);
int _herald_cli_suppression (HeraldCli *cli, int argc, char **argv);
int _herald_cli_mailbox   (HeraldCli *cli, int argc, char **argv);
int _herald_cli_contact   (HeraldCli *cli, int argc, char **argv);
int _herald_cli_run_due   (HeraldCli *cli, int argc, char **argv);
int _herald_cli_business  (HeraldCli *cli, int argc, char **argv);

G_END_DECLS
