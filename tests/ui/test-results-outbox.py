#!/usr/bin/python3
# test-results-outbox.py — the Results page, in Japanese, for a campaign
# sent through the test Outbox: the “サーバーの応答” (Server Reply) column
# says in plain words that each message was saved in the Outbox folder and
# sent to nobody, not the stored “250 2.0.0 … new/NAME” (no server wrote
# it); a recipient it failed for still shows why. The stored log is left
# as it was: herald-cli report still gives the reply the Outbox wrote.
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI, HERALD_CLI, HERALD_DB and HERALD_BUILDDIR.
# SPDX-License-Identifier: GPL-3.0-or-later

import csv
import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, is_drawn, has_state, cli  # noqa: E402
import pyatspi                      # noqa: E402

SAVED_JA = "送信箱フォルダーに保存しました（誰にも送信していません）"

uitest.set_deadline(120)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB", "HERALD_BUILDDIR")
tmp = uitest.tmp_dir()

app, window = uitest.start_herald(os.path.join(tmp, "herald-ja.log"),
                                  env=dict(os.environ, LANGUAGE="ja", LC_ALL="ja_JP.UTF-8",
                                           HERALD_LOCALEDIR=os.path.join(os.environ["HERALD_BUILDDIR"], "po")))
lists = wait_for("the list of address lists", lambda: find_all(window, "list", name="アドレスリスト"))[0]
wait_for("the sample list (the database is open)", lambda: find_all(lists, "list item"), timeout=30)

# ann and bob are written to the Outbox; the line break in bad's name is
# refused, so Autumn fails for bad.
uitest.send_note_to_outbox(tmp, "Autumn", 'ann@example.jp,Ann\nbad@example.jp,"Line\nbreak"\nbob@example.jp,Bob\n')
ok("herald-cli sent “Autumn” through the Outbox: 2 written, 1 failed")

tab = wait_for("the “結果” page tab",
               lambda: [t for t in find_all(window, "page tab", name="結果") if is_drawn(t)])[0]
tab.doActionNamed("click")
wait_for("“結果” to be the selected page", lambda: has_state(tab, pyatspi.STATE_SELECTED))


def cells(text):
    return [n for n in find_all(window, "label", name=text) if is_drawn(n)]


wait_for("the plain words “%s” for ann and bob" % SAVED_JA, lambda: len(cells(SAVED_JA)) == 2, timeout=30)
ok("the Server Reply column says “%s” for the two messages written" % SAVED_JA)
technical = [n.name for n in find_all(window, "label") if (n.name or "").startswith("250 ")]
if technical:
    fail("the page still shows the stored reply: %r" % technical)
ok("no “250 2.0.0 …” reply is shown")

report = cli("report", "Autumn", "--format", "csv").stdout
replies = {r["email"]: r["response"] for r in csv.DictReader(io.StringIO(report))}
for email in ("ann@example.jp", "bob@example.jp"):
    if not replies.get(email, "").startswith("250 2.0.0 Saved in the Outbox (not sent to anyone) as new/"):
        fail("herald-cli report's response for %s is %r, not the reply the Outbox stored" % (email, replies.get(email)))
ok("herald-cli report keeps the stored replies (“%s…”)" % replies["ann@example.jp"][:40])

# bad's row: failed, with its own reason rather than the Outbox's words.
reason = replies.get("bad@example.jp")
if not reason or reason == SAVED_JA:
    fail("herald-cli report's response for bad@example.jp is %r" % reason)
wait_for("bad@example.jp's reason “%s” on the page" % reason, lambda: cells(reason), timeout=10)
ok("the failed recipient's row still says why: “%s”" % reason)

uitest.quit_herald()
ok("quit through app.quit")
uitest.check_log()
uitest.stop()
print("ui-results-outbox: all passed")
