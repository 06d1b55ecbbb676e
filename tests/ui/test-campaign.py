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
# checked through a stand-in for the desktop's notification server: this
# script, run with --fake-notifications, owns org.gtk.Notifications on the
# test's session bus (GApplication uses it when it is there) and logs what
# it gets. That notification's own action and target, activated the way
# a desktop shell does (org.freedesktop.Application.ActivateAction) on a
# new Herald, show the campaign on the Results page with 12 sent.
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI, HERALD_CLI, HERALD_SRCDIR, HERALD_DB,
# HERALD_OUTBOX; HERALD_APP_ID is optional.
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
OBJECT_PATH = "/" + APP_ID.replace(".", "/")   # where GApplication exports its actions
CAMPAIGN = "UI test campaign"
EXPECTED = 12           # the sample list's subscribed contacts
BACKGROUND = "UI background campaign"
SLOW_ACCOUNT = "slow"
SLOW_RATE = "30/min"    # a message every 2 s: the send lasts about 22 s

NOTIFICATIONS_XML = """
<node>
  <interface name="org.gtk.Notifications">
    <method name="AddNotification">
      <arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="a{sv}" direction="in"/>
    </method>
    <method name="RemoveNotification">
      <arg type="s" direction="in"/><arg type="s" direction="in"/>
    </method>
  </interface>
</node>
"""


def fake_notifications(log_file):
    """A mock of the desktop's org.gtk.Notifications (GNOME Shell has it):
    logs each AddNotification as a JSON line. Prints READY when it owns
    the name."""
    from gi.repository import Gio, GLib
    node = Gio.DBusNodeInfo.new_for_xml(NOTIFICATIONS_XML)
    out = open(log_file, "a", buffering=1)

    def on_call(conn, sender, path, iface, method, params, invocation):
        if method == "AddNotification":
            app_id, nid, notification = params.unpack()
            out.write(json.dumps({"app": app_id, "id": nid, "notification": notification}) + "\n")
        invocation.return_value(None)

    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    bus.register_object("/org/gtk/Notifications", node.interfaces[0], on_call)
    Gio.bus_own_name_on_connection(bus, "org.gtk.Notifications", Gio.BusNameOwnerFlags.NONE,
                                   lambda *a: print("READY", flush=True), lambda *a: sys.exit(1))
    loop = GLib.MainLoop()
    signal.signal(signal.SIGTERM, lambda *a: loop.quit())
    loop.run()


if len(sys.argv) == 3 and sys.argv[1] == "--fake-notifications":
    fake_notifications(sys.argv[2])
    sys.exit(0)

herald = None
log_path = None
helpers = []            # the SMTP server and the notification mock


def stop_herald():
    if herald is not None and herald.poll() is None:
        herald.kill()
        herald.wait()
    for process in helpers:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()


def show_log():
    if log_path and os.path.exists(log_path):
        with open(log_path, encoding="utf-8", errors="replace") as f:
            text = f.read().strip()
        if text:
            print("---- herald's output ----\n" + text + "\n----", file=sys.stderr)


def fail(message):
    print("not ok - " + message, file=sys.stderr)
    stop_herald()
    show_log()
    sys.exit(1)


def on_deadline(signum, frame):
    fail("the test did not finish within %d seconds" % DEADLINE)


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


def gdbus_activate(action, parameter=None, expect_reply=True):
    args = ["gdbus", "call", "--session", "--dest", APP_ID,
            "--object-path", OBJECT_PATH,
            "--method", "org.gtk.Actions.Activate", action,
            "[<%s>]" % parameter if parameter is not None else "[]", "{}"]
    result = subprocess.run(args, capture_output=True, text=True, timeout=15)
    if expect_reply and result.returncode != 0:
        fail("gdbus %s failed: %s" % (action, result.stderr.strip()))


def bus_name_owned():
    result = subprocess.run(
        ["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
         "--object-path", "/org/freedesktop/DBus",
         "--method", "org.freedesktop.DBus.NameHasOwner", APP_ID],
        capture_output=True, text=True, timeout=5)
    return "true" in result.stdout


signal.signal(signal.SIGALRM, on_deadline)
signal.alarm(DEADLINE)

exe = os.environ.get("HERALD_UI")
builddir = os.environ.get("HERALD_BUILDDIR")
if not exe or not builddir:
    fail("HERALD_UI and HERALD_BUILDDIR must be set (run through run-ui-test.sh)")
if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
    fail("no D-Bus session: run through run-ui-test.sh")

