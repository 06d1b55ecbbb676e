#!/bin/sh
# check-manifest.sh — check Herald's Flatpak manifest without building it.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: flatpak/check-manifest.sh MANIFEST
#
# The GNOME runtime cannot be downloaded on the test machines, so this checks
# what can be checked offline: the file is strict JSON (no comments, which
# flatpak-builder would accept but other tools reject), and flatpak-builder
# parses it without complaint. flatpak-builder only *warns* about unknown
# keys (a typo such as "config-opt"), so any WARNING on its stderr fails.
# Exits 77 (skipped, for meson) when flatpak-builder is not installed.
set -u

manifest=${1:?usage: check-manifest.sh MANIFEST}

if ! /usr/bin/python3 -m json.tool "$manifest" >/dev/null; then
  echo "FAIL: $manifest is not strict JSON" >&2
  exit 1
fi

# No broad file access: files and folders come through the file chooser
# portal (ARCHITECTURE.md, "A template's attachments, and files under
# Flatpak").
if /usr/bin/python3 -c 'import json, sys
args = json.load(open(sys.argv[1])).get("finish-args", [])
sys.exit(0 if any(a.startswith("--filesystem") for a in args) else 1)' "$manifest"; then
  echo "FAIL: $manifest grants --filesystem; choose files through the portal instead" >&2
  exit 1
fi

if ! command -v flatpak-builder >/dev/null 2>&1; then
  echo "SKIP: flatpak-builder is not installed" >&2
  exit 77
fi

# flatpak-builder leaves a .flatpak-builder/ state folder in its working
# folder: run it in a throw-away one.
manifest=$(realpath "$manifest")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
err="$work/stderr"

if ! (cd "$work" && flatpak-builder --show-manifest "$manifest") >/dev/null 2>"$err"; then
  cat "$err" >&2
  echo "FAIL: flatpak-builder cannot read $manifest" >&2
  exit 1
fi

if grep -q 'WARNING' "$err"; then
  cat "$err" >&2
  echo "FAIL: flatpak-builder warns about $manifest" >&2
  exit 1
fi

echo "ok: $manifest"
