#!/bin/sh
# bench-css-inline.sh — what CSS inlining costs a send: a 50 KB Japanese
# newsletter styled by a 5 KB <style> block, composed with and without
# inlining (the ratios are with/without).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/bench/bench-css-inline.sh [BUILDDIR] [SIZE] [CSS-SIZE] [MESSAGES]
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:-_build}
SIZE=${2:-51200}
CSS=${3:-5120}
MESSAGES=${4:-200}
meson compile -C "$BUILD" tests/bench-css-inline >/dev/null
T=$(mktemp -d "${TMPDIR:-/tmp}/herald-bench-css-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
/usr/bin/python3 "$HERE/gen-styled-newsletter.py" "$SIZE" "$CSS" "$T/newsletter.html"
"$BUILD/tests/bench-css-inline" "$T/newsletter.html" "$MESSAGES"
