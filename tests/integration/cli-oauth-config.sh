#!/bin/sh
# cli-oauth-config.sh — where the sign-in client IDs come from: the
# environment, else the preference (GSettings key oauth-google-client-id,
# here in a keyfile backend of the test's own), else the build's own
# (empty in a default build: the sign-in is refused, saying how to set
# one). Nothing is signed in: the command is stopped once it printed the
# address to open, which carries the client ID in force.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
CLI=${HERALD_CLI:?}
: "${GSETTINGS_SCHEMA_DIR:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/tap.sh"
CHECK_SHOW="$T/err"
unset HERALD_OAUTH_GOOGLE_CLIENT_ID HERALD_OAUTH_GOOGLE_CLIENT_SECRET
export GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME="$T/config"
mkdir -p "$T/config/glib-2.0/settings"
SIGN_IN () { timeout 4 "$CLI" --db "$T/$1.db" account add g --preset gmail --oauth --from shop@gmail.com \
               --quiet-hours off </dev/null >/dev/null 2>"$T/err"; }

if grep -q 'HERALD_OAUTH_GOOGLE_CLIENT_ID ""' "${HERALD_BUILDDIR:?}/config.h"; then
  SIGN_IN none
  check "no client ID anywhere: refused, naming the variable" \
    "grep -q 'no client ID for signing in with Google' '$T/err' && grep -q HERALD_OAUTH_GOOGLE_CLIENT_ID '$T/err'"
fi

printf "[io/github/heraldmail/Herald]\noauth-google-client-id='from-preference'\n" \
  >"$T/config/glib-2.0/settings/keyfile"
SIGN_IN pref
check "the preference's client ID is in the address to open" "grep -q 'client_id=from-preference&' '$T/err'"

HERALD_OAUTH_GOOGLE_CLIENT_ID=from-environment SIGN_IN env
check "the environment's overrides the preference" "grep -q 'client_id=from-environment&' '$T/err'"

printf "[io/github/heraldmail/Herald]\noauth-google-client-id=''\n" >"$T/config/glib-2.0/settings/keyfile"
HERALD_OAUTH_GOOGLE_CLIENT_ID=from-environment SIGN_IN env2
check "an empty preference leaves the environment's" "grep -q 'client_id=from-environment&' '$T/err'"

echo "1..$n"
[ $fails -eq 0 ]
