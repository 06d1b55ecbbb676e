#!/bin/sh
# run.sh — install what is missing, build, and start Herald.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
cd "$(dirname "$0")/.."
build-aux/install-deps.sh
if [ -f _build/build.ninja ]; then
  meson setup --reconfigure _build >/dev/null
else
  meson setup _build >/dev/null
fi
meson compile -C _build
# The schema and the translations are compiled into the build folder; use
# them without installing.
export GSETTINGS_SCHEMA_DIR="$(pwd)/_build/data"
export HERALD_LOCALEDIR="$(pwd)/_build/po"
exec _build/ui/herald "$@"
