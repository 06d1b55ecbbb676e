#!/bin/sh
# cli-test-send.sh — `herald-cli test-send`: one contact's message sent to
# the user's own address, through the Outbox and through a real STARTTLS +
# AUTH server (aiosmtpd) with the password in GNOME Keyring; the received
# message must be `herald-cli preview`'s for that contact, addressed to
# --to.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
HERE=$(cd "$(dirname "$0")" && pwd)

# Run inside a private D-Bus session with a keyring (this script again).
if [ -z "${HERALD_KEYRING_MODE:-}" ]; then
  exec "$HERE/keyring-session.sh" present "$0" "$@"
fi

NAME=cli-test-send
PW='tëst pässwörd'
ME='me@example.org'
. "$HERE/tap.sh"
. "$HERE/tls-server.sh"
CHECK_SHOW="$T/err $T/cmp"
# The newest file in a Maildir's new/ folder.
newest () { ls -t "$1"/new/* 2>/dev/null | head -1; }

cli init --demo >/dev/null 2>"$T/err"
check "init --demo exits 0" "[ $? -eq 0 ]"
TEMPLATE='Sample newsletter'
LIST='Sample customers'

# Through the Outbox, by row.
cli test-send --template "$TEMPLATE" --list "$LIST" --row 2 --account outbox --to "$ME" >"$T/out" 2>"$T/err"
check "test-send through the Outbox exits 0" "[ $? -eq 0 ]"
RECIPIENT=$(cli contacts --list "$LIST" --format csv | sed -n '3p' | cut -d, -f1)
check "… and says what it did" "grep -qx 'Sent the message for $RECIPIENT to $ME through “outbox”.' '$T/out'"
cli preview --template "$TEMPLATE" --list "$LIST" --row 2 --out "$T/preview-outbox.eml" 2>"$T/err"
MSG=$(newest "$T/outbox")
check "the Outbox holds one message" "[ \$(ls '$T/outbox/new' | wc -l) -eq 1 ]"
$PYTHON "$HERE/compare-test-send.py" "$T/preview-outbox.eml" "$MSG" "$ME" "$RECIPIENT" >"$T/cmp" 2>&1
check "… the contact's message, addressed to --to" "[ $? -eq 0 ]"
check "… delivered to --to" "grep -q '^X-Original-To: <$ME>' '$MSG'"

# Through a STARTTLS + AUTH server, by address, with an unsubscribe link.
printf '%s\n' "$PW" | cli account add shop --host 127.0.0.1 --port "$PORT" --security starttls \
  --user herald --from '山田商店 <info@example.jp>' --password-stdin --ca "$T/cert.pem" \
  --unsubscribe mailto:unsubscribe@example.jp --unsubscribe https://example.jp/u >/dev/null 2>"$T/err"
check "account add exits 0" "[ $? -eq 0 ]"
RECIPIENT=$(cli contacts --list "$LIST" --format csv | sed -n '5p' | cut -d, -f1)
SHOUT=$(printf '%s' "$RECIPIENT" | tr '[:lower:]' '[:upper:]')
cli test-send --template "$TEMPLATE" --list "$LIST" --email "$SHOUT" --account shop --to "$ME" >"$T/out" 2>"$T/err"
check "test-send through SMTP exits 0" "[ $? -eq 0 ]"
check "… and says what it did" "grep -qx 'Sent the message for $RECIPIENT to $ME through “shop”.' '$T/out'"
check "the server took one message, from the account, for --to only" \
  "[ \"\$(grep '^DATA' '$T/server.log')\" = \"\$(printf 'DATA info@example.jp $ME %s' \"\$(wc -c <\"\$(newest '$T/mail')\")\")\" ]"
check "… after STARTTLS and AUTH" "grep -q '^AUTH ok PLAIN herald' '$T/server.log'"
cli preview --template "$TEMPLATE" --list "$LIST" --email "$RECIPIENT" --account shop --out "$T/preview-shop.eml" 2>"$T/err"
check "the preview has List-Unsubscribe (so leaving it out is checked)" "grep -q '^List-Unsubscribe:' '$T/preview-shop.eml'"
$PYTHON "$HERE/compare-test-send.py" "$T/preview-shop.eml" "$(newest "$T/mail")" "$ME" "$RECIPIENT" >"$T/cmp" 2>&1
check "… the received message is the contact's, addressed to --to" "[ $? -eq 0 ]"
check "the contact's address is in no envelope" "! grep '^DATA' '$T/server.log' | grep -q -F '$RECIPIENT'"

# Failures: one clear line, nothing sent.
before=$(grep -c '^DATA' "$T/server.log")
cli test-send --template "$TEMPLATE" --list "$LIST" --email nobody@example.net --account shop --to "$ME" >"$T/out" 2>"$T/err"
check "an address not in the list exits 1" "[ $? -eq 1 ] && [ \$(wc -l <'$T/err') -eq 1 ] && grep -q 'is not in the list' '$T/err'"
cli test-send --template "$TEMPLATE" --list "$LIST" --row 99 --account shop --to "$ME" >"$T/out" 2>"$T/err"
check "a row past the end exits 1" "[ $? -eq 1 ] && grep -q 'there is no row 99' '$T/err'"
cli test-send --template "$TEMPLATE" --list "$LIST" --row 1 --account shop --to 'me@example.org>x' >"$T/out" 2>"$T/err"
check "a bad --to exits 1" "[ $? -eq 1 ] && grep -q 'is not an email address' '$T/err'"
cli test-send --template "$TEMPLATE" --list "$LIST" --row 1 --account shop >"$T/out" 2>"$T/err"
check "no --to is bad usage" "[ $? -eq 2 ]"
cli test-send --template "$TEMPLATE" --list "$LIST" --row 1 --email a@example.jp --account shop --to "$ME" >"$T/out" 2>"$T/err"
check "--row with --email is bad usage" "[ $? -eq 2 ]"
cli test-send --template "$TEMPLATE" --list "$LIST" --row 1 --account nosuch --to "$ME" >"$T/out" 2>"$T/err"
check "an unknown account exits 1" "[ $? -eq 1 ] && grep -q 'no account named' '$T/err'"
printf '%s' 'wrong-password' | cli account password shop 2>"$T/err"
cli test-send --template "$TEMPLATE" --list "$LIST" --row 1 --account shop --to "$ME" >"$T/out" 2>"$T/err"
check "a refused password exits 1 with one line" \
  "[ $? -eq 1 ] && [ \$(wc -l <'$T/err') -eq 1 ] && grep -q 'refused the user name or password' '$T/err'"
check "… and nothing reached the server" "[ \$(grep -c '^DATA' '$T/server.log') -eq $before ]"

cli --help >"$T/out"
check "herald-cli --help lists test-send" "grep -q '^  test-send --template' '$T/out'"

echo "1..$n"
[ $fails -eq 0 ]
