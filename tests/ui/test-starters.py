#!/usr/bin/python3
# test-starters.py — a new template from a starter, in the window: the
# business details typed into Preferences (and stored: herald-cli business
# show reads them back; a template made before says to set them);
# "New Template…" on the Templates page opens the
# gallery of starters, each card a button with a thumbnail, an accessible
# name and a description; choosing "Sale Notice" makes the template, in
# the window's language, opens it in the editor and previews it for the
# sample list's first contact, with the business details and the
# unsubscribe link in its footer; a second one gets a name of its own. A
# picture of the editor goes to the build folder (tests/ui/starter.png).
# (test-starters-ja.py does the same in Japanese.)
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI, HERALD_CLI and HERALD_BUILDDIR.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, has_state, is_drawn, dump_preview as dump  # noqa: E402
import pyatspi                      # noqa: E402
from dogtail import rawinput        # noqa: E402

NAME, ADDRESS, CONTACT = "Herald Stationery", "1-2-3 Chiyoda, Tokyo 100-0001", "info@example.jp / 03-1234-5678"
CARDS = ["Newsletter", "Sale Notice", "Event Invitation", "Plain Letter", "Blank", "HTML Source"]

uitest.set_deadline(140)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_BUILDDIR")

app, window = uitest.start_herald(os.path.join(uitest.tmp_dir(), "herald.log"),
                                  env=dict(os.environ, GSK_RENDERER=os.environ.get("GSK_RENDERER", "gl")))
ok("the window is open")
tabs = uitest.page_tabs(window)


def toplevel(title):
    return uitest.toplevels(app, title)


def dump_tree(node, depth=0):
    for child in node:
        print("# %s%s “%s” (%s)" % ("  " * depth, child.roleName, child.name, child.description), flush=True)
        dump_tree(child, depth + 1)


# ---- a starter before the business details: the window says to set them ------

uitest.switch_to(tabs, "Templates")
templates = wait_for("the list of templates", lambda: find_all(window, "list", name="Templates"))[0]
uitest.template_item(templates, "Sample newsletter")


def open_gallery():
    wait_for("no gallery open", lambda: not toplevel("New Template"), timeout=10)
    new = wait_for("an enabled “New Template…” button",
                   lambda: [b for b in find_all(window, "push button", name="New Template…")
                            if uitest.sensitive(b) and is_drawn(b)])[0]
    new.doActionNamed("click")
    return wait_for("the “New Template” window", lambda: toplevel("New Template"))[0]


gallery = open_gallery()
wait_for("the “Plain Letter” card", lambda: find_all(gallery, "push button", name="Plain Letter"))[0].doActionNamed("click")
wait_for("a toast saying to set the business details in Preferences",
         lambda: find_all(window, "label", contains="Its footer shows your business details: set them in Preferences"))
uitest.template_item(templates, "Plain Letter")
ok("“Plain Letter” made before the business details are set: a toast says to set them in Preferences")


# ---- business details in Preferences ----------------------------------------

button = wait_for("the toast's “Preferences” button",
                  lambda: [b for b in find_all(window, "push button", contains="Preferences") if is_drawn(b)])[0]
button.doActionNamed("click")
prefs = wait_for("the Preferences window", lambda: toplevel("Preferences"))[0]
ok("the toast's button opened Preferences")


def business_field(title):
    def find():
        return [f for f in find_all(prefs, "text", name=title) if uitest.sensitive(f) and is_drawn(f)]
    try:
        return wait_for("the enabled field “%s”" % title, find, timeout=20)[0]
    except SystemExit:
        dump_tree(prefs)
        raise


for title, value in (("Business Name", NAME), ("Postal Address", ADDRESS), ("Contact (e-mail or telephone)", CONTACT)):
    field = business_field(title)
    # Typed as a person would: GTK 4.8 gives an entry row's text no
    # EditableText; Enter applies the row, as its ✓ button does.
    field.click()
    rawinput.typeText(value)
    rawinput.pressKey("Return")
    wait_for("“%s” saved" % title,
             lambda: ("%s\t%s" % ({"Business Name": "name", "Postal Address": "address"}.get(title, "contact"), value))
             in uitest.cli("business", "show").stdout, timeout=10)
ok("typed the business details in Preferences; herald-cli business show reads them back")
shown = uitest.cli("business", "show").stdout
if shown != "name\t%s\naddress\t%s\ncontact\t%s\n" % (NAME, ADDRESS, CONTACT):
    fail("business show says %r" % shown)
find_all(prefs, "push button", name="Close")[0].doActionNamed("click")
wait_for("the Preferences window to close", lambda: not toplevel("Preferences"), timeout=10)


# ---- the gallery -----------------------------------------------------------------

