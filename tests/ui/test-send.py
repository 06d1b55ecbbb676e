#!/usr/bin/python3
# test-send.py — the template editor's "Send Test…" and its question about
# unsaved edits, driven through AT-SPI. The preview is stepped to the
# list's second recipient; Send Test… sends that recipient's message
# through the Outbox to another address: the file written must carry the
# subject, HTML and text the preview shows, To: the address typed, and
# X-Herald-Test naming the recipient. Then the subject is edited and
# another template chosen: the question "Save Changes?" comes up; Cancel
# stays on the edited template, Discard shows the other one and drops the
# edits. Quitting afterwards asks nothing.
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI, HERALD_CLI, HERALD_DB, HERALD_OUTBOX and
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




import email
import email.policy

SAMPLE_TEMPLATE = "Sample newsletter"
OTHER_TEMPLATE = "Second newsletter"
ME = "me@example.org"
SAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "samples")

for var in ["HERALD_CLI", "HERALD_DB", "HERALD_OUTBOX"]:
    if not os.environ.get(var):
        fail("%s must be set (run through meson test)" % var)


def cli(*args):
    result = subprocess.run([os.environ["HERALD_CLI"], "--db", os.environ["HERALD_DB"]] + list(args),
                            capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        fail("herald-cli %s failed: %s" % (" ".join(args), result.stderr.strip()))
    return result.stdout


def second_recipient():
    with open(os.path.join(SAMPLES, "customers.csv"), encoding="utf-8") as f:
        return list(csv.DictReader(f))[1]


# ---- a database with two templates ---------------------------------------

os.makedirs(os.path.dirname(os.environ["HERALD_DB"]), exist_ok=True)
cli("init", "--demo")
work = tempfile.mkdtemp(dir=os.environ.get("HERALD_TEST_TMPDIR"))
other_html = os.path.join(work, "other.html")
with open(other_html, "w", encoding="utf-8") as f:
    f.write("<html><body><p>{{ name }}様、別のお知らせです。</p></body></html>\n")
cli("template", "add", OTHER_TEMPLATE, "--subject", "別のお知らせ {{ name }}", "--html", other_html)

log_path = os.path.join(os.environ.get("HERALD_TEST_TMPDIR") or tempfile.mkdtemp(), "herald.log")
log = open(log_path, "w")
herald = subprocess.Popen([exe], stdout=log, stderr=subprocess.STDOUT)

wait_for("the application on the session bus", bus_name_owned)
app = wait_for("the application in the accessibility tree", herald_app)
window = wait_for("the main window",
                  lambda: [w for w in app.children if w.roleName == "frame" and w.name == "Herald"])[0]
ok("the window is open")


def templates_tab():
    for tab in find_all(window, "page tab", name="Templates"):
        if is_drawn(tab):
            return tab
    return None


tab = wait_for("the Templates tab", templates_tab)
tab.doActionNamed("click")
wait_for("the Templates page to be selected", lambda: has_state(tab, pyatspi.STATE_SELECTED))
templates = wait_for("the list of templates", lambda: find_all(window, "list", name="Templates"))[0]


def template_item(name):
    return wait_for("the template “%s”" % name, lambda: find_all(templates, "list item", name=name), timeout=30)[0]


def select_template(name):
    templates.querySelection().selectChild(template_item(name).indexInParent)


select_template(SAMPLE_TEMPLATE)

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


def settled(check=lambda d: True):
    def probe():
        d = dump()
        return d if d and d["html"] and d["busy"] == "no" and check(d) else None
    return probe


wait_for("a first render", settled(lambda d: "様へ" in d["subject"]), timeout=30)
person = second_recipient()
wait_for("an enabled “Next recipient” button",
         lambda: [b for b in find_all(window, "push button", name="Next recipient")
                  if has_state(b, pyatspi.STATE_SENSITIVE)])[0].doActionNamed("click")
shown = wait_for("the preview of %s" % person["email"], settled(lambda d: d["email"] == person["email"]))
ok("the preview shows %s: “%s”" % (shown["email"], shown["subject"]))


# ---- Send Test… ------------------------------------------------------------

outbox_new = os.path.join(os.environ["HERALD_OUTBOX"], "new")
before = set(os.listdir(outbox_new)) if os.path.isdir(outbox_new) else set()
wait_for("the “Send Test…” button",
         lambda: [b for b in find_all(window, "push button", name="Send Test…") if is_drawn(b)])[0].doActionNamed("click")
dialog = wait_for("the Send Test Message dialog",
                  lambda: [w for w in app.children if w.name == "Send Test Message"])[0]
address = wait_for("the address entry", lambda: [e for e in find_all(dialog, "text", name="Your address") if is_drawn(e)])[0]

# An address that is not one: the dialog says so and stays open.
address.queryEditableText().setTextContents("me at example.org@")
wait_for("an enabled Send button",
         lambda: [b for b in find_all(dialog, "push button", name="Send")
                  if has_state(b, pyatspi.STATE_SENSITIVE)], timeout=10)[0].doActionNamed("click")
wait_for("the dialog to say the address is not one",
         lambda: [l for l in find_all(dialog, "label") if "is not an email address" in (l.name or "")], timeout=10)
if os.path.isdir(outbox_new) and set(os.listdir(outbox_new)) - before:
    fail("a message went out to an address that is not one")
ok("a wrong address is reported in the dialog, nothing sent")

address.queryEditableText().setTextContents(ME)
send = wait_for("an enabled Send button",
                lambda: [b for b in find_all(dialog, "push button", name="Send")
                         if has_state(b, pyatspi.STATE_SENSITIVE)], timeout=10)[0]
send.doActionNamed("click")


def new_message():
    now = set(os.listdir(outbox_new)) if os.path.isdir(outbox_new) else set()
    return sorted(now - before)


files = wait_for("a message in the Outbox", new_message, timeout=20)
if len(files) != 1:
    fail("the Outbox got %d messages, not 1" % len(files))
with open(os.path.join(outbox_new, files[0]), "rb") as f:
    msg = email.message_from_bytes(f.read(), policy=email.policy.default)
if [a.addr_spec for a in msg["To"].addresses] != [ME]:
    fail("the test message is To: %s, not %s" % (msg["To"], ME))
if str(msg["X-Herald-Test"]) != person["email"]:
    fail("X-Herald-Test is %r, not %s" % (msg["X-Herald-Test"], person["email"]))
if str(msg["Subject"]) != shown["subject"]:
    fail("the test message's subject is “%s”, the preview's “%s”" % (msg["Subject"], shown["subject"]))
parts = {p.get_content_type(): p.get_content() for p in msg.walk() if p.get_content_maintype() == "text"}


def lf(text):
    return text.replace("\r\n", "\n")


if lf(parts.get("text/html", "")).rstrip("\n") != lf(shown["html"]).rstrip("\n"):
    fail("the test message's HTML is not the preview's")
if lf(parts.get("text/plain", "")).rstrip("\n") != lf(shown["text"]).rstrip("\n"):
    fail("the test message's text is not the preview's")
ok("the Outbox got %s's message (subject, HTML and text as previewed), To: %s" % (person["email"], ME))
wait_for("the dialog to close", lambda: not [w for w in app.children if w.name == "Send Test Message"], timeout=10)
wait_for("the toast saying it was sent",
         lambda: [l for l in find_all(window, "label") if "sent to " + ME in (l.name or "")], timeout=10)
ok("the dialog closed and a toast says so")


# ---- leaving unsaved edits: Save / Discard / Cancel ------------------------

subject = wait_for("the subject entry", lambda: [e for e in find_all(window, "text", name="Subject") if is_drawn(e)])[0]
subject.queryEditableText().setTextContents("未保存の件名 {{ name }}")
edited = wait_for("the edited subject in the preview", settled(lambda d: "未保存の件名" in d["subject"]))
if edited["unsaved"] != "yes":
    fail("the edited template is not marked unsaved")


def question_button(label):
    return [b for b in find_all(app, "push button", name=label) if is_drawn(b)
            and b.parent is not None and any("Save Changes?" in (l.name or "")
                                             for l in find_all(app, "label"))]


select_template(OTHER_TEMPLATE)
wait_for("the “Save Changes?” question", lambda: question_button("Cancel"), timeout=10)[0].doActionNamed("click")
time.sleep(1.0)
kept = wait_for("the preview after Cancel", settled())
if "未保存の件名" not in kept["subject"] or kept["unsaved"] != "yes":
    fail("Cancel did not keep the edited template: %r" % kept["subject"])
if not has_state(template_item(SAMPLE_TEMPLATE), pyatspi.STATE_SELECTED):
    fail("after Cancel the list does not select the edited template again")
ok("choosing another template asks first; Cancel stays with the edits")

select_template(OTHER_TEMPLATE)
wait_for("the question again", lambda: question_button("Discard"), timeout=10)[0].doActionNamed("click")
other = wait_for("the other template in the preview", settled(lambda d: "別のお知らせ" in d["subject"]))
if other["unsaved"] != "no":
    fail("the template just opened is marked unsaved")
select_template(SAMPLE_TEMPLATE)
back = wait_for("the sample again", settled(lambda d: "様へ" in d["subject"]))
if "未保存の件名" in back["subject"]:
    fail("Discard kept the edits: %r" % back["subject"])
ok("Discard showed “%s” and dropped the edits (“%s”)" % (OTHER_TEMPLATE, back["subject"]))


# ---- saving embeds a local image -------------------------------------------

import base64  # noqa: E402
pixel = os.path.join(work, "pixel.png")
with open(pixel, "wb") as f:
    f.write(base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))
