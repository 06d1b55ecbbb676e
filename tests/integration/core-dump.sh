#!/bin/sh
# core-dump.sh — no password in a core dump of a sending process.
#
# herald-cli sends a campaign through a real STARTTLS + AUTH server, with
# the account's password in GNOME Keyring (private D-Bus session), slowly
# (1 message a second) so that it is mid-send holding the password; the
# test then makes it crash (SIGSEGV) with core files allowed in its shell
# (ulimit -c unlimited). First with HERALD_ALLOW_CORE_DUMPS=1: the control,
# showing that this machine writes core files and that the test finds the
# password in one. Then as Herald runs normally: no core file allowed, and
# none written.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
HERE=$(cd "$(dirname "$0")" && pwd)

if [ -z "${HERALD_KEYRING_MODE:-}" ]; then
  exec "$HERE/keyring-session.sh" present "$0" "$@"
fi

NAME=core-dump
# Distinctive enough not to be found in a core file by chance.
PW='core-dump-PW-7f3a9c2e-パスワード'
. "$HERE/tap.sh"
. "$HERE/tls-server.sh"
CHECK_SHOW="$T/err"

printf '%s\n' "$PW" | cli account add shop --quiet-hours off --host 127.0.0.1 --port "$PORT" --security starttls \
  --user herald --from 'Shop <info@example.jp>' --password-stdin --ca "$T/cert.pem" \
  --rate 1/s --connections 1 --unsubscribe https://shop.example.jp/unsubscribe >"$T/out" 2>"$T/err"
check "account add exits 0" "[ $? -eq 0 ]"
cli init --demo >/dev/null 2>&1
TEMPLATE=$(cli template list | head -1 | cut -f1)
for c in control herald; do
  cli campaign create "$c" --template "$TEMPLATE" --list 'Sample customers' --account shop \
    >/dev/null 2>"$T/err"
  check "campaign $c created" "[ $? -eq 0 ]"
done

# Starts `campaign send NAME` in the folder DIR with core files allowed,
# waits until the server has accepted a message from it, reads its limits,
# then crashes it. Sets PID.
delivered () { c=$(grep -c '^DATA' "$T/server.log" 2>/dev/null); echo "${c:-0}"; }
crash_send () {
  name=$1 dir=$2; shift 2
  mkdir -p "$dir"
  before=$(delivered)
  ( cd "$dir" && ulimit -c unlimited && exec env "$@" "$CLI" --db "$DB" campaign send "$name" ) \
    >"$dir/out" 2>"$dir/err" &
  PID=$!
  i=0
  while [ "$(delivered)" -le "$before" ] && [ $i -lt 100 ]; do
    sleep 0.1; i=$((i+1))
  done
  grep 'core file' "/proc/$PID/limits" >"$dir/limits" 2>/dev/null
  kill -SEGV "$PID"
  wait "$PID" 2>/dev/null
}

crash_send control "$T/control" HERALD_ALLOW_CORE_DUMPS=1
control_core=$(ls "$T/control" | grep '^core' | head -1)
if [ -z "$control_core" ]; then
  # The kernel sends core files elsewhere (core_pattern), or nowhere.
  ok "# SKIP this machine writes no core file into the process's folder (core_pattern: $(cat /proc/sys/kernel/core_pattern))"
else
  check "control: a core file allowed by HERALD_ALLOW_CORE_DUMPS=1 holds the password (the test can see it)" \
    "grep -a -q -F '$PW' '$T/control/$control_core'"
fi

crash_send herald "$T/herald"
check "the sending process had authenticated and sent" "[ \$(delivered) -ge 2 ]"
check "… with no core file allowed" "grep -q 'Max core file size *0 *0' '$T/herald/limits'"
check "… and left no core file when it crashed" "[ -z \"\$(ls '$T/herald' | grep '^core')\" ]"
check "… nor any file holding the password" "! grep -r -a -q -F '$PW' '$T/herald'"

echo "1..$n"
[ $fails -eq 0 ]
