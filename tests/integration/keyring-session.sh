#!/bin/sh
# keyring-session.sh — run a test program in a private D-Bus session, with
# GNOME Keyring's Secret Service in it (present) or without any (absent:
# first on a bus with no Secret Service, then with no session bus at all).
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: keyring-session.sh present|absent PROGRAM [ARGS…]
# The program sees HERALD_KEYRING_MODE=present, absent or nobus.
# Exit status: the program's; 77 (skipped) when a tool is missing.
set -u
mode=$1
shift

for tool in dbus-run-session dbus-daemon gdbus; do
  command -v $tool >/dev/null 2>&1 || { echo "1..0 # SKIP $tool is missing"; exit 77; }
done

T=$(mktemp -d "${TMPDIR:-/tmp}/herald-keyring-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
mkdir -p "$T/home" "$T/runtime"
chmod 700 "$T/runtime"
export HOME="$T/home" XDG_RUNTIME_DIR="$T/runtime"
export XDG_DATA_HOME="$T/home/.local/share" XDG_CONFIG_HOME="$T/home/.config" XDG_CACHE_HOME="$T/home/.cache"
unset DISPLAY WAYLAND_DISPLAY GNOME_KEYRING_CONTROL

case $mode in
present)
  command -v gnome-keyring-daemon >/dev/null 2>&1 || { echo "1..0 # SKIP gnome-keyring-daemon is missing"; exit 77; }
  HERALD_KEYRING_MODE=present dbus-run-session -- sh -c '
    printf %s test-keyring-pw | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
    GKD=$!
    i=0
    while [ $i -lt 100 ]; do
      gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
        --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true && break
      sleep 0.1
      i=$((i + 1))
    done
    "$@"
    rc=$?
    kill $GKD 2>/dev/null
    wait $GKD 2>/dev/null
    exit $rc' sh "$@"
  ;;
absent)
  # A session bus that cannot start services: no Secret Service on it.
  cat >"$T/session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$T/runtime</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
  HERALD_KEYRING_MODE=absent dbus-run-session --config-file="$T/session.conf" -- "$@" || exit $?
  # No session bus at all (and nothing to autolaunch one with).
  env -u DBUS_SESSION_BUS_ADDRESS HERALD_KEYRING_MODE=nobus "$@"
  ;;
*)
  echo "usage: keyring-session.sh present|absent PROGRAM [ARGS…]" >&2
  exit 2
  ;;
esac
