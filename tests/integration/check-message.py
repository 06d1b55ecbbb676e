#!/usr/bin/python3
# check-message.py — parse a message Herald sent with Python's strict
# email parser and compare it with what was meant.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-message.py MESSAGE EXPECTED.json
# EXPECTED keys (all optional): subject, from_name, from_addr, to_name,
# to_addr, message_id, html_file, text_file, list_unsubscribe,
# one_click (true/false), structure (e.g. "multipart/mixed[multipart/
# alternative[text/plain,multipart/related[text/html,image/png]],
# application/pdf]"), attachments ([[filename, bytes file]]), inline
# ([[cid, bytes file]]).
# Prints each failed check and exits 1; exit 0 when all pass.

import email
import email.policy
import json
import sys

failures = []


def check(what, got, want):
    if got != want:
        failures.append('%s: got %r, want %r' % (what, got, want))


def structure(part):
    if part.is_multipart():
        return '%s[%s]' % (part.get_content_type(),
                           ','.join(structure(p) for p in part.iter_parts()))
    return part.get_content_type()


def main():
    raw = open(sys.argv[1], 'rb').read()
    want = json.load(open(sys.argv[2], encoding='utf-8'))

    # The envelope lines a Maildir writer puts in front are not Herald's.
    policy = email.policy.default.clone(raise_on_defect=True)
    msg = email.message_from_bytes(raw, policy=policy)

    # Every header must parse without a defect.
    for name, value in msg.items():
        if getattr(value, 'defects', None):
            failures.append('header %s has defects: %r' % (name, value.defects))
    for part in msg.walk():
        if part.defects:
            failures.append('part %s has defects: %r' % (part.get_content_type(), part.defects))

    # RFC 5322: CRLF line ends, at most 998 characters a line.
    body_start = raw.find(b'\r\n\r\n')
    lines = raw.split(b'\r\n')
    if any(b'\n' in l or b'\r' in l for l in lines):
        failures.append('a bare LF or CR in the message')
    longest = max(len(l) for l in lines)
    if longest > 998:
        failures.append('a line of %d characters (limit 998)' % longest)
    header_lines = raw[:body_start].split(b'\r\n')
    for l in header_lines:
        if any(b > 127 for b in l):
            failures.append('non-ASCII header line: %r' % l[:80])

    if 'subject' in want:
        check('Subject', str(msg['Subject']), want['subject'])
    if 'from_name' in want or 'from_addr' in want:
        a = msg['From'].addresses[0]
        check('From name', a.display_name, want.get('from_name', a.display_name))
        check('From address', a.addr_spec, want.get('from_addr', a.addr_spec))
    if 'to_name' in want or 'to_addr' in want:
        a = msg['To'].addresses[0]
        check('To name', a.display_name, want.get('to_name', a.display_name))
        check('To address', a.addr_spec, want.get('to_addr', a.addr_spec))
    if 'message_id' in want:
        check('Message-ID', str(msg['Message-ID']), want['message_id'])
    if msg['Date'] is None or msg['Date'].datetime is None:
        failures.append('no valid Date')
    check('MIME-Version', str(msg['MIME-Version']), '1.0')
    if 'list_unsubscribe' in want:
        check('List-Unsubscribe', str(msg['List-Unsubscribe']), want['list_unsubscribe'])
    if 'one_click' in want:
        got = msg['List-Unsubscribe-Post']
        check('List-Unsubscribe-Post', str(got) if got is not None else None,
              'List-Unsubscribe=One-Click' if want['one_click'] else None)
    if 'structure' in want:
        check('structure', structure(msg), want['structure'])

    def find(ctype):
        for part in msg.walk():
            if part.get_content_type() == ctype and part.get_content_disposition() != 'attachment':
                return part
        return None

    for key, ctype in (('html_file', 'text/html'), ('text_file', 'text/plain')):
        if key in want:
            part = find(ctype)
            expected = open(want[key], 'rb').read()
            if part is None:
                failures.append('no %s part' % ctype)
                continue
            check(ctype + ' charset', part.get_content_charset(), 'utf-8')
            decoded = part.get_payload(decode=True)
            # MIME's canonical text has CRLF line ends; compare the text.
            check(ctype + ' bytes', decoded.replace(b'\r\n', b'\n'), expected.replace(b'\r\n', b'\n'))
            check(ctype + ' text', part.get_content().replace('\r\n', '\n'),
                  expected.decode('utf-8').replace('\r\n', '\n'))

    for key, disposition in (('attachments', 'attachment'), ('inline', 'inline')):
        for name, path in want.get(key, []):
            expected = open(path, 'rb').read()
            found = None
            for part in msg.walk():
                if part.is_multipart() or part.get_content_disposition() != disposition:
                    continue
                label = part.get_filename() if disposition == 'attachment' else str(part['Content-ID'])
                if label == name:
                    found = part
            if found is None:
                failures.append('no %s part %r' % (disposition, name))
            else:
                check('%s %r bytes' % (disposition, name), found.get_payload(decode=True), expected)

    for f in failures:
        print('check-message: ' + f)
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