gallery = open_gallery()
grid = wait_for("the grid of starters", lambda: find_all(gallery, "list", name="Starter Templates")
                or find_all(gallery, "table", name="Starter Templates")
                or [n for n in gallery.findChildren(lambda n: n.name == "Starter Templates", recursive=True)])[0]
cards = wait_for("six cards", lambda: (lambda c: c if len(c) == 6 else None)(
    [b for b in find_all(gallery, "push button") if b.name in CARDS]))
if sorted(c.name for c in cards) != sorted(CARDS):
    fail("the cards are %r" % [c.name for c in cards])
for card in cards:
    if not card.description:
        fail("the card “%s” has no description" % card.name)
    if not find_all(card, "image", name="Layout of the starter") and \
       not card.findChildren(lambda n: n.name == "Layout of the starter", recursive=True):
        fail("the card “%s” has no thumbnail" % card.name)
ok("the gallery shows %s, each with a thumbnail and a description (“%s”)"
   % (", ".join(c.name for c in cards), cards[1].description))

sale = [c for c in cards if c.name == "Sale Notice"][0]
sale.doActionNamed("click")
wait_for("the gallery to close", lambda: not toplevel("New Template"), timeout=10)
item = uitest.template_item(templates, "Sale Notice")
wait_for("“Sale Notice” selected", lambda: has_state(item, pyatspi.STATE_SELECTED), timeout=10)
ok("choosing “Sale Notice” made the template “Sale Notice” and selected it")


# ---- its preview ------------------------------------------------------------------

person = uitest.sample_contacts()[0]


def settled():
    d = dump()
    if d and d["busy"] == "no" and d["html"] and "20% off" in d["html"] and d["email"] == person["email"]:
        return d
    return None


shown = wait_for("the preview of the new template", settled, timeout=30)
for needle in ("Hello %s," % person["name"], NAME, ADDRESS, CONTACT,
               "https://example.com/unsubscribe?t=", 'lang="en"', "max-width:600px"):
    if needle not in shown["html"]:
        fail("the preview's HTML lacks %r" % needle)
if "{{" in shown["html"] or "{{" in shown["subject"] or "{{" in shown["text"]:
    fail("merge syntax left in the preview")
if shown["subject"] != "Sale: up to 20%% off at %s" % NAME:
    fail("the subject is %r" % shown["subject"])
if NAME not in shown["text"] or "https://example.com/unsubscribe?t=" not in shown["text"]:
    fail("the text part lacks the sender or the unsubscribe link: %r" % shown["text"][-400:])
if shown["error"] not in (None, "", "no"):
    fail("the preview shows an error: %r" % shown["error"])
ok("the preview shows %s's message: subject “%s”, the business details and the unsubscribe link"
   % (person["email"], shown["subject"]))

stored = uitest.cli("template", "list").stdout
if "Sale Notice\tSale: up to 20% off at {{ sender_name }}" not in stored:
    fail("herald-cli template list says %r" % stored)
ok("the template is stored as “Sale Notice”")



def red_pixels(path):
    """Pixels of the sale notice's red header band and offer (#c01c28):
    thousands when its preview is in the picture, none when the preview
    still shows another template (the sample's header is blue)."""
    return uitest.count_pixels(path, lambda r, g, b: r > 170 and g < 60 and b < 70)


def shot_with_sale():
    wait_for("the preview loaded", lambda: (lambda d: d and d["loaded"] == "yes")(dump()), timeout=20)
    time.sleep(1.5)   # and painted
    path, width, height = uitest.screenshot("starter.png")
    red = red_pixels(path)
    return (path, width, height, red) if red > 5000 else None


path, width, height, red = wait_for("a picture of the editor showing the sale notice", shot_with_sale, timeout=40, interval=1)
ok("a picture of the editor: %s (%d×%d; the sale notice's red fills %d pixels)" % (path, width, height, red))


# ---- a second one gets its own name -------------------------------------------------

gallery = open_gallery()
sale = wait_for("the “Sale Notice” card", lambda: [b for b in find_all(gallery, "push button", name="Sale Notice")])[0]
sale.doActionNamed("click")
uitest.template_item(templates, "Sale Notice 2")
ok("a second “Sale Notice” is “Sale Notice 2”; the first is kept")
gallery = open_gallery()
cancel = wait_for("the gallery's Cancel button", lambda: find_all(gallery, "push button", contains="Cancel"))[0]
cancel.doActionNamed("click")
wait_for("the gallery to close", lambda: not toplevel("New Template"), timeout=10)
if uitest.cli("template", "list").stdout.count("\n") != 4:
    fail("Cancel made a template: %r" % uitest.cli("template", "list").stdout)
ok("Cancel makes nothing")

uitest.check_log()
uitest.quit_herald()
ok("done")
