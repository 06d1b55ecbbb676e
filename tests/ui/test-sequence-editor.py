#!/usr/bin/python3
# test-sequence-editor.py — the Sequences page makes a sequence and edits
# its steps on the timeline.
#
# New Sequence makes “Onboarding” of the list 新規会員 on the Outbox. Add
# Step three times: ようこそ on day 0, 使い方 on day 3 at 10:00 (the time
# switch on), 特典 on day 7; a step before the last one is refused, saying
# why, and the dialog stays open. The timeline shows Day 0, Day 3, Day 7.
# Two people join and `sequence run-due` sends them step 1: the page,
# shown again, counts 2 sent for it. 特典 moves up (to day 3 at 10:00,
# 使い方 to day 7), step 3 is edited to day 10, step 1 is removed after
# the question: each time `herald-cli sequence list` agrees with the page.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_DB and
# HERALD_OUTBOX.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli, is_drawn  # noqa: E402
from dogtail import rawinput        # noqa: E402

uitest.set_deadline(170)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB", "HERALD_OUTBOX")
tmp = uitest.tmp_dir()
LIST, SEQ = "新規会員", "Onboarding"
TEMPLATES = ["ようこそ", "使い方", "特典"]

cli("init")
html = os.path.join(tmp, "t.html")
with open(html, "w", encoding="utf-8") as f:
    f.write("<p>{{ name }} 様</p>\n")
for t in TEMPLATES:
    cli("template", "add", t, "--subject", t + " {{ name }}", "--html", html)
first = os.path.join(tmp, "first.csv")
with open(first, "w", encoding="utf-8") as f:
    f.write("email,name\nold@example.jp,古参\n")
cli("import", first, "--list", LIST)
ok("herald-cli made the list %s and the templates %s" % (LIST, ", ".join(TEMPLATES)))

app, window = uitest.start_herald(os.path.join(tmp, "herald.log"))
tabs = uitest.page_tabs(window)
uitest.switch_to(tabs, "Sequences")


def drawn(root, role, **kw):
    return [n for n in find_all(root, role, **kw) if is_drawn(n)]


def dialog_named(title):
    return [w for w in app.children if w.name == title]


def combo(root, title):
    return wait_for("the “%s” drop-down" % title,
                    lambda: [n for n in drawn(root, "combo box") if (n.name or "").startswith(title)])[0]


def sequence_list():
    return cli("sequence", "list").stdout.strip()


wait_for("the page saying there is no sequence", lambda: drawn(window, "label", name="No Sequences Yet"))
wait_for("the New Sequence button", lambda: drawn(window, "push button", name="New Sequence"))[0].doActionNamed("click")
dialog = wait_for("the New Sequence dialog", lambda: dialog_named("New Sequence"))[0]
wait_for("the Sequence Name field", lambda: drawn(dialog, "text", name="Sequence Name"))[0].text = SEQ
lists = [line.split("\t")[0] for line in cli("lists").stdout.splitlines()]
if lists.index(LIST) != 0:
    uitest.choose(app, combo(dialog, "List"), lists.index(LIST), LIST)
accounts = [line.split("\t")[0] for line in cli("account", "list").stdout.splitlines()]
if accounts != ["outbox"]:
    fail("herald-cli account list shows %r, not the Outbox alone" % accounts)
wait_for("the Create button", lambda: drawn(dialog, "push button", name="Create"))[0].doActionNamed("click")
wait_for("the dialog to close", lambda: not dialog_named("New Sequence"), timeout=15)
wait_for("the sequence on the page", lambda: drawn(window, "label", name=SEQ), timeout=15)
# The page's box of sequences: later searches look there, not through
# every page of the window (slow on a loaded machine).
page = wait_for("the box of sequences", lambda: window.findChildren(
    lambda n: n.name == "Sequences" and n.roleName not in ("page tab", "label", "push button"), recursive=True))[0]
if not sequence_list().startswith("%s\t%s\toutbox\tsend" % (SEQ, LIST)):
    fail("herald-cli sequence list: %r" % sequence_list())
ok("New Sequence made %s of %s on the Outbox" % (SEQ, LIST))

def add_step(template, day, at=None, expect_error=None):
    wait_for("the Add Step button", lambda: drawn(page, "push button", name="Add a step to “%s”" % SEQ))[0] \
        .doActionNamed("click")
    d = wait_for("the Add Step dialog", lambda: dialog_named("Add Step"))[0]
    row = combo(d, "Template")
    uitest.choose(app, row, order.index(template), template)
    wait_for("the Template row showing %s" % template,
             lambda: template in [l.name for l in find_all(combo(d, "Template"), "label")], timeout=10)
    spin = wait_for("the Day spin button", lambda: drawn(d, "spin button", name="Day"))[0]
    spin.queryValue().currentValue = day
    if at is not None:
        rows = [r for r in find_all(d, "list item")
                if r.findChildren(lambda n: n.name == "At a Time of Day", recursive=True)]
        switch = [n for r in rows for n in r.findChildren(
            lambda n: n.roleName in ("switch", "toggle button", "check box"), recursive=True)][0]
        switch.click()
        hour = wait_for("the Hour spin button", lambda: drawn(d, "spin button", name="Hour"))[0]
        minute = wait_for("the Minute spin button", lambda: drawn(d, "spin button", name="Minute"))[0]
        hour.queryValue().currentValue = at[0]
        minute.queryValue().currentValue = at[1]
    wait_for("the Add button", lambda: drawn(d, "push button", name="Add"))[0].doActionNamed("click")
    if expect_error:
        said = wait_for("the dialog saying why", lambda: [l.name for l in find_all(d, "label")
                                                         if expect_error in (l.name or "")], timeout=15)[0]
        ok("refused, the dialog stays open: “%s”" % said)
        rawinput.pressKey("Escape")
        wait_for("the Add Step dialog to close on Escape", lambda: not dialog_named("Add Step"), timeout=10)
        return
    wait_for("the Add Step dialog to close", lambda: not dialog_named("Add Step"), timeout=15)


