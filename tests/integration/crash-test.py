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
#    Killed at random, a sender can die in the microseconds between
#    noting a message's end of data and handing it over: at most 3 of the
#    uncertain ones may be undelivered.
# 2. Kills at exact points of the protocol (kill-smtp-server.py says when
#    and then holds every reply, so each connection waits at a known point):
#    at MAIL, at DATA, in the middle of the data (of a message larger than
#    the sockets' buffers) and after the final dot, with 1 and 4
#    connections. Before the resume, each 'sending' row has its end-of-data
#    mark exactly when the server got its final dot. After it: nothing
#    lost, nothing delivered twice, every uncertain delivery is one whose
#    end of data the server received, and one killed before its end of
#    data was sent exactly once, on the resume.
# 3. Two `campaign send` processes on one campaign at once: zero
#    duplicates, nobody made uncertain, both did part of the work; the
#    write-ahead log stays under 12 MB meanwhile.
#
# HERALD_CRASH_SEED=N repeats a run (the seed is printed).

import json
import os
import random
import re
import select
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sendtest import Helper, Herald, kill_at_random, maildir_count, run_with_server  # noqa: E402

N = 2000
KILLS = 25
CONNECTIONS = 2


def sent_count(h, campaign):
    return h.query("SELECT count(*) FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id"
                   " WHERE c.name = ? AND d.state = 'sent'", campaign)[0][0]


def crash_and_resume(tap, h, rng):
    # 400 msg/s to begin with, refined as we go.
    kill_at_random(tap, h, rng, lambda h: sent_count(h, 'C'), N, KILLS, rate=400.0, startup=0.05, min_rate=50.0,
                   min_busy=0.01)
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
    undelivered = [r['email'] for r in uncertain if not copies.get(r['message_id'])]
    tap.ok(len(undelivered) <= 3,
           '%s: uncertain only once the end of data may have left (%d of %d undelivered, ≤ 3)'
           % (campaign, len(undelivered), len(uncertain)), undelivered)
    return len(uncertain)


# ---- kills at exact points ------------------------------------------------

KILL_N = 80           # recipients of each campaign (4 connections × 16 claimed, and more)
KILL_NTH = 20         # the message the kill comes at
KILL_PHASES = ['mail', 'data', 'mid-data', 'dot']


class KillServer(Helper):
    """kill-smtp-server.py, driven through its standard input."""

    def __init__(self, log):
        self.log = log
        super().__init__('kill-smtp-server.py', log)

    def command(self, text):
        self.proc.stdin.write(text + '\n')
        self.proc.stdin.flush()
        return self.wait_line(10) == 'OK'

    def wait_line(self, timeout):
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        return self.proc.stdout.readline().strip() if ready else None

    def events(self):
        with open(self.log) as f:
            return [json.loads(line) for line in f if line.strip()]


def eod_counts(server):
    counts = {}
    for e in server.events():
        if e['event'] == 'eod':
            counts[e['message_id']] = counts.get(e['message_id'], 0) + 1
    return counts


def kill_at(tap, h, server, campaign, phase, connections):
    name = '%s at %s, %d connection%s' % (campaign, phase, connections, 's' if connections > 1 else '')
    server.command('plan %s %d' % (phase, KILL_NTH))
    proc = h.start('campaign', 'send', campaign, '--connections', str(connections))
    triggered = server.wait_line(60) == 'TRIGGERED'
    # Every connection now waits for a reply the server holds back (and the
    # one stopped in the middle of its data, for its buffers to drain).
    time.sleep(0.5)
    proc.kill()
    err = proc.communicate()[1]
    # What the sender wrote before it died is read and logged first.
    server.command('plan none')
    server.command('idle')
    if not tap.ok(triggered, '%s: the server reached the point' % name, err[-2000:]):
        return

    eods = eod_counts(server)
    rows = h.query("SELECT d.id, d.message_id, d.data_end_at IS NOT NULL FROM deliveries d"
                   " JOIN campaigns c ON c.id = d.campaign_id WHERE c.name = ? AND d.state = 'sending'",
                   campaign)
    marked = {r[0] for r in rows if r[2]}
    unmarked = {r[0] for r in rows if not r[2]}
    tap.ok(0 < len(rows) <= connections, '%s: %d in flight (sending) at the kill' % (name, len(rows)), rows)
    tap.ok(all(bool(r[2]) == (eods.get(r[1], 0) > 0) for r in rows),
           '%s: each has its end-of-data mark exactly when the server got its final dot' % name,
           [(r, eods.get(r[1], 0)) for r in rows])
    if phase == 'dot':
        tap.ok(marked, '%s: the one killed after its final dot is marked' % name, rows)
    else:
        tap.ok(unmarked, '%s: the one killed before its end of data is not marked' % name, rows)

    proc = h.run('campaign', 'send', campaign, '--connections', str(connections), check=False, timeout=120)
    tap.ok(proc.returncode == 0, '%s: the resume finishes (0)' % name, proc.stderr[-2000:])
    server.command('idle')
    eods = eod_counts(server)
    report = h.report(campaign)
    states = {}
    for r in report:
        states[r['state']] = states.get(r['state'], 0) + 1
    print('# %s: %r' % (name, states), flush=True)
    tap.ok(len(report) == KILL_N and all(r['state'] in ('sent', 'uncertain') for r in report),
           '%s: nothing lost (each is sent or uncertain)' % name, states)
    tap.ok(all(eods.get(r['message_id'], 0) == 1 for r in report if r['state'] == 'sent'),
           '%s: each sent one reached the server exactly once' % name,
           [r['email'] for r in report if r['state'] == 'sent' and eods.get(r['message_id'], 0) != 1])
    tap.ok(all(eods.get(r['message_id'], 0) == 1 for r in report if r['state'] == 'uncertain'),
           '%s: each uncertain one is one whose end of data the server received' % name,
           [r['email'] for r in report if r['state'] == 'uncertain' and eods.get(r['message_id'], 0) != 1])
    after = dict(h.query("SELECT d.id, d.state FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id"
                         " WHERE c.name = ?", campaign))
    tap.ok(all(after[i] == 'sent' for i in unmarked) and all(after[i] == 'uncertain' for i in marked),
           '%s: killed before the end of data: sent once on the resume; after it: uncertain' % name,
           [(i, after[i]) for i in unmarked | marked])


