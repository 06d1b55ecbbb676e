# tap.sh — TAP output for the integration scripts, which source it:
# ok NAME, not_ok NAME, and check NAME CONDITION (a shell test, eval'd).
# When a check fails, the files named in $CHECK_SHOW (if set) are shown
# as comments. At the end a script exits with [ $fails -eq 0 ].
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
fails=0
n=0
ok () { n=$((n+1)); echo "ok $n - $1"; }
not_ok () { n=$((n+1)); fails=$((fails+1)); echo "not ok $n - $1"; }
check () {
  if eval "$2"; then
    ok "$1"
  else
    not_ok "$1"
    [ -z "${CHECK_SHOW:-}" ] || sed 's/^/# /' $CHECK_SHOW 2>/dev/null
  fi
}
