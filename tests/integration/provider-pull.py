#!/usr/bin/python3
# provider-pull.py — the providers' suppression lists pulled into
# Herald's (`herald-cli suppression pull ACCOUNT`, and after a campaign),
# against the loopback HTTPS stand-ins of SendGrid, Mailgun and Amazon SES
# (sendgrid-server.py, mailgun-server.py, ses-server.py), which check each
# request's authentication as the real services do (SES: the SigV4
# signature recomputed) and page their lists by two. Run inside
# keyring-session.sh (the API secrets are in the keyring).
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What it shows:
#   - each provider's lists (SendGrid's five, Mailgun's three, SES's one)
#     are read page after page, every address lands on the suppression
#     list with its reason and source ("Mailgun bounce (account mg)");
#   - a second pull reads the same and adds nothing new;
#   - 429 and 5xx answers are waited out and tried again; a key the
#     provider refuses (SES: a wrong secret, so a wrong signature) and an
#     answer that stays 5xx fail with one line saying what to do;
#   - an SMTP account and the Outbox have nothing to pull;
#   - `campaign send` through an API account pulls afterwards, and the
#     next campaign leaves the pulled addresses out.

import csv
import io
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sendtest import Herald, Tap, cleanup, workdir  # noqa: E402
from apitest import StandIn, add_account, make_cert  # noqa: E402

SG_KEY = 'SG.heraldtest.0123456789abcdefghijklmnopqrstuvwxyz'
MG_KEY = 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0'
MG_DOMAIN = 'mg.example.jp'
SES_ID = 'AKIDHERALDTEST000001'
SES_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYHERALDTEST'
REGION = 'eu-west-1'
FROM = ['--from', 'Shop <shop@example.jp>']

SENDGRID = {
    'bounces': ['sg-b1@example.jp', 'sg-b2@example.jp', 'SG-B3@Example.JP'],
    'blocks': ['sg-block@example.jp'],
    'spam_reports': ['sg-spam1@example.jp', 'sg-spam2@example.jp'],
    'invalid_emails': ['sg-invalid@example.jp', 'not an address'],
    'unsubscribes': ['sg-u1@example.jp', 'sg-u2@example.jp', 'sg-u3@example.jp', 'sg-u4@example.jp',
                     'sg-u5@example.jp'],
}
MAILGUN = {
    'bounces': ['mg-b1@example.jp', 'mg-b2@example.jp', 'mg-b3@example.jp', 'mg-b4@example.jp',
                'mg-b5@example.jp'],
    'complaints': ['mg-c1@example.jp'],
    'unsubscribes': ['mg-u1@example.jp', 'mg-u2@example.jp'],
}
SES = {
    'BOUNCE': ['ses-b1@example.jp', 'ses-b2@example.jp', 'ses-b3@example.jp'],
    'COMPLAINT': ['ses-c1@example.jp', 'ses-c2@example.jp'],
}


def write_json(server, name, data):
    with open(os.path.join(server.dir, name), 'w', encoding='utf-8') as f:
        json.dump(data, f)


def write_faults(server, statuses):
    with open(os.path.join(server.dir, 'pull-faults'), 'w', encoding='utf-8') as f:
        f.write(''.join('%d\n' % s for s in statuses))


def suppressions(herald):
    out = herald.run('suppression', 'list').stdout
    return {r['email']: r for r in csv.DictReader(io.StringIO(out))}


def pulls(server):
    return server.lines('pulls.log')


def check_pull(tap, herald, server, account, expect, provider):
    """Pulls @account; @expect: {address: (reason, kind)}."""
    p = herald.run('suppression', 'pull', account, check=False, timeout=120)
    n = len(expect)
    tap.ok(p.returncode == 0 and p.stdout == 'pulled %d, new %d\n' % (n, n),
           '%s: pull prints “pulled %d, new %d”' % (account, n, n), '%d %r %s' % (p.returncode, p.stdout, p.stderr))
    listed = suppressions(herald)
    wrong = []
    for address, (reason, kind) in expect.items():
        row = listed.get(address)
        source = '%s %s (account %s)' % (provider, kind, account)
        if row is None or row['reason'] != reason or row['source'] != source:
            wrong.append((address, row and (row['reason'], row['source']), (reason, source)))
    tap.ok(not wrong, '%s: each address is suppressed with its reason and source' % account, wrong)
    again = herald.run('suppression', 'pull', account, check=False, timeout=120)
    tap.ok(again.returncode == 0 and again.stdout == 'pulled %d, new 0\n' % n,
           '%s: a second pull adds nothing new' % account, '%r %s' % (again.stdout, again.stderr))


