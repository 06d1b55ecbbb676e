#!/usr/bin/python3
# smoke.py — the real Herald window, driven like a person through AT-SPI:
# it opens on the sample data, its four pages are reachable by name, the
# sample list shows its Japanese contacts, and a picture of the window is
# written to the build folder (tests/ui/smoke-window.png).
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI and HERALD_BUILDDIR; HERALD_APP_ID is optional.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import signal
import struct
import subprocess
import sys
import tempfile
import time

DEADLINE = 90           # seconds for the whole test
APP_ID = os.environ.get("HERALD_APP_ID", "io.github.heraldmail.Herald")
OBJECT_PATH = "/" + APP_ID.replace(".", "/")   # where GApplication exports its actions
SAMPLE_LIST = "Sample customers"
JAPANESE_NAME = "山田"

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


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


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

log_path = os.path.join(os.environ.get("HERALD_TEST_TMPDIR") or tempfile.mkdtemp(), "herald.log")
log = open(log_path, "w")
herald = subprocess.Popen([exe], stdout=log, stderr=subprocess.STDOUT)

wait_for("the application on the session bus", bus_name_owned)
app = wait_for("the application in the accessibility tree", herald_app)
window = wait_for("the main window",
                  lambda: [w for w in app.children if w.roleName == "frame" and w.name == "Herald"])[0]
ok("the window is open")


# ---- navigation ----------------------------------------------------------

PAGES = ["Lists", "Templates", "Campaigns", "Results"]


def header_tabs():
    """The view switcher buttons on screen, by name: the header holds a wide
    and a narrow switcher, and the bottom bar a third; one is drawn."""
    tabs = {}
    for tab in find_all(window, "page tab"):
        if tab.name in PAGES and tab.name not in tabs and is_drawn(tab):
            tabs[tab.name] = tab
    return tabs if len(tabs) == len(PAGES) else None


tabs = wait_for("view switcher buttons named " + ", ".join(PAGES), header_tabs)
ok("the navigation names its pages: " + ", ".join(PAGES))

# The database opens in a worker thread; the sample list shows when it has.
address_lists = wait_for("the list of address lists",
                         lambda: find_all(window, "list", name="Address lists"))[0]
wait_for("the sample list “%s”" % SAMPLE_LIST,
         lambda: find_all(address_lists, "list item", name=SAMPLE_LIST), timeout=30)
ok("the sample list was loaded on first run")


def page_markers():
    """Something only each page shows, found through AT-SPI once: the
    widgets stay, only their sizes change."""
    markers = {
        "Lists": find_all(window, "label", name="Address Lists"),
        "Templates": find_all(window, "text", name="HTML Source"),
    }
    # The campaign form's group title, and the results page's state filter label.
    markers["Campaigns"] = find_all(window, "label", name="New Campaign")
    markers["Results"] = find_all(window, "label", name="Show")
    missing = [page for page, found in markers.items() if not found]
    if missing:
        fail("found nothing that belongs to the page(s) " + ", ".join(missing))
    return markers


markers = page_markers()


def switch_to(page):
    tabs[page].doActionNamed("click")
    wait_for("“%s” to be the selected page" % page,
             lambda: has_state(tabs[page], pyatspi.STATE_SELECTED) and
             not any(has_state(tabs[other], pyatspi.STATE_SELECTED)
                     for other in PAGES if other != page))
    wait_for("the “%s” page to be shown" % page,
             lambda: any(is_drawn(m) for m in markers[page]))


for page in ["Templates", "Campaigns", "Results"]:
    # Never shown yet, so its content has no size until the switch works.
    if any(is_drawn(m) for m in markers[page]):
        fail("the “%s” page is drawn before it was chosen" % page)
    switch_to(page)
    ok("switched to the “%s” page" % page)

switch_to("Lists")
ok("switched back to the “Lists” page")


# ---- the sample list's contacts ------------------------------------------

row = find_all(address_lists, "list item", name=SAMPLE_LIST)[0]
address_lists.querySelection().selectChild(row.indexInParent)
wait_for("“%s” to be selected" % SAMPLE_LIST,
         lambda: has_state(find_all(address_lists, "list item", name=SAMPLE_LIST)[0],
                           pyatspi.STATE_SELECTED))
contacts = wait_for("the contacts table", lambda: find_all(window, "tree table", name="Contacts"))[0]
cells = wait_for("a Japanese sample name (%s) among the contacts" % JAPANESE_NAME,
                 lambda: find_all(contacts, "label", contains=JAPANESE_NAME), timeout=30)
ok("the contacts show “%s”" % cells[0].name)


# ---- screenshot ------------------------------------------------------------

shot_dir = os.path.join(builddir, "tests", "ui")
os.makedirs(shot_dir, exist_ok=True)
shot = os.path.join(shot_dir, "smoke-window.png")
if os.path.exists(shot):
    os.unlink(shot)
time.sleep(0.5)   # let the last frame settle (fades of the page switch)
gdbus_activate("screenshot", "'%s'" % shot.replace("'", "\\'"))
wait_for("the screenshot %s" % shot, lambda: os.path.exists(shot) and png_size(shot), timeout=10)
width, height = png_size(shot)
if not (360 <= width <= 4096 and 294 <= height <= 4096):
    fail("the screenshot is %d×%d pixels, not a window's size" % (width, height))
if os.path.getsize(shot) < 10000:
    fail("the screenshot is only %d bytes: an empty window?" % os.path.getsize(shot))
ok("wrote %s (%d×%d)" % (shot, width, height))


# ---- quit ------------------------------------------------------------------

gdbus_activate("quit", expect_reply=False)   # the process may leave before replying
try:
    herald.wait(timeout=15)
except subprocess.TimeoutExpired:
    fail("herald did not quit within 15 seconds of app.quit")
if herald.returncode != 0:
    fail("herald exited with status %d" % herald.returncode)
ok("quit through app.quit")

log.close()
with open(log_path, encoding="utf-8", errors="replace") as f:
    criticals = [line for line in f if "-CRITICAL **" in line]
if criticals:
    fail("herald logged %d critical warning(s), e.g. %s" % (len(criticals), criticals[0].strip()))

signal.alarm(0)
print("ui-smoke: all passed")
