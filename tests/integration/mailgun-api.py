#!/usr/bin/python3
# mailgun-api.py — a campaign sent through Mailgun's messages.mime, against
# a loopback HTTPS stand-in (mailgun-server.py) that checks the key and the
# form the way Mailgun does. Run inside keyring-session.sh (the API key is
# in the keyring).
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What it shows: the campaign of apitest.py (each recipient gets the
# preview's bytes exactly once; 429, 500, a refused recipient, a dropped
# connection and a stall each end in their state), and besides:
#   - the settings are stored, the key only in the keyring;
#   - a wrong key → the campaign paused with Mailgun's reason;
#   - a domain the key does not have → paused, naming the domain;
#   - --region eu without --endpoint addresses Mailgun's EU API.

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sendtest import Herald  # noqa: E402
from apitest import add_account, check_campaign, check_refused, recipients, run_with_standin  # noqa: E402

API_KEY = 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0'
DOMAIN = 'mg.example.jp'


def add_mailgun(herald, name, server, cert, key=API_KEY, domain=DOMAIN):
    add_account(herald, name, ['--api', 'mailgun', '--domain', domain, '--key-stdin', '--endpoint', server.url,
                               '--ca', cert, '--from', 'Shop <shop@example.jp>'], key)


def main():
    def run(tap, tmp, server, cert):
        herald = Herald(tmp)
        normal, faulty = recipients()
        herald.setup(normal + faulty, [])
        add_mailgun(herald, 'mg', server, cert)

        stored = herald.query('SELECT provider, region, key_id, domain, endpoint FROM account_apis')
        tap.ok(stored == [('mailgun', None, None, DOMAIN, server.url)], 'the settings are stored', stored)
        tap.ok(subprocess.run(['grep', '-qF', API_KEY, herald.db]).returncode == 1,
               'the key is not in the database file')

        test = herald.run('account', 'test', 'mg')
        tap.ok('Mailgun at %s' % server.url in test.stdout and 'not checked until the first message' in test.stdout,
               'account test says it cannot check a Mailgun key without sending', test.stdout)

        check_campaign(tap, herald, server, 'mg', 'Mailgun', normal, tmp)

        add_mailgun(herald, 'mg-wrong-key', server, cert, key='key-not-this-one')
        check_refused(tap, herald, server, 'mg-wrong-key', 'Forbidden', 'API key')
        add_mailgun(herald, 'mg-other-domain', server, cert, domain='mg.example.com')
        check_refused(tap, herald, server, 'mg-other-domain', 'Domain not found', 'mg.example.com')

        add_account(herald, 'mg-eu', ['--api', 'mailgun', '--region', 'eu', '--domain', DOMAIN, '--key-stdin',
                                      '--from', 'Shop <shop@example.jp>'], API_KEY)
        listing = herald.run('account', 'list').stdout
        tap.ok('mg-eu\thttps://api.eu.mailgun.net\tmailgun\t' in listing and
               'mg\t%s\tmailgun\t' % server.url in listing, 'an EU account sends to Mailgun\'s EU API', listing)

    return run_with_standin('mailgun', 'mailgun-server.py', run, API_KEY, DOMAIN)


if __name__ == '__main__':
    sys.exit(main())
