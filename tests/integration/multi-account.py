#!/usr/bin/python3
# multi-account.py — one campaign of 1,000 recipients sent through two
# accounts with different limits, weights 2,1, one of them stopped midway
# by its server (554 5.7.1, as a provider answers an account it stopped):
# every recipient gets exactly one message, each server's receive times
# stay within its account's rate, the other account takes the stopped
# one's share, and the report names the account that sent each message,
# which is the one whose server has it. Then two accounts with no limits
# of their own and weights 3,1 share a campaign 3 to 1, and another, the
# sender killed at random moments and resumed, reaches neither server twice.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import random
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sendtest import Herald, Server, Tap, busiest, cleanup, workdir  # noqa: E402

N = 1000
RATE_A = 30          # messages a second, account "smtp" (weight 2)
RATE_B = 10          # account "second" (weight 1)
REFUSE_AFTER = 120   # the second account's server stops it after this many
WINDOW = 5
# Receive-time jitter on a loaded machine moves a message or two across a
# window's edges (see pacing-test.py): allow 0.2 s worth of messages.


def jitter(rate):
    return max(2, int(rate * 0.2 + 0.999))


def read_log(path):
    """[(time, rcpt)] in the order received."""
    with open(path) as f:
        return [(float(parts[0]), parts[1]) for parts in (line.split() for line in f) if len(parts) >= 2]


def crash(h, tap, c, d):
    """The same two accounts, the sender killed (SIGKILL) at random
    moments and resumed: across both servers no message arrives twice,
    and every delivery is sent (and arrived once) or uncertain."""
    rng = random.Random(int(os.environ.get('HERALD_CRASH_SEED', time.time_ns() % 1000000)))
    h.run('campaign', 'create', 'Crash', '--template', 'T', '--list', 'L',
          '--account', 'three', '--account', 'one', '--weights', '3,1')
    kills = 0
    for _ in range(8):
        proc = h.start('campaign', 'send', 'Crash')
        time.sleep(rng.uniform(0.1, 0.6))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.communicate()
    proc = h.run('campaign', 'send', 'Crash', check=False, timeout=300)
    tap.ok(proc.returncode == 0, 'killed %d times and resumed, the campaign ends done (0)' % kills, proc.stderr)
    ids = {}
    for path in (c.log, d.log):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3:
                    ids[parts[2]] = ids.get(parts[2], 0) + 1
    rows = h.query("SELECT d.message_id, d.state FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id"
                   " WHERE c.name = 'Crash'")
    twice = [m for m, _ in rows if ids.get(m, 0) > 1]
    lost = [m for m, st in rows if st == 'sent' and ids.get(m, 0) != 1]
    other = [st for _, st in rows if st not in ('sent', 'uncertain')]
    uncertain = sum(1 for _, st in rows if st == 'uncertain')
    tap.ok(len(rows) == N and not twice and not lost and not other,
           'after the kills: no message arrived twice at either server, each sent one arrived once '
           '(%d uncertain)' % uncertain, 'twice %s lost %s other %s' % (twice[:5], lost[:5], other[:5]))


def shares(h, tmp, tap):
    """Two accounts with no limits of their own, weights 3,1: the
    deliveries are shared 3 to 1, give or take a claim (16 / 2)."""
    c = Server('maildir-smtp-server.py', os.path.join(tmp, 'maildir-c'), os.path.join(tmp, 'c.log'))
    d = Server('maildir-smtp-server.py', os.path.join(tmp, 'maildir-d'), os.path.join(tmp, 'd.log'))
    try:
        for name, server in (('three', c), ('one', d)):
            h.run('account', 'add', name, '--host', '127.0.0.1', '--port', str(server.port),
                  '--security', 'none', '--from', 'Shop <%s@example.jp>' % name, '--quiet-hours', 'off')
        h.run('campaign', 'create', 'Shares', '--template', 'T', '--list', 'L',
              '--account', 'three', '--account', 'one', '--weights', '3,1')
        proc = h.run('campaign', 'send', 'Shares', check=False, timeout=300)
        tap.ok(proc.returncode == 0, 'a campaign over two unlimited accounts is sent (0)', proc.stderr)
        n_c, n_d = len(read_log(c.log)), len(read_log(d.log))
        tap.ok(n_c + n_d == N and abs(n_c - 3 * N / 4) <= 16,
               'weights 3,1 share the %d deliveries 3 to 1 (%d and %d)' % (N, n_c, n_d))
        counts = {}
        for r in h.report('Shares'):
            counts[r['account']] = counts.get(r['account'], 0) + 1
        tap.ok(counts == {'three': n_c, 'one': n_d}, 'the report agrees with the servers', counts)
        crash(h, tap, c, d)
    finally:
        c.stop()
        d.stop()