from dogtail.config import config  # noqa: E402
config.checkForA11y = False         # dogtail refuses to start otherwise
config.logDebugToFile = False
config.searchCutoffCount = 1        # wait_for() does the waiting
config.defaultDelay = 0.2
config.actionDelay = 0.2
from dogtail import tree            # noqa: E402
import pyatspi                      # noqa: E402


def states(node):
    return node.getState()


def has_state(node, state):
    return states(node).contains(state)


def extents(node):
    e = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return (e.x, e.y, e.width, e.height)


def is_drawn(node):
    """GTK 4.8 reports neither SHOWING for children nor hides the pages of a
    stack, but a page that was never shown has never been given a size."""
    return extents(node)[2] > 0 and extents(node)[3] > 0


def find_all(root, role, name=None, contains=None):
    def match(n):
        if n.roleName != role:
            return False
        if name is not None and n.name != name:
            return False
        if contains is not None and contains not in (n.name or ""):
            return False
        return True
    return root.findChildren(match, recursive=True)


def herald_app():
    for app in tree.root.applications():
        if app.name == "herald":
            return app
    return None



# ---- start ---------------------------------------------------------------

for var in ["HERALD_UI", "HERALD_CLI", "HERALD_SRCDIR", "HERALD_DB", "HERALD_OUTBOX"]:
    if not os.environ.get(var):
        fail("%s must be set (run through meson test and run-ui-test.sh)" % var)
if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
    fail("no D-Bus session: run through run-ui-test.sh")
exe = os.environ["HERALD_UI"]
db_path = os.environ["HERALD_DB"]
outbox_new = os.path.join(os.environ["HERALD_OUTBOX"], "new")
tmp = os.environ.get("HERALD_TEST_TMPDIR") or tempfile.mkdtemp()


# The notification mock first: GApplication looks for it when it sends.
notifications_log = os.path.join(tmp, "notifications.jsonl")
mock = subprocess.Popen(["/usr/bin/python3", os.path.abspath(__file__), "--fake-notifications", notifications_log],
                        stdout=subprocess.PIPE, text=True)
helpers.append(mock)
if mock.stdout.readline().strip() != "READY":
    fail("the org.gtk.Notifications mock did not start")
ok("a mock org.gtk.Notifications is on the session bus")

smtp_maildir = os.path.join(tmp, "smtp-maildir")
server = subprocess.Popen(["/usr/bin/python3",
                           os.path.join(os.environ["HERALD_SRCDIR"], "tests", "integration", "maildir-smtp-server.py"),
                           smtp_maildir, os.path.join(tmp, "smtp.log")],
                          stdout=subprocess.PIPE, text=True)
helpers.append(server)
line = server.stdout.readline().split()
if len(line) != 2 or line[0] != "PORT":
    fail("the SMTP server did not start")
smtp_port = int(line[1])
ok("aiosmtpd listens on 127.0.0.1:%d" % smtp_port)


def smtp_messages():
    folder = os.path.join(smtp_maildir, "new")
    return len(os.listdir(folder)) if os.path.isdir(folder) else 0


log_path = os.path.join(tmp, "herald.log")
log = open(log_path, "w")
herald = subprocess.Popen([exe], stdout=log, stderr=subprocess.STDOUT)

wait_for("the application on the session bus", bus_name_owned)
app = wait_for("the application in the accessibility tree", herald_app)
window = wait_for("the main window",
                  lambda: [w for w in app.children if w.roleName == "frame" and w.name == "Herald"])[0]
ok("the window is open")

PAGES = ["Lists", "Templates", "Campaigns", "Results"]


def header_tabs():
    tabs = {}
    for tab in find_all(window, "page tab"):
        if tab.name in PAGES and tab.name not in tabs and is_drawn(tab):
            tabs[tab.name] = tab
    return tabs if len(tabs) == len(PAGES) else None


tabs = wait_for("the view switcher", header_tabs)
# The database opens in a worker thread; the sample list shows when it has.
address_lists = wait_for("the list of address lists",
                         lambda: find_all(window, "list", name="Address lists"))[0]
wait_for("the sample list", lambda: find_all(address_lists, "list item"), timeout=30)


def switch_to(page):
    tabs[page].doActionNamed("click")
    wait_for("“%s” to be the selected page" % page,
             lambda: has_state(tabs[page], pyatspi.STATE_SELECTED))


# ---- the Campaigns page ----------------------------------------------------

switch_to("Campaigns")
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

switch_to("Results")


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

