#!/usr/bin/python3
# test-blocks.py — a newsletter made with blocks only, no HTML typed: a
# CP932 list imported through the window; a template from the starter
# gallery's "Newsletter", which opens in the Blocks view; its greeting
# typed again with the recipient's name picked from the list's columns by
# the field picker ("Insert Field" → 氏名); an image block (a file) and a
# button block added from "Add Block"; the button moved above the image
# with Alt+Up; the footer deleted and brought back with the toast's Undo;
# saved; sent to the test outbox through the send confirmation. The
# message passes check-message.py's strict parser, greets each recipient
# by their 氏名, carries the image as a cid: part, the button above it and
# the footer with the business details, and has no <style> (mail programs
# drop it: every style is inline). Opening the HTML view asks first.
# Pictures of the message in the preview at 640 px (the preview's desktop
# width; the newsletter is at most 600 px) and 375 px, in the light and
# the dark style, go to the build folder (tests/ui/blocks-*.png).
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI, HERALD_CLI and HERALD_BUILDDIR.
# SPDX-License-Identifier: GPL-3.0-or-later

import email
import email.policy
import glob
import json
import os
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, has_state, is_drawn, dump_preview as dump  # noqa: E402
import pyatspi                      # noqa: E402
from dogtail import rawinput        # noqa: E402

NAME, ADDRESS, CONTACT = "ヘラルド文具店", "〒100-0001 東京都千代田区千代田1-1", "info@example.jp"
LIST = "customers-cp932"
CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration", "check-message.py")

uitest.set_deadline(290)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_BUILDDIR")
tmp = uitest.tmp_dir()


def drawn(nodes):
    return [n for n in nodes if is_drawn(n)]


def named(root, name, roles=None):
    """Drawn nodes called name that are not labels (or of the given roles)."""
    return drawn(root.findChildren(lambda n: n.name == name and
                                   (n.roleName in roles if roles else n.roleName != "label"), recursive=True))


def click_menu(root, name):
    """Opens the menu button called name (its inner toggle button)."""
    button = wait_for("the “%s” menu button" % name, lambda: named(root, name))[0]
    inner = button.findChildren(lambda n: n.roleName in ("toggle button", "push button"), recursive=True)
    for candidate in inner + [button]:
        if "click" in candidate.actions:
            candidate.doActionNamed("click")
            return
    button.click()      # a menu button whose node offers no action: the pointer


def popover_item(name):
    return wait_for("the menu item “%s”" % name,
                    lambda: [n for w in app.children for n in find_all(w, "push button", name=name) if is_drawn(n)])[0]


def rows():
    blocks = wait_for("the list of blocks", lambda: drawn(find_all(window, "list", name="Blocks")))[0]
    return blocks, [r for r in blocks.children if r.roleName == "list item"]


def row_names():
    return [r.name for r in rows()[1]]


def select_row(index):
    blocks, items = rows()
    blocks.querySelection().selectChild(index)
    wait_for("block %d selected" % (index + 1), lambda: has_state(rows()[1][index], pyatspi.STATE_SELECTED))


def field(name):
    try:
        return wait_for("the field “%s”" % name, lambda: drawn(find_all(window, "text", name=name)), timeout=10)[0]
    except SystemExit:
        print("# nodes: %r" % [(n.roleName, n.name, is_drawn(n)) for n in
                               window.findChildren(lambda n: name.split(" ")[0] in (n.name or ""), recursive=True)],
              flush=True)
        print("# blocks: %r" % seen, flush=True)
        raise


# ---- the data: business details, and a CP932 list as Excel writes it --------

uitest.cli("init")
uitest.cli("business", "set", "--name", NAME, "--address", ADDRESS, "--contact", CONTACT)
ROWS = ["メールアドレス,氏名,会員番号",
        "taro@example.jp,髙橋太郎,①-001",
        "hanako@example.jp,山田花子,②-002",
        "jiro@example.jp,佐藤次郎,③-003"]
fixture = os.path.join(tmp, LIST + ".csv")
with open(fixture, "wb") as f:
    f.write("\r\n".join(ROWS).encode("cp932") + b"\r\n")
picture = os.path.join(tmp, "shop.png")
subprocess.run(["convert", "-size", "240x120", "xc:#26a269", picture], check=True)

