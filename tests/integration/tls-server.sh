# tls-server.sh — sourced, after tap.sh, by the scripts that run herald-cli
# against a real STARTTLS + AUTH server (smtp-tls-server.py, aiosmtpd) as
# user "herald" with the password $PW. Makes the folder $T (named after
# $NAME, removed at exit) with a certificate for localhost, starts the
# server (it stops when its standard input closes, i.e. when the script
# exits) and sets PORT (SMTP_USER and SMTP_SERVER_ARGS, when set, change
# the user and add options, @T@ standing for $T: --token-file @T@/tokens); then DB, HERALD_OUTBOX and cli () for the script.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
CLI=${HERALD_CLI:?}
PYTHON=/usr/bin/python3
command -v openssl >/dev/null 2>&1 || { echo "1..0 # SKIP openssl is missing"; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/herald-$NAME-XXXXXX")
SERVER_PID=
cleanup () {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT INT TERM

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 \
  -subj /CN=localhost -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' >/dev/null 2>&1

mkfifo "$T/in"
exec 3<>"$T/in"
$PYTHON "$HERE/smtp-tls-server.py" --maildir "$T/mail" --cert "$T/cert.pem" --key "$T/key.pem" \
  --log "$T/server.log" --user "${SMTP_USER:-herald}" --password "$PW" $(printf %s "${SMTP_SERVER_ARGS:-}" | sed "s|@T@|$T|g") <"$T/in" >"$T/port" 2>"$T/server.err" &
SERVER_PID=$!
i=0
while ! grep -q '^PORT ' "$T/port" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
PORT=$(sed -n 's/^PORT //p' "$T/port")
check "the test server started" "[ -n '$PORT' ]"

DB="$T/h.db"
export HERALD_OUTBOX="$T/outbox"
cli () { "$CLI" --db "$DB" "$@"; }
