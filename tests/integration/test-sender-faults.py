#!/usr/bin/python3
# test-sender-faults.py — each fault a server can throw at the sender ends
# in the documented state, with the server's words in `herald-cli report`.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What each fault must become (ARCHITECTURE.md, "A delivery's life"):
#
#   421 mid-session (RCPT, then closed)   deferred, 421 and its text
#   451 4.3.0 at RCPT                     deferred
#   451 4.7.1 after the data ("slow down") deferred
#   452 4.2.2 at RCPT                     deferred
#   550 5.1.1 at RCPT                     failed, address suppressed as bounced
#   connection reset before the final dot deferred
#   connection reset after the final dot  uncertain (never re-sent silently)
#   no reply to RCPT (stall)              deferred after the reply timeout
#   no reply to the final dot (stall)     uncertain after the reply timeout
#   554 5.7.1 (policy)                    campaign paused, nobody failed
#   server down                           campaign paused, nobody failed
#   10 temporary errors in a row          campaign paused, nobody failed
#   a temporary error, then accepted      sent at the retry
#   temporary errors past --give-up       failed, with the last reply
#   a daily cap reached                   the rest waits (exit 3), also after a restart
#   suppressed/unsubscribed since creation skipped, with the reason
#   `campaign pause` from another process the sender stops (3); send resumes
#   a 421 greeting (once)                  deferred, then sent at the retry (--wait: 0)
#   a reply timeout of 2 s                 the send takes 2 s, not 4 (no wait for QUIT)

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sendtest import Herald, Server, maildir_count, run_with_server  # noqa: E402

FAULTS = ['t421-a', 't451-a', 't451s-a', 't452-a', 'p550-a', 'rst-data-a',
          'rst-dot-a', 'stall-rcpt-a', 'stall-dot-a']

EXPECTED = {
    # local part: (state, code, words in the response)
    't421-a': ('deferred', '421', '4.7.0 Too many connections'),
    't451-a': ('deferred', '451', '4.3.0 Temporary local problem'),
    't451s-a': ('deferred', '451', '4.7.1 Rate limited'),
    't452-a': ('deferred', '452', '4.2.2 Mailbox full'),
    'p550-a': ('failed', '550', '5.1.1 <p550-a@example.jp>: Recipient address rejected: User unknown'),
    'rst-data-a': ('deferred', '', ''),
    'rst-dot-a': ('uncertain', '', ''),
    'stall-rcpt-a': ('deferred', '', ''),
    'stall-dot-a': ('uncertain', '', ''),
}


def by_local(rows):
    return {r['email'].split('@')[0]: r for r in rows}


def main():
    return run_with_server('faults', 'fault-smtp-server.py', run)


