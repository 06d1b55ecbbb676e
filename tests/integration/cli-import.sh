#!/bin/sh
# cli-import.sh — `herald-cli import` as README.md defines it: the
# summary line, rejected rows on stderr, exit codes, --dry-run, --map,
# --encoding, --delimiter, and the result seen through lists and contacts.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
CLI=${HERALD_CLI:?}
SRC=${HERALD_SRCDIR:?}
DATA="$SRC/tests/data/csv"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/tap.sh"
H () { "$CLI" --db "$T/h.db" "$@"; }

H import "$DATA/cp932.csv" --list Kunden >"$T/out" 2>"$T/err"
check "CP932 import exits 0" "[ $? -eq 0 ]"
check "the summary line first on stdout" \
  "[ \"\$(head -n 1 '$T/out')\" = 'imported 4, updated 0, duplicates 0, invalid 0, suppressed 0' ]"
H lists >"$T/lists"
check "lists shows the new list" "grep -q '^Kunden	4$' '$T/lists'"
H contacts --list Kunden --format csv >"$T/c.csv"
check "contacts header" "head -1 '$T/c.csv' | grep -q '^email,氏名,会社名,メモ'"
check "full-width address normalised" "grep -q '^lina@example.jp,' '$T/c.csv'"
check "CP932 extensions intact" "grep -q '髙橋 一郎,株式会社①商事,納期～月末' '$T/c.csv'"

cat >"$T/bad.csv" <<'EOF'
email;name
a@example.jp;A
not-an-address;B
A@EXAMPLE.JP;C
c@example.jp;C;extra
EOF
printf 'd@example.jp;"never closed\n' >>"$T/bad.csv"
H import "$T/bad.csv" --list Bad >"$T/out" 2>"$T/err"
check "bad rows: exit 0" "[ $? -eq 0 ]"
check "bad rows: counts" \
  "[ \"\$(head -n 1 '$T/out')\" = 'imported 2, updated 0, duplicates 1, invalid 2, suppressed 0' ]"
check "rejected row with its line" "grep -q '^line 3: “not-an-address” is not a valid email address' '$T/err'"
check "duplicate with the first line" "grep -q '^line 4: duplicate of line 2$' '$T/err'"
check "long row reported" "grep -q '^line 5: 1 extra cell ignored$' '$T/err'"
check "unclosed quote at its line" "grep -q '^line 6: a quoted field' '$T/err'"

H import "$T/bad.csv" --list Dry --dry-run >"$T/out" 2>"$T/err"
check "--dry-run exits 0 with the counts" \
  "[ $? -eq 0 ] && grep -q '^imported 2, updated 0, duplicates 1, invalid 2, suppressed 0$' '$T/out'"
H lists >"$T/lists"
check "--dry-run changes nothing" "! grep -q '^Dry' '$T/lists'"

H import "$T/bad.csv" --list Bad >"$T/out" 2>/dev/null
check "again, unchanged: nothing imported or updated" \
  "grep -q '^imported 0, updated 0, duplicates 1, invalid 2' '$T/out'"

printf 'Kontakt\tName\nx@example.jp\tX\n' >"$T/map.tsv"
H import "$T/map.tsv" --list Map --delimiter tab --map Kontakt=email --map Name=name >"$T/out" 2>/dev/null
check "--map and --delimiter tab" "[ $? -eq 0 ] && grep -q '^imported 1,' '$T/out'"
H contacts --list Map --format csv >"$T/c.csv"
check "--map renames the field" "[ \"\$(head -1 '$T/c.csv' | tr -d '\r')\" = 'email,name' ]"

H import "$DATA/eucjp.csv" --list Euc --encoding euc-jp >"$T/out" 2>/dev/null
check "--encoding euc-jp" "grep -q '^imported 4,' '$T/out'"
H import - --list Stdin <"$DATA/utf16le-excel.txt" >"$T/out" 2>/dev/null
check "standard input, UTF-16" "grep -q '^imported 2,' '$T/out'"

H import "$T/nonexistent.csv" --list X >/dev/null 2>"$T/err"
check "missing file exits 1" "[ $? -eq 1 ]"
check "missing file: one line naming it" \
  "[ \$(wc -l <'$T/err') -eq 1 ] && grep -q 'nonexistent.csv' '$T/err'"
H import "$T/map.tsv" --list X --map Nope=email >/dev/null 2>"$T/err"
check "unknown --map column exits 1" "[ $? -eq 1 ] && grep -q 'Nope' '$T/err'"
H import "$T/bad.csv" >/dev/null 2>&1
check "no --list exits 2" "[ $? -eq 2 ]"
H import --list X >/dev/null 2>&1
check "no FILE exits 2" "[ $? -eq 2 ]"
H import "$T/bad.csv" --list X --encoding klingon >/dev/null 2>&1
check "unknown --encoding exits 2" "[ $? -eq 2 ]"
H import "$T/bad.csv" --list X --delimiter '|' >/dev/null 2>&1
check "unknown --delimiter exits 2" "[ $? -eq 2 ]"
H import "$T/bad.csv" --list X --map nonsense >/dev/null 2>&1
check "--map without = exits 2" "[ $? -eq 2 ]"
"$CLI" --help >"$T/help"
check "--help lists import" "grep -q 'import FILE --list NAME' '$T/help'"

echo "1..$n"
[ $fails -eq 0 ]
