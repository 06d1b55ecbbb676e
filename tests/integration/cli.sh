#!/bin/sh
# cli.sh — herald-cli's contract (README.md, "Command line"): options,
# exit codes, init --demo, lists, contacts, and the refusal of a newer
# database.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
CLI=${HERALD_CLI:?}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/tap.sh"

"$CLI" --help >"$T/help" 2>&1; check "--help exits 0" "[ $? -eq 0 ]"
check "--help names the commands" "grep -q 'contacts' '$T/help' && grep -q 'init' '$T/help'"
"$CLI" --version >"$T/v"; check "--version" "grep -q '^herald-cli [0-9]' '$T/v'"
"$CLI" frobnicate 2>"$T/err"; check "unknown command exits 2" "[ $? -eq 2 ]"
"$CLI" 2>/dev/null; check "no command exits 2" "[ $? -eq 2 ]"
"$CLI" --db "$T/h.db" lists --bogus 2>/dev/null; check "unknown option exits 2" "[ $? -eq 2 ]"

"$CLI" --db "$T/h.db" init --demo 2>"$T/err"; check "init --demo exits 0" "[ $? -eq 0 ]"
"$CLI" --db "$T/h.db" init --demo 2>"$T/err"; check "init --demo twice exits 0" "[ $? -eq 0 ]"
"$CLI" --db "$T/h.db" lists >"$T/lists"; check "lists exits 0" "[ $? -eq 0 ]"
check "lists shows the sample list with its count" "grep -q '^Sample customers	12$' '$T/lists'"
HERALD_DB="$T/h.db" "$CLI" lists >"$T/lists2"; check "HERALD_DB is honoured" "cmp -s '$T/lists' '$T/lists2'"
"$CLI" --db "$T/h.db" contacts --list "Sample customers" --format csv >"$T/c.csv"; check "contacts exits 0" "[ $? -eq 0 ]"
check "contacts header starts with email" "head -1 '$T/c.csv' | grep -q '^email,'"
check "contacts has 13 lines" "[ \$(wc -l <'$T/c.csv') -eq 13 ]"
check "contacts is UTF-8 with Japanese names" "iconv -f UTF-8 -t UTF-8 '$T/c.csv' >/dev/null && grep -q '山田' '$T/c.csv'"
"$CLI" --db "$T/h.db" contacts --list "No such list" 2>"$T/err"; check "missing list exits 1" "[ $? -eq 1 ]"
check "missing list says so in one line" "[ \$(wc -l <'$T/err') -eq 1 ] && grep -q 'No such list' '$T/err'"
"$CLI" --db "$T/h.db" contacts 2>/dev/null; check "contacts without --list exits 2" "[ $? -eq 2 ]"

# A database from a newer Herald: exit 1, a clear message, byte-for-byte unchanged.
sqlite3 "$T/new.db" 'CREATE TABLE t (x); PRAGMA user_version = 42;'
cp "$T/new.db" "$T/new.orig"
"$CLI" --db "$T/new.db" lists >/dev/null 2>"$T/err"; check "newer database exits 1" "[ $? -eq 1 ]"
check "newer database message" "grep -q 'newer version of Herald' '$T/err'"
check "newer database unchanged" "cmp -s '$T/new.db' '$T/new.orig' && [ ! -e '$T/new.db-wal' ]"

printf 'this is not a database at all, just some text that is long enough to be a header.............' >"$T/bad.db"
cp "$T/bad.db" "$T/bad.orig"
"$CLI" --db "$T/bad.db" lists >/dev/null 2>"$T/err"; check "corrupt database exits 1" "[ $? -eq 1 ]"
check "corrupt database unchanged" "cmp -s '$T/bad.db' '$T/bad.orig'"

# A finished campaign sent again returns at once, every time (the last
# progress used to run on the sender's thread and join it, now and then).
export HERALD_OUTBOX="$T/outbox"
"$CLI" --db "$T/h.db" template list >"$T/templates"
"$CLI" --db "$T/h.db" campaign create done-c --template "$(head -1 "$T/templates" | cut -f1)" \
  --list 'Sample customers' --account outbox >/dev/null 2>"$T/err"
