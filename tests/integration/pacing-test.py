#!/usr/bin/python3
# pacing-test.py — an account limited to 10 messages a second, sending for
# 30 seconds: measured at the server, no one-second window holds more than
# 10 messages, and the mean rate is within 3 % of 10/s.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import smtplib
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sendtest import Herald, Server, Tap, cleanup, workdir  # noqa: E402

RATE = 10
SECONDS = 30
N = RATE * SECONDS + 1


def main():
    tap = Tap()
    tmp = workdir('pacing')
    log = os.path.join(tmp, 'server.log')
    server = Server('maildir-smtp-server.py', os.path.join(tmp, 'maildir'), log)
    try:
        h = Herald(tmp)
        people = [('p%03d@example.com' % i, 'P %d' % i) for i in range(N)]
        # Two connections: the limit is the account's, whatever the number.
        h.setup(people, ['--port', str(server.port), '--rate', '%d/s' % RATE, '--connections', '2'])
        h.run('campaign', 'create', 'Paced', '--template', 'T', '--list', 'L', '--account', 'smtp')
        # The server's first message is slow (Python warming up its Maildir
        # path): send one before, outside the measurement.
        smtp = smtplib.SMTP('127.0.0.1', server.port)
        smtp.sendmail('warm@example.org', ['warm@example.org'], b'Subject: warm-up\r\n\r\nwarm\r\n')
        smtp.quit()
        proc = h.run('campaign', 'send', 'Paced', check=False, timeout=SECONDS * 3)
        tap.ok(proc.returncode == 0, 'the paced campaign is sent (0)', proc.stderr)

        with open(log) as f:
            times = sorted(float(line.split()[0]) for line in f if line.strip() and 'warm@' not in line)
        tap.ok(len(times) == N, '%d messages arrived' % len(times))
        if len(times) < 2:
            return tap.done()
        worst, where = 0, 0.0
        j = 0
        for i, t in enumerate(times):
            while j < len(times) and times[j] < t + 1.0:
                j += 1
            if j - i > worst:
                worst, where = j - i, t - times[0]
        gaps = [times[i + 1] - times[i] for i in range(len(times) - 1)]
        print('# first gaps (s): %s; smallest gap %.4f s' % (' '.join('%.3f' % g for g in gaps[:12]), min(gaps)),
              flush=True)
        tightest = min(times[i + RATE] - times[i] for i in range(len(times) - RATE))
        print('# the tightest %d consecutive messages span %.4f s (more than 1 s: within the limit)'
              % (RATE + 1, tightest), flush=True)
        span = times[-1] - times[0]
        mean = (len(times) - 1) / span
        print('# busiest one-second window: %d messages (at +%.2f s); mean %.3f msg/s over %.2f s'
              % (worst, where, mean, span), flush=True)
        tap.ok(worst <= RATE, 'no one-second window holds more than %d (busiest: %d)' % (RATE, worst))
        tap.ok(abs(mean - RATE) <= 0.03 * RATE, 'the mean rate %.3f/s is within 3 %% of %d/s' % (mean, RATE))
    finally:
        server.stop()
        cleanup(tmp)
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