def cli(*args):
    result = subprocess.run([os.environ["HERALD_CLI"], "--db", db_path] + list(args),
                            capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        fail("herald-cli %s: %s" % (" ".join(args), result.stderr.strip()))
    return result.stdout


cli("account", "add", SLOW_ACCOUNT, "--host", "127.0.0.1", "--port", str(smtp_port),
    "--security", "none", "--from", "Herald Test <sender@example.com>", "--rate", SLOW_RATE)
ok("herald-cli added the account “%s” (%s) while the window is open" % (SLOW_ACCOUNT, SLOW_RATE))

cli("campaign", "create", BACKGROUND, "--template", "Sample newsletter", "--list", "Sample customers",
    "--account", SLOW_ACCOUNT)
ok("herald-cli prepared “%s” on that account" % BACKGROUND)

switch_to("Lists")      # the Campaigns page reloads its campaigns when shown again
switch_to("Campaigns")
campaign_list = wait_for("the list of campaigns", lambda: find_all(window, "list", name="Campaigns"))[0]


def select_background():
    rows = [r for r in campaign_list.children if r.roleName == "list item"]
    for i, row in enumerate(rows):
        if row.findChildren(lambda n: n.name == BACKGROUND, recursive=True):
            campaign_list.querySelection().selectChild(i)
            return [l for l in find_all(window, "label", name=BACKGROUND)
                    if l.description == "Selected campaign"]
    return None


wait_for("“%s” selected in the campaigns list" % BACKGROUND, select_background, timeout=30, interval=0.5)
resume = wait_for("the Resume button",
                  lambda: [b for b in find_all(window, "push button", name="Resume")
                           if has_state(b, pyatspi.STATE_SENSITIVE)])[0]
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
try:
    status = herald.wait(timeout=60)
except subprocess.TimeoutExpired:
    fail("Herald did not exit after sending in the background")
if status != 0:
    fail("Herald exited with status %d after sending in the background" % status)
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

def read_notifications():
    if not os.path.exists(notifications_log):
        return []
    with open(notifications_log, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


mine = [n for n in read_notifications() if BACKGROUND in n["notification"].get("title", "")]
if not mine:
    fail("no notification about “%s”; got %r" % (BACKGROUND, read_notifications()))
note = mine[-1]["notification"]
if not note.get("body", "").startswith("Sent %d · " % EXPECTED):
    fail("the notification says “%s”" % note.get("body"))
if note.get("default-action") != "app.show-campaign" or note.get("default-action-target") != ["results", campaign_id]:
    fail("the notification's action is %r with %r" % (note.get("default-action"), note.get("default-action-target")))
ok("notified: “%s” — %s" % (note["title"], note["body"]))

# A shell activates the action on the application; here, a new Herald.
log = open(log_path, "a")
herald = subprocess.Popen([exe], stdout=log, stderr=subprocess.STDOUT)
wait_for("Herald on the session bus again", bus_name_owned)
page, target_id = note["default-action-target"]
result = subprocess.run(["gdbus", "call", "--session", "--dest", APP_ID, "--object-path", OBJECT_PATH,
                         "--method", "org.freedesktop.Application.ActivateAction", "show-campaign",
                         "[<('%s', int64 %d)>]" % (page, target_id), "{}"],
                        capture_output=True, text=True, timeout=15)
if result.returncode != 0:
    fail("activating app.show-campaign failed: %s" % result.stderr.strip())
app = wait_for("the application in the accessibility tree", herald_app)
window = wait_for("the main window",
                  lambda: [w for w in app.children if w.roleName == "frame" and w.name == "Herald"])[0]
tabs = wait_for("the view switcher", header_tabs)
wait_for("the Results page shown", lambda: has_state(tabs["Results"], pyatspi.STATE_SELECTED), timeout=30)
dropdown = wait_for("the campaign drop-down", lambda: find_all(window, "combo box", name="Campaign"))[0]
wait_for("“%s” chosen on the Results page" % BACKGROUND,
         lambda: [l for l in find_all(dropdown, "label", name=BACKGROUND)], timeout=30)
text = wait_for("the results' counts", result_counts, timeout=30)[0]
if not text.startswith("Sent %d · Queued 0 · Deferred 0 · Failed 0 · Uncertain 0" % EXPECTED):
    fail("the Results page says “%s” for “%s”" % (text, BACKGROUND))
ok("the notification's action shows “%s” on the Results page: %s" % (BACKGROUND, text))

stop_herald()
print("ok - all done", flush=True)
