#!/bin/sh
# imap-dovecot.sh — run test-imap against a Dovecot of our own
# (dovecot-server.sh) that holds a few messages of the reply corpus.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: imap-dovecot.sh MODE PROGRAM (MODE is unused: "dovecot")
# Exit status: the program's; 77 (skipped) without Dovecot or openssl.
set -u
PROGRAM=$2
HERE=$(cd "$(dirname "$0")" && pwd)
NAME=imap
. "$HERE/tap.sh"
. "$HERE/dovecot-server.sh"

# Seven messages: English and Japanese bounces, an ARF report, an
# ISO-2022-JP auto-reply, a Japanese DSN, one whose last line has no line
# end, and one with bare LF line ends (the corpus has CRLF; Dovecot sends
# CRLF).
MAIL="$HERE/../data/mail"
tr -d '\r' <"$MAIL/exim-failed.eml" >"$T/exim-failed-lf.eml"
set -- "$MAIL/postfix-user-unknown.eml" "$MAIL/docomo-unknown-user.eml" "$MAIL/arf-complaint.eml" \
  "$MAIL/auto-reply-ja-fuzai.eml" "$MAIL/host-ja-dsn.eml" "$MAIL/not-a-message.eml" "$T/exim-failed-lf.eml"
dovecot_deliver "$@"
check "seven messages delivered" "[ \$(ls '$IMAP_MAILDIR/new' | wc -l) -eq 7 ]"

"$PROGRAM" "$@"
status=$?
[ $status -eq 0 ] || sed 's/^/# dovecot: /' "$T/dovecot.log" | tail -40
[ $fails -eq 0 ] && exit $status
exit 1
