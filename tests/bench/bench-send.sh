#!/bin/sh
# bench-send.sh — Herald's sender against the protocol limit and against
# nodemailer, on one machine in one run (issue 6). Not part of the suite.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# 1. COUNT (20,000) personalised ~20 KB newsletters to Postfix's smtp-sink
#    with 1 and then 4 connections, sent by:
#      - Postfix's smtp-source -s C -m COUNT -l 20480 (the protocol limit),
#      - `herald-cli campaign send --connections C` (the real sender: claims,
#        journal, pacer, compose pool, transports),
#      - nodemailer with a pooled transport, maxConnections C.
#    Each is run RUNS (2) times, alternating, and every run is printed; the
#    table uses the best run of each (the machine may be shared).
#    Prints messages/s, Herald's ratio to each, CPU seconds, Herald's peak RSS.
# 2. A BIG (1,000,000) recipient list imported with `herald-cli import`, a
#    campaign created and sent to the sink over 4 connections: time and peak
#    RSS of each step.
#
# Usage: tests/bench/bench-send.sh [BUILDDIR]
# Environment: BENCH_COUNT, BENCH_BIG (0 skips step 2), BENCH_RUNS.
# Needs smtp-sink and smtp-source (Debian package postfix; installed here
# when missing and run as root; no Postfix daemon is left running), and node
# and npm for nodemailer (installed into a temporary folder; skipped when
# there is no npm).
set -eu

SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$SRC/_build}
CLI=$BUILD/app/herald-cli
COUNT=${BENCH_COUNT:-20000}
BIG=${BENCH_BIG:-1000000}
RUNS=${BENCH_RUNS:-2}
PYTHON=/usr/bin/python3
HERE=$SRC/tests/bench

[ -x "$CLI" ] || { echo "bench-send: build Herald first ($CLI is missing)" >&2; exit 1; }

find_tool () {
  for dir in /usr/sbin /usr/lib/postfix/sbin /usr/libexec/postfix; do
    if [ -x "$dir/$1" ]; then echo "$dir/$1"; return; fi
  done
  command -v "$1" 2>/dev/null || true
}

postfix_running () {
  command -v postfix >/dev/null 2>&1 && postfix status >/dev/null 2>&1
}

