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
# caught by test-campaign.py's mock of org.gtk.Notifications on the test's
# session bus (see there).
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI, HERALD_CLI, HERALD_SRCDIR, HERALD_DB;
# HERALD_APP_ID is optional.
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

DEADLINE = 140          # seconds for the whole test (run-ui-test.sh allows 150)
APP_ID = os.environ.get("HERALD_APP_ID", "io.github.heraldmail.Herald")
RECIPIENTS = 12         # the sample list's subscribed contacts
ACCOUNT = "paced"

herald = None
server = None
log_path = None
helpers = []            # the fault server and the notification mock


def stop_all():
    if herald is not None and herald.poll() is None:
        herald.kill()
        herald.wait()
    for process in [server] + helpers:
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait()


def show_log():
    if log_path and os.path.exists(log_path):
        with open(log_path, encoding="utf-8", errors="replace") as f:
            text = f.read().strip()
        if text:
            print("---- herald's output ----\n" + text + "\n----", file=sys.stderr)


def fail(message):
    print("not ok - " + message, file=sys.stderr)
    stop_all()
    show_log()
    sys.exit(1)


signal.signal(signal.SIGALRM, lambda *a: fail("the test did not finish within %d seconds" % DEADLINE))
signal.alarm(DEADLINE)
START = time.monotonic()


def ok(message):
    print("ok - %s [%.1f s]" % (message, time.monotonic() - START), flush=True)


def wait_for(what, check, timeout=20.0, interval=0.2):
    """Polls check() until it returns something true; fails after timeout."""
    end = time.monotonic() + timeout
    while True:
        if herald is not None and herald.poll() is not None:
            fail("herald exited (status %d) while waiting for %s" % (herald.returncode, what))
        try:
            result = check()
        except Exception as e:          # the tree changes under our feet
            result = None
            last_error = e
        else:
            last_error = None
        if result:
            return result
        if time.monotonic() > end:
            detail = " (%s)" % last_error if last_error else ""
            fail("timed out waiting for %s%s" % (what, detail))
        time.sleep(interval)


for var in ["HERALD_UI", "HERALD_CLI", "HERALD_SRCDIR", "HERALD_DB"]:
    if not os.environ.get(var):
        fail("%s must be set (run through meson test and run-ui-test.sh)" % var)
if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
    fail("no D-Bus session: run through run-ui-test.sh")
exe = os.environ["HERALD_UI"]
db_path = os.environ["HERALD_DB"]
tmp = os.environ.get("HERALD_TEST_TMPDIR") or tempfile.mkdtemp()
log_path = os.path.join(tmp, "herald.log")

from dogtail.config import config  # noqa: E402
config.checkForA11y = False         # dogtail refuses to start otherwise
config.logDebugToFile = False
config.searchCutoffCount = 1        # wait_for() does the waiting
config.defaultDelay = 0.2
config.actionDelay = 0.2
from dogtail import tree            # noqa: E402
import pyatspi                      # noqa: E402


def find_all(root, role, name=None):
    return root.findChildren(lambda n: n.roleName == role and (name is None or n.name == name), recursive=True)


def is_drawn(node):
    e = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return e.width > 0 and e.height > 0


def herald_app():
    for app in tree.root.applications():
        if app.name == "herald":
            return app
    return None