"$CLI" --db "$T/h.db" campaign send done-c >/dev/null 2>"$T/err"; check "the campaign is sent (0)" "[ $? -eq 0 ]"
bad=0
start=$(date +%s)
for i in $(seq 100); do
  timeout -k 2 10 "$CLI" --db "$T/h.db" campaign send done-c >/dev/null 2>&1 || bad=$((bad+1))
done
check "100 sends of the finished campaign all exit 0 ($bad did not)" "[ $bad -eq 0 ]"
check "… within a second each on average" "[ \$(( \$(date +%s) - start )) -le 100 ]"
check "… and sent nothing more" "[ \$(ls '$T/outbox/new' | wc -l) -eq 12 ]"

# Values a spreadsheet would run as formulas are exported with a leading
# "'" (CWE-1236), and read back as they were by the import.
printf 'email,phone,note\r\n-dash@example.jp,+81 3-1111,=HYPERLINK("http://x")\r\nb@example.jp,-,@home\r\n' >"$T/f.csv"
"$CLI" --db "$T/f.db" import "$T/f.csv" --list A >/dev/null 2>&1
"$CLI" --db "$T/f.db" contacts --list A --format csv >"$T/f-out.csv"
check "formulas exported with a leading quote" \
  "grep -q \"^'-dash@example.jp,'+81 3-1111,\\\"'=HYPERLINK\" '$T/f-out.csv' && grep -q \"^b@example.jp,'-,'@home\" '$T/f-out.csv'"
"$CLI" --db "$T/f.db" import "$T/f-out.csv" --list B >/dev/null 2>&1
"$CLI" --db "$T/f.db" contacts --list B --format csv >"$T/f-back.csv"
check "… and imported back as they were" "cmp -s '$T/f-out.csv' '$T/f-back.csv'"
stored=$(/usr/bin/python3 - "$T/f.db" <<'PY'
import sqlite3, sys
d = sqlite3.connect(sys.argv[1])
ok = d.execute("SELECT count(*) FROM contacts WHERE email = '-dash@example.jp'"
               " AND json_extract(fields, '$.phone') = '+81 3-1111'").fetchone()[0]
quoted = d.execute("SELECT count(*) FROM contacts WHERE email LIKE '''%'"
                   " OR EXISTS (SELECT 1 FROM json_each(fields) WHERE value LIKE '''%')").fetchone()[0]
print(ok, quoted)
PY
)
check "… stored without the quotes" "[ '$stored' = '1 0' ]"

# A database whose header is fine but one of whose pages is damaged: an
# import is refused before it writes anything (it used to exit 0), with a
# message in the user's words and the command line's hint.
"$CLI" --db "$T/d.db" init --demo >/dev/null 2>&1
printf 'email,name\n' >"$T/d.csv"
seq 2000 | sed 's/.*/c&@example.jp,Customer &/' >>"$T/d.csv"
"$CLI" --db "$T/d.db" import "$T/d.csv" --list filler >/dev/null 2>&1
root=$(/usr/bin/python3 -c "
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute(\"SELECT rootpage FROM sqlite_schema WHERE name = 'contacts'\").fetchone()[0])
db.execute('PRAGMA wal_checkpoint(TRUNCATE)')" "$T/d.db")
printf '\245\245\245\245\245\245\245\245' | dd of="$T/d.db" bs=1 seek=$(( (root - 1) * 4096 )) conv=notrunc 2>/dev/null
cp "$T/d.db" "$T/d.before"
printf 'email\nnew@example.jp\n' >"$T/new.csv"
"$CLI" --db "$T/d.db" import "$T/new.csv" --list 'Sample customers' >"$T/out" 2>"$T/err"
check "an import into a damaged database exits 1" "[ $? -eq 1 ]"
check "… says the database is damaged" "grep -q 'is damaged' '$T/err'"
check "… in one line, ending with the command line's hint" \
  "[ \$(wc -l <'$T/err') -eq 1 ] && grep -q 'database\\. “--db FILE” opens another database\\.\$' '$T/err'"
check "… and leaves the file byte for byte as it was" "cmp -s '$T/d.db' '$T/d.before'"

echo "1..$n"
[ $fails -eq 0 ]