def exact_kills(tap, tmp):
    server = KillServer(os.path.join(tmp, 'kill.log'))
    try:
        h = Herald(os.path.join(tmp, 'kill'))
        os.makedirs(h.dir)
        small = os.path.join(h.dir, 'small.txt')
        big = os.path.join(h.dir, 'big.bin')
        with open(small, 'w') as f:
            f.write('A small note.\n')
        # Base64 makes it ~8 MB: more than both sockets' buffers hold.
        with open(big, 'wb') as f:
            f.write(random.Random(7).randbytes(6 * 1024 * 1024))
        h.run('init')
        path = os.path.join(h.dir, 'list.csv')
        with open(path, 'w') as f:
            f.write('email,name,file\n')
            for i in range(KILL_N):
                f.write('k%03d@example.com,K %d,%s\n' % (i, i, big if i % 10 == 5 else small))
        h.run('import', path, '--list', 'LK')
        html = os.path.join(h.dir, 'k.html')
        with open(html, 'w') as f:
            f.write('<p>Hello {{ name }}.</p>\n')
        h.run('template', 'add', 'TK', '--subject', 'For {{ name }}', '--html', html, '--attach-field', 'file')
        h.run('account', 'add', 'smtp', '--host', '127.0.0.1', '--security', 'none', '--port', str(server.port), '--quiet-hours', 'off',
              '--from', 'Shop <shop@example.jp>')
        for connections in (1, 4):
            for phase in KILL_PHASES:
                campaign = 'K-%s-%d' % (phase, connections)
                h.run('campaign', 'create', campaign, '--template', 'TK', '--list', 'LK', '--account', 'smtp')
                kill_at(tap, h, server, campaign, phase, connections)
        dup = [m for m, n in eod_counts(server).items() if n > 1]
        tap.ok(not dup, 'exact kills: no message reached the server twice', dup[:20])
    finally:
        server.stop()


def wal_sampler(path, peak, stop):
    while not stop.is_set():
        try:
            peak[0] = max(peak[0], os.stat(path).st_size)
        except FileNotFoundError:
            pass
        stop.wait(0.02)


def two_senders(tap, h, server):
    h.run('campaign', 'create', 'C2', '--template', 'T', '--list', 'L', '--account', 'smtp')
    peak, stop = [0], threading.Event()
    sampler = threading.Thread(target=wal_sampler, args=(h.db + '-wal', peak, stop))
    sampler.start()
    a = h.start('campaign', 'send', 'C2')
    b = h.start('campaign', 'send', 'C2')
    out_a = a.communicate(timeout=300)[1]
    out_b = b.communicate(timeout=300)[1]
    stop.set()
    sampler.join()
    # Checkpointed while sending (herald_journal_checkpoint()): it was 30-40 MB.
    tap.ok(peak[0] < 12 * 1024 * 1024, 'the write-ahead log stays small while sending: %.1f MB at most'
           % (peak[0] / 1048576.0))
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

    def run(tap, tmp, server):
        h = Herald(tmp)
        people = [('r%04d@example.com' % i, 'Reader %d' % i) for i in range(N)]
        h.setup(people, ['--port', str(server.port), '--connections', str(CONNECTIONS)])
        h.run('campaign', 'create', 'C', '--template', 'T', '--list', 'L', '--account', 'smtp')
        started = time.time()
        kills = crash_and_resume(tap, h, rng)
        check_exactly_once(tap, h, server, 'C', kills)
        print('# crash phase took %.1f s' % (time.time() - started), flush=True)
        two_senders(tap, h, server)
        started = time.time()
        exact_kills(tap, tmp)
        print('# exact kills took %.1f s' % (time.time() - started), flush=True)

    return run_with_server('crash', 'maildir-smtp-server.py', run)


if __name__ == '__main__':
    sys.exit(main())
