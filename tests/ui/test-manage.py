#!/usr/bin/python3
# test-manage.py — lists and templates renamed, duplicated and deleted in
# the window, with campaign history kept. A campaign “Spring” of the
# sample newsletter to the sample list is sent to the test outbox with
# herald-cli first. Then, in the window: the Lists page's “List Actions”
# renames “Sample customers” to “Stammkunden”, duplicates it (the copy
# has the 12 contacts), and deletes the copy and then the list itself,
# each after “Delete the List …?” (Cancel first: nothing goes); the
# Templates page's “Template Actions” duplicates the sample newsletter
# and deletes it. herald-cli sees each change; “Spring” still shows
# “Stammkunden” and “Sample newsletter” on the Campaigns page, its 12
# deliveries intact; the other list, “Other”, keeps its contacts.
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI, HERALD_CLI, HERALD_DB.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli, is_drawn, has_state  # noqa: E402
import pyatspi                      # noqa: E402

uitest.set_deadline(140)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB")
tmp = uitest.tmp_dir()
cli("init", "--demo")
other = os.path.join(tmp, "other.csv")
with open(other, "w", encoding="utf-8") as f:
    f.write("email,name\nx@example.jp,X\ny@example.jp,Y\n")
cli("import", other, "--list", "Other")
cli("campaign", "create", "Spring", "--template", "Sample newsletter", "--list", "Sample customers",
    "--account", "outbox")
cli("campaign", "send", "Spring")
ok("herald-cli sent “Spring” to the test outbox; the list “Other” has 2 contacts")


def lists():
    return dict(line.split("\t") for line in cli("lists").stdout.splitlines())


def templates():
    return cli("template", "list").stdout


def deliveries():
    with sqlite3.connect(os.environ["HERALD_DB"], timeout=30) as db:
        return db.execute("SELECT count(*) FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id"
                          " WHERE c.name = 'Spring' AND d.state = 'sent'").fetchone()[0]


app, window = uitest.start_herald(os.path.join(tmp, "herald.log"))
tabs = uitest.page_tabs(window)
address_lists = wait_for("the list of address lists", lambda: find_all(window, "list", name="Address lists"))[0]


def select_list(name):
    row = wait_for("the list “%s”" % name, lambda: find_all(address_lists, "list item", name=name), timeout=20)[0]
    address_lists.querySelection().selectChild(row.indexInParent)
    wait_for("“%s” selected" % name,
             lambda: [r for r in find_all(address_lists, "list item", name=name)
                      if has_state(r, pyatspi.STATE_SELECTED)], timeout=20)


def menu(button_name, item_name):
    def button():
        found = window.findChildren(lambda n: n.name == button_name and "button" in n.roleName, recursive=True)
        return [b for b in found if is_drawn(b) and has_state(b, pyatspi.STATE_SENSITIVE)]
    node = wait_for("the “%s” menu" % button_name, button)[0]
    # GTK 4.8: the menu button's own node has no action; its inner toggle button has.
    clickable = [node] + node.findChildren(lambda n: "button" in n.roleName, recursive=True)
    for n in clickable:
        try:
            n.doActionNamed("click")
            break
        except Exception:
            continue
    else:
        fail("nothing in the “%s” menu button can be clicked" % button_name)
    wait_for("the menu item “%s”" % item_name,
             lambda: [i for i in find_all(app, "menu item", name=item_name)
                      if has_state(i, pyatspi.STATE_SENSITIVE)], timeout=10)[0].doActionNamed("click")


def dialog_button(name):
    def found():
        for d in uitest.dialogs(app, window):
            buttons = [b for b in find_all(d, "push button", name=name) if is_drawn(b)]
            if buttons:
                return buttons
        return None
    return wait_for("the dialog's “%s”" % name, found, timeout=10)[0]


