#!/usr/bin/python3
# test-starters-ja.py — the starter gallery in Japanese, started the
# README's way (the build folder's translations, HERALD_LOCALEDIR): with
# the business details set, "新しいテンプレート…" on the Templates page
# opens the gallery, and its "ニュースレター" makes a Japanese newsletter
# greeting the sample list's first contact as 〇〇様, with the details and
# the unsubscribe link in its footer. Pictures of the gallery and the
# editor go to the build folder (tests/ui/starter-gallery-ja.png,
# starter-ja.png).
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI, HERALD_CLI and HERALD_BUILDDIR.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, is_drawn, dump_preview as dump  # noqa: E402

NAME, ADDRESS, CONTACT = "ヘラルド文具店", "〒100-0001 東京都千代田区千代田1-1", "info@example.jp / 03-1234-5678"

uitest.set_deadline(140)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_BUILDDIR")
person = uitest.sample_contacts()[0]


def toplevel(title):
    return uitest.toplevels(app, title)


uitest.cli("init", "--demo")
uitest.cli("business", "set", "--name", NAME, "--address", ADDRESS, "--contact", CONTACT)
ok("herald-cli set the business details")

app, window = uitest.start_herald(os.path.join(uitest.tmp_dir(), "herald-ja.log"),
                                  env=dict(os.environ, LANGUAGE="ja", LC_ALL="ja_JP.UTF-8",
                                           HERALD_LOCALEDIR=os.path.join(os.environ["HERALD_BUILDDIR"], "po")))
tab = wait_for("the “テンプレート” page tab",
               lambda: [t for t in find_all(window, "page tab", name="テンプレート") if is_drawn(t)])[0]
tab.doActionNamed("click")
new = wait_for("an enabled “新しいテンプレート…” button",
               lambda: [b for b in find_all(window, "push button", name="新しいテンプレート…")
                        if uitest.sensitive(b) and is_drawn(b)], timeout=30)[0]
new.doActionNamed("click")
gallery = wait_for("the “新しいテンプレート” window", lambda: toplevel("新しいテンプレート"))[0]
card = wait_for("the “ニュースレター” card", lambda: find_all(gallery, "push button", name="ニュースレター"))[0]
card.doActionNamed("click")
wait_for("the gallery to close", lambda: not toplevel("新しいテンプレート"), timeout=10)
templates = wait_for("the list of templates", lambda: find_all(window, "list", name="テンプレート"))[0]
uitest.template_item(templates, "ニュースレター")


def settled_ja():
    d = dump()
    if d and d["busy"] == "no" and d["html"] and 'lang="ja"' in d["html"] and d["email"] == person["email"]:
        return d
    return None


shown = wait_for("the preview of the Japanese newsletter", settled_ja, timeout=30)
for needle in ("%s様" % person["name"], "いつも%sをご利用いただき" % NAME, "送信者：%s" % NAME,
               "住所：%s" % ADDRESS, "お問い合わせ：%s" % CONTACT, "https://example.com/unsubscribe?t="):
    if needle not in shown["html"]:
        fail("the Japanese newsletter's HTML lacks %r" % needle)
if shown["subject"] != "%sからのお知らせ" % NAME:
    fail("the Japanese newsletter's subject is %r" % shown["subject"])
ok("in Japanese, “ニュースレター” made a Japanese newsletter: “%s”" % shown["subject"])
wait_for("the preview loaded", lambda: (lambda d: d and d["loaded"] == "yes")(dump()), timeout=20)
time.sleep(1.5)   # and painted
path, width, height = uitest.screenshot("starter-ja.png")
ok("a picture of the editor in Japanese: %s (%d×%d)" % (path, width, height))

# The gallery again, for its picture; Cancel makes nothing.
new.doActionNamed("click")
gallery = wait_for("the “新しいテンプレート” window", lambda: toplevel("新しいテンプレート"))[0]
wait_for("the “ニュースレター” card", lambda: find_all(gallery, "push button", name="ニュースレター"))
time.sleep(0.5)   # drawn
path, width, height = uitest.screenshot("starter-gallery-ja.png")
ok("a picture of the gallery in Japanese: %s (%d×%d)" % (path, width, height))
wait_for("the gallery's Cancel button", lambda: find_all(gallery, "push button", contains="キャンセル"))[0].doActionNamed("click")
wait_for("the gallery to close", lambda: not toplevel("新しいテンプレート"), timeout=10)
if uitest.cli("template", "list").stdout.count("\n") != 2:
    fail("the templates are %r" % uitest.cli("template", "list").stdout)
ok("Cancel makes nothing")
uitest.check_log()
uitest.quit_herald()
ok("done")
