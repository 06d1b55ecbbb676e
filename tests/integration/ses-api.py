#!/usr/bin/python3
# ses-api.py — a campaign sent through Amazon SES's HTTP API, against a
# loopback HTTPS stand-in (ses-server.py) that checks every request's
# signature the way SES does. Run inside keyring-session.sh (the secret
# access key is in the keyring).
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What it shows: the campaign of apitest.py (each recipient gets the
# preview's bytes exactly once; 429, 500, a refused recipient, a dropped
# connection and a stall each end in their state), and besides:
#   - the settings are stored, the secret only in the keyring;
#   - `account test` reads the account's quota (GetAccount, signed);
#   - a wrong secret, and an unknown access key id → the campaign paused
#     with SES's reason, nobody failed, nothing accepted;
#   - a certificate that is not trusted → paused too, saying so.

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sendtest import Herald  # noqa: E402
from apitest import add_account, check_campaign, check_refused, recipients, run_with_standin  # noqa: E402

KEY_ID = 'AKIDHERALDTEST000001'
SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYHERALDTEST'
REGION = 'eu-west-1'


def add_ses(herald, name, server, cert, secret=SECRET, key_id=KEY_ID):
    args = ['--api', 'ses', '--region', REGION, '--access-key-id', key_id, '--secret-stdin',
            '--endpoint', server.url, '--from', 'Shop <shop@example.jp>']
    add_account(herald, name, args + (['--ca', cert] if cert is not None else []), secret)


def main():
    def run(tap, tmp, server, cert):
        herald = Herald(tmp)
        normal, faulty = recipients()
        herald.setup(normal + faulty, [])
        add_ses(herald, 'ses', server, cert)

        listing = herald.run('account', 'list').stdout
        tap.ok('ses\t%s\tses\tShop <shop@example.jp>' % server.url in listing,
               'account list shows the API account', listing)
        stored = herald.query('SELECT provider, region, key_id, endpoint FROM account_apis')
        tap.ok(stored == [('ses', REGION, KEY_ID, server.url)], 'the settings are stored, the secret is not',
               stored)
        # (grep, not open(): closing a file of an SQLite database this
        # process has open drops SQLite's POSIX locks on it)
        tap.ok(subprocess.run(['grep', '-qF', SECRET, herald.db]).returncode == 1,
               'the secret is not in the database file')

        test = herald.run('account', 'test', 'ses')
        tap.ok('Amazon SES at %s' % server.url in test.stdout and
               'sending quota 50000 a day at 14 a second' in test.stdout,
               'account test reads the account\'s quota from SES (GetAccount, signed)', test.stdout)

        rows = check_campaign(tap, herald, server, 'ses', 'SES', normal, tmp)
        tap.ok('TooManyRequestsException' in rows['t429-a@example.jp']['response'],
               'SES\'s error type is in the report', rows['t429-a@example.jp']['response'])

        for name, secret, key_id, words in (('wrong-secret', 'not-the-secret', KEY_ID, 'SignatureDoesNotMatch'),
                                            ('wrong-key', SECRET, 'AKIDUNKNOWN000000000', 'UnrecognizedClient')):
            add_ses(herald, name, server, cert, secret=secret, key_id=key_id)
            test = herald.run('account', 'test', name, check=False)
            tap.ok(test.returncode == 1 and words in test.stderr, '%s: account test says SES refused it' % name,
                   test.stderr)
            check_refused(tap, herald, server, name, words, 'access key')

        # A certificate nobody vouches for: paused, the TLS failure named.
        add_ses(herald, 'untrusted', server, None)
        herald.run('campaign', 'create', 'C-untrusted', '--template', 'T', '--list', 'L', '--account', 'untrusted')
        p = herald.run('campaign', 'send', 'C-untrusted', check=False, timeout=120)
        status = herald.status('C-untrusted')
        reason = herald.query("SELECT pause_reason FROM campaigns WHERE name = 'C-untrusted'")[0][0] or ''
        tap.ok(p.returncode == 3 and status.get('campaign') == 'paused' and 'CA file' in reason,
               'an untrusted certificate pauses the campaign, saying so', '%s %s' % (status, reason))

    return run_with_standin('ses', 'ses-server.py', run, KEY_ID, SECRET, REGION)


if __name__ == '__main__':
    sys.exit(main())
