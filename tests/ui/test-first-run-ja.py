#!/usr/bin/python3
# test-first-run-ja.py — the first-run path end to end in Japanese, started
# the README's way (the build folder's translations, HERALD_LOCALEDIR):
# the getting-started guide under the header shows “1. リストをインポート”,
# “2. ニュースレターを作る”, “3. 送信する”, none done, and a button for the
# next one. Its “リストをインポート…” opens the file chooser (cancelled: the
# file is then given through app.import-file, as a file manager would), a
# CP932 shop export is imported, and step 1 is ✓; “ニュースレターを作る…”
# opens the starter gallery, whose ニュースレター makes the newsletter, and
# step 2 is ✓; “送信へ…” opens the Campaigns page with that list and that
# newsletter chosen; 作成して送信, the confirmation (テスト用送信箱に書き出しますか?),
# and the Results page shows every message written; the guide is gone.
# A picture of the window with the guide goes to the build folder
# (tests/ui/first-run-ja.png; data/screenshots/ holds a copy).
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI, HERALD_CLI, HERALD_BUILDDIR, HERALD_DB.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, has_state, is_drawn  # noqa: E402
import pyatspi                      # noqa: E402

uitest.set_deadline(140)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_BUILDDIR", "HERALD_DB")
tmp = uitest.tmp_dir()
CAMPAIGN = "初めてのお知らせ"
LIST = "顧客リスト"
PEOPLE = [("sato@example.jp", "佐藤 一郎", "佐藤商店"), ("suzuki@example.jp", "鈴木 花子", "鈴木屋"),
          ("takahashi@example.jp", "髙橋 次郎", "髙橋工務店")]

# The sample data and the business details every starter's footer shows.
uitest.cli("init", "--demo")
uitest.cli("business", "set", "--name", "ヘラルド文具店", "--address", "〒100-0001 東京都千代田区千代田1-1",
           "--contact", "info@example.jp")
shop = os.path.join(tmp, LIST + ".csv")
with open(shop, "wb") as f:
    f.write(("メールアドレス,name,会社名\r\n" + "".join("%s,%s,%s\r\n" % p for p in PEOPLE)).encode("cp932"))

app, window = uitest.start_herald(os.path.join(tmp, "herald-ja.log"),
                                  env=dict(os.environ, LANGUAGE="ja", LC_ALL="ja_JP.UTF-8",
                                           HERALD_LOCALEDIR=os.path.join(os.environ["HERALD_BUILDDIR"], "po")))


def drawn(role, name):
    return [n for n in find_all(window, role, name=name) if is_drawn(n)]


def steps():
    """The guide's three steps as shown, or None while it is not."""
    found = []
    for title in ("1. リストをインポート", "2. ニュースレターを作る", "3. 送信する"):
        labels = drawn("label", title) + drawn("label", "✓ " + title)
        if not labels:
            return None
        found.append(labels[0].name)
    return found


def guide_button(name):
    return wait_for("the guide's “%s”" % name,
                    lambda: [b for b in drawn("push button", name) if has_state(b, pyatspi.STATE_SENSITIVE)],
                    timeout=30)[0]


def toplevel(title):
    return [w for w in app.children if w.name == title]


shown = wait_for("the getting-started guide", steps, timeout=30)
if any(s.startswith("✓") for s in shown):
    fail("on first run the guide says %r" % shown)
ok("the guide: %s" % " → ".join(shown))
time.sleep(1)   # painted
path, width, height = uitest.screenshot("first-run-ja.png")
ok("a picture of the window with the guide: %s (%d×%d)" % (path, width, height))

# ---- 1. the list ----------------------------------------------------------------

guide_button("リストをインポート…").doActionNamed("click")
chooser = wait_for("the file chooser", lambda: toplevel("連絡先のインポート"), timeout=15)[0]
cancel = wait_for("the chooser's キャンセル", lambda: [b for b in find_all(chooser, "push button")
                                                    if (b.name or "").startswith("キャンセル")])[0]
cancel.doActionNamed("click")
wait_for("the chooser to close", lambda: not toplevel("連絡先のインポート"), timeout=10)
ok("“リストをインポート…” opened the file chooser")
uitest.gdbus_activate("import-file", uitest.quoted(shop))
dialog = wait_for("the import dialog", lambda: toplevel("連絡先のインポート"), timeout=15)[0]
wait_for("the dry run's counts", lambda: find_all(dialog, "label", contains="3"), timeout=30)
import_button = wait_for("an enabled インポート",
                         lambda: [b for b in find_all(dialog, "push button")
                                  if (b.name or "").startswith("インポート") and
                                  has_state(b, pyatspi.STATE_SENSITIVE)], timeout=30)[0]
