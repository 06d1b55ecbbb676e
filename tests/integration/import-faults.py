#!/usr/bin/python3
# import-faults.py — an import that cannot finish leaves every list and
# contact as it was.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# 1. `herald-cli import` of a large file (200,000 rows, a thousand of them
#    known contacts whose values it changes) killed with SIGKILL when it has
#    read a fifth, half and four fifths of the file (its progress, shown on
#    a terminal: here a pseudo-terminal): each time a full dump of every
#    table is the same as before, the database passes its integrity check,
#    and then the import runs to its end.
# 2. A full disk: the database on a 3 MB tmpfs (mounted here, as root), the
#    same import fails with one clear line and exit 1, and the dump is the
#    same as before. Skipped, saying so, when mounting is not permitted.

import csv
import os
import pty
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sendtest import Herald, Tap, cleanup, workdir  # noqa: E402

ROWS = 200000
KNOWN = 1000


def dump(db_path):
    """Every table's schema and rows, as SQL text."""
    db = sqlite3.connect(db_path, timeout=30)
    try:
        return '\n'.join(db.iterdump())
    finally:
        db.close()


def integrity(db_path):
    db = sqlite3.connect(db_path, timeout=30)
    try:
        return db.execute('PRAGMA integrity_check').fetchone()[0]
    finally:
        db.close()


def kill_at(h, big, percent):
    """Starts the import with its standard error on a pseudo-terminal (so
    it shows its progress) and kills it once it has read @percent of the
    file. Returns the progress seen and the exit status."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([h.cli, '--db', h.db, 'import', big, '--list', 'Big'], env=h.env,
                            stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = 0
    text = b''
    deadline = time.monotonic() + 120
    try:
        while seen < percent and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if not ready:
                continue
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            text = (text + chunk)[-64:]
            found = re.findall(rb'(\d+)%', text)
            if found:
                seen = int(found[-1])
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        os.close(master)
    return seen, proc.returncode


def write_big_csv(path):
    with open(path, 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f)
        w.writerow(['email', 'name', 'city', 'company', 'note'])
        for i in range(ROWS):
            # The first KNOWN rows are contacts of list A, with a new city.
            w.writerow(['user%06d@example.jp' % i, 'User %d' % i, 'Osaka %d' % i,
                        'Company %d' % (i % 977), 'note ' * (i % 5)])


def populate(h):
    """Two lists sharing contacts, a suppression and an undo record."""
    a = os.path.join(h.dir, 'a.csv')
    with open(a, 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f)
        w.writerow(['email', 'name', 'city'])
        for i in range(KNOWN):
            w.writerow(['user%06d@example.jp' % i, 'User %d' % i, 'Tokyo'])
    h.run('init')
    h.run('import', a, '--list', 'A')
    b = os.path.join(h.dir, 'b.csv')
    with open(b, 'w', encoding='utf-8') as f:
        f.write('email,name\nuser000001@example.jp,\nother@example.jp,Other\n')
    h.run('import', b, '--list', 'B')


def kill_midway(tap, h, big):
    h.cli = os.environ['HERALD_CLI']
    before = dump(h.db)
    for percent in (20, 50, 80):
        seen, status = kill_at(h, big, percent)
        tap.ok(status == -signal.SIGKILL and percent <= seen < 100,
               'killed by SIGKILL with %d%% of the file read' % percent,
               'progress seen %d%%, exit status %s' % (seen, status))
        tap.ok(dump(h.db) == before, 'killed at %d%%: every table as before' % percent)
        tap.ok(integrity(h.db) == 'ok', 'killed at %d%%: the database is sound' % percent)

    proc = h.run('import', big, '--list', 'Big', check=False)
    tap.ok(proc.returncode == 0 and proc.stdout.startswith(
        'imported %d, updated %d, duplicates 0, invalid 0, suppressed 0\n' % (ROWS, KNOWN)),
        'then the import runs to its end', proc.stdout + proc.stderr)


def full_disk(tap, big):
    mnt = workdir('import-full')
    try:
        mount = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if mount.returncode != 0:
            why = mount.stdout.strip().replace('\n', ' ') or 'exit %d' % mount.returncode
            print('ok %d # SKIP cannot mount a tmpfs to fill: %s' % (tap.n + 1, why), flush=True)
            tap.n += 1
            return
        try:
            h = Herald(mnt)
            populate(h)
            before = dump(h.db)
            proc = h.run('import', big, '--list', 'Big', check=False)
            lines = proc.stderr.strip().splitlines()
            tap.ok(proc.returncode == 1, 'full disk: the import fails (exit 1)', proc.stdout + proc.stderr)
            tap.ok(len(lines) == 1 and 'full' in lines[0] and 'free some space' in lines[0].lower(),
                   'full disk: one line that says the disk is full and what to do', proc.stderr)
            tap.ok(dump(h.db) == before, 'full disk: every table as before')
            tap.ok(integrity(h.db) == 'ok', 'full disk: the database is sound')
        finally:
            subprocess.run(['umount', mnt])
    finally:
        cleanup(mnt)


def main():
    tap = Tap()
    d = workdir('import-faults')
    try:
        big = os.path.join(d, 'big.csv')
        write_big_csv(big)
        h = Herald(d)
        populate(h)
        kill_midway(tap, h, big)
        full_disk(tap, big)
    finally:
        cleanup(d)
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
