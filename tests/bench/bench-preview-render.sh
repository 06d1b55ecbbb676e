#!/bin/sh
# bench-preview-render.sh — what one preview render of a 50 KB Japanese
# newsletter costs the editor's worker, step by step.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/bench/bench-preview-render.sh [BUILDDIR] [SIZE]
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:-_build}
SIZE=${2:-51200}
meson compile -C "$BUILD" tests/bench-preview-render >/dev/null
T=$(mktemp -d "${TMPDIR:-/tmp}/herald-bench-preview-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
/usr/bin/python3 "$HERE/gen-newsletter.py" "$SIZE" "$T/newsletter.html"
"$BUILD/tests/bench-preview-render" "$T/newsletter.html" 30
