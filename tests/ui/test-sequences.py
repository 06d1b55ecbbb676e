#!/usr/bin/python3
# test-sequences.py — the “Sequences” page: step mail as herald-cli left it.
#
# With no sequence the page says how to make one. herald-cli makes a
# sequence of a new list with two steps (day 0, day 3 at 10:00), two
# contacts join it and a run sends them the first step to the Outbox;
# the page then shows the sequence with its list, account and rule, who
# entered, and each step with its day, time, template and counts — read
# afresh when the page is shown again.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI and HERALD_DB.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, wait_for, find_all, cli, is_drawn  # noqa: E402

uitest.set_deadline(120)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB")
tmp = os.environ.get("HERALD_TEST_TMPDIR") or tempfile.mkdtemp()


def shown(window, role, contains):
    return [n for n in find_all(window, role, contains=contains) if is_drawn(n)]


app, window = uitest.start_herald(os.path.join(tmp, "herald.log"))
tabs = uitest.page_tabs(window)
lists = wait_for("the list of address lists", lambda: find_all(window, "list", name="Address lists"))[0]
wait_for("the sample list (the database is open)", lambda: find_all(lists, "list item"), timeout=30)

uitest.switch_to(tabs, "Sequences")
wait_for("the page saying there is no sequence", lambda: shown(window, "label", "No Sequences Yet"))
ok("with no sequence, the page says how to make one")

html = os.path.join(tmp, "welcome.html")
with open(html, "w") as f:
    f.write("<p>Welcome, {{ name }}</p>\n")
cli("template", "add", "Welcome", "--subject", "Welcome {{ name }}", "--html", html)
first = os.path.join(tmp, "first.csv")
with open(first, "w") as f:
    f.write("email,name\nfirst@example.jp,First\n")
cli("import", first, "--list", "Newcomers")
# first@ was on the list before the sequence began (in the same second,
# maybe): it never enters.
cli("sequence", "add", "Onboarding", "--list", "Newcomers", "--account", "outbox", "--catch-up", "skip")
cli("sequence", "step", "Onboarding", "--template", "Welcome", "--day", "0")
cli("sequence", "step", "Onboarding", "--template", "Welcome", "--day", "3", "--at", "10:00")
joined = os.path.join(tmp, "joined.csv")
with open(joined, "w") as f:
    f.write("email,name\nann@example.jp,Ann\nbob@example.jp,Bob\n")
cli("import", joined, "--list", "Newcomers")
run = cli("sequence", "run-due")
if run.stdout.strip() != "queued 2, skipped 0, left 0, sent 2":
    uitest.fail("sequence run-due printed %r" % run.stdout)

# Shown again: read afresh.
uitest.switch_to(tabs, "Lists")
uitest.switch_to(tabs, "Sequences")
wait_for("the sequence's name", lambda: shown(window, "label", "Onboarding"))
wait_for("its list, account and catch-up rule",
         lambda: shown(window, "label", "List “Newcomers” · account “outbox” · steps more than a day late are skipped"))
wait_for("who entered", lambda: shown(window, "label", "2 entered · 2 in it · 0 finished · 0 left"))
ok("the sequence shows with its list, account, rule and contacts")
wait_for("step 1", lambda: shown(window, "label", "Day 0 · Welcome"))
wait_for("step 1's counts", lambda: shown(window, "label", "2 sent · 0 waiting · 0 failed · 0 uncertain · 0 skipped"))
wait_for("step 2", lambda: shown(window, "label", "Day 3 at 10:00 · Welcome"))
wait_for("step 2's counts", lambda: shown(window, "label", "0 sent · 0 waiting · 0 failed · 0 uncertain · 0 skipped"))
ok("each step shows with its day, time, template and counts")

uitest.screenshot("sequences.png")
uitest.quit_herald()
uitest.check_log()
uitest.stop()
