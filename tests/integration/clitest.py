# clitest.py — what the herald-cli integration tests written as plain
# checks share (campaign-check.py, css-inline.py, preview-parity.py,
# unsubscribe.py): running herald-cli, counting the checks and keeping
# their failures, and the lines of `campaign check` that stop a send.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import tempfile

CLI = os.environ['HERALD_CLI']
failures = []      # what failed, a line each; a test may add its own
n_checks = 0       # how many check() calls were made


def cli_folder(name):
    """A new temporary folder for herald-cli's database (HERALD_DB) and
    Outbox (HERALD_OUTBOX), both set for run(); returns (folder, database
    path, Outbox path)."""
    tmp = tempfile.mkdtemp(prefix='herald-%s-' % name)
    db = os.path.join(tmp, 'herald.db')
    outbox = os.path.join(tmp, 'outbox')
    os.environ['HERALD_DB'] = db
    os.environ['HERALD_OUTBOX'] = outbox
    return tmp, db, outbox


def check(what, got, want):
    """Counts a check; keeps a failure when @got is not @want."""
    global n_checks
    n_checks += 1
    if got != want:
        failures.append('%s: got %.400r, want %.400r' % (what, got, want))


def run(*args, ok=True):
    """herald-cli ARGS…; unless @ok is False, the test stops when it fails."""
    p = subprocess.run([CLI] + list(args), capture_output=True)
    if ok and p.returncode != 0:
        raise SystemExit('herald-cli %s failed (%d): %s' % (' '.join(args), p.returncode, p.stderr.decode()))
    return p


# What `campaign check` says beyond what stops the sender (addresses and
# domains, the sender's domain, links, identity, size, volume): these
# tests are about the latter, so blocking_lines() reads only those lines
# (campaign-check.py tests the rest).
ADVISORY = {'email', 'spf', 'dmarc', 'dkim', 'identity', 'unsubscribe', 'link', 'size', 'volume', 'consent', 'charset'}


def blocking_lines(campaign):
    p = run('campaign', 'check', campaign, '--offline', ok=False)
    return [l for l in p.stdout.decode().splitlines() if l.split('\t')[1] not in ADVISORY]
