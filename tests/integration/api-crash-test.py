#!/usr/bin/python3
# api-crash-test.py — exactly once through an HTTP API, whatever happens to
# the sender. Run inside keyring-session.sh.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A 300-recipient campaign through Amazon SES's API (the loopback stand-in
# ses-server.py, which checks every signature), sent over 2 connections by
# `herald-cli campaign send`, killed with SIGKILL at 10 random moments and
# resumed each time, then sent to the end. Afterwards every delivery is
# sent or uncertain (nothing lost), SES accepted every sent one exactly
# once, nobody twice, at most one copy of an uncertain one, at most 2
# uncertain per kill (one per connection), and uncertain only where the
# end of the request's body may have left (the stream marks it just before
# handing over its last bytes: at most 3 undelivered uncertain ones).
#
# HERALD_CRASH_SEED=N repeats a run (the seed is printed).

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sendtest import Herald, kill_at_random  # noqa: E402
from apitest import add_account, run_with_standin  # noqa: E402

N = 300
KILLS = 10
CONNECTIONS = 2
KEY_ID = 'AKIDHERALDTEST000001'
SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYHERALDTEST'
REGION = 'eu-west-1'


def sent_count(h):
    return h.query("SELECT count(*) FROM deliveries WHERE state = 'sent'")[0][0]


def main():
    seed = int(os.environ.get('HERALD_CRASH_SEED', random.randrange(1 << 30)))
    rng = random.Random(seed)
    print('# HERALD_CRASH_SEED=%d' % seed, flush=True)

    def run(tap, tmp, server, cert):
        h = Herald(tmp)
        h.setup([('c%04d@example.jp' % i, 'n%d' % i) for i in range(N)], [])
        add_account(h, 'ses', ['--api', 'ses', '--region', REGION, '--access-key-id', KEY_ID, '--secret-stdin',
                               '--endpoint', server.url, '--ca', cert, '--from', 'Shop <shop@example.jp>',
                               '--connections', str(CONNECTIONS)], SECRET)
        h.run('campaign', 'create', 'C', '--template', 'T', '--list', 'L', '--account', 'ses')

        kill_at_random(tap, h, rng, sent_count, N, KILLS, rate=50.0, startup=0.3, min_rate=10.0, min_busy=0.05)

        last = h.run('campaign', 'send', 'C', check=False, timeout=300)
        tap.ok(last.returncode == 0, 'the last resume finishes (0)', last.stderr[-2000:])
        rows = h.report('C')
        copies = {}
        for _, rcpt, _, _ in server.lines('accepted.log'):
            copies[rcpt] = copies.get(rcpt, 0) + 1
        states = {}
        for r in rows:
            states[r['state']] = states.get(r['state'], 0) + 1
        sent = [r for r in rows if r['state'] == 'sent']
        uncertain = [r for r in rows if r['state'] == 'uncertain']
        print('# %r; uncertain ones delivered: %d' % (states, sum(1 for r in uncertain if copies.get(r['email']))),
              flush=True)
        tap.ok(len(rows) == N and len(sent) + len(uncertain) == N, 'nothing lost (each is sent or uncertain)', states)
        bad = [r['email'] for r in sent if copies.get(r['email'], 0) != 1]
        tap.ok(not bad, 'SES accepted every sent message exactly once', bad[:20])
        tap.ok(all(n == 1 for n in copies.values()), 'SES accepted no message twice',
               [a for a, n in copies.items() if n > 1][:20])
        tap.ok(all(copies.get(r['email'], 0) <= 1 for r in uncertain), 'uncertain ones have at most one copy')
        tap.ok(len(uncertain) <= KILLS * CONNECTIONS,
               '%d uncertain ≤ %d kills × %d connections' % (len(uncertain), KILLS, CONNECTIONS))
        undelivered = [r['email'] for r in uncertain if not copies.get(r['email'])]
        tap.ok(len(undelivered) <= 3, 'uncertain only once the end of the body may have left (%d of %d '
               'undelivered, ≤ 3)' % (len(undelivered), len(uncertain)), undelivered)

    return run_with_standin('api-crash', 'ses-server.py', run, KEY_ID, SECRET, REGION)


if __name__ == '__main__':
    sys.exit(main())