app, window = uitest.start_herald(os.path.join(tmp, "herald.log"))
# The getting-started strip under the header moves the page down, under the
# import's toast: hidden, as a person may, so the editor is in sight.
wait_for("the getting-started strip's Hide button",
         lambda: [b for b in find_all(window, "push button", name="Hide Getting Started") if is_drawn(b)],
         timeout=20)[0].doActionNamed("click")
wait_for("the getting-started strip hidden",
         lambda: not [b for b in find_all(window, "push button", name="Hide Getting Started") if is_drawn(b)])
uitest.gdbus_activate("import-file", uitest.quoted(fixture))
dialog = wait_for("the import dialog", lambda: [w for w in app.children if w.name == "Import Contacts"])[0]
wait_for("the detected encoding (CP932)", lambda: find_all(dialog, "label", contains="CP932"), timeout=20)
wait_for("the counts of the dry run", lambda: find_all(dialog, "label", contains="3 new"), timeout=30)
wait_for("the Import button", lambda: [b for b in find_all(dialog, "push button")
                                       if (b.name or "").replace("_", "").split(" ")[0] == "Import"
                                       and has_state(b, pyatspi.STATE_SENSITIVE)])[0].doActionNamed("click")
wait_for("the import dialog to close", lambda: not [w for w in app.children if w.name == "Import Contacts"], timeout=30)
ok("imported the CP932 list “%s” through the import dialog" % LIST)


# ---- a template from the starter gallery, in the Blocks view ------------------------

tabs = uitest.page_tabs(window)
uitest.switch_to(tabs, "Templates")
wait_for("an enabled “New Template…” button",
         lambda: [b for b in drawn(find_all(window, "push button", name="New Template…"))
                  if has_state(b, pyatspi.STATE_SENSITIVE)], timeout=30)[0].doActionNamed("click")
gallery = wait_for("the gallery", lambda: [w for w in app.children if w.name == "New Template"])[0]
wait_for("the “Newsletter” card", lambda: find_all(gallery, "push button", name="Newsletter"))[0].doActionNamed("click")
wait_for("the gallery to close", lambda: not [w for w in app.children if w.name == "New Template"], timeout=10)
templates = wait_for("the list of templates", lambda: find_all(window, "list", name="Templates"))[0]
uitest.template_item(templates, "Newsletter")
# GTK 4.8's notebook gives its tabs no accessible role: the Blocks view is
# there when its list of blocks is drawn.
wait_for("the “Blocks” view", lambda: drawn(find_all(window, "list", name="Blocks")), timeout=20)
names = wait_for("the starter's blocks", lambda: (lambda n: n if len(n) >= 5 else None)(row_names()))
if not names[0].startswith("1. Header") or not names[-1].endswith("Footer"):
    fail("the starter's blocks are %r" % names)
ok("the starter opened in the Blocks view: %s" % " | ".join(names))
# The starter greets {{ name }}, a column this list lacks: the preview says
# so, naming the block (not a place in HTML nobody typed).
said = wait_for("the preview to name the missing field",
                lambda: (lambda d: d if d and d["busy"] == "no" and d["error"] not in (None, "", "no") else None)(dump()),
                timeout=30)["error"]
if "Block 2 (Text) uses the merge field “name”" not in said:
    fail("the preview's error says %r" % said)
ok("the preview says: %s" % said)


# ---- the greeting: typed, the recipient's name picked from the list's columns -------------

select_row(1)
text = field("Text")
# Its first line: the import's toast may cover the rest of it.
extents = text.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
rawinput.click(extents.x + 40, extents.y + 8)
wait_for("the text focused", lambda: has_state(text, pyatspi.STATE_FOCUSED), timeout=5)
rawinput.keyCombo("<Control>a")
rawinput.typeText("Hello ")
rawinput.pressKey("Return")
rawinput.pressKey("Return")
rawinput.typeText("Our news.")
rawinput.keyCombo("<Control>Home")
for _ in range(len("Hello ")):
    rawinput.pressKey("Right")
click_menu(window, "Insert Field")
popover_item("Insert the field “氏名”").doActionNamed("click")
seen = []


def greets():
    n = row_names()
    seen[:] = n
    return n if n[1].startswith("2. Text: Hello {{ 氏名 }}") else None


end = time.monotonic() + 20
while not greets() and time.monotonic() < end:
    time.sleep(0.3)
if not greets():
    fail("the text block does not greet with 氏名: %r" % seen)
names = seen
ok("picked 氏名 from the list's columns: “%s”" % names[1])
shown = wait_for("the preview to greet 髙橋太郎",
                 lambda: (lambda d: d if d and d["busy"] == "no" and "Hello 髙橋太郎" in (d["html"] or "") else None)(dump()),
                 timeout=20)
