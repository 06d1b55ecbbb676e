#!/usr/bin/python3
# test-campaign-unsub.py — the window refuses a campaign whose messages
# would carry an empty unsubscribe link.
#
# The sample newsletter's footer shows {{ unsubscribe_url }}. With the
# Outbox's unsubscribe link taken away (sqlite3), “Create & Send” on the
# Campaigns page brings the dialog “No Unsubscribe Link” naming the account
# and where to add one (Preferences → Accounts); no campaign is made and
# nothing reaches the Outbox. A campaign herald-cli prepared on the Outbox
# before, sent with Resume, ends paused with that reason, all its
# deliveries still queued.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_DB and
# HERALD_OUTBOX.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, cli  # noqa: E402

uitest.set_deadline(120)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB", "HERALD_OUTBOX")
tmp = uitest.tmp_dir()
outbox_new = os.path.join(os.environ["HERALD_OUTBOX"], "new")
PREPARED = "Prepared before"
REFUSED = "Refused in the window"


def outbox():
    return sorted(os.listdir(outbox_new)) if os.path.isdir(outbox_new) else []


app, window = uitest.start_herald_ready()
tabs = uitest.page_tabs(window)
ok("the window is open")

cli("campaign", "create", PREPARED, "--template", "Sample newsletter", "--list", "Sample customers",
    "--account", "outbox")
uitest.query("UPDATE accounts SET unsubscribe_url = NULL, unsubscribe_mailto = NULL WHERE name = 'outbox'")
ok("herald-cli prepared “%s”; the Outbox has no unsubscribe link any more" % PREPARED)

uitest.switch_to(tabs, "Lists")      # the Campaigns page reloads its campaigns when shown again
uitest.switch_to(tabs, "Campaigns")
create = uitest.create_and_send(window, REFUSED)
ok("clicked “%s”" % create.name)
uitest.refusal_dialog(app, window, "the dialog saying what to add where", "Preferences → Accounts",
                      "No Unsubscribe Link",
                      ["{{ unsubscribe_url }}", "“outbox”", "Add an unsubscribe link or address to the account"])
if uitest.query("SELECT count(*) FROM campaigns WHERE name = '%s'" % REFUSED)[0][0] != 0:
    fail("the refused campaign was made")
if outbox():
    fail("the Outbox holds %d messages though nothing should have been sent" % len(outbox()))
ok("no campaign made, nothing sent")

uitest.select_campaign(window, PREPARED)
wait_for("the Resume button", lambda: uitest.resume_buttons(window))[0].doActionNamed("click")
ok("clicked Resume on “%s”" % PREPARED)


def paused():
    rows = uitest.query("SELECT state, pause_reason FROM campaigns WHERE name = '%s'" % PREPARED)
    return rows if rows and rows[0][0] == "paused" else None


state, reason = wait_for("the campaign paused", paused, timeout=30)[0]
if "Preferences → Accounts" not in (reason or "") or "outbox" not in reason:
    fail("the campaign paused saying %r" % reason)
states = uitest.query("SELECT d.state, count(*) FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id"
               " WHERE c.name = '%s' GROUP BY d.state" % PREPARED)
if states != [("queued", 12)] or outbox():
    fail("after the pause the deliveries are %r and the Outbox holds %d" % (states, len(outbox())))
ok("the campaign paused with the reason; its 12 deliveries are still queued")

uitest.stop()
print("ok - all done", flush=True)
