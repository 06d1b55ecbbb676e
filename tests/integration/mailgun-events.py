#!/usr/bin/python3
# mailgun-events.py — a campaign's opens and clicks read back from
# Mailgun's events API into its report, against the loopback HTTPS
# stand-in (mailgun-server.py), which checks the key as Mailgun does,
# pages its events by two and names each message by the id it gave when
# it took it. Run inside keyring-session.sh (the key is in the keyring).
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What it shows:
#   - `campaign send` reads the opens and clicks when it ends;
#   - `campaign report NAME` keeps its shape; with --opens it adds
#     "opened" and "clicked" (recipients who did, out of those sent) and
#     says on stderr that opens are approximate; --recipients gives each
#     recipient's opens and clicks;
#   - events of messages that are not this campaign's are left out, and
#     so are the provider's other events (delivered);
#   - `campaign report NAME --pull` reads what came since, through a 429,
#     and a second pull adds nothing.

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sendtest import Herald  # noqa: E402
from apitest import add_account, run_with_standin  # noqa: E402

API_KEY = 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0'
DOMAIN = 'mg.example.jp'
PEOPLE = ['r0@example.jp', 'r1@example.jp', 'r2@example.jp', 'r3@example.jp']


def engagement(server, spec):
    with open(os.path.join(server.dir, 'engagement.json'), 'w', encoding='utf-8') as f:
        json.dump(spec, f)


def main():
    def run(tap, tmp, server, cert):
        herald = Herald(tmp)
        herald.setup([(a, 'N%d' % i) for i, a in enumerate(PEOPLE)], [])
        add_account(herald, 'mg', ['--api', 'mailgun', '--domain', DOMAIN, '--key-stdin', '--endpoint', server.url,
                                   '--ca', cert, '--from', 'Shop <shop@example.jp>'], API_KEY)
        engagement(server, {'r0@example.jp': {'opened': 2, 'clicked': 1}, 'r1@example.jp': {'opened': 1},
                            'r2@example.jp': {'clicked': 1}, '_foreign': 2})

        herald.run('campaign', 'create', 'C', '--template', 'T', '--list', 'L', '--account', 'mg')
        p = herald.run('campaign', 'send', 'C', check=False, timeout=120)
        tap.ok(p.returncode == 0 and 'Opens and clicks read from Mailgun: 5, 5 of them new.' in p.stderr,
               'campaign send reads the opens and clicks when it ends', p.stderr)
        ids = herald.query('SELECT count(*) FROM deliveries WHERE provider_message_id IS NOT NULL')[0][0]
        tap.ok(ids == 4, 'each delivery keeps Mailgun\'s message id', ids)

        plain = herald.run('campaign', 'report', 'C')
        tap.ok('opened' not in plain.stdout and 'clicked' not in plain.stdout and
               plain.stdout.splitlines()[0] == 'recipients\t4',
               'campaign report without asking keeps its shape', plain.stdout)
        rep = herald.run('campaign', 'report', 'C', '--opens')
        lines = rep.stdout.splitlines()
        tap.ok(lines[-2:] == ['opened\t2\t50.0%', 'clicked\t2\t50.0%'] and lines[:-2] == plain.stdout.splitlines(),
               '--opens adds the opened and clicked recipients and their rates', rep.stdout)
        tap.ok('approximate' in rep.stderr, 'and says that opens are approximate', rep.stderr)
        per = herald.run('campaign', 'report', 'C', '--recipients').stdout.splitlines()
        tap.ok(per == ['email\topens\tclicks', 'r0@example.jp\t2\t1', 'r1@example.jp\t1\t0',
                       'r2@example.jp\t0\t1', 'r3@example.jp\t0\t0'],
               '--recipients: each recipient\'s opens and clicks', per)
        log = server.lines('pulls.log')
        tap.ok(any(r[0].startswith('/v3/%s/events?event=opened%%20OR%%20clicked&begin=' % DOMAIN) for r in log) and
               sum(r[0].startswith('/v3/%s/events/' % DOMAIN) for r in log) >= 3,
               'the events are asked for opens and clicks, and paged by following paging.next', log)

        engagement(server, {'r0@example.jp': {'opened': 2, 'clicked': 1}, 'r1@example.jp': {'opened': 1},
                            'r2@example.jp': {'clicked': 1}, 'r3@example.jp': {'opened': 1}, '_foreign': 2})
        with open(os.path.join(server.dir, 'pull-faults'), 'w') as f:
            f.write('429\n')
        rep = herald.run('campaign', 'report', 'C', '--pull', check=False, timeout=120)
        tap.ok(rep.returncode == 0 and rep.stdout.splitlines()[-2:] == ['opened\t3\t75.0%', 'clicked\t2\t50.0%'] and
               'Opens and clicks read from Mailgun: 6, 1 of them new.' in rep.stderr,
               'campaign report --pull reads what came since (through a 429)', rep.stdout + rep.stderr)
        again = herald.run('campaign', 'report', 'C', '--pull', check=False, timeout=120)
        tap.ok('6, 0 of them new' in again.stderr and again.stdout == rep.stdout,
               'a second pull adds nothing', again.stderr)
        n = herald.query('SELECT count(*) FROM delivery_events')[0][0]
        tap.ok(n == 6, 'six events kept, none of other messages', n)

        herald.run('campaign', 'create', 'S', '--template', 'T', '--list', 'L', '--account', 'smtp')
        rep = herald.run('campaign', 'report', 'S', '--pull', check=False)
        tap.ok(rep.returncode == 0 and 'Mailgun’s does' in rep.stderr and 'opened\t0\t-' in rep.stdout,
               'a campaign with no Mailgun account says there is nothing to read', rep.stdout + rep.stderr)

    return run_with_standin('mg-events', 'mailgun-server.py', run, API_KEY, DOMAIN)


if __name__ == '__main__':
    sys.exit(main())
