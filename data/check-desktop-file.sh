#!/bin/sh
# check-desktop-file.sh — desktop-file-validate, failing on warnings too.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: data/check-desktop-file.sh FILE.desktop
#
# desktop-file-validate exits 0 when it only warns; Herald wants its desktop
# file free of warnings as well. Hints are shown but do not fail.
# Exits 77 (skipped, for meson) when desktop-file-validate is not installed.
set -u

file=${1:?usage: check-desktop-file.sh FILE.desktop}

if ! command -v desktop-file-validate >/dev/null 2>&1; then
  echo "SKIP: desktop-file-validate is not installed" >&2
  exit 77
fi

out=$(desktop-file-validate "$file" 2>&1)
rc=$?
[ -n "$out" ] && printf '%s\n' "$out"

if [ "$rc" -ne 0 ] || printf '%s\n' "$out" | grep -q -E ': (error|warning): '; then
  echo "FAIL: $file" >&2
  exit 1
fi
echo "ok: $file"
