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

import base64
import email
import email.policy
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli, has_state, is_drawn  # noqa: E402
import pyatspi                      # noqa: E402

SAMPLE_TEMPLATE = "Sample newsletter"
OTHER_TEMPLATE = "Second newsletter"
ME = "me@example.org"

uitest.set_deadline(140)
uitest.require_env("HERALD_UI", "HERALD_BUILDDIR", "HERALD_CLI", "HERALD_DB", "HERALD_OUTBOX")


# ---- a database with two templates ---------------------------------------

os.makedirs(os.path.dirname(os.environ["HERALD_DB"]), exist_ok=True)
cli("init", "--demo")
work = tempfile.mkdtemp(dir=uitest.tmp_dir())
other_html = os.path.join(work, "other.html")
with open(other_html, "w", encoding="utf-8") as f:
    f.write("<html><body><p>{{ name }}様、別のお知らせです。</p></body></html>\n")
cli("template", "add", OTHER_TEMPLATE, "--subject", "別のお知らせ {{ name }}", "--html", other_html)

app, window = uitest.start_herald(os.path.join(uitest.tmp_dir(), "herald.log"))
ok("the window is open")

templates = uitest.open_template(window, uitest.page_tabs(window), SAMPLE_TEMPLATE)


def select_template(name):
    uitest.select_template(templates, name)


def settled(check=lambda d: True):
    def probe():
        d = uitest.dump_preview()
        return d if d and d["html"] and d["busy"] == "no" and check(d) else None
    return probe


wait_for("a first render", settled(lambda d: "様へ" in d["subject"]), timeout=30)
person = uitest.sample_contacts()[1]
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
if not has_state(uitest.template_item(templates, SAMPLE_TEMPLATE), pyatspi.STATE_SELECTED):
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

uitest.quit_herald()     # it would not exit in time when it asked a question
ok("quit through app.quit without a question")
uitest.check_log()

uitest.stop()
print("ui-send-test: all passed")
