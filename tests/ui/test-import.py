#!/usr/bin/python3
# test-import.py — importing a CP932 (Excel on Japanese Windows) CSV through
# the window: app.import-file opens the import dialog on a fixture written
# here; the dialog must detect CP932, show the counts of a dry run (3 new,
# 1 duplicate, 1 invalid, with the rejected line), import on "Import", and
# the new list must appear with 3 contacts whose Japanese names (①, 髙)
# survived, and the search box narrows the new list. A second file into
# the same list: the dialog has the switch “Empty cells clear stored
# values” (off), says what changes before importing, keeps a value whose
# cell is empty, and the toast's “Undo Import” puts the values back; the
# list's “Undo Last Import” then asks, and undoes the first import.
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI and HERALD_BUILDDIR; HERALD_APP_ID is optional.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli, has_state  # noqa: E402
import pyatspi                      # noqa: E402

uitest.set_deadline(90)
uitest.require_env("HERALD_UI", "HERALD_BUILDDIR")


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
fixture_dir = uitest.tmp_dir()
fixture = os.path.join(fixture_dir, LIST + ".csv")
with open(fixture, "wb") as f:
    f.write("\r\n".join(ROWS).encode("cp932") + b"\r\n")
try:
    open(fixture, "rb").read().decode("utf-8")
    fail("the fixture is valid UTF-8: it would not test CP932 detection")
except UnicodeDecodeError:
    pass


# ---- start ---------------------------------------------------------------

app, window = uitest.start_herald(os.path.join(fixture_dir, "herald.log"))
address_lists = wait_for("the list of address lists",
                         lambda: find_all(window, "list", name="Address lists"))[0]
wait_for("the sample list", lambda: find_all(address_lists, "list item"), timeout=30)
ok("the window is open with its lists")

wait_for("the “Import CSV…” button",
         lambda: find_all(window, "push button", name="Import CSV…"))
ok("the lists page offers “Import CSV…”")


# ---- a picture chosen by mistake --------------------------------------------

