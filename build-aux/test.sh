#!/bin/sh
# test.sh — install what is missing, build, and run Herald's whole test suite.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the suite in _build (everything: unit, integration, data, po, ui),
# then the engine's unit tests and fuzz targets again under AddressSanitizer
# + UndefinedBehaviorSanitizer in _build-asan. Ends with the plain line
# "N passed, N failed" and exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)

build-aux/install-deps.sh --tests || { echo "0 passed, 1 failed"; exit 1; }

setup () {
  dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@" >/dev/null
  fi
}

rm -f _build/meson-logs/testlog.json _build-asan/meson-logs/testlog.json
build_failed=0
if ! { setup _build -Dui=true -Db_sanitize=none && meson compile -C _build; }; then
  echo "test.sh: the build failed" >&2
  build_failed=$((build_failed + 1))
else
  meson test -C _build --no-rebuild --print-errorlogs --num-processes 2 --no-suite fuzz --no-suite timing
fi

if ! { setup _build-asan -Dui=false -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug &&
       meson compile -C _build-asan; }; then
  echo "test.sh: the sanitizer build failed" >&2
  build_failed=$((build_failed + 1))
else
  meson test -C _build-asan --no-rebuild --print-errorlogs --suite unit --suite fuzz --num-processes 2
fi

/usr/bin/python3 "$ROOT/build-aux/count-results.py" "$build_failed" \
  _build/meson-logs/testlog.json _build-asan/meson-logs/testlog.json