def cli(*args):
    result = subprocess.run([os.environ["HERALD_CLI"], "--db", db_path] + list(args),
                            capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        fail("herald-cli %s: %s" % (" ".join(args), result.stderr.strip()))
    return result.stdout


# ---- the server, the account, the campaigns ----------------------------------

smtp_maildir = os.path.join(tmp, "smtp-maildir")
server = subprocess.Popen(["/usr/bin/python3",
                           os.path.join(os.environ["HERALD_SRCDIR"], "tests", "integration", "maildir-smtp-server.py"),
                           smtp_maildir, os.path.join(tmp, "smtp.log")],
                          stdout=subprocess.PIPE, text=True)
line = server.stdout.readline().split()
if len(line) != 2 or line[0] != "PORT":
    fail("the SMTP server did not start")
port = int(line[1])


def received():
    folder = os.path.join(smtp_maildir, "new")
    return len(os.listdir(folder)) if os.path.isdir(folder) else 0


cli("init", "--demo")
cli("account", "add", ACCOUNT, "--host", "127.0.0.1", "--port", str(port), "--security", "none",
    "--from", "Herald Test <sender@example.com>", "--rate", "30/min")
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
    global herald
    herald = subprocess.Popen([exe], stdout=open(log_path, "a"), stderr=subprocess.STDOUT)
    app = wait_for("the application in the accessibility tree", herald_app)
    window = wait_for("the main window",
                      lambda: [w for w in app.children if w.roleName == "frame" and w.name == "Herald"])[0]
    wait_for("the sample list", lambda: find_all(window, "list", "Address lists"), timeout=30)
    tab = wait_for("the Campaigns tab",
                   lambda: [t for t in find_all(window, "page tab", "Campaigns") if is_drawn(t)])[0]
    tab.doActionNamed("click")
    campaigns = wait_for("the list of campaigns", lambda: find_all(window, "list", "Campaigns"))[0]

    def select():
        rows = [r for r in campaigns.children if r.roleName == "list item"]
        for i, row in enumerate(rows):
            if row.findChildren(lambda n: n.name == name, recursive=True):
                campaigns.querySelection().selectChild(i)
                return [l for l in find_all(window, "label", name) if l.description == "Selected campaign"]
        return None

    wait_for("“%s” selected" % name, select, timeout=30, interval=0.5)
    resume = wait_for("the Resume button",
                      lambda: [b for b in find_all(window, "push button", "Resume")
                               if b.getState().contains(pyatspi.STATE_SENSITIVE)])[0]
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
try:
    status = herald.wait(timeout=30)
except subprocess.TimeoutExpired:
    fail("Herald did not exit after “Pause and Close”")
if status != 0:
    fail("Herald exited with status %d after “Pause and Close”" % status)
ok("“Pause and Close”: Herald exited by itself")
time.sleep(1.5)         # nothing may arrive after the pause
check_paused("Paused by closing", "Pause and Close")

# ---- SIGTERM -------------------------------------------------------------------

sent_before = received()
app, window = start_sending("Paused by SIGTERM")
ok("a new Herald sends “Paused by SIGTERM”")
herald.send_signal(signal.SIGTERM)
try:
    status = herald.wait(timeout=30)
except subprocess.TimeoutExpired:
    fail("Herald did not exit after SIGTERM")
if status != 0:
    fail("Herald exited with status %d after SIGTERM" % status)
ok("SIGTERM: Herald exited by itself")
time.sleep(1.5)
check_paused("Paused by SIGTERM", "SIGTERM")

# ---- a fault while sending in the background ----------------------------------

notifications_log = os.path.join(tmp, "notifications.jsonl")
mock = subprocess.Popen(["/usr/bin/python3", os.path.join(os.path.dirname(os.path.abspath(__file__)), "test-campaign.py"),
                         "--fake-notifications", notifications_log], stdout=subprocess.PIPE, text=True)
helpers.append(mock)
if mock.stdout.readline().strip() != "READY":
    fail("the org.gtk.Notifications mock did not start")
faults = subprocess.Popen(["/usr/bin/python3",
                           os.path.join(os.environ["HERALD_SRCDIR"], "tests", "integration", "fault-smtp-server.py"),
                           os.path.join(tmp, "fault-maildir"), os.path.join(tmp, "fault.log")],
                          stdout=subprocess.PIPE, text=True)
helpers.append(faults)
line = faults.stdout.readline().split()
if len(line) != 2 or line[0] != "PORT":
    fail("the fault-injecting SMTP server did not start")
people = os.path.join(tmp, "faulty.csv")
with open(people, "w", encoding="utf-8") as f:
    f.write("email,name,会社名,city\n")          # the fields the sample template uses
    for i in range(7):
        f.write("ok%d@example.com,Person %d,Shop %d,Tokyo\n" % (i, i, i))
    f.write("p554-blocked@example.com,Blocked,Shop 7,Osaka\n")
cli("import", people, "--list", "Faulty")
cli("account", "add", "faulty", "--host", "127.0.0.1", "--port", line[1], "--security", "none",
    "--from", "Herald Test <sender@example.com>", "--rate", "30/min")
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
try:
    status = herald.wait(timeout=45)
except subprocess.TimeoutExpired:
    fail("Herald did not exit after the fault")
if status != 0:
    fail("Herald exited with status %d after the fault" % status)
with sqlite3.connect(db_path, timeout=30) as db:
    cid, state, reason = db.execute("SELECT id, state, pause_reason FROM campaigns WHERE name = ?",
                                    (FAULTY,)).fetchone()
if state != "paused" or not reason:
    fail("after the fault “%s” is %s (reason %r)" % (FAULTY, state, reason))
ok("the fault paused “%s”: %s" % (FAULTY, reason))
with open(notifications_log, encoding="utf-8") as f:
    notes = [json.loads(l)["notification"] for l in f if l.strip()]
notes = [n for n in notes if FAULTY in n.get("title", "")]
if not notes:
    fail("no notification about “%s”" % FAULTY)
note = notes[-1]
if reason not in note.get("body", "") or note.get("priority") != "high":
    fail("the notification says %r" % note)
if note.get("default-action") != "app.show-campaign" or note.get("default-action-target") != ["campaigns", cid]:
    fail("the notification's action is %r with %r" % (note.get("default-action"), note.get("default-action-target")))
ok("notified: “%s” — %s" % (note["title"], note["body"]))

stop_all()
print("ok - all done", flush=True)