ok("the preview greets the first recipient: Hello 髙橋太郎")


# ---- an image and a button, then the button moved up with Alt+Up -------------------------

click_menu(window, "Add Block")
popover_item("Add a “Image” block").doActionNamed("click")
wait_for("the image block after the text", lambda: row_names()[2].startswith("3. Image"))
field("Image (File or Address)").text = picture
field("Description for Screen Readers").text = "Our shop"
wait_for("the image's row to say its description", lambda: row_names()[2] == "3. Image: Our shop")

click_menu(window, "Add Block")
popover_item("Add a “Button” block").doActionNamed("click")
wait_for("the button block after the image", lambda: row_names()[3].startswith("4. Button"))
field("Button Label").text = "Visit the shop"
field("Link").text = "https://example.com/shop"
wait_for("the button's row to say its label", lambda: row_names()[3] == "4. Button: Visit the shop")
ok("added an image (a file) and a button from “Add Block”")

# The keyboard, as a person would: click the button's row, then Alt+Up.
blocks, items = rows()
row, box = items[3].queryComponent().getExtents(pyatspi.DESKTOP_COORDS), blocks.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
if row.y < box.y or row.y + row.height > box.y + box.height:
    fail("the button's row is not in view: %r in %r" % (row, box))
rawinput.click(row.x + row.width // 2, row.y + row.height // 2)
time.sleep(0.5)
rawinput.keyCombo("<Alt>Up")
names = wait_for("the button above the image",
                 lambda: (lambda n: n if n[2] == "3. Button: Visit the shop" and n[3] == "4. Image: Our shop" else None)(row_names()))
ok("Alt+Up moved the button above the image")


# ---- the footer: deleted, and back with Undo ------------------------------------------------

footer = len(names) - 1
select_row(footer)
wait_for("an enabled “Delete Block” button",
         lambda: [b for b in named(window, "Delete Block") if has_state(b, pyatspi.STATE_SENSITIVE)])[0].doActionNamed("click")
wait_for("the footer gone", lambda: not row_names()[-1].endswith("Footer"))
# GTK 4.8 may name a button with a mnemonic twice ("Undo Undo"); not the
# import's "Undo Import".
undo = wait_for("the toast's Undo button",
                lambda: [b for b in drawn(find_all(window, "push button", contains="Undo"))
                         if (b.name or "").replace("_", "") in ("Undo", "Undo Undo")], timeout=10)[0]
undo.doActionNamed("click")
names = wait_for("the footer back", lambda: (lambda n: n if n[-1].endswith("Footer") else None)(row_names()))
ok("deleted the footer and brought it back with Undo: %s" % " | ".join(names))


# ---- the HTML view asks first, and Keep Blocks keeps them -----------------------------------

wait_for("the “HTML” tab", lambda: drawn(find_all(window, "label", name="HTML")))[0].click()
try:
    keep = wait_for("the question about editing as HTML",
                    lambda: [b for w in app.children if w != window
                             for b in find_all(w, "push button", contains="Keep Blocks")], timeout=10)[0]
except SystemExit:
    print("# windows: %r" % [(w.name, [b.name for b in find_all(w, "push button")]) for w in app.children if w != window],
          flush=True)
    raise
keep.doActionNamed("click")
wait_for("the Blocks view again", lambda: drawn(find_all(window, "list", name="Blocks")))
html_view = [t for t in find_all(window, "text", name="HTML Source")]
if html_view and has_state(html_view[0], pyatspi.STATE_EDITABLE):
    fail("the HTML of a block template can be typed in")
ok("the HTML view asked before leaving the blocks; “Keep Blocks” kept them")


# ---- saved: the document with the template, the image stored with it ---------------------------

wait_for("the Save button", lambda: drawn(find_all(window, "push button", name="Save")))[0].doActionNamed("click")
wait_for("the template saved", lambda: (lambda d: d if d and d["unsaved"] == "no" and d["busy"] == "no" else None)(dump()),
         timeout=20)
db = sqlite3.connect(os.environ["HERALD_DB"])
blocks, html = db.execute("SELECT blocks, html FROM templates WHERE name = 'Newsletter'").fetchone()
n_images = db.execute("SELECT count(*) FROM template_parts p JOIN templates t ON t.id = p.template_id"
                      " WHERE t.name = 'Newsletter' AND p.kind = 'inline'").fetchone()[0]
db.close()
document = json.loads(blocks)
types = [b["type"] for b in document["blocks"]]
if types[1:4] != ["text", "button", "image"] or types[-1] != "footer":
    fail("the stored blocks are %r" % types)
if not document["blocks"][3]["src"].startswith("cid:") or "{{ 氏名 }}" not in document["blocks"][1]["text"]:
    fail("the stored document is %r" % document["blocks"][1:4])
if n_images != 1:
    fail("%d images stored with the template, not 1" % n_images)
if "<style" in html or "{{ 氏名 }}" not in html:
    fail("the stored HTML: %r" % html[:300])
ok("saved: the blocks with the template (%s), the image stored as %s" % (", ".join(types), document["blocks"][3]["src"]))


# ---- sent to the test outbox through the confirmation -----------------------------------------

uitest.switch_to(tabs, "Campaigns")
uitest.create_and_send(window, "Blocks newsletter")
uitest.confirm_send(app, window, ["Test outbox — nothing is sent"])
outbox = os.environ["HERALD_OUTBOX"]
messages = wait_for("three messages in the test outbox",
                    lambda: (lambda m: m if len(m) == 3 else None)(glob.glob(os.path.join(outbox, "new", "*"))),
                    timeout=60)
POLICY = email.policy.default.clone(raise_on_defect=True)
for path in messages:
    msg = email.message_from_bytes(open(path, "rb").read(), policy=POLICY)
    if "taro@example.jp" in str(msg["To"]):
        break
else:
    fail("no message to taro@example.jp among %r" % messages)
want = os.path.join(tmp, "want.json")
with open(want, "w") as f:
    json.dump({"text_links": True,
               "structure": "multipart/alternative[text/plain,multipart/related[text/html,image/png]]"}, f)
checked = subprocess.run(["/usr/bin/python3", CHECKER, path, want], capture_output=True, text=True)
if checked.returncode != 0:
    fail("check-message.py: %s" % checked.stdout)
html_part = [p for p in msg.walk() if p.get_content_type() == "text/html"][0].get_content()
text_part = [p for p in msg.walk() if p.get_content_type() == "text/plain"][0].get_content()
for needle in ("Hello 髙橋太郎", 'src="cid:', 'alt="Our shop"', 'href="https://example.com/shop"', NAME, ADDRESS, CONTACT,
               "https://example.com/unsubscribe?t=", "max-width:600px"):
    if needle not in html_part:
        fail("the message's HTML lacks %r" % needle)
if "<style" in html_part.lower():
    fail("the message's HTML has a <style> element: mail programs drop it")
if not html_part.index("Visit the shop") < html_part.index('alt="Our shop"'):
    fail("the button is not above the image in the message")
if "Hello 髙橋太郎" not in text_part or NAME not in text_part:
    fail("the text part: %r" % text_part[:300])
ok("the message passes the strict parser's checks; no <style>: every style is inline; "
   "it greets 髙橋太郎, shows the image (cid:) below the button and the footer")


# ---- pictures: 640 px and 375 px, light and dark ----------------------------------------------

def pictures(style):
    uitest.switch_to(tabs, "Templates")
    templates = wait_for("the list of templates", lambda: find_all(window, "list", name="Templates"))[0]
    uitest.select_template(templates, "Newsletter")
    wait_for("the preview of the newsletter",
             lambda: (lambda d: d if d and d["busy"] == "no" and d["loaded"] == "yes"
                      and "Hello 髙橋太郎" in (d["html"] or "") else None)(dump()), timeout=30)
    for width, button in (("640", "Desktop width"), ("375", "Mobile width")):
        wait_for("the “%s” button" % button, lambda: named(window, button))[0].doActionNamed("click")
        time.sleep(1.5)   # laid out and painted
        path, w, h = uitest.screenshot("blocks-%s-%s.png" % (width, style))
        if os.path.getsize(path) < 10000:
            fail("the picture %s is only %d bytes" % (path, os.path.getsize(path)))
        ok("a picture of the message at %s px, %s: %s (%d×%d)" % (width, style, path, w, h))


pictures("light")
uitest.check_log()
uitest.quit_herald()
app, window = uitest.start_herald(os.path.join(tmp, "herald-dark.log"),
                                  env=dict(os.environ, ADW_DEBUG_COLOR_SCHEME="prefer-dark"))
tabs = uitest.page_tabs(window)
pictures("dark")
uitest.check_log()
uitest.quit_herald()
ok("done")
