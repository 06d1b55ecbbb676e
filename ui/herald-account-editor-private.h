/* herald-account-editor-private.h — the account editor's parts, shared
 * with herald-account-editor-presets.c (the Provider row)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "herald-account-editor.h"
#include "herald-mailbox.h"
#include "herald-mailbox-store.h"
#include "herald-provider-preset.h"

G_BEGIN_DECLS

struct _HeraldAccountEditor
{
  AdwWindow             parent_instance;

  /* template widgets */
  AdwEntryRow          *ca_row;
  GtkSpinButton        *connections_spin;
  GtkSwitch            *quiet_switch;
  AdwActionRow         *quiet_start_row;
  AdwActionRow         *quiet_end_row;
  GtkSpinButton        *quiet_start_hour;
  GtkSpinButton        *quiet_start_minute;
  GtkSpinButton        *quiet_end_hour;
  GtkSpinButton        *quiet_end_minute;
  GtkSpinButton        *daily_cap_spin;
  GtkLabel             *error_label;
  AdwEntryRow          *from_row;
  AdwEntryRow          *host_row;
  AdwEntryRow          *name_row;
  AdwPasswordEntryRow  *password_row;
  GtkSpinButton        *per_hour_spin;
  GtkSpinButton        *per_minute_spin;
  GtkSpinButton        *per_second_spin;
  GtkSpinButton        *port_spin;
  AdwEntryRow          *reply_to_row;
  GtkSpinner           *save_spinner;
  GtkScrolledWindow    *scrolled_window;
  AdwPreferencesGroup  *server_group;      /* its description: the provider's hint */
  AdwComboRow          *security_row;
  GtkLabel             *security_hint;     /* under the Server group: what the security does */
  GtkButton            *test_cancel_button;
  GtkLabel             *test_result_label;
  GtkSpinner           *test_spinner;
  AdwToastOverlay      *toast_overlay;
  AdwComboRow          *provider_row;
  AdwActionRow         *per_second_row;
  AdwActionRow         *per_minute_row;
  AdwActionRow         *per_hour_row;
  AdwActionRow         *daily_cap_row;
  AdwActionRow         *connections_row;
  AdwEntryRow          *unsubscribe_mailto_row;
  AdwEntryRow          *unsubscribe_url_row;
  GtkSwitch            *token_in_address_switch;
  GtkSwitch            *jis_switch;
  GtkSwitch            *mobile_text_switch;
  AdwEntryRow          *user_row;
  /* the Mailbox group (herald-account-editor-mailbox.c) */
  AdwEntryRow          *imap_folder_row;
  AdwEntryRow          *imap_host_row;
  AdwPasswordEntryRow  *imap_password_row;
  GtkSpinButton        *imap_port_spin;
  AdwComboRow          *imap_security_row;
  AdwEntryRow          *imap_user_row;
  GtkLabel             *mailbox_result_label;
  GtkSpinner           *mailbox_spinner;

  /* owned */
  HeraldSession        *session;
  HeraldAccount        *original;          /* NULL: a new account */
  GCancellable         *cancellable;       /* cancelled when the dialog goes */
  GCancellable         *test_cancellable;  /* the running test, or NULL */
  GtkFileChooserNative *ca_chooser;
  HeraldSecurity        security;          /* what the port default follows */
  gboolean              saving;
  gboolean              checking_mailbox;

  /* sign-in (herald-account-editor-signin.c) */
  AdwActionRow         *sign_in_row;
  GtkButton            *sign_in_button;
  GtkButton            *goa_button;
  GCancellable         *sign_in_cancellable; /* the running sign-in, or NULL */
  AdwMessageDialog     *sign_in_dialog;      /* its dialog, while shown */
  char                 *signed_in_provider;  /* "google", "microsoft": signed in in this dialog */
  char                 *signed_in_token;     /* the refresh token, to the keyring at Save */
  char                 *signed_in_goa_id;    /* or the Online Accounts account chosen */
  GPtrArray            *goa_accounts;        /* HeraldGoaAccount, once listed */
  gboolean              goa_asked;
  /* HTTP API accounts (herald-account-editor-api.c): rows made there */
  AdwEntryRow          *api_region_row;
  AdwEntryRow          *api_key_id_row;
  AdwEntryRow          *api_domain_row;
  AdwEntryRow          *api_endpoint_row;

  /* provider presets (herald-account-editor-presets.c) */
  HeraldPacingPresets  *presets;
  GPtrArray            *preset_list;       /* const HeraldProviderPreset *, the row's order */
  gboolean              loading_preset;    /* choosing an opened account's provider: fill nothing */
};

