#!/bin/sh
# with-dovecot.sh — run one UI test (through run-ui-test.sh) with a real
# Dovecot of its own on loopback (tests/integration/dovecot-server.sh,
# stopped at exit). The test reads IMAP_PORT, IMAPS_PORT, IMAP_PW,
# IMAP_CA, IMAP_MAILDIR, MAIL_UID and MAIL_GID from its environment.
#
# usage: with-dovecot.sh TEST.py
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
NAME=ui-mailbox
. "$HERE/../integration/tap.sh"
. "$HERE/../integration/dovecot-server.sh"
export MAIL_UID MAIL_GID
"$HERE/run-ui-test.sh" "$@"
rc=$?
[ $rc -ne 0 ] && sed 's/^/# dovecot: /' "$T/dovecot.log" 2>/dev/null | tail -20
exit $rc
