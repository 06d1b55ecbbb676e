#!/usr/bin/python3
# compare-test-send.py — checks that a test message is the message a
# contact would get (as `herald-cli preview` writes it), addressed to the
# test address instead.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: compare-test-send.py PREVIEW RECEIVED TO RECIPIENT
# Prints each failed check and exits 1; exit 0 when all pass.

import email
import email.policy
import sys

failures = []


def check(what, got, want):
    if got != want:
        failures.append('%s: got %.300r, want %.300r' % (what, got, want))


def parts(msg):
    found = {}
    for part in msg.walk():
        if part.get_content_maintype() == 'text':
            found[part.get_content_type()] = part.get_content()
    return found


def main():
    preview_path, received_path, to, recipient = sys.argv[1:5]
    policy = email.policy.default.clone(raise_on_defect=True)
    preview = email.message_from_bytes(open(preview_path, 'rb').read(), policy=policy)
    received = email.message_from_bytes(open(received_path, 'rb').read(), policy=policy)

    check('To of the preview', preview['To'].addresses[0].addr_spec, recipient)
    check('To', [a.addr_spec for a in received['To'].addresses], [to])
    check('X-Herald-Test', str(received['X-Herald-Test']), recipient)
    check('Subject', str(received['Subject']), str(preview['Subject']))
    check('From', str(received['From']), str(preview['From']))
    check('Reply-To', str(received.get('Reply-To')), str(preview.get('Reply-To')))
    check('List-Unsubscribe', received.get('List-Unsubscribe'), None)
    check('List-Unsubscribe-Post', received.get('List-Unsubscribe-Post'), None)
    check('Message-ID differs from the preview\'s', received['Message-ID'] != preview['Message-ID'], True)
    check('structure', received.get_content_type(), preview.get_content_type())
    got, want = parts(received), parts(preview)
    check('text parts', sorted(got), sorted(want))
    for kind in want:
        if kind in got:
            check(kind, got[kind], want[kind])
    for f in failures:
        print('compare-test-send: ' + f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
