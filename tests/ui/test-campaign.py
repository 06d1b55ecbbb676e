#!/usr/bin/python3
# test-campaign.py — the sample campaign sent through the window, driven
# like a person through AT-SPI: on a fresh database (sample list, sample
# template, the built-in Outbox) the Campaigns page shows the pre-send
# summary, "Create & Send" sends it through the Outbox (HERALD_OUTBOX, set
# by run-ui-test.sh), the live view ends with 12 sent, the Results page
# shows "Sent 12" and its deliveries, and the Outbox Maildir holds 12
# messages in new/.
#
# Then closing the window while a campaign sends: a second campaign, made
# by herald-cli for an account it adds, paced at one message every 2
# seconds (aiosmtpd on loopback, tests/integration/maildir-smtp-server.py,
# takes the mail), is selected in the window and sent with Resume (the
# page's drop-downs offer no AT-SPI action to choose an account). While it
# sends, the live view has the chart “Sends over time”
# saying the rate in words; the window's Close button brings the dialog;
# “Keep Sending in the Background” hides the window, and Herald goes on
# sending with no window shown, then exits by itself. Afterwards the
# database (read with sqlite3) has all 12 deliveries sent and the campaign
# done, and the server has 12 messages. The notification at the end is
# checked through a stand-in for the desktop's notification server
# (fake-notifications.py): it owns org.gtk.Notifications on the test's
# session bus (GApplication uses it when it is there) and logs what it
# gets. That notification's own action and target, activated the way
# a desktop shell does (org.freedesktop.Application.ActivateAction) on a
# new Herald, show the campaign on the Results page with 12 sent.
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI, HERALD_CLI, HERALD_SRCDIR, HERALD_DB,
# HERALD_OUTBOX; HERALD_APP_ID is optional.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli, has_state, is_drawn  # noqa: E402
import pyatspi                      # noqa: E402

CAMPAIGN = "UI test campaign"
EXPECTED = 12           # the sample list's subscribed contacts
BACKGROUND = "UI background campaign"
SLOW_ACCOUNT = "slow"
SLOW_RATE = "30/min"    # a message every 2 s: the send lasts about 22 s

uitest.set_deadline(140)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_SRCDIR", "HERALD_DB", "HERALD_OUTBOX")
db_path = os.environ["HERALD_DB"]
outbox_new = os.path.join(os.environ["HERALD_OUTBOX"], "new")
tmp = uitest.tmp_dir()


# ---- start ---------------------------------------------------------------

# The notification mock first: GApplication looks for it when it sends.
notifications_log = uitest.start_notifications()
ok("a mock org.gtk.Notifications is on the session bus")

smtp_maildir = os.path.join(tmp, "smtp-maildir")
server, smtp_port = uitest.start_server("maildir-smtp-server.py", [smtp_maildir, os.path.join(tmp, "smtp.log")])
ok("aiosmtpd listens on 127.0.0.1:%d" % smtp_port)


def smtp_messages():
    folder = os.path.join(smtp_maildir, "new")
    return len(os.listdir(folder)) if os.path.isdir(folder) else 0


log_path = os.path.join(tmp, "herald.log")
app, window = uitest.start_herald(log_path)
ok("the window is open")

tabs = uitest.page_tabs(window)
# The database opens in a worker thread; the sample list shows when it has.
address_lists = wait_for("the list of address lists",
                         lambda: find_all(window, "list", name="Address lists"))[0]
wait_for("the sample list", lambda: find_all(address_lists, "list item"), timeout=30)


# ---- the Campaigns page ----------------------------------------------------

uitest.switch_to(tabs, "Campaigns")
name_field = wait_for("the “Campaign Name” field", lambda: find_all(window, "text", name="Campaign Name"))[0]
wait_for("a drawn “Campaign Name” field", lambda: is_drawn(name_field))


def summary():
    return [label.name for label in find_all(window, "label")
            if label.description == "Pre-send summary" and "recipients" in (label.name or "")]


text = wait_for("the pre-send summary", summary, timeout=30)[0]
if not text.startswith("%d recipients" % EXPECTED):
    fail("the pre-send summary says “%s”, not %d recipients" % (text, EXPECTED))
ok("pre-send summary: %s" % text)

