# apitest.py — what the HTTP API sending tests share (ses-api.py,
# mailgun-api.py): a stand-in server of tests/integration (started on a
# free port with a certificate the test makes, stopped whatever happens),
# and the campaign every provider must get right.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The campaign: 50 ordinary recipients and one of each fault the stand-ins
# play (apistandin.py). It shows:
#   - each of the 50 gets exactly one message: the bytes `herald-cli
#     preview` writes for them, but for three things that differ between
#     any two compositions: the multipart boundaries (GMime draws them at
#     random for every message), the Message-ID (the delivery's own,
#     checked to be the report's) and the Date (the moment of composing);
#   - the provider's id for each message is kept with the delivery;
#   - 429 → deferred (and the account slowed down, as for 421); 500 →
#     deferred, due again minutes later; 400 naming the recipient → failed;
#   - the connection dropped after the whole request, and no answer within
#     the reply timeout → uncertain: the provider saw each once, and a
#     resume sends nothing again.

import os
import re
import subprocess

from sendtest import Helper, Tap, cleanup, workdir

FAULTS = ['t429-a', 't500-a', 'bad-a', 'drop-a', 'stall-a']
EXPECT = {
    't429-a': ('deferred', '429'),
    't500-a': ('deferred', '500'),
    'bad-a': ('failed', '400'),
    'drop-a': ('uncertain', ''),
    'stall-a': ('uncertain', ''),
}
BOUNDARY = re.compile(rb'=_[A-Za-z0-9+/=_-]{16,}')


class StandIn(Helper):
    """A stand-in of this folder keeping its files in @folder."""

    def __init__(self, script, folder, *args):
        self.dir = folder
        super().__init__(script, folder, *args)
        self.url = 'https://127.0.0.1:%d' % self.port

    def lines(self, name):
        path = os.path.join(self.dir, name)
        if not os.path.exists(path):
            return []
        with open(path, encoding='utf-8') as f:
            return [line.rstrip('\n').split('\t') for line in f]


def make_cert(folder):
    cert, key = os.path.join(folder, 'cert.pem'), os.path.join(folder, 'key.pem')
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
                    '-days', '2', '-subj', '/CN=localhost',
                    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
                   check=True, capture_output=True)
    return cert, key


def run_with_standin(name, script, run, *args):
    """A test's main(): a temporary folder, a certificate for 127.0.0.1,
    the stand-in @script started with it and @args (its files in a folder
    named after the provider), run(tap, tmp, server, cert), then the
    stand-in stopped and the folder removed whatever happened; returns the
    exit status."""
    tap = Tap()
    tmp = workdir(name)
    server = None
    try:
        cert, key = make_cert(tmp)
        server = StandIn(script, os.path.join(tmp, script.replace('-server.py', '')), cert, key, *args)
        run(tap, tmp, server, cert)
    finally:
        if server is not None:
            server.stop()
        cleanup(tmp)
    return tap.done()


