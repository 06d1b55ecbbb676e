#!/usr/bin/python3
# crash-test.py — exactly once, whatever happens to the sender.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# 1. A 2,000-recipient campaign to a real SMTP server on loopback (aiosmtpd
#    writing a Maildir), sent over 2 connections by `herald-cli campaign
#    send`, killed with SIGKILL at 25 random moments and resumed each time,
#    then sent to the end. Afterwards every delivery is sent or uncertain
#    (nothing lost), every sent one is in the Maildir exactly once, no
#    message is there twice, and there are at most 2 uncertain per kill
#    (one per connection).
# 2. Two `campaign send` processes on one campaign at once: zero
#    duplicates, nobody made uncertain, both did part of the work.
#
# HERALD_CRASH_SEED=N repeats a run (the seed is printed).

import os
import random
import re
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sendtest import Herald, Server, Tap, cleanup, maildir_count, workdir  # noqa: E402

N = 2000
KILLS = 25
CONNECTIONS = 2


def sent_count(h, campaign):
    return h.query("SELECT count(*) FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id"
                   " WHERE c.name = ? AND d.state = 'sent'", campaign)[0][0]


def crash_and_resume(tap, h, rng):
    kills_with_work = 0
    rate = 400.0       # msg/s, refined as we go
    startup = 0.05
    for k in range(KILLS):
        before = sent_count(h, 'C')
        left = N - before
        # Spread the kills over what is left: a random share of it.
        delay = startup * rng.random() + rng.uniform(0.2, 1.8) * left / rate / (KILLS - k + 1)
        proc = h.start('campaign', 'send', 'C')
        time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            proc.send_signal(signal.SIGKILL)
        proc.communicate()
        after = sent_count(h, 'C')
        if after > before:
            rate = max(50.0, 0.5 * rate + 0.5 * (after - before) / max(delay - startup, 0.01))
        if after < N and not finished:
            kills_with_work += 1
        print('# kill %2d after %.3f s: sent %d → %d%s' % (k + 1, delay, before, after,
                                                        ' (had finished)' if finished else ''), flush=True)
    tap.ok(kills_with_work >= KILLS - 3, '%d of %d kills hit a campaign with work left' % (kills_with_work, KILLS))
    return KILLS


def check_exactly_once(tap, h, server, campaign, kills):
    proc = h.run('campaign', 'send', campaign, check=False, timeout=300)
    tap.ok(proc.returncode == 0, 'the last resume finishes (0)', proc.stderr[-2000:])
    rows = h.report(campaign)
    copies = maildir_count(server.maildir)
    mine = {r['message_id'] for r in rows}
    states = {}
    for r in rows:
        states[r['state']] = states.get(r['state'], 0) + 1
    sent = [r for r in rows if r['state'] == 'sent']
    uncertain = [r for r in rows if r['state'] == 'uncertain']
    print('# %s: %r; uncertain ones delivered: %d' % (campaign, states,
          sum(1 for r in uncertain if copies.get(r['message_id']))), flush=True)

    tap.ok(len(rows) == N, '%s: %d deliveries' % (campaign, N))
    tap.ok(len(sent) + len(uncertain) == N, '%s: nothing lost (each is sent or uncertain)' % campaign, states)
    bad = [r['email'] for r in sent if copies.get(r['message_id'], 0) != 1]
    tap.ok(not bad, '%s: every sent message is in the Maildir exactly once' % campaign, bad[:20])
    dup = [m for m, n in copies.items() if m in mine and n > 1]
    tap.ok(not dup, '%s: no message arrived twice' % campaign, dup[:20])
    tap.ok(all(copies.get(r['message_id'], 0) <= 1 for r in uncertain),
           '%s: uncertain ones have at most one copy' % campaign)
    tap.ok(len(uncertain) <= kills * CONNECTIONS,
           '%s: %d uncertain ≤ %d kills × %d connections' % (campaign, len(uncertain), kills, CONNECTIONS))
    return len(uncertain)


def two_senders(tap, h, server):
    h.run('campaign', 'create', 'C2', '--template', 'T', '--list', 'L', '--account', 'smtp')
    a = h.start('campaign', 'send', 'C2')
    b = h.start('campaign', 'send', 'C2')
    out_a = a.communicate(timeout=300)[1]
    out_b = b.communicate(timeout=300)[1]
    tap.ok(a.returncode == 0 and b.returncode == 0, 'two senders at once both end done (0)', out_a + out_b)
    runs = [int(m.group(1)) for m in (re.search(r'this run sent (\d+)', o) for o in (out_a, out_b)) if m]
    tap.ok(len(runs) == 2 and all(n > 0 for n in runs) and sum(runs) == N,
           'both took part and together sent each once: %r' % runs, out_a + out_b)
    uncertain = check_exactly_once(tap, h, server, 'C2', 0)
    tap.ok(uncertain == 0, 'a starting sender leaves a live one’s messages alone (0 uncertain)')


def main():
    seed = int(os.environ.get('HERALD_CRASH_SEED', time.time_ns() % 1000000))
    print('# seed %d (HERALD_CRASH_SEED=%d repeats this run)' % (seed, seed), flush=True)
    rng = random.Random(seed)
    tap = Tap()
    tmp = workdir('crash')
    server = Server('maildir-smtp-server.py', os.path.join(tmp, 'maildir'), os.path.join(tmp, 'server.log'))
    try:
        h = Herald(tmp)
        people = [('r%04d@example.com' % i, 'Reader %d' % i) for i in range(N)]
        h.setup(people, ['--port', str(server.port), '--connections', str(CONNECTIONS)])
        h.run('campaign', 'create', 'C', '--template', 'T', '--list', 'L', '--account', 'smtp')
        started = time.time()
        kills = crash_and_resume(tap, h, rng)
        check_exactly_once(tap, h, server, 'C', kills)
        print('# crash phase took %.1f s' % (time.time() - started), flush=True)
        two_senders(tap, h, server)
    finally:
        server.stop()
        cleanup(tmp)
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
