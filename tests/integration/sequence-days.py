#!/usr/bin/python3
# sequence-days.py — step mail over 30 simulated days, driven through
# herald-cli with HERALD_NOW and sent to the Outbox (a Maildir this test
# reads back).
#
# Two sequences of three steps (days 0, 3 and 7; two of them at a time of
# day) on 1,000 contacts who join in imports spread over the days: one
# sequence catches up by sending late ("send"), the other by skipping what
# is more than a day late ("skip"). Runs happen four times a day, except
# on three days when "the computer is off". Midway, some contacts are
# suppressed as unsubscribed or bounced; a batch is imported again with
# changed names. Several runs are two `sequence run-due` processes at once.
# The Outbox account has quiet hours (21:00–08:00): two runs fall inside
# them, and the step that comes due before the first of them is held
# until they end, then sent once, at the first run after 08:00.
#
# The test keeps its own model of what must happen (who joined when, what
# is due, the catch-up rules, who left) and checks every message in the
# Outbox against it: each step exactly once to each eligible contact, at
# the run it was due (its Date header is the engine's clock), nothing to
# the contacts who were on the list before the sequence, nothing after a
# contact left; and `sequence status` agrees with the model.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later

import email
import email.policy
import email.utils
import glob
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone

CLI = os.environ['HERALD_CLI']
JST = timezone(timedelta(hours=9))
BASE = datetime(2027, 1, 4, tzinfo=JST)          # day 0, local midnight
DAY = 86400
RUN_TIMES = ['08:30', '12:30', '16:30', '20:30']  # inside the 08:00–21:00 sending hours
QUIET_HOURS = '21:00-08:00'                        # the Outbox account's, set by the test
QUIET_RUNS = [(20, '22:00'), (21, '07:30')]        # runs inside them: they must send nothing
OFF_DAYS = {12, 13, 14}                            # the computer is off: no run, no import
CONCURRENT_DAYS = {0, 8, 15}                       # every run of these days: two processes at once
N_DAYS = 30

# (sequence, list, catch-up rule, template prefix)
SEQUENCES = [('Onboarding', 'Customers', 'send', 'Onboarding'),
             ('Trial tips', 'Trial', 'skip', 'Trial')]
# The steps of both: (day, time of day or None)
STEPS = [(0, None), (3, '10:00'), (7, '09:00')]
# Imports: (day, HH:MM, list, how many new contacts)
IMPORTS = [(0, '09:00', 'Customers', 150), (0, '10:00', 'Trial', 40),
           (1, '13:00', 'Customers', 100), (2, '19:00', 'Customers', 100),
           (3, '11:00', 'Trial', 40), (5, '15:00', 'Customers', 100),
           (8, '09:30', 'Customers', 100), (9, '17:00', 'Trial', 30),
           (10, '20:00', 'Customers', 100), (10, '11:00', 'Trial', 20),
           (11, '14:00', 'Trial', 10),
           # after the last run before the days off: two steps missed each
           (11, '20:45', 'Customers', 50), (11, '20:50', 'Trial', 10),
           (15, '10:00', 'Customers', 100), (18, '12:00', 'Customers', 50),
           # after the last run before quiet hours: step 1 is due at the
           # quiet run of 22:00, held until 08:00, sent at 08:30
           (20, '21:15', 'Customers', 30), (20, '21:20', 'Trial', 10)]
# Contacts are numbered c0000… in the order of IMPORTS: Customers of day 1
# are 190–289, of day 2 290–389, of day 5 430–529, of day 8 530–629;
# Trial of day 0 150–189.
REIMPORT = (6, '11:00')          # the first batch again, names changed
# Suppressions midway: (day, HH:MM, reason, which contacts)
SUPPRESS = [(1, '12:00', 'unsubscribed', lambda n: 150 <= n < 155),   # Trial of day 0, after step 1
            (4, '14:00', 'unsubscribed', lambda n: 190 <= n < 210),   # Customers of day 1, after step 1
            (4, '14:00', 'bounced', lambda n: 290 <= n < 300),        # Customers of day 2, after step 1
            (9, '10:00', 'bounced', lambda n: 450 <= n < 460),        # Customers of day 5, after step 2
            (16, '11:00', 'unsubscribed', lambda n: 550 <= n < 560)]  # Customers of day 8, after step 2

