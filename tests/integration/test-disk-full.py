#!/usr/bin/python3
# test-disk-full.py — the disk that holds the database fills up while a
# campaign is being sent: the campaign pauses with a reason a person can
# act on, no delivery's state is lost, and once there is room again it
# resumes to the end, each message sent once.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The database lives on a small tmpfs mounted for the test: as root, or
# as root of a user namespace (`unshare -rm`, the script runs itself again
# there). Where neither is allowed the test is skipped (exit 77) and says
# so.

import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sendtest import Herald, Server, Tap, cleanup, maildir_count, workdir  # noqa: E402

N = 2000
SKIP = 77


def mount_small(path):
    os.makedirs(path, exist_ok=True)
    return subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=8m', 'herald-test', path],
                          stderr=subprocess.PIPE, text=True)


def fill(path, leave):
    """Fills the file system of @path but @leave bytes; returns the filler."""
    filler = os.path.join(path, 'filler')
    # Unbuffered: a write cut short by the full disk leaves nothing behind
    # for close() to flush (which raised ENOSPC again, now and then).
    with open(filler, 'wb', buffering=0) as f:
        try:
            while True:
                f.write(b'\0' * 65536)
                f.flush()
        except OSError:
            pass
    os.truncate(filler, max(0, os.path.getsize(filler) - leave))
    return filler


def main():
    if os.geteuid() != 0 and not os.environ.get('HERALD_DISK_FULL_NS'):
        if shutil.which('unshare'):
            env = dict(os.environ, HERALD_DISK_FULL_NS='1')
            proc = subprocess.run(['unshare', '-rm', sys.executable] + sys.argv, env=env)
            if proc.returncode != 126:
                return proc.returncode
        print('SKIP: cannot mount a small tmpfs here (needs root or user namespaces)', flush=True)
        return SKIP

    tap = Tap()
    tmp = workdir('disk-full')
    small = os.path.join(tmp, 'small')
    mounted = mount_small(small)
    if mounted.returncode != 0:
        cleanup(tmp)
        print('SKIP: cannot mount a small tmpfs here: %s' % mounted.stderr.strip(), flush=True)
        return 126 if os.environ.get('HERALD_DISK_FULL_NS') else SKIP
    server = Server('maildir-smtp-server.py', os.path.join(tmp, 'maildir'), os.path.join(tmp, 'server.log'))
    try:
        run(tap, small, server)
    finally:
        server.stop()
        subprocess.run(['umount', small])
        cleanup(tmp)
    return tap.done()


def run(tap, small, server):
    h = Herald(small)
    people = [('f%04d@example.com' % i, 'Reader %d' % i) for i in range(N)]
    h.setup(people, ['--port', str(server.port), '--connections', '2'])
    h.run('campaign', 'create', 'C', '--template', 'T', '--list', 'L', '--account', 'smtp')

    filler = fill(small, 256 * 1024)
    proc = h.run('campaign', 'send', 'C', check=False, timeout=300)
    st = h.status('C')
    print('# full: exit %d, %r' % (proc.returncode, st), flush=True)
    tap.ok(proc.returncode == 3, 'a full disk stops the sender with 3 (paused), not 1', proc.stderr[-2000:])
    tap.ok('is full: free some space on it, then resume' in proc.stderr,
           'it says the disk is full and what to do', proc.stderr[-2000:])
    tap.ok(0 < int(st.get('sent', '0')) < N, 'it stopped part-way: %s sent' % st.get('sent'), st)

    os.unlink(filler)
    st = h.status('C')
    tap.ok(st.get('campaign') == 'paused' and 'is full' in st.get('reason', ''),
           'the campaign is paused with the reason', st)

    proc = h.run('campaign', 'send', 'C', check=False, timeout=300)
    tap.ok(proc.returncode == 0, 'with room again, the resume sends to the end (0)', proc.stderr[-2000:])
    rows = h.report('C')
    copies = maildir_count(server.maildir)
    states = {}
    for r in rows:
        states[r['state']] = states.get(r['state'], 0) + 1
    print('# after the resume: %r' % states, flush=True)
    sent = [r for r in rows if r['state'] == 'sent']
    uncertain = [r for r in rows if r['state'] == 'uncertain']
    tap.ok(len(rows) == N and len(sent) + len(uncertain) == N, 'no delivery was lost', states)
    tap.ok(all(copies.get(r['message_id'], 0) == 1 for r in sent), 'each sent one arrived exactly once')
    tap.ok(all(copies.get(r['message_id'], 0) == 1 for r in uncertain) and len(uncertain) <= 2,
           'at most one uncertain a connection, each one that did arrive, once (%d)' % len(uncertain),
           uncertain)


if __name__ == '__main__':
    sys.exit(main())
