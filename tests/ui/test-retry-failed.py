#!/usr/bin/python3
# test-retry-failed.py — the Results page's “Send Again to Failed” makes a
# campaign of exactly the recipients the chosen campaign failed for.
#
# herald-cli makes and sends a campaign to the Outbox in which one
# recipient's message cannot be made (a line break in the name the
# subject holds: failed, not suppressed); on the Results page, “Send Again
# to Failed” makes “NAME-retry” with that recipient alone, says so, and
# the campaign shows on the Campaigns page.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI and HERALD_DB.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, wait_for, find_all, has_state  # noqa: E402
import pyatspi                      # noqa: E402

uitest.set_deadline(120)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB")
tmp = uitest.tmp_dir()

app, window = uitest.start_herald_ready()
tabs = uitest.page_tabs(window)

uitest.send_note_to_outbox(tmp, "Autumn", 'ann@example.jp,Ann\nbad@example.jp,"Line\nbreak"\nbob@example.jp,Bob\n')

uitest.switch_to(tabs, "Results")


def counts():
    return [label.name for label in find_all(window, "label")
            if label.description == "Delivery counts of the chosen campaign" and
            (label.name or "").startswith("Sent 2 ") and "Failed 1" in label.name]


wait_for("Autumn's counts: 2 sent, 1 failed", counts, timeout=30)
ok("the Results page shows Autumn with 2 sent and 1 failed")

button = wait_for("an enabled “Send Again to Failed” button",
                  lambda: [b for b in find_all(window, "push button", name="Send Again to Failed")
                           if has_state(b, pyatspi.STATE_SENSITIVE)], timeout=30)[0]
button.doActionNamed("click")


def retry_recipients():
    with sqlite3.connect(os.environ["HERALD_DB"], timeout=30) as db:
        return db.execute("SELECT d.email FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id"
                          " WHERE c.name = 'Autumn-retry'").fetchall()


got = wait_for("the campaign “Autumn-retry”", retry_recipients, timeout=30)
if got != [("bad@example.jp",)]:
    uitest.fail("Autumn-retry is for %r, not exactly bad@example.jp" % got)
ok("“Autumn-retry” is for exactly the recipient Autumn failed for")
wait_for("the toast saying so",
         lambda: find_all(window, "label", contains="Campaign “Autumn-retry” made for the 1 recipient"), timeout=30)
ok("the page says the campaign was made and where to send it")

uitest.switch_to(tabs, "Campaigns")
uitest.select_campaign(window, "Autumn-retry")
ok("the Campaigns page lists “Autumn-retry”")

uitest.screenshot("retry-failed.png")
uitest.quit_herald()
uitest.check_log()
uitest.stop()
