#!/usr/bin/python3
# test-editor-typing.py — the editor stays responsive while typing in a
# 50 KB Japanese newsletter previewed against a 2,000-contact list.
#
# Herald runs with HERALD_DEBUG_TIMING=1 and logs, on the monotonic clock
# that time.monotonic() reads:
#   "shown X ms after the last edit" when WebKit finished loading a
#     preview holding the newest edit (load-changed FINISHED), and
#   "stall X ms at T" for each main-loop gap of 20 ms or more, seen by a
#     1 ms g_timeout probe.
# The test types bursts of characters into the HTML source through AT-SPI
# (EditableText.insertText, one character every 70 ms, a fast typist),
# waits for the preview to show each burst's text (read back through
# app.dump-preview), and prints per burst: the time from the last
# keystroke to the preview updated, and the longest main-loop stall while
# typing, and what the last render of each burst spent where (waiting for
# a thread, for the store, working, waiting for the UI thread). It asserts
# generous bounds only (a loaded 2-core CI machine shares the CPU with
# WebKit's processes): median update under 1000 ms and no stall over
# 1000 ms; the figures themselves are for people. The test data come
# from tests/bench/gen-newsletter.py.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_DB and
# HERALD_BUILDDIR.
# SPDX-License-Identifier: GPL-3.0-or-later

import csv
import http.server
import json
import threading
import os
import signal
import struct
import subprocess
import sys
import tempfile
import time

DEADLINE = 140          # seconds for the whole test
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




import re
import statistics

TEMPLATE = "Large newsletter"
MARKER = "ここに入力"
BURSTS = 6
KEYS_PER_BURST = 12
KEY_INTERVAL = 0.070
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "..", "data", "samples")

for var in ["HERALD_CLI", "HERALD_DB"]:
    if not os.environ.get(var):
        fail("%s must be set (run through meson test)" % var)


