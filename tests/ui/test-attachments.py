#!/usr/bin/python3
# test-attachments.py — a template's attachments managed in the window.
#
# herald-cli imports a list of three whose column “file” names each
# recipient's own file by a path relative to a folder (aiko.pdf, ben.pdf;
# chie's is empty: none), and stores a template. On the Templates page,
# Attachments… opens the dialog: “Add Files…” opens the file chooser (the
# GTK dialog GtkFileChooserNative shows where no portal runs, driven with
# the keyboard as a person would: Ctrl+L, the path, Enter), menu.pdf is
# listed; its Remove button takes it away with a toast whose Undo brings it
# back. The field “file” is chosen from the list's columns and the folder
# through the chooser in folder mode: the check says ben's file is missing;
# with ben.pdf written, the dialog opened again says 2 of 3 recipients
# have their own file. herald-cli sees the same. Then a campaign is sent to
# the Outbox from the Campaigns page, and Python's email parser finds in
# each message menu.pdf and that recipient's own file.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_DB and
# HERALD_OUTBOX.
# SPDX-License-Identifier: GPL-3.0-or-later

import email
import email.policy
import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli, is_drawn  # noqa: E402
from dogtail import rawinput        # noqa: E402

uitest.set_deadline(140)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB", "HERALD_OUTBOX")
tmp = os.environ.get("HERALD_TEST_TMPDIR") or tempfile.mkdtemp()
outbox_new = os.path.join(os.environ["HERALD_OUTBOX"], "new")
TEMPLATE = "Invoice letter"
DIALOG = "Attachments of “%s”" % TEMPLATE

cli("init", "--demo")
invoices = os.path.join(tmp, "invoices")
os.makedirs(invoices)
with open(os.path.join(invoices, "aiko.pdf"), "wb") as f:
    f.write(b"%PDF-1.4 aiko\n")
menu = os.path.join(tmp, "menu.pdf")
with open(menu, "wb") as f:
    f.write(b"%PDF-1.4 the menu for everyone\n")
csv_path = os.path.join(tmp, "customers.csv")
with open(csv_path, "w", encoding="utf-8") as f:
    f.write("email,name,file\naiko@example.jp,Aiko,aiko.pdf\nben@example.com,Ben,ben.pdf\nchie@example.jp,Chie,\n")
html = os.path.join(tmp, "letter.html")
with open(html, "w", encoding="utf-8") as f:
    f.write("<p>Dear {{ name }}, your invoice is attached.</p>\n")
cli("import", csv_path, "--list", "Customers")
cli("template", "add", TEMPLATE, "--subject", "Your invoice", "--html", html)
# The preview (and so the dialog's check) takes the first list: only ours is left.
with sqlite3.connect(os.environ["HERALD_DB"], timeout=30) as db:
    db.execute("DELETE FROM lists WHERE name = 'Sample customers'")
ok("a list of three naming files relative to a folder (one missing, one empty), and a template")

app, window = uitest.start_herald(os.path.join(tmp, "herald.log"))
tabs = uitest.page_tabs(window)
uitest.open_template(window, tabs, TEMPLATE)


def dialog():
    found = [w for w in app.children if w.name == DIALOG]
    return found[0] if found else None


def open_dialog():
    button = wait_for("the “Attachments…” button, enabled",
                      lambda: [b for b in find_all(window, "push button", name="Attachments…")
                               if uitest.sensitive(b) and is_drawn(b)])[0]
    button.doActionNamed("click")
    return wait_for("the dialog “%s”" % DIALOG, dialog)


def close_dialog():
    rawinput.pressKey("Escape")
    wait_for("the dialog to close", lambda: dialog() is None)


def check_text(d):
    labels = [l.name for l in find_all(d, "label") if "Customers:" in (l.name or "") and is_drawn(l)]
    return labels[0] if labels else None


def file_rows(d):
    return sorted(b.name for b in find_all(d, "push button") if b.name.startswith("Remove “"))


KEYS = {"/": "slash", ".": "period", "-": "minus", " ": "space"}


def type_keys(text):
    """Types text key by key (dogtail's typeText sends key strings, which
    this X server does not take)."""
    for ch in text:
        if ch == "_":
            rawinput.keyCombo("<Shift>minus")
        elif ch.isupper():
            rawinput.keyCombo("<Shift>" + ch.lower())
        else:
            rawinput.pressKey(KEYS.get(ch, ch))


def choose_in_chooser(title, path):
    """The file chooser GtkFileChooserNative shows (GTK's own dialog here,
    no portal): Ctrl+L opens its location entry, the path, Enter."""
    chooser = wait_for("the file chooser “%s”" % title,
                       lambda: [w for w in app.children if w.name == title])[0]
    wait_for("the chooser drawn", lambda: is_drawn(chooser))
    rawinput.keyCombo("<Control>l")
    entry = wait_for("the chooser's location entry",
                     lambda: [e for e in find_all(chooser, "text") if is_drawn(e) and uitest.sensitive(e)])[0]
    # (GTK 4.8 does not show the entry's text through AT-SPI: the chooser
    # closing, and the store, say it was taken.)
    type_keys(path)
    rawinput.pressKey("Return")
    wait_for("the file chooser to close", lambda: not [w for w in app.children if w.name == title], timeout=15)


