#!/usr/bin/python3
# test-field-map.py — matching a template's fields to a list's columns in
# the window. A template written for {{ name }} and an Excel CP932 list
# whose column is 氏名: the preview says the field is unknown and offers
# “Match Fields…”; the dialog proposes 氏名; after “Match” the preview
# shows each recipient's 氏名, and the match is kept with the template
# (herald-cli template map shows it). No list is changed.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_DB.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli, is_drawn, dump_preview as dump  # noqa: E402

uitest.set_deadline(130)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB")
tmp = uitest.tmp_dir()

uitest.members_list_and_name_template(tmp, [("taro@example.jp", "山田太郎", "東京都"),
                                              ("hanako@example.jp", "佐藤花子", "大阪府")])
# The preview takes the first list: only the members' list is left.
with sqlite3.connect(os.environ["HERALD_DB"], timeout=30) as db:
    db.execute("DELETE FROM lists WHERE name = 'Sample customers'")
before = cli("contacts", "--list", "会員", "--format", "csv").stdout
ok("a CP932 list with the column 氏名 and a template using {{ name }}")

app, window = uitest.start_herald(os.path.join(tmp, "herald.log"))
tabs = uitest.page_tabs(window)
uitest.open_template(window, tabs, "案内")
d = wait_for("the preview's error about “name”",
             lambda: (lambda d: d if d and d["error"] and "name" in d["error"] and d["busy"] == "no" else None)(dump()),
             timeout=30)
ok("the preview says: %s" % d["error"])

button = wait_for("the “Match Fields…” button",
                  lambda: [b for b in find_all(window, "push button", name="Match Fields…") if is_drawn(b)])[0]
button.doActionNamed("click")
dialog = wait_for("the “Match Fields to Columns” dialog",
                  lambda: [w for w in app.children if find_all(w, "label", contains="has no column for")])[0]
row = wait_for("the choice for {{ name }}",
               lambda: [n for n in dialog.findChildren(lambda n: (n.name or "").startswith("Column for the field “name”"),
                                                       recursive=True)])[0]
labels = [n.name for n in row.findChildren(lambda n: n.roleName == "label", recursive=True)]
if "氏名" not in labels:
    fail("the dialog does not propose 氏名 for {{ name }}: %r" % labels)
ok("the dialog proposes 氏名 for {{ name }}")
match = wait_for("the “Match” button",
                 lambda: [b for b in find_all(dialog, "push button") if (b.name or "").endswith("Match")])[0]
match.doActionNamed("click")

d = wait_for("the preview of 山田太郎",
             lambda: (lambda d: d if d and not d["error"] and d["busy"] == "no" and d["html"]
                      and "山田太郎 様、" in d["html"] else None)(dump()), timeout=30)
if d["subject"] != "山田太郎 様へ":
    fail("the preview's subject is %r" % d["subject"])
ok("the preview shows the recipient's 氏名 in the subject and the HTML")
wait_for("the fields line showing the match “name → 氏名”",
         lambda: [l for l in find_all(window, "label", contains="name → 氏名") if is_drawn(l)], timeout=10)
ok("the fields line shows the match")
if [b for b in find_all(window, "push button", name="Match Fields…") if is_drawn(b)]:
    fail("“Match Fields…” still shows once every field is matched")

shown = cli("template", "map", "案内").stdout
if shown != "name\t氏名\n":
    fail("herald-cli template map shows %r" % shown)
if cli("template", "map", "Sample newsletter").stdout != "":
    fail("another template got a match")
if cli("contacts", "--list", "会員", "--format", "csv").stdout != before:
    fail("the list changed")
ok("the match is kept with the template alone; the list is unchanged")

preview = os.path.join(tmp, "p.eml")
cli("preview", "--template", "案内", "--list", "会員", "--row", "2", "--out", preview)
check = subprocess.run(["/usr/bin/python3", "-c",
                        "import email,email.policy,sys;"
                        "m=email.message_from_binary_file(open(sys.argv[1],'rb'),policy=email.policy.default);"
                        "assert str(m['Subject'])=='佐藤花子 様へ', m['Subject']", preview])
if check.returncode != 0:
    fail("herald-cli preview does not read the match")
ok("herald-cli preview reads the same match")

uitest.stop()
print("ok - all done", flush=True)
