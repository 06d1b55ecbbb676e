#!/bin/sh
# cli-oauth.sh — signing in with Google (the same code serves Microsoft):
# `herald-cli account add … --preset gmail --oauth`, `account test`,
# `account sign-in`, and campaigns that log in with XOAUTH2.
#
# Real things on loopback: oauth-server.py, an authorization server
# written for this test (HTTPS; checks PKCE, state, client and redirect
# URI exactly; issues, refreshes and revokes tokens), and
# smtp-tls-server.py (aiosmtpd, STARTTLS) taking the access tokens that
# server issued until they expire. The test is the browser: it fetches the
# address Herald prints, follows the authorization server's redirect back
# to Herald's loopback listener, as a browser would once the person
# agreed. Tokens in GNOME Keyring in a private D-Bus session.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
HERE=$(cd "$(dirname "$0")" && pwd)

if [ -z "${HERALD_KEYRING_MODE:-}" ]; then
  exec "$HERE/keyring-session.sh" present "$0" "$@"
fi
for tool in curl sqlite3 secret-tool; do
  command -v $tool >/dev/null 2>&1 || { echo "1..0 # SKIP $tool is missing"; exit 77; }
done

NAME=cli-oauth
PW=no-password-here
ADDR=shop@example.jp
SMTP_USER=$ADDR
SMTP_SERVER_ARGS='--token-file @T@/tokens --refuse-file @T@/refuse'
LIFETIME=2
. "$HERE/tap.sh"
. "$HERE/tls-server.sh"
CHECK_SHOW="$T/err $T/oauth.log $T/ms.log $T/server.log"

# The authorization server: access tokens live $LIFETIME seconds.
$PYTHON "$HERE/oauth-server.py" --cert "$T/cert.pem" --key "$T/key.pem" --log "$T/oauth.log" \
  --token-file "$T/tokens" --client-id test-client.apps --client-secret not-so-secret \
  --scope https://mail.google.com/ --lifetime $LIFETIME <"$T/in" >"$T/oport" 2>"$T/oauth.err" &
OAUTH_PID=$!
trap 'kill $OAUTH_PID 2>/dev/null; cleanup' EXIT INT TERM
i=0
while ! grep -q '^PORT ' "$T/oport" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
OPORT=$(sed -n 's/^PORT //p' "$T/oport")
check "the authorization server started" "[ -n '$OPORT' ]"
AS=https://127.0.0.1:$OPORT

export HERALD_OAUTH_GOOGLE_CLIENT_ID=test-client.apps HERALD_OAUTH_GOOGLE_CLIENT_SECRET=not-so-secret
export HERALD_OAUTH_GOOGLE_AUTHORIZE_URL=$AS/authorize HERALD_OAUTH_GOOGLE_TOKEN_URL=$AS/token
export HERALD_OAUTH_CA_FILE=$T/cert.pem

# The browser: waits for the address on Herald's stderr ($1), gets it
# (the authorization server answers 302 to Herald's loopback address),
# optionally edits that address with the sed expression $2, and follows
# it. Leaves Herald's page in $T/page.html and its status in $T/page.code.
browse () {
  i=0
  while ! grep -q "^$AS/authorize?" "$1" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i+1)); done
  url=$(grep -m1 "^$AS/authorize?" "$1")
  loc=$(curl -s --cacert "$T/cert.pem" -o /dev/null -w '%{redirect_url}' "$url")
  [ -n "${2:-}" ] && loc=$(printf %s "$loc" | sed "$2")
  printf '%s\n' "$loc" >"$T/redirect"
  curl -s -o "$T/page.html" -w '%{http_code}' "$loc" >"$T/page.code"
}
count () { grep -c "$1" "$2" 2>/dev/null || true; }

# -- Sign in -----------------------------------------------------------------
cli account add gm --preset gmail --oauth --host 127.0.0.1 --port "$PORT" --ca "$T/cert.pem" \
  --from "Shop <$ADDR>" --rate 2/s --unsubscribe https://example.jp/u --quiet-hours off >"$T/out" 2>"$T/err" &
ADD=$!
browse "$T/err"
wait $ADD
check "account add --preset gmail --oauth exits 0 once the browser came back" "[ $? -eq 0 ]"
check "… it printed the address to open, on stderr" "grep -q '^$AS/authorize?' '$T/err' && [ ! -s '$T/out' ]"
check "… the address asks for PKCE S256 and the mail scope, for the user" \
  "grep '^$AS/authorize?' '$T/err' | grep -q 'code_challenge_method=S256' && grep '^$AS/authorize?' '$T/err' | grep -q 'scope=https%3A%2F%2Fmail.google.com%2F'"
