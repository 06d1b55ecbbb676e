#!/usr/bin/python3
# test-campaign-check.py — the pre-send checklist in the window: “Check”
# on a campaign shows what `herald-cli campaign check` finds, in a dialog.
#
# A campaign of the sample list is made with herald-cli, and one address
# of the list is given a mistyped domain (gmial.com). DNS is answered from
# a table (HERALD_TEST_DNS, app/base/herald-table-resolver.c): it stands
# in for DNS because the test machines have no network; in it example.jp
# takes mail and example.org does not exist. The dialog “Before Sending”
# must name the typo with its fix and example.org's missing mail server;
# nothing is sent.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_DB and HERALD_OUTBOX.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli  # noqa: E402

uitest.set_deadline(120)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB", "HERALD_OUTBOX")
tmp = os.environ.get("HERALD_TEST_TMPDIR") or tempfile.mkdtemp()
db_path = os.environ["HERALD_DB"]
outbox_new = os.path.join(os.environ["HERALD_OUTBOX"], "new")
NAME = "Checked first"

dns = os.path.join(tmp, "dns.txt")
with open(dns, "w") as f:
    f.write("MX example.jp 10 mx.example.jp\n")
env = dict(os.environ, HERALD_TEST_DNS=dns)

app, window = uitest.start_herald(os.path.join(tmp, "herald.log"), env=env)
tabs = uitest.page_tabs(window)
lists = wait_for("the list of address lists", lambda: find_all(window, "list", name="Address lists"))[0]
wait_for("the sample list (the database is open)", lambda: find_all(lists, "list item"), timeout=30)

con = sqlite3.connect(db_path, timeout=10)
con.execute("UPDATE contacts SET email = 'taro.yamada@gmial.com' WHERE email = 'taro.yamada@example.jp'")
con.commit()
con.close()
cli("campaign", "create", NAME, "--template", "Sample newsletter", "--list", "Sample customers",
    "--account", "outbox")
ok("herald-cli prepared “%s”, one address at gmial.com" % NAME)

uitest.switch_to(tabs, "Lists")      # the Campaigns page reloads its campaigns when shown again
uitest.switch_to(tabs, "Campaigns")
uitest.select_campaign(window, NAME)
check = wait_for("the Check button",
                 lambda: [b for b in find_all(window, "push button", name="Check")
                          if uitest.has_state(b, uitest.pyatspi.STATE_SENSITIVE)])[0]
check.doActionNamed("click")
ok("clicked Check")
uitest.refusal_dialog(app, window, "the checklist dialog", "before sending", "Before Sending",
                      ["“gmial.com” looks like a typo of “gmail.com”", "taro.yamada@gmial.com",
                       "“example.org” has no mail server"])
if os.path.isdir(outbox_new) and os.listdir(outbox_new):
    fail("the Outbox holds messages though nothing should have been sent")
ok("nothing sent")

uitest.stop()
print("ok - all done", flush=True)
