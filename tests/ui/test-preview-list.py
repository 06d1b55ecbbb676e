#!/usr/bin/python3
# test-preview-list.py — the preview never shows another list's message.
#
# A template written for {{ name }}: the sample list has that column, an
# Excel CP932 list has 氏名 instead. The preview first shows the sample
# list's first customer; once the members' list is chosen in its list
# menu, the template has an error for it ({{ name }} is unknown there) and
# the preview must no longer show the sample customer's message under that
# error (user trial): it says there is nothing to show until the problem
# is fixed. Choosing the sample list again shows its message again.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_DB.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, is_drawn, dump_preview as dump  # noqa: E402

uitest.set_deadline(150)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB")
tmp = uitest.tmp_dir()

uitest.members_list_and_name_template(tmp, [("member1@example.jp", "会員一郎", "東京都"),
                                              ("member2@example.jp", "会員二郎", "大阪府")])
ok("the sample list (column name), a CP932 list (column 氏名) and a template using {{ name }}")

app, window = uitest.start_herald(os.path.join(tmp, "herald.log"))
tabs = uitest.page_tabs(window)
uitest.open_template(window, tabs, "案内")
first = wait_for("the preview of the sample list's first customer",
                 lambda: (lambda d: d if d and not d["error"] and d["busy"] == "no" and d["html"]
                          and "様、" in d["html"] and d["email"] else None)(dump()), timeout=30)
sample_email, sample_subject = first["email"], first["subject"]
sample_name = sample_subject.replace(" 様へ", "")
ok("the preview shows %s (%s)" % (sample_email, sample_name))


def choose_list(name):
    """Chooses a list in the preview's list menu with the keyboard, as
    test-editor.py does (the menu opens on the chosen list)."""
    from dogtail import rawinput
    names = dump()["lists"].split("\n")
    current = names.index(choose_list.current)
    dropdown = wait_for("the preview's list menu",
                        lambda: [n for n in find_all(window, "combo box", name="Address list") if is_drawn(n)] or
                        [n for n in window.findChildren(lambda n: n.name == "Address list" and n.roleName != "label",
                                                        recursive=True) if is_drawn(n)])[0]
    buttons = dropdown.findChildren(lambda n: n.roleName in ("toggle button", "push button"), recursive=True)
    (buttons[0] if buttons else dropdown).doActionNamed("click")
    wait_for("“%s” among the open menu's items" % name,
             lambda: [n for w in app.children for n in find_all(w, "list item")
                      if any(l.name == name for l in find_all(n, "label"))])
    time.sleep(0.5)   # the popover takes the keyboard once mapped
    step = names.index(name) - current
    for _ in range(abs(step)):
        rawinput.pressKey("Down" if step > 0 else "Up")
    rawinput.pressKey("Return")
    choose_list.current = name


choose_list.current = "Sample customers"
choose_list("会員")
d = wait_for("the preview's error about {{ name }} for the members' list",
             lambda: (lambda d: d if d and d["error"] and "name" in d["error"] and d["busy"] == "no"
                      and d["stepper"] == "2 recipients" else None)(dump()), timeout=30)
ok("the preview says: %s" % d["error"])
shown = d["html"] or ""
if sample_name in shown or sample_email in shown or (d["email"] or "") == sample_email:
    fail("under the members' list's error the preview still shows the sample customer's message: %r" % shown[:300])
if d["subject"]:
    fail("the preview still shows the subject %r" % d["subject"])
if "No message to show for this list" not in shown:
    fail("the emptied preview does not say why: %r" % shown[:300])
ok("the preview no longer shows another list's message; it says why")
# the subject line above the preview (the Lists page's table, kept in its
# stack, shows the sample customers' names: not looked at)
subject_labels = [l.name for l in find_all(window, "label", contains=sample_subject) if is_drawn(l)]
if subject_labels:
    fail("a label still shows the sample customer's subject: %r" % subject_labels)
# nor the sample list's fields line, which said every recipient had a value
# (user trial: it contradicted the error above it)
said = [l.name for l in find_all(window, "label", contains="Every recipient has a value") if is_drawn(l)]
if said:
    fail("a fields line says every recipient has a value though the list has no column “name”: %r" % said)
ok("nor the sample list's fields line")
uitest.screenshot("preview-list-error.png")

choose_list("Sample customers")
wait_for("the sample customer's message again",
         lambda: (lambda d: d if d and not d["error"] and d["busy"] == "no" and d["html"]
                  and sample_name + " 様、" in d["html"] else None)(dump()), timeout=30)
ok("choosing the sample list again shows its message again")

uitest.stop()
print("ok - all done", flush=True)
