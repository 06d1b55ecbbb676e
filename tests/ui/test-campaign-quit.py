#!/usr/bin/python3
# test-campaign-quit.py — quitting while a campaign sends loses nothing:
# two campaigns prepared with herald-cli go to an account paced at a
# message every 2 seconds (aiosmtpd on loopback takes the mail). The first is
# sent from the window and the window closed with “Pause and Close”: Herald
# pauses it through the engine and exits by itself. The second is sent
# from a new Herald, which then gets SIGTERM (a logout): it pauses the
# same way and exits. Each time the database (read with sqlite3) has the
# campaign paused with no delivery left “sending” or “uncertain”, and as
# many sent as the server received.
#
# Last, a fault while sending in the background: a campaign to a list whose
# last address the server refuses with 554 5.7.1 (a policy block, which
# pauses the whole campaign; tests/integration/fault-smtp-server.py), the
# window closed with “Keep Sending in the Background”. The fault pauses it,
# a notification gives the reason, and Herald exits. The notification is
# caught by a stand-in for org.gtk.Notifications on the test's session bus
# (fake-notifications.py).
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI, HERALD_CLI, HERALD_SRCDIR, HERALD_DB;
# HERALD_APP_ID is optional.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import signal
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli, is_drawn  # noqa: E402

RECIPIENTS = 12         # the sample list's subscribed contacts
ACCOUNT = "paced"

uitest.set_deadline(140)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_SRCDIR", "HERALD_DB")
db_path = os.environ["HERALD_DB"]
tmp = uitest.tmp_dir()
log_path = os.path.join(tmp, "herald.log")


# ---- the server, the account, the campaigns ----------------------------------

smtp_maildir = os.path.join(tmp, "smtp-maildir")
server, port = uitest.start_server("maildir-smtp-server.py", [smtp_maildir, os.path.join(tmp, "smtp.log")])


def received():
    folder = os.path.join(smtp_maildir, "new")
    return len(os.listdir(folder)) if os.path.isdir(folder) else 0


cli("init", "--demo")
cli("account", "add", ACCOUNT, "--quiet-hours", "off", "--host", "127.0.0.1", "--port", str(port), "--security", "none",
    "--from", "Herald Test <sender@example.com>", "--rate", "30/min",
    "--unsubscribe", "https://example.com/unsubscribe")   # the sample's footer shows one
for name in ["Paused by closing", "Paused by SIGTERM"]:
    cli("campaign", "create", name, "--template", "Sample newsletter", "--list", "Sample customers",
        "--account", ACCOUNT)
ok("herald-cli prepared two campaigns for “%s” (30/min), aiosmtpd on 127.0.0.1:%d" % (ACCOUNT, port))


def campaign_state(name):
    with sqlite3.connect(db_path, timeout=30) as db:
        cid, state = db.execute("SELECT id, state FROM campaigns WHERE name = ?", (name,)).fetchone()
        counts = dict(db.execute("SELECT state, count(*) FROM deliveries WHERE campaign_id = ? GROUP BY state",
                                 (cid,)).fetchall())
    return state, counts


def start_sending(name, first_arrived=None):
    """A new Herald, the campaign selected on the Campaigns page, Resume;
    returns when the first message is at the server."""
    app, window = uitest.start_herald(log_path, append=True)
    wait_for("the sample list", lambda: find_all(window, "list", "Address lists"), timeout=30)
    uitest.switch_to(uitest.page_tabs(window), "Campaigns")
    uitest.select_campaign(window, name)
    resume = wait_for("the Resume button", lambda: uitest.resume_buttons(window))[0]
    resume.doActionNamed("click")
    wait_for("the first message at the server", first_arrived or (lambda: received() > sent_before), timeout=20)
    return app, window


def check_paused(name, how):
    state, counts = campaign_state(name)
    sent = counts.get("sent", 0)
    if state != "paused":
        fail("after %s “%s” is %s, not paused (%r)" % (how, name, state, counts))
    if counts.get("sending") or counts.get("uncertain"):
        fail("after %s “%s” has deliveries left sending or uncertain: %r" % (how, name, counts))
    if not 0 < sent < RECIPIENTS or sent + counts.get("queued", 0) != RECIPIENTS:
        fail("after %s “%s” has %r" % (how, name, counts))
    if received() - sent_before != sent:
        fail("the server got %d messages for “%s”, the database says %d sent" % (received() - sent_before, name, sent))
    ok("after %s “%s” is paused: %d sent (as many as the server got), %d queued, none uncertain"
       % (how, name, sent, counts.get("queued", 0)))


