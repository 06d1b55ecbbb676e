#!/usr/bin/python3
# test-consent.py — consent records in the window: a CP932 shop export
# with a メルマガ希望 column (希望する/希望しない) opened with app.import-file;
# the import dialog offers “How these people agreed to marketing mail”,
# says before importing which column tells who accepts marketing mail and
# how many declined; after importing, the contacts table's Consent column
# shows “Declined” for the person who said no and the typed source for
# the others, and herald-cli agrees. Then the Consent menu of the
# contacts' toolbar records that she agreed after all.
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI and HERALD_BUILDDIR; HERALD_APP_ID is optional.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli  # noqa: E402

uitest.set_deadline(90)
uitest.require_env("HERALD_UI", "HERALD_BUILDDIR")

LIST = "shop-consent"
SOURCE = "signed up at the shop counter, 2026-10"
ROWS = [
    "メールアドレス,氏名,メルマガ希望",
    "taro@example.jp,山田太郎,希望する",
    "hanako@example.jp,佐藤花子,希望しない",
    "jiro@example.jp,鈴木次郎,",
]
fixture_dir = uitest.tmp_dir()
fixture = os.path.join(fixture_dir, LIST + ".csv")
with open(fixture, "wb") as f:
    f.write("\r\n".join(ROWS).encode("cp932") + b"\r\n")

app, window = uitest.start_herald(os.path.join(fixture_dir, "herald.log"))
address_lists = wait_for("the list of address lists",
                         lambda: find_all(window, "list", name="Address lists"))[0]
wait_for("the sample list", lambda: find_all(address_lists, "list item"), timeout=30)
ok("the window is open with its lists")

uitest.gdbus_activate("import-file", uitest.quoted(fixture))
dialog = wait_for("the import dialog",
                  lambda: [w for w in app.children if w.name == "Import Contacts"])[0]
ok("app.import-file opened the import dialog")

wait_for("the counts of the dry run",
         lambda: find_all(dialog, "label", contains="Importing will give:"), timeout=30)
line = wait_for("which column says who accepts marketing mail, and how many declined",
                lambda: find_all(dialog, "label",
                                 contains="Whether people accept marketing mail: column “メルマガ希望”"),
                timeout=20)[0]
if "Declined, and never mailed: 1" not in line.name:
    fail("the dialog says “%s”, not that 1 person declined" % line.name)
ok("before importing: “%s”" % line.name.split("\n")[-1])

entry = wait_for("the entry “How these people agreed to marketing mail (optional)”",
                 lambda: dialog.findChildren(
                     lambda n: (n.name or "").startswith("How these people agreed to marketing mail")
                     and n.roleName in ("entry", "text"), recursive=True), timeout=10)[0]
entry.queryEditableText().setTextContents(SOURCE)
ok("typed how they agreed: “%s”" % SOURCE)


def import_buttons():
    return [b for b in find_all(dialog, "push button")
            if (b.name or "").replace("_", "").split(" ")[0] == "Import"]


wait_for("the Import button", import_buttons, timeout=10, interval=1)[0].doActionNamed("click")
wait_for("the dialog to close after importing",
         lambda: not [w for w in app.children if w.name == "Import Contacts"], timeout=30)
ok("imported; the dialog closed")

expected = {
    "taro@example.jp": "taro@example.jp\tgiven\t\t" + SOURCE,
    "hanako@example.jp": "hanako@example.jp\tdeclined\t\t",
    "jiro@example.jp": "jiro@example.jp\tgiven\t\t" + SOURCE,
}
for email, want in expected.items():
    got = cli("contact", "consent", email).stdout.rstrip("\n")
    if got != want:
        fail("herald-cli contact consent %s: %r, not %r" % (email, got, want))
ok("herald-cli shows taro and jiro with the typed source, hanako declined")

wait_for("the new list “%s”" % LIST,
         lambda: find_all(address_lists, "list item", name=LIST), timeout=20)[0]
contacts = wait_for("the contacts table", lambda: find_all(window, "tree table", name="Contacts"))[0]


def cells(text):
    return contacts.findChildren(lambda n: (n.name or "") == text, recursive=True)


wait_for("the column heading “Consent”",
         lambda: contacts.findChildren(lambda n: (n.name or "") == "Consent", recursive=True), timeout=20)
wait_for("“Declined” in the Consent column", lambda: cells("Declined"), timeout=20)
wait_for("the source in the Consent column twice", lambda: len(cells(SOURCE)) == 2, timeout=20)
ok("the Consent column shows Declined once and the source twice")

# Change one person's consent in the window: hanako agreed after all.
cell = wait_for("hanako's address in the table", lambda: cells("hanako@example.jp"))[0]
cell.click()
consent_button = wait_for("the “Consent” menu button",
                          lambda: find_all(window, "push button", name="Consent"), timeout=10)[0]
consent_button.doActionNamed("click")
item = wait_for("the menu item “Agreed to Marketing Mail”",
                lambda: find_all(app, "menu item", name="Agreed to Marketing Mail"), timeout=10)[0]
item.doActionNamed("click")
wait_for("herald-cli to show hanako given",
         lambda: cli("contact", "consent", "hanako@example.jp").stdout.split("\t")[1] == "given", timeout=20)
wait_for("“Declined” gone from the Consent column", lambda: not cells("Declined"), timeout=20)
ok("“Consent → Agreed to Marketing Mail” recorded hanako's consent; the column shows it")

uitest.quit_herald()
ok("quit through app.quit")
uitest.check_log()

uitest.stop()
print("ui-consent: all passed")
