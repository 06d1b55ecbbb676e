#!/bin/sh
# cli-goa.sh — an account whose sign-in comes from GNOME Online Accounts:
# `herald-cli account add … --preset gmail --goa [ID]`, `account test`,
# and campaigns that log in with XOAUTH2 with the tokens GOA hands out;
# GOA refusing, or no longer having the account, pauses the campaign.
#
# goa-standin.py stands in for GOA (GOA cannot run headless here: it
# needs a desktop session and a real sign-in with Google or Microsoft);
# it speaks GOA's D-Bus API (the same name, object paths and interfaces)
# on the private D-Bus session bus keyring-session.sh starts for this
# test. smtp-tls-server.py (aiosmtpd, STARTTLS) accepts the tokens the
# stand-in issued until they expire.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
HERE=$(cd "$(dirname "$0")" && pwd)

if [ -z "${HERALD_KEYRING_MODE:-}" ]; then
  exec "$HERE/keyring-session.sh" present "$0" "$@"
fi
for tool in sqlite3 secret-tool; do
  command -v $tool >/dev/null 2>&1 || { echo "1..0 # SKIP $tool is missing"; exit 77; }
done
/usr/bin/python3 -c 'from gi.repository import Gio' 2>/dev/null || { echo "1..0 # SKIP python3-gi is missing"; exit 77; }

NAME=cli-goa
PW=no-password-here
ADDR=shop@example.jp
SMTP_USER=$ADDR
SMTP_SERVER_ARGS='--token-file @T@/tokens'
LIFETIME=2
. "$HERE/tap.sh"
. "$HERE/tls-server.sh"
CHECK_SHOW="$T/err $T/goa.log $T/server.log"

# GOA's stand-in: two Google accounts and a Microsoft one; tokens live
# $LIFETIME seconds.
$PYTHON "$HERE/goa-standin.py" --state "$T" --token-file "$T/tokens" --lifetime $LIFETIME \
  --account account_1_google:google:$ADDR --account account_2_google:google:other@example.jp \
  --account account_3_ms:ms_graph:$ADDR <"$T/in" >"$T/goa.ready" 2>"$T/goa.err" &
GOA_PID=$!
trap 'kill $GOA_PID 2>/dev/null; cleanup' EXIT INT TERM
i=0
while ! grep -q READY "$T/goa.ready" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
check "the stand-in for GNOME Online Accounts is on the bus" "grep -q READY '$T/goa.ready'"
count () { grep -c "$1" "$2" 2>/dev/null || true; }

# -- Which GOA account ----------------------------------------------------------
cli account add nobody --preset gmail --goa --host 127.0.0.1 --port "$PORT" --ca "$T/cert.pem" \
  --from "Shop <nobody@example.jp>" --quiet-hours off >"$T/out" 2>"$T/err"
check "--goa with no GOA account for the address exits 1" "[ $? -eq 1 ]"
check "… listing the accounts there are, by Id, and how to name one" \
  "grep -q 'no Google account for nobody@example.jp' '$T/err' && grep -q 'account_1_google (Google, $ADDR)' '$T/err' && grep -q 'account_3_ms (Microsoft, $ADDR)' '$T/err' && grep -q -- '--goa=ID' '$T/err'"
cli account add wrong --preset gmail --goa=account_3_ms --host 127.0.0.1 --from "$ADDR" \
  --quiet-hours off >"$T/out" 2>"$T/err"
check "--goa=ID of a Microsoft account for a Google preset exits 1, saying so" \
  "[ $? -eq 1 ] && grep -q 'is a Microsoft account, not a Google one' '$T/err'"
cli account add x --preset xserver --host h.example.jp --goa --from "$ADDR" >"$T/out" 2>"$T/err"
check "--goa with a provider that has no sign-in is bad usage" "[ $? -eq 2 ] && grep -q 'only Google and Microsoft' '$T/err'"
cli account list >"$T/list"
check "… and none of them added an account" "! grep -q -e '^nobody	' -e '^wrong	' -e '^x	' '$T/list'"

# -- The account --------------------------------------------------------------
cli account add gm --preset gmail --goa --host 127.0.0.1 --port "$PORT" --ca "$T/cert.pem" \
  --from "Shop <$ADDR>" --rate 2/s --quiet-hours off --unsubscribe https://example.jp/u >"$T/out" 2>"$T/err"
check "account add --preset gmail --goa exits 0" "[ $? -eq 0 ]"
check "… naming the GOA account it took" "grep -q 'Using $ADDR from GNOME Online Accounts (account_1_google)' '$T/err'"
check "… stored as the Google account account_1_google of GOA, as the --from address" \
  "[ \"\$(sqlite3 '$DB' \"SELECT a.username, o.oauth_provider, o.goa_id FROM accounts a JOIN account_oauth o ON o.account_id = a.id WHERE a.name = 'gm'\")\" = '$ADDR|google|account_1_google' ]"
check "… remembering its preset" "[ \"\$(sqlite3 '$DB' \"SELECT preset FROM accounts WHERE name = 'gm'\")\" = gmail ]"
check "… with nothing in the keyring" "[ -z \"\$(secret-tool lookup account gm 2>/dev/null)\" ]"
cli account add ms --preset outlook-com --goa account_3_ms --host 127.0.0.1 --port "$PORT" --ca "$T/cert.pem" \
  --from "$ADDR" --quiet-hours off >"$T/out" 2>"$T/err"
check "account add --preset outlook-com --goa ID takes the Microsoft one (ms_graph)" \
  "[ $? -eq 0 ] && [ \"\$(sqlite3 '$DB' \"SELECT o.oauth_provider, o.goa_id FROM accounts a JOIN account_oauth o ON o.account_id = a.id WHERE a.name = 'ms'\")\" = 'microsoft|account_3_ms' ]"

