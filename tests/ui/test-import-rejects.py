#!/usr/bin/python3
# test-import-rejects.py — the import dialog has room for a real shop's
# file and shows its rejected rows whole: a CP932 export with ten
# columns, 30 good rows and 13 bad ones (one a 90-character address with
# no spaces). The dialog opens at least 880×680 (it was 720×640, its
# first rows cut to “メール…”), and the rejected rows start in sight
# beside the counts, inside the dialog and no wider than it (they used to
# be at the end of the scrolled settings, below the dialog's edge).
# Places are read through AT-SPI.
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI and HERALD_BUILDDIR.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, is_drawn  # noqa: E402
import pyatspi                      # noqa: E402

uitest.set_deadline(90)
uitest.require_env("HERALD_UI", "HERALD_BUILDDIR")
tmp = uitest.tmp_dir()
rows = ["メールアドレス,氏名,会社名,部署,電話番号,住所,メモ,誕生日,会員番号,備考"]
for i in range(30):
    rows.append("user%d@example.jp,名前%d,株式会社サンプル%d,営業部,03-1234-%04d,東京都千代田区千代田1-1-%d,メモ,"
                "2000/01/01,%d,備考" % (i, i, i, i, i, i))
rows.append("x" * 90 + "@@example.jp,長い,a,b,c,d,e,f,g,h")
for i in range(12):
    rows.append("不正なアドレス%d,誤り,a,b,c,d,e,f,g,h" % i)
path = os.path.join(tmp, "shop.csv")
with open(path, "wb") as f:
    f.write("\r\n".join(rows).encode("cp932") + b"\r\n")

app, window = uitest.start_herald(os.path.join(tmp, "herald.log"))
wait_for("the sample list", lambda: find_all(window, "list", "Address lists"), timeout=30)
uitest.gdbus_activate("import-file", uitest.quoted(path))
dialog = wait_for("the import dialog", lambda: [w for w in app.children if w.name == "Import Contacts"])[0]
wait_for("the counts of the dry run", lambda: find_all(dialog, "label", contains="13 invalid"), timeout=30)


def extents(node):
    return node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)


box = dialog.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
if box.width < 880 or box.height < 680:
    fail("the import dialog is %d×%d, not at least 880×680" % (box.width, box.height))
ok("the import dialog is %d×%d" % (box.width, box.height))
rejects = wait_for("the rejected rows", lambda: [l for l in find_all(dialog, "label", contains="Line 32:")
                                                 if is_drawn(l)], timeout=10)[0]
r = extents(rejects)
if not (0 <= r.y and r.y + 20 <= box.height and 0 <= r.x and r.x + r.width <= box.width):
    fail("the rejected rows (%d,%d %d×%d) are not in sight in the %d×%d dialog"
         % (r.x, r.y, r.width, r.height, box.width, box.height))
if "Line 33:" not in rejects.name or "more" not in rejects.name:
    fail("the rejected rows say %r" % rejects.name)
ok("the rejected rows start in sight (%d,%d, %d px wide): %s"
   % (r.x, r.y, r.width, rejects.name.split("\n")[0][:60]))
uitest.check_log()
uitest.stop()
ok("done")
