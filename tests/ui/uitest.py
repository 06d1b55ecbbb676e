# uitest.py — what a UI test script needs to drive the real `herald` window
# through AT-SPI: start it, wait for things, find nodes, fail with Herald's
# output shown. Import it from a script run by run-ui-test.sh.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import signal
import subprocess
import sys
import time

APP_ID = os.environ.get("HERALD_APP_ID", "io.github.heraldmail.Herald")
PAGES = ["Lists", "Templates", "Campaigns", "Results"]

_herald = None          # the running herald process
_log_path = None
_helpers = []           # other processes to stop at the end
_start = time.monotonic()


def ok(message):
    print("ok - %s [%.1f s]" % (message, time.monotonic() - _start), flush=True)


def stop():
    """Stops Herald and every helper process."""
    if _herald is not None and _herald.poll() is None:
        _herald.kill()
        _herald.wait()
    for process in _helpers:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()


def fail(message):
    print("not ok - " + message, file=sys.stderr)
    stop()
    if _log_path and os.path.exists(_log_path):
        with open(_log_path, encoding="utf-8", errors="replace") as f:
            text = f.read().strip()
        if text:
            print("---- herald's output ----\n" + text + "\n----", file=sys.stderr)
    sys.exit(1)


def set_deadline(seconds):
    """Fails the test when it is not done in time (run-ui-test.sh allows 150 s)."""
    signal.signal(signal.SIGALRM, lambda signum, frame:
                  fail("the test did not finish within %d seconds" % seconds))
    signal.alarm(seconds)


def require_env(*names):
    for name in names:
        if not os.environ.get(name):
            fail("%s must be set (run through meson test and run-ui-test.sh)" % name)
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        fail("no D-Bus session: run through run-ui-test.sh")


def wait_for(what, check, timeout=20.0, interval=0.2):
    """Polls check() until it returns something true; fails after timeout."""
    end = time.monotonic() + timeout
    while True:
        if _herald is not None and _herald.poll() is not None:
            fail("herald exited (status %d) while waiting for %s" % (_herald.returncode, what))
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


def cli(*args, check=True):
    """Runs herald-cli on the test's database; returns the CompletedProcess."""
    result = subprocess.run([os.environ["HERALD_CLI"], "--db", os.environ["HERALD_DB"]] + list(args),
                            capture_output=True, text=True, timeout=60)
    if check and result.returncode != 0:
        fail("herald-cli %s: %s" % (" ".join(args), result.stderr.strip()))
    return result


from dogtail.config import config  # noqa: E402
config.checkForA11y = False         # dogtail refuses to start otherwise
config.logDebugToFile = False
config.searchCutoffCount = 1        # wait_for() does the waiting
config.defaultDelay = 0.2
config.actionDelay = 0.2
from dogtail import tree            # noqa: E402
import pyatspi                      # noqa: E402,F401


def has_state(node, state):
    return node.getState().contains(state)


def is_drawn(node):
    """GTK 4.8 reports neither SHOWING for children nor hides the pages of a
    stack, but a page that was never shown has never been given a size."""
    e = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return e.width > 0 and e.height > 0


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


def _bus_name_owned():
    result = subprocess.run(
        ["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
         "--object-path", "/org/freedesktop/DBus",
         "--method", "org.freedesktop.DBus.NameHasOwner", APP_ID],
        capture_output=True, text=True, timeout=5)
    return "true" in result.stdout


def _herald_app():
    for app in tree.root.applications():
        if app.name == "herald":
            return app
    return None


def start_herald(log_path):
    """Starts the window; returns (application node, window node)."""
    global _herald, _log_path
    _log_path = log_path
    _herald = subprocess.Popen([os.environ["HERALD_UI"]], stdout=open(log_path, "w"),
                               stderr=subprocess.STDOUT)
    wait_for("the application on the session bus", _bus_name_owned)
    app = wait_for("the application in the accessibility tree", _herald_app)
    window = wait_for("the main window",
                      lambda: [w for w in app.children if w.roleName == "frame" and w.name == "Herald"])[0]
    return app, window


def page_tabs(window):
    """Waits for the view switcher; returns its tabs by page name."""
    def tabs():
        found = {}
        for tab in find_all(window, "page tab"):
            if tab.name in PAGES and tab.name not in found and is_drawn(tab):
                found[tab.name] = tab
        return found if len(found) == len(PAGES) else None
    return wait_for("the view switcher", tabs)


def switch_to(tabs, page):
    tabs[page].doActionNamed("click")
    wait_for("“%s” to be the selected page" % page,
             lambda: has_state(tabs[page], pyatspi.STATE_SELECTED))
