#!/bin/sh
# run-ui-test.sh — run one UI test (a Python/dogtail script) against the real
# `herald` window: under Xvfb, in a D-Bus session of its own (which also
# starts the accessibility bus on demand), with a throw-away home, data
# folder and database, so nothing of the user's is read or written.
#
# usage: run-ui-test.sh TEST.py [SECONDS]   (the outer time limit, 290 unless given)
# env:   HERALD_UI (the built herald), HERALD_BUILDDIR, GSETTINGS_SCHEMA_DIR
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

test_script=${1:?usage: run-ui-test.sh TEST.py [SECONDS]}
limit=${2:-290}
: "${HERALD_UI:?HERALD_UI must name the built herald executable}"
: "${HERALD_BUILDDIR:?HERALD_BUILDDIR must name the build folder}"

fail () { echo "run-ui-test.sh: $*" >&2; exit 1; }

# Missing tools fail rather than skip: a skipped UI test would let a broken
# set-up pass unnoticed. build-aux/install-deps.sh --tests installs them.
for tool in xvfb-run dbus-run-session timeout; do
  command -v "$tool" >/dev/null 2>&1 ||
    fail "“$tool” is missing; run build-aux/install-deps.sh --tests"
done
[ -x /usr/bin/python3 ] || fail "/usr/bin/python3 is missing"
/usr/bin/python3 -c 'import dogtail, pyatspi' 2>/dev/null ||
  fail "dogtail or pyatspi is missing (python3-dogtail, gir1.2-atspi-2.0)"
[ -x "$HERALD_UI" ] || fail "$HERALD_UI is not built"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/herald-ui-test.XXXXXX") || fail "cannot make a temporary folder"
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/runtime"
chmod 700 "$tmp/runtime"

export HOME="$tmp/home"
export XDG_DATA_HOME="$tmp/data"
export XDG_CONFIG_HOME="$tmp/config"
export XDG_CACHE_HOME="$tmp/cache"
export XDG_RUNTIME_DIR="$tmp/runtime"
export HERALD_DB="$tmp/data/herald/herald.db"
export HERALD_OUTBOX="$tmp/data/herald/outbox"
export HERALD_TEST_TMPDIR="$tmp"
export GSETTINGS_SCHEMA_DIR="${GSETTINGS_SCHEMA_DIR:-$HERALD_BUILDDIR/data}"
# GTK 4 speaks AT-SPI itself; make sure nothing turned it off.
export GTK_A11Y=atspi
unset NO_AT_BRIDGE
# The window must look the same wherever the test runs.
unset GTK_THEME

# The script has its own deadline; this one only catches a wedged Xvfb or
# D-Bus session, so the test can never hang.
timeout -k 10 "$limit" \
  xvfb-run -a -s '-screen 0 1280x800x24' \
  dbus-run-session -- /usr/bin/python3 "$test_script"
rc=$?
[ $rc -eq 124 ] && echo "run-ui-test.sh: the test ran out of time" >&2
exit $rc