def add_account(herald, name, args, secret):
    """`herald-cli account add NAME ARGS…` with @secret on standard input."""
    proc = subprocess.run([os.environ['HERALD_CLI'], '--db', herald.db, 'account', 'add', name] + list(args) + ['--quiet-hours', 'off'],
                          env=herald.env, input=secret, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError('account add: %s' % proc.stderr)


def comparable(raw, message_id):
    """The message with its boundaries numbered in order, its Message-ID
    given and its Date blanked: what is left must be byte for byte the same."""
    seen = {}

    def number(m):
        return b'=_BOUNDARY%d' % seen.setdefault(m.group(0), len(seen))
    raw = BOUNDARY.sub(number, raw)
    raw = re.sub(rb'(?m)^Date: [^\r\n]+\r$', b'Date: -\r', raw, count=1)
    return re.sub(rb'(?m)^Message-ID: <[^>\r\n]*>', b'Message-ID: ' + message_id.encode(), raw, count=1)


def recipients():
    normal = [('r%02d@example.jp' % i, 'お客様%d' % i) for i in range(50)]
    return normal, [('%s@example.jp' % f, f) for f in FAULTS]


def same_bytes(server, n, preview, message_id):
    """None when the message the stand-in recorded as @n is @preview's
    bytes (see comparable()), else what differs."""
    with open(os.path.join(server.dir, '%s.eml' % n), 'rb') as f:
        sent = f.read()
    if ('Message-ID: %s' % message_id).encode() not in sent:
        return 'not the delivery\'s Message-ID'
    if comparable(sent, message_id) != comparable(preview, message_id):
        return 'other bytes'
    return None


def check_campaign(tap, herald, server, account, provider, normal, workdir, template='T', compare=same_bytes):
    """Sends campaign C of @template through @account and checks what the
    module's comment says (@compare: that what the provider got is what the
    preview shows). Returns the report's rows by address."""
    herald.run('campaign', 'create', 'C', '--template', template, '--list', 'L', '--account', account)
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
           'the sender is the account\'s address')

    ids = dict(herald.query("SELECT c.email, d.provider_message_id FROM deliveries d"
                            " JOIN contacts c ON c.id = d.contact_id"))
    tap.ok(all(ids.get(a) == got[a][0][2] for a, _ in normal if a in got),
           '%s\'s id for each message is kept with the delivery' % provider,
           [(a, ids.get(a)) for a, _ in normal[:3]])

    mismatched = []
    for address, _ in normal:
        if address not in got:
            mismatched.append((address, 'nothing'))
            continue
        out = os.path.join(workdir, 'preview.eml')
        herald.run('preview', '--template', template, '--list', 'L', '--email', address, '--account', account,
                   '--out', out)
        with open(out, 'rb') as f:
            want = f.read()
        problem = compare(server, got[address][0][0], want, rows[address]['message_id'])
        if problem is not None:
            mismatched.append((address, problem))
    tap.ok(not mismatched, 'every message %s got is what the preview shows' % provider, mismatched)

    for local, (state, code) in EXPECT.items():
        r = rows['%s@example.jp' % local]
        tap.ok(r['state'] == state and r['code'] == code, '%s → %s %s' % (local, state, code),
               '%s %s %s' % (r['state'], r['code'], r['response']))
    r429 = rows['t429-a@example.jp']
    tap.ok('Too many requests' in r429['response'], 'the 429\'s words are in the report', r429['response'])
    nexts = dict(herald.query("SELECT c.email, d.next_attempt_at - d.updated_at FROM deliveries d"
                              " JOIN contacts c ON c.id = d.contact_id WHERE d.state = 'deferred'"))
    tap.ok(all(v is not None and v >= 60 for v in nexts.values()) and len(nexts) == 2,
           'the deferred ones are due again minutes later (backoff)', nexts)

    # A resume sends nothing again: the uncertain ones stay so.
    before = len(server.lines('requests.log'))
    again = herald.run('campaign', 'send', 'C', '--reply-timeout', '3s', check=False, timeout=300)
    after = server.lines('requests.log')
    tap.ok(len(after) == before, 'a resume sends nothing (the uncertain ones are not re-sent)', after[before:])
    tap.ok(again.returncode == 3, 'and stops with the deferred ones still waiting', again.stderr)
    dropped = [r for r in after if r[0] in ('drop-a@example.jp', 'stall-a@example.jp')]
    tap.ok(len(dropped) == 2, '%s saw each unanswered request once' % provider, dropped)
    return rows


def check_refused(tap, herald, server, account, words, reason_words):
    """A campaign through @account, whose key the provider refuses: it
    pauses with the provider's reason, nobody failed, nothing accepted."""
    campaign = 'C-' + account
    herald.run('campaign', 'create', campaign, '--template', 'T', '--list', 'L', '--account', account)
    n_before = len(server.lines('accepted.log'))
    p = herald.run('campaign', 'send', campaign, check=False, timeout=120)
    status = herald.status(campaign)
    reason = herald.query('SELECT pause_reason FROM campaigns WHERE name = ?', campaign)[0][0] or ''
    tap.ok(p.returncode == 3 and status.get('campaign') == 'paused', '%s: the campaign pauses' % account,
           '%d %s %s' % (p.returncode, status, p.stderr))
    tap.ok(words in reason and reason_words in reason, '%s: with the provider\'s reason' % account, reason)
    tap.ok(status.get('failed') == '0' and status.get('sent') == '0' and
           len(server.lines('accepted.log')) == n_before,
           '%s: nobody failed, nothing was sent' % account, status)
