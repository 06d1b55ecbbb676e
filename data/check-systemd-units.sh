#!/bin/sh
# check-systemd-units.sh — systemd-analyze verify on herald-due.service and
# herald-due.timer, with the service pointing at the built herald-cli.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: data/check-systemd-units.sh SERVICE.in TIMER BINDIR
#
# Verified as system units: `--user` needs a user manager's runtime folder,
# which a build machine may lack; the checks of the files are the same.
# Exits 77 (skipped, for meson) when systemd-analyze is not installed.
set -u

service_in=${1:?usage: check-systemd-units.sh SERVICE.in TIMER BINDIR}
timer=${2:?}
bindir=${3:?}

if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "SKIP: systemd-analyze is not installed" >&2
  exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed "s#@BINDIR@#$bindir#g" "$service_in" >"$dir/herald-due.service"
cp "$timer" "$dir/herald-due.timer"
out=$(systemd-analyze verify "$dir/herald-due.service" "$dir/herald-due.timer" 2>&1)
rc=$?
[ -n "$out" ] && printf '%s\n' "$out"
if [ $rc -ne 0 ] || [ -n "$out" ]; then
  echo "FAIL: systemd-analyze verify" >&2
  exit 1
fi
echo "ok: herald-due.service and herald-due.timer"
