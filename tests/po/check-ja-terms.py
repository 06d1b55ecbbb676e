#!/usr/bin/python3
# check-ja-terms.py — one Japanese word for one thing in po/ja.po.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-ja-terms.py SRCROOT
#
# A list's column and the merge field that takes its value are one thing to a
# user, and Japanese business software (Excel's 項目名, kintone's and
# Salesforce's 差し込み項目) calls it 項目. The Japanese catalogue once used
# フィールド and 項目 side by side, and a shop owner in a user trial could not
# tell whether they were two things. Every msgstr says 項目 (a CSV reader's
# quoted "field" is a 値, a value); msgids are not changed.
#
# Exit status: 0 pass, 1 fail (the offending messages are listed).
# Runs with /usr/bin/python3 and the standard library only.

import os
import re
import sys

# Words that must not stand in a translation, and the one to use instead.
AVOID = {
    'フィールド': '項目',
}


def unquote(token):
    return token[1:-1]


def entries(path):
    """Yield (msgid, msgstr, line) of every entry; continuation lines joined,
    so a word split across two lines is found too."""
    msgid, msgstr, line, field = None, None, 0, None
    with open(path, encoding='utf-8') as f:
        for n, raw in enumerate(f, 1):
            raw = raw.rstrip('\n')
            m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt) (".*")$', raw)
            if m:
                if m.group(1) == 'msgid' and msgid is not None:
                    yield msgid, msgstr or '', line
                    msgstr = None
                field = m.group(1)
                if field == 'msgid':
                    msgid, line = unquote(m.group(2)), n
                elif field.startswith('msgstr'):
                    msgstr = (msgstr or '') + '\0' + unquote(m.group(2))
                continue
            if raw.startswith('"') and field is not None:
                if field == 'msgid':
                    msgid += unquote(raw)
                elif field.startswith('msgstr'):
                    msgstr += unquote(raw)
    if msgid is not None:
        yield msgid, msgstr or '', line


def main():
    if len(sys.argv) != 2:
        print('usage: check-ja-terms.py SRCROOT', file=sys.stderr)
        return 2
    path = os.path.join(sys.argv[1], 'po', 'ja.po')
    bad = []
    for msgid, msgstr, line in entries(path):
        if msgid == '':
            continue  # the header
        for word, instead in AVOID.items():
            if word in msgstr:
                bad.append('po/ja.po:%d: “%s” says %s; use %s' %
                           (line, msgid[:60], word, instead))
    for b in bad:
        print(b)
    if bad:
        print('%d translations use a word the catalogue avoids' % len(bad))
        return 1
    print('ja.po: one word for a list\'s column and a merge field')
    return 0


if __name__ == '__main__':
    sys.exit(main())