def main():
    tap = Tap()
    tmp = workdir('multi')
    server_a = Server('maildir-smtp-server.py', os.path.join(tmp, 'maildir-a'), os.path.join(tmp, 'a.log'))
    server_b = Server('maildir-smtp-server.py', os.path.join(tmp, 'maildir-b'), os.path.join(tmp, 'b.log'),
                      REFUSE_AFTER)
    try:
        h = Herald(tmp)
        people = [('p%04d@example.com' % i, 'P %d' % i) for i in range(N)]
        h.setup(people, ['--port', str(server_a.port), '--rate', '%d/s' % RATE_A, '--connections', '2'])
        h.run('account', 'add', 'second', '--host', '127.0.0.1', '--port', str(server_b.port),
              '--security', 'none', '--from', 'Shop two <two@example.jp>', '--rate', '%d/s' % RATE_B,
              '--quiet-hours', 'off')

        bad = h.run('campaign', 'create', 'Bad', '--template', 'T', '--list', 'L',
                    '--account', 'smtp', '--account', 'second', '--weights', '2,1,1', check=False)
        tap.ok(bad.returncode == 2, 'three weights for two accounts is a usage error (2)', bad.stderr)

        h.run('campaign', 'create', 'Both', '--template', 'T', '--list', 'L',
              '--account', 'smtp', '--account', 'second', '--weights', '2,1')
        proc = h.run('campaign', 'send', 'Both', check=False, timeout=300)
        tap.ok(proc.returncode == 0, 'the campaign is sent to the end though one account stopped (0)', proc.stderr)

        log_a = read_log(server_a.log)
        log_b = read_log(server_b.log)
        got = {}
        for _, rcpt in log_a + log_b:
            got[rcpt] = got.get(rcpt, 0) + 1
        twice = [r for r, n in got.items() if n > 1]
        missing = [a for a, _ in people if a not in got]
        tap.ok(not twice and not missing and len(got) == N,
               'every one of the %d recipients got exactly one message (%d + %d received)'
               % (N, len(log_a), len(log_b)),
               'twice: %s; missing: %s' % (twice[:10], missing[:10]))
        tap.ok(len(log_b) == REFUSE_AFTER,
               'the second account sent until its server stopped it (%d), nothing after' % len(log_b))
        tap.ok(len(log_a) == N - len(log_b), 'the first account took the rest (%d)' % len(log_a))

        # Each account within its limits, measured at its server.
        for name, log, rate in (('smtp', log_a, RATE_A), ('second', log_b, RATE_B)):
            times = sorted(t for t, _ in log)
            worst, where = busiest(times, WINDOW)
            limit = rate * WINDOW + jitter(rate)
            tap.ok(worst <= limit, '%s: no %d-second window holds more than %d (busiest: %d at +%.1f s)'
                   % (name, WINDOW, limit, worst, where))

        # While both sent, the faster account with twice the weight sent more.
        if log_b:
            b_end = max(t for t, _ in log_b)
            a_meanwhile = sum(1 for t, _ in log_a if t <= b_end)
            tap.ok(a_meanwhile >= 1.5 * len(log_b),
                   'while both sent, the first account sent more (%d against %d)' % (a_meanwhile, len(log_b)))
            a_after = len(log_a) - a_meanwhile
            tap.ok(a_after > 0, 'after the second stopped, the first went on (%d more)' % a_after)

        rows = h.report('Both')
        by_server = {rcpt: 'smtp' for _, rcpt in log_a}
        by_server.update({rcpt: 'second' for _, rcpt in log_b})
        tap.ok(len(rows) == N and all(r['state'] == 'sent' for r in rows),
               'the report has %d rows, all sent' % len(rows))
        wrong = [(r['email'], r.get('account'), by_server.get(r['email'])) for r in rows
                 if r.get('account') != by_server.get(r['email'])]
        tap.ok(not wrong, 'the report names, for each recipient, the account whose server has the message',
               wrong[:10])
        header = h.run('report', 'Both').stdout.splitlines()[0]
        tap.ok(header == 'email,state,attempts,code,response,message_id,updated_at,account',
               'the report\'s columns are the contract\'s, account last', header)

        status = h.run('campaign', 'status', 'Both').stdout.splitlines()
        lines = [line.split('\t') for line in status if line.startswith('account\t')]
        tap.ok(len(lines) == 2 and lines[0][1:4] == ['smtp', '2', str(len(log_a))]
               and lines[1][1:4] == ['second', '1', str(len(log_b))],
               'campaign status gives each account, its weight and what it sent', status)
        tap.ok(len(lines) == 2 and len(lines[1]) == 5 and '5.7.1' in lines[1][4] and len(lines[0]) == 4,
               'campaign status says why the second account stopped', status)
        tap.ok('campaign\tdone' in status, 'the campaign is done', status)

        shares(h, tmp, tap)
    finally:
        server_a.stop()
        server_b.stop()
        cleanup(tmp)
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