def no_dialog():
    wait_for("the dialog to close", lambda: not [d for d in uitest.dialogs(app, window)
                                                 if find_all(d, "push button", name="Cancel")], timeout=10)


# ---- lists ------------------------------------------------------------------------

select_list("Sample customers")
menu("List Actions", "Rename List…")
entry = wait_for("the “New name” field",
                 lambda: [e for d in uitest.dialogs(app, window) for e in find_all(d, "text", name="New name")])[0]
entry.text = "Stammkunden"
dialog_button("Rename").doActionNamed("click")
no_dialog()
wait_for("herald-cli to see “Stammkunden”", lambda: lists().get("Stammkunden") == "12" and "Sample customers" not in lists())
select_list("Stammkunden")
ok("List Actions → Rename List…: “Sample customers” is “Stammkunden”")

menu("List Actions", "Duplicate List")
wait_for("herald-cli to see the copy", lambda: lists().get("Stammkunden (copy)") == "12")
select_list("Stammkunden (copy)")
ok("Duplicate List: “Stammkunden (copy)” with the 12 contacts")

menu("List Actions", "Delete List…")
dialog_button("Cancel").doActionNamed("click")
no_dialog()
if "Stammkunden (copy)" not in lists():
    fail("Cancel deleted the list")
menu("List Actions", "Delete List…")
wait_for("the question naming the list",
         lambda: find_all(app, "label", name="Delete the List “Stammkunden (copy)”?"), timeout=10)
dialog_button("Delete").doActionNamed("click")
no_dialog()
wait_for("herald-cli to lose the copy", lambda: "Stammkunden (copy)" not in lists())
ok("Delete List…: Cancel keeps it; Delete removes “Stammkunden (copy)”")

select_list("Stammkunden")
menu("List Actions", "Delete List…")
dialog_button("Delete").doActionNamed("click")
no_dialog()
wait_for("herald-cli to lose “Stammkunden”", lambda: "Stammkunden" not in lists())
if lists() != {"Other": "2"}:
    fail("the lists are now %r" % lists())
if deliveries() != 12:
    fail("“Spring” has %d sent deliveries, not 12" % deliveries())
wait_for("the list gone from the window",
         lambda: not find_all(address_lists, "list item", name="Stammkunden"), timeout=10)
ok("“Stammkunden”, sent to by “Spring”, deleted; “Other” keeps its 2; Spring's 12 deliveries stay")

# ---- templates --------------------------------------------------------------------

templates_list = uitest.open_template(window, tabs, "Sample newsletter")
menu("Template Actions", "Duplicate Template")
uitest.template_item(templates_list, "Sample newsletter (copy)")
wait_for("herald-cli to see the copy", lambda: "Sample newsletter (copy)" in templates())
ok("Template Actions → Duplicate Template: “Sample newsletter (copy)”")

uitest.select_template(templates_list, "Sample newsletter")
menu("Template Actions", "Delete Template…")
wait_for("the question naming the template",
         lambda: find_all(app, "label", name="Delete the Template “Sample newsletter”?"), timeout=10)
dialog_button("Delete").doActionNamed("click")
no_dialog()
wait_for("herald-cli to lose the template",
         lambda: "Sample newsletter\t" not in templates() and "Sample newsletter (copy)" in templates())
wait_for("the template gone from the window",
         lambda: not find_all(templates_list, "list item", name="Sample newsletter"), timeout=10)
ok("Delete Template…: “Sample newsletter” gone, its copy stays")

# ---- the campaign's history ----------------------------------------------------------

uitest.switch_to(tabs, "Campaigns")
uitest.select_campaign(window, "Spring")
sources = "List “Stammkunden” · Template “Sample newsletter”"
wait_for("“%s” under Spring" % sources, lambda: [l for l in find_all(window, "label", name=sources) if is_drawn(l)],
         timeout=20)
ok("Spring still shows: %s" % sources)
uitest.check_log()
uitest.quit_herald()
uitest.stop()
ok("done")