html_view = [t for t in find_all(window, "text", name="HTML Source") if is_drawn(t)][0]
tag = '<img src="%s" alt="pixel">\n' % pixel
html_view.queryEditableText().insertText(0, tag, len(tag.encode("utf-8")))
wait_for("the image tag in the preview", settled(lambda d: pixel in d["html"] and d["unsaved"] == "yes"))
from dogtail import rawinput  # noqa: E402
rawinput.keyCombo("<Control>s")
saved = wait_for("the saved HTML with the image embedded",
                 settled(lambda d: 'src="cid:' in d["html"] and pixel not in d["html"] and d["unsaved"] == "no"),
                 timeout=15)
ok("Ctrl+S embedded %s: the editor now shows a cid: reference" % os.path.basename(pixel))
wait_for("the preview to show the embedded image (a cid: request served)",
         settled(lambda d: int(d["cid_served"]) > 0 and d["loaded"] == "yes"), timeout=15)
ok("the preview showed the embedded image from the template's stored parts")


# ---- quit: nothing to ask --------------------------------------------------

gdbus_activate("quit", expect_reply=False)
try:
    herald.wait(timeout=15)
except subprocess.TimeoutExpired:
    fail("herald did not quit within 15 seconds of app.quit (a question with nothing unsaved?)")
if herald.returncode != 0:
    fail("herald exited with status %d" % herald.returncode)
ok("quit through app.quit without a question")

log.close()
with open(log_path, encoding="utf-8", errors="replace") as f:
    criticals = [line for line in f if "-CRITICAL **" in line]
if criticals:
    fail("herald logged %d critical warning(s), e.g. %s" % (len(criticals), criticals[0].strip()))

signal.alarm(0)
print("ui-send-test: all passed")