# A PNG renamed .csv was shown as "Read as CP932" with garbage columns.
picture = os.path.join(fixture_dir, "写真.csv")
with open(picture, "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
uitest.gdbus_activate("import-file", uitest.quoted(picture))
dialog = wait_for("the import dialog for the picture",
                  lambda: [w for w in app.children if w.name == "Import Contacts"])[0]
said = wait_for("“not a CSV file”", lambda: find_all(dialog, "label", contains="not a CSV file"), timeout=20)[0]
if find_all(dialog, "label", contains="CP932"):
    fail("the dialog still says the picture was read as CP932")
blocked = [b for b in find_all(dialog, "push button")
           if (b.name or "").replace("_", "").split(" ")[0] == "Import" and has_state(b, pyatspi.STATE_SENSITIVE)]
if blocked:
    fail("Import can be pressed for a picture")
ok("a PNG named .csv: “%s”, and nothing to import" % said.name)
cancel = [b for b in find_all(dialog, "push button") if (b.name or "").replace("_", "").startswith("Cancel")]
if not cancel:
    fail("the import dialog has no Cancel button: %s" % [b.name for b in find_all(dialog, "push button")])
cancel[0].doActionNamed("click")
wait_for("the picture's dialog to close", lambda: not [w for w in app.children if w.name == "Import Contacts"])


# ---- the import dialog -------------------------------------------------------

uitest.gdbus_activate("import-file", uitest.quoted(fixture))
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
    result = cli("contacts", "--list", LIST, "--format", "csv", check=False)
    return result.stdout if "Taro Takahashi" in result.stdout else None


stored = wait_for("the edit stored in the database", stored_names, timeout=10)
if "髙橋太郎" in stored:
    fail("the old value is still stored: %s" % stored)
ok("edited 髙橋太郎 in place to “Taro Takahashi”; herald-cli contacts shows it")


# ---- a second import into the same list: what changes, then Undo ----------

# hanako's name cell is empty (it must keep 山田花子), jiro's name changes.
second_dir = os.path.join(fixture_dir, "second")
os.makedirs(second_dir, exist_ok=True)
second = os.path.join(second_dir, LIST + ".csv")
with open(second, "w", encoding="utf-8") as f:
    f.write("メールアドレス,氏名\nhanako@example.jp,\njiro@example.jp,佐藤二郎\n")
before_second = cli("contacts", "--list", LIST, "--format", "csv").stdout

uitest.gdbus_activate("import-file", uitest.quoted(second))
dialog = wait_for("the import dialog for the second file",
                  lambda: [w for w in app.children if w.name == "Import Contacts"])[0]
blank = wait_for("the switch “Empty cells clear stored values”",
                 # GTK 4.8 shows a switch as a check box, its name sometimes twice.
                 lambda: dialog.findChildren(lambda n: (n.name or "").startswith("Empty cells clear stored values")
                                             and n.roleName not in ("label", "list item"),
                                             recursive=True))[0]
if has_state(blank, pyatspi.STATE_CHECKED) or has_state(blank, pyatspi.STATE_PRESSED):
    fail("the switch is on by default")
ok("the switch “Empty cells clear stored values” is there, off (role %s)" % blank.roleName)

counts = wait_for("the counts of the second dry run",
                  lambda: find_all(dialog, "label", contains="Importing will give:"), timeout=30)[0]
if not all(e in counts.name for e in ["0 new", "1 updated", "0 duplicates"]):
    fail("the counts read “%s”, not 0 new, 1 updated" % counts.name)
for line in ["Known contacts whose values change: 1", "Fields that change: “氏名” (1)",
             "Empty cells that leave a stored value as it is: 1"]:
    wait_for("“%s” before importing" % line, lambda: find_all(dialog, "label", contains=line))
ok("before importing: “%s”, which field changes, and the kept value" % counts.name)

import_button = wait_for("the Import button", import_buttons, timeout=10, interval=1)[0]
import_button.doActionNamed("click")
wait_for("the dialog to close after the second import",
         lambda: not [w for w in app.children if w.name == "Import Contacts"], timeout=30)
stored = cli("contacts", "--list", LIST, "--format", "csv").stdout
if "佐藤二郎" not in stored or "山田花子" not in stored:
    fail("after the second import: %s" % stored)
ok("imported: jiro renamed, hanako's name kept (the empty cell cleared nothing)")

undo = wait_for("the “Undo Import” button on the toast",
                lambda: find_all(window, "push button", contains="Undo Import"), timeout=10)[0]
undo.doActionNamed("click")
# The toast saying so comes once the undo is done, and lasts a few seconds:
# look for it first (a loaded machine walks the window's tree slowly), then
# at the values.
wait_for("a toast saying the import was undone",
         lambda: find_all(window, "label", contains="Undid the import into"), timeout=30)
wait_for("the values before the second import back",
         lambda: cli("contacts", "--list", LIST, "--format", "csv").stdout == before_second, timeout=20)
ok("Undo Import put every value back, and a toast says so")

# The list's own button: it says what the undo would do (the first import
# created the list and its three contacts), and asks.
from uitest import is_drawn  # noqa: E402

undo_list = wait_for("the list's “Undo Last Import” button",
                     lambda: [b for b in find_all(window, "push button", contains="Undo Last Import")
                              if is_drawn(b)])[0]
undo_list.doActionNamed("click")


def confirm_text():
    return [l.name for l in find_all(app, "label", contains="contacts it created are deleted")
            if is_drawn(l)]


text = wait_for("the dialog asking before the undo", confirm_text, timeout=20)[0]
for wanted in ["into “%s”" % LIST, "3 contacts are taken off the list", "3 contacts it created are deleted",
               "The list, which the import created, is removed."]:
    if wanted not in text:
        fail("the dialog does not say “%s”: %r" % (wanted, text))
ok("Undo Last Import asks first: %s" % text)
confirm = wait_for("the dialog's Undo Import button",
                   lambda: [b for b in find_all(app, "push button", name="Undo Import")
                            if is_drawn(b) and b not in find_all(window, "push button")])[0]
confirm.doActionNamed("click")
wait_for("the list gone from herald-cli lists",
         lambda: LIST not in cli("lists").stdout, timeout=20)
wait_for("the list gone from the window",
         lambda: not find_all(address_lists, "list item", name=LIST), timeout=20)
ok("the first import undone: the list and its contacts are gone")


# ---- quit ------------------------------------------------------------------

uitest.quit_herald()
ok("quit through app.quit")
uitest.check_log()

uitest.stop()
print("ui-import: all passed")
