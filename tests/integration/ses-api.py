#!/usr/bin/python3
# ses-api.py — a campaign sent through Amazon SES's HTTP API, against a
# loopback HTTPS stand-in (ses-server.py) that checks every request's
# signature the way SES does. Run inside keyring-session.sh (the secret
# access key is in the keyring).
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What it shows:
#   - 50 ordinary recipients each get exactly one message: the bytes
#     `herald-cli preview` writes for them, but for three things that
#     differ between any two compositions: the multipart boundaries (GMime
#     draws them at random for every message), the Message-ID (the
#     delivery's own, checked to be the report's) and the Date (the moment
#     of composing); SES's MessageId is kept with the delivery;
#   - 429 → deferred, and the account slowed down (as 421 does);
#   - 500 → deferred, due again later (backoff);
#   - 400 naming the recipient → that recipient failed;
#   - the connection dropped after the whole request, and no answer within
#     the reply timeout → uncertain, sent once and never again by a resume;
#   - a wrong secret, and an unknown access key id → the campaign paused
#     with SES's reason, nobody failed, nothing accepted;
#   - a certificate that is not trusted → paused too.

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sendtest import Herald, Tap, cleanup, workdir, PYTHON, HERE  # noqa: E402

KEY_ID = 'AKIDHERALDTEST000001'
SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYHERALDTEST'
REGION = 'eu-west-1'
FAULTS = ['t429-a', 't500-a', 'bad-a', 'drop-a', 'stall-a']


class SesServer:
    def __init__(self, folder, cert, key):
        self.dir = folder
        self.proc = subprocess.Popen([PYTHON, os.path.join(HERE, 'ses-server.py'), folder, cert, key,
                                      KEY_ID, SECRET, REGION],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith('PORT '):
            self.stop()
            raise RuntimeError('ses-server.py did not start')
        self.port = int(line.split()[1])

    def lines(self, name):
        path = os.path.join(self.dir, name)
        if not os.path.exists(path):
            return []
        with open(path, encoding='utf-8') as f:
            return [line.rstrip('\n').split('\t') for line in f]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def make_cert(folder):
    cert, key = os.path.join(folder, 'cert.pem'), os.path.join(folder, 'key.pem')
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
                    '-days', '2', '-subj', '/CN=localhost',
                    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
                   check=True, capture_output=True)
    return cert, key


