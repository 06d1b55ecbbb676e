#!/usr/bin/python3
# test-import.py — importing a CP932 (Excel on Japanese Windows) CSV through
# the window: app.import-file opens the import dialog on a fixture written
# here; the dialog must detect CP932, show the counts of a dry run (3 new,
# 1 duplicate, 1 invalid, with the rejected line), import on "Import", and
# the new list must appear with 3 contacts whose Japanese names (①, 髙)
# survived, and the search box narrows the new list.
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI and HERALD_BUILDDIR; HERALD_APP_ID is optional.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import signal
import subprocess
import sys
import tempfile
import time

DEADLINE = 90           # seconds for the whole test
APP_ID = os.environ.get("HERALD_APP_ID", "io.github.heraldmail.Herald")
OBJECT_PATH = "/" + APP_ID.replace(".", "/")   # where GApplication exports its actions

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


# ---- the fixture: CP932 bytes, as Excel writes them ----------------------

LIST = "customers-cp932"
ROWS = [
    "メールアドレス,氏名,メモ",
    "taro@example.jp,髙橋太郎,①番",
    "hanako@example.jp,山田花子,②",
    "not-an-address,誤り,x",
    "TARO@example.jp,髙橋重複,dup",
    "jiro@example.jp,佐藤次郎,③",
]
fixture_dir = os.environ.get("HERALD_TEST_TMPDIR") or tempfile.mkdtemp()
fixture = os.path.join(fixture_dir, LIST + ".csv")
with open(fixture, "wb") as f:
    f.write("\r\n".join(ROWS).encode("cp932") + b"\r\n")
try:
    open(fixture, "rb").read().decode("utf-8")
    fail("the fixture is valid UTF-8: it would not test CP932 detection")
except UnicodeDecodeError:
    pass


# ---- start ---------------------------------------------------------------

log_path = os.path.join(fixture_dir, "herald.log")
log = open(log_path, "w")
herald = subprocess.Popen([exe], stdout=log, stderr=subprocess.STDOUT)

wait_for("the application on the session bus", bus_name_owned)
app = wait_for("the application in the accessibility tree", herald_app)
window = wait_for("the main window",
                  lambda: [w for w in app.children if w.roleName == "frame" and w.name == "Herald"])[0]
address_lists = wait_for("the list of address lists",
                         lambda: find_all(window, "list", name="Address lists"))[0]
wait_for("the sample list", lambda: find_all(address_lists, "list item"), timeout=30)
ok("the window is open with its lists")

wait_for("the “Import CSV…” button",
         lambda: find_all(window, "push button", name="Import CSV…"))
ok("the lists page offers “Import CSV…”")


# ---- the import dialog -------------------------------------------------------

gdbus_activate("import-file", "'%s'" % fixture.replace("'", "\\'"))
dialog = wait_for("the import dialog",
                  lambda: [w for w in app.children if w.name == "Import Contacts"])[0]
ok("app.import-file opened the import dialog")

detected = wait_for("the detected encoding (CP932)",
                    lambda: find_all(dialog, "label", contains="CP932"), timeout=20)[0]
ok("detected: “%s”" % detected.name)
for control in ["Encoding", "Separator"]:
    wait_for("a control named “%s”" % control,
             lambda: dialog.findChildren(lambda n: n.name == control and n.roleName != "label",
                                         recursive=True))
ok("the encoding and separator dropdowns have accessible names")

wait_for("the first rows in the preview (髙橋太郎, ①番)",
         lambda: find_all(dialog, "label", name="髙橋太郎") and find_all(dialog, "label", name="①番"))
ok("the preview shows the first rows decoded")

counts = wait_for("the counts of the dry run",
                  lambda: find_all(dialog, "label", contains="Importing will give:"), timeout=30)[0]
expected = ["3 new", "0 updated", "1 duplicates", "1 invalid", "0 suppressed"]
if not all(e in counts.name for e in expected):
    fail("the counts read “%s”, not %s" % (counts.name, ", ".join(expected)))
ok("counts before importing: “%s”" % counts.name)