def run(tap, tmp, server):
    h = Herald(tmp)
    people = []
    for i, fault in enumerate(FAULTS):
        people.append(('ok-%d@example.jp' % i, 'Ok %d' % i))
        people.append(('%s@example.jp' % fault, fault))
    people.append(('ok-last@example.jp', 'Last'))
    retry = [('once-t451-r@example.jp', 'R1'), ('t451-r@example.jp', 'R2'), ('once-rst-dot-r@example.jp', 'R3')]
    policy = [('ok-p1@example.jp', 'P1'), ('p554-p@example.jp', 'P2'), ('ok-p2@example.jp', 'P3')]
    errors = [('t451-e%02d@example.jp' % i, 'E') for i in range(12)]

    h.setup(people + retry + policy + errors, ['--port', str(server.port), '--connections', '1'])
    for name, who in (('F', people), ('R', retry), ('P', policy), ('E', errors)):
        sub = 'L' + name
        path = os.path.join(tmp, sub + '.csv')
        with open(path, 'w') as f:
            f.write('email,name\n' + ''.join('%s,%s\n' % p for p in who))
        h.run('import', path, '--list', sub)
        h.run('campaign', 'create', name, '--template', 'T', '--list', sub, '--account', 'smtp')

    # ---- every fault once, on one connection -------------------------------
    proc = h.run('campaign', 'send', 'F', '--reply-timeout', '2s', check=False, timeout=120)
    tap.ok(proc.returncode == 3, 'send with faults stops with 3 (retries are due later)', proc.stderr)
    tap.ok('due later' in proc.stderr, 'it says the rest is due later', proc.stderr)
    rows = by_local(h.report('F'))
    tap.ok(len(rows) == len(people), 'report has every recipient')
    oks = [r for k, r in rows.items() if k.startswith('ok-')]
    tap.ok(all(r['state'] == 'sent' and r['attempts'] == '1' and '2.0.0 Ok' in r['response'] for r in oks),
           'the good ones are sent, with the 250 reply', oks)
    for local, (state, code, words) in EXPECTED.items():
        r = rows[local]
        tap.ok(r['state'] == state, '%s ends %s' % (local, state), r)
        if code:
            tap.ok(r['code'] == code and words in r['response'],
                   '%s keeps the server’s words' % local, r)
        else:
            tap.ok(r['response'] != '', '%s says what happened' % local, r)
        tap.ok(r['attempts'] == '1', '%s was tried once' % local, r)
    tap.ok(h.query("SELECT reason FROM suppressions WHERE email = 'p550-a@example.jp'") == [('bounced',)],
           'the unknown user is suppressed as bounced')
    st = h.status('F')
    tap.ok(st.get('campaign') == 'sending' and st.get('deferred') == '6' and st.get('uncertain') == '2',
           'status: still sending, 6 deferred, 2 uncertain', st)
    mids = maildir_count(server.maildir)
    tap.ok(all(mids.get(r['message_id']) == 1 for r in oks) and
           not any(mids.get(rows[k]['message_id']) for k in EXPECTED),
           'the server holds exactly the accepted ones', mids)
    tap.ok(h.query("SELECT count(*) FROM deliveries WHERE claimed_by IS NOT NULL") == [(0,)] and
           h.query("SELECT count(*) FROM sender_leases") == [(0,)],
           'no claims or leases are left behind')

    proc = h.run('campaign', 'skip', 'F', '--uncertain', check=False)
    rows = by_local(h.report('F'))
    tap.ok(proc.returncode == 0 and rows['rst-dot-a']['state'] == 'skipped' and
           rows['stall-dot-a']['state'] == 'skipped', 'skip --uncertain skips them', proc.stderr)

    # ---- retries -------------------------------------------------------------
    proc = h.run('campaign', 'send', 'R', '--retry-first', '1s', '--retry-max', '1s', '--give-up', '4s',
                 '--reply-timeout', '2s', '--wait', check=False, timeout=120)
    rows = by_local(h.report('R'))
    tap.ok(proc.returncode == 0, 'send --wait with retries ends done (0)', proc.stderr)
    tap.ok(rows['once-t451-r']['state'] == 'sent' and rows['once-t451-r']['attempts'] == '2',
           'a temporary failure is sent at the retry', rows['once-t451-r'])
    r = rows['t451-r']
    tap.ok(r['state'] == 'failed' and r['code'] == '451' and '4.3.0' in r['response'] and int(r['attempts']) >= 3,
           'past --give-up it fails with the last reply', r)
    r = rows['once-rst-dot-r']
    tap.ok(r['state'] == 'uncertain' and r['attempts'] == '1', 'reset after the dot: uncertain, not retried', r)
    first_mid = r['message_id']
    proc = h.run('campaign', 'resend', 'R', '--uncertain', check=False)
    tap.ok(proc.returncode == 0 and by_local(h.report('R'))['once-rst-dot-r']['state'] == 'queued',
           'resend --uncertain queues it again', proc.stderr)
    tap.ok(h.status('R').get('campaign') == 'paused', 'a done campaign with work again is paused')
    proc = h.run('campaign', 'send', 'R', check=False, timeout=60)
    r = by_local(h.report('R'))['once-rst-dot-r']
    mids = maildir_count(server.maildir)
    tap.ok(proc.returncode == 0 and r['state'] == 'sent' and r['message_id'] == first_mid and mids.get(first_mid) == 1,
           'the re-send carries the same Message-ID', (proc.stderr, r))

    # ---- campaign-wide faults ------------------------------------------------
    proc = h.run('campaign', 'send', 'P', check=False, timeout=60)
    rows = by_local(h.report('P'))
    st = h.status('P')
    tap.ok(proc.returncode == 3, 'a 5.7.1 policy refusal stops the campaign (3)', proc.stderr)
    tap.ok(st.get('campaign') == 'paused' and '5.7.1' in st.get('reason', ''),
           'paused, with the server’s words as the reason', st)
    tap.ok(rows['p554-p']['state'] == 'queued' and '5.7.1' in rows['p554-p']['response'] and
           rows['ok-p2']['state'] == 'queued' and st.get('failed') == '0',
           'nobody is marked failed for it', rows)

    proc = h.run('campaign', 'send', 'E', '--connections', '1', check=False, timeout=60)
    st = h.status('E')
    tap.ok(proc.returncode == 3 and st.get('campaign') == 'paused' and
           '10 messages in a row' in st.get('reason', '') and '451' in st.get('reason', ''),
           'ten temporary errors in a row pause the campaign with the reason', (proc.stderr, st))
    tap.ok(st.get('deferred') == '10' and st.get('queued') == '2' and st.get('failed') == '0',
           'and stop there, failing nobody', st)

    # ---- who left after the campaign was made is not mailed ---------------------
    path = os.path.join(tmp, 'LX.csv')
    with open(path, 'w') as f:
        f.write('email,name\nok-x1@example.jp,X1\nok-x2@example.jp,X2\nok-x3@example.jp,X3\n')
    h.run('import', path, '--list', 'LX')
    h.run('campaign', 'create', 'X', '--template', 'T', '--list', 'LX', '--account', 'smtp')
    h.query("INSERT INTO suppressions (email, reason) VALUES ('ok-x2@example.jp', 'unsubscribed')")
    h.query("UPDATE list_members SET status = 'unsubscribed' WHERE contact_id ="
            " (SELECT id FROM contacts WHERE email = 'ok-x3@example.jp')")
    proc = h.run('campaign', 'send', 'X', check=False, timeout=60)
    rows = by_local(h.report('X'))
    tap.ok(proc.returncode == 0 and rows['ok-x1']['state'] == 'sent' and
           rows['ok-x2']['state'] == 'skipped' and 'suppression list' in rows['ok-x2']['response'] and
           rows['ok-x3']['state'] == 'skipped' and 'unsubscribed' in rows['ok-x3']['response'],
           'suppressed or unsubscribed since the campaign was made: skipped, with why', rows)

    # ---- `campaign pause` from another process ---------------------------------
    h.run('account', 'add', 'slow', '--quiet-hours', 'off', '--host', '127.0.0.1', '--port', str(server.port), '--security', 'none',
          '--from', 'Shop <shop@example.jp>', '--rate', '20/s')
    path = os.path.join(tmp, 'LS.csv')
    with open(path, 'w') as f:
        f.write('email,name\n' + ''.join('ok-slow%03d@example.jp,S\n' % i for i in range(100)))
    h.run('import', path, '--list', 'LS')
    h.run('campaign', 'create', 'Slow', '--template', 'T', '--list', 'LS', '--account', 'slow')
    sender = h.start('campaign', 'send', 'Slow')
    time.sleep(1.5)
    paused = h.run('campaign', 'pause', 'Slow', check=False)
    t0 = time.time()
    err = sender.communicate(timeout=30)[1]
    st = h.status('Slow')
    tap.ok(paused.returncode == 0 and sender.returncode == 3 and time.time() - t0 < 3 and
           st.get('campaign') == 'paused' and st.get('sending') == '0' and 0 < int(st.get('sent')) < 100,
           'campaign pause from another process stops the sender (3) within a second or two',
           (paused.stderr, err, st))
    proc = h.run('campaign', 'send', 'Slow', check=False, timeout=60)
    st = h.status('Slow')
    tap.ok(proc.returncode == 0 and st.get('campaign') == 'done' and st.get('sent') == '100',
           'campaign send resumes a paused campaign to the end', (proc.stderr, st))

    # ---- a daily cap: the rest waits for tomorrow, across restarts --------------
    h.run('account', 'add', 'capped', '--quiet-hours', 'off', '--host', '127.0.0.1', '--port', str(server.port), '--security', 'none',
          '--from', 'Shop <shop@example.jp>', '--daily', '2')
    path = os.path.join(tmp, 'LC.csv')
    with open(path, 'w') as f:
        f.write('email,name\n' + ''.join('ok-cap%d@example.jp,C\n' % i for i in range(3)))
    h.run('import', path, '--list', 'LC')
    h.run('campaign', 'create', 'Cap', '--template', 'T', '--list', 'LC', '--account', 'capped')
    proc = h.run('campaign', 'send', 'Cap', check=False, timeout=60)
    st = h.status('Cap')
    tap.ok(proc.returncode == 3 and 'due later' in proc.stderr and st.get('sent') == '2' and
           st.get('queued') == '1' and st.get('campaign') == 'sending',
           'a daily cap of 2 sends 2 and stops with 3 until tomorrow', (proc.stderr, st))
    proc = h.run('campaign', 'send', 'Cap', check=False, timeout=60)
    tap.ok(proc.returncode == 3 and h.status('Cap').get('sent') == '2',
           'a restart does not reset the day’s count (it comes from the journal)', proc.stderr)

    # ---- a 421 greeting: come back later, like any temporary refusal ----------
    evil = Server('smtp-evil-server.py', 'greet421-once', os.path.join(tmp, 'evil.log'))
    try:
        h.run('account', 'add', 'busy', '--quiet-hours', 'off', '--host', '127.0.0.1', '--port', str(evil.port), '--security', 'none',
              '--from', 'Shop <shop@example.jp>')
        path = os.path.join(tmp, 'LG.csv')
        with open(path, 'w') as f:
            f.write('email,name\nok-g1@example.jp,G1\nok-g2@example.jp,G2\n')
        h.run('import', path, '--list', 'LG')
        h.run('campaign', 'create', 'G', '--template', 'T', '--list', 'LG', '--account', 'busy')
        proc = h.run('campaign', 'send', 'G', '--retry-first', '1s', '--retry-max', '1s', '--wait',
                     check=False, timeout=60)
        rows = by_local(h.report('G'))
        st = h.status('G')
        tap.ok(proc.returncode == 0 and st.get('campaign') == 'done' and st.get('sent') == '2',
               'a 421 greeting defers the message and send --wait sends it at the retry (0)', (proc.stderr, st))
        tap.ok(rows['ok-g1']['state'] == 'sent' and rows['ok-g1']['attempts'] == '2' and
               rows['ok-g2']['attempts'] == '1', 'the one met by the 421 went at its second attempt', rows)
    finally:
        evil.stop()

    # ---- a reply that never comes: the timeout is waited once ---------------------
    path = os.path.join(tmp, 'LT.csv')
    with open(path, 'w') as f:
        f.write('email,name\nstall-rcpt-t@example.jp,T\n')
    h.run('import', path, '--list', 'LT')
    h.run('campaign', 'create', 'S', '--template', 'T', '--list', 'LT', '--account', 'smtp')
    t0 = time.time()
    proc = h.run('campaign', 'send', 'S', '--reply-timeout', '2s', check=False, timeout=60)
    took = time.time() - t0
    tap.ok(proc.returncode == 3 and by_local(h.report('S'))['stall-rcpt-t']['state'] == 'deferred' and took < 3.5,
           'a reply timeout of 2 s: deferred after %.1f s (< 3.5: no second wait for QUIT)' % took, proc.stderr)

    h.run('account', 'add', 'down', '--quiet-hours', 'off', '--host', '127.0.0.1', '--port', str(closed_port()), '--security', 'none',
          '--from', 'Shop <shop@example.jp>')
    h.run('campaign', 'create', 'D', '--template', 'T', '--list', 'LP', '--account', 'down')
    proc = h.run('campaign', 'send', 'D', check=False, timeout=60)
    st = h.status('D')
    tap.ok(proc.returncode == 3 and st.get('campaign') == 'paused' and st.get('reason') and
           st.get('queued') == '3' and st.get('failed') == '0',
           'a refused connection pauses the campaign and fails nobody', (proc.stderr, st))


def closed_port():
    import socket
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


if __name__ == '__main__':
    sys.exit(main())