# ---- Pause and Close -----------------------------------------------------------

sent_before = 0
app, window = start_sending("Paused by closing")
ok("the window sends “Paused by closing”")
close = wait_for("the window's Close button",
                 lambda: [b for b in find_all(window, "push button", "Close") if is_drawn(b)])[0]
close.doActionNamed("click")
pause = wait_for("the dialog's “Pause and Close”",
                 lambda: [b for b in find_all(app, "push button", "Pause and Close") if is_drawn(b)], timeout=15)[0]
pause.doActionNamed("click")
uitest.wait_exit("“Pause and Close”", timeout=30)
ok("“Pause and Close”: Herald exited by itself")
time.sleep(1.5)         # nothing may arrive after the pause
check_paused("Paused by closing", "Pause and Close")

# ---- SIGTERM -------------------------------------------------------------------

sent_before = received()
app, window = start_sending("Paused by SIGTERM")
ok("a new Herald sends “Paused by SIGTERM”")
uitest.herald().send_signal(signal.SIGTERM)
uitest.wait_exit("SIGTERM", timeout=30)
ok("SIGTERM: Herald exited by itself")
time.sleep(1.5)
check_paused("Paused by SIGTERM", "SIGTERM")

# ---- a fault while sending in the background ----------------------------------

notifications_log = uitest.start_notifications()
faults, fault_port = uitest.start_server("fault-smtp-server.py",
                                         [os.path.join(tmp, "fault-maildir"), os.path.join(tmp, "fault.log")],
                                         what="the fault-injecting SMTP server")
people = os.path.join(tmp, "faulty.csv")
with open(people, "w", encoding="utf-8") as f:
    f.write("email,name,会社名,city\n")          # the fields the sample template uses
    for i in range(7):
        f.write("ok%d@example.com,Person %d,Shop %d,Tokyo\n" % (i, i, i))
    f.write("p554-blocked@example.com,Blocked,Shop 7,Osaka\n")
cli("import", people, "--list", "Faulty")
cli("account", "add", "faulty", "--quiet-hours", "off", "--host", "127.0.0.1", "--port", str(fault_port), "--security", "none",
    "--from", "Herald Test <sender@example.com>", "--rate", "30/min",
    "--unsubscribe", "https://example.com/unsubscribe")   # the sample's footer shows one
FAULTY = "Paused by a fault"
cli("campaign", "create", FAULTY, "--template", "Sample newsletter", "--list", "Faulty", "--account", "faulty")
ok("a mock org.gtk.Notifications; “%s” to a server that blocks its last address" % FAULTY)

def fault_server_accepted():
    path = os.path.join(tmp, "fault.log")
    if not os.path.exists(path):
        return 0
    with open(path, encoding="utf-8") as f:
        return sum(1 for l in f if '"accepted"' in l)


app, window = start_sending(FAULTY, lambda: fault_server_accepted() > 0)
close = wait_for("the window's Close button",
                 lambda: [b for b in find_all(window, "push button", "Close") if is_drawn(b)])[0]
close.doActionNamed("click")
keep = wait_for("the dialog's “Keep Sending in the Background”",
                lambda: [b for b in find_all(app, "push button", "Keep Sending in the Background") if is_drawn(b)],
                timeout=15)[0]
keep.doActionNamed("click")
ok("“%s” sends in the background" % FAULTY)
uitest.wait_exit("the fault", timeout=45)
with sqlite3.connect(db_path, timeout=30) as db:
    cid, state, reason = db.execute("SELECT id, state, pause_reason FROM campaigns WHERE name = ?",
                                    (FAULTY,)).fetchone()
if state != "paused" or not reason:
    fail("after the fault “%s” is %s (reason %r)" % (FAULTY, state, reason))
ok("the fault paused “%s”: %s" % (FAULTY, reason))
notes = [n["notification"] for n in uitest.read_notifications(notifications_log)]
notes = [n for n in notes if FAULTY in n.get("title", "")]
if not notes:
    fail("no notification about “%s”" % FAULTY)
note = notes[-1]
if reason not in note.get("body", "") or note.get("priority") != "high":
    fail("the notification says %r" % note)
if note.get("default-action") != "app.show-campaign" or note.get("default-action-target") != ["campaigns", cid]:
    fail("the notification's action is %r with %r" % (note.get("default-action"), note.get("default-action-target")))
ok("notified: “%s” — %s" % (note["title"], note["body"]))

uitest.stop()
print("ok - all done", flush=True)
