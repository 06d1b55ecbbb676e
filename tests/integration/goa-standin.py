#!/usr/bin/python3
# goa-standin.py — a stand-in for GNOME Online Accounts on the test's own
# session bus. It stands in for GOA because GOA cannot run headless here
# (it needs a desktop session, and its Google and Microsoft accounts a
# real sign-in with the providers); it speaks the same D-Bus API Herald
# uses: the name org.gnome.OnlineAccounts, an
# org.freedesktop.DBus.ObjectManager at /org/gnome/OnlineAccounts, and one
# object per account at /org/gnome/OnlineAccounts/Accounts/ID with the
# interfaces org.gnome.OnlineAccounts.Account, .OAuth2Based
# (GetAccessToken → (s, i)) and .Mail.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: goa-standin.py --state DIR --token-file FILE --lifetime SECONDS
#                       --account ID:PROVIDER:ADDRESS …
# Each GetAccessToken issues a new token, appends "TOKEN EXPIRY" to
# --token-file (the format smtp-tls-server.py --token-file accepts) and
# logs "TOKEN ID" to DIR/goa.log. While DIR/refuse exists, GetAccessToken
# fails as GOA does when the provider refused the sign-in
# (org.gnome.OnlineAccounts.Error.NotAuthorized) and logs "REFUSED ID";
# while DIR/gone-ID exists, that account is not there (removed in
# Settings). Prints "READY" once it owns the name; stops when stdin
# closes.

import argparse
import os
import secrets
import sys
import threading
import time

from gi.repository import Gio, GLib