d = open_dialog()
wait_for("“No files are attached for everyone”",
         lambda: find_all(d, "label", name="No files are attached for everyone"))
ok("the dialog is open, with no files")

add = wait_for("“Add Files…”", lambda: find_all(d, "push button", name="Add Files…"))[0]
add.doActionNamed("click")
choose_in_chooser("Attach Files for Everyone", menu)
wait_for("menu.pdf listed", lambda: file_rows(d) == ["Remove “menu.pdf”"])
if cli("template", "attach", TEMPLATE).stdout != "menu.pdf\t%d\n" % os.path.getsize(menu):
    fail("herald-cli does not see menu.pdf attached: %r" % cli("template", "attach", TEMPLATE).stdout)
ok("menu.pdf added through the file chooser; herald-cli sees it")

find_all(d, "push button", name="Remove “menu.pdf”")[0].doActionNamed("click")
wait_for("menu.pdf gone", lambda: not file_rows(d))
if cli("template", "attach", TEMPLATE).stdout != "":
    fail("menu.pdf is still stored after Remove")
undo = wait_for("the toast's Undo", lambda: [b for b in find_all(d, "push button", contains="Undo") if is_drawn(b)])[0]
undo.doActionNamed("click")
wait_for("menu.pdf back", lambda: file_rows(d) == ["Remove “menu.pdf”"])
if not cli("template", "attach", TEMPLATE).stdout.startswith("menu.pdf\t"):
    fail("Undo did not store menu.pdf again")
ok("Remove took menu.pdf away, Undo brought it back")

# The field, from the list's columns (name, file), with the keyboard.
row = wait_for("the “Field” row", lambda: [n for role in ("combo box", "list item", "push button")
                                           for n in find_all(d, role, name="Field") if is_drawn(n)])[0]
row.click()
wait_for("the column “file” offered",
         lambda: [n for w in app.children for n in find_all(w, "label", name="file") if is_drawn(n)], timeout=10)
rawinput.pressKey("Home")
rawinput.pressKey("Down")
rawinput.pressKey("Down")
rawinput.pressKey("Return")
wait_for("the field stored", lambda: cli("template", "attach-field", TEMPLATE).stdout == "file\n", timeout=15)
ok("the field “file” chosen from the list's columns")

choose = wait_for("“Choose Folder…”", lambda: find_all(d, "push button", name="Choose Folder…"))[0]
choose.doActionNamed("click")
choose_in_chooser("Choose the Folder of the Recipients’ Files", invoices + "/")
wait_for("the folder stored",
         lambda: cli("template", "attach-field", TEMPLATE).stdout == "file\nfolder\t%s\n" % invoices, timeout=15)
text = wait_for("the check naming ben's missing file",
                lambda: (lambda t: t if t and "missing" in t else None)(check_text(d)))
for wanted in ["1 recipient’s file is missing", "ben@example.com (ben.pdf)"]:
    if wanted not in text:
        fail("the check does not say “%s”: %r" % (wanted, text))
if "aiko@" in text or "chie@" in text:
    fail("the check names a recipient whose file is fine: %r" % text)
ok("the folder chosen through the chooser; the check says: %s" % text)

close_dialog()
with open(os.path.join(invoices, "ben.pdf"), "wb") as f:
    f.write(b"%PDF-1.4 ben\n")
d = open_dialog()
text = wait_for("the check with every file there",
                lambda: (lambda t: t if t and "have their own file" in t else None)(check_text(d)))
if "2 of 3 recipients have their own file." not in text:
    fail("the check says %r" % text)
if file_rows(d) != ["Remove “menu.pdf”"]:
    fail("the dialog opened again lists %r" % file_rows(d))
ok("with ben.pdf written, the dialog opened again says: %s" % text)
close_dialog()

uitest.switch_to(tabs, "Campaigns")
uitest.create_and_send(window, "Invoices")
uitest.confirm_send(app, window)
wait_for("three messages in the Outbox",
         lambda: os.path.isdir(outbox_new) and len(os.listdir(outbox_new)) == 3, timeout=40)

attached = {}
for name in os.listdir(outbox_new):
    with open(os.path.join(outbox_new, name), "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    attached[str(message["To"].addresses[0].addr_spec)] = sorted(
        (part.get_filename(), part.get_content()) for part in message.iter_attachments())
everyone = ("menu.pdf", b"%PDF-1.4 the menu for everyone\n")
want = {"aiko@example.jp": sorted([("aiko.pdf", b"%PDF-1.4 aiko\n"), everyone]),
        "ben@example.com": sorted([("ben.pdf", b"%PDF-1.4 ben\n"), everyone]),
        "chie@example.jp": [everyone]}
if attached != want:
    fail("the messages carry %r, not %r" % (attached, want))
ok("each message carries menu.pdf and its recipient's own file (none for the empty field)")

uitest.stop()
print("ok - all done", flush=True)