check "… the redirect went to 127.0.0.1 on a port of Herald's" "grep -q '^http://127.0.0.1:[0-9]*/?code=' '$T/redirect'"
check "… the browser got Herald's page" "[ \"\$(cat '$T/page.code')\" = 200 ] && grep -q 'signed in' '$T/page.html'"
check "… the authorization server accepted the request (client, scope, redirect, state, PKCE)" \
  "grep -q '^AUTHORIZE ok login_hint=$ADDR$' '$T/oauth.log'"
check "… and the code with its verifier" "[ \$(count '^TOKEN code ok' '$T/oauth.log') -eq 1 ]"
check "… Herald says it is signed in, and no app password hint" "grep -q 'Signed in with Google' '$T/err' && ! grep -q 'app password' '$T/err'"
check "the account signs in with Google, as the --from address, over the given server" \
  "[ \"\$(sqlite3 '$DB' \"SELECT a.username, a.host, a.port, a.security, o.oauth_provider FROM accounts a JOIN account_oauth o ON o.account_id = a.id WHERE a.name = 'gm'\")\" = '$ADDR|127.0.0.1|$PORT|starttls|google' ]"
RT=$(sed -n 's/^ISSUED refresh //p' "$T/oauth.log" | head -1)
check "the refresh token is in the keyring" "[ -n '$RT' ] && [ \"\$(secret-tool lookup account gm)\" = '$RT' ]"
check "… and nowhere in the database" "! grep -a -q -F '$RT' '$DB' '$DB-wal' 2>/dev/null"

# -- account test: refresh, then XOAUTH2 -------------------------------------
cli account test gm >"$T/out" 2>"$T/err"
check "account test exits 0" "[ $? -eq 0 ]"
check "… logging in with XOAUTH2" "grep -q 'AUTH XOAUTH2 accepted' '$T/out' && grep -q '^AUTH ok XOAUTH2 $ADDR$' '$T/server.log'"
check "… with a token it refreshed" "[ \$(count '^TOKEN refresh ok' '$T/oauth.log') -eq 1 ]"

# -- A campaign, its access tokens expiring under it --------------------------
cli init --demo >/dev/null 2>&1
TPL=$(cli template list | head -1 | cut -f1)
cli campaign create c1 --template "$TPL" --list 'Sample customers' --account gm >/dev/null 2>"$T/err"
check "campaign create exits 0" "[ $? -eq 0 ]"
refresh0=$(count '^TOKEN refresh ok' "$T/oauth.log")
fail0=$(count '^AUTH fail XOAUTH2' "$T/server.log")
timeout -k 2 120 "$CLI" --db "$DB" campaign send c1 >"$T/out" 2>"$T/err"
check "campaign send exits 0" "[ $? -eq 0 ]"
cli campaign status c1 >"$T/out" 2>"$T/err"
check "… every recipient sent" "grep -qx 'sent	12' '$T/out'"
check "… the server got 12 messages" "[ \$(count '^DATA ' '$T/server.log') -eq 12 ]"
check "… the token expired under it: refreshed before the campaign and during it" \
  "[ \$(count '^TOKEN refresh ok' '$T/oauth.log') -ge \$(($refresh0 + 2)) ]"
check "… each time on a new connection, logged in with the fresh token, never refused" \
  "[ \$(count '^AUTH ok XOAUTH2' '$T/server.log') -ge 3 ] && [ \$(count '^AUTH fail XOAUTH2' '$T/server.log') -eq $fail0 ]"

# The server refuses a token (XOAUTH2: 334 with the reason, then 535):
# one fresh token, one more try.
echo 1 >"$T/refuse"
cli campaign create c1b --template "$TPL" --list 'Sample customers' --account gm >/dev/null 2>"$T/err"
refresh0=$(count '^TOKEN refresh ok' "$T/oauth.log")
timeout -k 2 120 "$CLI" --db "$DB" campaign send c1b >"$T/out" 2>"$T/err"
check "a token refused by the server: campaign send still exits 0" "[ $? -eq 0 ]"
cli campaign status c1b >"$T/out" 2>"$T/err"
check "… every recipient sent" "grep -qx 'sent	12' '$T/out'"
check "… after one refusal and a fresh token" \
  "[ \$(count '^AUTH fail XOAUTH2' '$T/server.log') -eq $(($fail0 + 1)) ] && [ \$(count '^TOKEN refresh ok' '$T/oauth.log') -ge $(($refresh0 + 2)) ]"

