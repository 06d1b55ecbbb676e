#!/bin/sh
# cli-import.sh — `herald-cli import` as README.md defines it: the
# summary line, rejected rows on stderr, exit codes, --dry-run, --map,
# --encoding, --delimiter, --blank-clears, import undo, and the result seen
# through lists and contacts (and sqlite3 .dump for "exactly as before").
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
SRC=${HERALD_SRCDIR:?}
DATA="$SRC/tests/data/csv"
. "$(dirname "$0")/cli-env.sh"

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
# Issue 15: two lists share a contact; the second list's empty cell keeps
# the first list's value, and the counts and the preview say what changes.
printf 'email,氏名,電話\na@overlap.jp,山田太郎,03-1111\nb@overlap.jp,佐藤花子,03-2222\n' >"$T/a.csv"
printf 'email,氏名\na@overlap.jp,\nb@overlap.jp,佐藤次郎\nc@overlap.jp,新井\n' >"$T/b.csv"
H import "$T/a.csv" --list A >/dev/null 2>&1
sqlite3 "$T/h.db" .dump >"$T/dump1"
H import "$T/b.csv" --list B --dry-run >"$T/out" 2>"$T/err"
check "overlap: dry run counts (imported = new to the list, updated = changed)" \
  "[ \"\$(head -n 1 '$T/out')\" = 'imported 3, updated 1, duplicates 0, invalid 0, suppressed 0' ]"
check "overlap: dry run says what changes, after the summary line" \
  "grep -qx 'New to this list: 3 (new contacts: 1, known from other lists: 2)' '$T/out' &&
   grep -qx 'Known contacts whose values change: 1 (also in other lists, which see the new values: 1)' '$T/out' &&
   grep -qx 'Changed fields (contacts): “氏名” 1' '$T/out' &&
   grep -qx 'Empty cells that left a stored value as it was: 1 (with --blank-clears they clear it)' '$T/out'"
sqlite3 "$T/h.db" .dump >"$T/dump2"
check "overlap: the dry run wrote nothing" "cmp -s '$T/dump1' '$T/dump2'"
H import "$T/b.csv" --list B >"$T/out" 2>/dev/null
check "overlap: the same counts for real" \
  "[ \"\$(head -n 1 '$T/out')\" = 'imported 3, updated 1, duplicates 0, invalid 0, suppressed 0' ]"
H contacts --list A --format csv | tr -d '\r' >"$T/c.csv"
check "overlap: list A keeps a's name and phone, sees b's new name" \
  "[ \"\$(cat '$T/c.csv')\" = 'email,氏名,電話
a@overlap.jp,山田太郎,03-1111
b@overlap.jp,佐藤次郎,03-2222' ]"
H contacts --list B --format csv | tr -d '\r' >"$T/c.csv"
check "overlap: list B" \
  "[ \"\$(cat '$T/c.csv')\" = 'email,氏名
a@overlap.jp,山田太郎
b@overlap.jp,佐藤次郎
c@overlap.jp,新井' ]"
H import undo B >"$T/out" 2>"$T/err"
check "import undo exits 0 and says what it restored" \
  "[ $? -eq 0 ] && grep -q 'Contacts whose values were restored: 1; list members removed: 3; contacts deleted: 1' '$T/out'"
sqlite3 "$T/h.db" .dump >"$T/dump2"
check "import undo: the database exactly as after the first import" "cmp -s '$T/dump1' '$T/dump2'"
H import undo B >/dev/null 2>"$T/err"
check "import undo again: exit 1, one line" "[ $? -eq 1 ] && [ \$(wc -l <'$T/err') -eq 1 ]"
H import "$T/b.csv" --list B --blank-clears >"$T/out" 2>/dev/null
H contacts --list A --format csv | tr -d '\r' >"$T/c.csv"
check "--blank-clears: the empty cell clears a's name in list A too" \
  "grep -qx 'a@overlap.jp,,03-1111' '$T/c.csv' && grep -q '^imported 3, updated 2,' '$T/out'"
printf 'email,氏名\nb@overlap.jp,別名\n' | H import - --list C >/dev/null 2>&1
sqlite3 "$T/h.db" .dump >"$T/dump2"
H import undo B >/dev/null 2>"$T/err"
check "undo refused after a later import: exit 1, names contact and field" \
  "[ $? -eq 1 ] && grep -q 'b@overlap.jp (氏名)' '$T/err'"
sqlite3 "$T/h.db" .dump >"$T/dump3"
check "a refused undo changes nothing" "cmp -s '$T/dump2' '$T/dump3'"
H import undo >/dev/null 2>&1
check "import undo without LIST exits 2" "[ $? -eq 2 ]"

# A contacts export: the first column named for e-mail holds the type.
printf 'Name,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value\nAnna,* Home,anna@x.jp,Work,anna@work.jp\nBen,* Home,ben@x.jp,,\n' >"$T/google.csv"
H import "$T/google.csv" --list G --dry-run >"$T/out" 2>"$T/err"
check "export: the column holding addresses is used" \
  "grep -q '^imported 2, updated 0, duplicates 0, invalid 0' '$T/out' &&
   grep -q 'addresses from column “E-mail 1 - Value”' '$T/err'"
check "export: the other address column is offered" \
  "grep -q 'Other columns hold addresses too: “E-mail 2 - Value”' '$T/err'"

# Files chosen by mistake: refused whole, saying what they are; nothing stored.
printf 'PK\003\004\024\000\006\000' >"$T/book.csv"
head -c 300 /dev/zero >>"$T/book.csv"
"$CLI" --db "$T/h.db" import "$T/book.csv" --list 本 >"$T/out" 2>"$T/err"
check "an Excel workbook named .csv: exit 1, with how to save it as CSV" \
  "[ $? -eq 1 ] && grep -q 'Excel workbook, not a CSV file.*Save As' '$T/err' && [ ! -s '$T/out' ]"
printf '\211PNG\r\n\032\n' >"$T/photo.csv"
head -c 300 /dev/urandom >>"$T/photo.csv"
"$CLI" --db "$T/h.db" import "$T/photo.csv" --list 本 --encoding cp932 >"$T/out" 2>"$T/err"
check "a PNG named .csv, even with --encoding cp932: exit 1, 'a PNG image'" \
  "[ $? -eq 1 ] && grep -q 'This file is a PNG image, not a CSV file' '$T/err'"
check "… and no list was made" "! \"$CLI\" --db '$T/h.db' lists | grep -q '^本	'"

"$CLI" --help >"$T/help"
check "--help lists import" "grep -q 'import FILE --list NAME' '$T/help'"
check "--help lists import undo and --blank-clears" "grep -q 'blank-clears.*| undo LIST' '$T/help'"

echo "1..$n"
[ $fails -eq 0 ]
