#!/bin/sh
# bench-send.sh — Herald's sender against the protocol limit and against
# nodemailer, on one machine in one run (issue 6). Not part of the suite, and
# not pass/fail: it prints figures and ratios (Herald / reference, both
# measured in the same run).
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# 1. COUNT (20,000) personalised ~20 KB newsletters to Postfix's smtp-sink
#    with 1 and then 4 connections, sent by:
#      - Postfix's smtp-source -d -s C -m COUNT -l 20480 (the protocol limit:
#        C sessions in parallel, and with -d each keeps its connection for
#        the next message, as Herald does, instead of connecting anew for
#        every message),
#      - `herald-cli campaign send --connections C` (the real sender: claims,
#        journal, pacer, compose pool, transports),
#      - nodemailer with a pooled transport, maxConnections C.
#    The exact command of each run is printed. Each is run RUNS (2) times,
#    alternating, and every run is printed; the table uses the best run of
#    each (the machine may be shared).
#    Prints messages/s, CPU seconds and peak RSS of each, and Herald's ratio
#    to each (its rate, and its CPU time against smtp-source's).
# 2. A BIG (1,000,000) recipient list imported with `herald-cli import`, a
#    campaign created and sent to the sink over 4 connections: time and peak
#    RSS of each step.
#
# BENCH_PROXY=1 — a server 25 ms away: step 1 only, with every sender going
#    through bench-delay-proxy.py, a TCP proxy on 127.0.0.1 that passes each
#    chunk on BENCH_PROXY_DELAY_MS (12.5) ms later in each direction (25 ms
#    round trip) to the sink. COUNT defaults to 200 there (a run of 1
#    connection takes about 25 s); step 2 is skipped. Herald claims its
#    recipients 16 at a time per connection, so with few messages per
#    connection its last claims leave connections idle at the end: 4
#    connections come closer to smtp-source as COUNT grows. smtp-source
#    waits for the reply to each command (no PIPELINING, says its manual
#    page): 4 round trips a message, as libcurl takes in Herald; nodemailer
#    pipelines MAIL, RCPT and DATA: 2. The proxy is a Python program: on a
#    loaded machine its delays grow, so it prints the round trip it gives.
# BENCH_PROFILE=1 — where Herald's CPU goes: instead of steps 1 and 2, Herald
#    sends COUNT messages over 4 connections to the sink (no proxy) once as
#    is (CPU time per message) and once under a sampling profiler, and the
#    top BENCH_PROFILE_TOP (15) functions are printed by inclusive and by
#    self share of the samples, with the share of each library and thread.
#    The profiler is `perf record` with the cpu-clock software event and
#    DWARF call graphs (hardware counters are often unavailable in virtual
#    machines), else `valgrind --tool=callgrind` (COUNT defaults to 2,000
#    there: it runs ~50 times slower).
#
# Usage: tests/bench/bench-send.sh [BUILDDIR]
# Environment: BENCH_COUNT, BENCH_BIG (0 skips step 2), BENCH_RUNS,
#   BENCH_PROXY, BENCH_PROXY_DELAY_MS, BENCH_PROFILE, BENCH_PROFILE_TOP,
#   BENCH_PROFILER (perf or callgrind: forces one), BENCH_PROFILE_KEEP (a
#   file to keep the profile in, for perf report or callgrind_annotate).
# herald-cli is taken from BUILDDIR/cli/, or else BUILDDIR/app/.
# Needs smtp-sink and smtp-source (Debian package postfix; installed here
# when missing and run as root; no Postfix daemon is left running), and node
# and npm for nodemailer (installed into a temporary folder; skipped when
# there is no npm). BENCH_PROFILE=1 needs perf (Debian package linux-perf)
# or valgrind.
set -eu

SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$SRC/_build}
CLI=$BUILD/cli/herald-cli
[ -x "$CLI" ] || CLI=$BUILD/app/herald-cli
PROXY=${BENCH_PROXY:-0}
PROXY_DELAY_MS=${BENCH_PROXY_DELAY_MS:-12.5}
PROFILE=${BENCH_PROFILE:-0}
PROFILE_TOP=${BENCH_PROFILE_TOP:-15}
RUNS=${BENCH_RUNS:-2}
PYTHON=/usr/bin/python3
HERE=$SRC/tests/bench
if [ "$PROXY" = 1 ]; then
  COUNT=${BENCH_COUNT:-200}
  BIG=0
