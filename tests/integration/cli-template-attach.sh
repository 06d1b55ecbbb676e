#!/bin/sh
# cli-template-attach.sh — a stored template's attachments changed from the
# command line: `template attach NAME FILE…` (read now, listed as
# name<TAB>bytes), `template detach NAME FILENAME…`, `template
# attach-field NAME FIELD --folder DIR` (relative paths read from DIR,
# absolute ones still work, none leads out of DIR) and `--clear`; `campaign check` names the
# recipient whose file is missing; `campaign send` to the Outbox attaches
# the right files, read back with Python's email parser.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
CLI=${HERALD_CLI:?}
PY=/usr/bin/python3
HERE=$(dirname "$0")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$HERE/tap.sh"
CHECK_SHOW="$T/err"
export HERALD_OUTBOX="$T/outbox"
H () { "$CLI" --db "$T/h.db" "$@"; }

H init --demo >/dev/null 2>&1
mkdir "$T/inv"
printf '%%PDF menu\n' >"$T/menu.pdf"
printf '%%PDF ann\n' >"$T/inv/ann.pdf"
printf '%%PDF bob\n' >"$T/bob-abs.pdf"
printf 'email,name,file\nann@example.jp,Ann,ann.pdf\nbob@example.jp,Bob,%s\ncid@example.jp,Cid,cid.pdf\n' \
  "$T/bob-abs.pdf" >"$T/list.csv"
H import "$T/list.csv" --list L >/dev/null 2>"$T/err"
printf '<p>Hi {{ name }}</p>' >"$T/t.html"
H template add T --subject 'Hi {{ name }}' --html "$T/t.html" 2>"$T/err"

H template attach T "$T/menu.pdf" 2>"$T/err"
check "template attach stores a file" "[ $? -eq 0 ]"
check "… template attach NAME lists it with its size" "[ \"\$(H template attach T)\" = \"\$(printf 'menu.pdf\t10')\" ]"
H template attach T "$T/missing.pdf" 2>"$T/err"
check "a missing file: exit 1, naming it" "[ $? -eq 1 ] && grep -q missing.pdf '$T/err'"
H template detach T nothing.pdf 2>"$T/err"
check "detaching a file not attached: exit 1, saying so" "[ $? -eq 1 ] && grep -q 'nothing.pdf' '$T/err'"
H template detach T menu.pdf 2>"$T/err"
check "template detach removes it" "[ $? -eq 0 ] && [ -z \"\$(H template attach T)\" ]"
H template attach T "$T/menu.pdf" 2>"$T/err"

H template attach-field T file --folder "$T/nope" 2>"$T/err"
check "--folder that is not a folder: exit 1" "[ $? -eq 1 ]"
H template attach-field T --clear file 2>"$T/err"
check "--clear with a field: bad usage" "[ $? -eq 2 ]"
(cd "$T" && H template attach-field T file --folder inv) 2>"$T/err"
check "attach-field with a relative --folder stores it in full" \
  "[ \"\$(H template attach-field T)\" = \"\$(printf 'file\nfolder\t%s' '$T/inv')\" ]"
H template attach-field T file contract 2>"$T/err"
check "attach-field with new fields and no --folder keeps the stored folder" \
  "[ \"\$(H template attach-field T)\" = \"\$(printf 'file\ncontract\nfolder\t%s' '$T/inv')\" ]"
H template attach-field T file 2>"$T/err"

H campaign create C --template T --list L --account outbox >/dev/null 2>"$T/err"
H campaign check C >"$T/out" 2>"$T/err"
check "campaign check names cid@ alone, whose file is not in the folder" \
  "[ \"\$(awk -F '\t' '\$2 == \"file\" { print \$1 \" \" \$3 }' '$T/out')\" = 'cid@example.jp cid.pdf' ]"
check "… and says what to do about it" "grep -q 'correct this recipient' '$T/out'"
printf '%%PDF cid\n' >"$T/inv/cid.pdf"
H campaign send C >/dev/null 2>"$T/err"
check "campaign send: exit 0" "[ $? -eq 0 ]"

cat >"$T/read.py" <<'PYEOF'
import email, email.policy, os, sys
got = {}
new = os.path.join(sys.argv[1], "new")
for name in os.listdir(new):
    with open(os.path.join(new, name), "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.strict)
    got[m["To"].addresses[0].addr_spec] = sorted((p.get_filename(), p.get_content()) for p in m.iter_attachments())
menu = ("menu.pdf", b"%PDF menu\n")
want = {"ann@example.jp": sorted([menu, ("ann.pdf", b"%PDF ann\n")]),
        "bob@example.jp": sorted([menu, ("bob-abs.pdf", b"%PDF bob\n")]),
        "cid@example.jp": sorted([menu, ("cid.pdf", b"%PDF cid\n")])}
if got != want:
    sys.exit("got %r" % got)
PYEOF
$PY "$T/read.py" "$T/outbox" 2>"$T/err"
check "each message carries menu.pdf and its own file (relative in the folder, or absolute)" "[ $? -eq 0 ]"

# A relative path cannot lead out of the folder with ../ (menu.pdf is
# beside inv/, not in it).
printf 'email,name,file\neve@example.jp,Eve,../menu.pdf\n' >"$T/list2.csv"
H import "$T/list2.csv" --list L2 >/dev/null 2>"$T/err"
H campaign create C2 --template T --list L2 --account outbox >/dev/null 2>"$T/err"
H campaign check C2 >"$T/out" 2>"$T/err"
check "campaign check names eve@, whose ../ path leads out of the folder, and says so" \
  "[ \"\$(awk -F '\t' '\$2 == \"file\" { print \$1 \" \" \$3 }' '$T/out')\" = 'eve@example.jp ../menu.pdf' ] && grep -q 'leads out of the folder' '$T/out'"

H template attach-field T --clear 2>"$T/err"
check "attach-field --clear forgets field and folder" "[ $? -eq 0 ] && [ -z \"\$(H template attach-field T)\" ]"

echo "1..$n"
[ $fails -eq 0 ]
