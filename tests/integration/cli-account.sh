#!/bin/sh
# cli-account.sh — `herald-cli account add|list|test|password|remove|presets`, and accounts made from a provider preset
# against a real STARTTLS + AUTH server (aiosmtpd), with the password in
# GNOME Keyring in a private D-Bus session, and with no keyring at all.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
HERE=$(cd "$(dirname "$0")" && pwd)

# Run inside a private D-Bus session with a keyring (this script again).
if [ -z "${HERALD_KEYRING_MODE:-}" ]; then
  exec "$HERE/keyring-session.sh" present "$0" "$@"
fi

NAME=cli-account
PW='s3cret pässwörd'
. "$HERE/tap.sh"
. "$HERE/tls-server.sh"
CHECK_SHOW="$T/err $T/out"

printf '%s\n' "$PW" | cli account add shop --host 127.0.0.1 --port "$PORT" --security starttls \
  --user herald --from '山田商店 <info@example.jp>' --password-stdin --ca "$T/cert.pem" \
  --rate 5/s --rate 1000/h --daily 5000 --connections 2 \
  --unsubscribe mailto:unsubscribe@example.jp --unsubscribe https://example.jp/u >"$T/out" 2>"$T/err"
check "account add exits 0" "[ $? -eq 0 ]"

cli account list >"$T/list" 2>"$T/err"
check "account list exits 0" "[ $? -eq 0 ]"
check "account list shows the account" "grep -qx 'shop	127.0.0.1:$PORT	starttls	山田商店 <info@example.jp>' '$T/list'"
check "account list shows the Outbox" "grep -q '^outbox	$T/outbox	maildir	' '$T/list'"

cli account test shop >"$T/out" 2>"$T/err"
check "account test exits 0" "[ $? -eq 0 ]"
check "account test reports the TLS version, the login and what the server offered" \
  "grep -qx 'connected to 127.0.0.1:$PORT, STARTTLS (TLSv1.[23]), AUTH PLAIN accepted; the server offers: SIZE 67108864, 8BITMIME, SMTPUTF8, AUTH LOGIN PLAIN XOAUTH2, HELP' '$T/out'"
check "… and the limits in force" "grep -qx 'limits in force: 5/s 1000/h 5000/day 2 connections' '$T/out'"

check "the password is nowhere in the database" "! grep -a -q -F '$PW' '$DB' '$DB-wal' 2>/dev/null"
check "the settings are in the database" \
  "[ \"\$(sqlite3 '$DB' \"SELECT rate_per_second, rate_per_hour, daily_cap, connections, unsubscribe_mailto, unsubscribe_url FROM accounts WHERE name = 'shop'\")\" = '5.0|1000|5000|2|mailto:unsubscribe@example.jp|https://example.jp/u' ]"

printf '%s' "$PW" | cli account add shop --host 127.0.0.1 --from a@example.jp --user u --password-stdin 2>"$T/err"
check "a second account of the same name exits 1" "[ $? -eq 1 ]"
check "… and says so in one line" "[ \$(wc -l <'$T/err') -eq 1 ] && grep -q 'already an account' '$T/err'"

cli account add plain --host smtp.example.com --security none --from a@example.jp 2>"$T/err"
check "plain text to another host exits 1" "[ $? -eq 1 ]"
check "… and says why" "grep -q 'only allowed to this computer' '$T/err'"

cli account add bad --host h --from a@example.jp --security ssl 2>"$T/err"
check "an unknown --security is bad usage" "[ $? -eq 2 ]"
cli account add bad --host h --from a@example.jp --rate fast 2>"$T/err"
check "a bad --rate is bad usage" "[ $? -eq 2 ]"
cli account add bad --host h --from a@example.jp --unsubscribe http://example.jp/u 2>"$T/err"
check "an http: unsubscribe link is bad usage" "[ $? -eq 2 ]"
cli account add bad --host h --from a@example.jp --unsubscribe mailto:u@example.jp --unsubscribe-token-in body 2>"$T/err"
check "an unknown --unsubscribe-token-in is bad usage" "[ $? -eq 2 ]"
check "the token goes in the subject unless asked" \
  "[ \"\$(sqlite3 '$DB' \"SELECT unsubscribe_token_in FROM accounts WHERE name = 'shop'\")\" = subject ]"
