#!/bin/sh
# bench-list-open.sh — time for the window to open a 1,000,000-contact list
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/bench/bench-list-open.sh [ROWS] [BUILDDIR]
#   ROWS      contacts in the big list (default 1000000), imported with
#             herald-cli from gen-csv.py's file
#   BUILDDIR  the build folder with herald-cli (in cli/, or else app/) and
#             ui/herald (default _build)
#
# Imports the big list and a small one into a fresh database, starts the
# window under Xvfb in a D-Bus session of its own, and chooses the big list
# several times (bench-list-open.py): prints the time from choosing it to
# the first frame that paints its rows (issue 3: under a second), the count
# query's time, the time of the pages read when jumping to the end, and
# herald's resident memory (the list is never loaded whole). Not part of
# the test suite; the figures move with the machine's load.
set -eu

ROWS=${1:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${2:-$here/../../_build}" && pwd)
CLI=$BUILD/cli/herald-cli
[ -x "$CLI" ] || CLI=$BUILD/app/herald-cli
UI=$BUILD/ui/herald
for tool in xvfb-run dbus-run-session; do
  command -v "$tool" >/dev/null || { echo "bench-list-open: $tool is needed" >&2; exit 1; }
done
[ -x "$CLI" ] && [ -x "$UI" ] || { echo "bench-list-open: build $BUILD first (with -Dui=true)" >&2; exit 1; }

T=$(mktemp -d)
trap '[ -n "${BENCH_KEEP_LOG:-}" ] && cp "$T/herald.log" "$BENCH_KEEP_LOG"; rm -rf "$T"' EXIT
mkdir -p "$T/home" "$T/data" "$T/config" "$T/cache" "$T/runtime"
chmod 700 "$T/runtime"

echo "Generating and importing $ROWS rows…" >&2
/usr/bin/python3 "$here/gen-csv.py" "$ROWS" "$T/big.csv"
"$CLI" --db "$T/herald.db" import "$T/big.csv" --list big >/dev/null 2>&1
/usr/bin/python3 "$here/gen-csv.py" 10 "$T/small.csv"
"$CLI" --db "$T/herald.db" import "$T/small.csv" --list a-small >/dev/null 2>&1
rm -f "$T/big.csv"

export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
export XDG_CACHE_HOME="$T/cache" XDG_RUNTIME_DIR="$T/runtime"
export HERALD_DB="$T/herald.db" HERALD_OUTBOX="$T/outbox"
export GSETTINGS_SCHEMA_DIR="$BUILD/data" GSETTINGS_BACKEND=memory
export GTK_A11Y=atspi HERALD_UI="$UI" BENCH_LOG="$T/herald.log"
unset NO_AT_BRIDGE GTK_THEME

printf 'List open, %s contacts, %s\n' "$ROWS" "$(date -u +%Y-%m-%dT%H:%MZ)"
timeout -k 10 600 xvfb-run -a -s '-screen 0 1280x800x24' \
  dbus-run-session -- /usr/bin/python3 "$here/bench-list-open.py"
printf 'Machine load when done: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
