#!/bin/sh
# bench-smtp.sh — Herald's sending path against Postfix's reference client.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sends the same ~20 KB personalised newsletter COUNT times over one kept-open
# connection to a local smtp-sink, composing each message (bench-smtp.c),
# and compares with `smtp-source -d -s 1 -m COUNT -l 20480` on the same sink
# in the same run. Each is run twice, alternating; the best of each counts.
# Passes (exit 0) when Herald reaches at least half of smtp-source's rate.
#
# Usage: tests/bench/bench-smtp.sh [BUILDDIR] [COUNT]
# Needs smtp-sink and smtp-source (Debian package postfix): installed here
# when missing and run as root, and no Postfix daemon is left running.
set -eu

SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$SRC/_build}
COUNT=${2:-10000}
PYTHON=/usr/bin/python3

find_tool () {
  for dir in /usr/sbin /usr/lib/postfix/sbin /usr/libexec/postfix; do
    if [ -x "$dir/$1" ]; then echo "$dir/$1"; return; fi
  done
  command -v "$1" 2>/dev/null || true
}

SINK=$(find_tool smtp-sink)
SOURCE=$(find_tool smtp-source)
if [ -z "$SINK" ] || [ -z "$SOURCE" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bench-smtp: needs smtp-sink and smtp-source (apt-get install postfix)" >&2
    exit 77
  fi
  echo "bench-smtp: installing postfix for smtp-sink and smtp-source…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postfix >/dev/null
  SINK=$(find_tool smtp-sink)
  SOURCE=$(find_tool smtp-source)
fi
# The package may start its mail daemon: this benchmark wants none.
postfix stop >/dev/null 2>&1 || true

meson compile -C "$BUILD" bench-smtp >/dev/null
BENCH="$BUILD/tests/bench-smtp"

PORT=$($PYTHON -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
AS_USER=""
[ "$(id -u)" -eq 0 ] && AS_USER="-u nobody"
"$SINK" $AS_USER 127.0.0.1:"$PORT" 1000 >/dev/null 2>&1 &
SINK_PID=$!
trap 'kill $SINK_PID 2>/dev/null; wait $SINK_PID 2>/dev/null || true' EXIT INT TERM
$PYTHON - "$PORT" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(('127.0.0.1', int(sys.argv[1])), 0.2).close()
        break
    except OSError:
        time.sleep(0.05)
PY

now () { date +%s.%N; }
best_source=0
best_herald=0
for round in 1 2; do
  start=$(now)
  "$SOURCE" -d -s 1 -m "$COUNT" -l 20480 127.0.0.1:"$PORT"
  end=$(now)
  rate=$(awk -v n="$COUNT" -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", n / (e - s) }')
  best_source=$(awk -v a="$best_source" -v b="$rate" 'BEGIN { print (b > a) ? b : a }')
  echo "round $round: smtp-source $rate msg/s" >&2

  line=$("$BENCH" 127.0.0.1 "$PORT" "$COUNT" 20480)
  rate=$(echo "$line" | sed -n 's/.*send_msgs_per_s=\([0-9.]*\).*/\1/p')
  best_herald=$(awk -v a="$best_herald" -v b="$rate" 'BEGIN { print (b > a) ? b : a }')
  echo "round $round: herald $rate msg/s ($line)" >&2
done

ratio=$(awk -v h="$best_herald" -v s="$best_source" 'BEGIN { printf "%.2f", h / s }')
echo "smtp-source: $best_source msg/s"
echo "herald: $best_herald msg/s (compose included)"
echo "ratio: $ratio (needs at least 0.50)"
awk -v r="$ratio" 'BEGIN { exit (r >= 0.5) ? 0 : 1 }'
