#!/usr/bin/python3
# test-template-charset.py — the Templates page's Charset drop-down: the
# sample newsletter follows its account's charset; choosing ISO-2022-JP
# there stores it at once (herald-cli template charset says so), a Save
# of the template's text keeps it, and herald-cli preview through the Outbox
# (a UTF-8 account) then writes the message in ISO-2022-JP. Back to the
# account's charset, the preview is UTF-8 again.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_DB.
# SPDX-License-Identifier: GPL-3.0-or-later

import email
import email.policy
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli  # noqa: E402

uitest.set_deadline(120)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB")
tmp = uitest.tmp_dir()
SAMPLE = "Sample newsletter"

app, window = uitest.start_herald(os.path.join(tmp, "herald.log"))
tabs = uitest.page_tabs(window)
uitest.open_template(window, tabs, SAMPLE)


def charset_box():
    return wait_for("the Charset drop-down", lambda: [n for role in ("combo box", "push button", "toggle button")
                                                     for n in find_all(window, role, name="Charset")])[0]


def choose(label, index):
    """Opens the drop-down and picks the item with the keyboard (GTK 4.8
    reports no usable positions for a popover's items)."""
    from dogtail import rawinput
    charset_box().click()
    wait_for("“%s” in the list" % label,
             lambda: [n for w in app.children for n in find_all(w, "label", name=label) if uitest.is_drawn(n)],
             timeout=10)
    rawinput.pressKey("Home")
    for _ in range(index):
        rawinput.pressKey("Down")
    rawinput.pressKey("Return")


def preview_charsets():
    out = os.path.join(tmp, "p.eml")
    cli("preview", "--template", SAMPLE, "--list", "Sample customers", "--row", "1", "--out", out)
    with open(out, "rb") as f:
        message = email.message_from_bytes(f.read(), policy=email.policy.strict)
    return {p.get_content_charset() for p in message.walk() if p.get_content_maintype() == "text"}


charset_box()
if cli("template", "charset", SAMPLE).stdout.strip() != "account":
    fail("the sample newsletter does not follow its account's charset to begin with")
if not [n for n in find_all(window, "label", name="Account’s Charset") if uitest.is_drawn(n)]:
    fail("the drop-down does not show “Account’s Charset” for the sample newsletter")
ok("the Templates page shows the Charset drop-down at “Account’s Charset”")

choose("ISO-2022-JP (older Japanese phones)", 2)
wait_for("herald-cli to see ISO-2022-JP stored",
         lambda: cli("template", "charset", SAMPLE).stdout.strip() == "iso-2022-jp", timeout=15)
if preview_charsets() != {"iso-2022-jp"}:
    fail("herald-cli preview through the Outbox is %r, not ISO-2022-JP" % preview_charsets())
ok("choosing ISO-2022-JP stores it at once; the preview through a UTF-8 account is ISO-2022-JP")

# The subject edited and saved: the charset stays.
subject = wait_for("the subject entry",
                   lambda: [e for e in find_all(window, "text", name="Subject") if uitest.is_drawn(e)])[0]
subject.text = "冬のお知らせ {{ name }}"
save = wait_for("an enabled Save button", lambda: [b for b in find_all(window, "push button", name="Save")
                                                   if uitest.has_state(b, uitest.pyatspi.STATE_SENSITIVE)])[0]
save.doActionNamed("click")
wait_for("the edited subject saved",
         lambda: "%s\t冬のお知らせ {{ name }}" % SAMPLE in cli("template", "list").stdout.splitlines(), timeout=15)
if cli("template", "charset", SAMPLE).stdout.strip() != "iso-2022-jp":
    fail("saving the template dropped its charset")
ok("saving the template keeps its charset")

choose("Account’s Charset", 0)
wait_for("herald-cli to see the account's charset again",
         lambda: cli("template", "charset", SAMPLE).stdout.strip() == "account", timeout=15)
if preview_charsets() != {"utf-8"}:
    fail("back to the account's, the preview is %r, not UTF-8" % preview_charsets())
ok("back to “Account’s Charset”, the preview is UTF-8 again")

uitest.quit_herald()
uitest.check_log()
uitest.stop()
print("ui-template-charset: all passed")
