#!/usr/bin/python3
# test-campaign.py — the sample campaign sent through the window, driven
# like a person through AT-SPI: on a fresh database (sample list, sample
# template, the built-in Outbox) the Campaigns page shows the pre-send
# summary, "Create & Send" sends it through the Outbox (HERALD_OUTBOX, set
# by run-ui-test.sh), the live view ends with 12 sent, the Results page
# shows "Sent 12" and its deliveries, and the Outbox Maildir holds 12
# messages in new/.
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI, HERALD_DB, HERALD_OUTBOX; HERALD_APP_ID is optional.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import signal
import subprocess
import sys
import tempfile
import time

DEADLINE = 120          # seconds for the whole test
APP_ID = os.environ.get("HERALD_APP_ID", "io.github.heraldmail.Herald")
OBJECT_PATH = "/" + APP_ID.replace(".", "/")   # where GApplication exports its actions
CAMPAIGN = "UI test campaign"
EXPECTED = 12           # the sample list's subscribed contacts

herald = None
log_path = None


def stop_herald():
    if herald is not None and herald.poll() is None:
        herald.kill()
        herald.wait()


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

for var in ["HERALD_UI", "HERALD_DB", "HERALD_OUTBOX"]:
    if not os.environ.get(var):
        fail("%s must be set (run through meson test and run-ui-test.sh)" % var)
if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
    fail("no D-Bus session: run through run-ui-test.sh")
exe = os.environ["HERALD_UI"]
outbox_new = os.path.join(os.environ["HERALD_OUTBOX"], "new")

log_path = os.path.join(os.environ.get("HERALD_TEST_TMPDIR") or tempfile.mkdtemp(), "herald.log")
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

stop_herald()
print("ok - all done", flush=True)
