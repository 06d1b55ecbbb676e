#!/usr/bin/python3
# test-account-security.py — the account editor's Security row shows its
# value whole. In a user trial (Japanese UI) the row's long explanation,
# as its subtitle, squeezed the chosen value to “STARTTL…”. At the
# editor's default size, in Japanese (started the README's way) and in
# English, the value the row shows must be as wide as the same words in
# the row's open menu (where nothing squeezes them), and the explanation
# must still be on screen. A picture of the editor goes to the build
# folder (tests/ui/account-security-ja.png).
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_BUILDDIR.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, is_drawn, has_state  # noqa: E402
import pyatspi                      # noqa: E402
from dogtail import rawinput        # noqa: E402

uitest.set_deadline(170)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_BUILDDIR")

JA = {"Preferences": "設定", "Accounts": "アカウント", "Add Account": "アカウントの追加", "Add button": "アカウントを追加",
      "Security": "セキュリティ", "STARTTLS (required)": "STARTTLS (必須)",
      "explanation": "STARTTLS で暗号化", "TLS": "TLS"}
EN = {"Preferences": "Preferences", "Accounts": "Accounts", "Add Account": "Add Account", "Add button": "Add Account",
      "Security": "Security", "STARTTLS (required)": "STARTTLS (required)",
      "explanation": "switches to encryption with STARTTLS", "TLS": "TLS"}


def extents(node):
    e = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return (e.x, e.y, e.width, e.height)


def width(node):
    return extents(node)[2]


def check_editor(words, picture):
    uitest.gdbus_activate("preferences")
    prefs = wait_for("the Preferences window", lambda: [w for w in app.children if w.name == words["Preferences"]])[0]
    wait_for("the Accounts tab", lambda: find_all(prefs, "page tab", name=words["Accounts"]))[0].doActionNamed("click")
    add = wait_for("an enabled Add Account button",
                   lambda: [b for b in find_all(prefs, "push button", contains=words["Add button"])
                            if has_state(b, pyatspi.STATE_SENSITIVE)])[0]
    add.doActionNamed("click")
    editor = wait_for("the Add Account dialog", lambda: [w for w in app.children if w.name == words["Add Account"]])[0]
    row = wait_for("the Security row",
                   lambda: [n for role in ("combo box", "list item", "push button")
                            for n in find_all(editor, role, name=words["Security"]) if is_drawn(n)])[0]
    value = wait_for("the Security row's value “%s”" % words["STARTTLS (required)"],
                     lambda: [l for l in find_all(row, "label", name=words["STARTTLS (required)"]) if is_drawn(l)])[0]
    shown = width(value)
    wait_for("the explanation of STARTTLS on screen",
             lambda: [l for l in find_all(editor, "label", contains=words["explanation"]) if is_drawn(l)])
    time.sleep(1.0)    # painted
    shot, w, h = uitest.screenshot(picture)
    ok("the editor (%dx%d, %s): the value is %d px wide" % (w, h, shot, shown))

    # The same words in the open menu, where nothing squeezes them.
    row.click()
    item = wait_for("“%s” in the open menu" % words["STARTTLS (required)"],
                    lambda: [l for wnd in app.children for l in find_all(wnd, "label", name=words["STARTTLS (required)"])
                             if is_drawn(l) and extents(l) != extents(value)], timeout=10)[0]
    natural = width(item)
    rawinput.pressKey("Escape")
    if shown + 2 < natural:
        fail("the Security row shows “%s” in %d px, but the words need %d px: cut short"
             % (words["STARTTLS (required)"], shown, natural))
    ok("the Security row's value is whole (%d px, the words need %d px)" % (shown, natural))


uitest.cli("init", "--demo")
app, window = uitest.start_herald(os.path.join(uitest.tmp_dir(), "herald-ja.log"),
                                  env=dict(os.environ, LANGUAGE="ja", LC_ALL="ja_JP.UTF-8",
                                           HERALD_LOCALEDIR=os.path.join(os.environ["HERALD_BUILDDIR"], "po")))
check_editor(JA, "account-security-ja.png")
uitest.quit_herald()

app, window = uitest.start_herald(os.path.join(uitest.tmp_dir(), "herald-en.log"), append=True)
check_editor(EN, "account-security.png")

uitest.stop()
print("ok - all done", flush=True)