cli account add subaddr --host 127.0.0.1 --from a@example.jp --unsubscribe mailto:u@example.jp \
  --unsubscribe-token-in address >/dev/null 2>"$T/err"
check "--unsubscribe-token-in address is kept" \
  "[ \"\$(sqlite3 '$DB' \"SELECT unsubscribe_token_in FROM accounts WHERE name = 'subaddr'\")\" = address ]"

printf '%s' 'wrong-password' | cli account password shop 2>"$T/err"
check "account password exits 0" "[ $? -eq 0 ]"
cli account test shop >"$T/out" 2>"$T/err"
check "a refused password exits 1" "[ $? -eq 1 ]"
check "… with one clear line" "[ \$(wc -l <'$T/err') -eq 1 ] && grep -q 'refused the user name or password' '$T/err'"
check "… that does not show the password" "! grep -q 'wrong-password' '$T/err'"
printf '%s' "$PW" | cli account password shop 2>"$T/err"
cli account test shop >"$T/out" 2>"$T/err"
check "the right password again works" "[ $? -eq 0 ]"

printf '%s' "$PW" | cli account add noca --host 127.0.0.1 --port "$PORT" --user herald \
  --from a@example.jp --password-stdin 2>"$T/err"
cli account test noca >"$T/out" 2>"$T/err"
check "a server certificate nobody vouches for is refused" "[ $? -eq 1 ] && grep -q 'not trusted' '$T/err'"
check "… before the password was sent" "[ \$(grep -c '^AUTH' '$T/server.log') -eq 3 ]"

cli account test outbox >"$T/out" 2>"$T/err"
check "account test outbox exits 0" "[ $? -eq 0 ] && grep -q 'Outbox folder' '$T/out'"
cli account remove outbox 2>"$T/err"
check "the Outbox cannot be removed" "[ $? -eq 1 ]"
cli account remove noca 2>"$T/err"
check "account remove exits 0" "[ $? -eq 0 ]"
cli account list >"$T/list"
check "… and the account is gone" "! grep -q '^noca	' '$T/list'"
cli account test nosuch 2>"$T/err"
check "testing an unknown account exits 1" "[ $? -eq 1 ] && grep -q 'no account named' '$T/err'"

# An account whose password is not in the keyring: sending pauses the
# campaign with a message saying where to enter it (it used to crash).
cli account add nopw --quiet-hours off --host 127.0.0.1 --port "$PORT" --security starttls --user herald \
  --from a@example.jp --ca "$T/cert.pem" --unsubscribe https://example.jp/u >/dev/null 2>"$T/err"
cli init --demo >/dev/null 2>&1
cli template list >"$T/templates"
cli campaign create nopw-c --template "$(head -1 "$T/templates" | cut -f1)" --list 'Sample customers' \
  --account nopw >/dev/null 2>"$T/err"
cli campaign send nopw-c >"$T/out" 2>"$T/err"
check "no password stored: campaign send exits 3, not a crash" "[ $? -eq 3 ]"
check "… saying where to enter the password" "grep -q 'no password for the account “nopw”' '$T/err'"
bad=0
for i in 1 2 3 4 5 6 7 8 9; do
  timeout -k 2 30 "$CLI" --db "$DB" campaign send nopw-c >/dev/null 2>"$T/err-$i"
  [ $? -eq 3 ] && grep -q 'no password for the account' "$T/err-$i" || bad=$((bad+1))
done
check "… ten times out of ten ($bad of the nine more did not)" "[ $bad -eq 0 ]"
cli campaign status nopw-c >"$T/out" 2>"$T/err"
check "… and every recipient is still queued" "grep -qx 'queued	12' '$T/out' && grep -qx 'failed	0' '$T/out'"

# Provider presets: `account presets` prints one line a preset, and an
# account made from one takes its values, the options beside it overriding.
cli account presets >"$T/presets" 2>"$T/err"
check "account presets exits 0" "[ $? -eq 0 ]"
check "… one line a preset, five tab-separated fields each" \
  "[ \$(wc -l <'$T/presets') -eq 10 ] && [ \$(awk -F'\t' 'NF != 5' '$T/presets' | wc -l) -eq 0 ]"
