#!/usr/bin/python3
# test-mailbox-timer.py — the window reads every account's mailbox on a
# timer while it is open. The interval comes from the GSettings key
# "mailbox-check-interval", in a keyfile (the window runs with the
# keyfile backend for that): at 0 the window reads nothing on its own;
# set to 2 seconds while the window is open, the timer starts. An account with a
# mailbox on a real Dovecot (with-dovecot.sh) holds the bounce of one
# recipient's message: with no click, a toast says "1 bounce found in the
# mailbox" and the Do Not Send page, already shown, lists the address.
# A second bounce delivered later is found by a later tick the same way
# (the timer repeats), and herald-cli agrees on both suppressions. With
# the timer off again, a third bounce waits unread until a campaign sent
# from the window finishes: then the same toast, and the page lists it.
#
# Run through with-dovecot.sh and run-ui-test.sh.
# SPDX-License-Identifier: GPL-3.0-or-later

import csv
import io
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
import mailboxtest                  # noqa: E402
from mailboxtest import ACCOUNT, start_keyring, deliver, bounce  # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli, is_drawn  # noqa: E402

tmp = mailboxtest.begin()

start_keyring()
cli("init", "--demo")
subprocess.run([os.environ["HERALD_CLI"], "--db", os.environ["HERALD_DB"], "account", "add", ACCOUNT, "--quiet-hours", "off",
                "--host", "127.0.0.1", "--port", "2525", "--security", "none", "--user", "herald",
                "--from", "Shop <info@shop.example.jp>", "--password-stdin", "--ca", os.environ["IMAP_CA"],
                "--imap-host", "127.0.0.1", "--imap-port", os.environ["IMAPS_PORT"]],
               input=os.environ["IMAP_PW"] + "\n", text=True, check=True, capture_output=True, timeout=30)
cli("campaign", "create", "news", "--template", "Sample newsletter", "--list", "Sample customers",
    "--account", "outbox")
cli("campaign", "send", "news")
report = list(csv.reader(io.StringIO(cli("report", "news", "--format", "csv").stdout)))
first, first_id = report[1][0], report[1][5].strip("<>")
second, second_id = report[2][0], report[2][5].strip("<>")
deliver("bounce1", bounce(first, first_id))
ok("an account with a mailbox on Dovecot; its INBOX holds the bounce of %s" % first)

# The key in a keyfile the window reads (GSETTINGS_BACKEND=memory, which
# the other UI tests use, cannot be set from outside the process).
settings_dir = os.path.join(os.environ["XDG_CONFIG_HOME"], "glib-2.0", "settings")
os.makedirs(settings_dir, exist_ok=True)
keyfile = os.path.join(settings_dir, "keyfile")


def set_interval(seconds):
    with open(keyfile + ".new", "w") as f:
        f.write("[io/github/heraldmail/Herald]\nmailbox-check-interval=%d\n" % seconds)
    os.rename(keyfile + ".new", keyfile)


def suppressed(address):
    return any(line.startswith(address + ",bounced,") for line in cli("suppression", "list").stdout.splitlines())


# Off first: the window reads no mailbox on its own.
set_interval(0)
env = dict(os.environ, GSETTINGS_BACKEND="keyfile")
app, window = uitest.start_herald(os.path.join(tmp, "herald.log"), env=env)
tabs = uitest.page_tabs(window)
uitest.switch_to(tabs, "Do Not Send")
time.sleep(4)
if suppressed(first):
    fail("with mailbox-check-interval 0 the window read the mailbox anyway")
ok("the window is open on the Do Not Send page; with mailbox-check-interval 0 it reads no mailbox")

# Changed while the window is open: the timer follows the setting.
set_interval(2)


def toast(text):
    return [label for label in find_all(window, "label", name=text) if is_drawn(label)]


def listed(address):
    return ([label for label in find_all(window, "label", contains=address) if is_drawn(label)] or
            [item for item in find_all(window, "list item", contains=address) if is_drawn(item)])


wait_for("the toast “1 bounce found in the mailbox”", lambda: toast("1 bounce found in the mailbox"), timeout=30)
wait_for("%s on the Do Not Send page, with no click" % first, lambda: listed(first), timeout=15)
ok("the timer read the mailbox: a toast says “1 bounce found in the mailbox”; the page lists %s" % first)

deliver("bounce2", bounce(second, second_id))
# The suppression first (a label with the address may stand elsewhere in
# the window, such as the list's table), then the page showing it.
wait_for("%s suppressed by a later tick" % second, lambda: suppressed(second), timeout=30)
wait_for("%s on the Do Not Send page after a later tick" % second, lambda: listed(second), timeout=30)
ok("a bounce delivered later is found by a later tick: the page lists %s" % second)

for address in (first, second):
    if not suppressed(address):
        fail("%s is not suppressed as bounced: %s" % (address, cli("suppression", "list").stdout))
ok("herald-cli lists both addresses as bounced")

# ---- after a campaign --------------------------------------------------------
# The timer off again; a third bounce waits in the mailbox and nothing
# reads it until a campaign sent from the window finishes.
third, third_id = report[3][0], report[3][5].strip("<>")
set_interval(0)
time.sleep(3)
deliver("bounce3", bounce(third, third_id))
time.sleep(4)
if suppressed(third):
    fail("with mailbox-check-interval 0 the window read the mailbox anyway")
ok("timer off again: the bounce of %s waits unread" % third)

uitest.switch_to(tabs, "Campaigns")
uitest.create_and_send(window, "after")
uitest.confirm_send(app, window)
wait_for("the toast “1 bounce found in the mailbox” after the campaign",
         lambda: toast("1 bounce found in the mailbox"), timeout=60)
if not suppressed(third):
    fail("%s is not suppressed after the campaign's check" % third)
uitest.switch_to(tabs, "Do Not Send")
wait_for("%s on the Do Not Send page" % third, lambda: listed(third), timeout=15)
ok("a campaign sent from the window finished, the mailbox was read: %s is on the Do Not Send page" % third)

uitest.quit_herald()
uitest.check_log()
uitest.stop()