else
  COUNT=${BENCH_COUNT:-20000}
  BIG=${BENCH_BIG:-1000000}
fi

[ -x "$CLI" ] || { echo "bench-send: build Herald first (no herald-cli in $BUILD/cli or $BUILD/app)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-send: /usr/bin/time is needed (apt-get install time)" >&2; exit 1; }

# The profiler for BENCH_PROFILE=1: perf when it can sample (the cpu-clock
# software event works where hardware counters do not), else callgrind.
PROFILER=
if [ "$PROFILE" = 1 ]; then
  PROFILER=${BENCH_PROFILER:-}
  if [ -z "$PROFILER" ]; then
    if command -v perf >/dev/null 2>&1 &&
       perf record -q -e cpu-clock --call-graph dwarf -o /dev/null true >/dev/null 2>&1; then
      PROFILER=perf
    elif command -v valgrind >/dev/null 2>&1; then
      PROFILER=callgrind
    else
      echo "bench-send: BENCH_PROFILE=1 needs perf (linux-perf) or valgrind" >&2
      exit 77
    fi
  fi
  [ "$PROFILER" = callgrind ] && COUNT=${BENCH_COUNT:-2000}
  BIG=0
fi

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
PROXY_PID=
cleanup () {
  for pid in $PROXY_PID $SINK_PID; do kill "$pid" 2>/dev/null || true; done
  if [ "$POSTFIX_WAS_RUNNING" = no ] && postfix_running; then postfix stop >/dev/null 2>&1 || true; fi
  rm -rf "$T"
}
trap cleanup EXIT INT TERM

# nodemailer from the npm registry, into the temporary folder only.
NODEMAILER=no
if [ "$PROFILE" != 1 ]; then
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    mkdir -p "$T/node"
    if (cd "$T/node" && npm install --silent --no-audit --no-fund --no-save nodemailer >/dev/null 2>&1); then
      NODEMAILER=yes
      NODEMAILER_VERSION=$(node -e "console.log(require('$T/node/node_modules/nodemailer/package.json').version)")
    fi
  fi
  [ "$NODEMAILER" = yes ] || echo "bench-send: nodemailer could not be installed; its column stays empty" >&2
fi

