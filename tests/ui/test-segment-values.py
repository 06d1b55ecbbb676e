#!/usr/bin/python3
# test-segment-values.py — in Japanese, the segment editor offers the
# values of Herald's own fields (here Consent) to choose, in Japanese, and
# saves the engine's English keyword.
#
# herald-cli imports 顧客名簿 (5 contacts): 2 declined marketing mail, 1
# agreed, 2 have nothing recorded; it also saves 記録のない人 (consent =
# unknown). In the window (LANGUAGE=ja), New Segment on the Lists page: the
# field 同意, and the value of condition 1 is a drop-down (not a text to
# type English into) offering 同意あり / 受信拒否 / 記録なし; 受信拒否
# counts 2, が次と異なる 3, が次と等しい 2 again. Saved: `segment list`
# shows “consent = declined” and `segment count` 2. Edit Segment in the
# New Campaign form on 記録のない人 shows 記録なし chosen (count 2), not
# the first value; 同意あり chosen and saved is “consent = given” (count 1).
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_DB,
# HERALD_OUTBOX and HERALD_BUILDDIR (the build folder's translations).
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli, is_drawn, has_state  # noqa: E402
import pyatspi                      # noqa: E402

uitest.set_deadline(240)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB", "HERALD_OUTBOX", "HERALD_BUILDDIR")
tmp = uitest.tmp_dir()
LIST, DECLINED, UNKNOWN = "顧客名簿", "受信を断った人", "記録のない人"
FIELDS = ["氏名"]                   # the list's own, then Herald's: email, subscription, suppression, consent…
CONSENT = len(FIELDS) + 3
CONSENT_LABEL = "同意（given, declined, unknown）"
CHOICES = ["同意あり", "受信拒否", "記録なし"]      # given, declined, unknown
PEOPLE = [("a@example.jp", "青木"), ("b@example.jp", "馬場"), ("c@example.jp", "千葉"),
          ("d@example.jp", "土屋"), ("e@example.jp", "遠藤")]

cli("init")
csv_path = os.path.join(tmp, "customers.csv")
with open(csv_path, "w", encoding="utf-8") as f:
    f.write("email,氏名\n" + "".join("%s,%s\n" % p for p in PEOPLE))
cli("import", csv_path, "--list", LIST)
cli("contact", "consent", "a@example.jp", "--declined")
cli("contact", "consent", "b@example.jp", "--declined")
cli("contact", "consent", "c@example.jp", "--given", "--source", "店頭")
cli("segment", "add", UNKNOWN, "--list", LIST, "--where", "consent = unknown")
ok("herald-cli imported %s: 2 declined, 1 given; saved %s" % (LIST, UNKNOWN))

app, window = uitest.start_herald(os.path.join(tmp, "herald-ja.log"),
                                  env=dict(os.environ, LANGUAGE="ja", LC_ALL="ja_JP.UTF-8",
                                           HERALD_LOCALEDIR=os.path.join(os.environ["HERALD_BUILDDIR"], "po")))
lists = wait_for("the list of address lists", lambda: find_all(window, "list", name="アドレスリスト"))[0]
wait_for("the list %s" % LIST, lambda: find_all(lists, "list item", name=LIST), timeout=30)[0].click()
wait_for("the list's title", lambda: [l for l in find_all(window, "label", name=LIST) if is_drawn(l)])


def button(root, name):
    return wait_for("the “%s” button" % name,
                    lambda: [b for b in find_all(root, "push button", name=name) if is_drawn(b)])[0]


def combo(root, name):
    return wait_for("the drop-down “%s”" % name,
                    lambda: [n for n in find_all(root, "combo box")
                             if (n.name or "").startswith(name) and is_drawn(n)])[0]


def windows(title):
    return [w for w in app.children if w.name == title]


def count_text(editor):
    labels = [l.name for l in find_all(editor, "label") if l.description == "条件に合う連絡先"]
    return labels[0] if labels else ""


def expect_count(editor, n, what):
    text = "条件に合う連絡先: %d 件" % n
    try:
        wait_for("the count “%s” (%s)" % (text, what), lambda: count_text(editor) == text, timeout=15)
    except BaseException:
        print("# the count reads %r" % count_text(editor), flush=True)
        raise
    ok("%s: “%s”" % (what, text))


