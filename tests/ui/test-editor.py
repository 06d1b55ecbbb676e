#!/usr/bin/python3
# test-editor.py — the template editor, driven through AT-SPI: the sample
# newsletter is opened, its subject edited by typing, the preview stepped to
# the list's second recipient, and the rendered message read back through
# app.dump-preview: the subject and HTML must carry that recipient's values.
# Ctrl+S saves the template. A remote image is not fetched until the
# template allows it. Quitting with unsaved edits asks Save / Discard /
# Cancel: Cancel stays, Discard quits.
# A broken merge field shows an error with its position while the preview
# keeps the last good render. A picture of the editor with the Japanese
# newsletter in the preview goes to the build folder (tests/ui/editor.png).
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI and HERALD_BUILDDIR; HERALD_APP_ID is optional.
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



SAMPLE_TEMPLATE = "Sample newsletter"
SAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "samples")


def second_recipient():
    with open(os.path.join(SAMPLES, "customers.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return rows[1]


# ---- start ---------------------------------------------------------------

log_path = os.path.join(os.environ.get("HERALD_TEST_TMPDIR") or tempfile.mkdtemp(), "herald.log")
log = open(log_path, "w")
# The screenshots draw the window through its own renderer (app.screenshot);
# GTK 4.8's cairo renderer, which Herald chooses on software OpenGL such as
# Xvfb's, leaves the WebKit preview out of them (on screen it shows). Ask
# for OpenGL so that the screenshots show the newsletter.
herald = subprocess.Popen([exe], stdout=log, stderr=subprocess.STDOUT,
                          env=dict(os.environ, GSK_RENDERER=os.environ.get("GSK_RENDERER", "gl")))

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
item = wait_for("the template “%s”" % SAMPLE_TEMPLATE,
                lambda: find_all(templates, "list item", name=SAMPLE_TEMPLATE), timeout=30)[0]
templates.querySelection().selectChild(item.indexInParent)
subject = wait_for("the subject entry", lambda: [e for e in find_all(window, "text", name="Subject") if is_drawn(e)])[0]

dump_dir = tempfile.mkdtemp(dir=os.environ.get("HERALD_TEST_TMPDIR"))
dump_count = [0]


def dump():
    """The preview as the app has it, through app.dump-preview."""
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


def settled(d):
    return d if d and d["html"] and d["busy"] == "no" else None


first = wait_for("a first render", lambda: settled(dump()), timeout=30)
if "様へ" not in first["subject"]:
    fail("the first render's subject is “%s”, not the sample's" % first["subject"])
ok("opened “%s”: the preview shows recipient %s (%s), subject “%s”"
   % (SAMPLE_TEMPLATE, first["position"], first["email"], first["subject"]))


# ---- type into the subject -------------------------------------------------

NEW_SUBJECT = "{{ name }}様 テスト配信 {{ 会社名 | \"個人のお客様\" }}"


def type_subject(text):
    """Types into the subject entry through AT-SPI (EditableText; GTK 4.8
    cannot read an entry's text back that way, so the dump checks it)."""
    try:
        subject.queryEditableText().setTextContents(text)
        return "EditableText"
    except Exception:
        from dogtail import rawinput
        subject.click()
        rawinput.keyCombo("<Control>a")
        rawinput.pressKey("BackSpace")
        subject.typeText(text)
        return "the keyboard"


how = type_subject(NEW_SUBJECT)
typed = wait_for("the typed subject in the preview",
                 lambda: (lambda d: d if d and d["busy"] == "no" and "テスト配信" in d["subject"] else None)(dump()),
                 timeout=10)
ok("typed the subject through %s: “%s”" % (how, typed["subject"]))


# ---- step to the second recipient ----------------------------------------

person = second_recipient()
next_button = wait_for("an enabled “Next recipient” button",
                       lambda: [b for b in find_all(window, "push button", name="Next recipient")
                                if has_state(b, pyatspi.STATE_SENSITIVE)])[0]
next_button.doActionNamed("click")
position = wait_for("“2 of …” in the recipient stepper",
                    lambda: [l for l in find_all(window, "label") if (l.name or "").startswith("2 of ")
                             and person["email"] in l.name])[0]
ok("the stepper shows “%s”" % position.name)
time.sleep(1.0)


def expected(d):
    if not d or d["email"] != person["email"] or d["busy"] != "no":
        return None
    return d


shown = wait_for("the preview of %s" % person["email"], lambda: expected(dump()), timeout=10)
want_subject = "%s様 テスト配信 %s" % (person["name"], person["会社名"] or "個人のお客様")
if shown["subject"] != want_subject:
    fail("the subject is “%s”, not “%s”" % (shown["subject"], want_subject))
ok("the subject is “%s”" % shown["subject"])
for needle in ["<p style=\"margin:0 0 16px;\">%s 様</p>" % person["name"],
               "<p style=\"margin:0 0 4px;\">%s</p>" % person["会社名"],
               "ヘラルド文具店"]:
    if needle not in shown["html"]:
        fail("the HTML lacks %r" % needle)
if "Content-Security-Policy" in shown["html"]:
    fail("the dumped HTML holds the preview's content policy: it is not the message")
if "{{" in shown["html"]:
    fail("the HTML still holds merge syntax")
if person["name"] not in shown["text"]:
    fail("the plain text lacks %s" % person["name"])
ok("the HTML and the text carry %s’s values" % person["name"])


# ---- a compile error -----------------------------------------------------

type_subject("{{ no_such_field }}")
broken = wait_for("an error in the dump", lambda: (lambda d: d if d and d["error"] else None)(dump()), timeout=10)
if "1:" not in broken["error"] or "no_such_field" not in broken["error"]:
    fail("the error does not say where: %r" % broken["error"])
if broken["html"] != shown["html"] or broken["subject"] != shown["subject"]:
    fail("the preview did not keep the last good render")
wait_for("the error shown in the window",
         lambda: [l for l in find_all(window, "label") if "no_such_field" in (l.name or "") and is_drawn(l)])
ok("the error is shown (“%s”) and the preview kept" % broken["error"])

type_subject(NEW_SUBJECT)
wait_for("the error to go", lambda: (lambda d: d if d and not d["error"] and d["busy"] == "no" else None)(dump()),
         timeout=10)
ok("the error went away once the subject was fixed")


# ---- screenshot ------------------------------------------------------------

shot_dir = os.path.join(builddir, "tests", "ui")
os.makedirs(shot_dir, exist_ok=True)
shot = os.path.join(shot_dir, "editor.png")
if os.path.exists(shot):
    os.unlink(shot)
wait_for("WebKit to finish loading the preview",
         lambda: (lambda d: d if d and d["loaded"] == "yes" else None)(dump()), timeout=20)
time.sleep(1.5)   # and to paint it
gdbus_activate("screenshot", "'%s'" % shot.replace("'", "\\'"))
wait_for("the screenshot %s" % shot, lambda: os.path.exists(shot) and png_size(shot), timeout=10)
width, height = png_size(shot)
if os.path.getsize(shot) < 10000:
    fail("the screenshot is only %d bytes: an empty window?" % os.path.getsize(shot))


def header_blue_pixels(path):
    """Pixels of the sample newsletter's blue header band (#1a73e8-ish):
    tens of thousands when the preview is in the picture, a few hundred
    (the Save button) when it is blank."""
    import gi
    gi.require_version("GdkPixbuf", "2.0")
    from gi.repository import GdkPixbuf
    pixbuf = GdkPixbuf.Pixbuf.new_from_file(path)
    data, stride, n = pixbuf.get_pixels(), pixbuf.get_rowstride(), pixbuf.get_n_channels()
    count = 0
    for y in range(0, pixbuf.get_height(), 2):
        row = y * stride
        for x in range(0, pixbuf.get_width(), 2):
            r, g, b = data[row + x * n], data[row + x * n + 1], data[row + x * n + 2]
            if b > 180 and r < 80 and 90 < g < 150:
                count += 1
    return count * 4


blue = header_blue_pixels(shot)
if blue < 10000:
    fail("the screenshot shows no newsletter in the preview (%d header pixels)" % blue)
ok("wrote %s (%d×%d; the preview's header fills %d pixels)" % (shot, width, height, blue))


mobile = [b for b in find_all(window, "push button", name="Mobile width") if is_drawn(b)][0]
mobile.doActionNamed("click")
time.sleep(1.5)
shot_mobile = os.path.join(shot_dir, "editor-mobile.png")
gdbus_activate("screenshot", "'%s'" % shot_mobile.replace("'", "\\'"))
wait_for("the screenshot %s" % shot_mobile, lambda: os.path.exists(shot_mobile) and png_size(shot_mobile), timeout=10)
ok("wrote %s (the preview at mobile width)" % shot_mobile)


# ---- save ------------------------------------------------------------------

wait_for("the Save button", lambda: [b for b in find_all(window, "push button", name="Save") if is_drawn(b)])
from dogtail import rawinput    # noqa: E402
rawinput.keyCombo("<Control>s")  # works wherever the focus is in the window
wait_for("the saved subject in the list of templates",
         lambda: find_all(templates, "label", name=NEW_SUBJECT), timeout=10)
ok("saved with Ctrl+S: the list of templates shows the new subject")


# ---- remote content ------------------------------------------------------

hits = []


class ImageServer(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ImageServer)
threading.Thread(target=server.serve_forever, daemon=True).start()
image = "http://127.0.0.1:%d/remote.png" % server.server_address[1]
html_view = [t for t in find_all(window, "text", name="HTML Source") if is_drawn(t)][0]
tag = '<img src="%s" alt="remote">\n' % image
html_view.queryEditableText().insertText(0, tag, len(tag))


def loaded_with_image(d):
    return d if d and image in (d["html"] or "") and d["busy"] == "no" and d["loaded"] == "yes" else None


wait_for("the preview with the remote image", lambda: loaded_with_image(dump()), timeout=15)
time.sleep(1.5)
if hits:
    fail("the preview fetched %s although the template does not allow remote content" % hits)
ok("a remote image is not fetched by default")

remote = [c for c in find_all(window, "check box", name="Load remote images") if is_drawn(c)][0]
if "click" in remote.actions:
    remote.doActionNamed("click")
else:
    rawinput.keyCombo("<Alt>r")   # GTK 4.8 gives check boxes no AT-SPI action: use the mnemonic
wait_for("“Load remote images” to be checked", lambda: has_state(remote, pyatspi.STATE_CHECKED), timeout=5)
wait_for("the preview to fetch the remote image once allowed", lambda: hits, timeout=15)
ok("with “Load remote images” on, the preview fetched %s" % hits[0])
server.shutdown()


# ---- quit with unsaved edits: Save / Discard / Cancel -----------------------

if dump()["unsaved"] != "yes":
    fail("the template with the added image is not marked unsaved")


def question_button(label):
    """A button of the “Save Changes?” question (AdwMessageDialog), whose
    GTK 4.8 accessible name may keep the mnemonic underscore."""
    return [b for b in find_all(app, "push button")
            if (b.name or "").replace("_", "") == label and is_drawn(b)]


gdbus_activate("quit", expect_reply=False)
wait_for("the “Save Changes?” question on quit",
         lambda: [l for l in find_all(app, "label") if "Save Changes?" in (l.name or "")], timeout=10)
wait_for("its Cancel button", lambda: question_button("Cancel"))[0].doActionNamed("click")
time.sleep(1.0)
if herald.poll() is not None:
    fail("herald quit although the question was answered Cancel")
if dump()["unsaved"] != "yes":
    fail("Cancel lost the unsaved edits")
ok("quitting with unsaved edits asks first; Cancel keeps the window and the edits")

gdbus_activate("quit", expect_reply=False)
wait_for("the question again", lambda: question_button("Discard"))[0].doActionNamed("click")
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
print("ui-editor: all passed")
