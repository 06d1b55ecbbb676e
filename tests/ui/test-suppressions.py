#!/usr/bin/python3
# test-suppressions.py — the “Do Not Send” page: the suppression list as a
# shop owner meets it.
#
# An address herald-cli suppressed as bounced shows with its reason and
# source; an address typed into the page is added (the database has it,
# reason “manual”); a mistyped one is refused with a message and adds
# nothing; the search narrows the rows; “Send to … Again” takes an address
# off the list and the toast's Undo puts it back with its first reason.
# Nothing else in the database changes.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI and HERALD_DB.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli, is_drawn  # noqa: E402

uitest.set_deadline(120)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB")
tmp = uitest.tmp_dir()
BOUNCED = "gone@example.jp"
TYPED = "stop@example.jp"


def suppressions():
    return sorted(uitest.query("SELECT email, reason, coalesce(source, '') FROM suppressions"))


app, window = uitest.start_herald_ready()
tabs = uitest.page_tabs(window)
cli("suppression", "add", BOUNCED, "--reason", "bounced")
contacts_before = uitest.query("SELECT id, email, fields FROM contacts ORDER BY id")
members_before = uitest.query("SELECT list_id, contact_id, status FROM list_members ORDER BY id")
ok("the window is open; herald-cli suppressed %s as bounced" % BOUNCED)

uitest.switch_to(tabs, "Do Not Send")
rows = wait_for("the row of %s" % BOUNCED,
                lambda: [r for r in find_all(window, "list item", contains=BOUNCED) if is_drawn(r)]
                or [l for l in find_all(window, "label", name=BOUNCED) if is_drawn(l)], timeout=20)
wait_for("its reason and source under it",
         lambda: [l for l in find_all(window, "label", contains="Bounced · ") if "herald-cli" in l.name])
ok("the page shows %s, bounced, added with herald-cli" % BOUNCED)

entry = wait_for("the “Address to Suppress” field", lambda: find_all(window, "text", name="Address to Suppress"))[0]
add = wait_for("the “Add” button", lambda: find_all(window, "push button", contains="Add to the Suppression List"))[0]

# A mistyped address: refused, nothing added.
entry.text = "stop-at-example.jp"
add.doActionNamed("click")
wait_for("a message saying the address is not valid",
         lambda: find_all(window, "label", contains="is not a valid email address"))
if len(suppressions()) != 1:
    fail("a mistyped address changed the suppression list: %r" % suppressions())
ok("a mistyped address is refused with a message; nothing was added")

entry.text = "  Stop@Example.JP "
add.doActionNamed("click")
wait_for("%s in the database" % TYPED,
         lambda: [s for s in suppressions() if s[0].lower() == TYPED and s[1] == "manual"], timeout=10)
wait_for("its row on the page", lambda: [l for l in find_all(window, "label", contains="Your decision · ")
                                         if is_drawn(l)])
ok("a typed address is on the list (reason manual) and on the page")

search = wait_for("the search field", lambda: find_all(window, "entry", name="Search Suppressed Addresses"))[0]
search.text = "gone"
wait_for("only %s shown" % BOUNCED,
         lambda: not [l for l in find_all(window, "label", contains="Your decision · ") if is_drawn(l)]
         and [l for l in find_all(window, "label", contains="Bounced · ") if is_drawn(l)], timeout=10)
ok("the search narrows the rows")

again = wait_for("the “Send to %s Again” button" % BOUNCED,
                 lambda: [b for b in find_all(window, "push button", contains="Send to %s Again" % BOUNCED)
                          if is_drawn(b)])[0]
again.doActionNamed("click")
wait_for("%s off the list" % BOUNCED, lambda: BOUNCED not in [s[0] for s in suppressions()], timeout=10)
undo = wait_for("the toast's Undo", lambda: [b for b in find_all(window, "push button", contains="Undo")
                                             if is_drawn(b) and "Import" not in b.name], timeout=10)[0]
undo.doActionNamed("click")
wait_for("%s back, bounced, with its source" % BOUNCED,
         lambda: [s for s in suppressions() if s[0] == BOUNCED and s[1] == "bounced" and "herald-cli" in s[2]],
         timeout=10)
ok("“Send Again” takes the address off the list; Undo puts it back as it was")

if uitest.query("SELECT id, email, fields FROM contacts ORDER BY id") != contacts_before:
    fail("the contacts changed")
if uitest.query("SELECT list_id, contact_id, status FROM list_members ORDER BY id") != members_before:
    fail("the lists' members changed")
if len(suppressions()) != 2:
    fail("the suppression list is not the two addresses: %r" % suppressions())
ok("no contact or list member changed")

uitest.screenshot("suppressions.png")
uitest.quit_herald()
uitest.check_log()
uitest.stop()
