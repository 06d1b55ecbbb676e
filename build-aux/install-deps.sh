#!/bin/sh
# install-deps.sh — install what Herald needs to build, run and test on Debian 12.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: build-aux/install-deps.sh [--tests]
# Installs only what is missing; needs root (or sudo) when something is.
set -eu

PKGS="build-essential pkg-config meson ninja-build gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libepoxy-dev libadwaita-1-dev libgtksourceview-5-dev
  libwebkitgtk-6.0-dev libsoup-3.0-dev libsecret-1-dev libsqlite3-dev
  libgmime-3.0-dev libcurl4-openssl-dev libxml2-dev libxml2-utils libuchardet-dev
  glib-networking gsettings-desktop-schemas dconf-gsettings-backend
  adwaita-icon-theme fonts-noto-cjk fonts-dejavu-core
  desktop-file-utils appstream xvfb xauth dbus dbus-x11 libgl1-mesa-dri libegl-mesa0"

TEST_PKGS="at-spi2-core python3-dogtail python3-gi gir1.2-atspi-2.0 imagemagick
  gnome-keyring libsecret-tools python3-aiosmtpd openssl curl ca-certificates
  sqlite3 flatpak-builder clang libclang-rt-14-dev llvm"

want="$PKGS"
[ "${1:-}" = "--tests" ] && want="$PKGS $TEST_PKGS"

missing=""
for p in $want; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done

[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installing:$missing" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