echo 99 >"$T/refuse"
cli campaign create c1c --template "$TPL" --list 'Sample customers' --account gm >/dev/null 2>"$T/err"
timeout -k 2 60 "$CLI" --db "$DB" campaign send c1c >"$T/out" 2>"$T/err"
check "a server that refuses every token: campaign send exits 3" "[ $? -eq 3 ]"
check "… saying so" "grep -q 'refused the sign-in' '$T/err' && grep -q 'Sign in again' '$T/err'"
check "… after one more try only (no loop)" "[ \$(count '^AUTH fail XOAUTH2' '$T/server.log') -eq $(($fail0 + 3)) ]"
cli campaign status c1c >"$T/out" 2>"$T/err"
check "… and nobody was mailed" "grep -qx 'sent	0' '$T/out'"
echo 0 >"$T/refuse"

# -- Revoked: the campaign pauses with "Sign in again" ------------------------
curl -s --cacert "$T/cert.pem" -d all=1 "$AS/test/revoke-all" >/dev/null
cli campaign create c2 --template "$TPL" --list 'Sample customers' --account gm >/dev/null 2>"$T/err"
auth0=$(count '^AUTH ' "$T/server.log")
timeout -k 2 60 "$CLI" --db "$DB" campaign send c2 >"$T/out" 2>"$T/err"
check "a revoked sign-in: campaign send exits 3 (stopped)" "[ $? -eq 3 ]"
check "… saying why and what to do" "grep -q 'no longer accepts the sign-in of the account “gm”' '$T/err' && grep -q 'Sign in again' '$T/err'"
timeout -k 2 60 "$CLI" --db "$DB" campaign send c2 >/dev/null 2>"$T/err2"
check "… the same again on a second try" "[ $? -eq 3 ] && grep -q 'Sign in again' '$T/err2'"
check "… one refused refresh each time, nothing more" "[ \$(count '^TOKEN refresh fail invalid_grant' '$T/oauth.log') -eq 2 ]"
check "… and the SMTP server never asked" "[ \$(count '^AUTH ' '$T/server.log') -eq $auth0 ]"
cli campaign status c2 >"$T/out" 2>"$T/err"
check "… every recipient still queued" "grep -qx 'queued	12' '$T/out' && grep -qx 'sent	0' '$T/out'"
cli account test gm >"$T/out" 2>"$T/err"
check "account test says so too, with the command that does it" "[ $? -eq 1 ] && grep -q 'Sign in again' '$T/err' && grep -q 'account sign-in NAME' '$T/err'"

# -- Sign in again, and the paused campaign goes on ---------------------------
cli account sign-in gm >"$T/out" 2>"$T/err" &
ADD=$!
browse "$T/err"
wait $ADD
check "account sign-in exits 0" "[ $? -eq 0 ]"
RT2=$(sed -n 's/^ISSUED refresh //p' "$T/oauth.log" | tail -1)
check "… the new refresh token replaced the old in the keyring" \
  "[ '$RT2' != '$RT' ] && [ \"\$(secret-tool lookup account gm)\" = '$RT2' ]"
timeout -k 2 120 "$CLI" --db "$DB" campaign send c2 >/dev/null 2>"$T/err"
check "… and the paused campaign is sent" "[ $? -eq 0 ]"
cli campaign status c2 >"$T/out"
check "… to everyone" "grep -qx 'sent	12' '$T/out'"
cli test-send --template "$TPL" --list 'Sample customers' --row 1 --account gm --to me@example.jp \
  >"$T/out" 2>"$T/err"
check "test-send through the signed-in account exits 0" "[ $? -eq 0 ] && grep -rqs 'me@example.jp' '$T/mail'"

# -- An answer that is not for this sign-in is refused ------------------------
codes0=$(count '^TOKEN code' "$T/oauth.log")
cli account add forged --preset gmail --oauth --host 127.0.0.1 --port "$PORT" --ca "$T/cert.pem" \
  --from "$ADDR" >"$T/out" 2>"$T/err" &
ADD=$!
browse "$T/err" 's/state=[^&]*/state=forged-state-0123456789/'
wait $ADD
check "a redirect with another state: account add exits 1" "[ $? -eq 1 ]"
check "… saying so" "grep -q 'not for this sign-in' '$T/err'"
check "… the browser is told too" "[ \"\$(cat '$T/page.code')\" = 400 ]"
check "… the code was never exchanged" "[ \$(count '^TOKEN code' '$T/oauth.log') -eq $codes0 ]"
cli account list >"$T/list"
check "… and no account was added" "! grep -q '^forged	' '$T/list'"