def add_ses(herald, name, port, cert, secret=SECRET, key_id=KEY_ID):
    args = ['account', 'add', name, '--api', 'ses', '--region', REGION, '--access-key-id', key_id,
            '--secret-stdin', '--endpoint', 'https://127.0.0.1:%d' % port, '--from', 'Shop <shop@example.jp>']
    if cert is not None:
        args += ['--ca', cert]
    proc = subprocess.run([sys.modules['sendtest'].CLI, '--db', herald.db] + args, env=herald.env,
                          input=secret, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError('account add: %s' % proc.stderr)


BOUNDARY = re.compile(rb'=_[A-Za-z0-9+/=_-]{16,}')


def comparable(raw, message_id):
    """The message with its boundaries numbered in order, its Message-ID
    given and its Date blanked: what is left must be byte for byte the same."""
    seen = {}

    def number(m):
        return b'=_BOUNDARY%d' % seen.setdefault(m.group(0), len(seen))
    raw = BOUNDARY.sub(number, raw)
    raw = re.sub(rb'(?m)^Date: [^\r\n]+\r$', b'Date: -\r', raw, count=1)
    return re.sub(rb'(?m)^Message-ID: <[^>\r\n]*>', b'Message-ID: ' + message_id.encode(), raw, count=1)


def main():
    tap = Tap()
    tmp = workdir('ses')
    server = None
    try:
        cert, key = make_cert(tmp)
        server = SesServer(os.path.join(tmp, 'ses'), cert, key)
        herald = Herald(tmp)
        normal = [('r%02d@example.jp' % i, 'お客様%d' % i) for i in range(50)]
        faulty = [('%s@example.jp' % f, f) for f in FAULTS]
        herald.setup(normal + faulty, [])
        add_ses(herald, 'ses', server.port, cert)

        listing = herald.run('account', 'list').stdout
        tap.ok('ses\thttps://127.0.0.1:%d\tses\tShop <shop@example.jp>' % server.port in listing,
               'account list shows the API account', listing)
        stored = herald.query('SELECT provider, region, key_id, endpoint FROM account_apis')
        tap.ok(stored == [('ses', REGION, KEY_ID, 'https://127.0.0.1:%d' % server.port)],
               'the settings are stored, the secret is not', stored)
        # (grep, not open(): closing a file of an SQLite database this
        # process has open drops SQLite's POSIX locks on it)
        tap.ok(subprocess.run(['grep', '-qF', SECRET, herald.db]).returncode == 1,
               'the secret is not in the database file')

        test = herald.run('account', 'test', 'ses')
        tap.ok('Amazon SES at https://127.0.0.1:%d' % server.port in test.stdout and
               'sending quota 50000 a day at 14 a second' in test.stdout,
               'account test reads the account\'s quota from SES (GetAccount, signed)', test.stdout)

        herald.run('campaign', 'create', 'C', '--template', 'T', '--list', 'L', '--account', 'ses')
        send = herald.run('campaign', 'send', 'C', '--reply-timeout', '3s', check=False, timeout=300)
        tap.ok(send.returncode == 3, 'the send stops with deferred ones left (exit 3)',
               'exit %d\n%s' % (send.returncode, send.stderr))

        rows = {r['email']: r for r in herald.report('C')}
        accepted = server.lines('accepted.log')
        got = {}
        for n, rcpt, sender, mid in accepted:
            got.setdefault(rcpt, []).append((n, sender, mid))
        once = all(len(got.get(a, [])) == 1 for a, _ in normal)
        tap.ok(once and len(accepted) == len(normal), 'each of the 50 got exactly one message',
               {a: len(got.get(a, [])) for a, _ in normal})
        tap.ok(all(rows[a]['state'] == 'sent' for a, _ in normal), 'all 50 are sent in the report',
               [(a, rows[a]['state'], rows[a]['response']) for a, _ in normal if rows[a]['state'] != 'sent'])
        tap.ok(all(s == 'shop@example.jp' for v in got.values() for _, s, _ in v),
               'the envelope sender is the account\'s address')

        ids = dict(herald.query("SELECT c.email, d.provider_message_id FROM deliveries d"
                                " JOIN contacts c ON c.id = d.contact_id"))
        tap.ok(all(ids.get(a) == got[a][0][2] for a, _ in normal if a in got),
               'SES\'s MessageId is kept with each delivery',
               [(a, ids.get(a)) for a, _ in normal[:3]])

        mismatched = []
        for address, _ in normal:
            if address not in got:
                continue
            out = os.path.join(tmp, 'preview.eml')
            herald.run('preview', '--template', 'T', '--list', 'L', '--email', address, '--account', 'ses',
                       '--out', out)
            with open(out, 'rb') as f:
                want = f.read()
            with open(os.path.join(server.dir, '%s.eml' % got[address][0][0]), 'rb') as f:
                sent = f.read()
            mid = rows[address]['message_id']
            if comparable(sent, mid) != comparable(want, mid) or ('Message-ID: %s' % mid).encode() not in sent:
                mismatched.append(address)
        tap.ok(not mismatched, 'every message SES got is the bytes the preview shows', mismatched)

        expect = {
            't429-a': ('deferred', '429'),
            't500-a': ('deferred', '500'),
            'bad-a': ('failed', '400'),
            'drop-a': ('uncertain', ''),
            'stall-a': ('uncertain', ''),
        }
        for local, (state, code) in expect.items():
            r = rows['%s@example.jp' % local]
            tap.ok(r['state'] == state and r['code'] == code, '%s → %s %s' % (local, state, code),
                   '%s %s %s' % (r['state'], r['code'], r['response']))
        r429 = rows['t429-a@example.jp']
        tap.ok('TooManyRequestsException' in r429['response'], 'the 429\'s words are in the report',
               r429['response'])
        nexts = dict(herald.query("SELECT c.email, d.next_attempt_at - d.updated_at FROM deliveries d"
                                  " JOIN contacts c ON c.id = d.contact_id WHERE d.state = 'deferred'"))
        tap.ok(all(v is not None and v >= 60 for v in nexts.values()) and len(nexts) == 2,
               'the deferred ones are due again minutes later (backoff)', nexts)

        # A resume sends nothing again: the uncertain ones stay so.
        before = len(server.lines('requests.log'))
        again = herald.run('campaign', 'send', 'C', '--reply-timeout', '3s', check=False, timeout=300)
        after = server.lines('requests.log')
        tap.ok(len(after) == before, 'a resume sends nothing (the uncertain ones are not re-sent)',
               after[before:])
        tap.ok(again.returncode == 3, 'and stops with the deferred ones still waiting', again.stderr)
        dropped = [r for r in after if r[0] in ('drop-a@example.jp', 'stall-a@example.jp')]
        tap.ok(len(dropped) == 2, 'SES saw each unanswered request once', dropped)

        # A wrong secret and an unknown key: the campaign pauses, nobody fails.
        for name, secret, key_id, words in (('wrong-secret', 'not-the-secret', KEY_ID, 'SignatureDoesNotMatch'),
                                            ('wrong-key', SECRET, 'AKIDUNKNOWN000000000', 'UnrecognizedClient')):
            add_ses(herald, name, server.port, cert, secret=secret, key_id=key_id)
            campaign = 'C-' + name
            herald.run('campaign', 'create', campaign, '--template', 'T', '--list', 'L', '--account', name)
            test = herald.run('account', 'test', name, check=False)
            tap.ok(test.returncode == 1 and words in test.stderr, '%s: account test says SES refused it' % name,
                   test.stderr)
            n_before = len(server.lines('accepted.log'))
            p = herald.run('campaign', 'send', campaign, check=False, timeout=120)
            status = herald.status(campaign)
            reason = herald.query('SELECT pause_reason FROM campaigns WHERE name = ?', campaign)[0][0] or ''
            tap.ok(p.returncode == 3 and status.get('campaign') == 'paused', '%s: the campaign pauses' % name,
                   '%d %s %s' % (p.returncode, status, p.stderr))
            tap.ok(words in reason and 'access key' in reason, '%s: with SES\'s reason' % name, reason)
            tap.ok(status.get('failed') == '0' and status.get('sent') == '0' and
                   len(server.lines('accepted.log')) == n_before,
                   '%s: nobody failed, nothing was sent' % name, status)

        # A certificate nobody vouches for: paused, the TLS failure named.
        add_ses(herald, 'untrusted', server.port, None)
        herald.run('campaign', 'create', 'C-untrusted', '--template', 'T', '--list', 'L', '--account', 'untrusted')
        p = herald.run('campaign', 'send', 'C-untrusted', check=False, timeout=120)
        status = herald.status('C-untrusted')
        reason = herald.query("SELECT pause_reason FROM campaigns WHERE name = 'C-untrusted'")[0][0] or ''
        tap.ok(p.returncode == 3 and status.get('campaign') == 'paused' and 'CA file' in reason,
               'an untrusted certificate pauses the campaign, saying so', '%s %s' % (status, reason))
    finally:
        if server is not None:
            server.stop()
        cleanup(tmp)
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