# The template row lists the templates in the store's order.
order = [line.split("\t")[0] for line in cli("template", "list").stdout.splitlines()]
add_step("ようこそ", 0)
add_step("使い方", 3, at=(10, 0))
add_step("特典", 7)
add_step("特典", 2, expect_error="Give it day 7 or later")
want = "%s\t%s\toutbox\tsend\tday 0 - ようこそ, day 3 10:00 使い方, day 7 - 特典" % (SEQ, LIST)
wait_for("herald-cli to list the three steps", lambda: sequence_list() == want, timeout=10)
for title in ("Day 0 · ようこそ", "Day 3 at 10:00 · 使い方", "Day 7 · 特典"):
    wait_for("the step “%s”" % title, lambda: drawn(page, "label", name=title), timeout=15)
for mark in ("Day 0", "Day 3", "Day 7"):
    wait_for("the timeline's mark “%s”" % mark, lambda: drawn(page, "label", name=mark), timeout=5)
ok("three steps added in the window, shown on the timeline Day 0, Day 3, Day 7; herald-cli agrees")

joined = os.path.join(tmp, "joined.csv")
with open(joined, "w", encoding="utf-8") as f:
    f.write("email,name\nann@example.jp,杏\nbob@example.jp,勉\n")
cli("import", joined, "--list", LIST)
run = cli("sequence", "run-due").stdout.strip()
if run != "queued 2, skipped 0, left 0, sent 2":
    fail("sequence run-due printed %r" % run)
uitest.switch_to(tabs, "Lists")
uitest.switch_to(tabs, "Sequences")
wait_for("step 1's counts", lambda: drawn(page, "label", name="2 sent · 0 waiting · 0 failed · 0 uncertain · 0 skipped"),
         timeout=15)
wait_for("who entered", lambda: drawn(page, "label", contains="2 entered · 2 in it"), timeout=10)
ok("after a run, the page shows step 1 sent to the 2 who joined")


def step_button(name):
    return wait_for("the button “%s”" % name, lambda: drawn(page, "push button", name=name), timeout=15)[0]


step_button("Move step 3 of “%s” earlier" % SEQ).doActionNamed("click")
want = "%s\t%s\toutbox\tsend\tday 0 - ようこそ, day 3 10:00 特典, day 7 - 使い方" % (SEQ, LIST)
wait_for("herald-cli to list 特典 at day 3 10:00", lambda: sequence_list() == want, timeout=15)
wait_for("the page to show the move", lambda: drawn(page, "label", name="Day 3 at 10:00 · 特典"), timeout=15)
ok("moving step 3 earlier put 特典 at day 3 10:00 and 使い方 at day 7")

step_button("Edit step 3 of “%s”" % SEQ).doActionNamed("click")
d = wait_for("the Edit Step dialog", lambda: dialog_named("Edit Step"))[0]
spin = wait_for("the Day spin button", lambda: drawn(d, "spin button", name="Day"))[0]
if int(spin.queryValue().currentValue) != 7:
    fail("the Edit Step dialog shows day %r, not 7" % spin.queryValue().currentValue)
spin.queryValue().currentValue = 10
wait_for("the Save button", lambda: drawn(d, "push button", name="Save"))[0].doActionNamed("click")
wait_for("the Edit Step dialog to close", lambda: not dialog_named("Edit Step"), timeout=15)
want = "%s\t%s\toutbox\tsend\tday 0 - ようこそ, day 3 10:00 特典, day 10 - 使い方" % (SEQ, LIST)
wait_for("herald-cli to list 使い方 at day 10", lambda: sequence_list() == want, timeout=15)
wait_for("the page to show day 10", lambda: drawn(page, "label", name="Day 10 · 使い方"), timeout=15)
ok("Edit Step moved step 3 to day 10")

step_button("Remove step 1 of “%s”" % SEQ).doActionNamed("click")
question = wait_for("the question", lambda: [w for w in app.children
                                             if find_all(w, "label", name="Remove Step 1 of “%s”?" % SEQ)], timeout=10)[0]
wait_for("the Remove button", lambda: drawn(question, "push button", contains="Remove"))[0].doActionNamed("click")
want = "%s\t%s\toutbox\tsend\tday 3 10:00 特典, day 10 - 使い方" % (SEQ, LIST)
wait_for("herald-cli to list two steps", lambda: sequence_list() == want, timeout=15)
wait_for("the page without step 1", lambda: not drawn(page, "label", name="Day 0 · ようこそ"), timeout=15)
ok("Remove Step asked, then removed step 1: the steps after it moved up")

uitest.screenshot("sequence-editor.png")
uitest.quit_herald()
uitest.check_log()
uitest.stop()
