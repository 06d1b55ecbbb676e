#!/bin/sh
# install-deps.sh — install what Herald needs to build, run and test on Debian 12.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: build-aux/install-deps.sh [--tests]
# Installs only what is missing; needs root (or sudo) when something is.
set -eu

PKGS="build-essential pkg-config meson ninja-build gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libepoxy-dev libadwaita-1-dev libgtksourceview-5-dev
  libwebkitgtk-6.0-dev libsoup-3.0-dev libjson-glib-dev libsecret-1-dev libsqlite3-dev
  libgmime-3.0-dev libcurl4-openssl-dev libxml2-dev libxml2-utils libuchardet-dev
  glib-networking gsettings-desktop-schemas dconf-gsettings-backend
  adwaita-icon-theme fonts-noto-cjk fonts-dejavu-core
  desktop-file-utils appstream xvfb xauth dbus dbus-x11 libgl1-mesa-dri libegl-mesa0"

TEST_PKGS="at-spi2-core python3-dogtail python3-gi gir1.2-atspi-2.0 imagemagick
  gnome-keyring libsecret-tools python3-aiosmtpd openssl curl ca-certificates
  sqlite3 flatpak-builder clang libclang-rt-14-dev llvm dovecot-imapd"

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

# dovecot-imapd's postinst starts the system's Dovecot (ports 143, 993);
# the tests run a Dovecot of their own (tests/integration/dovecot-server.sh)
# and need no service. Where no init system runs (a container), starting
# it can fail and with it the install; so, unless the machine has its own
# /usr/sbin/policy-rc.d, one that lets no service start is in place for
# the install, and removed after it. (The service stays enabled for the
# next boot where there is one.)
policy=/usr/sbin/policy-rc.d
case " $missing " in
  *" dovecot-imapd "*)
    if [ ! -e "$policy" ]; then
      trap '$SUDO rm -f "$policy"' EXIT
      printf '#!/bin/sh\n# install-deps.sh: no service starts while it installs\nexit 101\n' | $SUDO tee "$policy" >/dev/null
      $SUDO chmod 755 "$policy"
    fi
    ;;
esac

$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
