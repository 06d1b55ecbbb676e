#!/usr/bin/python3
# test-reports.py — the “Reports” page: each campaign's numbers and rates,
# a bar chart in the light and the dark style, and an enabled CSV export.
#
# herald-cli makes and sends a campaign to the Outbox in which one of four
# recipients' message cannot be made (a line break in the name the
# subject holds: failed), and suppresses one recipient as bounced with the
# campaign's Message-ID as the source (a stand-in for the mailbox check).
# The page shows the campaign's row with the numbers `campaign report`
# gives, the chart describes the same for screen readers, and the window
# is photographed in the light and (started again) the dark style. Before
# the second start, opens and clicks are written into delivery_events as
# the Mailgun pull keeps them (a stand-in for herald_provider_pull_events(),
# which tests/integration/mailgun-events.py runs against the Mailgun
# stand-in: the Outbox has no provider to read them from); the row then
# shows them, labelled approximate.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI and HERALD_DB.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, wait_for, find_all, cli, has_state, is_drawn  # noqa: E402
import pyatspi                      # noqa: E402

uitest.set_deadline(140)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB")
tmp = uitest.tmp_dir()

app, window = uitest.start_herald_ready()
tabs = uitest.page_tabs(window)

uitest.send_note_to_outbox(tmp, "Winter", 'ann@example.jp,Ann\nbad@example.jp,"Line\nbreak"\nbob@example.jp,Bob\ncy@example.jp,Cy\n')
with sqlite3.connect(os.environ["HERALD_DB"], timeout=30) as db:
    (mid,), = db.execute("SELECT message_id FROM deliveries WHERE email = 'bob@example.jp'").fetchall()
cli("suppression", "add", "bob@example.jp", "--reason", "bounced", "--source", "bounce of " + mid)
line = cli("campaign", "report", "Winter", "--format", "csv").stdout.splitlines()[1]
if not line.startswith("Winter,done,4,3,75.0,1,25.0,1,33.3,0,0.0,0,0.0,0,0.0,0"):
    uitest.fail("campaign report says %r" % line)

uitest.switch_to(tabs, "Reports")
expected = ("4 recipients · sent 3 (75.0%) · failed 1 (25.0%) · bounced 1 (33.3%) · unsubscribed 0 (0.0%) · "
            "uncertain 0 (0.0%) · skipped 0 (0.0%)")
wait_for("Winter's row with its numbers and rates",
         lambda: [n for n in find_all(window, "label", name=expected) if is_drawn(n)], timeout=30)
ok("the Reports page shows Winter's numbers and rates, as campaign report does")

chart = wait_for("the chart", lambda: [n for n in find_all(window, "image")
                                       if n.name == "What became of each campaign’s messages"])[0]
description = chart.description or ""
if "Winter: 4 recipients, 3 sent, 1 failed, 0 uncertain, 0 skipped, 0 not sent yet." not in description:
    uitest.fail("the chart's description is %r" % description)
ok("the chart says in words what it draws: %s" % description)
wait_for("an enabled “Export Reports as CSV…” button",
         lambda: [b for b in find_all(window, "push button", name="Export Reports as CSV…")
                  if has_state(b, pyatspi.STATE_SENSITIVE)])
ok("the CSV export is offered")
path, width, height = uitest.screenshot("reports-light.png")
ok("light style: %s (%d×%d)" % (path, width, height))
uitest.quit_herald()

with sqlite3.connect(os.environ["HERALD_DB"], timeout=30) as db:
    ids = dict(db.execute("SELECT email, id FROM deliveries WHERE state = 'sent'").fetchall())
    for n, (email, kind) in enumerate([("ann@example.jp", "opened"), ("ann@example.jp", "opened"),
                                       ("bob@example.jp", "opened"), ("ann@example.jp", "clicked")]):
        db.execute("INSERT INTO delivery_events (delivery_id, provider_event_id, kind, occurred_at)"
                   " VALUES (?, ?, ?, strftime('%s','now'))", (ids[email], "ev%d" % n, kind))

# The dark style: the chart takes the style's colours.
env = dict(os.environ, ADW_DEBUG_COLOR_SCHEME="prefer-dark")
app, window = uitest.start_herald(os.path.join(tmp, "herald.log"), env=env, append=True)
tabs = uitest.page_tabs(window)
uitest.switch_to(tabs, "Reports")
opens = ("Opened 2 (66.7%) · clicked 1 (33.3%) — approximate: image proxies and privacy protection "
         "distort opens")
wait_for("Winter's row in the dark style, with its opens and clicks",
         lambda: [n for n in find_all(window, "label", name=expected + "\n" + opens) if is_drawn(n)], timeout=30)
ok("the row shows the opens and clicks read from the provider, labelled approximate")
path, width, height = uitest.screenshot("reports-dark.png")
ok("dark style: %s (%d×%d)" % (path, width, height))
uitest.quit_herald()
uitest.check_log()
uitest.stop()