def value_choice(editor):
    """The value of condition 1 as a drop-down; fails when it is a text entry."""
    def found():
        drawn = [n for n in find_all(editor, "combo box", name="条件 1 の値") if is_drawn(n)]
        if not drawn and [n for n in find_all(editor, "text", name="条件 1 の値") if is_drawn(n)]:
            fail("the value of a Consent condition is a text entry, not a choice")
        return drawn
    return wait_for("the value of condition 1 as a choice", found, timeout=15)[0]


def shown(node):
    return [l.name for l in find_all(node, "label") if is_drawn(l)]


# ---- a new segment: Consent is 受信拒否 ------------------------------------------
button(window, "新しいセグメント").doActionNamed("click")
editor = wait_for("the segment editor", lambda: windows("新しいセグメント"))[0]
uitest.choose(app, combo(editor, "条件 1 の項目"), CONSENT, CONSENT_LABEL)
choice = value_choice(editor)
ok("the field 同意 offers its values to choose, showing %r" % shown(choice))
uitest.choose(app, choice, CHOICES.index("受信拒否"), "受信拒否")
wait_for("the value to show 受信拒否", lambda: "受信拒否" in shown(value_choice(editor)), timeout=10)
expect_count(editor, 2, "同意 が次と等しい 受信拒否")
uitest.choose(app, combo(editor, "条件 1 の比較"), 1, "が次と異なる")
wait_for("the value to stay a choice showing 受信拒否", lambda: "受信拒否" in shown(value_choice(editor)), timeout=10)
expect_count(editor, 3, "同意 が次と異なる 受信拒否")
uitest.choose(app, combo(editor, "条件 1 の比較"), 0, "が次と等しい")
expect_count(editor, 2, "が次と等しい again")

wait_for("the “セグメント名” field", lambda: find_all(editor, "text", name="セグメント名"))[0].text = DECLINED
button(editor, "セグメントを保存").doActionNamed("click")
wait_for("the editor to close after saving", lambda: not windows("新しいセグメント"), timeout=15)
out = cli("segment", "list").stdout
if (DECLINED + "\t" + LIST + "\tall\tconsent = declined") not in out:
    fail("segment list does not show %s as consent = declined: %r" % (DECLINED, out))
n = cli("segment", "count", DECLINED).stdout.strip()
if n != "2":
    fail("segment count %s prints %r, not 2" % (DECLINED, n))
ok("saved: segment list shows “consent = declined”, segment count 2")

# ---- a saved segment opened: its value chosen; another chosen and saved -------
tab = wait_for("the キャンペーン page tab",
               lambda: [t for t in find_all(window, "page tab", name="キャンペーン") if is_drawn(t)])[0]
tab.doActionNamed("click")
wait_for("the キャンペーン page", lambda: has_state(tab, pyatspi.STATE_SELECTED))
segments = sorted([DECLINED, UNKNOWN])        # the Segment row: リスト全体, then the list's segments by name
uitest.choose(app, combo(window, "セグメント"), 1 + segments.index(UNKNOWN), UNKNOWN)
wait_for("the Segment row to show %s" % UNKNOWN, lambda: UNKNOWN in shown(combo(window, "セグメント")), timeout=10)
button(window, "セグメントを編集").doActionNamed("click")
editor = wait_for("the segment editor on %s" % UNKNOWN, lambda: windows("セグメントを編集"))[0]
expect_count(editor, 2, "%s opened" % UNKNOWN)
wait_for("the saved value 記録なし chosen", lambda: "記録なし" in shown(value_choice(editor)), timeout=10)
ok("Edit Segment shows the saved value chosen: %r" % shown(value_choice(editor)))
uitest.choose(app, value_choice(editor), CHOICES.index("同意あり"), "同意あり")
expect_count(editor, 1, "同意あり chosen")
button(editor, "セグメントを保存").doActionNamed("click")
wait_for("the editor to close after saving", lambda: not windows("セグメントを編集"), timeout=15)
out = cli("segment", "list").stdout
if (UNKNOWN + "\t" + LIST + "\tall\tconsent = given") not in out:
    fail("segment list does not show %s as consent = given: %r" % (UNKNOWN, out))
if cli("segment", "count", UNKNOWN).stdout.strip() != "1":
    fail("segment count %s is not 1" % UNKNOWN)
ok("changed: segment list shows “consent = given”, segment count 1")

uitest.screenshot("segment-values.png")
uitest.quit_herald()
uitest.check_log()
uitest.stop()
