# sendtest.py — what Herald's sender tests share: a throw-away database,
# herald-cli, SMTP servers on free loopback ports, Maildir counting, TAP.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Imported by test-sender-faults.py, crash-test.py, pacing-test.py and others
# (run with /usr/bin/python3). Environment: HERALD_CLI (the built
# herald-cli), HERALD_SRCDIR (the source tree).

import csv
import email.parser
import io
import mailbox
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CLI = os.environ.get('HERALD_CLI') or sys.exit('HERALD_CLI is not set')
PYTHON = '/usr/bin/python3'


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, condition, name, detail=None):
        self.n += 1
        if condition:
            print('ok %d - %s' % (self.n, name), flush=True)
        else:
            self.failed += 1
            print('not ok %d - %s' % (self.n, name), flush=True)
            if detail is not None:
                for line in str(detail).splitlines()[:40]:
                    print('#   ' + line, flush=True)
        return condition

    def done(self):
        print('1..%d' % self.n, flush=True)
        return 1 if self.failed else 0


class Helper:
    """A helper script of this folder run with @args, which prints
    "PORT <n>" once it listens on a free port and stops when its standard
    input closes; stopped whatever happens."""

    def __init__(self, script, *args):
        self.proc = subprocess.Popen([PYTHON, os.path.join(HERE, script)] + list(args),
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith('PORT '):
            self.stop()
            raise RuntimeError('%s did not start' % script)
        self.port = int(line.split()[1])

    def ask_to_stop(self):
        self.proc.stdin.close()

    def stop(self):
        if self.proc.poll() is None:
            self.ask_to_stop()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Server(Helper):
    """A helper server keeping a Maildir and a log, stopped with SIGTERM."""

    def __init__(self, script, maildir, log, *args):
        self.maildir = maildir
        self.log = log
        # A pipe for stdin: smtp-evil-server.py stops when its stdin closes.
        super().__init__(script, maildir, log, *[str(a) for a in args])

    def ask_to_stop(self):
        self.proc.terminate()


class Herald:
    """herald-cli on a database of its own."""

    def __init__(self, workdir):
        self.dir = workdir
        self.db = os.path.join(workdir, 'herald.db')
        self.env = dict(os.environ, HERALD_DB=self.db, HERALD_OUTBOX=os.path.join(workdir, 'outbox'),
                        LC_ALL='C.UTF-8', XDG_CONFIG_HOME=os.path.join(workdir, 'config'))

    def run(self, *args, check=True, timeout=600):
        proc = subprocess.run([CLI, '--db', self.db] + list(args), env=self.env, timeout=timeout,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if check and proc.returncode != 0:
            raise RuntimeError('herald-cli %s: exit %d\n%s' % (' '.join(args), proc.returncode, proc.stderr))
        return proc

    def start(self, *args):
        return subprocess.Popen([CLI, '--db', self.db] + list(args), env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def setup(self, recipients, account_args, list_name='L', template='T'):
        """Creates the database, a list of @recipients ((email, name) pairs,
        in order), a template and an SMTP account named 'smtp'."""
        self.run('init')
        path = os.path.join(self.dir, 'list.csv')
        with open(path, 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f)
            w.writerow(['email', 'name'])
            for address, name in recipients:
                w.writerow([address, name])
        self.run('import', path, '--list', list_name)
        html = os.path.join(self.dir, 'news.html')
        with open(html, 'w', encoding='utf-8') as f:
            f.write('<html><body><p>Hello {{ name }},</p><p>Our news.</p></body></html>\n')
        self.run('template', 'add', template, '--subject', 'News for {{ name }}', '--html', html)
        self.run('account', 'add', 'smtp', '--host', '127.0.0.1', '--security', 'none', '--quiet-hours', 'off',
                 '--from', 'Shop <shop@example.jp>', *account_args)

    def report(self, campaign):
        out = self.run('report', campaign, '--format', 'csv').stdout
        return list(csv.DictReader(io.StringIO(out)))

    def status(self, campaign):
        out = self.run('campaign', 'status', campaign).stdout
        return dict(line.split('\t', 1) for line in out.splitlines())

    def query(self, sql, *args):
        with sqlite3.connect(self.db, timeout=30) as db:
            return db.execute(sql, args).fetchall()


def kill_at_random(tap, h, rng, count, total, kills, rate, startup, min_rate, min_busy):
    """Sends campaign 'C' @kills times, each killed with SIGKILL after a
    random delay (unless it finished first), and checks that all but 3 of
    the kills hit a campaign with work left. count(h) is how many are sent
    so far, of @total. The delays spread the kills over what is left at the
    rate measured so far: @rate messages a second to begin with, never
    taken below @min_rate; @startup seconds is the sender's start-up time
    before it sends (the measured busy time is at least @min_busy)."""
    kills_with_work = 0
    for k in range(kills):
        before = count(h)
        # Spread the kills over what is left: a random share of it.
        delay = startup * rng.random() + rng.uniform(0.2, 1.8) * (total - before) / rate / (kills - k + 1)
        proc = h.start('campaign', 'send', 'C')
        time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            proc.send_signal(signal.SIGKILL)
        proc.communicate()
        after = count(h)
        if after > before:
            rate = max(min_rate, 0.5 * rate + 0.5 * (after - before) / max(delay - startup, min_busy))
        if after < total and not finished:
            kills_with_work += 1
        print('# kill %2d after %.3f s: sent %d → %d%s' % (k + 1, delay, before, after,
                                                        ' (had finished)' if finished else ''), flush=True)
    tap.ok(kills_with_work >= kills - 3, '%d of %d kills hit a campaign with work left' % (kills_with_work, kills))


def maildir_count(path):
    """Message-ID → number of copies in the Maildir."""
    counts = {}
    if not os.path.isdir(path):
        return counts
    parser = email.parser.BytesParser()
    for key, msg in mailbox.Maildir(path, factory=None, create=False).iteritems():
        mid = msg['Message-ID']
        counts[mid] = counts.get(mid, 0) + 1
    return counts


def busiest(times, seconds):
    """The most messages in a window of that many seconds, and where it starts."""
    worst, where = 0, 0.0
    j = 0
    for i, t in enumerate(times):
        while j < len(times) and times[j] < t + seconds:
            j += 1
        if j - i > worst:
            worst, where = j - i, t - times[0]
    return worst, where


def workdir(name):
    return tempfile.mkdtemp(prefix='herald-%s-' % name)


def cleanup(path):
    shutil.rmtree(path, ignore_errors=True)


def run_with_server(name, server_script, run):
    """A test's main(): a temporary folder, a loopback SMTP server
    (server_script) keeping its Maildir and log there, run(tap, tmp,
    server), then both removed whatever happened; returns the exit status."""
    tap = Tap()
    tmp = workdir(name)
    server = Server(server_script, os.path.join(tmp, 'maildir'), os.path.join(tmp, 'server.log'))
    try:
        run(tap, tmp, server)
    finally:
        server.stop()
        cleanup(tmp)
    return tap.done()
