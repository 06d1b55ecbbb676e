#!/bin/sh
# bench-import.sh — herald-cli import against the sqlite3 shell's .import
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/bench/bench-import.sh [ROWS] [HERALD_CLI]
#   ROWS        rows to generate (default 1000000), 10 columns, UTF-8
#   HERALD_CLI  the program (default: $HERALD_CLI, or _build/app/herald-cli)
#
# Imports the same generated file, in the same run, with
#   1. herald-cli import (a fresh database),
#   2. sqlite3 .import into a plain table of ten TEXT columns,
#   3. sqlite3 .import into the same table with the address UNIQUE COLLATE
#      NOCASE, as Herald's contacts table has it (one row per address).
# and prints rows/s for each, Herald's time as a multiple of each, and
# Herald's peak RSS. The target (issue 3): at most 3× the plain .import,
# peak RSS under 150 MB. Not part of the test suite.
set -eu

ROWS=${1:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
CLI=${2:-${HERALD_CLI:-$here/../../_build/app/herald-cli}}
command -v sqlite3 >/dev/null || { echo "bench-import: sqlite3 is needed (apt-get install sqlite3)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-import: /usr/bin/time is needed (apt-get install time)" >&2; exit 1; }
[ -x "$CLI" ] || { echo "bench-import: no herald-cli at $CLI" >&2; exit 1; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
CSV="$T/list.csv"

echo "Generating $ROWS rows…" >&2
/usr/bin/python3 "$here/gen-csv.py" "$ROWS" "$CSV"
SIZE=$(stat -c %s "$CSV")
# Read it once so that the first contender does not pay for the disk.
cat "$CSV" >/dev/null

COLUMNS="first_name TEXT, last_name TEXT, company TEXT, city TEXT, country TEXT,
         phone TEXT, zip TEXT, signup_date TEXT, note TEXT"

# Prints "SECONDS USER SYS MAXRSS_KB" for a command.
measure () {
  /usr/bin/time -f "%e %U %S %M" -o "$T/time" "$@" >"$T/out" 2>"$T/err" || {
    echo "bench-import: failed: $*" >&2; cat "$T/err" >&2; exit 1; }
  cat "$T/time"
}

echo "Herald…" >&2
set -- $(measure "$CLI" --db "$T/herald.db" import "$CSV" --list bench)
h_real=$1 h_cpu=$(echo "$2 + $3" | bc) h_rss=$4
summary=$(cat "$T/out")
case "$summary" in
  "imported $ROWS, updated 0, duplicates 0, invalid 0, suppressed 0") ;;
  *) echo "bench-import: unexpected summary: $summary" >&2; exit 1 ;;
esac

echo "sqlite3 .import, plain table…" >&2
sqlite3 "$T/plain.db" "CREATE TABLE t (email TEXT, $COLUMNS);"
set -- $(measure sqlite3 "$T/plain.db" ".import --csv --skip 1 $CSV t")
p_real=$1 p_cpu=$(echo "$2 + $3" | bc)
[ "$(sqlite3 "$T/plain.db" 'SELECT count(*) FROM t')" = "$ROWS" ]

echo "sqlite3 .import, unique address…" >&2
sqlite3 "$T/unique.db" "CREATE TABLE t (email TEXT NOT NULL UNIQUE COLLATE NOCASE, $COLUMNS);"
set -- $(measure sqlite3 "$T/unique.db" ".import --csv --skip 1 $CSV t")
u_real=$1 u_cpu=$(echo "$2 + $3" | bc)

rate () { echo "$ROWS / $1" | bc; }
ratio () { echo "scale=2; $1 / $2" | bc; }

printf '\nImport of %s rows x 10 columns (%s MB UTF-8 CSV), %s\n' \
  "$ROWS" "$((SIZE / 1000000))" "$(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-36s %8s %8s %10s\n' "" "wall s" "cpu s" "rows/s"
printf '%-36s %8s %8s %10s\n' "herald-cli import" "$h_real" "$h_cpu" "$(rate "$h_real")"
printf '%-36s %8s %8s %10s\n' "sqlite3 .import (plain table)" "$p_real" "$p_cpu" "$(rate "$p_real")"
printf '%-36s %8s %8s %10s\n' "sqlite3 .import (unique address)" "$u_real" "$u_cpu" "$(rate "$u_real")"
printf '\nHerald / plain .import:           %sx wall, %sx cpu (target: at most 3x)\n' \
  "$(ratio "$h_real" "$p_real")" "$(ratio "$h_cpu" "$p_cpu")"
printf 'Herald / unique-address .import:  %sx wall, %sx cpu\n' \
  "$(ratio "$h_real" "$u_real")" "$(ratio "$h_cpu" "$u_cpu")"
printf 'Herald peak RSS:                  %s MB (target: under 150 MB)\n' "$((h_rss / 1024))"
printf 'Machine load when done:           %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
