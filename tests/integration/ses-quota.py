#!/usr/bin/python3
# ses-quota.py — Amazon SES's sending quota as the account's limits in
# force, against the loopback HTTPS stand-in (ses-server.py), which checks
# each GetAccount's SigV4 signature as SES does and gives the quota the
# test writes. Run inside keyring-session.sh (the secret is in the keyring).
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What it shows:
#   - `account test` prints the limits in force: SES's MaxSendRate and
#     Max24HourSend where they are lower than the account's own, the
#     account's own where those are lower;
#   - a campaign keeps to the quota: 3 a day lets 3 of 5 go (the send
#     stops, exit 3, the rest due later), at 2 a second;
#   - a key that may not read the quota: said on stderr, the account's own
#     limits stay.

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sendtest import Herald  # noqa: E402
from apitest import add_account, run_with_standin  # noqa: E402

KEY_ID = 'AKIDHERALDTEST000001'
SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYHERALDTEST'
REGION = 'eu-west-1'


def quota(server, text):
    with open(os.path.join(server.dir, 'quota.json'), 'w', encoding='utf-8') as f:
        f.write(text)


def limits_line(out):
    return [line for line in out.splitlines() if line.startswith('limits in force: ')]


def main():
    def run(tap, tmp, server, cert):
        herald = Herald(tmp)
        herald.setup([('q%d@example.jp' % i, 'Q%d' % i) for i in range(5)], [])
        base = ['--api', 'ses', '--region', REGION, '--access-key-id', KEY_ID, '--secret-stdin',
                '--endpoint', server.url, '--ca', cert, '--from', 'Shop <shop@example.jp>']
        add_account(herald, 'ses', base + ['--rate', '10/s', '--daily', '1000'], SECRET)
        add_account(herald, 'ses-low', base + ['--rate', '1/s', '--daily', '2'], SECRET)
        quota(server, '{"Max24HourSend": 3.0, "MaxSendRate": 2.0}')

        high = herald.run('account', 'test', 'ses')
        low = herald.run('account', 'test', 'ses-low')
        tap.ok(limits_line(high.stdout) == ['limits in force: 2/s 3/day 1 connection'],
               'account test: SES\'s lower quota and rate are the limits in force', high.stdout)
        tap.ok(limits_line(low.stdout) == ['limits in force: 1/s 2/day 1 connection'],
               'account test: the account\'s own lower limits stay', low.stdout)

        herald.run('campaign', 'create', 'C', '--template', 'T', '--list', 'L', '--account', 'ses')
        p = herald.run('campaign', 'send', 'C', check=False, timeout=120)
        accepted = server.lines('accepted.log')
        status = herald.status('C')
        tap.ok(p.returncode == 3 and len(accepted) == 3 and status.get('sent') == '3' and
               status.get('queued') == '2', 'a campaign keeps to SES\'s daily quota: 3 of 5 sent, the rest later',
               '%d %s %s %s' % (p.returncode, accepted, status, p.stderr))
        times = sorted(int(t) for (t,) in herald.query("SELECT sent_at FROM deliveries WHERE state = 'sent'"))
        tap.ok(len(times) == 3 and times[-1] - times[0] >= 1,
               'and to its rate (2 a second: 3 messages span a second or more)', times)

        quota(server, '{"deny": true}')
        denied = herald.run('account', 'test', 'ses')
        tap.ok(limits_line(denied.stdout) == ['limits in force: 10/s 1000/day 1 connection'] and
               'ses:GetAccount' in denied.stderr,
               'a key that may not read the quota: said, and the account\'s own limits apply',
               denied.stdout + denied.stderr)

    return run_with_standin('ses-quota', 'ses-server.py', run, KEY_ID, SECRET, REGION)


if __name__ == '__main__':
    sys.exit(main())