import_button.doActionNamed("click")
wait_for("the import dialog to close", lambda: not toplevel("連絡先のインポート"), timeout=30)
shown = wait_for("step 1 done", lambda: (lambda s: s if s and s[0].startswith("✓") else None)(steps()), timeout=20)
ok("imported “%s”: %s" % (LIST, " → ".join(shown)))

# ---- 2. the newsletter ------------------------------------------------------------

guide_button("ニュースレターを作る…").doActionNamed("click")
gallery = wait_for("the starter gallery", lambda: toplevel("新しいテンプレート"), timeout=20)[0]
wait_for("the “ニュースレター” card", lambda: find_all(gallery, "push button", name="ニュースレター"))[0] \
    .doActionNamed("click")
wait_for("the gallery to close", lambda: not toplevel("新しいテンプレート"), timeout=10)
shown = wait_for("step 2 done", lambda: (lambda s: s if s and s[1].startswith("✓") else None)(steps()), timeout=20)
ok("made the newsletter: %s" % " → ".join(shown))

# ---- 3. send ------------------------------------------------------------------------

guide_button("送信へ…").doActionNamed("click")
for title, wanted in (("リスト", LIST), ("テンプレート", "ニュースレター")):
    wait_for("the form's %s: %s" % (title, wanted),
             lambda: [n for n in find_all(window, "combo box") if (n.name or "").startswith(title)
                      and is_drawn(n) and n.findChildren(lambda c: c.name == wanted, recursive=True)],
             timeout=20)
ok("“送信へ…” opened the Campaigns page with “%s” and “ニュースレター” chosen" % LIST)
name_field = wait_for("the キャンペーン名 field", lambda: drawn("text", "キャンペーン名"), timeout=20)[0]
name_field.text = CAMPAIGN
wait_for("作成して送信", lambda: drawn("push button", "作成して送信"))[0].doActionNamed("click")


seen = []


def confirmation():
    for d in uitest.dialogs(app, window):
        labels = [l.name for l in find_all(d, "label") if is_drawn(l)]
        if labels != seen:
            print("# a dialog says: %s" % " | ".join(labels), flush=True)
            seen[:] = labels
        if "テスト用送信箱に書き出しますか?" in labels and \
                not any(l.startswith("アドレス、ドメイン、リンクを確認しています") for l in labels):
            buttons = [b for b in find_all(d, "push button")
                       if (b.name or "").startswith("テスト用送信箱に書き出す") and
                       has_state(b, pyatspi.STATE_SENSITIVE)]
            if buttons:
                return labels, buttons[0]
    return None


labels, write = wait_for("the send confirmation, checked", confirmation, timeout=60)
ok("the confirmation says: %s" % " | ".join(labels))
write.doActionNamed("click")


def sent():
    with sqlite3.connect(os.environ["HERALD_DB"], timeout=30) as db:
        row = db.execute("SELECT c.state, count(d.id) FROM campaigns c JOIN deliveries d ON d.campaign_id = c.id"
                         " WHERE c.name = ? AND d.state = 'sent'", (CAMPAIGN,)).fetchone()
    return row if row and row[0] == "done" and row[1] == len(PEOPLE) else None


wait_for("“%s” written for all %d" % (CAMPAIGN, len(PEOPLE)), sent, timeout=60)
wait_for("the guide gone", lambda: steps() is None, timeout=20)
ok("“%s” written to the test outbox for %d people; the guide is gone" % (CAMPAIGN, len(PEOPLE)))

# ---- the results --------------------------------------------------------------------

wait_for("the 結果 tab", lambda: [t for t in find_all(window, "page tab", name="結果") if is_drawn(t)])[0] \
    .doActionNamed("click")


def result_counts():
    return [l.name for l in find_all(window, "label")
            if l.description == "選択したキャンペーンの配信数" and (l.name or "").startswith("送信済み ")]


text = wait_for("the results' counts", result_counts, timeout=30)[0]
if not text.startswith("送信済み %d · 待機中 0" % len(PEOPLE)):
    fail("the Results page says “%s”" % text)
ok("結果: %s" % text)
uitest.check_log()
uitest.quit_herald()
uitest.stop()
ok("done")