names = []
for title, wanted in [("List", None), ("Template", None), ("Account", "outbox")]:
    rows = wait_for("the “%s” drop-down" % title,
                    lambda: [n for n in find_all(window, "combo box") if (n.name or "").startswith(title)])
    names.append(rows[0].name)
    if wanted is not None:
        labels = [l.name for l in find_all(rows[0], "label")]
        if wanted not in labels:
            fail("the “%s” drop-down shows %r, not “%s”" % (title, labels, wanted))
ok("the form has the drop-downs %r, the Outbox chosen" % names)

name_field.text = CAMPAIGN
create = wait_for("the “Create & Send” button",
                  lambda: find_all(window, "push button", contains="Create"))[0]
# GTK 4.8 garbles the names of buttons with a mnemonic unless set.
if create.name != "Create & Send":
    fail("the Create & Send button's accessible name is “%s”" % create.name)
create.doActionNamed("click")
ok("clicked “%s”" % create.name)


def live_counts():
    return [label.name for label in find_all(window, "label")
            if label.description == "Delivery counts" and
            (label.name or "").startswith("Sent %d " % EXPECTED)]


counts = wait_for("the live view to show %d sent" % EXPECTED, live_counts, timeout=60)[0]
ok("the live view says: %s" % counts)
wait_for("the campaign “%s” in the campaigns list" % CAMPAIGN,
         lambda: find_all(window, "list item", contains=CAMPAIGN) or
         [n for n in window.findChildren(lambda n: n.name == CAMPAIGN, recursive=True)])


def not_sending():
    return [label for label in find_all(window, "label")
            if label.description == "Rate and time left" and label.name == "Not sending now."]


wait_for("the sender to finish", not_sending, timeout=30)
ok("the sender finished")


# ---- the Results page ------------------------------------------------------

uitest.switch_to(tabs, "Results")


def result_counts():
    return [label.name for label in find_all(window, "label")
            if label.description == "Delivery counts of the chosen campaign" and
            (label.name or "").startswith("Sent ")]


text = wait_for("the results' counts", result_counts, timeout=30)[0]
if not text.startswith("Sent %d · Queued 0 · Deferred 0 · Failed 0 · Uncertain 0" % EXPECTED):
    fail("the Results page says “%s”, not %d sent" % (text, EXPECTED))
ok("the Results page says: %s" % text)

table = wait_for("the “Deliveries” table",
                 lambda: [n for n in window.findChildren(lambda n: n.name == "Deliveries", recursive=True)])[0]
sent_cells = wait_for("“Sent” cells in the deliveries",
                      lambda: find_all(table, "label", name="Sent"))
ok("the deliveries table shows %d “Sent” cells" % len(sent_cells))


# ---- the Outbox ------------------------------------------------------------

files = os.listdir(outbox_new) if os.path.isdir(outbox_new) else []
if len(files) != EXPECTED:
    fail("the Outbox has %d files in new/, not %d" % (len(files), EXPECTED))
ok("the Outbox Maildir has %d messages in new/" % len(files))


# ---- closing the window while a campaign sends -------------------------------

cli("account", "add", SLOW_ACCOUNT, "--quiet-hours", "off", "--host", "127.0.0.1", "--port", str(smtp_port),
    "--security", "none", "--from", "Herald Test <sender@example.com>", "--rate", SLOW_RATE,
    "--unsubscribe", "https://example.com/unsubscribe")   # the sample's footer shows one
ok("herald-cli added the account “%s” (%s) while the window is open" % (SLOW_ACCOUNT, SLOW_RATE))

cli("campaign", "create", BACKGROUND, "--template", "Sample newsletter", "--list", "Sample customers",
    "--account", SLOW_ACCOUNT)
ok("herald-cli prepared “%s” on that account" % BACKGROUND)

uitest.switch_to(tabs, "Lists")      # the Campaigns page reloads its campaigns when shown again
uitest.switch_to(tabs, "Campaigns")
uitest.select_campaign(window, BACKGROUND)
resume = wait_for("the Resume button", lambda: uitest.resume_buttons(window))[0]
resume.doActionNamed("click")
ok("selected “%s” and clicked Resume: the window sends it" % BACKGROUND)


def chart():
    return [n for n in find_all(window, "image", name="Sends over time")
            if is_drawn(n) and (n.description or "").startswith("Sending ")]