cli account test gm >"$T/out" 2>"$T/err"
check "account test exits 0, logging in with XOAUTH2 with GOA's token" \
  "[ $? -eq 0 ] && grep -q 'AUTH XOAUTH2 accepted' '$T/out' && grep -q '^AUTH ok XOAUTH2 $ADDR$' '$T/server.log' && [ \$(count '^TOKEN account_1_google' '$T/goa.log') -eq 1 ]"
cli account sign-in gm >"$T/out" 2>"$T/err"
check "account sign-in of it exits 1, pointing to Online Accounts" \
  "[ $? -eq 1 ] && grep -q 'Settings → Online Accounts' '$T/err'"

# -- A campaign, its tokens expiring under it ----------------------------------
cli init --demo >/dev/null 2>&1
TPL=$(cli template list | head -1 | cut -f1)
cli campaign create c1 --template "$TPL" --list 'Sample customers' --account gm >/dev/null 2>"$T/err"
check "campaign create exits 0" "[ $? -eq 0 ]"
tokens0=$(count '^TOKEN account_1_google' "$T/goa.log")
timeout -k 2 120 "$CLI" --db "$DB" campaign send c1 >"$T/out" 2>"$T/err"
check "campaign send exits 0" "[ $? -eq 0 ]"
cli campaign status c1 >"$T/out" 2>"$T/err"
check "… every recipient sent" "grep -qx 'sent	12' '$T/out'"
check "… the server got 12 messages" "[ \$(count '^DATA ' '$T/server.log') -eq 12 ]"
check "… a fresh token from GOA before the campaign and for each new connection" \
  "[ \$(count '^TOKEN account_1_google' '$T/goa.log') -ge \$(($tokens0 + 3)) ]"
check "… each accepted, never refused" \
  "[ \$(count '^AUTH ok XOAUTH2' '$T/server.log') -ge 3 ] && [ \$(count '^AUTH fail XOAUTH2' '$T/server.log') -eq 0 ]"

# -- GOA refuses: the campaign pauses with what to do ----------------------------
touch "$T/refuse"
cli campaign create c2 --template "$TPL" --list 'Sample customers' --account gm >/dev/null 2>"$T/err"
auth0=$(count '^AUTH ' "$T/server.log")
timeout -k 2 60 "$CLI" --db "$DB" campaign send c2 >"$T/out" 2>"$T/err"
check "GOA refusing the token: campaign send exits 3 (stopped)" "[ $? -eq 3 ]"
check "… saying why and what to do" \
  "grep -q 'GNOME Online Accounts gave no sign-in for the account “gm”' '$T/err' && grep -q 'invalid_grant' '$T/err' && grep -q 'Sign in again in Settings → Online Accounts' '$T/err'"
check "… not pointing to Herald's own sign-in" "! grep -q 'account sign-in' '$T/err'"
check "… asking GOA once, not in a loop" "[ \$(count '^REFUSED account_1_google' '$T/goa.log') -eq 1 ]"
check "… and the SMTP server never asked" "[ \$(count '^AUTH ' '$T/server.log') -eq $auth0 ]"
cli campaign status c2 >"$T/out" 2>"$T/err"
check "… the campaign paused with the reason, every recipient still queued" \
  "grep -qx 'campaign	paused' '$T/out' && grep -q '^reason	.*Sign in again in Settings → Online Accounts' '$T/out' && grep -qx 'queued	12' '$T/out' && grep -qx 'sent	0' '$T/out'"
cli account test gm >"$T/out" 2>"$T/err"
check "account test says so too" "[ $? -eq 1 ] && grep -q 'Sign in again in Settings → Online Accounts' '$T/err'"
rm -f "$T/refuse"

# -- The account removed from GOA ---------------------------------------------------
touch "$T/gone-account_1_google"
timeout -k 2 60 "$CLI" --db "$DB" campaign send c2 >"$T/out" 2>"$T/err"
check "the GOA account removed: campaign send exits 3" "[ $? -eq 3 ]"
check "… saying GOA no longer has it and what to do" \
  "grep -q 'which no longer has it' '$T/err' && grep -q 'Sign in again in Settings → Online Accounts' '$T/err'"
rm -f "$T/gone-account_1_google"

# -- Back in GOA: the paused campaign goes on --------------------------------------
timeout -k 2 120 "$CLI" --db "$DB" campaign send c2 >"$T/out" 2>"$T/err"
check "the account back in GOA: the paused campaign is sent" "[ $? -eq 0 ]"
cli campaign status c2 >"$T/out"
check "… to everyone" "grep -qx 'sent	12' '$T/out'"
cli test-send --template "$TPL" --list 'Sample customers' --row 1 --account gm --to me@example.jp \
  >"$T/out" 2>"$T/err"
check "test-send through the GOA account exits 0" "[ $? -eq 0 ] && grep -rqs 'me@example.jp' '$T/mail'"

# -- No GOA on the bus at all ----------------------------------------------------------
kill $GOA_PID 2>/dev/null; wait $GOA_PID 2>/dev/null
cli account add late --preset gmail --goa --host 127.0.0.1 --from "$ADDR" --quiet-hours off >"$T/out" 2>"$T/err"
check "no GNOME Online Accounts on the bus: account add --goa exits 1, saying so" \
  "[ $? -eq 1 ] && grep -q 'GNOME Online Accounts is not running' '$T/err'"

echo "1..$n"
[ $fails -eq 0 ]
