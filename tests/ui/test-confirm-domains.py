#!/usr/bin/python3
# test-confirm-domains.py — the send confirmation says a finding once, not
# once an address, and does not call an offline machine's silence "no mail
# server". DNS is answered from a table (HERALD_TEST_DNS,
# app/base/herald-table-resolver.c): it stands in for DNS because the test
# machines have no network.
# - A table where gmail.com takes mail but none of the sample list's
#   domains (example.jp, example.com, example.org) exists: the
#   confirmation shows one card, “12 addresses at 3 domains: no mail
#   server found … example.jp (5), example.com (4), example.org (3)”, not
#   twelve (user trial).
# - A table that knows no mail server at all, as an offline machine's
#   resolver answers: one note that the recipients' domains could not be
#   looked up, and no card saying any of them has no mail server.
# Each time the dialog is cancelled: nothing is sent.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_DB and HERALD_OUTBOX.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli  # noqa: E402

uitest.set_deadline(170)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB", "HERALD_OUTBOX")
tmp = uitest.tmp_dir()
outbox_new = os.path.join(os.environ["HERALD_OUTBOX"], "new")
cli("init", "--demo")


def confirmation(table, log, name):
    dns = os.path.join(tmp, log + ".dns")
    with open(dns, "w") as f:
        f.write(table)
    app, window = uitest.start_herald(os.path.join(tmp, log + ".log"), env=dict(os.environ, HERALD_TEST_DNS=dns))
    tabs = uitest.page_tabs(window)
    lists = wait_for("the list of address lists", lambda: find_all(window, "list", name="Address lists"))[0]
    wait_for("the sample list (the database is open)", lambda: find_all(lists, "list item"), timeout=30)
    uitest.switch_to(tabs, "Campaigns")
    uitest.create_and_send(window, name)
    labels = uitest.await_send_dialog(app, window, timeout=90)
    cancel = wait_for("the confirmation's Cancel button",
                      lambda: uitest.send_dialog_button(app, window, "Cancel"))
    cancel.doActionNamed("click")
    wait_for("the confirmation closed", lambda: not uitest.send_dialog_labels(app, window))
    if os.path.isdir(outbox_new) and os.listdir(outbox_new):
        fail("something was written to the Outbox")
    uitest.quit_herald()
    return labels


labels = confirmation("MX gmail.com 5 gmail-smtp-in.l.google.com\n", "dns-works", "Domains grouped")
cards = [l for l in labels if "no mail server" in l]
if len(cards) != 1:
    fail("the confirmation shows %d “no mail server” cards, not one: %r" % (len(cards), cards))
for wanted in ("12 addresses at 3 domains", "example.jp (5)", "example.com (4)", "example.org (3)"):
    if wanted not in cards[0]:
        fail("the card does not say “%s”: %r" % (wanted, cards[0]))
ok("one card for the twelve addresses: %s" % cards[0])

labels = confirmation("TXT unrelated.example v=spf1 -all\n", "dns-offline", "Domains offline")
if [l for l in labels if "no mail server found" in l or "has no mail server (" in l]:
    fail("offline, the confirmation still says domains have no mail server: %r" % labels)
notes = [l for l in labels if "could not be looked up" in l]
if len(notes) != 1:
    fail("offline, the confirmation does not say once that the domains could not be looked up: %r" % labels)
if notes[0].startswith("dns:"):
    fail("the note starts with a code, not words: %r" % notes[0])
ok("offline, one note: %s" % notes[0])

uitest.stop()
print("ok - all done", flush=True)