node = wait_for("the chart “Sends over time” saying the rate", chart, timeout=20)[0]
ok("the chart is there: “%s”" % node.description)
if smtp_messages() >= EXPECTED:
    fail("the paced campaign was already sent before the window could be closed")

close = wait_for("the window's Close button",
                 lambda: [b for b in find_all(window, "push button", name="Close") if is_drawn(b)])[0]
close.doActionNamed("click")


def keep_button():
    return [b for b in find_all(app, "push button", name="Keep Sending in the Background") if is_drawn(b)]


keep = wait_for("the dialog asking whether to keep sending", keep_button, timeout=15)[0]
for name in ["Pause and Close", "Cancel"]:
    if not find_all(keep.parent, "push button", name=name) and not find_all(app, "push button", name=name):
        fail("the dialog has no “%s” button" % name)
keep.doActionNamed("click")
sent_at_close = smtp_messages()
ok("chose “Keep Sending in the Background” with %d of %d delivered" % (sent_at_close, EXPECTED))
if sent_at_close >= EXPECTED:
    fail("everything was sent before the window closed: nothing was left to send in the background")

wait_for("the window to hide",
         lambda: not [w for w in app.children if w.roleName == "frame" and w.name == "Herald" and
                      has_state(w, pyatspi.STATE_VISIBLE)], timeout=10)
ok("the window is hidden; Herald is still running")

# Herald ends by itself once the sender has: no window shown, nothing killed.
uitest.wait_exit("sending in the background", timeout=60)
ok("Herald exited by itself (status 0) after sending in the background")

with sqlite3.connect(db_path, timeout=30) as db:
    row = db.execute("SELECT id, state FROM campaigns WHERE name = ?", (BACKGROUND,)).fetchone()
    if row is None:
        fail("the database has no campaign “%s”" % BACKGROUND)
    campaign_id, state = row
    by_state = dict(db.execute("SELECT state, count(*) FROM deliveries WHERE campaign_id = ? GROUP BY state",
                             (campaign_id,)).fetchall())
if state != "done" or by_state != {"sent": EXPECTED}:
    fail("after the background send the campaign is “%s” with deliveries %r" % (state, by_state))
ok("the database: campaign “%s” done, %d deliveries sent" % (BACKGROUND, EXPECTED))
if smtp_messages() != EXPECTED:
    fail("the SMTP server got %d messages, not %d" % (smtp_messages(), EXPECTED))
ok("the SMTP server got %d messages" % EXPECTED)


# ---- the notification ------------------------------------------------------

notes = uitest.read_notifications(notifications_log)
mine = [n for n in notes if BACKGROUND in n["notification"].get("title", "")]
if not mine:
    fail("no notification about “%s”; got %r" % (BACKGROUND, notes))
note = mine[-1]["notification"]
if not note.get("body", "").startswith("Sent %d · " % EXPECTED):
    fail("the notification says “%s”" % note.get("body"))
if note.get("default-action") != "app.show-campaign" or note.get("default-action-target") != ["results", campaign_id]:
    fail("the notification's action is %r with %r" % (note.get("default-action"), note.get("default-action-target")))
ok("notified: “%s” — %s" % (note["title"], note["body"]))

# A shell activates the action on the application; here, a new Herald.
app, window = uitest.start_herald(log_path, append=True)
page, target_id = note["default-action-target"]
uitest.gdbus_activate("show-campaign", "('%s', int64 %d)" % (page, target_id),
                      method="org.freedesktop.Application.ActivateAction")
tabs = uitest.page_tabs(window)
wait_for("the Results page shown", lambda: has_state(tabs["Results"], pyatspi.STATE_SELECTED), timeout=30)
dropdown = wait_for("the campaign drop-down", lambda: find_all(window, "combo box", name="Campaign"))[0]
wait_for("“%s” chosen on the Results page" % BACKGROUND,
         lambda: [l for l in find_all(dropdown, "label", name=BACKGROUND)], timeout=30)
text = wait_for("the results' counts", result_counts, timeout=30)[0]
if not text.startswith("Sent %d · Queued 0 · Deferred 0 · Failed 0 · Uncertain 0" % EXPECTED):
    fail("the Results page says “%s” for “%s”" % (text, BACKGROUND))
ok("the notification's action shows “%s” on the Results page: %s" % (BACKGROUND, text))

uitest.stop()
print("ok - all done", flush=True)