/* herald-account-editor-presets.c */
void                        _herald_account_editor_presets_init    (HeraldAccountEditor *self);
void                        _herald_account_editor_presets_dispose (HeraldAccountEditor *self);
void                        _herald_account_editor_presets_load    (HeraldAccountEditor *self,
                                                                    const HeraldAccount *account);
void                        _herald_account_editor_presets_apply   (HeraldAccountEditor *self,
                                                                    HeraldAccount       *account);
const HeraldProviderPreset *_herald_account_editor_get_preset      (HeraldAccountEditor *self);
char                       *_herald_account_editor_dup_raised      (HeraldAccountEditor *self,
                                                                    const HeraldAccount *account);

/* herald-account-editor-signin.c */
void                        _herald_account_editor_signin_init     (HeraldAccountEditor *self);
void                        _herald_account_editor_signin_load     (HeraldAccountEditor *self);
void                        _herald_account_editor_signin_dispose  (HeraldAccountEditor *self);
void                        _herald_account_editor_signin_apply    (HeraldAccountEditor *self,
                                                                    HeraldAccount       *account);
char                       *_herald_account_editor_signin_dup_secret (HeraldAccountEditor *self);

/* herald-account-editor-quiet.c */
void     _herald_account_editor_quiet_init       (HeraldAccountEditor  *self);
void     _herald_account_editor_set_quiet_hours  (HeraldAccountEditor  *self,
                                                  int                   start,
                                                  int                   end);
gboolean _herald_account_editor_read_quiet_hours (HeraldAccountEditor  *self,
                                                  HeraldAccount        *account,
                                                  GError              **error);
/* herald-account-editor-mailbox.c */
void                        _herald_account_editor_mailbox_class_init (GtkWidgetClass *widget_class);
void                        _herald_account_editor_mailbox_dispose (HeraldAccountEditor *self);
void                        _herald_account_editor_mailbox_load    (HeraldAccountEditor *self,
                                                                    const HeraldAccount *account);
HeraldMailboxSettings      *_herald_account_editor_build_mailbox   (HeraldAccountEditor *self);
char                       *_herald_account_editor_dup_mailbox_password (HeraldAccountEditor *self);
gboolean                    _herald_account_editor_move_mailbox_password (const char    *old_name,
                                                                          const char    *new_name,
                                                                          GCancellable  *cancellable,
                                                                          GError       **error);
char                       *_herald_mailbox_counts_summary         (const HeraldMailboxCounts *counts);

/* herald-account-editor-api.c */
void     _herald_account_editor_api_init    (HeraldAccountEditor  *self);
void     _herald_account_editor_api_load    (HeraldAccountEditor  *self,
                                             const HeraldAccount  *account);
gboolean _herald_account_editor_api_chosen  (HeraldAccountEditor  *self,
                                             HeraldApiProvider    *out_api);
gboolean _herald_account_editor_api_apply   (HeraldAccountEditor  *self,
                                             HeraldAccount        *account,
                                             GError              **error);

void                        _herald_account_editor_set_provider_hint (HeraldAccountEditor *self,
                                                                      const char          *hint);

/* herald-account-editor-test.c */
void                        _herald_account_editor_test_class_init (GtkWidgetClass *widget_class);

/* herald-account-editor.c */
char                       *_herald_account_editor_dup_typed_password (HeraldAccountEditor *self);
HeraldAccount              *_herald_account_editor_build_account   (HeraldAccountEditor  *self,
                                                                    GError              **error);
HeraldAccount              *_herald_account_editor_build_or_explain (HeraldAccountEditor *self);
void                        _herald_account_editor_show_result     (GtkLabel            *label,
                                                                    const char          *text,
                                                                    const char          *style);
void                        _herald_account_editor_show_error      (HeraldAccountEditor *self,
                                                                    const char          *message);
void                        _herald_account_editor_update_actions  (HeraldAccountEditor *self);

G_END_DECLS