free_port () {
  $PYTHON -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
SINK_PORT=$(free_port)
SINK_USER=
[ "$(id -u)" -eq 0 ] && SINK_USER="-u nobody"
# shellcheck disable=SC2086
"$SINK" $SINK_USER "127.0.0.1:$SINK_PORT" 1000 &
SINK_PID=$!
sleep 0.3

# PORT is where the senders connect: the sink, or the proxy in front of it.
PORT=$SINK_PORT
if [ "$PROXY" = 1 ]; then
  PORT=$(free_port)
  $PYTHON "$HERE/bench-delay-proxy.py" "$PORT" "$SINK_PORT" "$PROXY_DELAY_MS" >"$T/proxy.out" &
  PROXY_PID=$!
  for _ in $(seq 50); do grep -q ready "$T/proxy.out" 2>/dev/null && break; sleep 0.1; done
  grep -q ready "$T/proxy.out" || { echo "bench-send: the delay proxy did not start" >&2; exit 1; }
fi

export HERALD_DB="$T/herald.db" HERALD_OUTBOX="$T/outbox" XDG_CONFIG_HOME="$T/config"
"$CLI" init 2>/dev/null
$PYTHON "$HERE/bench-send-data.py" template "$T/news.html"
$PYTHON "$HERE/bench-send-data.py" list "$COUNT" "$T/list.csv"
"$CLI" import "$T/list.csv" --list Bench >/dev/null
"$CLI" template add News --subject 'News for {{ name }}' --html "$T/news.html"
"$CLI" account add sink --host 127.0.0.1 --port "$PORT" --security none --from 'Shop <shop@example.jp>' --quiet-hours off
"$CLI" preview --template News --list Bench --row 1 --account sink --out "$T/one.eml"
MSG_SIZE=$(wc -c <"$T/one.eml")

# measure NAME COMMAND…: prints and runs it, appends "NAME wall user sys
# rss_kb" to $T/results
measure () {
  name=$1; shift
  echo "  \$ $*"
  if ! /usr/bin/time -f '%e %U %S %M' -o "$T/time" "$@" >"$T/out" 2>"$T/err"; then
    echo "bench-send: $name failed:" >&2; tail -5 "$T/err" >&2; return 1
  fi
  echo "$name $(cat "$T/time")" >>"$T/results"
  echo "  $name: $(awk -v n="$COUNT" '{ printf "%.2f s wall, %.1f msg/s, CPU %.2f s (%.0f µs a message), peak RSS %.1f MB", $1, n / $1, $2 + $3, 1e6 * ($2 + $3) / n, $4 / 1024 }' "$T/time")"
}

echo "Herald sender benchmark — $(nproc) CPUs ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "herald-cli: $CLI"
echo "COUNT=$COUNT messages of $MSG_SIZE bytes (Herald's composed size; smtp-source -l 20480), sink on 127.0.0.1:$SINK_PORT"
if [ "$PROXY" = 1 ]; then
  echo "Through bench-delay-proxy.py on 127.0.0.1:$PORT: $PROXY_DELAY_MS ms each way in front of the sink;" \
    "$($PYTHON "$HERE/bench-delay-proxy.py" --probe "$PORT")"
fi
[ "$NODEMAILER" = yes ] && echo "nodemailer $NODEMAILER_VERSION, node $(node --version)"
: >"$T/results"

if [ "$PROFILE" = 1 ]; then
  echo
  echo "Herald's CPU, 4 connections to the sink, profiled with $PROFILER"
  "$CLI" campaign create P0 --template News --list Bench --account sink >/dev/null 2>&1
  measure "herald-4" "$CLI" campaign send P0 --connections 4
  "$CLI" campaign create P1 --template News --list Bench --account sink >/dev/null 2>&1
  if [ "$PROFILER" = perf ]; then
    measure "herald-4-perf" perf record -q -e cpu-clock -F 999 --call-graph dwarf,16384 -o "$T/perf.data" \
      "$CLI" campaign send P1 --connections 4
    report () { perf report -i "$T/perf.data" --stdio --no-header -g none --percent-limit 0.3 "$@" 2>/dev/null | grep '%'; }
    echo
    echo "$(perf report -i "$T/perf.data" --stdio -g none --sort comm 2>/dev/null | sed -n 's/^# Samples: \([^ ]*\) .*/\1/p' | head -1) samples" \
      "(cpu-clock at 999 Hz; inclusive = in the function or what it calls)"
    echo "Top $PROFILE_TOP by inclusive share (the threads' entry frames, above 90 %, left out):"
    printf '  %9s %7s  %s\n' inclusive self "function [library]"
    report --children --sort sym,dso |
      awk '{ inc = $1; self = $2; dso = $NF; if (inc + 0 > 90 && self + 0 < 1) next;
             $1 = $2 = $NF = ""; sub(/^ *\[[.k]\] */, ""); sub(/ *$/, "");
             printf "  %9s %7s  %s [%s]\n", inc, self, $0, dso }' | head -n "$PROFILE_TOP"
    echo "Top $PROFILE_TOP by self share:"
    report --no-children --sort sym,dso | head -n "$PROFILE_TOP" |
      awk '{ self = $1; dso = $NF; $1 = $NF = ""; sub(/^ *\[[.k]\] */, ""); sub(/ *$/, "");
             printf "  %7s  %s [%s]\n", self, $0, dso }'
    echo "Self share by library:"
    report --no-children --sort dso | head -n 12 | awk '{ printf "  %7s  %s\n", $1, $2 }'
    echo "Self share by thread:"
    report --no-children --sort comm | head -n 8 | awk '{ s = $1; $1 = ""; printf "  %7s %s\n", s, $0 }'
    if [ -n "${BENCH_PROFILE_KEEP:-}" ]; then
      cp "$T/perf.data" "$BENCH_PROFILE_KEEP"
      echo "perf data kept in $BENCH_PROFILE_KEEP (perf report -i $BENCH_PROFILE_KEEP --children)"
    fi
  else
    measure "herald-4-callgrind" valgrind --tool=callgrind --callgrind-out-file="$T/callgrind.out" \
      "$CLI" campaign send P1 --connections 4
    # Instructions in user space only (the kernel's share is not counted);
    # one line a function (callgrind_annotate also lists each without its
    # library), the threads' entry frames (above 90 %) left out.
    annotate () {
      callgrind_annotate --inclusive="$1" "$T/callgrind.out" 2>/dev/null |
        grep -E '^ *[0-9,]+ +\( *[0-9.]+%\) .*\[[^]]*\] *$' |
        awk '{ p = $2; gsub(/[(%)]/, "", p); if (p + 0 > 90) next; print }' |
        head -n "$PROFILE_TOP" | sed 's/^/  /'
    }
    echo
    echo "$(callgrind_annotate "$T/callgrind.out" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p') instructions in user space"
    echo "Top $PROFILE_TOP by inclusive instructions:"
    annotate yes
    echo "Top $PROFILE_TOP by self instructions:"
    annotate no
    if [ -n "${BENCH_PROFILE_KEEP:-}" ]; then
      cp "$T/callgrind.out" "$BENCH_PROFILE_KEEP"
      echo "callgrind data kept in $BENCH_PROFILE_KEEP (callgrind_annotate --inclusive=yes $BENCH_PROFILE_KEEP)"
    fi
  fi
  exit 0
