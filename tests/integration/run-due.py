#!/usr/bin/python3
# run-due.py — scheduled campaigns, quiet hours and `herald-cli run-due`,
# on the engine's clock (HERALD_NOW) in Asia/Tokyo, against a real SMTP
# server on loopback (maildir-smtp-server.py):
#
#   before its time                     not sent
#   at its time, and within the grace   sent, each recipient once
#   a time in the past at create        refused, saying so
#   late with --if-late send            sent
#   late with --if-late skip            kept unsent (skipped-late); sent by hand later
#   late with no rule                   not sent, not lost: waits (exit 3, said on stderr)
#   quiet hours 21:00-08:00             what starts before 21:00 goes, the rest waits;
#                                       nothing at 21:00, 23:59, 00:00, 07:59; the rest at 08:00
#   campaign send inside quiet hours    postponed (exit 3) saying so; an account with "off" sends
#   two run-due at once                 every recipient gets exactly one message
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sendtest import CLI, Herald, maildir_count, run_with_server  # noqa: E402

TZ = 'Asia/Tokyo'


def iso(day, hm, seconds='00'):
    return '2027-01-%02dT%s:%s+09:00' % (day, hm, seconds)


class Due:
    def __init__(self, h):
        self.h = h

    def env(self, now):
        return dict(self.h.env, TZ=TZ, HERALD_NOW=now)

    def run(self, now, *args, timeout=300):
        return subprocess.run([CLI, '--db', self.h.db] + list(args), env=self.env(now), timeout=timeout,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def start(self, now, *args):
        return subprocess.Popen([CLI, '--db', self.h.db] + list(args), env=self.env(now),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def status(self, now, name):
        out = self.run(now, 'campaign', 'status', name).stdout
        return dict(line.split('\t', 1) for line in out.splitlines())


def import_list(h, tmp, name, people):
    path = os.path.join(tmp, name + '.csv')
    with open(path, 'w') as f:
        f.write('email,name\n' + ''.join('%s,%s\n' % (a, a.split('@')[0]) for a in people))
    h.run('import', path, '--list', name)


def received(server):
    """recipient → number of messages the server holds for them"""
    counts = {}
    if os.path.exists(server.log):
        with open(server.log) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2:
                    counts[parts[1]] = counts.get(parts[1], 0) + 1
    return counts


def main():
    return run_with_server('run-due', 'maildir-smtp-server.py', run)


def people(prefix, n):
    return ['%s-%03d@example.jp' % (prefix, i) for i in range(n)]


def run(tap, tmp, server):
    h = Herald(tmp)
    d = Due(h)
    h.setup([('seed@example.jp', 'Seed')], ['--port', str(server.port), '--connections', '2'])
    # A second account on the same server with the default quiet hours
    # (21:00-08:00: no --quiet-hours) and one message a second.
    h.run('account', 'add', 'night', '--host', '127.0.0.1', '--port', str(server.port), '--security', 'none',
          '--from', 'Shop <shop@example.jp>', '--rate', '1/s')
    tap.ok(h.run('account', 'quiet-hours', 'night').stdout.strip() == '21:00-08:00',
           'a new account gets quiet hours 21:00-08:00')
    tap.ok(h.run('account', 'quiet-hours', 'smtp').stdout.strip() == 'off', 'the test account has them off')

    # ---- before its time, at its time ---------------------------------------
    a = people('a', 5)
    import_list(h, tmp, 'LA', a)
    p = d.run(iso(10, '09:00'), 'campaign', 'create', 'A', '--template', 'T', '--list', 'LA', '--account', 'smtp',
              '--at', '2027-01-10 10:00')
    tap.ok(p.returncode == 0 and 'Scheduled for 2027-01-10 10:00' in p.stderr, 'create --at', p.stderr)
    st = d.status(iso(10, '09:00'), 'A')
    tap.ok(st.get('campaign') == 'scheduled' and st.get('scheduled') == '2027-01-10 10:00 JST' and
           st.get('if-late') == 'ask' and st.get('schedule') == 'waiting', 'status shows the schedule', st)
    p = d.run(iso(10, '09:59', '59'), 'run-due')
    tap.ok(p.returncode == 0 and p.stdout == '' and not any(x in received(server) for x in a),
           'run-due one second before: nothing sent, exit 0', (p.returncode, p.stdout, p.stderr))
    p = d.run(iso(10, '10:00'), 'run-due')
    got = received(server)
    tap.ok(p.returncode == 0 and p.stdout == 'campaign\tA\tdone\n', 'run-due at the time: done, exit 0',
           (p.returncode, p.stdout, p.stderr))
    tap.ok(all(got.get(x) == 1 for x in a), 'at its time every recipient got one message', got)
    p = d.run(iso(10, '10:05'), 'run-due')
    tap.ok(p.returncode == 0 and p.stdout == '' and all(received(server).get(x) == 1 for x in a),
           'a second run sends nothing again', p.stdout)

    # ---- refused in the past ------------------------------------------------
    p = d.run(iso(10, '12:00'), 'campaign', 'create', 'Past', '--template', 'T', '--list', 'LA',
              '--account', 'smtp', '--at', '2027-01-10 11:59')
    tap.ok(p.returncode == 1 and 'has passed already' in p.stderr, 'a time in the past is refused', p.stderr)
    p = d.run(iso(10, '12:00'), 'campaign', 'create', 'Bad', '--template', 'T', '--list', 'LA',
              '--account', 'smtp', '--at', '2027-01-10 10:00', '--if-late', 'maybe')
    tap.ok(p.returncode == 2 and 'send or skip' in p.stderr, '--if-late takes send or skip', p.stderr)

    # ---- late: the grace, send, skip, no rule -------------------------------
    lists = {}
    for name, rule in (('B', None), ('C', 'send'), ('D', 'skip'), ('E', None)):
        lists[name] = people(name.lower(), 3)
        import_list(h, tmp, 'L' + name, lists[name])
        at = '2027-01-12 10:00' if name == 'E' else '2027-01-11 10:00'
        args = ['campaign', 'create', name, '--template', 'T', '--list', 'L' + name, '--account', 'smtp', '--at', at]
        if rule:
            args += ['--if-late', rule]
        p = d.run(iso(10, '12:00'), *args)
        tap.ok(p.returncode == 0, 'create %s' % name, p.stderr)
    p = d.run(iso(11, '10:16'), 'run-due')
    got = received(server)
    lines = sorted(p.stdout.splitlines())
    tap.ok(p.returncode == 3, 'late with no rule: run-due exits 3', (p.returncode, p.stderr))
    tap.ok(lines == ['campaign\tB\twaiting-decision', 'campaign\tC\tdone', 'campaign\tD\tskipped-late'],
           'B waits, C is sent, D is skipped; E is not due', p.stdout)
    tap.ok('“B” was due at 2027-01-11 10:00 JST' in p.stderr and 'campaign skip B --late' in p.stderr,
           'stderr says B waits for a decision and how to give it', p.stderr)
    tap.ok(all(got.get(x) == 1 for x in lists['C']), 'late with send: sent, once each', got)
    tap.ok(not any(x in got for x in lists['B'] + lists['D']), 'no rule and skip: nothing sent', got)
    st = d.status(iso(11, '10:16'), 'B')
    tap.ok(st.get('campaign') == 'scheduled' and st.get('schedule') == 'late' and st.get('queued') == '3',
           'B is kept, late, every delivery queued', st)
    st = d.status(iso(11, '10:16'), 'D')
    tap.ok(st.get('campaign') == 'draft' and st.get('schedule') == 'skipped-late' and st.get('queued') == '3',
           'D is kept as skipped-late, every delivery queued', st)
    p = d.run(iso(11, '13:00'), 'run-due')
    tap.ok(p.returncode == 3 and p.stdout == 'campaign\tB\twaiting-decision\n' and
           not any(x in received(server) for x in lists['B'] + lists['D']),
           'hours later B still waits and D stays unsent', (p.stdout, p.stderr))
    p = d.run(iso(11, '13:00'), 'campaign', 'send', 'D')
    tap.ok(p.returncode == 0 and all(received(server).get(x) == 1 for x in lists['D']),
           'the skipped D can be sent by hand', p.stderr)
    p = d.run(iso(11, '13:00'), 'campaign', 'skip', 'B', '--late')
    tap.ok(p.returncode == 0, 'campaign skip B --late', p.stderr)
    p = d.run(iso(11, '13:01'), 'run-due')
    tap.ok(p.returncode == 0 and p.stdout == '' and not any(x in received(server) for x in lists['B']),
           'after the decision run-due is clean and B is not sent', (p.stdout, p.stderr))
    p = d.run(iso(12, '10:15'), 'run-due')
    tap.ok(p.returncode == 0 and p.stdout == 'campaign\tE\tdone\n' and
           all(received(server).get(x) == 1 for x in lists['E']),
           'fifteen minutes after its time (the grace) E is still sent', (p.stdout, p.stderr))

    # ---- quiet hours -----------------------------------------------------------
    q = people('q', 8)
    import_list(h, tmp, 'LQ', q)
    p = d.run(iso(13, '12:00'), 'campaign', 'create', 'Q', '--template', 'T', '--list', 'LQ', '--account', 'night',
              '--at', '2027-01-13 20:59')
    tap.ok(p.returncode == 0, 'create Q on the account with quiet hours', p.stderr)
    # At 20:59:56 and one message a second, a few go before 21:00.
    p = d.run(iso(13, '20:59', '56'), 'run-due')
    got = received(server)
    n_before = sum(got.get(x, 0) for x in q)
    nine = 1799841600   # 2027-01-13T21:00:00+09:00
    sent_at = [r[0] for r in h.query("SELECT d.sent_at FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id"
                                     " WHERE c.name = 'Q' AND d.state = 'sent'")]
    tap.ok(p.returncode == 3 and p.stdout == 'campaign\tQ\tstopped\n' and 'quiet hours (21:00-08:00)' in p.stderr,
           'run-due from 20:59:56: stops at the quiet hours, exit 3, saying so', (p.returncode, p.stdout, p.stderr))
    tap.ok(1 <= n_before < len(q) and all(v == 1 for v in got.values()),
           'what started before 21:00 went (%d of %d), the rest waits' % (n_before, len(q)), got)
    tap.ok(len(sent_at) == n_before and all(t < nine for t in sent_at),
           'every message sent before 21:00 on the engine clock', (sent_at, nine))
    for now in (iso(13, '21:00'), iso(13, '23:59'), iso(14, '00:00'), iso(14, '07:59', '30')):
        p = d.run(now, 'run-due')
        tap.ok(p.returncode == 3 and sum(received(server).get(x, 0) for x in q) == n_before,
               'run-due at %s: nothing sent in the quiet hours' % now[11:19], (p.stdout, p.stderr))
    p = d.run(iso(13, '23:00'), 'campaign', 'send', 'Q')
    tap.ok(p.returncode == 3 and 'quiet hours' in p.stderr and '08:00:00' in p.stderr and
           sum(received(server).get(x, 0) for x in q) == n_before,
           'campaign send at 23:00 is postponed to 08:00, saying so', p.stderr)
    p = d.run(iso(14, '08:00'), 'run-due')
    got = received(server)
    tap.ok(p.returncode == 0 and p.stdout == 'campaign\tQ\tdone\n' and all(got.get(x) == 1 for x in q),
           'at 08:00 the rest goes: each recipient got exactly one', (p.returncode, p.stderr, got))

    # Quiet hours "off" sends at night; a changed span applies.
    n = people('n', 2)
    import_list(h, tmp, 'LN', n)
    h.run('campaign', 'create', 'N', '--template', 'T', '--list', 'LN', '--account', 'night')
    h.run('account', 'quiet-hours', 'night', 'off')
    p = d.run(iso(14, '23:30'), 'campaign', 'send', 'N')
    tap.ok(p.returncode == 0 and all(received(server).get(x) == 1 for x in n),
           'with quiet hours off, campaign send goes at 23:30', p.stderr)
    p = d.run(iso(14, '23:30'), 'account', 'quiet-hours', 'night', '25:00-08:00')
    tap.ok(p.returncode == 2 and '21:00-08:00' in p.stderr, 'a bad span is refused with an example', p.stderr)

    # ---- two run-due at once -----------------------------------------------------
    many = people('m', 300)
    import_list(h, tmp, 'LM', many)
    # Each process paces itself at 40 a second: both are still sending
    # while the other runs.
    h.run('account', 'add', 'fast', '--host', '127.0.0.1', '--port', str(server.port), '--security', 'none',
          '--from', 'Shop <shop@example.jp>', '--rate', '40/s', '--connections', '2', '--quiet-hours', 'off')
    d.run(iso(15, '09:00'), 'campaign', 'create', 'M', '--template', 'T', '--list', 'LM', '--account', 'fast',
          '--at', '2027-01-15 10:00')
    procs = [d.start(iso(15, '10:00'), 'run-due') for _ in range(2)]
    outs = [pr.communicate(timeout=300) for pr in procs]
    codes = [pr.returncode for pr in procs]
    got = received(server)
    runs = []
    for out, err in outs:
        m = re.search(r'this run sent (\d+)', err)
        runs.append(int(m.group(1)) if m else 0)
    tap.ok(codes == [0, 0], 'both run-due processes exit 0', (codes, outs))
    tap.ok(all(got.get(x) == 1 for x in many), 'every one of 300 recipients got exactly one message',
           {x: got.get(x) for x in many if got.get(x) != 1})
    tap.ok(runs[0] > 0 and runs[1] > 0 and sum(runs) == len(many),
           'both sent a share (%d + %d), none twice' % tuple(runs), outs)
    mids = maildir_count(server.maildir)
    tap.ok(all(v == 1 for v in mids.values()), 'no Message-ID arrived twice in the whole test',
           {k: v for k, v in mids.items() if v != 1})
    tap.ok(h.query("SELECT count(*) FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id"
                   " WHERE c.name = 'M' AND d.state = 'sent'") == [(300,)] and
           h.query("SELECT count(*) FROM sender_leases") == [(0,)],
           'the journal has all 300 sent and no lease left behind')


if __name__ == '__main__':
    sys.exit(main())