def main():
    tap = Tap()
    tmp = workdir('pull')
    servers = []
    try:
        cert, key = make_cert(tmp)
        sg = StandIn('sendgrid-server.py', os.path.join(tmp, 'sendgrid'), cert, key, SG_KEY)
        servers.append(sg)
        mg = StandIn('mailgun-server.py', os.path.join(tmp, 'mailgun'), cert, key, MG_KEY, MG_DOMAIN)
        servers.append(mg)
        ses = StandIn('ses-server.py', os.path.join(tmp, 'ses'), cert, key, SES_ID, SES_SECRET, REGION)
        servers.append(ses)
        write_json(sg, 'suppressions.json', SENDGRID)
        write_json(mg, 'suppressions.json', MAILGUN)
        write_json(ses, 'suppressions.json', SES)

        herald = Herald(tmp)
        herald.setup([('mg-b1@example.jp', 'Bounced'), ('keep@example.jp', 'Kept'),
                      ('mg-new@example.jp', 'Later')], [])
        add_account(herald, 'sg', ['--api', 'sendgrid', '--key-stdin', '--endpoint', sg.url, '--ca', cert] + FROM,
                    SG_KEY)
        add_account(herald, 'mg', ['--api', 'mailgun', '--domain', MG_DOMAIN, '--key-stdin', '--endpoint', mg.url,
                                   '--ca', cert] + FROM, MG_KEY)
        add_account(herald, 'ses', ['--api', 'ses', '--region', REGION, '--access-key-id', SES_ID,
                                    '--secret-stdin', '--endpoint', ses.url, '--ca', cert] + FROM, SES_SECRET)

        # SendGrid: five lists, paged by two; 429 then 500 waited out.
        write_faults(sg, [429, 500])
        kinds = {'bounces': ('bounced', 'bounce'), 'blocks': ('bounced', 'block'),
                 'spam_reports': ('complaint', 'spam report'), 'invalid_emails': ('bounced', 'invalid email'),
                 'unsubscribes': ('unsubscribed', 'global unsubscribe')}
        expect = {a.split('@')[0] + '@' + a.split('@')[1].lower(): kinds[name] for name, addresses in SENDGRID.items() for a in addresses if '@' in a}
        check_pull(tap, herald, sg, 'sg', expect, 'SendGrid')
        log = pulls(sg)
        tap.ok([r[1] for r in log[:3]] == ['429', '500', '200'] and log[0][0] == log[2][0],
               'SendGrid: 429 and 500 were waited out, the same page asked again', log[:3])
        offsets = [r[0] for r in log if r[0].startswith('/v3/suppression/unsubscribes')]
        tap.ok(len(offsets) >= 8 and 'offset=2' in offsets[1] and 'offset=4' in offsets[2],
               'SendGrid: a list is read page after page (limit and offset)', offsets)

        # Mailgun: three lists, the next page followed.
        expect = {a: ('bounced', 'bounce') for a in MAILGUN['bounces']}
        expect.update({a: ('complaint', 'complaint') for a in MAILGUN['complaints']})
        expect.update({a: ('unsubscribed', 'unsubscribe') for a in MAILGUN['unsubscribes']})
        check_pull(tap, herald, mg, 'mg', expect, 'Mailgun')
        bounce_pages = [r[0] for r in pulls(mg) if r[0].startswith('/v3/%s/bounces' % MG_DOMAIN)]
        tap.ok(len(bounce_pages) >= 4 and 'page=next&address=mg-b2%40example.jp' in bounce_pages[1],
               'Mailgun: paging.next is followed', bounce_pages)

        # SES: one list, NextToken, each request's signature recomputed.
        write_faults(ses, [503])
        expect = {a: ('bounced', 'bounce') for a in SES['BOUNCE']}
        expect.update({a: ('complaint', 'complaint') for a in SES['COMPLAINT']})
        check_pull(tap, herald, ses, 'ses', expect, 'Amazon SES')
        log = pulls(ses)
        tap.ok(log[0][1] == '503' and all(r[1] == '200' for r in log[1:]) and
               any('NextToken=' in r[0] for r in log),
               'Amazon SES: a 503 waited out, NextToken followed, every signature accepted', log)

        # Refusals and lasting failures.
        add_account(herald, 'ses-wrong', ['--api', 'ses', '--region', REGION, '--access-key-id', SES_ID,
                                          '--secret-stdin', '--endpoint', ses.url, '--ca', cert] + FROM,
                    'not-the-secret')
        p = herald.run('suppression', 'pull', 'ses-wrong', check=False, timeout=120)
        tap.ok(p.returncode == 1 and 'refused' in p.stderr and 'SignatureDoesNotMatch' in p.stderr and
               p.stdout == '', 'Amazon SES: a wrong secret fails, with SES\'s reason', p.stderr)
        add_account(herald, 'sg-wrong', ['--api', 'sendgrid', '--key-stdin', '--endpoint', sg.url,
                                         '--ca', cert] + FROM, 'SG.wrong')
        p = herald.run('suppression', 'pull', 'sg-wrong', check=False, timeout=120)
        tap.ok(p.returncode == 1 and 'HTTP 401' in p.stderr and 'API key' in p.stderr,
               'SendGrid: a refused key fails, saying what to do', p.stderr)
        write_faults(mg, [500] * 5)
        p = herald.run('suppression', 'pull', 'mg', check=False, timeout=120)
        tap.ok(p.returncode == 1 and 'HTTP 500' in p.stderr and 'Try again later' in p.stderr,
               'Mailgun: 500 five times fails, saying to try later', p.stderr)
        p = herald.run('suppression', 'pull', 'smtp', check=False)
        tap.ok(p.returncode == 1 and 'mailbox' in p.stderr, 'an SMTP account has nothing to pull', p.stderr)
        p = herald.run('suppression', 'pull', 'outbox', check=False)
        tap.ok(p.returncode == 1 and 'Outbox' in p.stderr, 'nor has the Outbox', p.stderr)

        # After a campaign: pulled again, and the next campaign skips them.
        MAILGUN['bounces'].append('mg-new@example.jp')
        write_json(mg, 'suppressions.json', MAILGUN)
        herald.run('campaign', 'create', 'C1', '--template', 'T', '--list', 'L', '--account', 'mg')
        rows = {r['email'] for r in herald.report('C1')}
        tap.ok('mg-b1@example.jp' not in rows and 'keep@example.jp' in rows,
               'a campaign made after the pull leaves the pulled address out', rows)
        p = herald.run('campaign', 'send', 'C1', check=False, timeout=120)
        tap.ok(p.returncode == 0 and 'Suppressions pulled from Mailgun (account “mg”): 9, 1 of them new.' in p.stderr,
               'campaign send pulls the account\'s suppressions afterwards', p.stderr)
        tap.ok(suppressions(herald).get('mg-new@example.jp', {}).get('source') == 'Mailgun bounce (account mg)',
               'the address bounced meanwhile is suppressed with its source')
        herald.run('campaign', 'create', 'C2', '--template', 'T', '--list', 'L', '--account', 'mg')
        rows = {r['email'] for r in herald.report('C2')}
        tap.ok(rows == {'keep@example.jp'}, 'the next campaign skips it', rows)

        # run-due too: a scheduled campaign sent when due pulls afterwards.
        MAILGUN['bounces'].append('mg-due@example.jp')
        write_json(mg, 'suppressions.json', MAILGUN)
        herald.env = dict(herald.env, TZ='Asia/Tokyo')
        herald.run('campaign', 'create', 'C3', '--template', 'T', '--list', 'L', '--account', 'mg',
                   '--at', '2030-01-10 10:00')
        herald.env = dict(herald.env, HERALD_NOW='2030-01-10T10:01:00+09:00')
        p = herald.run('run-due', check=False, timeout=120)
        tap.ok(p.returncode == 0 and 'campaign\tC3\tdone' in p.stdout, 'run-due sends the scheduled campaign',
               p.stdout + p.stderr)
        tap.ok(suppressions(herald).get('mg-due@example.jp', {}).get('source') == 'Mailgun bounce (account mg)',
               'run-due pulls the account\'s suppressions after it', suppressions(herald).keys())
    finally:
        for server in servers:
            server.stop()
        cleanup(tmp)
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