def cli(*args):
    result = subprocess.run([os.environ["HERALD_CLI"], "--db", os.environ["HERALD_DB"]] + list(args),
                            capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        fail("herald-cli %s failed: %s" % (" ".join(args), result.stderr.strip()))
    return result.stdout


def contacts_csv(path, rows=2000):
    with open(path, "w", encoding="utf-8") as f:
        f.write("email,name,会社名,city\n")
        for i in range(rows):
            company = "" if i % 3 == 0 else "株式会社テスト%d" % i
            f.write("user%05d@example.jp,山田 %d郎,%s,東京\n" % (i, i, company))


# ---- a database with the large template and list -------------------------

os.makedirs(os.path.dirname(os.environ["HERALD_DB"]), exist_ok=True)
cli("init", "--demo")
work = tempfile.mkdtemp(dir=os.environ.get("HERALD_TEST_TMPDIR"))
html_path = os.path.join(work, "large.html")
subprocess.run(["/usr/bin/python3", os.path.join(HERE, "..", "bench", "gen-newsletter.py"), str(50 * 1024), html_path],
               check=True, timeout=30)
with open(html_path, encoding="utf-8") as f:
    html = f.read()
csv_path = os.path.join(work, "contacts.csv")
contacts_csv(csv_path)
cli("import", csv_path, "--list", "Large list")
cli("template", "add", TEMPLATE, "--subject", "{{ name }}様へ 大きなお知らせ", "--html", html_path)
html_bytes = len(html.encode("utf-8"))

log_path = os.path.join(os.environ.get("HERALD_TEST_TMPDIR") or tempfile.mkdtemp(), "herald.log")
log = open(log_path, "w")
# Xvfb has no GPU: GTK's GL renderer would rasterise every frame in
# software (llvmpipe) on the UI thread, 70-140 ms a frame on the 2-core CI
# machine. Herald itself chooses cairo when OpenGL is a software one
# (ui/herald-renderer.c, logged under G_MESSAGES_DEBUG=herald-renderer);
# run with GSK_RENDERER=gl to see the other.
env = dict(os.environ, HERALD_DEBUG_TIMING="1", G_MESSAGES_DEBUG="herald-renderer")
herald = subprocess.Popen([exe], stdout=log, stderr=subprocess.STDOUT, env=env)

wait_for("the application on the session bus", bus_name_owned)
app = wait_for("the application in the accessibility tree", herald_app)
window = wait_for("the main window",
                  lambda: [w for w in app.children if w.roleName == "frame" and w.name == "Herald"])[0]


def templates_tab():
    for tab in find_all(window, "page tab", name="Templates"):
        if is_drawn(tab):
            return tab
    return None


tab = wait_for("the Templates tab", templates_tab)
tab.doActionNamed("click")
wait_for("the Templates page to be selected", lambda: has_state(tab, pyatspi.STATE_SELECTED))
templates = wait_for("the list of templates", lambda: find_all(window, "list", name="Templates"))[0]
item = wait_for("the template “%s”" % TEMPLATE, lambda: find_all(templates, "list item", name=TEMPLATE), timeout=30)[0]
templates.querySelection().selectChild(item.indexInParent)

dump_dir = tempfile.mkdtemp(dir=os.environ.get("HERALD_TEST_TMPDIR"))
dump_count = [0]


def dump():
    dump_count[0] += 1
    path = os.path.join(dump_dir, "dump-%d.json" % dump_count[0])
    gdbus_activate("dump-preview", "'%s'" % path)
    end = time.monotonic() + 5
    while time.monotonic() < end:
        try:
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            time.sleep(0.05)
    return None


def first_render(d):
    return d if d and d["html"] and MARKER in d["html"] and d["busy"] == "no" and d["loaded"] == "yes" else None


t0 = time.monotonic()


wait_for("a first render of the large template", lambda: first_render(dump()), timeout=40)
ok("opened “%s” (%d bytes of HTML), first preview in %.1f s" % (TEMPLATE, html_bytes, time.monotonic() - t0))

# Lists are offered by name: "Large list" comes first, and is shown.
wait_for("the preview of the large list",
         lambda: (lambda d: d if d and d["email"] and d["email"].startswith("user") and d["busy"] == "no" else None)(dump()),
         timeout=30)
ok("the preview shows the 2,000-contact list")

source = [t for t in find_all(window, "text", name="HTML Source") if is_drawn(t)][0]
editable = source.queryEditableText()
offset = html.index(MARKER) + len(MARKER)

time.sleep(2.0)    # let the first loads and the highlighting settle
results = []
typed = ""
for burst in range(BURSTS):
    start = time.monotonic()
    for k in range(KEYS_PER_BURST):
        ch = "あいうえおかきくけこ"[(burst + k) % 10] if k % 3 else "x"
        editable.insertText(offset + len(typed), ch, len(ch.encode("utf-8")))   # length in bytes
        typed += ch
        time.sleep(KEY_INTERVAL)
    last_key = time.monotonic()
    want = MARKER + typed
    wait_for("burst %d in the preview" % (burst + 1),
             lambda: (lambda d: d if d and want in (d["html"] or "") and d["busy"] == "no"
                      and d["loaded"] == "yes" else None)(dump()), timeout=20)
    time.sleep(0.5)
    log.flush()
    with open(log_path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    shown = [(float(ms), float(at)) for ms, at in
             re.findall(r"herald-timing: shown ([0-9.]+) ms after the last edit \(edit at ([0-9.]+)\)", text)]
    stalls = [(float(ms), float(at)) for ms, at in re.findall(r"herald-timing: stall ([0-9.]+) ms at ([0-9.]+)", text)]
    rendered = [(float(ms), float(at), float(worker)) for ms, at, worker in
                re.findall(r"herald-timing: rendered ([0-9.]+) ms after the last edit "
                           r"\(edit at ([0-9.]+), worker ([0-9.]+) ms", text)]
    mine = [ms for ms, at in shown if start <= at <= last_key + 0.01]
    last_render = [(ms, worker) for ms, at, worker in rendered if start <= at <= last_key + 0.01][-1:] or [(0.0, 0.0)]
    if not mine:
        fail("no “shown” timing line for burst %d (edits %.3f–%.3f)" % (burst + 1, start, last_key))
    worst = max([ms for ms, at in stalls if start <= at <= last_key + 1.0] or [0.0])
    results.append((mine[-1], worst))
    detail = [line for line in text.splitlines() if "herald-timing: rendered" in line and
              "%.6f" % [at for ms, at in shown if start <= at <= last_key + 0.01][-1] in line]
    print("# burst %d: %d keystrokes, preview updated %.1f ms after the last one (render back on the UI "
          "thread at %.1f ms, worker %.1f ms); longest main-loop stall while typing %.1f ms"
          % (burst + 1, KEYS_PER_BURST, mine[-1], last_render[0][0], last_render[0][1], worst), flush=True)
    for line in detail[-1:]:
        print("#   " + line.split("(", 1)[1].rstrip(")"), flush=True)
    time.sleep(1.0)

updates = [u for u, s in results]
stalls = [s for u, s in results]
def renderer():
    """GSK_RENDERER as given, or what Herald chose (its debug line)."""
    if env.get("GSK_RENDERER"):
        return env["GSK_RENDERER"] + " (given)"
    with open(log_path, encoding="utf-8", errors="replace") as f:
        chose = "draws with cairo" in f.read()
    return "cairo (Herald's choice: software OpenGL)" if chose else "GTK's default"


print("# 50 KB template (%d bytes), 2,000 recipients, GSK_RENDERER=%s: update after last keystroke "
      "median %.1f ms, max %.1f ms; longest stall %.1f ms"
      % (html_bytes, renderer(), statistics.median(updates), max(updates), max(stalls)), flush=True)
if statistics.median(updates) >= 1000:
    fail("the preview took a median %.0f ms after the last keystroke" % statistics.median(updates))
if max(stalls) >= 1000:
    fail("the main loop stalled %.0f ms while typing" % max(stalls))
ok("median update %.0f ms, longest stall %.0f ms" % (statistics.median(updates), max(stalls)))

gdbus_activate("quit", expect_reply=False)
question = None
try:
    herald.wait(timeout=5)
except subprocess.TimeoutExpired:
    # The template has unsaved edits: answer Discard.
    buttons = wait_for("the Discard button", lambda: [b for b in find_all(app, "push button", name="Discard")
                                                       if is_drawn(b)], timeout=10)
    buttons[0].doActionNamed("click")
    try:
        herald.wait(timeout=15)
    except subprocess.TimeoutExpired:
        fail("herald did not quit")
if herald.returncode != 0:
    fail("herald exited with status %d" % herald.returncode)
signal.alarm(0)
print("ui-editor-typing: all passed")
