#!/bin/sh
# mailbox-check.sh — `herald-cli mailbox check ACCOUNT` against a real
# Dovecot on loopback (dovecot-server.sh), the account's password in GNOME
# Keyring in a private D-Bus session.
#
# A campaign goes to the sample list through the Outbox; the mailbox then
# holds a bounce of one recipient's message (its Message-ID), an
# unsubscribe request carrying another recipient's token (read from the
# message the Outbox kept), one with a token changed, and the whole
# corpus of tests/data/mail/ (42 real-shaped messages). The check prints
# exactly what happened, suppresses exactly those two addresses, changes
# no contact's data, marks only the matched messages (keyword
# $HeraldRead, none read), deletes no message, and a second check finds
# nothing new. A wrong password is
# refused with the server's reason.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
HERE=$(cd "$(dirname "$0")" && pwd)

if [ -z "${HERALD_KEYRING_MODE:-}" ]; then
  exec "$HERE/keyring-session.sh" present "$0" "$@"
fi

NAME=mailbox-check
CLI=${HERALD_CLI:?}
. "$HERE/tap.sh"
. "$HERE/dovecot-server.sh"
CHECK_SHOW="$T/err"
export HERALD_OUTBOX="$T/outbox"
H () { "$CLI" --db "$T/h.db" "$@"; }
MAIL="$HERE/../data/mail"

H init --demo >/dev/null 2>&1
printf '%s\n' "$IMAP_PW" | H account add shop --quiet-hours off --host 127.0.0.1 --port 2525 --security none --user herald \
  --from 'Shop <info@shop.example.jp>' --password-stdin --unsubscribe mailto:unsubscribe@shop.example.jp \
  --ca "$IMAP_CA" --imap-host 127.0.0.1 --imap-port "$IMAPS_PORT" >/dev/null 2>"$T/err"
check "an account with a mailbox" "[ $? -eq 0 ]"
H campaign create news --template 'Sample newsletter' --list 'Sample customers' --account outbox >/dev/null 2>&1
H campaign send news >/dev/null 2>"$T/err"
check "the campaign went to the Outbox" "[ $? -eq 0 ]"

H report news --format csv >"$T/report.csv"
BOUNCED=$(sed -n 2p "$T/report.csv" | cut -d, -f1)
BOUNCED_ID=$(sed -n 2p "$T/report.csv" | cut -d, -f6 | tr -d '<>')
LEAVING=$(sed -n 3p "$T/report.csv" | cut -d, -f1)
TOKEN=$(grep -l -i "^To:.*$LEAVING" "$T"/outbox/new/* | head -1 | xargs grep -i -m1 '^List-Unsubscribe:' |
        sed -n 's/.*[?&]t=\([A-Za-z0-9_-]*\).*/\1/p')
check "a message id and a token to answer" "[ -n '$BOUNCED_ID' ] && [ -n '$TOKEN' ]"
CHANGED=$(printf %s "$TOKEN" | sed 's/^\(...\)./\1Z/')
[ "$CHANGED" = "$TOKEN" ] && CHANGED=$(printf %s "$TOKEN" | sed 's/^\(...\)./\1Y/')

# The bounce report the mailbox UI tests send too (tests/ui/mailboxtest.py).
sed -e "s|@ADDRESS@|$BOUNCED|g" -e "s|@MESSAGE_ID@|$BOUNCED_ID|" "$HERE/../data/bounce-report.eml.in" >"$T/bounce.eml"
printf 'From: %s\nTo: unsubscribe@shop.example.jp\nSubject: unsubscribe %s\n\n\n' "$LEAVING" "$TOKEN" >"$T/unsub.eml"
printf 'From: x@example.net\nTo: unsubscribe@shop.example.jp\nSubject: unsubscribe %s\n\n\n' "$CHANGED" >"$T/forged.eml"
# The whole corpus too (42 messages; none of its addresses is Herald's:
# its bounces, complaints and requests are left for the user, its five
# auto-replies are counted), except the vacation reply, delivered later.
dovecot_deliver "$T/bounce.eml" "$T/unsub.eml" "$T/forged.eml" \
  $(ls "$MAIL"/*.eml | grep -v auto-reply-vacation)
MESSAGES=$(ls "$IMAP_MAILDIR/new" | wc -l)
H contacts --list 'Sample customers' --format csv >"$T/contacts-before.csv"

H mailbox check shop >"$T/out" 2>"$T/err"
check "mailbox check exits 0" "[ $? -eq 0 ]"
check "… and says what it found" "grep -qx 'bounced 1, unsubscribed 1, auto-replies 4, unmatched 38' '$T/out'"
check "… one record a message read" \
  "[ \"\$(/usr/bin/python3 -c \"import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(DISTINCT uid) FROM mailbox_events').fetchone()[0])\" '$T/h.db')\" = $MESSAGES ]"
H suppression list >"$T/suppressed"
check "the bounced address is suppressed, the message named" \
  "grep -q \"^$BOUNCED,bounced,.*UID\" '$T/suppressed'"
check "the unsubscribed one too" "grep -q \"^$LEAVING,unsubscribed,\" '$T/suppressed'"
check "and nothing else" "[ \$(wc -l <'$T/suppressed') -eq 3 ]"
H campaign report news --format csv >"$T/campaign-report.csv"
check "campaign report counts the bounce (its Message-ID) and the request (by token: the last campaign before it)" \
  "sed -n 2p '$T/campaign-report.csv' | grep -q '^news,done,[0-9]*,[0-9]*,[0-9.]*,0,0.0,1,[0-9.]*,1,[0-9.]*,'"
H contacts --list 'Sample customers' --format csv >"$T/contacts-after.csv"
check "no contact's data changed" "cmp -s '$T/contacts-before.csv' '$T/contacts-after.csv'"
check "no message was deleted" \
  "[ \$(( \$(ls '$IMAP_MAILDIR/new' | wc -l) + \$(ls '$IMAP_MAILDIR/cur' | wc -l) )) -eq $MESSAGES ]"

doveadm -c "$IMAP_DOVECONF" fetch -u herald flags mailbox INBOX >"$T/flags" 2>>"$T/err"
check "the six matched messages got \$HeraldRead, the others nothing; none marked read" \
  "[ \$(grep -c 'HeraldRead' '$T/flags') -eq 6 ] && ! grep -q 'Seen' '$T/flags'"

H mailbox check shop >"$T/out" 2>"$T/err"
check "a second check finds nothing new" "grep -qx 'bounced 0, unsubscribed 0, auto-replies 0, unmatched 0' '$T/out'"

dovecot_deliver "$MAIL/auto-reply-vacation.eml"
H mailbox check shop >"$T/out" 2>"$T/err"
check "a message delivered later is read" "grep -qx 'bounced 0, unsubscribed 0, auto-replies 1, unmatched 0' '$T/out'"

printf 'wrong\n' | H account password shop >/dev/null 2>&1
H mailbox check shop >"$T/out" 2>"$T/err"
check "a wrong password: exit 1, the server's refusal said" "[ $? -eq 1 ] && grep -qi 'password' '$T/err'"
H account add plain --host 127.0.0.1 --port 2525 --security none --from 'Shop <info@shop.example.jp>' \
  >/dev/null 2>&1
H mailbox check plain >"$T/out" 2>"$T/err"
check "an account without a mailbox: exit 1, saying so" "[ $? -eq 1 ] && grep -q 'no mailbox' '$T/err'"

echo "1..$n"
[ $fails -eq 0 ]