failures = []
n_checks = 0


def check(what, ok, detail=''):
    global n_checks
    n_checks += 1
    if not ok:
        failures.append('%s%s' % (what, (': ' + detail) if detail else ''))


def at(day, hhmm):
    h, m = map(int, hhmm.split(':'))
    return BASE + timedelta(days=day, hours=h, minutes=m)


class Herald:
    def __init__(self, tmp):
        self.db = os.path.join(tmp, 'h.db')
        self.env = dict(os.environ, TZ='Asia/Tokyo', HERALD_OUTBOX=os.path.join(tmp, 'outbox'),
                        LC_ALL='C.UTF-8')

    def start(self, when, *args):
        env = dict(self.env, HERALD_NOW=when.isoformat())
        return subprocess.Popen([CLI, '--db', self.db] + list(args), env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def run(self, when, *args, ok=True):
        p = self.start(when, *args)
        out, err = p.communicate()
        if ok and p.returncode != 0:
            raise SystemExit('herald-cli %s at %s failed (%d): %s'
                             % (' '.join(args), when, p.returncode, err.decode()))
        return p.returncode, out.decode(), err.decode()


def write_csv(path, rows):
    with open(path, 'w', encoding='utf-8') as f:
        f.write('email,name\n')
        for address, name in rows:
            f.write('%s,%s\n' % (address, name))


def step_due(joined, day, tod):
    """When a step is due for a contact who joined at @joined (local time)."""
    if tod is None:
        return joined + timedelta(days=day)
    h, m = map(int, tod.split(':'))
    due = joined.replace(hour=h, minute=m, second=0) + timedelta(days=day)
    return max(due, joined)


def in_quiet_hours(when):
    """Whether @when (local time) is inside the Outbox account's quiet hours."""
    start, end = [int(t.split(':')[0]) * 60 + int(t.split(':')[1]) for t in QUIET_HOURS.split('-')]
    m = when.hour * 60 + when.minute
    return m >= start or m < end


def model(joins, suppressed, rule, runs):
    """What each run must send: {(address, step): run}, skipped set, left set.
    A run inside quiet hours makes the deliveries of what is due (so the
    catch-up rule sees them as on time) but sends them at the first run
    after the quiet hours."""
    sent, skipped, left = {}, set(), set()
    held = []
    next_step = {a: 0 for a in joins}
    for r in runs:
        if not in_quiet_hours(r):
            for k in held:
                sent[k] = r
            held = []
        for address, joined in joins.items():
            if joined > r or address in left:
                continue
            s = next_step[address]
            if address in suppressed and suppressed[address] <= r and s < len(STEPS):
                left.add(address)
                continue
            if rule == 'skip':
                while s < len(STEPS) and step_due(joined, *STEPS[s]) < r - timedelta(seconds=DAY):
                    skipped.add((address, s + 1))
                    s += 1
            if s < len(STEPS) and step_due(joined, *STEPS[s]) <= r:
                if in_quiet_hours(r):
                    held.append((address, s + 1))
                else:
                    sent[(address, s + 1)] = r
                s += 1
            next_step[address] = s
    return sent, skipped, left


def read_outbox(tmp):
    got = {}
    for path in glob.glob(os.path.join(tmp, 'outbox', '*', '*')):
        with open(path, 'rb') as f:
            msg = email.message_from_binary_file(f, policy=email.policy.default)
        prefix, step, _ = str(msg['Subject']).split(' ', 2)
        got.setdefault((prefix, str(msg['To']).lower(), int(step)), []).append(
            (email.utils.parsedate_to_datetime(str(msg['Date'])), str(msg['Subject'])))
    return got


def status_of(herald, when, name):
    _, out, _ = herald.run(when, 'sequence', 'status', name)
    lines = [line.split('\t') for line in out.splitlines()]
    counts = {k: int(v) for k, v in (l for l in lines if len(l) == 2)}
    steps = {}
    for l in lines:
        if len(l) > 2:
            steps[int(l[0].split()[1])] = {kv.split()[0]: int(kv.split()[1]) for kv in l[4:]}
    return counts, steps


def main():
    tmp = tempfile.mkdtemp(prefix='herald-seq-')
    try:
        return scenario(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def scenario(tmp):
    h = Herald(tmp)
    before = at(-1, '10:00')
    h.run(before, 'init')
    h.run(before, 'account', 'quiet-hours', 'outbox', QUIET_HOURS)
    html = os.path.join(tmp, 't.html')
    with open(html, 'w') as f:
        f.write('<p>Hello {{ name }}</p>\n')
    for _, _, _, prefix in SEQUENCES:
        for i in range(1, 4):
            h.run(before, 'template', 'add', '%s %d' % (prefix, i),
                  '--subject', '%s %d for {{ name }}' % (prefix, i), '--html', html)
    # Contacts on the lists before the sequences exist: they never enter.
    existing = {'Customers': ['old%d@example.com' % i for i in range(20)],
                'Trial': ['oldtrial%d@example.com' % i for i in range(5)]}
    for list_name, addresses in existing.items():
        path = os.path.join(tmp, 'old-%s.csv' % list_name)
        write_csv(path, [(a, 'Old') for a in addresses])
        h.run(before, 'import', path, '--list', list_name)

    start = at(0, '08:00')
    for name, list_name, rule, prefix in SEQUENCES:
        h.run(start, 'sequence', 'add', name, '--list', list_name, '--account', 'outbox', '--catch-up', rule)
        for i, (day, tod) in enumerate(STEPS, 1):
            args = ['sequence', 'step', name, '--template', '%s %d' % (prefix, i), '--day', str(day)]
            if tod:
                args += ['--at', tod]
            h.run(start, *args)
    _, out, _ = h.run(start, 'sequence', 'list')
    check('sequence list shows both, with their steps',
          'Onboarding\tCustomers\toutbox\tsend\tday 0 - Onboarding 1, day 3 10:00 Onboarding 2, day 7 09:00 Onboarding 3'
          in out.splitlines() and len(out.splitlines()) == 2, out)
    _, out, _ = h.run(start, 'campaign', 'status', 'Onboarding · step 1')
    check("a step's campaign answers campaign status", out.startswith('campaign'), out)

    # The calendar: imports, suppressions and runs in time order.
    events = []
    n = 0
    batches = []
    for day, hhmm, list_name, count in IMPORTS:
        rows = [('c%04d@example.com' % (n + i), 'Name%d' % (n + i)) for i in range(count)]
        batches.append((day, hhmm, list_name, n, rows))
        events.append((at(day, hhmm), 'import', (list_name, rows, len(batches))))
        n += count
    first = batches[0]
    events.append((at(*REIMPORT), 'import',
                   (first[2], [(a, 'Renamed' + nm[4:]) for a, nm in first[4]], 'again')))
    for day, hhmm, reason, which in SUPPRESS:
        events.append((at(day, hhmm), 'suppress',
                       (reason, ['c%04d@example.com' % i for i in range(n) if which(i)])))
    runs = []
    for day in range(N_DAYS):
        if day in OFF_DAYS:
            continue
        for hhmm in RUN_TIMES:
            runs.append(at(day, hhmm))
            events.append((at(day, hhmm), 'run', day in CONCURRENT_DAYS))
    for day, hhmm in QUIET_RUNS:
        runs.append(at(day, hhmm))
        events.append((at(day, hhmm), 'quiet run', False))
    runs.sort()
    for day, _, _, _, _ in batches:
        check('no import on a day the computer is off', day not in OFF_DAYS)
    events.sort(key=lambda e: e[0])

    joins = {'Customers': {}, 'Trial': {}}
    suppressed = {}
    concurrent_sent = []
    quiet_out = []
    for when, kind, arg in events:
        if kind == 'import':
            list_name, rows, tag = arg
            path = os.path.join(tmp, 'batch-%s.csv' % tag)
            write_csv(path, rows)
            h.run(when, 'import', path, '--list', list_name)
            for address, _ in rows:
                joins[list_name].setdefault(address, when)
        elif kind == 'suppress':
            reason, addresses = arg
            for address in addresses:
                h.run(when, 'suppression', 'add', address, '--reason', reason)
                suppressed[address] = when
        elif kind == 'quiet run':
            rc, out, err = h.run(when, 'sequence', 'run-due', ok=False)
            check('the run in quiet hours at %s exits 0' % when, rc == 0, err)
            check('the run in quiet hours at %s sends nothing' % when, out.rstrip().endswith(', sent 0'), out)
            quiet_out.append(out)
        elif arg:
            procs = [h.start(when, 'sequence', 'run-due') for _ in range(2)]
            results = [(p.wait(), p.stdout.read().decode(), p.stderr.read().decode()) for p in procs]
            for rc, out, err in results:
                check('a concurrent run at %s exits 0' % when, rc == 0, err)
            concurrent_sent.append((when, sum(int(out.split('sent ')[1]) for _, out, _ in results
                                                  if 'sent ' in out)))
        else:
            rc, out, err = h.run(when, 'sequence', 'run-due', ok=False)
            check('the run at %s exits 0' % when, rc == 0, err)

    # Join dates: when the contact was first imported, not when imported again.
    con = sqlite3.connect(h.db)
    rows = con.execute("SELECT c.email, m.added_at FROM list_members m JOIN contacts c ON c.id = m.contact_id"
                       " JOIN lists l ON l.id = m.list_id WHERE l.name = 'Customers'").fetchall()
    con.close()
    added = dict(rows)
    check('an import again leaves the join dates as they were',
          all(added[a] == int(joins['Customers'][a].timestamp()) for a in joins['Customers']))

    got = read_outbox(tmp)
    end = at(N_DAYS, '00:00')
    total_expected = 0
    for name, list_name, rule, prefix in SEQUENCES:
        sent, skipped, left = model(joins[list_name], suppressed, rule, runs)
        total_expected += len(sent)
        mine = {(a, s): v for (p, a, s), v in got.items() if p == prefix}
        missing = [k for k in sent if k not in mine]
        extra = [k for k in mine if k not in sent]
        twice = [k for k, v in mine.items() if len(v) > 1]
        late = [k for k, v in mine.items() if k in sent and
                not (sent[k] <= v[0][0] <= sent[k] + timedelta(minutes=5))]
        check('%s: every due step went' % name, not missing, '%d missing, e.g. %s' % (len(missing), missing[:3]))
        check('%s: nothing went that was not due' % name, not extra, '%d extra, e.g. %s' % (len(extra), extra[:3]))
        check('%s: no step went twice to anyone' % name, not twice, str(twice[:3]))
        check('%s: each step went at the run it was due' % name, not late,
              '%d at the wrong time, e.g. %s' % (len(late), [(k, mine[k][0][0], sent[k]) for k in late[:3]]))
        check('%s: nothing to the contacts on the list before it began' % name,
              not any(a in existing[list_name] for a, _ in mine))
        check('%s: nothing to anyone after they were suppressed' % name,
              not any(a in suppressed and v[0][0] >= suppressed[a] for (a, _), v in mine.items()))
        # The catch-up rule did something: the model's runs after the days off.
        after_off = [k for k, r in sent.items() if r == at(15, '08:30')]
        if rule == 'send':
            check('%s: steps missed while the computer was off went late, one per contact' % name,
                  len(after_off) > 0 and len({a for a, _ in after_off}) == len(after_off))
            # Said outright, not only through the model: those who joined
            # just before the days off get the two steps they missed on
            # the first two runs after.
            late_pair = [a for a, j in joins[list_name].items() if j == at(11, '20:45')]
            check('%s: two missed steps go on two runs, in order' % name,
                  len(late_pair) == 50 and all(
                      got.get((prefix, a, 1), [(None,)])[0][0] is not None and
                      at(15, '08:30') <= got[(prefix, a, 1)][0][0] < at(15, '08:35') and
                      at(15, '12:30') <= got.get((prefix, a, 2), [(end,)])[0][0] < at(15, '12:35')
                      for a in late_pair))
        else:
            check('%s: steps more than a day late were skipped' % name, len(skipped) > 0)
            # Joined day 10 11:00: step 2 (day 13 10:00) is 46.5 hours late
            # on day 15 08:30: skipped; step 3 goes on its day.
            day10 = [a for a, j in joins[list_name].items() if j == at(10, '11:00')]
            check('%s: a step 46 hours late is skipped, the next goes on time' % name,
                  len(day10) == 20 and all((prefix, a, 2) not in got and
                                           at(17, '12:30') <= got[(prefix, a, 3)][0][0] < at(17, '12:35')
                                           for a in day10))
            # Joined day 11 20:50: step 1 is skipped, step 2 (22.5 hours
            # late) goes in the same run.
            day11 = [a for a, j in joins[list_name].items() if j == at(11, '20:50')]
            check('%s: a skip does not hold back the step after it' % name,
                  len(day11) == 10 and all((prefix, a, 1) not in got and
                                           at(15, '08:30') <= got[(prefix, a, 2)][0][0] < at(15, '08:35')
                                           for a in day11))
        if list_name == 'Customers':
            check('%s: the suppressed contacts left' % name, len(left) > 0, str(len(left)))
        # Quiet hours: nothing went inside them; the step due at the run of
        # 22:00 was made then, held through the run of 07:30, and went
        # once at 08:30.
        check('%s: nothing went inside quiet hours' % name,
              not any(in_quiet_hours(d.astimezone(JST)) for v in mine.values() for d, _ in v),
              str([(k, v[0][0]) for k, v in mine.items() if in_quiet_hours(v[0][0].astimezone(JST))][:3]))
        late_evening = [a for a, j in joins[list_name].items() if j >= at(20, '21:15') and j <= at(20, '21:20')]
        check('%s: a step due in quiet hours waits for their end and goes once' % name,
              len(late_evening) == (30 if list_name == 'Customers' else 10) and all(
                  len(got.get((prefix, a, 1), [])) == 1 and
                  at(21, '08:30') <= got[(prefix, a, 1)][0][0] < at(21, '08:35')
                  for a in late_evening),
              str([got.get((prefix, a, 1)) for a in late_evening[:2]]))
        counts, steps = status_of(h, end, name)
        check('%s: status counts who entered' % name, counts.get('entered') == len(joins[list_name]), str(counts))
        check('%s: status counts who left' % name, counts.get('left') == len(left),
              '%s vs %d' % (counts, len(left)))
        for s in range(1, 4):
            want_sent = sum(1 for (_, st) in sent if st == s)
            want_skipped = sum(1 for (_, st) in skipped if st == s)
            check('%s: status of step %d' % (name, s),
                  steps.get(s, {}).get('sent') == want_sent and steps[s].get('skipped') == want_skipped
                  and steps[s].get('pending') == 0 and steps[s].get('failed') == 0,
                  '%s vs sent %d skipped %d' % (steps.get(s), want_sent, want_skipped))
        finished = sum(1 for a in joins[list_name] if (a, 3) in sent or (a, 3) in skipped)
        check('%s: status counts who finished' % name, counts.get('finished') == finished,
              '%s vs %d' % (counts, finished))

    renamed = [v[0][1] for (p, a, s), v in got.items() if p == 'Onboarding' and s == 3 and a == 'c0000@example.com']
    check('a later step has the values of the import again', renamed == ['Onboarding 3 for Renamed0'], str(renamed))
    check('messages in the Outbox: as many as the model sends',
          sum(len(v) for v in got.values()) == total_expected,
          '%d vs %d' % (sum(len(v) for v in got.values()), total_expected))
    check('the concurrent runs sent something', any(s > 0 for _, s in concurrent_sent), str(concurrent_sent))
    check('the run at 22:00 made the deliveries it then held',
          len(quiet_out) == 2 and quiet_out[0].startswith('queued 40,'), str(quiet_out))

    for f in failures:
        print('FAIL: ' + f)
    print('%d checks, %d failed; %d messages' % (n_checks, len(failures), total_expected))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
