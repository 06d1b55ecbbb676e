#!/bin/sh
# run-fuzz.sh — build one libFuzzer target with clang (ASan + UBSan) and
# run it for a bounded time over its seed corpus.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: run-fuzz.sh NAME SECONDS 'EXTRA LIBS' SOURCE...
#        (sources relative to the source root)
set -eu
name=$1; seconds=$2; libs=$3; shift 3
src=${HERALD_SRCDIR:?}
build=${HERALD_BUILDDIR:?}
out="$build/tests/fuzz"
mkdir -p "$out/corpus-$name"

CC=${FUZZ_CC:-clang}
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "run-fuzz.sh: $CC is not installed (build-aux/install-deps.sh --tests installs it)" >&2
  exit 1
fi

sources=""
for f in "$@"; do sources="$sources $src/$f"; done

# shellcheck disable=SC2046
"$CC" -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined \
  -I"$build" $(for d in "$src"/app/*/; do printf -- "-I%s " "$d"; done) \
  $(pkg-config --cflags glib-2.0 gio-2.0 libxml-2.0) \
  "$src/tests/fuzz/fuzz-$name.c" $sources \
  $(pkg-config --libs glib-2.0 gio-2.0 libxml-2.0) $libs \
  -o "$out/fuzz-$name"

seeds="$src/tests/fuzz/corpus-$name"
[ -d "$seeds" ] || seeds=""
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$src/tests/lsan.supp"
# New inputs go to the build folder's corpus; the seeds stay read-only.
# libFuzzer exits 77 on a crash by default, which meson counts as a
# skipped test: a crash must fail.
exec "$out/fuzz-$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -error_exitcode=1 -timeout_exitcode=1 \
  -print_final_stats=1 -artifact_prefix="$out/$name-" "$out/corpus-$name" $seeds