POSTFIX_WAS_RUNNING=no
if postfix_running; then POSTFIX_WAS_RUNNING=yes; fi
SINK=$(find_tool smtp-sink)
SOURCE=$(find_tool smtp-source)
if [ -z "$SINK" ] || [ -z "$SOURCE" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bench-send: needs smtp-sink and smtp-source (apt-get install postfix)" >&2
    exit 77
  fi
  echo "bench-send: installing postfix for smtp-sink and smtp-source…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postfix >/dev/null
  SINK=$(find_tool smtp-sink)
  SOURCE=$(find_tool smtp-source)
fi

T=$(mktemp -d /tmp/herald-bench-send-XXXXXX)
SINK_PID=
cleanup () {
  [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null || true
  if [ "$POSTFIX_WAS_RUNNING" = no ] && postfix_running; then postfix stop >/dev/null 2>&1 || true; fi
  rm -rf "$T"
}
trap cleanup EXIT INT TERM

# nodemailer from the npm registry, into the temporary folder only.
NODEMAILER=no
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  mkdir -p "$T/node"
  if (cd "$T/node" && npm install --silent --no-audit --no-fund --no-save nodemailer >/dev/null 2>&1); then
    NODEMAILER=yes
    NODEMAILER_VERSION=$(node -e "console.log(require('$T/node/node_modules/nodemailer/package.json').version)")
  fi
fi
[ "$NODEMAILER" = yes ] || echo "bench-send: nodemailer could not be installed; its column stays empty" >&2

PORT=$($PYTHON -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SINK_USER=
[ "$(id -u)" -eq 0 ] && SINK_USER="-u nobody"
# shellcheck disable=SC2086
"$SINK" $SINK_USER "127.0.0.1:$PORT" 1000 &
SINK_PID=$!
sleep 0.3

export HERALD_DB="$T/herald.db" HERALD_OUTBOX="$T/outbox" XDG_CONFIG_HOME="$T/config"
"$CLI" init 2>/dev/null
$PYTHON "$HERE/bench-send-data.py" template "$T/news.html"
$PYTHON "$HERE/bench-send-data.py" list "$COUNT" "$T/list.csv"
"$CLI" import "$T/list.csv" --list Bench >/dev/null
"$CLI" template add News --subject 'News for {{ name }}' --html "$T/news.html"
"$CLI" account add sink --host 127.0.0.1 --port "$PORT" --security none --from 'Shop <shop@example.jp>'
"$CLI" preview --template News --list Bench --row 1 --account sink --out "$T/one.eml"
MSG_SIZE=$(wc -c <"$T/one.eml")

# measure NAME COMMAND…: runs it, appends "NAME wall user sys rss_kb" to $T/results
measure () {
  name=$1; shift
  if ! /usr/bin/time -f '%e %U %S %M' -o "$T/time" "$@" >"$T/out" 2>"$T/err"; then
    echo "bench-send: $name failed:" >&2; tail -5 "$T/err" >&2; return 1
  fi
  echo "$name $(cat "$T/time")" >>"$T/results"
  echo "  $name: $(awk -v n="$COUNT" '{ printf "%.2f s wall, %.0f msg/s, CPU %.2f s, peak RSS %.1f MB", $1, n / $1, $2 + $3, $4 / 1024 }' "$T/time")"
}

echo "Herald sender benchmark — $(nproc) CPUs ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "COUNT=$COUNT messages of $MSG_SIZE bytes (Herald's composed size; smtp-source -l 20480), sink on 127.0.0.1:$PORT"
[ "$NODEMAILER" = yes ] && echo "nodemailer $NODEMAILER_VERSION, node $(node --version)"
: >"$T/results"
for c in 1 4; do
  for run in $(seq "$RUNS"); do
    echo "connections $c, run $run"
    measure "source-$c" "$SOURCE" -s "$c" -m "$COUNT" -l 20480 "127.0.0.1:$PORT"
    "$CLI" campaign create "H$c-$run" --template News --list Bench --account sink >/dev/null 2>&1
    measure "herald-$c" "$CLI" campaign send "H$c-$run" --connections "$c"
    if [ "$NODEMAILER" = yes ]; then
      measure "nodemailer-$c" env NODE_PATH="$T/node/node_modules" node "$HERE/bench-send-nodemailer.js" "$PORT" "$c" "$COUNT" "$T/news.html"
    fi
  done
done

echo
echo "Best of $RUNS runs (messages/s; CPU seconds of the best run):"
awk -v n="$COUNT" '
  { split($1, a, "-"); tool = a[1]; c = a[2]; rate = n / $2;
    if (rate > best[tool, c]) { best[tool, c] = rate; cpu[tool, c] = $3 + $4; rss[tool, c] = $5 } }
  END {
    printf "%-12s %-10s %10s %9s %12s\n", "connections", "sender", "msg/s", "CPU s", "peak RSS MB";
    for (c = 1; c <= 4; c += 3) {
      split("source herald nodemailer", tools, " ");
      for (i = 1; i <= 3; i++) {
        t = tools[i];
        if (best[t, c] > 0)
          printf "%-12d %-10s %10.0f %9.2f %12.1f\n", c, (t == "source" ? "smtp-source" : t), best[t, c], cpu[t, c], rss[t, c] / 1024;
      }
      printf "  herald / smtp-source = %.0f %% (target ≥ 60 %%)", 100 * best["herald", c] / best["source", c];
      if (best["nodemailer", c] > 0)
        printf ", herald / nodemailer = %.2f× (target > 1)", best["herald", c] / best["nodemailer", c];
      printf "\n";
    }
  }' "$T/results"

if [ "$BIG" -gt 0 ]; then
  echo
  echo "A campaign of $BIG recipients (4 connections; target: peak RSS < 100 MB while sending)"
  $PYTHON "$HERE/bench-send-data.py" list "$BIG" "$T/big.csv"
  COUNT=$BIG
  measure "import" "$CLI" import "$T/big.csv" --list Big
  measure "create" "$CLI" campaign create Big --template News --list Big --account sink
  measure "send" "$CLI" campaign send Big --connections 4
  "$CLI" campaign status Big | tr '\t' ' ' | sed 's/^/  status: /'
fi