XML = '''
<node>
  <interface name="org.freedesktop.DBus.ObjectManager">
    <method name="GetManagedObjects">
      <arg name="objects" type="a{oa{sa{sv}}}" direction="out"/>
    </method>
  </interface>
  <interface name="org.gnome.OnlineAccounts.Account">
    <property name="ProviderType" type="s" access="read"/>
    <property name="ProviderName" type="s" access="read"/>
    <property name="Id" type="s" access="read"/>
    <property name="Identity" type="s" access="read"/>
    <property name="PresentationIdentity" type="s" access="read"/>
    <property name="AttentionNeeded" type="b" access="read"/>
    <property name="MailDisabled" type="b" access="read"/>
    <method name="EnsureCredentials">
      <arg name="expires_in" type="i" direction="out"/>
    </method>
  </interface>
  <interface name="org.gnome.OnlineAccounts.OAuth2Based">
    <method name="GetAccessToken">
      <arg name="access_token" type="s" direction="out"/>
      <arg name="expires_in" type="i" direction="out"/>
    </method>
    <property name="ClientId" type="s" access="read"/>
    <property name="ClientSecret" type="s" access="read"/>
  </interface>
  <interface name="org.gnome.OnlineAccounts.Mail">
    <property name="EmailAddress" type="s" access="read"/>
    <property name="Name" type="s" access="read"/>
    <property name="SmtpSupported" type="b" access="read"/>
    <property name="SmtpHost" type="s" access="read"/>
    <property name="SmtpUserName" type="s" access="read"/>
    <property name="SmtpUseAuth" type="b" access="read"/>
    <property name="SmtpAuthXoauth2" type="b" access="read"/>
    <property name="SmtpUseSsl" type="b" access="read"/>
    <property name="SmtpUseTls" type="b" access="read"/>
  </interface>
</node>
'''
ROOT = '/org/gnome/OnlineAccounts'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--state', required=True)
    ap.add_argument('--token-file', required=True)
    ap.add_argument('--lifetime', type=int, default=3600)
    ap.add_argument('--account', action='append', default=[])
    args = ap.parse_args()

    info = Gio.DBusNodeInfo.new_for_xml(XML)
    ifaces = {i.name: i for i in info.interfaces}
    accounts = {}
    for spec in args.account:
        acc_id, provider, address = spec.split(':', 2)
        smtp = 'smtp.gmail.com' if provider == 'google' else 'smtp.office365.com'
        accounts[acc_id] = {
            'org.gnome.OnlineAccounts.Account': {
                'ProviderType': GLib.Variant('s', provider),
                'ProviderName': GLib.Variant('s', 'Google' if provider == 'google' else 'Microsoft'),
                'Id': GLib.Variant('s', acc_id),
                'Identity': GLib.Variant('s', address),
                'PresentationIdentity': GLib.Variant('s', address),
                'AttentionNeeded': GLib.Variant('b', False),
                'MailDisabled': GLib.Variant('b', False),
            },
            'org.gnome.OnlineAccounts.OAuth2Based': {
                'ClientId': GLib.Variant('s', 'goa-client'),
                'ClientSecret': GLib.Variant('s', ''),
            },
            'org.gnome.OnlineAccounts.Mail': {
                'EmailAddress': GLib.Variant('s', address),
                'Name': GLib.Variant('s', 'Test'),
                'SmtpSupported': GLib.Variant('b', True),
                'SmtpHost': GLib.Variant('s', smtp),
                'SmtpUserName': GLib.Variant('s', address),
                'SmtpUseAuth': GLib.Variant('b', True),
                'SmtpAuthXoauth2': GLib.Variant('b', True),
                'SmtpUseSsl': GLib.Variant('b', provider == 'google'),
                'SmtpUseTls': GLib.Variant('b', provider != 'google'),
            },
        }
    log = open(os.path.join(args.state, 'goa.log'), 'a', buffering=1)

    def present(acc_id):
        return acc_id in accounts and not os.path.exists(os.path.join(args.state, 'gone-' + acc_id))

    def path_of(acc_id):
        return '%s/Accounts/%s' % (ROOT, acc_id)

    def on_root_call(conn, sender, path, iface, method, params, invocation):
        objects = {path_of(a): accounts[a] for a in accounts if present(a)}
        invocation.return_value(GLib.Variant('(a{oa{sa{sv}}})', (objects,)))

    def on_account_call(acc_id):
        def call(conn, sender, path, iface, method, params, invocation):
            if not present(acc_id):
                invocation.return_dbus_error('org.freedesktop.DBus.Error.UnknownObject', 'No such account')
            elif os.path.exists(os.path.join(args.state, 'refuse')):
                log.write('REFUSED %s\n' % acc_id)
                invocation.return_dbus_error('org.gnome.OnlineAccounts.Error.NotAuthorized',
                                             'Failed to refresh access token (invalid_grant)')
            elif method == 'GetAccessToken':
                token = 'goa-' + secrets.token_urlsafe(16)
                with open(args.token_file, 'a') as f:
                    f.write('%s %d\n' % (token, int(time.time()) + args.lifetime))
                log.write('TOKEN %s\n' % acc_id)
                invocation.return_value(GLib.Variant('(si)', (token, args.lifetime)))
            else:
                invocation.return_value(GLib.Variant('(i)', (args.lifetime,)))
        return call

    def on_get_property(acc_id):
        def get(conn, sender, path, iface, prop):
            return accounts[acc_id][iface][prop]
        return get

    loop = GLib.MainLoop()

    def on_bus(conn, name):
        conn.register_object(ROOT, ifaces['org.freedesktop.DBus.ObjectManager'], on_root_call, None, None)
        for acc_id in accounts:
            for iface in ('org.gnome.OnlineAccounts.Account', 'org.gnome.OnlineAccounts.OAuth2Based',
                          'org.gnome.OnlineAccounts.Mail'):
                conn.register_object(path_of(acc_id), ifaces[iface], on_account_call(acc_id),
                                     on_get_property(acc_id), None)

    def on_name(conn, name):
        print('READY', flush=True)

    def on_lost(conn, name):
        print('could not own %s' % name, file=sys.stderr)
        loop.quit()

    Gio.bus_own_name(Gio.BusType.SESSION, 'org.gnome.OnlineAccounts', Gio.BusNameOwnerFlags.NONE,
                     on_bus, on_name, on_lost)

    def wait_stdin():
        sys.stdin.read()
        GLib.idle_add(loop.quit)
    threading.Thread(target=wait_stdin, daemon=True).start()
    loop.run()


if __name__ == '__main__':
    main()