check "… Gmail's server and limits" "grep -qx 'gmail	smtp.gmail.com	587	starttls	500/day 1 connection' '$T/presets'"
check "… Microsoft 365's published limits" \
  "grep -qx 'microsoft-365	smtp.office365.com	587	starttls	30/min 10000/day 3 connections' '$T/presets'"
check "… and 'other' with nothing filled in" "grep -qx 'other	-	-	-	-' '$T/presets'"

printf '%s' "$PW" | cli account add gm --preset gmail --host 127.0.0.1 --port "$PORT" --user herald \
  --from 'Shop <shop@example.jp>' --password-stdin --ca "$T/cert.pem" >"$T/out" 2>"$T/err"
check "account add --preset gmail (the test server's host and port) exits 0" "[ $? -eq 0 ]"
check "… without a warning: nothing was raised" "! grep -q 'Warning' '$T/err'"
check "… and says Gmail wants an app password" "grep -q 'app password' '$T/err'"
check "… the preset's security and limits, the given host and port" \
  "[ \"\$(sqlite3 '$DB' \"SELECT host, port, security, rate_per_second, rate_per_minute, rate_per_hour, daily_cap, connections FROM accounts WHERE name = 'gm'\")\" = '127.0.0.1|$PORT|starttls||||500|1' ]"
cli template list >"$T/templates"
cli test-send --template "$(head -1 "$T/templates" | cut -f1)" --list 'Sample customers' --row 1 \
  --account gm --to me@example.jp >"$T/out" 2>"$T/err"
check "a test message through the preset's account is sent" "[ $? -eq 0 ]"
check "… and the test server got it" "grep -rqs 'me@example.jp' '$T/mail'"

printf '%s' "$PW" | cli account add gm2 --preset gmail --host 127.0.0.1 --port "$PORT" --user herald \
  --from a@example.jp --password-stdin --ca "$T/cert.pem" --daily 100 --rate 5/min >"$T/out" 2>"$T/err"
check "lowering the preset's limits (and adding one) is quiet" "[ $? -eq 0 ] && ! grep -q 'Warning' '$T/err'"
check "… and the lower limits are kept" \
  "[ \"\$(sqlite3 '$DB' \"SELECT rate_per_minute, daily_cap FROM accounts WHERE name = 'gm2'\")\" = '5|100' ]"
printf '%s' "$PW" | cli account add gm3 --preset gmail --host 127.0.0.1 --port "$PORT" --user herald \
  --from a@example.jp --password-stdin --ca "$T/cert.pem" --daily 1000 --connections 2 >"$T/out" 2>"$T/err"
check "raising the preset's limits is allowed" "[ $? -eq 0 ]"
check "… with a warning on stderr for each" \
  "grep -q '^Warning: 1000 a day is above the limit Gmail publishes (500 a day)' '$T/err' && grep -q '^Warning: 2 connections' '$T/err'"
check "… and the raised limits are kept" \
  "[ \"\$(sqlite3 '$DB' \"SELECT daily_cap, connections FROM accounts WHERE name = 'gm3'\")\" = '1000|2' ]"

cli account add x --preset nosuch --from a@example.jp >"$T/out" 2>"$T/err"
check "an unknown preset is bad usage" "[ $? -eq 2 ]"
check "… listing the presets" "grep -q 'gmail, google-workspace, microsoft-365, outlook-com, xserver, sakura, onamae, lolipop, kagoya, other' '$T/err'"
cli account add x --preset xserver --from a@example.jp >"$T/out" 2>"$T/err"
check "a preset without a server of its own needs --host" "[ $? -eq 2 ] && grep -q 'sv12345.xserver.jp' '$T/err'"

# No keyring: a clear message in time, and no account half-added.
env -u HERALD_KEYRING_MODE "$HERE/keyring-session.sh" absent sh -c '
  printf %s pw | "$0" --db "$1" account add nokeyring --host 127.0.0.1 --port 25 --user u \
    --from a@example.jp --password-stdin
  echo "rc=$?"' "$CLI" "$DB" >"$T/out" 2>"$T/err"
check "without a keyring, account add exits 1" "[ \$(grep -c '^rc=1$' '$T/out') -eq 2 ]"
check "… saying what to do" "[ \$(grep -c 'No keyring is running' '$T/err') -eq 2 ]"
cli account list >"$T/list"
check "… and adds nothing" "! grep -q '^nokeyring	' '$T/list'"

echo "1..$n"
[ $fails -eq 0 ]