fi

for c in 1 4; do
  for run in $(seq "$RUNS"); do
    echo "connections $c, run $run"
    measure "source-$c" "$SOURCE" -d -s "$c" -m "$COUNT" -l 20480 "127.0.0.1:$PORT"
    "$CLI" campaign create "H$c-$run" --template News --list Bench --account sink >/dev/null 2>&1
    measure "herald-$c" "$CLI" campaign send "H$c-$run" --connections "$c"
    if [ "$NODEMAILER" = yes ]; then
      measure "nodemailer-$c" env NODE_PATH="$T/node/node_modules" node "$HERE/bench-send-nodemailer.js" "$PORT" "$c" "$COUNT" "$T/news.html"
    fi
  done
done

echo
[ "$PROXY" = 1 ] && echo "Through the proxy ($PROXY_DELAY_MS ms each way, 127.0.0.1:$PORT → sink):"
echo "Best of $RUNS runs (messages/s; CPU seconds of the best run):"
awk -v n="$COUNT" '
  { split($1, a, "-"); tool = a[1]; c = a[2]; rate = n / $2;
    if (rate > best[tool, c]) { best[tool, c] = rate; cpu[tool, c] = $3 + $4; rss[tool, c] = $5 } }
  END {
    printf "%-12s %-14s %10s %9s %12s\n", "connections", "sender", "msg/s", "CPU s", "peak RSS MB";
    for (c = 1; c <= 4; c += 3) {
      split("source herald nodemailer", tools, " ");
      for (i = 1; i <= 3; i++) {
        t = tools[i];
        if (best[t, c] > 0)
          printf "%-12d %-14s %10.1f %9.2f %12.1f\n", c, (t == "source" ? "smtp-source -d" : t), best[t, c], cpu[t, c], rss[t, c] / 1024;
      }
      printf "  herald / smtp-source -d = %.0f %% of the rate, %.1f× the CPU",
        100 * best["herald", c] / best["source", c], cpu["herald", c] / (cpu["source", c] > 0 ? cpu["source", c] : 0.01);
      if (best["nodemailer", c] > 0)
        printf "; herald / nodemailer = %.2f× the rate", best["herald", c] / best["nodemailer", c];
      printf "\n";
    }
  }' "$T/results"

if [ "$BIG" -gt 0 ]; then
  echo
  echo "A campaign of $BIG recipients (4 connections; peak RSS while sending)"
  $PYTHON "$HERE/bench-send-data.py" list "$BIG" "$T/big.csv"
  COUNT=$BIG
  measure "import" "$CLI" import "$T/big.csv" --list Big
  measure "create" "$CLI" campaign create Big --template News --list Big --account sink
  measure "send" "$CLI" campaign send Big --connections 4
  "$CLI" campaign status Big | tr '\t' ' ' | sed 's/^/  status: /'
fi