rejects = wait_for("the rejected line", lambda: find_all(dialog, "label", contains="Line 4"))[0]
ok("rejected rows shown: “%s”" % rejects.name.replace("\n", " / "))

mapping = wait_for("the column mapping of the address column",
                   lambda: find_all(dialog, "combo box", name="Column “メールアドレス” holds")
                   or find_all(dialog, "push button", name="Column “メールアドレス” holds"))
ok("the mapping names the address column")

def import_buttons():
    # GTK 4.8 names a button after its label, sometimes twice ("Import Import").
    found = [b for b in find_all(dialog, "push button")
             if (b.name or "").replace("_", "").split(" ")[0] == "Import"]
    if not found:
        print("# push buttons: %s" % [b.name for b in find_all(dialog, "push button")], flush=True)
    return found


import_button = wait_for("the Import button", import_buttons, timeout=10, interval=1)[0]
import_button.doActionNamed("click")
wait_for("the dialog to close after importing",
         lambda: not [w for w in app.children if w.name == "Import Contacts"], timeout=30)
ok("imported; the dialog closed")


# ---- the new list ------------------------------------------------------------

row = wait_for("the new list “%s” in the lists" % LIST,
               lambda: find_all(address_lists, "list item", name=LIST), timeout=20)[0]
wait_for("“3 contacts” on the new list",
         lambda: find_all(find_all(address_lists, "list item", name=LIST)[0], "label", name="3 contacts"))
ok("the new list shows “3 contacts”")

wait_for("the new list to be selected",
         lambda: has_state(find_all(address_lists, "list item", name=LIST)[0], pyatspi.STATE_SELECTED))
contacts = wait_for("the contacts table", lambda: find_all(window, "tree table", name="Contacts"))[0]


def cell_named(text):
    return contacts.findChildren(lambda n: (n.name or "") == text, recursive=True)


wait_for("the contact 髙橋太郎 in the table", lambda: cell_named("髙橋太郎"), timeout=20)
wait_for("the address taro@example.jp in the table", lambda: cell_named("taro@example.jp"))
ok("the contacts show 髙橋太郎 and ①番 intact" if cell_named("①番") else "the contacts show 髙橋太郎")


# ---- search on the new list ---------------------------------------------

search = wait_for("the search entry",
                  lambda: window.findChildren(lambda n: n.name == "Search contacts" and n.roleName == "entry",
                                              recursive=True))[0]
search.queryEditableText().setTextContents("hanako")
wait_for("“1 matching contact”", lambda: find_all(window, "label", name="1 matching contact"))
search.queryEditableText().setTextContents("")
wait_for("“3 contacts” after clearing the search", lambda: find_all(window, "label", name="3 contacts"))
ok("the search finds 1 of 3 contacts and clears")


# ---- edit a cell in place ---------------------------------------------------

from dogtail import rawinput  # noqa: E402

cell = wait_for("the cell 髙橋太郎", lambda: cell_named("髙橋太郎"))[0]
cell.click()        # a click on a field’s cell puts an editor in its place
# GTK 4.8 shows an editable label as a filler with no text interface: type.
wait_for("an editor in the cell",
         lambda: contacts.findChildren(lambda n: n.name == "GtkEditableLabel", recursive=True), timeout=10)
time.sleep(0.5)
rawinput.keyCombo("<Control>a")
rawinput.typeText("Taro Takahashi")
rawinput.pressKey("Return")
wait_for("the cell to show “Taro Takahashi”", lambda: cell_named("Taro Takahashi"), timeout=10)


def stored_names():
    result = subprocess.run([os.environ["HERALD_CLI"], "--db", os.environ["HERALD_DB"], "contacts",
                             "--list", LIST, "--format", "csv"], capture_output=True, text=True, timeout=30)
    return result.stdout if "Taro Takahashi" in result.stdout else None


stored = wait_for("the edit stored in the database", stored_names, timeout=10)
if "髙橋太郎" in stored:
    fail("the old value is still stored: %s" % stored)
ok("edited 髙橋太郎 in place to “Taro Takahashi”; herald-cli contacts shows it")


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
print("ui-import: all passed")
