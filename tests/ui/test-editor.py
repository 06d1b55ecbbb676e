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

import http.server
import threading
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, has_state, is_drawn, cli, dump_preview as dump  # noqa: E402
import pyatspi                      # noqa: E402

SAMPLE_TEMPLATE = "Sample newsletter"

uitest.set_deadline(140)
uitest.require_env("HERALD_UI", "HERALD_BUILDDIR")


# ---- start ---------------------------------------------------------------

# The screenshots draw the window through its own renderer (app.screenshot);
# GTK 4.8's cairo renderer, which Herald chooses on software OpenGL such as
# Xvfb's, leaves the WebKit preview out of them (on screen it shows). Ask
# for OpenGL so that the screenshots show the newsletter.
app, window = uitest.start_herald(os.path.join(uitest.tmp_dir(), "herald.log"),
                                  env=dict(os.environ, GSK_RENDERER=os.environ.get("GSK_RENDERER", "gl")))
ok("the window is open")

templates = uitest.open_template(window, uitest.page_tabs(window), SAMPLE_TEMPLATE)
subject = wait_for("the subject entry", lambda: [e for e in find_all(window, "text", name="Subject") if is_drawn(e)])[0]


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

person = uitest.sample_contacts()[1]
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

# A list imported while the window is open shows in the preview's list
# menu once the page is shown again (it was only read at start); chosen
# while the template has an error, the stepper gives its size (it said
# “The list has no recipients”).
csv_path = os.path.join(uitest.tmp_dir(), "new.csv")
with open(csv_path, "w", encoding="utf-8") as f:
    f.write("email,name\nnew1@example.jp,新井\nnew2@example.jp,新田\nnew3@example.jp,新山\n")
cli("import", csv_path, "--list", "新着")
tabs = uitest.page_tabs(window)
uitest.switch_to(tabs, "Lists")
uitest.switch_to(tabs, "Templates")
wait_for("“新着” in the preview's list menu",
         lambda: (lambda d: d if d and "新着" in (d["lists"] or "").split("\n") else None)(dump()), timeout=20)
ok("a list imported since the start is in the preview's list menu")
dropdown = wait_for("the preview's list menu", lambda: [n for n in find_all(window, "combo box", name="Address list")
                                                        if is_drawn(n)] or
                    [n for n in window.findChildren(lambda n: n.name == "Address list" and n.roleName != "label",
                                                    recursive=True) if is_drawn(n)])[0]
names = dump()["lists"].split("\n")
buttons = dropdown.findChildren(lambda n: n.roleName in ("toggle button", "push button"), recursive=True)
(buttons[0] if buttons else dropdown).doActionNamed("click")
item = wait_for("“新着” among the open menu's items",
                lambda: [n for w in app.children for n in find_all(w, "list item")
                         if any(l.name == "新着" for l in find_all(n, "label"))])[0]
# The menu opens on the chosen list: the keyboard moves to the new one.
from dogtail import rawinput    # noqa: E402
time.sleep(0.5)
for _ in range(names.index("新着")):
    rawinput.pressKey("Down")
rawinput.pressKey("Return")
chosen = wait_for("the stepper to give the new list's size while the template has an error",
                  lambda: (lambda d: d if d and d["error"] and d["stepper"] == "3 recipients" else None)(dump()),
                  timeout=20)
ok("with the error still there, the stepper says “%s” for the new list" % chosen["stepper"])
(buttons[0] if buttons else dropdown).doActionNamed("click")
wait_for("the menu open again", lambda: [n for w in app.children for n in find_all(w, "list item")
                                         if any(l.name == "新着" for l in find_all(n, "label"))])
time.sleep(0.5)
for _ in range(names.index("新着") - names.index("Sample customers")):
    rawinput.pressKey("Up")
rawinput.pressKey("Return")
wait_for("the sample list chosen again",
         lambda: (lambda d: d if d and d["stepper"] == "12 recipients" else None)(dump()), timeout=20)

type_subject(NEW_SUBJECT)
wait_for("the error to go", lambda: (lambda d: d if d and not d["error"] and d["busy"] == "no" else None)(dump()),
         timeout=10)
ok("the error went away once the subject was fixed")


# ---- screenshot ------------------------------------------------------------

wait_for("WebKit to finish loading the preview",
         lambda: (lambda d: d if d and d["loaded"] == "yes" else None)(dump()), timeout=20)
time.sleep(1.5)   # and to paint it
shot, width, height = uitest.screenshot("editor.png")
if os.path.getsize(shot) < 10000:
    fail("the screenshot is only %d bytes: an empty window?" % os.path.getsize(shot))


def header_blue_pixels(path):
    """Pixels of the sample newsletter's blue header band (#1a73e8-ish):
    tens of thousands when the preview is in the picture, a few hundred
    (the Save button) when it is blank."""
    return uitest.count_pixels(path, lambda r, g, b: b > 180 and r < 80 and 90 < g < 150)


blue = header_blue_pixels(shot)
if blue < 10000:
    fail("the screenshot shows no newsletter in the preview (%d header pixels)" % blue)
ok("wrote %s (%d×%d; the preview's header fills %d pixels)" % (shot, width, height, blue))


mobile = [b for b in find_all(window, "push button", name="Mobile width") if is_drawn(b)][0]
mobile.doActionNamed("click")
time.sleep(1.5)
shot_mobile = uitest.screenshot("editor-mobile.png")[0]
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


uitest.gdbus_activate("quit", expect_reply=False)
wait_for("the “Save Changes?” question on quit",
         lambda: [l for l in find_all(app, "label") if "Save Changes?" in (l.name or "")], timeout=10)
wait_for("its Cancel button", lambda: question_button("Cancel"))[0].doActionNamed("click")
time.sleep(1.0)
if uitest.herald().poll() is not None:
    fail("herald quit although the question was answered Cancel")
if dump()["unsaved"] != "yes":
    fail("Cancel lost the unsaved edits")
ok("quitting with unsaved edits asks first; Cancel keeps the window and the edits")

uitest.gdbus_activate("quit", expect_reply=False)
wait_for("the question again", lambda: question_button("Discard"))[0].doActionNamed("click")
uitest.wait_exit("app.quit and Discard")
ok("quit through app.quit")
uitest.check_log()

uitest.stop()
print("ui-editor: all passed")