# -- The authorization server is strict (so the passes above mean something) --
CH=$(printf %s 'the-right-verifier-0123456789-0123456789-abc' | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=')
loc=$(curl -s --cacert "$T/cert.pem" -o /dev/null -w '%{redirect_url}' \
  "$AS/authorize?response_type=code&client_id=test-client.apps&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2F&scope=https%3A%2F%2Fmail.google.com%2F&state=0123456789abcdef0&code_challenge=$CH&code_challenge_method=S256")
code=$(printf %s "$loc" | sed -n 's/.*code=\([^&]*\).*/\1/p')
status=$(curl -s --cacert "$T/cert.pem" -o "$T/tok" -w '%{http_code}' -d grant_type=authorization_code \
  -d "code=$code" -d client_id=test-client.apps -d client_secret=not-so-secret \
  -d redirect_uri=http://127.0.0.1:9/ -d code_verifier=a-wrong-verifier-0123456789-0123456789-abcd "$AS/token")
check "the test server refuses a wrong PKCE verifier" "[ -n '$code' ] && [ '$status' = 400 ] && grep -q invalid_grant '$T/tok'"
status=$(curl -s --cacert "$T/cert.pem" -o /dev/null -w '%{http_code}' \
  "$AS/authorize?response_type=code&client_id=test-client.apps&redirect_uri=http%3A%2F%2Flocalhost%3A9%2Fcb&scope=https%3A%2F%2Fmail.google.com%2F&state=0123456789abcdef0&code_challenge=$CH&code_challenge_method=S256")
check "… and a redirect URI that is not http://127.0.0.1:PORT/" "[ '$status' = 400 ]"

# -- Microsoft: its scope, and refresh tokens that change at each refresh ------
$PYTHON "$HERE/oauth-server.py" --cert "$T/cert.pem" --key "$T/key.pem" --log "$T/ms.log" \
  --token-file "$T/tokens" --client-id ms-client-id --scope 'https://outlook.office.com/SMTP.Send offline_access' \
  --rotate <"$T/in" >"$T/msport" 2>"$T/ms.err" &
MS_PID=$!
trap 'kill $OAUTH_PID $MS_PID 2>/dev/null; cleanup' EXIT INT TERM
i=0
while ! grep -q '^PORT ' "$T/msport" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
MS=https://127.0.0.1:$(sed -n 's/^PORT //p' "$T/msport")
export HERALD_OAUTH_MICROSOFT_CLIENT_ID=ms-client-id
export HERALD_OAUTH_MICROSOFT_AUTHORIZE_URL=$MS/authorize HERALD_OAUTH_MICROSOFT_TOKEN_URL=$MS/token
AS_SAVED=$AS
AS=$MS
cli account add ms --preset outlook-com --oauth --host 127.0.0.1 --port "$PORT" --ca "$T/cert.pem" \
  --from "$ADDR" --quiet-hours off >"$T/out" 2>"$T/err" &
ADD=$!
browse "$T/err"
wait $ADD
check "account add --preset outlook-com --oauth signs in with Microsoft's scope" \
  "[ $? -eq 0 ] && grep -q 'Signed in with Microsoft' '$T/err' && grep -q '^AUTHORIZE ok' '$T/ms.log'"
MRT1=$(sed -n 's/^ISSUED refresh //p' "$T/ms.log" | tail -1)
cli account test ms >"$T/out" 2>"$T/err"
check "account test of it exits 0, over XOAUTH2" "[ $? -eq 0 ] && grep -q 'AUTH XOAUTH2 accepted' '$T/out'"
MRT2=$(sed -n 's/^ISSUED refresh //p' "$T/ms.log" | tail -1)
check "… the rotated refresh token replaced the old one in the keyring" \
  "[ '$MRT2' != '$MRT1' ] && [ \"\$(secret-tool lookup account ms)\" = '$MRT2' ]"
cli account test ms >"$T/out" 2>"$T/err"
check "… and works the next time" "[ $? -eq 0 ] && [ \$(count '^TOKEN refresh ok' '$T/ms.log') -eq 2 ]"
check "… never in the database" "! grep -a -q -e '$MRT1' -e '$MRT2' '$DB' '$DB-wal' 2>/dev/null"
AS=$AS_SAVED

# -- Usage and configuration ---------------------------------------------------
cli account add x --preset xserver --host h.example.jp --oauth --from "$ADDR" >"$T/out" 2>"$T/err"
check "--oauth with a provider that has no sign-in is bad usage" "[ $? -eq 2 ] && grep -q 'only Google and Microsoft' '$T/err'"
printf pw | cli account add x --preset gmail --oauth --from "$ADDR" --password-stdin >"$T/out" 2>"$T/err"
check "--oauth with --password-stdin is bad usage" "[ $? -eq 2 ]"
env -u HERALD_OAUTH_GOOGLE_CLIENT_ID "$CLI" --db "$DB" account add x --preset gmail --oauth \
  --from "$ADDR" >"$T/out" 2>"$T/err" </dev/null
check "no client ID configured: exits 1 at once, saying how to set one" \
  "[ $? -eq 1 ] && grep -q 'no client ID for signing in with Google' '$T/err' && ! grep -q '^https://' '$T/err'"

echo "1..$n"
[ $fails -eq 0 ]
